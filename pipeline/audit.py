"""Audit stage: the plans of a run -> `Finding` rows, each with evidence on both sides.

Reference: a plan's parent is the document its `parent_key` names when that document is in the
run; otherwise the national programme, through the catalog's national targets
(rules/indicator_catalog.yaml). Every comparison finding says which reference it used and why.

Comparison, per catalog code and year: values are brought to one scale (`%` and `‰` and
`x/100.000` are all shares; `13/13 xã` is 100%; a zero count is a zero share); a plan year the
reference has no target for is compared with the reference's next target year (else its last),
and the finding says so. Direction comes from the catalog: for a rate to be reduced a higher
ceiling is weaker, for a share to be raised a lower floor is.

Kinds: impossible_value, weaker_than_parent, stricter_than_parent, missing_indicator,
missing_value, unassigned_indicator, conflicting_targets, citation_mismatch, deadline_order.
Findings come sorted (plan, kind, line, code): the same corpus gives the same list.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import catalog, citations
from .link import key_of
from .records import Finding, Indicator

RATE_SCALE = {"%": 100.0, "per_1000": 1000.0, "per_10000": 10000.0, "per_100000": 100000.0}
UNIT_TEXT = {"%": "%", "per_1000": " per 1,000", "per_10000": " per 10,000", "per_100000": " per 100,000",
             "count": ""}
KIND_ORDER = ["impossible_value", "weaker_than_parent", "conflicting_targets", "missing_value", "missing_indicator",
              "unassigned_indicator", "citation_mismatch", "deadline_order", "stricter_than_parent"]
DOWN_COMPARATORS = {"<", "<=", "=", "~"}
UP_COMPARATORS = {">", ">=", "=", "~"}


@dataclass
class RefTarget:
    comparator: str | None
    value: float | None
    unit: str | None
    of_total: int | None
    line: int | None
    text: str | None
    doc_id: str | None


def share(value: float | None, unit: str | None, of_total: int | None = None) -> float | None:
    """A target's value as a share (0..1); None when it is a plain count."""
    if value is None or unit is None:
        return None
    if unit in RATE_SCALE:
        return value / RATE_SCALE[unit]
    if unit == "count" and of_total:
        return value / of_total
    if unit == "count" and value == 0:
        return 0.0
    return None


def show(comparator: str | None, value: float | None, unit: str | None, of_total: int | None = None) -> str:
    if value is None:
        return "(no number)"
    v = f"{value:g}"
    if unit == "count" and of_total:
        v = f"{v}/{of_total}"
    return f"{comparator or ''} {v}{UNIT_TEXT.get(unit or '', '')}".strip()


def _catalog_reference(texts: dict[tuple[str, int], str]) -> dict[str, dict]:
    data = catalog.entries()
    source = catalog.source()
    ref: dict[str, dict] = {}
    for e in data:
        for year, t in (e.get("national") or {}).items():
            y = None if year == "any" else int(year)
            ref.setdefault(e["code"], {})[y] = RefTarget(t["comparator"], t["value"], t["unit"], None, t["line"],
                                                          texts.get((source, t["line"])), source)
    return ref


def _document_reference(parent) -> dict[str, dict]:
    ref: dict[str, dict] = {}
    for t in parent.indicators:
        if t.code and t.value is not None:
            ref.setdefault(t.code, {}).setdefault(t.target_year, RefTarget(
                t.comparator, t.value, t.unit, t.of_total, t.line, t.text, t.doc_id))
    return ref


def _pick_year(ref_years: dict, year: int | None) -> tuple[object, str]:
    """The reference year to compare a plan year with, and a note when it is not the same year."""
    if year in ref_years:
        return year, ""
    years = sorted(y for y in ref_years if y is not None)
    if year is None:
        return (None, "") if None in ref_years else (None, "no year")
    later = [y for y in years if y > year]
    if later:
        return later[0], f"; the reference has no {year} target, so its next target year {later[0]} is used"
    if years:
        return years[-1], f"; the reference has no {year} target, so its last target year {years[-1]} is used"
    if None in ref_years:
        return None, "; the reference target has no year"
    return None, "no year"


def _direction(code: str) -> str | None:
    for e in catalog.entries():
        if e["code"] == code:
            return e.get("direction")
    return None


def _compare(plan_id: str, t: Indicator, ref: dict, reference_note: str) -> Finding | None:
    if not t.code or t.value is None or t.code not in ref:
        return None
    ref_year, note = _pick_year(ref[t.code], t.target_year)
    if note == "no year":
        return None
    r = ref[t.code][ref_year]
    direction = _direction(t.code)
    if t.unit == "count" and not t.of_total and t.value == 0 and (direction != "down" or r.unit == "count"):
        return None  # `no case of …` is a zero share only of a rate to be reduced
    p, q = share(t.value, t.unit, t.of_total), share(r.value, r.unit, r.of_total)
    if p is None or q is None or direction is None:
        if t.unit == r.unit == "count":
            p, q = t.value, r.value
        else:
            return None
    comparators = DOWN_COMPARATORS if direction == "down" else UP_COMPARATORS
    if t.comparator not in comparators or r.comparator not in comparators:
        return None
    if abs(p - q) < 1e-12:
        return None
    weaker = p > q if direction == "down" else p < q
    what = "a higher ceiling" if direction == "down" else "a lower floor"
    if not weaker:
        what = "a lower ceiling" if direction == "down" else "a higher floor"
    converted = ""
    if t.unit != r.unit and r.unit in RATE_SCALE and p is not None:
        converted = f" (= {p * RATE_SCALE[r.unit]:g}{UNIT_TEXT[r.unit]})"
    detail = (f"{t.code}: the plan sets {show(t.comparator, t.value, t.unit, t.of_total)}{converted} for "
              f"{t.target_year or 'no year'}, "
              f"the reference {show(r.comparator, r.value, r.unit, r.of_total)} for {ref_year or 'no year'}"
              f" — {what} than the reference{note}")
    return Finding(doc_id=plan_id, kind="weaker_than_parent" if weaker else "stricter_than_parent",
                   severity="warning" if weaker else "info", code=t.code, detail=detail, line=t.line,
                   other_doc_id=r.doc_id, other_line=r.line, reference=reference_note, text=t.text,
                   other_text=r.text, year=t.target_year, other_year=ref_year)


def _impossible(t: Indicator) -> Finding | None:
    if t.value is None or t.unit is None:
        return None
    why = None
    if t.value < 0:
        why = "a negative value"
    elif t.unit in RATE_SCALE and t.comparator == "<" and t.value <= 0:
        why = f"a rate below {t.value:g} cannot be reached"
    elif t.unit == "%" and (t.value > 100 or (t.comparator == ">" and t.value >= 100)):
        why = "a share above 100%"
    if not why:
        return None
    return Finding(doc_id=t.doc_id, kind="impossible_value", severity="error", code=t.code,
                   detail=f"{show(t.comparator, t.value, t.unit)} ({t.metric}): {why}", line=t.line, text=t.text,
                   year=t.target_year)


def _restates_programme(result) -> bool:
    coded = {t.code for t in result.indicators if t.code}
    return any(t.indicator_no for t in result.indicators) or len(coded) >= 3


def plan_findings(result, by_number: dict, texts: dict, national_id: str | None) -> list[Finding]:
    doc = result.document
    out: list[Finding] = []
    for t in result.indicators:
        f = _impossible(t)
        if f:
            out.append(f)
        if t.indicator_no is not None and t.value is None:
            out.append(Finding(doc_id=doc.doc_id, kind="missing_value", severity="warning", code=t.code,
                               detail=f"Chỉ tiêu {t.indicator_no} ({t.metric}) has no number", line=t.line,
                               text=t.text, year=t.target_year))
    # reference and comparisons
    parent = by_number.get(key_of(doc.parent_key)) if doc.parent_key else None
    if parent is not None and parent.document.doc_id != doc.doc_id:
        ref = _document_reference(parent)
        note = f"parent {doc.parent_key} is in the corpus ({parent.document.doc_id})"
    elif doc.doc_id != national_id and any(t.code for t in result.indicators):
        ref = _catalog_reference(texts)
        why = f"parent {doc.parent_key} is not in the corpus" if doc.parent_key else "the plan names no parent plan"
        note = f"{why}: national programme {catalog.source()} through the indicator catalog"
    else:
        ref, note = {}, None
    if ref:
        for t in result.indicators:
            f = _compare(doc.doc_id, t, ref, note)
            if f:
                out.append(f)
        if _restates_programme(result):
            present = {t.code for t in result.indicators if t.code}
            names = {e["code"]: e["name"] for e in catalog.entries()}
            for code in sorted(set(ref) - present):
                first = min(ref[code].values(), key=lambda r: r.line or 0)
                numbered = any(t.indicator_no for t in result.indicators)
                out.append(Finding(doc_id=doc.doc_id, kind="missing_indicator", severity="warning" if numbered else "info",
                                   code=code,
                                   detail=f"{code} ({names.get(code, '')}) has a target in the reference but none in "
                                          f"the plan", line=None, other_doc_id=first.doc_id, other_line=first.line,
                                   reference=note, other_text=first.text))
    # conflicting targets: same code and year, different thresholds
    groups: dict[tuple[str, int | None], list[Indicator]] = {}
    for t in result.indicators:
        if t.code and t.value is not None:
            groups.setdefault((t.code, t.target_year), []).append(t)
    for (code, year), ts in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        distinct = {(t.comparator, t.value, t.unit) for t in ts}
        if len(distinct) > 1 and len({t.metric for t in ts}) == 1:
            out.append(Finding(doc_id=doc.doc_id, kind="conflicting_targets", severity="warning", code=code,
                               detail=f"{code} {year}: " + " vs ".join(show(*k) for k in sorted(distinct, key=str)),
                               line=ts[0].line, other_doc_id=doc.doc_id, other_line=ts[1].line, text=ts[0].text,
                               other_text=ts[1].text, year=year))
    # unassigned indicators
    assigned = {int(n) for a in result.agencies if a.indicator_nos for n in a.indicator_nos.split(";")}
    if assigned:
        seen: set[int] = set()
        for t in result.indicators:
            if t.indicator_no is not None and t.indicator_no not in assigned and t.indicator_no not in seen:
                seen.add(t.indicator_no)
                out.append(Finding(doc_id=doc.doc_id, kind="unassigned_indicator", severity="warning", code=t.code,
                                   detail=f"Chỉ tiêu {t.indicator_no} is assigned to no agency", line=t.line,
                                   text=t.text))
    out.extend(_citation_findings(result))
    out.extend(_deadline_findings(result, parent))
    return out


def _citation_findings(result) -> list[Finding]:
    out = []
    for c in result.citations:
        if c.doc_type == "luat" or not c.symbol:
            continue
        problem, severity = None, "warning"
        abbr = c.symbol.replace("/", "-").split("-")[0]
        by_symbol = citations.type_from_abbreviation(abbr)
        if c.key_note and c.key_note.startswith("repaired"):
            problem, severity = f"number written wrong, {c.key_note}", "info"
        elif c.key_note:
            problem = f"{c.key_note} in {c.key}"
        elif by_symbol and c.doc_type and by_symbol != c.doc_type:
            problem = f"called {c.doc_type} but its number {c.key} is a {by_symbol}"
        if problem:
            out.append(Finding(doc_id=c.doc_id, kind="citation_mismatch", severity=severity, code=None,
                               detail=problem, line=c.line, text=c.raw))
    return out


def _deadline_findings(result, parent) -> list[Finding]:
    out = []
    dated = [d for d in result.deadlines if d.kind == "report" and d.date]
    consolidations = [d for d in dated if "tổng hợp" in (d.text or "").lower() and d.responsible]
    for c in consolidations:
        for d in dated:
            if d is c or d.responsible == c.responsible or d.date[:4] != c.date[:4]:
                continue
            if d.date > c.date:
                out.append(Finding(doc_id=result.document.doc_id, kind="deadline_order", severity="warning", code=None,
                                   detail=f"a report due {d.date} arrives after {c.responsible} must consolidate "
                                          f"by {c.date}", line=d.line, other_doc_id=result.document.doc_id,
                                   other_line=c.line, text=d.text, other_text=c.text))
    if parent is not None:
        mine = {d.subject: d for d in result.deadlines if d.kind == "report" and d.month_day}
        for p in parent.deadlines:
            d = mine.get(p.subject)
            if p.kind == "report" and p.month_day and d and d.month_day > p.month_day:
                out.append(Finding(doc_id=result.document.doc_id, kind="deadline_order", severity="warning", code=None,
                                   detail=f"{d.subject} due {d.month_day} each year, after the parent plan's own "
                                          f"{p.subject} ({p.month_day})", line=d.line,
                                   other_doc_id=parent.document.doc_id, other_line=p.line, text=d.text,
                                   other_text=p.text))
    return out


def audit(results: list) -> list[Finding]:
    """Findings for every plan of a run, in a stable order."""
    results = [r for r in results if hasattr(r, "indicators")]
    by_number = {}
    for r in results:
        k = key_of(r.document.number)
        if k:
            by_number.setdefault(k, r)
    texts = {(t.doc_id, t.line): t.text for r in results for t in r.indicators}
    national_id = catalog.source()
    findings: list[Finding] = []
    for r in results:
        findings.extend(plan_findings(r, by_number, texts, national_id))
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    findings.sort(key=lambda f: (f.doc_id, order.get(f.kind, 99), f.line or 0, f.code or "", f.year or 0, f.detail))
    return findings

"""Audit stage: the plans of a run -> `Finding` rows, each with evidence on both sides.

References of a plan, each named in its findings with why it was used:
- every document of the run the plan implements: its `parent_key`, each `implements` citation that
  resolves, a document its title names (`Chương trình hành động thực hiện Nghị quyết số …`);
- a document the user names (`plans audit PLANS --against REFERENCE`);
- the indicator catalog (rules/indicator_catalog.yaml) with the national targets and sentences it
  ships, for a plan of the catalog's domain (rules/domains.yaml), for the targets no reference
  document measures. A plan of another domain is never compared with it.

Pairing: two targets measure the same thing when their catalog codes agree (plans of the catalog's
domain) or their metrics are alike (`catalog.similarity` over folded words, synonyms and
abbreviations from rules/metric_words.yaml, numbers inside the metric and opposite groups must
agree), their units can be put on one scale (`%`, `‰`, `x/100.000` and `13/13 xã` are shares; a
growth rate or a ratio to a budget only with its kind; `ha` with `ha`; counts of the same noun) and
their years meet (a plan year the reference has no target for is compared with the reference's
next target year, else its last, and the finding says so). Every comparison finding gives the
pair's similarity (`score`). Direction: the catalog's, else the comparators' (a floor `>=` is to be
raised, a ceiling `<=` lowered), else the words (`giảm`).

Kinds: impossible_value, weaker_than_parent, stricter_than_parent, missing_indicator (one per plan
and reference), missing_value, unassigned_indicator, conflicting_targets (one plan's two thresholds
for one quantity and year, in two sections), citation_mismatch, deadline_order.
Findings come sorted (plan, kind, line, code): the same corpus gives the same list.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from . import catalog, citations, rules
from .catalog import Measure, measure, similarity
from .link import key_of
from .normalize import strip_diacritics, rx
from .records import Finding, Indicator

RATE_SCALE = {"%": 100.0, "per_1000": 1000.0, "per_10000": 10000.0, "per_100000": 100000.0}
UNIT_TEXT = {"%": "%", "per_1000": " per 1,000", "per_10000": " per 10,000", "per_100000": " per 100,000",
             "count": "", "VND": " VND", "USD": " USD", "ha": " ha", "km": " km", "m2": " m2", "tonne": " tonnes",
             "tCO2e": " tCO2e", "MW": " MW", "ratio": ""}
KIND_ORDER = ["impossible_value", "weaker_than_parent", "conflicting_targets", "missing_value", "missing_indicator",
              "unassigned_indicator", "citation_mismatch", "deadline_order", "stricter_than_parent"]
FLOOR, CEILING = {">", ">="}, {"<", "<="}
PAIR_MIN = 0.6  # similarity from which two metrics of two documents are taken for one quantity
PAIR_MARGIN = 0.05  # … when no other quantity of the reference comes this close
SELF_MIN = 0.8  # similarity from which two targets of one plan are taken for one quantity
SELF_GROUP_MAX = 400  # beyond this many targets of one year and kind, only identical metrics are paired


@dataclass
class Item:
    """A target ready to be compared: its threshold on one scale, what it measures, which way."""

    doc_id: str | None
    line: int | None
    text: str | None
    section_id: str | None
    metric: str
    comparator: str | None
    value: float
    value_max: float | None
    unit: str | None
    of_total: int | None
    year: int | None
    code: str | None
    measure: Measure
    scale: str  # what it can be compared with: share, growth, relative, count:<noun>, ha, VND, ratio:<unit> …
    number: float  # the threshold on that scale (a share as 0..1)
    number_max: float | None
    words_direction: str | None  # from the words (`giảm …`), when the comparators do not tell
    direction: str | None = None  # fixed by the catalog
    indicator: Indicator | None = None
    ceiling_words: bool = False  # `không quá`, `tối đa`, `dưới` written before the number


@dataclass
class Reference:
    doc_id: str | None
    name: str  # issuer and number: `UBND tỉnh Hà Tĩnh 159/KH-UBND`
    why: str  # written in every finding that uses it
    items: list[Item]
    is_catalog: bool = False
    result: object = None  # the reference's extraction, when it is a document of the run
    by_key: dict = field(default_factory=dict)


# --- values ----------------------------------------------------------------------------------------

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


def show(comparator: str | None, value: float | None, unit: str | None, of_total: int | None = None,
         value_max: float | None = None) -> str:
    if value is None:
        return "(no number)"
    v = f"{value:g}"
    if value_max is not None:
        v = f"{v}-{value_max:g}"
    if unit == "count" and of_total:
        v = f"{v}/{of_total}"
    return f"{comparator or ''} {v}{UNIT_TEXT.get(unit or '', '')}".strip()


def name_of(document) -> str:
    """A document as people name it: issuer and number (`UBND huyện Hương Khê 80/KH-UBND`)."""
    parts = [p for p in (document.issuer, document.number) if p]
    return " ".join(parts) if parts else document.doc_id


def _after(t: Indicator) -> str:
    """The words right after a target's metric in its sentence (`… bằng 160% dự toán`)."""
    text, metric = t.text or "", (t.metric or "").strip()
    probe = metric[-24:]
    at = text.find(probe) if probe else -1
    if at < 0:
        return ""
    rest = text[at + len(probe):at + len(probe) + 90]
    return rx.split(r"[;.]\s", rest, maxsplit=1)[0]


_PER_YEAR_RE = regex.compile(r"/\s*năm|(?:hằng|hàng|mỗi)\s+năm|bình\s+quân", regex.IGNORECASE)
_CEILING_WORDS_RE = regex.compile(r"^\W*(?:\S+\s+){0,3}?(?:không\s+(?:vượt\s+)?quá|tối\s+đa|dưới|thấp\s+hơn)\s+[\d,.]+",
                               regex.IGNORECASE)


def _noun(unit_text: str | None) -> str:
    return strip_diacritics((unit_text or "").lower()).strip()


def item_of(t: Indicator, use_code: bool) -> Item | None:
    """An extracted target as an `Item`, or None when it has no number to compare."""
    if t.value is None or t.unit is None:
        return None
    kind = catalog.quantity_kind(t.metric, t.unit, t.unit_text, _after(t))
    after = _after(t)
    words_direction = catalog.direction_words(f"{t.metric} {after}")
    number, number_max = t.value, t.value_max
    if kind in ("growth", "relative") and t.unit == "%":
        scale = kind
    elif t.unit in RATE_SCALE or (t.unit == "count" and t.of_total):
        scale = "share"
        number = share(t.value, t.unit, t.of_total)
        number_max = share(t.value_max, t.unit, t.of_total) if t.value_max is not None else None
    elif t.unit == "count" and t.value == 0 and not t.unit_text:
        scale, number = "zero", 0.0  # `không có tình trạng …`: a zero share of a quantity to be reduced
    elif t.unit == "count":
        scale = "count:" + _noun(t.unit_text)
    elif t.unit == "ratio":
        scale = "ratio:" + _noun(t.unit_text)
    else:
        scale = t.unit
    if scale not in ("share", "growth", "relative", "zero") and _PER_YEAR_RE.search(
            f"{t.unit_text or ''} {t.metric} {after}"):
        scale += "/year"  # `8.000 tỷ đồng/năm` is not a period's total
    return Item(doc_id=t.doc_id, line=t.line, text=t.text, section_id=t.section_id, metric=t.metric,
                comparator=t.comparator, value=t.value, value_max=t.value_max, unit=t.unit, of_total=t.of_total,
                year=t.target_year, code=t.code if use_code else None, measure=measure(t.metric), scale=scale,
                number=number, number_max=number_max, words_direction=words_direction, indicator=t,
                ceiling_words=bool(_CEILING_WORDS_RE.search(after)))


def _scales_meet(a: str, b: str) -> bool:
    if a == b:
        return True
    if {a, b} == {"share", "zero"}:
        return True
    if a.startswith("count:") and b.startswith("count:"):
        return a == "count:" or b == "count:"
    return False


# --- impossible values -----------------------------------------------------------------------------

def _impossible_why(t: Indicator) -> str | None:
    if t.value is None or t.unit not in RATE_SCALE:
        return None
    kind = catalog.quantity_kind(t.metric, t.unit, t.unit_text, _after(t))
    if kind in ("growth", "relative"):
        return None  # a growth rate may be negative, a ratio to a budget may pass 100%
    if t.value < 0:
        return "a negative share or rate"
    if t.comparator == "<" and t.value <= 0:
        return f"a rate below {t.value:g} cannot be reached (a zero target is written `= 0`)"
    top = t.value_max if t.value_max is not None else t.value
    if t.unit == "%" and kind == "share" or (t.unit == "%" and t.code):
        if top > 100 or (t.comparator == ">" and t.value >= 100):
            return "a share of a whole above 100%"
    return None


def _impossible(t: Indicator) -> Finding | None:
    why = _impossible_why(t)
    if not why:
        return None
    return Finding(doc_id=t.doc_id, kind="impossible_value", severity="error", code=t.code,
                   detail=f"{show(t.comparator, t.value, t.unit, value_max=t.value_max)} ({t.metric}): {why}",
                   line=t.line, text=t.text, year=t.target_year)


# --- references ------------------------------------------------------------------------------------

def _document_reference(result, why: str, use_code: bool) -> Reference:
    items = []
    for t in result.indicators:
        if _impossible_why(t):
            continue
        it = item_of(t, use_code)
        if it:
            items.append(it)
    return Reference(doc_id=result.document.doc_id, name=name_of(result.document), why=why, items=items,
                     result=result)


@rules.cached
def _catalog_items() -> tuple[Item, ...]:
    source = catalog.source()
    items = []
    for e in catalog.entries():
        for year, t in (e.get("national") or {}).items():
            scale = _catalog_scale(e, t)
            top = t.get("value_max")
            if scale == "share":
                number, number_max = share(t["value"], t["unit"]), share(top, t["unit"]) if top is not None else None
            else:
                number, number_max = t["value"], top
            items.append(Item(doc_id=source, line=t.get("line"), text=t.get("text"), section_id=None,
                              metric=e["name"], comparator=t["comparator"], value=t["value"], value_max=top,
                              unit=t["unit"], of_total=None, year=None if year == "any" else int(year),
                              code=e["code"], measure=measure(e["name"]), scale=scale, number=number,
                              number_max=number_max, words_direction=e.get("direction"),
                              direction=e.get("direction")))
    return tuple(items)


def _catalog_scale(entry: dict, t: dict) -> str:
    kind = catalog.quantity_kind(entry["name"], t["unit"])
    if kind in ("growth", "relative"):
        return kind
    return "share" if t["unit"] in RATE_SCALE else ("count:" if t["unit"] == "count" else t["unit"])


def _catalog_reference(texts: dict, why: str) -> Reference:
    items = []
    for it in _catalog_items():
        quote = texts.get((it.doc_id, it.line)) or it.text
        items.append(Item(**{**it.__dict__, "text": quote}))
    number = catalog.source_number() or catalog.source() or "the national programme"
    return Reference(doc_id=catalog.source(), name=f"national programme {number}", why=why, items=items,
                     is_catalog=True)


def _implemented(result, by_number: dict, by_id: dict) -> list[tuple[object, str]]:
    """The documents of the run `result` implements, each with why."""
    doc = result.document
    found: dict[str, tuple[object, str]] = {}
    if doc.parent_key:
        parent = by_number.get(key_of(doc.parent_key))
        if parent is not None and parent.document.doc_id != doc.doc_id:
            found[parent.document.doc_id] = (parent, f"parent {doc.parent_key} is in the run")
    title_key = key_of(doc.title or "")
    beside = _named_beside_implemented(result)
    for c in result.citations:
        target = (by_id.get(c.resolved_doc_id) or by_number.get(key_of(c.key))) if c.resolved_doc_id else None
        if target is None or target.document.doc_id in found or target.document.doc_id == doc.doc_id:
            continue
        if c.relation == "implements":
            found[target.document.doc_id] = (target, f"the plan implements {c.key}, which is in the run")
        elif id(c) in beside:
            found[target.document.doc_id] = (target, f"the plan implements {c.key} (named in its `Thực hiện` "
                                                     f"sentence), which is in the run")
        elif title_key and key_of(c.key) and key_of(c.key) in title_key:
            found[target.document.doc_id] = (target, f"the plan's title names {c.key}, which is in the run")
    return list(found.values())


def _named_beside_implemented(result) -> set[int]:
    """Citations named in the same sentence as an implemented one (`Thực hiện Nghị quyết số
    57-NQ/TW … và Nghị quyết số 03/NQ-CP …`): ids of those citations."""
    implements = [c for c in result.citations if c.relation == "implements"]
    others = [c for c in result.citations if c.relation == "reference" and c.resolved_doc_id]
    if not implements or not others:
        return set()
    passages = sorted((p[1], p[3]) for p in getattr(result, "passages", None) or [] if p[1] is not None)
    out: set[int] = set()
    for c in implements:
        sentence = None
        for line, text in reversed(passages):
            if line <= c.line and c.raw in text:
                at = text.index(c.raw)
                start = text.rfind(". ", 0, at) + 1
                end = text.find(". ", at)
                sentence = text[start:end if end >= 0 else len(text)]
                break
        for o in others:
            if sentence is not None:
                if o.raw in sentence and o.line >= c.line:
                    out.add(id(o))
            elif o.line == c.line:
                out.add(id(o))
    return out


def _is_catalog_source(doc) -> bool:
    return doc.doc_id == catalog.source() or (bool(doc.number) and key_of(doc.number) == key_of(catalog.source_number()))


# --- pairing and comparing ---------------------------------------------------------------------------

def _side(comparator: str | None) -> str | None:
    return "floor" if comparator in FLOOR else "ceiling" if comparator in CEILING else None


def _direction(p: Item, r: Item) -> str | None:
    if p.scale in ("growth", "relative"):
        # an amount of change (`tăng bình quân 12%/năm`, `giảm 8% … so với kịch bản`, `mức giảm … 2%
        # hằng năm`): more change in the stated direction is stricter, unless both cap it (`tăng dân
        # số không quá 1%/năm`)
        if p.ceiling_words and r.ceiling_words:
            return "down"
        return None if p.ceiling_words or r.ceiling_words else "up"
    if r.direction:
        direction = r.direction
        wrong = CEILING if direction == "up" else FLOOR
        return None if p.comparator in wrong or r.comparator in wrong else direction
    sides = {s for s in (_side(p.comparator), _side(r.comparator)) if s}
    if len(sides) == 2:
        return None  # a floor against a ceiling: not the same kind of target
    if sides:
        return "up" if sides == {"floor"} else "down"
    return p.words_direction or r.words_direction


def _effective(it: Item, direction: str) -> float:
    if direction == "down" and it.number_max is not None:
        return it.number_max
    return it.number


def _pair(p: Item, ref: Reference) -> tuple[list[Item], float] | None:
    """The reference targets that measure what `p` measures (all years), and the similarity."""
    if p.code:
        same = [r for r in ref.items if r.code == p.code and _scales_meet(p.scale, r.scale)]
        if same:
            return same, max(similarity(p.measure, r.measure) for r in same)
    by_key: dict[str, tuple[float, list[Item]]] = {}
    for r in ref.items:
        if not _scales_meet(p.scale, r.scale) or (p.code and r.code and p.code != r.code):
            continue
        entry = by_key.get(r.measure.key)
        if entry is None:
            entry = by_key[r.measure.key] = (similarity(p.measure, r.measure), [])
        entry[1].append(r)
    if not by_key:
        return None
    ranked = sorted(by_key.values(), key=lambda e: -e[0])
    best_score, best = ranked[0]
    if best_score < PAIR_MIN:
        return None
    if len(ranked) > 1 and ranked[1][0] > best_score - PAIR_MARGIN:
        return None  # two quantities of the reference fit as well: no guess
    return best, best_score


def _pick_year(years: list, year: int | None) -> tuple[object, str]:
    """The reference year to compare a plan year with, and a note when it is not the same year."""
    if year in years:
        return year, ""
    known = sorted(y for y in years if y is not None)
    if year is None:
        return "skip", ""
    later = [y for y in known if y > year]
    if later:
        return later[0], f"; the reference has no {year} target, so its next target year {later[0]} is used"
    if known:
        return known[-1], f"; the reference has no {year} target, so its last target year {known[-1]} is used"
    if None in years:
        return None, "; the reference target has no year"
    return "skip", ""


def _label(p: Item) -> str:
    if p.code:
        return p.code
    metric = " ".join(p.metric.split())
    return metric if len(metric) <= 70 else metric[:67] + "…"


@dataclass
class Judgement:
    verdict: str  # weaker, stricter, equal
    other: Item
    year: object
    note: str
    direction: str | None


def _judge(p: Item, group: list[Item]) -> Judgement | None:
    """The plan target against the reference's targets for the same quantity, at the year that meets
    it; None when there is no verdict (no year, a floor against a ceiling, between two of the
    reference's thresholds)."""
    ref_year, note = _pick_year([r.year for r in group], p.year)
    if ref_year == "skip":
        return None
    same_year = sorted((r for r in group if r.year == ref_year), key=lambda r: (r.line or 0, r.value))
    verdicts = []
    for r in same_year:
        direction = _direction(p, r)
        if direction is None:
            return None
        a, b = _effective(p, direction), _effective(r, direction)
        if abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
            return Judgement("equal", r, ref_year, note, direction)  # the same threshold as one of the reference's
        verdicts.append((a > b if direction == "down" else a < b, direction, r))
    if not verdicts or len({v for v, _, _ in verdicts}) > 1:
        return None
    weaker, direction, r = verdicts[0]
    return Judgement("weaker" if weaker else "stricter", r, ref_year, note, direction)


def _compare(p: Item, j: Judgement, score: float, ref: Reference) -> Finding | None:
    if j.verdict == "equal":
        return None
    r, weaker, direction = j.other, j.verdict == "weaker", j.direction
    what = ("a higher ceiling" if weaker else "a lower ceiling") if direction == "down" else \
        ("a lower floor" if weaker else "a higher floor")
    converted = ""
    if p.unit != r.unit and r.unit in RATE_SCALE and p.scale == "share":
        converted = f" (= {_effective(p, direction) * RATE_SCALE[r.unit]:g}{UNIT_TEXT[r.unit]})"
    detail = (f"{_label(p)}: the plan sets {show(p.comparator, p.value, p.unit, p.of_total, p.value_max)}{converted}"
              f" for {p.year or 'no year'}, {ref.name} sets "
              f"{show(r.comparator, r.value, r.unit, r.of_total, r.value_max)} for {j.year or 'no year'}"
              f" — {what} than the reference{j.note}; similarity {score:.2f}")
    code = p.code or (r.code if ref.is_catalog else None)
    return Finding(doc_id=p.doc_id, kind="weaker_than_parent" if weaker else "stricter_than_parent",
                   severity="warning" if weaker else "info", code=code, detail=detail, line=p.line,
                   other_doc_id=r.doc_id, other_line=r.line, reference=ref.why, text=p.text,
                   other_text=r.text, year=p.year, other_year=j.year, score=round(score, 2))


def _compare_all(plan_items: list[Item], refs: list[Reference], catalog_ref: Reference | None):
    """Every pair (plan target, reference, similarity, judgement), and per reference the keys of its
    quantities the plan measures. A plan year the reference has no target for is compared with the
    reference's next target year only when the plan sets none for that year itself (a 2025 milestone
    is not held against a 2030 target the plan restates)."""
    hits = []
    met: dict[int, set] = {id(ref): set() for ref in refs + ([catalog_ref] if catalog_ref else [])}
    for p in plan_items:
        paired = False
        for ref in refs + ([catalog_ref] if catalog_ref else []):
            if ref is catalog_ref and paired:
                break  # the catalog only for what no reference document measures
            hit = _pair(p, ref)
            if hit is None:
                continue
            paired = True
            keys = frozenset(r.measure.key for r in hit[0])
            met[id(ref)].update(keys)
            hits.append((p, ref, hit[0], hit[1], keys))
    stated: dict[tuple, set] = {}
    for p, ref, _, _, keys in hits:
        stated.setdefault((id(ref), keys), set()).add(p.year)
    pairs = []
    for p, ref, group, score, keys in hits:
        j = _judge(p, group)
        if j is not None and j.year != p.year and j.year in stated[(id(ref), keys)]:
            j = None  # the plan states its own target for the reference's year
        pairs.append((p, ref, score, j))
    return pairs, met


def _missing(result, use_code: bool, ref: Reference, met: set) -> Finding | None:
    """One finding listing the reference's quantities a plan that restates the reference leaves out.
    A quantity the plan names without a number or with an impossible one is not missing (those have
    their own findings)."""
    quantities: dict[str, Item] = {}
    for r in sorted(ref.items, key=lambda r: (r.line or 0, r.code or "")):
        quantities.setdefault(r.measure.key, r)
    codes = {t.code for t in result.indicators if t.code} if use_code else set()
    uncoded = {measure(t.metric) for t in result.indicators if not (use_code and t.code)}
    missing = [r for k, r in quantities.items()
               if k not in met and not (r.code and r.code in codes)
               and not any(similarity(m, r.measure) >= PAIR_MIN for m in (
                   uncoded if r.code else uncoded | {measure(t.metric) for t in result.indicators}))]
    numbered = any(t.indicator_no for t in result.indicators)
    covered = len(quantities) - len(missing)
    if not missing or not covered or not (numbered or covered >= 3 or 2 * covered >= len(quantities) > 1):
        return None
    names = "; ".join(f"{r.code} ({r.metric})" if r.code else r.metric for r in missing)
    first = missing[0]
    return Finding(doc_id=result.document.doc_id, kind="missing_indicator", severity="warning" if numbered else "info",
                   code=";".join(r.code for r in missing if r.code) or None,
                   detail=f"{len(missing)} of the {len(quantities)} quantities of {ref.name} have no target in the "
                          f"plan: {names}",
                   line=None, other_doc_id=first.doc_id, other_line=first.line, reference=ref.why,
                   other_text=first.text)


# --- one plan's own contradictions ---------------------------------------------------------------------

def _same_threshold(a: Item, b: Item) -> bool:
    lo_a, hi_a = a.number, a.number_max if a.number_max is not None else a.number
    lo_b, hi_b = b.number, b.number_max if b.number_max is not None else b.number
    eps = 1e-9 * max(1.0, abs(hi_a), abs(hi_b))
    return lo_a <= hi_b + eps and lo_b <= hi_a + eps  # equal, or one inside the other's range


TARGET_SECTIONS = {"objectives", "appendix"}


def _conflicts(items: list[Item], kinds: dict | None = None) -> list[Finding]:
    """Two thresholds for one quantity and year in two sections of one plan, one of them stating its
    objectives or its appendix. `kinds`: section id -> section kind."""
    groups: dict[tuple, list[Item]] = {}
    for it in items:
        groups.setdefault((it.year, "share" if it.scale == "zero" else it.scale), []).append(it)
    out: list[Finding] = []
    for (year, _), group in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
        if year is None:
            continue
        group.sort(key=lambda it: (it.line or 0, it.metric))
        if len(group) > SELF_GROUP_MAX:
            pairs = []
            by_key: dict[str, list[Item]] = {}
            for it in group:
                by_key.setdefault(it.measure.key, []).append(it)
            for same in by_key.values():
                pairs.extend((a, b, 1.0) for i, a in enumerate(same) for b in same[i + 1:i + 2])
        else:
            pairs = []
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if a.code and b.code and a.code != b.code:
                        continue
                    s = 1.0 if a.measure.key == b.measure.key else similarity(a.measure, b.measure)
                    if s >= SELF_MIN or (a.code and a.code == b.code and s >= PAIR_MIN):
                        pairs.append((a, b, s))
        seen: set = set()
        for a, b, s in pairs:
            if a.line == b.line or (a.section_id is not None and a.section_id == b.section_id):
                continue  # one statement, or one section listing sub-groups
            if year is None or min(len(a.measure.words), len(b.measure.words)) < 2:
                continue  # no year, or too few words to tell what is measured (`Kqđ =`)
            if min(len(a.measure.words), len(b.measure.words)) < 3 and a.measure.key != b.measure.key:
                continue  # a two-word metric (`Công suất`) is the same quantity only in the same words
            if kinds is not None and not ({kinds.get(a.section_id), kinds.get(b.section_id)} & TARGET_SECTIONS):
                continue  # two articles of a law stating rates for two cases
            sides = {x for x in (_side(a.comparator), _side(b.comparator)) if x}
            if len(sides) == 2 or _same_threshold(a, b):
                continue
            key = (a.measure.key, tuple(sorted([(a.comparator or "", a.number), (b.comparator or "", b.number)])))
            if key in seen:
                continue
            seen.add(key)
            out.append(Finding(
                doc_id=a.doc_id, kind="conflicting_targets", severity="warning", code=a.code or b.code,
                detail=f"{_label(a)} {year}: {show(a.comparator, a.value, a.unit, a.of_total, a.value_max)} "
                       f"(line {a.line}, section {a.section_id or '-'}) vs "
                       f"{show(b.comparator, b.value, b.unit, b.of_total, b.value_max)} (line {b.line}, section "
                       f"{b.section_id or '-'}); similarity {s:.2f}",
                line=a.line, other_doc_id=b.doc_id, other_line=b.line, text=a.text, other_text=b.text, year=year,
                other_year=year, score=round(s, 2)))
    return out


def _references(result, by_number: dict, texts: dict, by_id: dict, against: list | None):
    """(the plan's comparable targets, its reference documents, the catalog reference or None, whether
    catalog codes count)."""
    doc = result.document
    in_domain = catalog.domain() in catalog.domains_of(doc.title, [t.metric for t in result.indicators])
    use_code = in_domain
    plan_items = [it for t in result.indicators if not _impossible_why(t) for it in [item_of(t, use_code)] if it]
    # references
    implemented = _implemented(result, by_number, by_id)
    refs = []
    for parent, why in implemented:
        parent_domain = catalog.domain() in catalog.domains_of(parent.document.title,
                                                                [t.metric for t in parent.indicators])
        refs.append(_document_reference(parent, f"{why}: {name_of(parent.document)}",
                                        use_code and parent_domain))
    for other, why in against or []:
        if other.document.doc_id != doc.doc_id and other.document.doc_id not in {r.doc_id for r in refs}:
            other_domain = catalog.domain() in catalog.domains_of(other.document.title,
                                                                   [t.metric for t in other.indicators])
            refs.append(_document_reference(other, why, use_code and other_domain))
    catalog_ref = None
    if in_domain and not _is_catalog_source(doc) and catalog.entries():
        if doc.parent_key and not implemented:
            why = f"parent {doc.parent_key} is not in the run"
        elif refs:
            why = "for the targets the plan's reference documents do not measure"
        else:
            why = "the plan names no parent plan in the run"
        number = catalog.source_number() or catalog.source()
        catalog_ref = _catalog_reference(texts, f"{why}: national programme {number} through the indicator "
                                                f"catalog (the plan is about {catalog.domain_name()})")
    return plan_items, refs, catalog_ref, use_code


# --- a plan ---------------------------------------------------------------------------------------------

def compare_plan(result, by_number, texts: dict, by_id: dict, against: list | None) -> tuple:
    """What the findings and the comparison sheet of one plan are made from: (its comparable
    targets, its reference documents, the catalog reference or None, whether catalog codes count,
    every pair compared, per reference the quantities the plan measures)."""
    plan_items, refs, catalog_ref, use_code = _references(result, by_number, texts, by_id, against)
    pairs, met = _compare_all(plan_items, refs, catalog_ref)
    return plan_items, refs, catalog_ref, use_code, pairs, met


def plan_findings(result, by_number, texts: dict, national_id: str | None = None, by_id: dict | None = None,
                  against: list | None = None, compared: tuple | None = None) -> list[Finding]:
    """The findings of one plan. `by_number`: the run's documents by number key (anything with
    `.get`), `texts`: (doc_id, line) -> sentence of the catalog's source when it is in the run,
    `national_id`: kept for callers of the first version (the catalog names its source), `by_id`:
    the run's documents by doc_id, `against`: (document, why) every plan is also compared with;
    `compared`: `compare_plan`'s result when the caller has it (the comparison sheet uses it too)."""
    doc = result.document
    by_id = by_id or {}
    out: list[Finding] = []
    targets = catalog.states_targets(doc.doc_type)
    for t in result.indicators:
        f = _impossible(t) if targets else None
        if f:
            out.append(f)
        if t.indicator_no is not None and t.value is None:
            out.append(Finding(doc_id=doc.doc_id, kind="missing_value", severity="warning", code=t.code,
                               detail=f"Chỉ tiêu {t.indicator_no} ({t.metric}) has no number", line=t.line,
                               text=t.text, year=t.target_year))
    plan_items, refs, catalog_ref, use_code, pairs, met = compared or compare_plan(result, by_number, texts, by_id,
                                                                                    against)
    for p, ref, score, judgement in pairs:
        f = _compare(p, judgement, score, ref) if judgement else None
        if f:
            out.append(f)
    for ref in refs:
        f = _missing(result, use_code, ref, met[id(ref)])
        if f:
            out.append(f)
    if catalog_ref is not None and not refs:
        f = _missing(result, use_code, catalog_ref, met[id(catalog_ref)])
        if f:
            out.append(f)
    if targets:
        kinds = {sec.section_id: sec.kind for sec in result.sections} or None  # None: sections not kept
        out.extend(_conflicts(plan_items, kinds))
    # unassigned indicators
    assigned = {int(n) for a in result.agencies if a.indicator_nos for n in a.indicator_nos.split(";") if n.isdigit()}
    if assigned:
        seen: set[int] = set()
        for t in result.indicators:
            if t.indicator_no is not None and t.indicator_no not in assigned and t.indicator_no not in seen:
                seen.add(t.indicator_no)
                out.append(Finding(doc_id=doc.doc_id, kind="unassigned_indicator", severity="warning", code=t.code,
                                   detail=f"Chỉ tiêu {t.indicator_no} is assigned to no agency", line=t.line,
                                   text=t.text))
    out.extend(_citation_findings(result))
    out.extend(_deadline_findings(result, [r.result for r in refs if r.result is not None]))
    return out


# --- citations ---------------------------------------------------------------------------------------------

def _code_key(code: str) -> str:
    return strip_diacritics(code).upper().replace("-", "")


@rules.cached
def _symbol_codes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(issuer codes, type codes read by the pipeline, other type codes), folded: `BYT`, `SNNMT` …;
    `KH`, `QD` …; `PA`, `CV` …"""
    try:
        data = rules.load("symbol_codes.yaml") or {}
    except Exception:
        data = {}
    issuers = frozenset(_code_key(i["code"]) for i in data.get("issuers") or [])
    types = frozenset(_code_key(a) for t in rules.load("doc_types.yaml") for a in t["abbr"])
    others = frozenset(_code_key(a) for a in data.get("other_types") or [])
    return issuers, types, others


def _is_issuer(code: str) -> bool:
    return rx.sub(r"\d+$", "", _code_key(code)) in _symbol_codes()[0]


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _typo_candidates(code: str) -> list[str]:
    """The type codes one edit away from `code` (`KGH` -> [`KH`])."""
    key = _code_key(code)
    return sorted(t for t in _symbol_codes()[1] if len(t) >= 2 and _one_edit(key, t))


def _citation_problem(c) -> tuple[str, str] | None:
    """(problem, severity) of one citation, or None."""
    abbr = c.symbol.replace("/", "-").split("-")[0]
    note = c.key_note or ""
    if note.startswith("repaired"):
        return f"number written wrong, {note}", "info"
    m = rx.match(r"(unknown type code|no type code in) (\S+)", note)
    if m:
        code = m.group(2)
        if _code_key(code) in _symbol_codes()[2]:
            return None  # a type code of the decree the pipeline does not read (`PA`, `CV` …)
        if _is_issuer(code):
            if c.doc_type in (None, "cong_van") or rx.search(r"/\d{4}/", c.key):
                return None  # an official letter's number (issuer and unit), or an act's older number
            return (f"called {c.doc_type} but its number {c.key} has no type code ({code} is an issuer's code, "
                    f"as in an official letter's number)"), "info"
        if m.group(1) == "no type code in" and _code_key(code) in _symbol_codes()[1] | _symbol_codes()[2]:
            return f"the number {c.key} has its type code but no issuer code", "info"
        candidates = _typo_candidates(code)
        if len(candidates) == 1:
            return f"unknown type code {code} in {c.key}, likely a typo for {candidates[0]}", "warning"
        hint = f" (one edit from {', '.join(candidates)})" if candidates else ""
        return f"unknown code {code} in {c.key}{hint}", "info"
    if note:
        return f"{note} in {c.key}", "info"
    by_symbol = citations.type_from_abbreviation(abbr)
    if by_symbol and c.doc_type and by_symbol != c.doc_type:
        return f"called {c.doc_type} but its number {c.key} is a {by_symbol}", "warning"
    return None


def _citation_findings(result) -> list[Finding]:
    """One finding per cited number and problem (the first line; the others named)."""
    found: dict[tuple[str, str], list] = {}
    for c in result.citations:
        if c.doc_type == "luat" or not c.symbol:
            continue
        problem = _citation_problem(c)
        if problem:
            found.setdefault(problem, []).append(c)
    out = []
    for (problem, severity), cs in found.items():
        lines = sorted({c.line for c in cs})
        also = f" (also line{'s' if len(lines) > 2 else ''} {', '.join(map(str, lines[1:]))})" if len(lines) > 1 else ""
        out.append(Finding(doc_id=cs[0].doc_id, kind="citation_mismatch", severity=severity, code=None,
                           detail=problem + also, line=lines[0], text=cs[0].raw))
    return out


# --- deadlines ---------------------------------------------------------------------------------------------

def _deadline_findings(result, parents: list) -> list[Finding]:
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
    mine = {d.subject: d for d in result.deadlines if d.kind == "report" and d.month_day}
    for parent in parents:
        for p in parent.deadlines:
            d = mine.get(p.subject)
            if p.kind == "report" and p.month_day and d and d.month_day > p.month_day:
                out.append(Finding(doc_id=result.document.doc_id, kind="deadline_order", severity="warning", code=None,
                                   detail=f"{d.subject} due {d.month_day} each year, after the parent plan's own "
                                          f"{p.subject} ({p.month_day})", line=d.line,
                                   other_doc_id=parent.document.doc_id, other_line=p.line, text=d.text,
                                   other_text=p.text))
    return out


# --- the run ---------------------------------------------------------------------------------------------

def _context(results: list, against: list | None):
    results = [r for r in results if hasattr(r, "indicators")]
    by_number, by_id = {}, {}
    for r in results + list(against or []):
        k = key_of(r.document.number)
        if k:
            by_number.setdefault(k, r)
        by_id.setdefault(r.document.doc_id, r)
    texts = {(t.doc_id, t.line): t.text for r in results for t in r.indicators}
    named = [(a, f"named with --against: {name_of(a.document)}") for a in against or []]
    return results, by_number, by_id, texts, named


def audit(results: list, against: list | None = None) -> list[Finding]:
    """Findings for every plan of a run, in a stable order. `against`: documents (extractions) every
    plan is also compared with (`plans audit --against`)."""
    results, by_number, by_id, texts, named = _context(results, against)
    findings: list[Finding] = []
    for r in results:
        findings.extend(plan_findings(r, by_number, texts, by_id=by_id, against=named))
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    findings.sort(key=lambda f: (f.doc_id, order.get(f.kind, 99), f.line or 0, f.code or "", f.year or 0, f.detail))
    return findings


COMPARISON_COLUMNS = ["plan", "doc_id", "line", "quantity", "code", "year", "target", "verdict", "reference",
                      "reference_line", "reference_quantity", "reference_year", "reference_target", "similarity"]


def comparisons(results: list, against: list | None = None, by_number=None, by_id=None, texts=None) -> list[dict]:
    """Every target compared, one row each: the plan's target beside the reference's, with the
    verdict (weaker, stricter, equal, no verdict) and the similarity; impossible targets too
    (verdict impossible). For the workbook's comparison sheet. `by_number`, `by_id`, `texts`: the
    whole run's documents by number key and by doc_id, and its target sentences, when `results`
    is only part of it."""
    results, own_numbers, own_ids, own_texts, named = _context(results, against)
    by_number = by_number if by_number is not None else own_numbers
    by_id = by_id if by_id is not None else own_ids  # the whole run's, when `results` is a part of it
    texts = texts if texts is not None else own_texts
    rows = []
    for result in results:
        rows.extend(plan_comparisons(result, compare_plan(result, by_number, texts, by_id, named)))
    return sort_comparisons(rows)


def plan_comparisons(result, compared: tuple) -> list[dict]:
    """One plan's rows of the comparison sheet (unsorted), from `compare_plan`'s result."""
    doc = result.document
    plan = name_of(doc)
    rows = []
    for t in result.indicators:
        if _impossible_why(t):
            rows.append({"plan": plan, "doc_id": doc.doc_id, "line": t.line, "quantity": t.metric, "code": t.code,
                         "year": t.target_year, "target": show(t.comparator, t.value, t.unit, t.of_total,
                                                               t.value_max), "verdict": "impossible"})
    _, refs, catalog_ref, _, pairs, _ = compared
    for p, ref, score, j in pairs:
        r = j.other if j else None
        rows.append({"plan": plan, "doc_id": doc.doc_id, "line": p.line, "quantity": p.metric,
                     "code": p.code or (r.code if r is not None and ref.is_catalog else None), "year": p.year,
                     "target": show(p.comparator, p.value, p.unit, p.of_total, p.value_max),
                     "verdict": j.verdict if j else "no verdict", "reference": ref.name,
                     "reference_line": r.line if r is not None else None,
                     "reference_quantity": r.metric if r is not None else None,
                     "reference_year": j.year if j else None,
                     "reference_target": show(r.comparator, r.value, r.unit, r.of_total, r.value_max)
                     if r is not None else None, "similarity": round(score, 2)})
    return rows


def sort_comparisons(rows: list[dict]) -> list[dict]:
    """The comparison sheet's order: plan, doc_id, line, quantity, year, reference."""
    rows.sort(key=lambda row: (row["plan"], row["doc_id"], row["line"] or 0, row["quantity"] or "",
                               row["year"] or 0, row.get("reference") or ""))
    return rows

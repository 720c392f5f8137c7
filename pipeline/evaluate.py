"""`plans eval`: score an outputs folder against hand-checked gold YAML files.

Gold format: ../shared/gold/README.md. Per table:
- documents: field accuracy (each gold field of each document is one trial; `alt` values count);
- sections: precision / recall / F1, a hit being the same section_id at the same line with the
  same heading (tone marks, dashes and spacing folded); `sections_id` scores id+line alone.
Tables the gold has and the outputs lack score 0 recall, so a missing stage shows.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import GoldError
from .normalize import fold

DOC_FIELDS = ("doc_type", "number", "issuer", "admin_level", "locality", "province", "issue_date", "title",
              "period_start", "period_end", "signer", "signer_title", "parent_key")


@dataclass
class Score:
    table: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0  # for accuracy-type scores
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def norm_value(value) -> str:
    """Gold and output values in one form: '' for unknown, ints without '.0', folded text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.lower() in ("nan", "none", "null"):
        return ""
    if regex_float(text):
        f = float(text)
        return str(int(f)) if f.is_integer() else repr(f)
    return fold(text)


def regex_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return not text.lower().startswith(("nan", "inf", "-inf"))


def accepts(gold_item: dict, key: str, value) -> bool:
    wanted = [gold_item.get(key)]
    alt = gold_item.get("alt") or {}
    if key in alt:
        wanted.append(alt[key])
    got = norm_value(value)
    return any(norm_value(w) == got for w in wanted)


def load_gold(gold_dir: Path) -> dict[str, dict]:
    gold = {}
    files = sorted(gold_dir.glob("*.yaml"))
    if not files:
        raise GoldError(f"no gold files (*.yaml) in {gold_dir}")
    for path in files:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict) or "doc_id" not in data:
            raise GoldError(f"{path}: not a gold annotation (no doc_id)")
        gold[data["doc_id"]] = data
    return gold


def read_table(out_dir: Path, name: str) -> list[dict]:
    path = out_dir / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def score_documents(gold: dict, out_dir: Path) -> Score:
    rows = {r["doc_id"]: r for r in read_table(out_dir, "documents")}
    score = Score("documents")
    for doc_id, g in gold.items():
        gdoc = g.get("document") or {}
        row = rows.get(doc_id, {})
        for key in DOC_FIELDS:
            if key not in gdoc:
                continue
            score.total += 1
            if accepts(gdoc, key, row.get(key)):
                score.correct += 1
            else:
                score.misses.append(f"{doc_id} {key}: got {row.get(key)!r}, want {gdoc.get(key)!r}")
    return score


def score_sections(gold: dict, out_dir: Path, with_heading: bool = True) -> Score:
    rows = read_table(out_dir, "sections")
    score = Score("sections" if with_heading else "sections_id")
    for doc_id, g in gold.items():
        if "sections" not in g:
            continue
        out = [r for r in rows if r["doc_id"] == doc_id]
        used: set[int] = set()
        for item in g["sections"] or []:
            hit = None
            for k, r in enumerate(out):
                if k in used or r["section_id"] != str(item["section_id"]) or int(r["line_start"]) != item["line"]:
                    continue
                if with_heading and not accepts(item, "heading", r["heading"]):
                    continue
                hit = k
                break
            if hit is None:
                score.fn += 1
                near = [r for r in out if r["section_id"] == str(item["section_id"])]
                got = f" (got line {near[0]['line_start']}: {near[0]['heading']!r})" if near else ""
                score.misses.append(f"{doc_id} missed {item['section_id']} l.{item['line']} {item['heading']!r}{got}")
            else:
                used.add(hit)
                score.tp += 1
        for k, r in enumerate(out):
            if k not in used:
                score.fp += 1
                score.misses.append(f"{doc_id} extra {r['section_id']} l.{r['line_start']} {r['heading']!r}")
    return score


def _num(value) -> float | None:
    text = norm_value(value)
    return float(text) if text and regex_float(text) else None


def _variants(item: dict, keys: tuple[str, ...]) -> list[dict]:
    """The gold item's values for `keys`, and the same with its `alt` values swapped in."""
    base = {k: item.get(k) for k in keys}
    alt = {k: v for k, v in (item.get("alt") or {}).items() if k in keys}
    return [base, {**base, **alt}] if alt else [base]


def _same_target(item: dict, row: dict) -> bool:
    for v in _variants(item, ("value", "unit", "target_year")):
        gv, rv = _num(v["value"]), _num(row.get("value"))
        same_value = (gv is None and rv is None) or (gv is not None and rv is not None and abs(gv - rv) < 1e-9)
        if same_value and norm_value(v["unit"]) == norm_value(row.get("unit")) \
                and norm_value(v["target_year"]) == norm_value(row.get("target_year")):
            return True
    return False


def similar(a: str | None, b: str | None, threshold: float = 0.8) -> bool:
    """Metric wording: equal after folding, or close (difflib ratio) ignoring case."""
    from difflib import SequenceMatcher

    a, b = norm_value(a).lower(), norm_value(b).lower()
    return a == b or SequenceMatcher(None, a, b).ratio() >= threshold


def _strict_target(item: dict, row: dict) -> bool:
    return (accepts(item, "comparator", row.get("comparator"))
            and norm_value(item.get("indicator_no")) == norm_value(row.get("indicator_no"))
            and similar(item.get("metric"), row.get("metric")))


def score_indicators(gold: dict, out_dir: Path, strict: bool = False) -> Score:
    """Targets matched on value + unit + year (same line first); `strict` also wants the
    comparator, the indicator number and the metric (wording within a 0.8 similarity)."""
    score = Score("indicators_strict" if strict else "indicators")

    def same(item, r):
        return _same_target(item, r) and (not strict or _strict_target(item, r))

    return _score_by_doc(score, gold, "indicators", read_table(out_dir, "indicators"), same,
                         lambda i: f"l.{i.get('line')} #{i.get('indicator_no')} {i.get('comparator')} {i.get('value')} "
                                   f"{i.get('unit')} {i.get('target_year')} {i.get('metric')!r}",
                         lambda r: f"l.{r['line']} #{r['indicator_no']} {r['comparator']} {r['value']} {r['unit']} "
                                   f"{r['target_year']} {r['metric']!r}",
                         same_line_only=False)


def _match_items(score: Score, doc_id: str, items: list[dict], out: list[dict], same, describe_gold,
                 describe_row, same_line_only: bool = True) -> None:
    """Greedy one-to-one matching: same line first, then (unless `same_line_only`) any line;
    counts tp/fp/fn and lists the misses."""
    used: set[int] = set()
    matched: dict[int, int] = {}
    for same_line in ((True,) if same_line_only else (True, False)):
        for i, item in enumerate(items):
            if i in matched:
                continue
            for k, r in enumerate(out):
                if k in used or (same_line and str(item.get("line")) != str(r.get("line"))):
                    continue
                if same(item, r):
                    matched[i] = k
                    used.add(k)
                    break
    for i, item in enumerate(items):
        if i in matched:
            score.tp += 1
        else:
            score.fn += 1
            score.misses.append(f"{doc_id} missed {describe_gold(item)}")
    for k, r in enumerate(out):
        if k not in used:
            score.fp += 1
            score.misses.append(f"{doc_id} extra {describe_row(r)}")


def _score_by_doc(score: Score, gold: dict, key: str, rows: list[dict], same, describe_gold, describe_row,
                  same_line_only: bool = True) -> Score:
    """Match the gold items under `key` of every annotated document with that document's rows."""
    for doc_id, g in gold.items():
        if key in g:
            _match_items(score, doc_id, g[key] or [], [r for r in rows if r["doc_id"] == doc_id], same,
                         describe_gold, describe_row, same_line_only)
    return score


def score_citations(gold: dict, out_dir: Path, strict: bool = False) -> Score:
    """Citations matched on key and line; `strict` also wants issue date, type and relation."""
    def same(item, r):
        if not accepts(item, "key", r["key"]):
            return False
        return not strict or all(accepts(item, k, r.get(k)) for k in ("issue_date", "doc_type", "relation"))

    return _score_by_doc(Score("citations_strict" if strict else "citations"), gold, "citations",
                         read_table(out_dir, "citations"), same,
                         lambda i: f"l.{i.get('line')} {i.get('key')} {i.get('issue_date')} {i.get('relation')}",
                         lambda r: f"l.{r['line']} {r['key']} {r['issue_date']} {r['relation']}")


def score_agencies(gold: dict, out_dir: Path, strict: bool = False) -> Score:
    """Bodies items are addressed to (roles lead and requested; support rows are not in the gold),
    matched on line, role and name (the canonical name, or the name as written);
    `strict` also wants the indicator numbers assigned."""
    rows = [r for r in read_table(out_dir, "agencies") if r["role"] in ("lead", "requested")]

    def same(item, r):
        if item.get("role") != r["role"]:
            return False
        name_ok = (item.get("agency_canonical") and accepts(item, "agency_canonical", r["agency_canonical"])) \
            or accepts(item, "agency", r["agency"])
        if not name_ok:
            return False
        if strict:
            want = ";".join(str(n) for n in (item.get("indicator_nos") or []))
            return want == (r.get("indicator_nos") or "")
        return True

    return _score_by_doc(Score("agencies_strict" if strict else "agencies"), gold, "agencies", rows, same,
                         lambda i: f"l.{i.get('line')} {i.get('role')} {i.get('agency')!r} -> {i.get('agency_canonical')!r}",
                         lambda r: f"l.{r['line']} {r['role']} {r['agency']!r} -> {r['agency_canonical']!r}")


def score_deadlines(gold: dict, out_dir: Path, strict: bool = False) -> Score:
    """Deadlines matched on line and when (date, month_day, start, end); `strict` also wants
    kind and recurrence."""
    keys = ("date", "month_day", "start", "end") + (("kind", "recurrence") if strict else ())

    def same(item, r):
        return any(all(norm_value(v.get(k)) == norm_value(r.get(k)) for k in keys) for v in _variants(item, keys))

    return _score_by_doc(Score("deadlines_strict" if strict else "deadlines"), gold, "deadlines",
                         read_table(out_dir, "deadlines"), same,
                         lambda i: f"l.{i.get('line')} {i.get('kind')} {i.get('date') or i.get('month_day') or ''} "
                                   f"{i.get('start') or ''}..{i.get('end') or ''} {i.get('recurrence')}",
                         lambda r: f"l.{r['line']} {r['kind']} {r['date'] or r['month_day']} {r['start']}..{r['end']} "
                                   f"{r['recurrence']}")


def evaluate(out_dir: str | Path, gold_dir: str | Path) -> list[Score]:
    gold = load_gold(Path(gold_dir))
    out = Path(out_dir)
    return [score_documents(gold, out), score_sections(gold, out), score_sections(gold, out, with_heading=False),
            score_indicators(gold, out), score_indicators(gold, out, strict=True),
            score_citations(gold, out), score_citations(gold, out, strict=True),
            score_agencies(gold, out), score_agencies(gold, out, strict=True),
            score_deadlines(gold, out), score_deadlines(gold, out, strict=True)]


def format_scores(scores: list[Score], misses: bool = False) -> str:
    lines = [f"{'table':<18}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}  n"]
    for s in scores:
        if s.total:
            lines.append(f"{s.table:<18}{'':>7}{'':>7}{'':>7}{s.accuracy:>7.3f}  {s.correct}/{s.total}")
        else:
            lines.append(f"{s.table:<18}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{'':>7}  "
                         f"tp={s.tp} fp={s.fp} fn={s.fn}")
    if misses:
        for s in scores:
            for m in s.misses:
                lines.append(f"  [{s.table}] {m}")
    return "\n".join(lines)

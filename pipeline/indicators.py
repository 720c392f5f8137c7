"""Indicators stage: target statements -> one `Indicator` row per threshold, quantity and year.

Where targets are read:
- numbered indicators, `Chỉ tiêu N: …` (as a bullet, a paragraph or a numbered heading), anywhere;
- unnumbered statements in objectives sections (`- 100% trẻ em …`, `Giảm tỷ lệ … xuống còn dưới
  2% …`, `Không phát sinh mới trẻ em nhiễm HIV`), and any other paragraph that states a
  share, a rate or a count (`Duy trì 13/13 xã, thị trấn đạt …`).

How a statement is read (`statement_to_targets`): it is cut into sentences and clauses (`;`, and
`:` used for `;`); in each clause the quantities are found (`90%`, `dưới 3‰`, `16/100.000 trẻ
em`, `03/1.000`, `13/13 xã`, a bare `9,5` when the metric names its denominator); numbers that
belong to the metric (ages, `trên 1.000 trẻ đẻ sống`, `8 loại vắc xin`) and reduction amounts
(`xuống 1% còn 20,43%`) are not targets. Each quantity gets its comparator (rules/comparators.yaml,
carried over `và`), its year (`vào năm 2025`, shared `vào năm 2025 và năm 2030`, the end of
`giai đoạn từ năm 2025 đến năm 2030`, else the plan's single year, marked inferred) and its metric
(the clause before the number, or after it when the number comes first; `đối với thành thị`
qualifiers swap in). `Không có tình trạng …` / `không phát sinh …` give `=` 0 `count`.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from . import catalog, rules
from .normalize import cached_re as _re
from .normalize import label_of
from .records import CleanDocument, DocumentRow, Indicator, Paragraph, Section
from .segment import section_at


_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"  # 1.234,5 / 11,5 / 18.5 / 90
NUMBERED_RE = regex.compile(r"^(?:[-+•–]\s*)?(?:\d{1,2}\.\s*)?Chỉ\s+tiêu\s+(?P<no>\d{1,3})\s*[:.]\s*", regex.IGNORECASE)
_YEAR_SPAN_RE = regex.compile(
    r"(?:giai\s+đoạn\s+)?từ\s+năm\s+(?P<a>(?:19|20)\d{2})\s*(?:đến|tới|-|–)\s*(?:năm\s+)?(?P<b>(?:19|20)\d{2})",
    regex.IGNORECASE)
_YEAR_LIST_RE = regex.compile(
    r"(?:(?:vào|đến|tới|trong|tại)\s+)?năm\s+(?P<first>(?:19|20)\d{2})(?P<more>(?:\s*(?:,|và)\s*(?:năm\s+)?(?:19|20)\d{2}(?!\d))*)",
    regex.IGNORECASE)
_RANGE_RE = regex.compile(rf"\btừ\s+(?P<a>{_NUM})\s*%?\s*(?:đến|-|–)\s*(?P<b>{_NUM})\s*%", regex.IGNORECASE)
_SENTENCE_SPLIT_RE = regex.compile(r"(?<=[^\d\s.]{2}\.)\s+(?=[\p{Lu}\d-])")
_CLAUSE_SPLIT_RE = regex.compile(r"\s*[;:]\s+")
_ZERO_RE = regex.compile(
    r"\b(?P<head>không\s+(?:có|để\s+xảy\s+ra)\s+(?P<kind>tình\s+trạng|trường\s+hợp)|không\s+phát\s+sinh(?P<new>\s+mới)?)"
    r"\s+(?P<obj>[^,;.]+)", regex.IGNORECASE)
_LEAD_VERBS_RE = regex.compile(
    r"^(?:(?:tiếp\s+tục|phấn\s+đấu|giảm|tăng|duy\s+trì|nâng|đạt|có|bảo\s+đảm|đảm\s+bảo|hạ|kéo\s+giảm)\s+)+",
    regex.IGNORECASE)
_QUALIFIER_RE = regex.compile(
    r"\bđối\s+với\s+[\p{Ll}\p{Lu}][\p{L} ]*?(?=\s+(?:và|xuống|dưới|đạt|là|trên|vào|năm)\b|\s*[,;]|\s*$)")
_ANNUAL_RE = regex.compile(r"^\s*(?P<w>hằng\s+năm|hàng\s+năm|mỗi\s+năm)\b", regex.IGNORECASE)
_ANNUAL_METRIC_RE = regex.compile(r"(?:hằng|hàng|mỗi)\s+năm$", regex.IGNORECASE)
_MEASURE_WORDS_RE = regex.compile(r"^(?:tỷ\s+lệ|tỷ\s+suất|số|số\s+lượng|mức)$", regex.IGNORECASE)
_LEAD_SPLIT_RE = regex.compile(
    r",\s+(?=(?:duy\s+trì|phấn\s+đấu|tiếp\s+tục|giảm|tăng|nâng|đạt)\b)", regex.IGNORECASE)


@dataclass
class Quantity:
    start: int
    end: int
    value: float | None
    unit: str | None
    comparator: str | None = None  # set by a range (`từ 2 đến 3%` -> `>=` 2)
    of_total: int | None = None


@rules.cached
def _comparator_rules() -> tuple[regex.Pattern, dict[str, str], regex.Pattern, dict[str, str]]:
    data = rules.load("comparators.yaml")
    before = {k.lower(): v for k, v in data["before"].items()}
    after = {k.lower(): v for k, v in data["after"].items()}
    b = "|".join(regex.escape(k) for k in sorted(before, key=len, reverse=True))
    a = "|".join(regex.escape(k) for k in sorted(after, key=len, reverse=True))
    return (regex.compile(rf"(?:^|\s)(?P<w>{b})\s*$", regex.IGNORECASE), before,
            regex.compile(rf"^\s*(?P<w>{a})\b", regex.IGNORECASE), after)


@rules.cached
def _quantity_re() -> regex.Pattern:
    units = rules.load("units.yaml")
    nouns = "|".join(regex.escape(n) for n in sorted(units["count_nouns"], key=len, reverse=True))
    rates = "|".join(sorted({r"1\.?000", r"10\.?000", r"100\.?000"}, key=len, reverse=True))
    return regex.compile(
        rf"""(?<![\d.,/])(?:
            (?P<pct>{_NUM})\s*%
          | (?P<pm>{_NUM})\s*‰
          | (?P<rate>{_NUM})\s*/\s*(?P<den>{rates})(?!\d)
          | (?P<num>\d+)\s*/\s*(?P<of>\d+)\s+(?P<noun>{nouns})\b
          | (?P<cnt>\d+)\s+(?P<cnoun>{nouns})\b
        )""",
        regex.VERBOSE | regex.IGNORECASE,
    )


_BARE_RE = regex.compile(
    rf"(?<![\d.,/])(?P<bare>{_NUM})(?=\s+(?:vào|đến|tới|trong)\s+năm\b|\s*[;.]?\s*$)", regex.IGNORECASE)


def parse_number(text: str) -> float:
    """Vietnamese number: `11,5` -> 11.5, `1.000` -> 1000, `18.5` (a web copy's decimal) -> 18.5."""
    text = text.strip()
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if _re(r"\d{1,3}(?:\.\d{3})+").fullmatch(text):
        return float(text.replace(".", ""))
    return float(text)


def _denominator_unit(den: str) -> str:
    return rules.load("units.yaml")["rates"][den.replace(".", "")]


def _metric_rate_unit(metric: str) -> str | None:
    m = _re(r"\b(1\.?000|10\.?000|100\.?000)\b").search(metric)
    return _denominator_unit(m.group(1)) if m else None


def find_quantities(clause: str) -> list[Quantity]:
    """The target quantities of one clause, in order (reduction amounts dropped)."""
    return _quantities(clause)[0]


def _quantities(clause: str) -> tuple[list[Quantity], int | None]:
    """(target quantities, offset of the first number of any kind, a dropped one included)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE_RE.finditer(clause):
        found.append(Quantity(m.start(), m.end(), parse_number(m.group("a")), "%", ">="))
        taken.append((m.start(), m.end()))
    for m in _quantity_re().finditer(clause):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group("pct"):
            q = Quantity(m.start(), m.end(), parse_number(m.group("pct")), "%")
        elif m.group("pm"):
            q = Quantity(m.start(), m.end(), parse_number(m.group("pm")), "per_1000")
        elif m.group("rate"):
            q = Quantity(m.start(), m.end(), parse_number(m.group("rate")), _denominator_unit(m.group("den")))
        elif m.group("num"):  # `13/13 xã`: the noun belongs to the metric
            q = Quantity(m.start(), m.end("of"), float(m.group("num")), "count", of_total=int(m.group("of")))
        else:
            pre = clause[:m.start()]
            if not _re(r"(?:đạt|duy\s+trì|có|xây\s+dựng|thành\s+lập|phấn\s+đấu|thêm|mới)\s*$").search(pre,
                                regex.IGNORECASE):
                continue
            q = Quantity(m.start(), m.end("cnt"), float(m.group("cnt")), "count")
        found.append(q)
    # a reduction amount: `xuống 1% còn 20,43%` -> only 20,43% is a target
    found.sort(key=lambda q: q.start)
    kept = []
    for k, q in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else None
        if nxt and _re(r"\s*(?:,\s*)?còn\s*", regex.IGNORECASE).fullmatch(clause[q.end:nxt.start]):
            continue
        kept.append(q)
    return kept, (found[0].start if found else None)


def _bare_quantities(clause: str, unit: str) -> list[Quantity]:
    """`dưới 9,5 vào năm 2025 và dưới 9 vào năm 2030` when the metric names `trên 1.000 …`."""
    out = []
    for m in _BARE_RE.finditer(clause):
        pre = clause[:m.start()]
        if _re(r"(?:năm|số|ngày|tháng|tiêu)\s*$", regex.IGNORECASE).search(pre):
            continue
        if _re(r"(?:\d\s*-\s*|<\s*)$").search(pre):
            continue
        out.append(Quantity(m.start(), m.end(), parse_number(m.group("bare")), unit))
    return out


def _years_in(text: str) -> list[tuple[int, int, list[int]]]:
    """Year phrases of a clause: (start, end, years). A span counts as its end year."""
    phrases = []
    taken = []
    for m in _YEAR_SPAN_RE.finditer(text):
        phrases.append((m.start(), m.end(), [int(m.group("b"))]))
        taken.append((m.start(), m.end()))
    for m in _YEAR_LIST_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        years = [int(m.group("first"))] + [int(y) for y in _re(r"\d{4}").findall(m.group("more"))]
        phrases.append((m.start(), m.end(), years))
    return sorted(phrases)


def _comparator(clause: str, q: Quantity, prev_end: int, prev_comp: str | None) -> str:
    if q.comparator:
        return q.comparator
    before_re, before, after_re, after = _comparator_rules()
    m = after_re.match(clause[q.end:])
    if m:
        return after[m.group("w").lower()]
    pre = clause[prev_end:q.start]
    m = before_re.search(pre)
    if m:
        return before[m.group("w").lower()]
    if prev_comp and _re(r"[\s,]*(?:và|hoặc)?[\s,]*", regex.IGNORECASE).fullmatch(pre):
        return prev_comp
    return "<=" if _re(r"\bgiảm\b", regex.IGNORECASE).search(clause[:q.start]) else ">="


def _clean_metric(text: str) -> str:
    text = _re(r"[\s,;:.]+$").sub("", text.strip())
    text = _LEAD_VERBS_RE.sub("", text).strip()
    before_re, _, _, _ = _comparator_rules()
    for _ in range(3):
        m = before_re.search(text)
        if not m:
            break
        text = text[:m.start()].rstrip(" ,")
    text = _re(r"\s+(?:trở\s+lên|trở\s+xuống)$").sub("", text)
    return (text[:1].upper() + text[1:]) if text else text


def _metric_after(clause: str, q: Quantity, stop: int) -> str:
    text = clause[q.end:stop]
    text = _re(r"^\s*(?:trở\s+lên|trở\s+xuống)\b", regex.IGNORECASE).sub("", text)
    years = _years_in(text)
    if years:
        text = text[:years[0][0]]
    text = _re(r",?\s+(?:và\s+)?(?:duy\s+trì|phấn\s+đấu|tiếp\s+tục|không)\b").split(text, maxsplit=1)[0]
    return _clean_metric(text)


def _stem(metric: str) -> str:
    return _re(r"\s+đối\s+với\s+").split(metric, maxsplit=1)[0]


@dataclass
class Target:
    metric: str
    comparator: str | None
    value: float | None
    unit: str | None
    years: list[int]
    start: int  # offset of the value (or of the statement) in the statement text
    end: int
    of_total: int | None = None


def clause_targets(clause: str) -> list[Target]:
    """Targets of one clause (offsets relative to the clause)."""
    quantities, first_number = _quantities(clause)
    if not quantities:
        unit = _metric_rate_unit(clause)
        if unit and _re(r"\btỷ\s+suất\b|\btrên\s+1\.?000\b", regex.IGNORECASE).search(clause):
            quantities = _bare_quantities(clause, unit)
            first_number = quantities[0].start if quantities else None
    if not quantities:
        return _zero_targets(clause)
    phrases = _years_in(clause)
    first = quantities[0]
    lead_text = clause[:first_number if first_number is not None else first.start]
    lead_text = _LEAD_SPLIT_RE.split(lead_text)[-1]
    lead = _clean_metric(lead_text)
    nxt0 = quantities[1].start if len(quantities) > 1 else len(clause)
    if _MEASURE_WORDS_RE.match(lead):  # `duy trì tỷ lệ 100% trẻ em 5 tuổi …`
        lead = f"{lead} {_metric_after(clause, first, nxt0)[:1].lower()}{_metric_after(clause, first, nxt0)[1:]}"
    weak_lead = len(lead.split()) < 2
    base = _metric_after(clause, first, nxt0) if weak_lead else lead
    targets: list[Target] = []
    prev_end, prev_comp, metric = 0, None, base
    for k, q in enumerate(quantities):
        nxt = quantities[k + 1].start if k + 1 < len(quantities) else len(clause)
        if k > 0:
            pre_qual = _QUALIFIER_RE.search(clause[prev_end:q.start])
            if pre_qual:  # `…, đối với thành thị xuống dưới 10%`
                metric = _stem(base) + " " + pre_qual.group(0).strip()
            elif weak_lead:
                after = _metric_after(clause, q, nxt)
                if len(after.split()) >= 2:
                    metric = after
        after_text = clause[q.end:nxt]
        stripped = after_text.lstrip()
        post_qual = _QUALIFIER_RE.match(stripped)  # `dưới 5% đối với nông thôn`
        q_metric = _stem(metric) + " " + post_qual.group(0).strip() if post_qual else metric
        comp = _comparator(clause, q, prev_end, prev_comp)
        own = [p for p in phrases if q.end <= p[0] < nxt]
        annual = _ANNUAL_RE.match(after_text)
        if annual:  # `giảm từ 2 đến 3% hằng năm`: a yearly rate, for no single year
            targets.append(Target(f"{q_metric} {annual.group('w')}", comp, q.value, q.unit, [], q.start, q.end))
            prev_end, prev_comp = max([q.end] + [p[1] for p in own]), comp
            continue
        if own:
            years = own[0][2]
        else:
            later = [p for p in phrases if p[0] >= q.end]
            earlier = [p for p in phrases if p[1] <= q.start]
            years = later[0][2] if later else earlier[-1][2] if earlier else []
        targets.append(Target(q_metric, comp, q.value, q.unit, years, q.start, q.end, q.of_total))
        prev_end = max([q.end] + [p[1] for p in own])
        if post_qual:
            prev_end = max(prev_end, q.end + (len(after_text) - len(stripped)) + post_qual.end())
        prev_comp = comp
    return targets


def _zero_targets(clause: str) -> list[Target]:
    """`Không có tình trạng tảo hôn`, `không phát sinh mới trẻ em nhiễm HIV`: `=` 0 `count`."""
    m = _ZERO_RE.search(clause)
    if not m:
        return []
    obj = _re(r"\s+(?:giai\s+đoạn|vào|đến)\s+.*$").sub("", m.group("obj")).strip()
    if m.group("kind"):
        metric = f"{m.group('kind')} {obj}"
    else:
        metric = obj + (" phát sinh mới" if m.group("new") else " phát sinh")
    years = [y for _, _, ys in _years_in(clause) for y in ys][-1:]
    return [Target(_clean_metric(metric), "=", 0.0, "count", years, m.start(), m.end())]


def _split_clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a statement: sentences, then `;`/`:` clauses."""
    pieces = []
    pos = 0
    for sentence in _SENTENCE_SPLIT_RE.split(text):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        cpos = 0
        for clause in _CLAUSE_SPLIT_RE.split(sentence):
            if not clause:
                continue
            cstart = sentence.index(clause, cpos)
            cpos = cstart + len(clause)
            pieces.append((start + cstart, clause))
    return pieces


def statement_to_targets(text: str) -> list[Target]:
    """All targets of one statement (offsets relative to `text`)."""
    out: list[Target] = []
    clauses = _split_clauses(text)
    statement_years = {y for _, c in clauses for _, _, ys in _years_in(c) for y in ys}
    for offset, clause in clauses:
        for t in clause_targets(clause):
            t.start += offset
            t.end += offset
            if not t.years and len(statement_years) == 1 and not _ANNUAL_METRIC_RE.search(t.metric):
                t.years = sorted(statement_years)
            out.append(t)
    # `…, không có tình trạng tảo hôn giai đoạn …` after a `,`: a zero target inside a clause
    if out and not any(t.value == 0 and t.unit == "count" for t in out):
        for m in _ZERO_RE.finditer(text):
            if m.start() > 0 and text[:m.start()].rstrip().endswith(","):
                zt = clause_targets(text[m.start():])
                for t in zt:
                    t.start += m.start()
                    t.end += m.start()
                    if not t.years:
                        t.years = sorted(statement_years)[-1:]
                out.extend(zt)
    return out


def _statements(doc: CleanDocument, sections: list[Section]) -> list[tuple[Paragraph, int, int | None]]:
    """(paragraph, offset where the statement starts, indicator number) of target statements."""
    out = []
    first_section = sections[0].paragraph_start if sections else 0
    for para in doc.paragraphs[first_section:]:
        text = para.text
        if text.startswith("|"):
            continue  # table rows are read by column (`table_targets`)
        offset = 0
        label = label_of(text)
        if label and not (label.group("letter") or label.group("num") or label.group("num2")):
            continue
        if label:
            offset = label.end()
        m = NUMBERED_RE.match(text[offset:])
        if m:
            out.append((para, offset + m.end(), int(m.group("no"))))
            continue
        section = section_at(sections, para.index)
        if label:
            colon = text.find(": ", offset)
            if colon < 0:
                continue
            offset = colon + 2
        body = text[offset:]
        in_objectives = section is not None and section.kind == "objectives"
        if in_objectives or find_quantities(body):
            bullet = _re(r"^[-+•–]\s*").match(body)
            out.append((para, offset + (bullet.end() if bullet else 0), None))
    return out


def read_indicators(doc: CleanDocument, sections: list[Section], document: DocumentRow) -> list[Indicator]:
    single_year = document.period_start if (document.period_start and
                                             document.period_start == document.period_end) else None
    rows: list[Indicator] = []
    for para, offset, number in _statements(doc, sections):
        text = para.text[offset:]
        targets = statement_to_targets(text)
        section = section_at(sections, para.index)
        sid = section.section_id if section else None
        if number is not None and not any(t.value is not None for t in targets):
            metric = _clean_metric(_re(r":\s").split(text, maxsplit=1)[0])
            targets = [Target(metric, None, None, None, [], 0, 0)]
        for t in targets:
            years: list[int | None] = list(t.years)
            inferred = False
            if not years:
                years = [single_year]
                inferred = single_year is not None
            a, b = offset + t.start, offset + t.end
            if t.value is None:  # a numbered indicator without a number: cite `Chỉ tiêu N`
                a = b = _numbered_start(para.text)
            span = para.span(a, max(b, a + 1))
            for year in years:
                rows.append(Indicator(
                    doc_id=doc.doc_id, indicator_no=number, code=catalog.code_for(t.metric), metric=t.metric,
                    comparator=t.comparator, value=t.value, unit=t.unit, target_year=year,
                    year_inferred=inferred, section_id=sid, line=span.line, page=span.page,
                    char_start=span.char_start, char_end=span.char_end, text=para.text, of_total=t.of_total,
                ))
    return rows + table_targets(doc, sections)


# --- indicator tables ----------------------------------------------------------------------------
# | TT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 |   (an appendix of targets, one column per year)
_YEAR_CELL_RE = regex.compile(r"^(?:(?:mục\s+tiêu|chỉ\s+tiêu|kế\s+hoạch|KH|đến|giai\s+đoạn\s+\d{4}\s*-)\s*)?(?:năm\s*)?"
                              r"(?P<y>(?:19|20)\d{2})$", regex.IGNORECASE)
_METRIC_CELL_RE = regex.compile(r"chỉ\s+tiêu|nội\s+dung|mục\s+tiêu|tên", regex.IGNORECASE)
_UNIT_CELL_RE = regex.compile(r"đơn\s+vị|đvt", regex.IGNORECASE)
_CELL_VALUE_RE = regex.compile(
    rf"^(?P<cmp>≥|>=|>|≤|<=|<|~|≈|(?i:dưới|trên|tối\s+thiểu|tối\s+đa|khoảng|đạt|không\s+quá))?\s*(?P<num>{_NUM})"
    r"\s*(?P<sign>%|‰)?\s*$")
_SYMBOLS = {"≥": ">=", ">=": ">=", ">": ">", "≤": "<=", "<=": "<=", "<": "<", "~": "~", "≈": "~"}


def _cells(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a table row `| a | b |`."""
    out, pos = [], 0
    parts = text.split("|")
    for k, part in enumerate(parts):
        if 0 < k < len(parts) - 1 or (k == len(parts) - 1 and part.strip()):
            lead = len(part) - len(part.lstrip())
            out.append((pos + lead, part.strip()))
        pos += len(part) + 1
    return out


def _table_header(cells: list[str]) -> dict | None:
    years = [(i, int(m.group("y"))) for i, c in enumerate(cells) if (m := _YEAR_CELL_RE.match(c))]
    metric = next((i for i, c in enumerate(cells) if _METRIC_CELL_RE.search(c) and not _YEAR_CELL_RE.match(c)), None)
    if not years or metric is None:
        return None
    unit = next((i for i, c in enumerate(cells) if _UNIT_CELL_RE.search(c)), None)
    return {"years": years, "metric": metric, "unit": unit}


def _cell_unit(sign: str | None, unit_text: str, metric: str) -> str | None:
    if sign:
        return "%" if sign == "%" else "per_1000"
    u = unit_text.replace(" ", "")
    if "%" in u:
        return "%"
    if "‰" in u:
        return "per_1000"
    m = _re(r"(1\.?000|10\.?000|100\.?000)").search(u)
    if m:
        return _denominator_unit(m.group(1))
    return _metric_rate_unit(metric) or ("count" if u else None)


def table_targets(doc: CleanDocument, sections: list[Section]) -> list[Indicator]:
    """Targets of indicator tables: one row per table row and year column."""
    before_re, before, _, _ = _comparator_rules()
    rows: list[Indicator] = []
    header = None
    for para in doc.paragraphs:
        if not para.text.startswith("|"):
            header = None
            continue
        cells = _cells(para.text)
        texts = [c for _, c in cells]
        found = _table_header(texts)
        if found:
            header = found
            continue
        if header is None or header["metric"] >= len(cells):
            continue
        metric = texts[header["metric"]]
        if not _re(r"\p{L}{2}").search(metric):
            continue
        number = None
        if header["metric"] > 0 and _re(r"^\d{1,2}\.?$").match(texts[0]):
            number = int(texts[0].rstrip("."))
        unit_text = texts[header["unit"]] if header["unit"] is not None and header["unit"] < len(texts) else ""
        section = section_at(sections, para.index)
        code = catalog.code_for(metric)
        down = _re(r"\bgiảm\b", regex.IGNORECASE).search(metric) or any(
            e["code"] == code and e.get("direction") == "down" for e in catalog.entries())
        for col, year in header["years"]:
            if col >= len(cells):
                continue
            offset, cell = cells[col]
            m = _CELL_VALUE_RE.match(cell)
            if not m:
                continue
            word = (m.group("cmp") or "").lower()
            comparator = _SYMBOLS.get(word) or before.get(" ".join(word.split())) or ("<=" if down else ">=")
            span = para.span(offset, offset + len(cell))
            rows.append(Indicator(
                doc_id=doc.doc_id, indicator_no=number, code=code, metric=_clean_metric(metric),
                comparator=comparator, value=parse_number(m.group("num")),
                unit=_cell_unit(m.group("sign"), unit_text, metric), target_year=year, year_inferred=False,
                section_id=section.section_id if section else None, line=span.line, page=span.page,
                char_start=span.char_start, char_end=span.char_end, text=para.text))
    return rows


def _numbered_start(text: str) -> int:
    m = _re(r"Chỉ\s+tiêu", regex.IGNORECASE).search(text)
    return m.start() if m else 0

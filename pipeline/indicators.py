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
from .normalize import label_of, phrase_alternation
from .records import CleanDocument, DocumentRow, Indicator, Paragraph, Section
from .segment import sections_of_paragraphs


_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"  # 1.234,5 / 11,5 / 18.5 / 90
NUMBERED_RE = regex.compile(r"^(?:[-+•–]\s*)?(?:\d{1,2}\.\s*)?Chỉ\s+tiêu\s+(?:số\s+)?(?P<no>\d{1,3})\s*(?:[:.]|[-–](?=\s))\s*",
                            regex.IGNORECASE)
_YEAR_SPAN_RE = regex.compile(
    r"(?:giai\s+đoạn\s+)?từ\s+năm\s+(?P<a>(?:19|20)\d{2})\s*(?:đến|tới|-|–)\s*(?:(?:hết|cuối)\s+)?(?:năm\s+)?(?P<b>(?:19|20)\d{2})",
    regex.IGNORECASE)
_YEAR_LIST_RE = regex.compile(
    r"(?<!tháng\s+\d{1,2}\s+)(?:(?:vào|đến|tới|trong|tại)\s+)?năm\s+(?P<first>(?:19|20)\d{2})(?P<more>(?:\s*(?:,|và)\s*(?:năm\s+)?(?:19|20)\d{2}(?!\d))*)"
    r"|(?:đến|tới|vào|trước)\s+(?:(?:hết|cuối)\s+)?(?P<first2>(?:19|20)\d{2})(?![\d/])",
    regex.IGNORECASE)
_PERIOD_RE = regex.compile(  # `giai đoạn 2021 - 2025`, `thời kỳ 2021-2030`: counts as its end year
    r"(?:giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ)\s+(?:từ\s+)?(?:năm\s+)?(?P<a>(?:19|20)\d{2})\s*(?:-|–|đến|tới)\s*(?:(?:hết|cuối)\s+)?(?:năm\s+)?(?P<b>(?:19|20)\d{2})",
    regex.IGNORECASE)
_SENTENCE_SPLIT_RE = regex.compile(r"(?<=[^\d\s.]{2}\.)\s+(?=[\p{Lu}\d-])")
_CLAUSE_SPLIT_RE = regex.compile(r"\s*[;:]\s+")
_ZERO_RE = regex.compile(
    r"\b(?P<head>không\s+(?:có|để\s+xảy\s+ra)\s+(?P<kind>tình\s+trạng|trường\s+hợp)|không\s+phát\s+sinh(?P<new>\s+mới)?)"
    r"\s+(?P<obj>[^,;.]+)", regex.IGNORECASE)
_LEAD_VERBS_RE = regex.compile(
    r"^(?:(?:tiếp\s+tục|phấn\s+đấu|giảm|tăng|duy\s+trì|nâng\s+cao|nâng|đạt|có|bảo\s+đảm|đảm\s+bảo|hạ|kéo\s+giảm|góp\s+phần|"
    r"(?:đến|vào)\s+năm\s+\d{4},?|đến\s+\d{4},?|mục\s+tiêu|chỉ\s+tiêu)\s+)+",
    regex.IGNORECASE)
_QUALIFIER_RE = regex.compile(
    r"\bđối\s+với\s+[\p{Ll}\p{Lu}][\p{L} ]*?(?=\s+(?:và|xuống|dưới|đạt|là|trên|vào|năm)\b|\s*[,;]|\s*$)")
_ANNUAL_RE = regex.compile(r"^\s*(?P<w>hằng\s+năm|hàng\s+năm|mỗi\s+năm)\b", regex.IGNORECASE)
_ANNUAL_METRIC_RE = regex.compile(r"(?:hằng|hàng|mỗi)\s+năm$", regex.IGNORECASE)
_MEASURE_WORDS_RE = regex.compile(r"^(?:tỷ\s+lệ|tỷ\s+suất|số|số\s+lượng|mức)$", regex.IGNORECASE)
_LEAD_SPLIT_RE = regex.compile(
    r"(?:,|\s+và)\s+(?=(?:duy\s+trì|phấn\s+đấu|tiếp\s+tục|giảm|tăng|nâng|đạt|góp\s+phần)\b)", regex.IGNORECASE)
# `giảm 8% tổng lượng phát thải`, `tăng thêm ít nhất 20%`: an amount of change, not a level
_CHANGE_RE = regex.compile(
    r"(?<!\p{L})(?P<verb>giảm|tăng)(?:\s+(?:thêm|được|bình\s+quân|trung\s+bình))*"
    r"(?:\s+(?:ít\s+nhất|tối\s+thiểu|khoảng|trên|từ))?\s*$", regex.IGNORECASE)


@dataclass
class Quantity:
    start: int
    end: int
    value: float | None
    unit: str | None
    comparator: str | None = None  # set by a range (`từ 2 đến 3%` -> `>=` 2)
    of_total: int | None = None
    value_max: float | None = None  # upper bound of a range
    unit_text: str | None = None  # the unit as written (`tỷ đồng/năm`, `tỉnh`, `con/phụ nữ`)
    measure: str | None = None  # the metric's head word for a number-first target (`Diện tích`)
    per_year: bool = False  # `12%/năm`, `8.000 tỷ đồng/năm`


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
def _unit_rules() -> dict:
    units = rules.load("units.yaml")
    measures = {}
    for m in units["measures"]:
        for w in m["words"]:
            measures[w.lower()] = m
    return {"scales": {k.lower(): float(v) for k, v in units["scale_words"].items()}, "measures": measures,
            "not_count": {w.lower() for w in units["not_count_nouns"]} | {w.lower() for w in units["metric_numbers"]},
            "not_ratio": {w.lower() for w in units["not_ratio_nouns"]},
            "count_nouns": {w.lower() for w in units["count_nouns"]}}


@rules.cached
def _quantity_re() -> regex.Pattern:
    units = rules.load("units.yaml")
    nouns = phrase_alternation(units["count_nouns"])
    scales = phrase_alternation(units["scale_words"])
    measures = phrase_alternation(w for m in units["measures"] for w in m["words"])
    rates = "|".join(sorted({r"1\.?000", r"10\.?000", r"100\.?000"}, key=len, reverse=True))
    vạn = phrase_alternation(units["ratio_denominator_words"])
    pct = phrase_alternation(units["percent"]) + r"(?!\p{L})"  # `%`, `phần trăm`
    pm = phrase_alternation(units["per_mille"]) + r"(?!\p{L})"
    return regex.compile(
        rf"""(?<![\d.,/\p{{L}}])(?:
            (?:(?i:từ)\s+)?(?P<a>{_NUM})\s*(?P<asign>{pct}|{pm})?\s*(?:-|–|(?i:đến|tới))\s*(?P<b>{_NUM})(?!\s*/\s*\d)
          | (?P<n>{_NUM})
        )
        (?:\s*(?P<scale>{scales})(?!\p{{L}}))?
        (?:
            \s*(?P<pct>{pct})(?P<pctyear>\s*/\s*năm)?
          | \s*(?P<pm>{pm})
          | \s*/\s*(?P<den>{rates})(?!\d)
          | \s*/\s*(?P<of>\d+)\s+(?P<ofnoun>{nouns})(?!\p{{L}})
          | \s*(?P<measure>{measures})(?![\p{{L}}\d])(?P<mper>\s*/\s*năm)?
          | \s+(?P<rnoun>\p{{Ll}}+(?:\s\p{{Ll}}+)?)\s*/\s*(?:(?P<rden>{_NUM})\s+|(?P<rvan>{vạn})\s+)?(?P<rdnoun>\p{{Ll}}+(?:\s\p{{Ll}}+)?)(?!\p{{L}})
          | \s+(?P<cnoun>{nouns})(?!\p{{L}})
        )""",
        regex.VERBOSE | regex.IGNORECASE,
    )


@rules.cached
def _generic_count_re() -> tuple[regex.Pattern, regex.Pattern]:
    """A number and a noun after a word that sets an amount (`ít nhất 15 tỉnh`, `thành lập 4 diễn đàn`):
    (the number and its noun, the cue word that must end the text before it)."""
    cues = phrase_alternation(rules.load("targets.yaml")["count_cue_words"])
    scales = phrase_alternation(rules.load("units.yaml")["scale_words"])
    return (regex.compile(rf"(?<![\d.,/\p{{L}}])(?P<n>{_NUM})(?:\s*(?:-|–)\s*(?P<b>{_NUM}))?(?:\s+(?P<scale>{scales}))?"
                          rf"\s+(?P<noun>\p{{Ll}}+)(?!\p{{L}})"),
            regex.compile(rf"(?:^|\s)(?i:{cues})\s+$"))


_BARE_RE = regex.compile(
    rf"(?<![\d.,/])(?P<bare>{_NUM})(?=\s+(?:vào|đến|tới|trong)\s+năm\b|\s+(?:(?:vào|đến|tới|trong)\s+)?(?:(?:hết|cuối)\s+)?năm\s+(?:19|20)\d{{2}}\b|\s*[;.]?\s*$)", regex.IGNORECASE)


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


def _scaled(text: str | None, scale: float, factor: float = 1.0) -> float | None:
    if text is None:
        return None
    value = parse_number(text) * scale * factor
    return float(round(value)) if scale * factor >= 1000 else round(value, 9)


def _quantity(m: regex.Match) -> Quantity | None:
    """One match of `_quantity_re` -> a quantity in base units (None: not a quantity)."""
    ur = _unit_rules()
    scale_word = " ".join((m.group("scale") or "").lower().split())
    scale = ur["scales"].get(scale_word, 1.0)
    low, high = (m.group("a"), m.group("b")) if m.group("a") else (m.group("n"), None)
    if m.group("a") and m.group("asign") and not (m.group("pct") or m.group("pm")):
        return None
    start, end = m.start(), m.end()
    written = " ".join(m.group(0)[m.end("b" if m.group("a") else "n") - m.start():].split())
    if m.group("pct") or m.group("pm"):
        if scale_word:
            return None
        unit = "%" if m.group("pct") else "per_1000"
        q = Quantity(start, end, _scaled(low, 1), unit, value_max=_scaled(high, 1))
        if m.group("pctyear"):
            q.per_year, q.unit_text = True, "%/năm"
        return q
    if m.group("den"):
        if high or scale_word:
            return None
        return Quantity(start, end, parse_number(low), _denominator_unit(m.group("den")))
    if m.group("of"):  # `13/13 xã`: the noun belongs to the metric
        if high or scale_word:
            return None
        return Quantity(start, m.end("of"), parse_number(low), "count", of_total=int(m.group("of")))
    if m.group("measure"):
        spec = ur["measures"][" ".join(m.group("measure").lower().split())] if \
            " ".join(m.group("measure").lower().split()) in ur["measures"] else \
            next(v for k, v in ur["measures"].items() if k.lower() == m.group("measure").lower())
        factor = float(spec["factor"])
        q = Quantity(start, end, _scaled(low, scale, factor), spec["unit"], value_max=_scaled(high, scale, factor),
                     unit_text=written, measure=spec.get("measure"), per_year=bool(m.group("mper")))
        return q
    if m.group("rnoun"):
        den = m.group("rden")
        noun, dnoun = m.group("rnoun").lower(), m.group("rdnoun").lower()
        if noun.split()[0] in ur["not_count"] | ur["not_ratio"] or dnoun.split()[0] in ur["not_ratio"] \
                or dnoun.split()[0] in ur["measures"]:
            if noun in ur["count_nouns"] and not high and not scale_word:
                # `5 dự án/4.360 MW`: five projects (of 4,360 MW in all), a count of the noun; the
                # size after the slash is part of the quantity, not of the metric's words
                size = _re(r"\s+\S+").match(m.string, m.end("rden")) if den else None
                return Quantity(start, size.end() if size else m.end("rnoun"), _scaled(low, scale), "count",
                                unit_text=noun, measure="Số")
            return None
        if m.group("rvan"):
            unit = "per_10000"
        elif den and den.replace(".", "") in ("1000", "10000", "100000"):
            unit = _denominator_unit(den)
        else:
            unit = "ratio"
        return Quantity(start, end, _scaled(low, scale), unit, value_max=_scaled(high, scale), unit_text=written)
    noun = " ".join(m.group("cnoun").lower().split())
    return Quantity(start, end, _scaled(low, scale), "count", value_max=_scaled(high, scale), unit_text=written,
                    measure="Số")


def _quantities(clause: str) -> tuple[list[Quantity], int | None]:
    """(target quantities, offset of the first number of any kind, a dropped one included)."""
    if not _ANY_DIGIT_RE.search(clause):
        return [], None
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _quantity_re().finditer(clause):
        if m.group("cnoun") and not m.group("a"):
            pre = clause[:m.start()]
            if not _re(r"(?:đạt|duy\s+trì|có|xây\s+dựng|thành\s+lập|phấn\s+đấu|thêm|mới|ít\s+nhất|tối\s+thiểu|"
                       r"khoảng|trên|dưới|hoàn\s+thành|hỗ\s+trợ|đào\s+tạo|tập\s+huấn|tổ\s+chức|trồng|cấp|"
                       r"lên|xuống|còn|giảm|tăng|bố\s+trí|lắp\s+đặt|phát\s+triển|và|,)\s*$|^\s*$|^[-+•–]\s*$").search(
                    pre, regex.IGNORECASE):
                continue
        q = _quantity(m)
        if q is None:
            continue
        found.append(q)
        taken.append((q.start, q.end))
    number_noun, cue = _generic_count_re()
    for m in number_noun.finditer(clause):
        if any(a <= m.start("n") < b for a, b in taken) or not cue.search(clause[max(0, m.start() - 30):m.start()]):
            continue
        noun = m.group("noun").lower()
        ur = _unit_rules()
        if noun in ur["not_count"] or noun in ur["scales"] or noun in ur["measures"]:
            continue
        scale = ur["scales"].get(" ".join((m.group("scale") or "").lower().split()), 1.0)
        written = " ".join(clause[m.end("b") if m.group("b") else m.end("n"):m.end("noun")].split())
        found.append(Quantity(m.start("n"), m.end("noun"), _scaled(m.group("n"), scale), "count",
                              value_max=_scaled(m.group("b"), scale), unit_text=written, measure="Số"))
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
    """`dưới 9,5 vào năm 2025 và dưới 9 vào năm 2030` (`… năm 2025`, `… đến hết năm 2025`) when the
    metric names `trên 1.000 …`."""
    out = []
    for m in _BARE_RE.finditer(clause):
        pre = clause[:m.start()]
        if _re(r"(?:năm|số|ngày|tháng|tiêu)\s*$", regex.IGNORECASE).search(pre):
            continue
        if _re(r"(?:\d\s*-\s*|<\s*)$").search(pre):
            continue
        out.append(Quantity(m.start(), m.end(), parse_number(m.group("bare")), unit))
    return out


_ANY_DIGIT_RE = regex.compile(r"\d")
_ANY_YEAR_RE = regex.compile(r"(?:19|20)\d{2}")


def _years_in(text: str) -> list[tuple[int, int, list[int]]]:
    """Year phrases of a clause: (start, end, years). A span counts as its end year."""
    if not _ANY_YEAR_RE.search(text):
        return []
    phrases = []
    taken = []
    for m in _YEAR_SPAN_RE.finditer(text):
        phrases.append((m.start(), m.end(), [int(m.group("b"))]))
        taken.append((m.start(), m.end()))
    for m in _PERIOD_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        phrases.append((m.start(), m.end(), [int(m.group("b"))]))
        taken.append((m.start(), m.end()))
    for m in _YEAR_LIST_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group("first2"):
            years = [int(m.group("first2"))]
        else:
            years = [int(m.group("first"))] + [int(y) for y in _re(r"\d{4}").findall(m.group("more"))]
        phrases.append((m.start(), m.end(), years))
    return sorted(phrases)


def _aim_years_in(text: str) -> list[tuple[int, int, list[int]]]:
    """The year phrases of a text that can date a target: not a baseline's year after `so với`
    (`Giảm 10% số vụ tai nạn giao thông so với năm 2020`)."""
    years = _years_in(text)
    if not years or "với" not in text:
        return years
    return [p for p in years if not _re(r"so\s+với\s*$", regex.IGNORECASE).search(text[max(0, p[0] - 12):p[0]])]


def _comparator(clause: str, q: Quantity, prev_end: int, prev_comp: str | None) -> str:
    if q.comparator:
        return q.comparator
    if q.value_max is not None:  # a range: its lower bound, the upper in `value_max`
        return ">="
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


_TIME_LEAD_RE = regex.compile(  # `Năm 2030,`, `Định hướng đến năm 2050,`, `Dự kiến đến năm 2035,`, `Giai đoạn 2030 - 2035`
    r"^(?:[.(\s]*)(?:(?:định\s+hướng|dự\s+kiến|phấn\s+đấu|mục\s+tiêu)\s+)*(?:(?:đến|vào|trong|tới)\s+)?"
    r"(?:(?:năm|giai\s+đoạn|thời\s+kỳ)\s+)?(?:19|20)\d{2}(?:\s*(?:-|–|đến)\s*(?:năm\s+)?(?:19|20)\d{2})?\s*[,:]?\s*"
    r"(?:(?:định\s+hướng|dự\s+kiến|dự\s+kiên)\s+)*", regex.IGNORECASE)


def _clean_metric(text: str) -> str:
    text = text.strip().rstrip(" ,;:.")
    if text.count("(") > text.count(")"):  # `… tự sản, tự tiêu (phục vụ tiêu thụ tại chỗ`: a bracket the clause cut
        text = text[:text.rindex("(")]
    elif text.endswith(")") and text.count(")") > text.count("("):  # `… 02 dự án điện rác)`: the list's bracket
        text = text[:-1]
    if text.endswith("gồm"):  # `5 dự án … đang xây dựng, gồm: …`
        text = _re(r"[\s,;:.]+(?:bao\s+)?gồm$").sub("", text).rstrip(" ,;:.")
    text = _re(r"^(?:\((?:\d{1,2}|[ivxl]{1,5})\)|\d{1,2}\)|[a-zđ]\))\s*").sub("", text)  # `(2) GRDP …`, `(viii) …`: the item's label
    for _ in range(2):
        text = _TIME_LEAD_RE.sub("", text).strip()
        text = _LEAD_VERBS_RE.sub("", text).strip()
    before_re, _, _, _ = _comparator_rules()
    text = _re(r"\s+từ$", regex.IGNORECASE).sub("", text)  # `… vắc xin đạt từ` (97% trở lên)
    for _ in range(3):
        m = before_re.search(text)
        if not m:
            break
        text = text[:m.start()].rstrip(" ,")
    text = _re(r"\s+(?:trở\s+lên|trở\s+xuống|so\s+với)$").sub("", text)
    # `Tỷ trọng ngành Công nghiệp trong GRDP đến năm 2030`: the year is the target's, not the metric's
    if text[-1:].isdigit():
        text = _re(r"\s+(?:(?:đến|vào|tới|trong)\s+)?(?:năm|giai\s+đoạn)\s+(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?$",
                   regex.IGNORECASE).sub("", text)
    text = _re(r"(?:\s+(?:và|hoặc)|[\s,;]+)$").sub("", text)  # `50% các tòa nhà công sở và 50% …`
    # `Sẽ đưa vào vận hành các Nhà máy điện hạt nhân … với quy mô`: the measure named last goes first
    last = _re(r"^(?:sẽ\s+)?(?P<a>.+?)(?:\s+với|,)\s+(?P<m>(?:tổng\s+)?(?:quy\s+mô|công\s+suất)(?:\s+(?:bổ\s+sung|tăng\s+thêm|lắp\s+đặt))?)$",
               regex.IGNORECASE).match(text) if " với " in text or "," in text else None
    if last and not _re(r"^(?:tổng\s+)?(?:quy\s+mô|công\s+suất)\b", regex.IGNORECASE).match(text):
        text = f"{last.group('m')} {last.group('a')[:1].lower()}{last.group('a')[1:]}"
    return (text[:1].upper() + text[1:]) if text else text


def _metric_after(clause: str, q: Quantity, stop: int) -> str:
    text = clause[q.end:stop]
    text = _re(r"^\s*(?:trở\s+lên|trở\s+xuống)\b", regex.IGNORECASE).sub("", text)
    years = _years_in(text)
    if years:
        text = text[:years[0][0]]
    text = _re(r",?\s+(?:và\s+)?(?:duy\s+trì|phấn\s+đấu|tiếp\s+tục|không|nhằm|để|theo\s+(?:cam\s+kết|kế\s+hoạch|lộ\s+trình|"
              r"mục\s+tiêu|Nghị|Quyết|Thỏa|Chỉ\s+thị|Kết\s+luận|Luật|Chương\s+trình))\b").split(text, maxsplit=1)[0]
    return _clean_metric(text)


def _own_lead(text: str) -> str | None:
    """The metric a later value of a clause names for itself: the words after the last `,` or
    `và` before it, when they start with a verb of change (`…, và tăng độ che phủ rừng lên 45%`)."""
    parts = _re(r"(?:,|\s+và|\s+hoặc)\s+", regex.IGNORECASE).split(text)
    if len(parts) < 2:
        return None
    lead = _clean_metric(parts[-1])
    return lead if len(lead.split()) >= 2 else None


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
    value_max: float | None = None
    unit_text: str | None = None
    aim: int = 0  # 2: the clause says it is an aim (`phấn đấu`, `mục tiêu`); 1: it sets a level (`đạt`, `ít nhất`)
    lead_in: str | None = None  # the words before the statement's colon, when the clause stands after one


@rules.cached
def _target_words() -> dict[str, regex.Pattern]:
    data = rules.load("targets.yaml")

    def words(key: str, end: bool = False) -> regex.Pattern:
        alt = phrase_alternation(data[key])
        return regex.compile(rf"(?<!\p{{L}})(?:{alt})(?!\p{{L}})" + (r"\s*$" if end else ""), regex.IGNORECASE)
    qualifying = regex.compile(rf"(?<!\p{{L}})đã\s+(?:{phrase_alternation(data['qualifying_participles'])})(?!\p{{L}})",
                               regex.IGNORECASE)
    return {"aim": words("aim_words"), "strong": words("strong_aim_words"), "result": words("result_words"),
            "qualifying": qualifying, "share": regex.compile(
        rf"^\s*(?:(?:so\s+với|của|trên)\s+)?(?:{phrase_alternation(data['share_of_words'])})(?!\p{{L}})", regex.IGNORECASE),
        "condition": words("condition_words"), "money": words("money_not_target_words"),
        "money_aim": words("money_aim_words")}


def _not_a_target(clause: str, q: Quantity) -> bool:
    """A result already reached (`đã đạt 95%`, `ước đạt`), a share of a budget or of a plan
    (`bằng 160% dự toán`), or a number inside a rule or a formula."""
    w = _target_words()
    pre = clause[max(0, q.start - 160):q.start]
    post = clause[q.end:q.end + 60]
    if q.unit == "%" and w["share"].match(post):
        return True
    if _re(r"[\p{L}\d)]\s*(?:=|≤|≥|<|>)\s*$").search(pre):  # `q = 2,6 kg/m3`: a formula or a specification
        return True
    if _re(r"^[^.;]{0,40}?(?<!\p{L})đã\s+(?:được|có|hoàn\s+thành|đạt|thực\s+hiện)", regex.IGNORECASE).match(post):
        return True  # `100% hồ chứa đã được kết nối`: a result
    if q.unit in ("VND", "USD") and (w["money"].search(pre) or not w["money_aim"].search(pre)):
        return True  # an amount of money is a target only when phrased as one (`thu ngân sách đạt …`)
    if w["condition"].search(pre):
        return True
    qualifiers = {m.start() for m in w["qualifying"].finditer(pre)}  # `các dự án đã quy hoạch`: not a result
    results = [m.end() for m in w["result"].finditer(pre) if m.start() not in qualifiers]
    if results:
        aims = [m.end() for m in w["aim"].finditer(pre)]
        last_aim = max(aims) if aims else -1
        last_result = max(results)
        if last_result >= last_aim:
            return True
        # `đã đạt` read as one result even though `đạt` alone is an aim word
        if _re(r"(?:đã|ước)\s+(?:đạt|thực\s+hiện)(?:\s+được)?\s*(?:\p{L}+\s+){0,3}$", regex.IGNORECASE).search(pre):
            return True
    return False


def _is_aim(clause: str, q: Quantity) -> int:
    w = _target_words()
    if w["strong"].search(clause[:q.start]):
        return 2
    return int(bool(w["aim"].search(clause[:q.start]) or _re(r"^\s*trở\s+(?:lên|xuống)", regex.IGNORECASE).match(
        clause[q.end:])))


def _measured_metric(clause: str, q: Quantity, stop: int, last: Quantity | None = None) -> str | None:
    """`150.000 ha rừng ven biển được trồng` -> `Diện tích rừng ven biển được trồng`;
    `ít nhất 15 tỉnh được hỗ trợ …` -> `Số tỉnh được hỗ trợ …` (the noun after the amount).
    Amounts joined by `và` share the predicate of the last (`200.000 ha rừng đặc dụng và
    400.000 ha rừng sản xuất được phục hồi`)."""
    if not q.measure or _re(r"^\s*[,;(:]").match(clause[q.end:stop]):
        return None
    after = _metric_after(clause, q, stop)
    if last is not None and last is not q and _re(r"(?:,|\s+và)\s*$").search(clause[q.end:stop]):
        tail = _re(r"\s(?:là|được|có)\s.*$").search(_metric_after(clause, last, len(clause)))
        if tail:
            after = _re(r"\s*(?:,|\s+và)\s*$").sub("", after) + tail.group(0)
    if q.unit == "count":
        noun = q.unit_text or ""
        for scale in sorted(_unit_rules()["scales"], key=len, reverse=True):
            if noun.lower().startswith(scale + " "):
                noun = noun[len(scale) + 1:]
                break
        after = f"{noun} {after[:1].lower()}{after[1:]}".strip()
    if len(after.split()) < 2 or _re(r"^(?:vào|đến|tới|trong|năm|trở|và|hoặc|so|tại|trên|dưới|mỗi|hằng|hàng|/)\b",
                                      regex.IGNORECASE).match(after):
        return None
    return f"{q.measure} {after[:1].lower()}{after[1:]}"


# a year that dates a baseline, not the target: `bằng diện tích đã đạt được tại năm 2020`, `so với năm 2020`
_BASELINE_RE = regex.compile(r"(?:(?<!\p{L})đã(?:\s+\p{L}+){1,3}|so\s+với)\s*$", regex.IGNORECASE)


def clause_targets(clause: str) -> list[Target]:
    """Targets of one clause (offsets relative to the clause)."""
    quantities, first_number = _quantities(clause)
    if not quantities:
        unit = _metric_rate_unit(clause)
        if unit and _re(r"\btỷ\s+suất\b|\btrên\s+1\.?000\b", regex.IGNORECASE).search(clause):
            quantities = _bare_quantities(clause, unit)
            first_number = quantities[0].start if quantities else None
    quantities = [q for q in quantities if not _not_a_target(clause, q)]
    if not quantities:
        return _zero_targets(clause)
    phrases = _aim_years_in(clause)
    first = quantities[0]
    lead_text = clause[:first_number if first_number is not None and first_number <= first.start else first.start]
    lead_parts = _LEAD_SPLIT_RE.split(lead_text)
    lead_text = lead_parts[-1]
    lead = _clean_metric(lead_text)
    nxt0 = quantities[1].start if len(quantities) > 1 else len(clause)
    if _MEASURE_WORDS_RE.match(lead):  # `duy trì tỷ lệ 100% trẻ em 5 tuổi …`
        lead = f"{lead} {_metric_after(clause, first, nxt0)[:1].lower()}{_metric_after(clause, first, nxt0)[1:]}"
        earlier = _clean_metric(_re(r"^[\s\-+•–*]+").sub("", lead_parts[-2])) if len(lead_parts) > 1 else ""
        if _MEASURE_WORDS_RE.match(lead.strip()) and len(earlier.split()) >= 2:
            # `Phát triển mạnh các nguồn năng lượng tái tạo …, đạt tỷ lệ khoảng 28 - 36%`: the share of what
            # the clause names before
            lead = f"{lead.strip()} {earlier[:1].lower()}{earlier[1:]}"
    weak_lead = len(lead.split()) < 2
    base = _metric_after(clause, first, nxt0) if weak_lead else lead
    if not weak_lead and len(lead.split()) <= 3 and (first.unit == "%" or first.of_total) \
            and not _MEASURE_WORDS_RE.match(lead.split()[0]) and _re(r"^\s+\p{Ll}").match(clause[first.end:]):
        # `Tiếp tục đơn giản hóa 15-20% thủ tục hành chính …`, `hoàn thành 63/63 tỉnh, thành phố kết nối …`:
        # a verb for a lead, the share of what the words after the value name
        after = _metric_after(clause, first, nxt0)
        if len(after.split()) >= 2:
            base = f"{'Số' if first.of_total else lead} {after[:1].lower()}{after[1:]}"
    targets: list[Target] = []
    prev_end, prev_comp, metric = 0, None, base
    for k, q in enumerate(quantities):
        nxt = quantities[k + 1].start if k + 1 < len(quantities) else len(clause)
        if k > 0:
            pre_qual = _QUALIFIER_RE.search(clause[prev_end:q.start])
            own_lead = _own_lead(clause[prev_end:q.start])
            if pre_qual:  # `…, đối với thành thị xuống dưới 10%`
                metric = _stem(base) + " " + pre_qual.group(0).strip()
            elif own_lead:  # `…, và tăng độ che phủ rừng toàn quốc lên 45%`
                metric = own_lead
            elif weak_lead:
                after = _metric_after(clause, q, nxt)
                if len(after.split()) >= 2:
                    metric = after
        after_text = clause[q.end:nxt]
        stripped = after_text.lstrip()
        post_qual = _QUALIFIER_RE.match(stripped)  # `dưới 5% đối với nông thôn`
        q_metric = _stem(metric) + " " + post_qual.group(0).strip() if post_qual else metric
        q_metric = _measured_metric(clause, q, nxt, quantities[-1]) or q_metric
        if q.unit == "count" and q.measure and q.unit_text and q_metric and \
                q.unit_text.lower().split()[-1] not in q_metric.lower():  # `Hình thành mới 15 Cụm công nghiệp, …`
            noun = q.unit_text.lower()
            for scale in _unit_rules()["scales"]:
                noun = _re(rf"^{regex.escape(scale)}\s+").sub("", noun)
            q_metric = f"Số {noun} {q_metric[:1].lower()}{q_metric[1:]}"
        comp = _comparator(clause, q, prev_end, prev_comp)
        change = _CHANGE_RE.search(clause[max(prev_end, q.start - 60):q.start])
        if change and q.unit == "%":  # `giảm 8% tổng lượng phát thải …`, `giảm bình quân 1,5%/năm`: the amount of change
            noun = _metric_after(clause, q, nxt) if not q.per_year else ""
            subject = noun if len(noun.split()) >= 2 else _re(
                r"\s+(?:giảm|tăng)(?:\s+(?:thêm|bình\s+quân|trung\s+bình))*(?=\s+hằng\s+năm$|$)", regex.IGNORECASE).sub("", q_metric)
            subject = _clean_metric(subject)
            word = "Mức giảm" if change.group("verb").lower() == "giảm" else "Mức tăng"
            if not subject.lower().startswith(word.lower()):
                q_metric = f"{word} {subject[:1].lower()}{subject[1:]}"
            before_re, before, _, _ = _comparator_rules()
            explicit = before_re.search(clause[prev_end:q.start])
            comp = before[explicit.group("w").lower()] if explicit and explicit.group("w").lower() not in (
                "giảm xuống", "xuống", "còn", "giảm còn", "xuống còn") else ">="
        own = [p for p in phrases if q.end <= p[0] < nxt]
        annual = _ANNUAL_RE.match(after_text)
        extra = dict(of_total=q.of_total, value_max=q.value_max, unit_text=q.unit_text, aim=_is_aim(clause, q))
        if annual or q.per_year and q.unit == "%":  # `giảm từ 2 đến 3% hằng năm`, `tăng 12%/năm`: a yearly rate
            word = annual.group("w") if annual else "hằng năm"
            if not _ANNUAL_METRIC_RE.search(q_metric) and not _re(r"bình\s+quân", regex.IGNORECASE).search(q_metric):
                q_metric = f"{q_metric} {word}"
            if annual:
                targets.append(Target(q_metric, comp, q.value, q.unit, [], q.start, q.end, **extra))
                prev_end, prev_comp = max([q.end] + [p[1] for p in own]), comp
                continue
        later = [p for p in phrases if p[0] >= q.end]
        earlier = [p for p in phrases if p[1] <= q.start]
        mine = [p for p in earlier if p[0] >= prev_end and not _BASELINE_RE.search(clause[max(0, p[0] - 40):p[0]])]
        next_own = k + 1 < len(quantities) and any(
            quantities[k + 1].end <= p[0] < (quantities[k + 2].start if k + 2 < len(quantities) else len(clause))
            for p in phrases)
        if mine and (not own or not next_own):
            years = mine[-1][2]  # the year before the value, when the one after it leads the next value
        elif own:
            years = own[0][2]
        else:
            years = later[0][2] if later else earlier[-1][2] if earlier else []
        targets.append(Target(q_metric, comp, q.value, q.unit, years, q.start, q.end, **extra))
        prev_end = max([q.end] + [p[1] for p in own])
        if post_qual:
            prev_end = max(prev_end, q.end + (len(after_text) - len(stripped)) + post_qual.end())
        prev_comp = comp
    _share_the_noun(clause, quantities, targets)
    return targets


# `xây dựng mới 12.944 km và cải tạo 1.404 km đường dây 500 kV`: two amounts, each with its verb, of the
# thing named after the last
_VERB_BEFORE_RE = regex.compile(r"(?:^|[,;:]\s*|\s+và\s+)(?P<v>\p{L}+(?:\s+\p{Ll}+){0,2})\s*$")
_AND_VERB_RE = regex.compile(r"\s*,?\s*và\s+(?P<v>\p{Ll}+(?:\s+\p{Ll}+){0,2})\s*$")


def _share_the_noun(clause: str, quantities: list[Quantity], targets: list[Target]) -> None:
    if len(targets) != len(quantities):
        return
    for k in range(len(quantities) - 1):
        q, nxt = quantities[k], quantities[k + 1]
        joined = _AND_VERB_RE.fullmatch(clause[q.end:nxt.start])
        if not joined or not q.measure or q.unit != nxt.unit or nxt.measure != q.measure \
                or not targets[k + 1].metric.startswith(q.measure + " "):
            continue
        own = _VERB_BEFORE_RE.search(clause[:q.start])
        if not own:
            continue
        noun = targets[k + 1].metric
        targets[k].metric = f"{noun} {own.group('v').lower()}"
        targets[k + 1].metric = f"{noun} {joined.group('v')}"


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
    return [Target(_clean_metric(metric), "=", 0.0, "count", years, m.start(), m.end(), aim=1)]


def _split_clauses(text: str) -> list[tuple[int, str, int]]:
    """(offset, clause, sentence number) pieces of a statement: sentences, then `;`/`:` clauses."""
    pieces = []
    pos = 0
    for n, sentence in enumerate(_SENTENCE_SPLIT_RE.split(text)):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        cpos = 0
        for clause in _CLAUSE_SPLIT_RE.split(sentence):
            if not clause:
                continue
            cstart = sentence.index(clause, cpos)
            cpos = cstart + len(clause)
            pieces.append((start + cstart, clause, n))
    return pieces


def statement_to_targets(text: str) -> list[Target]:
    """All targets of one statement (offsets relative to `text`)."""
    out: list[Target] = []
    clauses = _split_clauses(text)
    statement_years = {y for _, c, _ in clauses for _, _, ys in _aim_years_in(c) for y in ys}
    prev = None
    sentence, sentence_years = -1, []  # `Năm 2030, A khoảng …; B khoảng …`: the year that opens a sentence
    lead_in = None  # `Công suất cực đại: Năm 2030 khoảng 89.655 MW; năm 2050 …`: the words before the colon
    for offset, clause, n in clauses:
        if n != sentence:
            sentence = n
            lead = _TIME_LEAD_RE.match(clause) if any(c.isdigit() for c in clause[:60]) else None
            sentence_years = ([y for _, _, ys in _years_in(lead.group(0)) for y in ys][-1:]
                              if lead and lead.group(0).strip() else [])
        if prev is not None and text[prev[0] + len(prev[1]):offset].strip() == ":" and len(prev[1].split()) <= 16 \
                and not find_quantities(prev[1]):
            lead_in = _clean_metric(_re(r"^[-+•–.\s]+").sub("", prev[1]))
        prev = (offset, clause)
        for t in clause_targets(clause):
            t.start += offset
            t.end += offset
            if lead_in and len(t.metric.split()) < 2:
                t.metric = lead_in
            t.lead_in = lead_in
            if sentence_years:  # a sentence opened by its year sets the levels it gives for that year
                t.aim = max(t.aim, 1)
                if not t.years:
                    t.years = list(sentence_years)
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
    _complete_weak_metrics(out)
    return out


@rules.cached
def _weak_metric_re() -> regex.Pattern:
    data = rules.load("targets.yaml")
    conn = rf"(?:{phrase_alternation(data['connector_words'])})(?!\p{{L}})"
    return regex.compile(rf"(?:{conn}\s*)*(?P<m>(?:{phrase_alternation(data['measure_nouns'])})(?!\p{{L}}))?"
                         rf"(?:\s*{conn})*\s*", regex.IGNORECASE)


def _weak_measure(metric: str) -> str | None:
    """None when a metric names what it measures; else its measure noun (`tổng công suất`), `''`
    when it has none (`Phát triển`, `Lên đến`, empty): rules/targets.yaml, `measure_nouns`."""
    m = _weak_metric_re().fullmatch(metric.strip())
    return None if m is None else " ".join((m.group("m") or "").lower().split())


def _complete_weak_metrics(targets: list[Target]) -> None:
    """A target whose metric names no quantity takes it from its statement: another target with
    the same unit whose metric starts with its measure (the nearest before it, else after it),
    else the words before the statement's colon, else (no measure at all) the target before it
    with the same unit."""
    if not targets:
        return
    weak = {id(t): _weak_measure(t.metric) for t in targets}
    named = [t for t in targets if weak[id(t)] is None]
    for t in targets:
        measure = weak[id(t)]
        if measure is None:
            continue
        same = [s for s in named if s.unit == t.unit]
        if measure:
            alike = [s for s in same if " ".join(s.metric.lower().split()).startswith(measure + " ")]
            before = [s for s in alike if s.start < t.start]
            pick = before[-1] if before else next((s for s in alike if s.start > t.start), None)
            if pick:
                t.metric = pick.metric
                continue
        lead = t.lead_in
        if lead and _weak_measure(lead) is None:
            t.metric = lead if not measure or lead.lower().startswith(measure) else \
                f"{measure[:1].upper()}{measure[1:]} {lead[:1].lower()}{lead[1:]}"
        elif not measure:
            before = [s for s in same if s.start < t.start]
            if before:
                t.metric = before[-1].metric


_BULLET_RE = regex.compile(r"^\s*(?P<b>[-+•–*])\s*")


def _bullet_rank(text: str) -> int:
    """0 for a plain paragraph, 1 for `-`/`•` items, 2 for `+` items (the genre's two levels)."""
    m = _BULLET_RE.match(text)
    return 0 if not m else 2 if m.group("b") == "+" else 1


def _single_year(text: str) -> int | None:
    """The one year a heading or lead-in sets (`Mục tiêu cụ thể đến năm 2030`, `Giai đoạn
    2021 - 2030:`, `Đến năm 2030:`), None when it names none or several, or when the year only
    dates the name of something (`Phê duyệt Chương trình … giai đoạn 2021 - 2030`)."""
    phrases = _years_in(text)
    years = {y for _, _, ys in phrases for y in ys}
    if len(years) != 1:
        return None
    rest = text
    for a, b, _ in sorted(phrases, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    if len(_re(r"\p{L}+").findall(rest)) <= 3:
        return years.pop()
    periods = any(_PERIOD_RE.match(text[a:b]) or _YEAR_SPAN_RE.match(text[a:b]) for a, b, _ in phrases)
    if _aim_heading_re().match(text) and not periods:
        return years.pop()
    return None


@rules.cached
def _aim_heading_re() -> regex.Pattern:
    return regex.compile(rf"^\W*(?:(?:các|những|một\s+số)\s+)?(?:{phrase_alternation(rules.load('targets.yaml')['aim_headings'])})"
                         rf"(?!\p{{L}})", regex.IGNORECASE)


def _no_targets(document: DocumentRow) -> bool:
    """Laws, decrees, circulars and regulations state rules, not aims."""
    data = rules.load("targets.yaml")
    if document.doc_type in data["no_target_doc_types"]:
        return True
    title = (document.title or "").lower()
    return document.doc_type in ("quyet_dinh", "nghi_quyet", "chi_thi", None) and any(
        title.startswith(w) for w in data["regulation_titles"])


@dataclass
class _Context:
    section: Section | None  # the innermost section the paragraph stands in
    year: int | None  # the year the heading or lead-in above sets
    aim: bool  # under an objectives heading, a `Chỉ tiêu` or an aims lead-in


def _contexts(doc: CleanDocument, sections: list[Section]) -> dict[int, _Context]:
    """For each paragraph, the year and the aim its headings and lead-ins give it.

    A section heading with one year (`2. Mục tiêu cụ thể đến năm 2030`) sets it for the whole
    section; a lead-in (`- Giai đoạn 2017-2020:`, `Đến năm 2030:`) sets it for the items below
    it that are deeper (`+` under `-`, any item under a plain lead-in), until an item of its own
    level or a new heading."""
    by_id = {s.section_id: s for s in sections}
    section_year: dict[str, int | None] = {}
    section_aim: dict[str, bool] = {}
    for s in sections:  # parents come before children
        parent = by_id.get(s.parent_id) if s.parent_id else None
        own = _single_year(s.heading)
        section_year[s.section_id] = own if own is not None else (section_year.get(parent.section_id) if parent else None)
        section_aim[s.section_id] = s.kind == "objectives" or bool(_aim_heading_re().match(s.heading))
    starts = {s.paragraph_start for s in sections}
    innermost = sections_of_paragraphs(sections, len(doc.paragraphs))
    out: dict[int, _Context] = {}
    lead: tuple[int, int | None, bool] | None = None  # (rank, year, aim) of the open lead-in
    for para in doc.paragraphs:
        section = innermost[para.index]
        year = section_year.get(section.section_id) if section else None
        aim = section_aim.get(section.section_id, False) if section else False
        rank = _bullet_rank(para.text)
        if para.index in starts or (lead and rank <= lead[0]):
            lead = None
        if lead:
            year = lead[1] if lead[1] is not None else year
            aim = aim or lead[2]
        out[para.index] = _Context(section, year, aim)
        body = _BULLET_RE.sub("", para.text, count=1)
        colon = body.rstrip().endswith(":")
        short = len(body.split()) <= 14
        if not (colon or short):
            continue
        label = label_of(body)
        if label:
            body = body[label.end():]
        lead_year = _single_year(body.rstrip(" :"))
        lead_aim = colon and bool(_aim_heading_re().match(body) or _re(r"phấn\s+đấu", regex.IGNORECASE).search(body))
        if (lead_year is not None or lead_aim) and not find_quantities(body):
            lead = (rank if para.index not in starts else -1, lead_year if lead_year is not None else year, lead_aim or aim)
    return out


def _statements(doc: CleanDocument, sections: list[Section]) -> list[tuple[Paragraph, int, int | None]]:
    """(paragraph, offset where the statement starts, indicator number) of target statements."""
    out = []
    first_section = sections[0].paragraph_start if sections else 0
    for para in doc.paragraphs[first_section:]:
        text = para.text
        if _is_row(text):
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
        if label:
            colon = text.find(": ", offset)
            if colon < 0 and not find_quantities(text[offset:]):
                continue
            if colon >= 0:
                offset = colon + 2
        body = text[offset:]
        if not _ANY_DIGIT_RE.search(body) and not _ZERO_RE.search(body):
            continue  # no number and no `không có tình trạng …`: nothing to read
        bullet = _re(r"^[-+•–]\s*").match(body)
        out.append((para, offset + (bullet.end() if bullet else 0), None))
    return out


def read_indicators(doc: CleanDocument, sections: list[Section], document: DocumentRow) -> list[Indicator]:
    if _no_targets(document):
        return []
    single_year = document.period_start if (document.period_start and
                                             document.period_start == document.period_end) else None
    issue_year = int(document.issue_date[:4]) if document.issue_date and document.issue_date[:4].isdigit() else None
    reports = document.doc_type is None or document.doc_type in rules.load("targets.yaml")["context_only_doc_types"]
    contexts = _contexts(doc, sections)
    rows: list[Indicator] = []
    for para, offset, number in _statements(doc, sections):
        text = para.text[offset:]
        context = contexts[para.index]
        if reports and number is None and not context.aim:
            continue  # outside an aim a document that only reports sets no target (below): not parsed
        targets = statement_to_targets(text)
        sid = context.section.section_id if context.section else None
        if number is not None and not any(t.value is not None for t in targets):
            metric = _clean_metric(_re(r":\s").split(text, maxsplit=1)[0])
            targets = [Target(metric, None, None, None, [], 0, 0)]
        in_aim = number is not None or context.aim
        seen = set()
        for t in targets:
            # Outside an objectives section or lead-in, a number is a target only when its clause
            # says it is an aim, or sets a level for a year (`đạt 90% vào năm 2025`); a level
            # with no year (`có ít nhất 02 người`) is a condition.
            if not in_aim and (reports or not (t.aim == 2 or (t.aim == 1 and t.years))):
                continue
            years: list[int | None] = list(t.years)
            inferred = False
            if years and issue_year and max(years) < issue_year and number is None:
                continue  # `năm 2024 đạt 95%` in a later plan: a result, not an aim
            if not years and context.year is not None and not _ANNUAL_METRIC_RE.search(t.metric):
                years = [context.year]
            if not years:
                years = [single_year]
                inferred = single_year is not None
            key = (t.comparator, t.value, t.unit, tuple(years), t.metric)
            if key in seen:
                continue
            seen.add(key)
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
                    value_max=t.value_max, unit_text=t.unit_text,
                ))
    return rows + table_targets(doc, sections, contexts, aims_only=reports)


# --- indicator tables ----------------------------------------------------------------------------
# | TT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 |   (an appendix of targets, one column per year)
_YEAR_CELL_RE = regex.compile(r"^(?:(?:mục\s+tiêu|chỉ\s+tiêu|kế\s+hoạch|KH|đến|phấn\s+đấu|giai\s+đoạn\s+\d{4}\s*-)\s*)*(?:năm\s*)?"
                              r"(?P<y>(?:19|20)\d{2})$", regex.IGNORECASE)
_METRIC_CELL_RE = regex.compile(r"chỉ\s+tiêu|chỉ\s+số|nội\s+dung|mục\s+tiêu|tên", regex.IGNORECASE)
_UNIT_CELL_RE = regex.compile(r"đơn\s+vị|đvt", regex.IGNORECASE)
@rules.cached
def _cell_value_re() -> regex.Pattern:
    """A year column's cell: a number with its sign, after a comparator (a symbol or a word of
    rules/comparators.yaml `before`: `≥ 95`, `Dưới 6`, `Không quá 5%`) or between `Từ` and `trở lên`
    (`Từ 90 trở lên`: `after`)."""
    data = rules.load("comparators.yaml")
    words = phrase_alternation(data["before"])
    after = phrase_alternation(data["after"])
    return regex.compile(
        rf"^(?P<cmp>≥|>=|>|≤|<=|<|~|≈|(?i:{words}))?\s*(?i:từ\s+)?(?P<num>{_NUM})\s*(?P<sign>%|‰)?"
        rf"(?:\s*(?P<after>(?i:{after})))?\s*$")


_SYMBOLS = {"≥": ">=", ">=": ">=", ">": ">", "≤": "<=", "<=": "<=", "<": "<", "~": "~", "≈": "~"}


def _is_row(text: str) -> bool:
    """A table row: `| a | b |`, or a copy that kept only the separators (`1 | Tên | 60 | 2025-2030`)."""
    return text.startswith("|") or text.count(" | ") >= 2


def _cells(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a table row `| a | b |` (or `a | b | c`)."""
    out, pos = [], 0
    parts = text.split("|")
    lead = not text.startswith("|")
    for k, part in enumerate(parts):
        if (lead and k == 0) or 0 < k < len(parts) - 1 or (k == len(parts) - 1 and part.strip()):
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


_OUTPUT_CELL_RE = regex.compile(r"^(?:đầu\s+ra|kết\s+quả|sản\s+phẩm|chỉ\s+tiêu|mục\s+tiêu)", regex.IGNORECASE)
_TIME_CELL_RE = regex.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ|hoàn\s+thành|năm\s+thực\s+hiện", regex.IGNORECASE)
_TARGET_CELL_RE = regex.compile(r"^(?:mục\s+tiêu|chỉ\s+tiêu\s+(?:phấn\s+đấu|kế\s+hoạch)|kế\s+hoạch|phấn\s+đấu)", regex.IGNORECASE)


def _task_header(cells: list[str]) -> dict | None:
    """A task table's header: the columns that state outputs (`Đầu ra chủ yếu`, `Kết quả`,
    `Sản phẩm`) and its time column (`Thời gian`, `Thời hạn hoàn thành`)."""
    outputs = [i for i, c in enumerate(cells) if _OUTPUT_CELL_RE.match(c) and len(c.split()) <= 6]
    time = next((i for i, c in enumerate(cells) if _TIME_CELL_RE.search(c)), None)
    if not outputs or not any(_re(r"nhiệm\s+vụ|hoạt\s+động|nội\s+dung|chủ\s+trì|giải\s+pháp|đơn\s+vị",
                                  regex.IGNORECASE).search(c) for c in cells):
        return None
    return {"outputs": outputs, "time": time, "width": len(cells)}


def _time_year(cell: str) -> int | None:
    """The year a time cell ends in: `2017 - 2020` -> 2020, `Quý II/2026` -> 2026."""
    years = [int(y) for y in _re(r"(?<!\d)((?:19|20)\d{2})(?!\d)").findall(cell)]
    return max(years) if years else None


def _unit_of_column(unit_text: str) -> tuple[str | None, float, str | None]:
    """A table's unit column (`%`, `‰`, `ha`, `tỷ đồng`, `xã`, `người/10.000 dân`) -> (unit, factor, unit_text)."""
    text = " ".join(unit_text.split())
    if not text:
        return None, 1.0, None
    if "%" in text:
        return "%", 1.0, None
    if "‰" in text:
        return "per_1000", 1.0, None
    found = find_quantities(f"1 {text}")
    if found and found[0].start == 0 and found[0].unit:
        q = found[0]
        return q.unit, q.value or 1.0, q.unit_text
    m = _re(r"(1\.?000|10\.?000|100\.?000)").search(text)
    if m:
        return _denominator_unit(m.group(1)), 1.0, text
    if _re(r"^\p{Ll}").match(text) and text.lower() not in _unit_rules()["not_count"]:
        return "count", 1.0, text
    return None, 1.0, text


def table_targets(doc: CleanDocument, sections: list[Section], contexts: dict | None = None,
                  aims_only: bool = False) -> list[Indicator]:
    """Targets of tables: indicator tables (one row per table row and year column, or one
    target column) and task tables (the values of their outputs column, with the row's time)."""
    before_re, before, _, _ = _comparator_rules()
    contexts = contexts if contexts is not None else _contexts(doc, sections)
    rows: list[Indicator] = []
    header = task = None
    for para in doc.paragraphs:
        if not _is_row(para.text):
            header = task = None
            continue
        cells = _cells(para.text)
        texts = [c for _, c in cells]
        found = _table_header(texts)
        if found:
            header, task = found, None
            continue
        found_task = _task_header(texts) if header is None else None
        if found_task:
            task = found_task
            continue
        context = contexts[para.index]
        sid = context.section.section_id if context.section else None
        if aims_only and not context.aim:
            continue  # a report's or a letter's tables state results, unless set under its aims
        if task is not None:
            whole = _cells(para.text)  # a row, its wrapped lines joined; rows joined together are split
            for seg_cells in ([whole] if len(whole) <= task["width"] + 1 else _row_segments(para)):
                rows.extend(_task_row_targets(doc, para, seg_cells, task, sid, context))
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
        code = catalog.code_for(metric)
        down = _re(r"\bgiảm\b", regex.IGNORECASE).search(metric) or any(
            e["code"] == code and e.get("direction") == "down" for e in catalog.entries())
        col_unit, factor, col_unit_text = _unit_of_column(unit_text)
        for col, year in header["years"]:
            if col >= len(cells):
                continue
            offset, cell = cells[col]
            m = _cell_value_re().match(cell)
            if m:
                word = (m.group("cmp") or "").lower()
                comparator = (_SYMBOLS.get(word) or before.get(" ".join(word.split()))
                              or _comparator_rules()[3].get(" ".join((m.group("after") or "").lower().split()))
                              or ("<=" if down else ">="))
                unit = _cell_unit(m.group("sign"), unit_text, metric)
                value = parse_number(m.group("num"))
                if not m.group("sign") and col_unit not in (None, "%", "per_1000"):
                    unit, value = col_unit, _scaled(m.group("num"), factor)
                q = Quantity(0, len(cell), value, unit, unit_text=col_unit_text if unit == col_unit else None)
            else:
                phrase = _phrase_cell_target(cell)  # `Tăng ít nhất 10 bậc`, `Trên 95%`
                if phrase is None:
                    continue
                q, comparator = phrase
            span = para.span(offset + q.start, offset + q.end)
            rows.append(Indicator(
                doc_id=doc.doc_id, indicator_no=number, code=code, metric=_clean_metric(metric),
                comparator=comparator, value=q.value, unit=q.unit, target_year=year, year_inferred=False,
                section_id=sid, line=span.line, page=span.page, char_start=span.char_start,
                char_end=span.char_end, text=para.text, of_total=q.of_total, value_max=q.value_max,
                unit_text=q.unit_text))
    return rows


def _phrase_cell_target(cell: str) -> tuple[Quantity, str] | None:
    """A year column's cell written as a short phrase with one quantity (`Tăng ít nhất 10 bậc`,
    `Trên 95%`, `Đạt 100%`): (quantity, comparator); None otherwise (text, several numbers)."""
    if len(cell.split()) > 8:
        return None
    found, _ = _quantities(cell)
    if len(found) != 1 or found[0].value is None:
        return None
    q = found[0]
    return q, _comparator(cell, q, 0, None)


def _row_segments(para: Paragraph) -> list[list[tuple[int, str]]]:
    """The rows of a table paragraph: a source line that starts with `|` starts a row (short rows,
    such as a group's title row, are joined to the next by normalization); lines that do not
    continue the row before them (a PDF's wrapped cell)."""
    starts = [p.start for p in para.pieces if p.line.text.lstrip().startswith("|")] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    out = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(para.text)
        out.append([(a + off, c) for off, c in _cells(para.text[a:b].rstrip())])
    return out


def _task_row_targets(doc: CleanDocument, para: Paragraph, cells: list[tuple[int, str]], task: dict,
                      sid: str | None, context) -> list[Indicator]:
    """The targets a task table's outputs cell states (`Ít nhất 15 tỉnh được hỗ trợ …`)."""
    time_year = _time_year(cells[task["time"]][1]) if task["time"] is not None and task["time"] < len(cells) else None
    out: list[Indicator] = []
    seen = set()
    for col in task["outputs"]:
        if col >= len(cells):
            continue
        offset, cell = cells[col]
        for t in statement_to_targets(cell):
            if t.value is None:
                continue
            years = t.years or ([time_year] if time_year else [context.year] if context and context.year else [None])
            key = (t.value, t.unit, tuple(years))
            if key in seen:
                continue
            seen.add(key)
            span = para.span(offset + t.start, offset + max(t.end, t.start + 1))
            for year in years:
                out.append(Indicator(
                    doc_id=doc.doc_id, indicator_no=None, code=catalog.code_for(t.metric), metric=t.metric,
                    comparator=t.comparator, value=t.value, unit=t.unit, target_year=year, year_inferred=False,
                    section_id=sid, line=span.line, page=span.page, char_start=span.char_start,
                    char_end=span.char_end, text=para.text, of_total=t.of_total, value_max=t.value_max,
                    unit_text=t.unit_text))
    return out


def _numbered_start(text: str) -> int:
    m = _re(r"Chỉ\s+tiêu", regex.IGNORECASE).search(text)
    return m.start() if m else 0

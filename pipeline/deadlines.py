"""Deadlines stage: dates things are due and periods things run -> `Deadline` rows.

Read: `trước ngày 30/10/2021` (once), `trước ngày 15/6 và 15/12 hàng năm` (two annual rows),
`định kỳ 6 tháng (trước ngày 31/5/2023)` (semiannual), `Báo cáo năm vào ngày 10/12` (annual),
`trước ngày 20 hằng tháng` (monthly), `trong Quý I năm 2021` as a deadline (the quarter's last day),
`Quý I- IV/2024`, `quý II/2020` as periods, `từ 01/6 đến 30/6` (the plan's year), `từ đầu tháng
5/2021`, and the timing column of a task table (`Tháng 8/2024`, `2024 - 2025`).
Not deadlines: target years of indicators (`vào năm 2025`), holidays (`ngày Quốc tế Thiếu nhi
01/6`: a day counts only after `trước ngày` / `vào ngày` / `đến ngày` / `chậm nhất`), the dates of
cited documents, effective dates, a licence's validity and editors' notes (rules/deadlines.yaml),
dates before the document's own date (past events), and in laws, decrees and circulars every date
that does not recur (they set standing rules; rules/deadlines.yaml).

Task tables (pipeline/tables.py) give one row per task with a time cell: `Quý II/2026`, `Quý III,
IV/2026`, `Tháng 8/2024`, `2026 - 2030`, `Năm 2026`, `Trong tháng 11/2025` are periods;
`Trước ngày 30/6/2026` a due date; who owes it is the lead column's body.
"""
from __future__ import annotations

import calendar

import regex

from . import rules
from .normalize import rx
from .records import CleanDocument, Deadline, DocumentRow, Section
from .segment import section_at

_ARTICLE_LABEL_RE = regex.compile(r"^D\d+$")  # a decision's or a law's article (`Điều 3.` -> `D3`)
# a day and month (`30/10`, `30/10/2021`), or a date written with dashes or dots, which need the year
# (`30-10-2021`, `30.10.2021`: `15-20` alone is a range, `15.5` a number)
_DM = (r"(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>(?:19|20)\d{2}))?"
       r"|(?P<d>\d{1,2})(?P<sep>[.-])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2}))")
_DUE_RE = regex.compile(
    rf"(?P<prep>trước(?:\s+ngày)?|vào\s+ngày|đến\s+ngày|chậm\s+nhất(?:\s+là)?(?:\s+ngày)?|hạn\s+chót(?:\s+ngày)?|hạn\s+nộp(?:\s+ngày)?)\s+"
    rf"(?:{_DM}|(?P<dd>\d{{1,2}})\s+tháng\s+(?P<mm>\d{{1,2}})(?:\s+năm\s+(?P<yy>(?:19|20)\d{{2}}))?)"
    r"(?P<more>(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*(?:19|20)\d{2})?)*)",
    regex.IGNORECASE)
_MONTHLY_RE = regex.compile(r"(?:trước|vào)\s+ngày\s+(?P<d>\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng", regex.IGNORECASE)
_RANGE_RE = regex.compile(
    r"từ\s+(?:ngày\s+)?(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})(?:\s*/\s*(?P<y1>\d{4}))?\s*(?:đến|-|–)\s*(?:ngày\s+)?"
    r"(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})(?:\s*/\s*(?P<y2>\d{4}))?", regex.IGNORECASE)
_QUARTERS_RE = regex.compile(
    r"(?P<pre>(?:trong|trước|vào|đến\s+hết)\s+)?quý\s+(?P<q1>IV|III|II|I|[1-4])(?:\s*(?:[-–,]|và|đến)\s*(?:quý\s+)?(?P<q2>IV|III|II|I|[1-4]))?"
    r"\s*(?:/\s*|\s+năm\s+)(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
_MONTH_IN_RE = regex.compile(
    r"(?P<pre>trong|vào|đến\s+hết|chậm\s+nhất\s+(?:là\s+)?(?:trong\s+)?)\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)\s*"
    r"(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
# `Từ tháng 3 đến tháng 12 năm 2024`: months of one year, the year written once
_MONTH_SPAN_RE = regex.compile(
    r"từ\s+(?:đầu\s+)?tháng\s+(?P<m1>\d{1,2})\s*(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?tháng\s+(?P<m2>\d{1,2})"
    r"\s*(?:/|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
# a task's time field holding a year, years, a month or months: `Thời gian thực hiện: năm 2024`, `… : 2024 -
# 2025`, `… : Thường xuyên trong năm 2024`, `Thời gian tổ chức: tháng 6/2024`, `Thời gian: Tháng 5 - 6/2024`,
# `Thời gian hoàn thành: tháng 10/2024` (due at the month's end)
_TIME_FIELD_RE = regex.compile(
    r"(?i:thời\s+gian)(?:\s+(?P<verb>thực\s+hiện|tổ\s+chức|triển\s+khai|hoàn\s+thành))?\s*:\s*"
    r"(?i:thường\s+xuyên\s+)?(?i:cả\s+|trong\s+|vào\s+)?(?:(?:(?i:năm|giai\s+đoạn)\s+)?(?P<y>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?"
    r"|(?i:tháng)\s+(?P<m>\d{1,2})(?:\s*[-–]\s*(?P<m2>\d{1,2}))?\s*(?:/|\s+năm\s+)\s*(?P<my>(?:19|20)\d{2}))(?![\d/]|\s*[-–]\s*\d)")
# a day of each month or quarter: `hằng quý trước ngày 20 của tháng cuối quý`, `Định kỳ hằng tháng, trước
# ngày 25 báo cáo …` (the day has no month of its own)
_DAY_OF_RE = regex.compile(r"(?:trước|vào|chậm\s+nhất(?:\s+là)?)\s+ngày\s+(?P<d>\d{1,2})(?!\d|\s*(?:[/.-]\s*\d|tháng\s+\d))",
                           regex.IGNORECASE)
_EVERY_RE = regex.compile(r"\b(?:hằng|hàng|mỗi)\s+(?P<what>quý|tháng)\b", regex.IGNORECASE)
# `từ đầu tháng 5/2021`, `từ tháng 01 năm 1981 đến tháng 12 năm 1982`; not `từ tháng 4 năm 2026 đến nay` (past)
_MONTH_START_RE = regex.compile(
    r"từ\s+(?:đầu\s+)?tháng\s+(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2})(?!\s*(?:đến|tới)\s+nay\b)"
    r"(?:\s*(?:đến|tới|-|–)\s*(?:hết\s+)?tháng\s+(?P<m2>\d{1,2})\s*(?:/|\s+năm\s+)\s*(?P<y2>(?:19|20)\d{2}))?",
    regex.IGNORECASE)
# the time cell of a task table: `Quý II/2026`, `Quý III, IV/2026`, `Tháng 8/2024`, `Tháng 8-9/2024`,
# `2026 - 2030`, `Năm 2026`, `Xong trong Quý II/2026`, `Trong tháng 11/2025`, `Trước ngày 30/6/2026`
_Y = r"(?:19|20)\d{2}"
_CELL_DATE_RE = regex.compile(rf"(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>{_Y})"
                              rf"|ngày\s+(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})\s+năm\s+(?P<y2>{_Y})", regex.IGNORECASE)
_CELL_QUARTER_RE = regex.compile(
    rf"quý\s*(?P<qs>(?:IV|III|II|I|[1-4])(?:\s*(?:,|-|–|và|đến)\s*(?:quý\s*)?(?:IV|III|II|I|[1-4]))*)\s*(?:/|năm)\s*(?P<y>{_Y})",
    regex.IGNORECASE)
_CELL_MONTH_RE = regex.compile(
    rf"(?:tháng\s*(?P<ms>\d{{1,2}}(?:\s*(?:,|-|–|và|đến)\s*(?:tháng\s*)?\d{{1,2}})*)\s*(?:/|năm)\s*(?P<y>{_Y})"
    rf"|(?<![\d/.])(?P<m1>\d{{1,2}})\s*/\s*(?P<y1>{_Y}))", regex.IGNORECASE)
_CELL_YEARS_RE = regex.compile(rf"(?<![\d/.])(?P<a>{_Y})(?:\s*[-–]\s*(?P<b>{_Y}))?(?![\d/])")
_CELL_DUE_RE = regex.compile(r"^\s*(?:hoàn\s+thành\s+|xong\s+)?(?:trước|chậm\s+nhất|hạn|hạn\s+chót)\b", regex.IGNORECASE)
_ROMAN_ANY = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def time_cell(text: str) -> dict | None:
    """The time cell of a task table -> Deadline fields (a period, or a due date after `trước` or when the
    cell is one day); None for a cell of prose (a status written in the time column)."""
    if len(text) > 80:
        return None
    spans: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _CELL_DATE_RE.finditer(text):
        y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
        iso = _iso(int(y), int(mo), int(d))
        if iso:
            spans.append((iso, iso))
        taken.append((m.start(), m.end()))
    for m in _CELL_QUARTER_RE.finditer(text):
        qs = [_ROMAN_ANY[q.upper()] for q in rx.findall(r"IV|III|II|I|[1-4]", m.group("qs"), regex.IGNORECASE)]
        y = int(m.group("y"))
        spans.append(_quarter_bounds(min(qs), max(qs), y))
        taken.append((m.start(), m.end()))
    for m in _CELL_MONTH_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        months = [int(x) for x in rx.findall(r"\d{1,2}", m.group("ms"))] if m.group("ms") else [int(m.group("m1"))]
        y = int(m.group("y") or m.group("y1"))
        if not all(1 <= x <= 12 for x in months):
            continue
        spans.append((_iso(y, min(months), 1), _iso(y, max(months), calendar.monthrange(y, max(months))[1])))
        taken.append((m.start(), m.end()))
    for m in _CELL_YEARS_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        a, b = int(m.group("a")), int(m.group("b") or m.group("a"))
        if b < a:
            continue
        spans.append((_iso(a, 1, 1), _iso(b, 12, 31)))
    spans = [x for x in spans if x[0] and x[1]]
    if not spans:
        return None
    if len(spans) == 1 and (_CELL_DUE_RE.match(text) or spans[0][0] == spans[0][1]):
        return dict(kind="event", date=spans[0][1], month_day=None, recurrence="once", start=None, end=None)
    return dict(kind="period", date=None, month_day=None, recurrence="once",
                start=min(x[0] for x in spans), end=max(x[1] for x in spans))


_REVIEW_RE = regex.compile(r"(?P<what>sơ\s+kết|tổng\s+kết|đánh\s+giá\s+giữa\s+kỳ)(?:\s+[^.;]{0,40}?)??\s+(?:vào|trong)\s+năm\s+"
                        r"(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
_YEAR_END_RE = regex.compile(r"(?:đến|trước|trong|chậm\s+nhất(?:\s+là)?)\s+cuối\s+năm\s+(?P<y>(?:19|20)\d{2})",
                          regex.IGNORECASE)
_DIGIT_RE = regex.compile(r"\d")
# what every pattern of `paragraph_deadlines` needs: a `d/m` date, a month, a year or a quarter
_DATE_WORDS = ("/", "tháng", "năm", "quý")


_DASHED_DATE_RE = regex.compile(r"\d[.-]\d{1,2}[.-](?:19|20)\d{2}")  # `30-10-2021`, `30.10.2021`


def _may_hold_a_date(text: str) -> bool:
    lower = text.lower()
    return any(w in lower for w in _DATE_WORDS) or bool(_DASHED_DATE_RE.search(text))
_NTH_YEAR_RE = regex.compile(r"\s+(?:của\s+)?năm\s+(?:thứ|cuối)\b", regex.IGNORECASE)
_REPORT_RE = regex.compile(r"\bbáo\s+cáo\b", regex.IGNORECASE)
_SUBMIT_RE = regex.compile(r"\b(?:gửi|nộp|trình)\b", regex.IGNORECASE)
_ANNUAL_RE = regex.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b", regex.IGNORECASE)
# the report a date is for, named after it: `trước ngày 18 tháng 12 đối với báo cáo năm`
_REPORT_AFTER_RE = regex.compile(r"(?:\s+(?:hằng|hàng)\s+năm)?\s*,?\s*(?:đối\s+với|của)\s+(?:kỳ\s+)?báo\s+cáo\s+(?:6\s+tháng|sáu\s+tháng|quý|cả\s+năm|năm|hằng\s+năm)\b",
                                 regex.IGNORECASE)
_LABEL_RE = regex.compile(r"\b(?P<l>6\s+tháng|sáu\s+tháng|cả\s+năm|hằng\s+quý|hàng\s+quý|quý|năm)\b", regex.IGNORECASE)


@rules.cached
def _standing_due_re() -> regex.Pattern:
    return regex.compile("|".join(rules.load("deadlines.yaml")["standing_rules"]["due_words"]), regex.IGNORECASE)


@rules.cached
def _condition_re() -> regex.Pattern:
    return regex.compile("|".join(f"(?:{p})" for p in rules.load("deadlines.yaml")["conditions"]), regex.IGNORECASE)


@rules.cached
def _past_document_re() -> regex.Pattern:
    """rules/deadlines.yaml `past_document`: a clause naming the numbered letter a body sent (read on
    the paragraph before masking, which blanks cited numbers)."""
    return regex.compile(rules.load("deadlines.yaml")["past_document"], regex.IGNORECASE)


@rules.cached
def _past_re() -> regex.Pattern:
    return regex.compile(rules.load("deadlines.yaml")["past"], regex.IGNORECASE)


@rules.cached
def _standing_condition_re() -> regex.Pattern:
    return regex.compile("|".join(f"(?:{p})" for p in rules.load("deadlines.yaml")["standing_rules"]["conditions"]),
                         regex.IGNORECASE)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        calendar.monthrange(y, m)
        if not 1 <= d <= calendar.monthrange(y, m)[1]:
            return None
    except (ValueError, calendar.IllegalMonthError):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_day(m: int, d: int) -> str | None:
    """`MM-DD` of a yearly date, when such a day exists (29/2 does, 31/2 does not)."""
    return f"{m:02d}-{d:02d}" if _iso(2000, m, d) else None


def _quarter_bounds(q1: int, q2: int, y: int) -> tuple[str, str]:
    start = _iso(y, 3 * q1 - 2, 1)
    end_month = 3 * q2
    return start, _iso(y, end_month, calendar.monthrange(y, end_month)[1])


def _sentence_bounds(text: str, pos: int, reach: int = 400) -> tuple[int, int]:
    """The clause around `pos` (between `. ` / `; `), looked for at most `reach` characters away."""
    lo, hi = max(0, pos - reach), min(len(text), pos + reach)
    start = max(text.rfind(". ", lo, pos), text.rfind("; ", lo, pos))
    start = lo if start < 0 else start + 2
    ends = [i for i in (text.find(". ", pos, hi), text.find("; ", pos, hi)) if i >= 0]
    return start, min(ends) if ends else hi


def _report_subject(clause_before: str, n_dates: int, k: int) -> str:
    labels = [m.group("l").lower() for m in _LABEL_RE.finditer(clause_before)]
    if len(labels) >= n_dates and n_dates > 1:
        label = labels[-n_dates + k]
    else:
        label = labels[-1] if labels else ""
    if "6" in label or "sáu" in label:
        return "báo cáo 6 tháng"
    if "quý" in label:
        return "báo cáo quý"
    if "năm" in label:
        return "báo cáo năm"
    return "báo cáo"


def _subject(text: str) -> str:
    """What is due, as the text says it (its cited numbers kept), without an editor's notes in brackets."""
    if "[" in text or "]" in text:  # `… Bộ Tài nguyên và Môi trường [Cụm từ này bị thay thế bởi …] tổng hợp …`
        text = rx.sub(r"\[[^\[\]]*\]", " ", text)
        text = text[text.rfind("]") + 1:]
        text = text.split("[", 1)[0]
    text = rx.sub(r"\s+", " ", text).strip(" ,;.-")
    # not the item's label (`b) Soạn thảo …`, `2.3. Thường xuyên …`) nor a bracket left open (`Định kỳ hằng quý (`)
    text = rx.sub(r"^(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.|[-+•–])\s+", "", text)
    text = rx.sub(r"\s*\($", "", text).strip(" ,;.-")
    if len(text) > 120:  # at a word's end
        text = text[:121].rsplit(" ", 1)[0].rstrip(" ,;.-")
    return text


def paragraph_deadlines(text: str, plan_year: int | None, standing: bool = False, report: bool = False,
                        original: str | None = None) -> list[dict]:
    """Deadlines of one paragraph: dicts with the Deadline fields and `start_offset`. `standing`: the
    text sets standing rules (a law, a decree): only recurring dates are deadlines, and a day and
    month without a year recur every year. `original`: the paragraph before `masked` (same offsets),
    which subjects are quoted from."""
    src = text if original is None else original
    out: list[dict] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    def past(pos: int) -> bool:  # `Quý I/2026 đã hoàn thành …`: what was done is not due
        s0, s1 = _sentence_bounds(text, pos)
        return bool(_past_re().search(text, s0, s1))

    for m in _RANGE_RE.finditer(text):
        if standing:
            break
        if report:  # in a report a range is the period reported on: neither a period nor a due date
            taken.append((m.start(), m.end()))
            continue
        if past(m.start()):
            continue
        y1 = int(m.group("y1") or m.group("y2") or plan_year or 0)
        y2 = int(m.group("y2") or m.group("y1") or plan_year or 0)
        if not y1:
            continue
        out.append(dict(kind="period", date=None, month_day=None, recurrence="once",
                        start=_iso(y1, int(m.group("m1")), int(m.group("d1"))),
                        end=_iso(y2, int(m.group("m2")), int(m.group("d2"))),
                        subject=_subject(src[:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _MONTH_SPAN_RE.finditer(text):  # `Từ tháng 3 đến tháng 12 năm 2024`
        y, m1, m2 = int(m.group("y")), int(m.group("m1")), int(m.group("m2"))
        if standing or report or past(m.start()) or not (1 <= m1 <= m2 <= 12):
            continue
        s0, _ = _sentence_bounds(text, m.start())
        out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=_iso(y, m1, 1),
                        end=_iso(y, m2, calendar.monthrange(y, m2)[1]), subject=_subject(src[s0:m.start()]),
                        start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _TIME_FIELD_RE.finditer(text):  # `Thời gian thực hiện: năm 2024`, `Thời gian tổ chức: tháng 6/2024`
        if standing or report or past(m.start()) or not free(m.start(), m.end()):
            continue
        s0, _ = _sentence_bounds(text, m.start())
        if m.group("y"):
            y, y2 = int(m.group("y")), int(m.group("y2") or m.group("y"))
            if y2 < y:
                continue
            start, end = _iso(y, 1, 1), _iso(y2, 12, 31)
        else:
            y, mo, mo2 = int(m.group("my")), int(m.group("m")), int(m.group("m2") or m.group("m"))
            if not 1 <= mo <= mo2 <= 12:
                continue
            start, end = _iso(y, mo, 1), _iso(y, mo2, calendar.monthrange(y, mo2)[1])
        subject = _subject(src[s0:m.start()])
        if (m.group("verb") or "").lower().startswith("hoàn"):  # due by the end of it
            out.append(dict(kind="event", date=end, month_day=None, recurrence="once", start=None, end=None,
                            subject=subject, start_offset=m.start()))
        else:
            out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=start, end=end,
                            subject=subject, start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _QUARTERS_RE.finditer(text):
        if standing:
            break
        if past(m.start()):
            continue
        if not free(m.start(), m.end()):
            continue
        q1 = _ROMAN_ANY[m.group("q1").upper()]
        q2 = _ROMAN_ANY[(m.group("q2") or m.group("q1")).upper()]
        y = int(m.group("y"))
        start, end = _quarter_bounds(q1, q2, y)
        s0, s1 = _sentence_bounds(text, m.start())
        sentence = text[s0:s1]
        due = m.group("pre") and m.group("q2") is None and (_SUBMIT_RE.search(sentence) or _REPORT_RE.search(sentence))
        if due:
            kind = "report" if _REPORT_RE.search(sentence) and not _SUBMIT_RE.search(sentence) else "submission"
            out.append(dict(kind=kind, date=end, month_day=None, recurrence="once", start=None, end=None,
                            subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        else:
            out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=start, end=end,
                            subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _MONTH_IN_RE.finditer(text):  # `trong tháng 6/2026` (a period), `đến hết tháng 6/2026` (due)
        if standing:
            break
        if past(m.start()):
            continue
        y, mo = int(m.group("y")), int(m.group("m"))
        if not 1 <= mo <= 12 or not free(m.start(), m.end()):
            continue
        last = _iso(y, mo, calendar.monthrange(y, mo)[1])
        s0, _ = _sentence_bounds(text, m.start())
        if m.group("pre").lower().startswith(("trong", "vào")):
            out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=_iso(y, mo, 1), end=last,
                            subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        else:
            out.append(dict(kind="event", date=last, month_day=None, recurrence="once", start=None, end=None,
                            subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _MONTH_START_RE.finditer(text):
        if standing:
            break
        if past(m.start()):
            continue
        if not free(m.start(), m.end()):
            continue
        y, mo = int(m.group("y")), int(m.group("m"))
        end = None
        if m.group("y2") and 1 <= int(m.group("m2")) <= 12:
            y2, m2 = int(m.group("y2")), int(m.group("m2"))
            end = _iso(y2, m2, calendar.monthrange(y2, m2)[1])
        s0, _ = _sentence_bounds(text, m.start())
        out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=_iso(y, mo, 1), end=end,
                        subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _REVIEW_RE.finditer(text):  # `sơ kết vào năm 2025 và tổng kết vào năm 2030`
        if standing:
            break
        y = int(m.group("y"))
        out.append(dict(kind="report", date=None, month_day=None, recurrence="once", start=_iso(y, 1, 1),
                        end=_iso(y, 12, 31), subject=m.group("what").lower(), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _YEAR_END_RE.finditer(text):  # `Đến cuối năm 2017, thiết lập hệ thống giám sát …`
        if standing or not free(m.start(), m.end()) or past(m.start()):
            continue
        s0, s1 = _sentence_bounds(text, m.start())
        out.append(dict(kind="event", date=_iso(int(m.group("y")), 12, 31), month_day=None, recurrence="once",
                        start=None, end=None, subject=_subject(src[m.end():s1]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _MONTHLY_RE.finditer(text):
        s0, _ = _sentence_bounds(text, m.start())
        out.append(dict(kind="report" if _REPORT_RE.search(text[s0:m.end()]) else "event", date=None,
                        month_day=f"---{int(m.group('d')):02d}", recurrence="monthly", start=None, end=None,
                        subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _DAY_OF_RE.finditer(text):  # `hằng quý trước ngày 20 của tháng cuối quý`
        if not free(m.start(), m.end()) or not 1 <= int(m.group("d")) <= 31:
            continue
        s0, s1 = _sentence_bounds(text, m.start())
        every = _EVERY_RE.search(text, s0, s1)
        if not every or _condition_re().search(text[text.rfind(". ", 0, m.start()) + 1:m.start()]) \
                or _past_re().search(text, s0, s1):
            continue  # `Trường hợp hồ sơ … được tiếp nhận trước ngày 15 của tháng đó thì …`: a condition
        out.append(dict(kind="report" if _REPORT_RE.search(text, s0, s1) else "event", date=None,
                        month_day=f"---{int(m.group('d')):02d}",
                        recurrence="quarterly" if every.group("what").lower() == "quý" else "monthly",
                        start=None, end=None, subject=_subject(src[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _DUE_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        s0, s1 = _sentence_bounds(text, m.start())
        sentence = text[s0:s1]
        before = text[s0:m.start()]
        if standing and (not _standing_due_re().match(m.group("prep")) or _standing_condition_re().search(before)):
            continue  # `kết thúc vào ngày 31 tháng 12`; `Trường hợp … trước ngày …`
        if standing and _NTH_YEAR_RE.match(text, m.end()):
            continue  # `trước ngày 30 tháng 6 năm thứ tư của kế hoạch …`: once a plan period, not every year
        if _condition_re().search(text[text.rfind(". ", 0, m.start()) + 1:m.start()]) or _past_re().search(sentence) \
                or _past_document_re().search(src, m.end(), s1):
            continue  # `Trường hợp … được thông qua hoặc ban hành sau ngày …`; `… có Văn bản số 3480/SXD-… phúc đáp`
        is_report = bool(_REPORT_RE.search(sentence))
        is_submit = bool(_SUBMIT_RE.search(sentence))
        if m.group("dd"):
            dates = [(int(m.group("dd")), int(m.group("mm")), m.group("yy"))]
        else:
            dates = [(int(m.group("d")), int(m.group("m")), m.group("y"))]
        dates += [(int(d), int(mo), y or None) for d, mo, y in
                  rx.findall(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*((?:19|20)\d{2}))?", m.group("more"))]
        annual = bool(_ANNUAL_RE.search(text, m.start(), s1 + 1)) or bool(_ANNUAL_RE.search(before))
        kind = "report" if is_report and not (is_submit and rx.search(r"gửi\s+(?:về\s+)?\S+", before)
                                             and not _REPORT_RE.search(before)) else ("submission" if is_submit else "event")
        if is_report and _REPORT_RE.search(before):
            kind = "report"
        for k, (d, mo, y) in enumerate(dates):
            paren = rx.search(r"(?P<l>6\s+tháng|sáu\s+tháng|cả\s+năm)\s*\(\s*(?:chậm\s+nhất\s+(?:là\s+)?)?$", before)
            if kind == "report":
                named = _REPORT_AFTER_RE.match(text, m.end()) if len(dates) == 1 else None
                subject = _report_subject(named.group(0) if named else before, len(dates), k)
            else:
                subject = _subject(src[s0:m.start()])
            if y and standing:
                continue  # a one-off date in a law: an effective date, a condition, a past event
            if y:
                recurrence = "once"
                if paren and len(dates) == 1:
                    recurrence = "semiannual" if "6" in paren.group("l") or "sáu" in paren.group("l") else "annual"
                    subject = "báo cáo 6 tháng" if recurrence == "semiannual" else "báo cáo năm"
                out.append(dict(kind=kind, date=_iso(int(y), mo, d), month_day=None, recurrence=recurrence,
                                start=None, end=None, subject=subject, start_offset=m.start()))
            elif annual or kind == "report" or standing:
                out.append(dict(kind=kind, date=None, month_day=_month_day(mo, d), recurrence="annual",
                                start=None, end=None, subject=subject, start_offset=m.start()))
            elif plan_year:
                out.append(dict(kind=kind, date=_iso(plan_year, mo, d), month_day=None, recurrence="once",
                                start=None, end=None, subject=subject, start_offset=m.start()))
        taken.append((m.start(), m.end()))
    # a date that does not exist (`31/2`, `99/99/2024`) is a typo, not a deadline
    out = [x for x in out if x["date"] or x["month_day"] or x["start"] or x["end"]]
    return sorted(out, key=lambda x: x["start_offset"])


@rules.cached
def _not_deadline_res() -> tuple[tuple[regex.Pattern, bool], ...]:
    """rules/deadlines.yaml `not_deadlines`, each compiled alone (one alternation of them all tried
    every rule at every position and cost more than the rules one by one), with whether it needs a
    date (a paragraph without a digit has none)."""
    date = (r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d{2}"
            r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+(?:19|20)\d{2})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+(?:19|20)\d{2})?"
            r"|tháng\s+\d{1,2}\s*/\s*(?:19|20)\d{2})")
    return tuple((regex.compile(p.replace("DATE", date), regex.IGNORECASE), "DATE" in p)
                 for p in rules.load("deadlines.yaml")["not_deadlines"])


def masked(text: str) -> str:
    """The paragraph with what cannot hold a deadline blanked (same length, offsets kept): the
    numbers and dates of cited documents, and the phrases of rules/deadlines.yaml."""
    from .citations import find_citations

    chars = list(text)
    digits = any(c.isdigit() for c in text)
    spans = [(a, b) for a, b, _ in find_citations(text)] + [
        m.span() for r, dated in _not_deadline_res() if digits or not dated for m in r.finditer(text)]
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def is_standing(document: DocumentRow, sections: list[Section]) -> bool:
    """A law, a decree, a circular, or any text in many articles: it sets standing rules."""
    data = rules.load("deadlines.yaml")["standing_rules"]
    if document.doc_type in data["doc_types"]:
        return True
    articles = {s.label for s in sections if _ARTICLE_LABEL_RE.match(s.label)}  # `Điều N`, under chapters too
    return len(articles) >= data["min_articles"]


def _before(value: str | None, issued: str | None) -> bool:
    return bool(value and issued and value < issued)


def read_deadlines(doc: CleanDocument, sections: list[Section], document: DocumentRow,
                   responsible_of=None) -> list[Deadline]:
    """Deadlines of a plan. `responsible_of(section)` names who owes what a section asks for."""
    from .agencies import names_in
    from .tables import task_rows

    plan_year = document.period_start if document.period_start == document.period_end else None
    if plan_year is None and document.issue_date:
        plan_year = int(document.issue_date[:4])
    standing = is_standing(document, sections)
    report = document.doc_type in rules.load("deadlines.yaml")["reports"]
    issued = document.issue_date
    first = sections[0].paragraph_start if sections else 0
    rows: list[Deadline] = []
    in_tables: set[int] = set()
    for row in task_rows(doc.paragraphs[first:]):
        in_tables.add(row.para.index)
        cell = row.get("time")
        found = time_cell(cell.text) if cell else None
        if not found or standing:
            continue
        task = row.get("task")
        if task is None or not rx.search(r"\p{L}{3}", task.text):
            task = max((c for c in row.cells[:row.columns.get("lead", len(row.cells))]), key=lambda c: len(c.text),
                       default=None)
        lead = row.get("lead")
        bodies = names_in(lead.text) if lead else []
        section = section_at(sections, row.para.index)
        span = row.para.span(cell.start, cell.start + 1)
        rows.append(Deadline(doc_id=doc.doc_id, section_id=section.section_id if section else None, line=span.line,
                             page=span.page, text=row.para.text, subject=_subject(task.text) if task else None,
                             responsible=bodies[0][2] if len(bodies) == 1 else None, **found))
    for para in doc.paragraphs[first:]:
        if para.index in in_tables or para.text.isupper() or not _DIGIT_RE.search(para.text) \
                or not _may_hold_a_date(para.text):
            continue  # a task table's row is read by its cells; a line in capitals is a heading
        items = paragraph_deadlines(masked(para.text), plan_year, standing, report, para.text)
        section = section_at(sections, para.index) if items else None
        for item in items:
            offset = item.pop("start_offset")
            span = para.span(max(0, offset), max(0, offset) + 1)
            rows.append(Deadline(doc_id=doc.doc_id, section_id=section.section_id if section else None,
                                 line=span.line, page=span.page, text=para.text,
                                 responsible=responsible_of(section, para.text) if responsible_of else None,
                                 **item))
    # a date before the document's own date is a past event, not something due
    rows = [r for r in rows if not _before(r.date, issued) and not _before(r.end, issued)]
    return sorted(rows, key=lambda r: (r.page or 0, r.line))

"""Deadlines stage: dates things are due and periods things run -> `Deadline` rows.

Read: `trước ngày 30/10/2021` (once), `trước ngày 15/6 và 15/12 hàng năm` (two annual rows),
`định kỳ 6 tháng (trước ngày 31/5/2023)` (semiannual), `Báo cáo năm vào ngày 10/12` (annual),
`trước ngày 20 hằng tháng` (monthly), `trong Quý I năm 2021` as a deadline (the quarter's last day),
`Quý I- IV/2024`, `quý II/2020` as periods, `từ 01/6 đến 30/6` (the plan's year), `từ đầu tháng
5/2021`, and the timing column of a task table (`Tháng 8/2024`, `2024 - 2025`).
Not deadlines: target years of indicators (`vào năm 2025`) and holidays (`ngày Quốc tế Thiếu nhi
01/6`): a bare day/month counts only after `trước ngày` / `vào ngày` / `đến ngày` or in a sentence
about a report or a submission.
"""
from __future__ import annotations

import calendar

import regex

from .records import CleanDocument, Deadline, DocumentRow, Section
from .segment import section_at

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DM = r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>(?:19|20)\d{2}))?"
_DUE_RE = regex.compile(
    rf"(?P<prep>trước\s+ngày|vào\s+ngày|đến\s+ngày|chậm\s+nhất(?:\s+là)?(?:\s+ngày)?|hạn\s+chót(?:\s+ngày)?|ngày)\s+"
    rf"(?:{_DM}|(?P<dd>\d{{1,2}})\s+tháng\s+(?P<mm>\d{{1,2}})(?:\s+năm\s+(?P<yy>(?:19|20)\d{{2}}))?)"
    r"(?P<more>(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*(?:19|20)\d{2})?)*)",
    regex.IGNORECASE)
_MONTHLY_RE = regex.compile(r"(?:trước|vào)\s+ngày\s+(?P<d>\d{1,2})\s+(?:hằng|hàng|mỗi)\s+tháng", regex.IGNORECASE)
_RANGE_RE = regex.compile(
    r"từ\s+(?:ngày\s+)?(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})(?:\s*/\s*(?P<y1>\d{4}))?\s*(?:đến|-|–)\s*(?:ngày\s+)?"
    r"(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})(?:\s*/\s*(?P<y2>\d{4}))?", regex.IGNORECASE)
_QUARTERS_RE = regex.compile(
    r"(?P<pre>(?:trong|trước|vào|đến\s+hết)\s+)?quý\s+(?P<q1>IV|III|II|I)(?:\s*[-–]\s*(?:quý\s+)?(?P<q2>IV|III|II|I))?"
    r"\s*(?:/\s*|\s+năm\s+)(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
_MONTH_START_RE = regex.compile(r"từ\s+(?:đầu\s+)?tháng\s+(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
_CELL_MONTH_RE = regex.compile(r"^(?:tháng\s+)?(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d{2})$", regex.IGNORECASE)
_CELL_YEARS_RE = regex.compile(r"^(?:năm\s+)?(?P<a>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<b>(?:19|20)\d{2}))?$")
_REVIEW_RE = regex.compile(r"(?P<what>sơ\s+kết|tổng\s+kết|đánh\s+giá\s+giữa\s+kỳ)(?:\s+[^.;]{0,40}?)??\s+(?:vào|trong)\s+năm\s+"
                        r"(?P<y>(?:19|20)\d{2})", regex.IGNORECASE)
_REPORT_RE = regex.compile(r"\bbáo\s+cáo\b", regex.IGNORECASE)
_SUBMIT_RE = regex.compile(r"\b(?:gửi|nộp|trình)\b", regex.IGNORECASE)
_ANNUAL_RE = regex.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b", regex.IGNORECASE)
_LABEL_RE = regex.compile(r"\b(?P<l>6\s+tháng|sáu\s+tháng|cả\s+năm|hằng\s+quý|hàng\s+quý|quý|năm)\b", regex.IGNORECASE)


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
    text = regex.sub(r"\s+", " ", text).strip(" ,;.-")
    return text[:120]


def paragraph_deadlines(text: str, plan_year: int | None) -> list[dict]:
    """Deadlines of one paragraph: dicts with the Deadline fields and `start_offset`."""
    out: list[dict] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    # table row timing column: `| … | Tháng 8/2024 |`, `| … | 2024 - 2025 |`
    if text.startswith("|"):
        cells = [c.strip() for c in text.strip("|").split("|")]
        last = cells[-1] if cells else ""
        task = cells[1] if len(cells) > 1 else ""
        m = _CELL_MONTH_RE.match(last)
        y = _CELL_YEARS_RE.match(last)
        if m:
            yy, mm = int(m.group("y")), int(m.group("m"))
            out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=_iso(yy, mm, 1),
                            end=_iso(yy, mm, calendar.monthrange(yy, mm)[1]), subject=_subject(task),
                            start_offset=text.rfind(last)))
        elif y:
            a = int(y.group("a"))
            b = int(y.group("b") or a)
            out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=_iso(a, 1, 1),
                            end=_iso(b, 12, 31), subject=_subject(task), start_offset=text.rfind(last)))
        return out

    for m in _RANGE_RE.finditer(text):
        y1 = int(m.group("y1") or m.group("y2") or plan_year or 0)
        y2 = int(m.group("y2") or m.group("y1") or plan_year or 0)
        if not y1:
            continue
        out.append(dict(kind="period", date=None, month_day=None, recurrence="once",
                        start=_iso(y1, int(m.group("m1")), int(m.group("d1"))),
                        end=_iso(y2, int(m.group("m2")), int(m.group("d2"))),
                        subject=_subject(text[:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _QUARTERS_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        q1 = _ROMAN[m.group("q1").upper()]
        q2 = _ROMAN[(m.group("q2") or m.group("q1")).upper()]
        y = int(m.group("y"))
        start, end = _quarter_bounds(q1, q2, y)
        s0, s1 = _sentence_bounds(text, m.start())
        sentence = text[s0:s1]
        due = m.group("pre") and m.group("q2") is None and (_SUBMIT_RE.search(sentence) or _REPORT_RE.search(sentence))
        if due:
            kind = "report" if _REPORT_RE.search(sentence) and not _SUBMIT_RE.search(sentence) else "submission"
            out.append(dict(kind=kind, date=end, month_day=None, recurrence="once", start=None, end=None,
                            subject=_subject(text[s0:m.start()]), start_offset=m.start()))
        else:
            out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=start, end=end,
                            subject=_subject(text[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _MONTH_START_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        y, mo = int(m.group("y")), int(m.group("m"))
        s0, _ = _sentence_bounds(text, m.start())
        out.append(dict(kind="period", date=None, month_day=None, recurrence="once", start=_iso(y, mo, 1), end=None,
                        subject=_subject(text[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _REVIEW_RE.finditer(text):  # `sơ kết vào năm 2025 và tổng kết vào năm 2030`
        y = int(m.group("y"))
        out.append(dict(kind="report", date=None, month_day=None, recurrence="once", start=_iso(y, 1, 1),
                        end=_iso(y, 12, 31), subject=m.group("what").lower(), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _MONTHLY_RE.finditer(text):
        s0, _ = _sentence_bounds(text, m.start())
        out.append(dict(kind="report" if _REPORT_RE.search(text[s0:m.end()]) else "event", date=None,
                        month_day=f"---{int(m.group('d')):02d}", recurrence="monthly", start=None, end=None,
                        subject=_subject(text[s0:m.start()]), start_offset=m.start()))
        taken.append((m.start(), m.end()))

    for m in _DUE_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        s0, s1 = _sentence_bounds(text, m.start())
        sentence = text[s0:s1]
        before = text[s0:m.start()]
        is_report = bool(_REPORT_RE.search(sentence))
        is_submit = bool(_SUBMIT_RE.search(sentence))
        bare = m.group("prep").lower() == "ngày"
        if bare and not (is_report or is_submit):
            continue  # `ngày Quốc tế Thiếu nhi 01/6`: a holiday, not a date the plan sets
        if bare and (regex.match(r"\s*,?\s*(?:của|do)\b", text[m.end():]) or regex.search(r"[\p{Lu}\d]\s*,?\s*$", before)):
            continue  # the issue date of a cited document (`… 13/2021/TT-BLĐTBXH ngày 30/9/2021 của …`)
        if m.group("dd"):
            dates = [(int(m.group("dd")), int(m.group("mm")), m.group("yy"))]
        else:
            dates = [(int(m.group("d")), int(m.group("m")), m.group("y"))]
        dates += [(int(d), int(mo), y or None) for d, mo, y in
                  regex.findall(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*((?:19|20)\d{2}))?", m.group("more"))]
        annual = bool(_ANNUAL_RE.search(text, m.start(), s1 + 1)) or bool(_ANNUAL_RE.search(before))
        kind = "report" if is_report and not (is_submit and regex.search(r"gửi\s+(?:về\s+)?\S+", before)
                                             and not _REPORT_RE.search(before)) else ("submission" if is_submit else "event")
        if is_report and _REPORT_RE.search(before):
            kind = "report"
        for k, (d, mo, y) in enumerate(dates):
            paren = regex.search(r"(?P<l>6\s+tháng|sáu\s+tháng|cả\s+năm)\s*\(\s*$", before)
            if kind == "report":
                subject = _report_subject(before, len(dates), k)
            else:
                subject = _subject(before)
            if y:
                recurrence = "once"
                if paren and len(dates) == 1:
                    recurrence = "semiannual" if "6" in paren.group("l") or "sáu" in paren.group("l") else "annual"
                    subject = "báo cáo 6 tháng" if recurrence == "semiannual" else "báo cáo năm"
                out.append(dict(kind=kind, date=_iso(int(y), mo, d), month_day=None, recurrence=recurrence,
                                start=None, end=None, subject=subject, start_offset=m.start()))
            elif annual or kind == "report":
                out.append(dict(kind=kind, date=None, month_day=_month_day(mo, d), recurrence="annual",
                                start=None, end=None, subject=subject, start_offset=m.start()))
            elif plan_year:
                out.append(dict(kind=kind, date=_iso(plan_year, mo, d), month_day=None, recurrence="once",
                                start=None, end=None, subject=subject, start_offset=m.start()))
        taken.append((m.start(), m.end()))
    # a date that does not exist (`31/2`, `99/99/2024`) is a typo, not a deadline
    out = [x for x in out if x["date"] or x["month_day"] or x["start"] or x["end"]]
    return sorted(out, key=lambda x: x["start_offset"])


def read_deadlines(doc: CleanDocument, sections: list[Section], document: DocumentRow,
                   responsible_of=None) -> list[Deadline]:
    """Deadlines of a plan. `responsible_of(section)` names who owes what a section asks for."""
    plan_year = document.period_start if document.period_start == document.period_end else None
    if plan_year is None and document.issue_date:
        plan_year = int(document.issue_date[:4])
    first = sections[0].paragraph_start if sections else 0
    rows: list[Deadline] = []
    for para in doc.paragraphs[first:]:
        section = section_at(sections, para.index)
        for item in paragraph_deadlines(para.text, plan_year):
            offset = item.pop("start_offset")
            span = para.span(max(0, offset), max(0, offset) + 1)
            rows.append(Deadline(doc_id=doc.doc_id, section_id=section.section_id if section else None,
                                 line=span.line, page=span.page, text=para.text,
                                 responsible=responsible_of(section, para.text) if responsible_of else None,
                                 **item))
    return rows

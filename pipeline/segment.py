"""Segment stage: logical paragraphs -> the heading tree (`sections.csv`).

Labels: Roman numerals (`II.`, `I . MỤC TIÊU`) open a level-1 part; `Điều N.` (a decision's
articles, `D3`) and `PHỤ LỤC [II]` (`PL`, `PLII`) too. Arabic labels `1.`, `2.1.`, `3.2.1.` hang
under the current part; `a)` hangs under the latest numbered heading, and counts as a heading
only when body text follows it (a list of `a) … b) …` task sentences is body, not headings) and
the plan numbers in several parts (`3.2.2.` then `a)`); under `1.` or an article's `1.`, `a) b)`
are the item's points (điểm), not headings.
Larger divisions: `PHẦN I` / `PHẦN THỨ HAI` (`P1`, `P2`), whose Roman numerals restart (`P2.I.1`);
`Chương II` (`C2`, `P2.C1` inside a part) and `Mục 3` (`C2.M3`), under which articles hang;
`PHỤ LỤC 2` (`PL2`) with its own parts (`PL2.I`). An article label is `Điều N.` (or the label
alone on its line), or the next article's number before its text: `Điều 101 của Bộ luật này.`
wrapped to the start of a line is a cross-reference.
A heading that runs on into body text after a colon keeps the part before the colon.
"""
from __future__ import annotations


import regex

from . import rules
from .normalize import EDITOR_NOTE_RE, OPEN_NOTE_RE, label_of, strip_diacritics
from .records import CleanDocument, Paragraph, Section

_FOOTNOTE_RE = regex.compile(r"\d*\[\d{1,3}\]\s*$")
_TRAIL_RE = regex.compile(r"[\s.;:,/]+$")
_COLON_RE = regex.compile(r":(?:\s|$)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
             "chín": 9, "mười": 10}
# `PHẦN I. KHÁI QUÁT CHUNG`, `Phần thứ hai XỬ PHẠT VI PHẠM HÀNH CHÍNH`, `PHẦN THỨ NHẤT`
_PART_RE = regex.compile(
    r"^(?:PHẦN|Phần)\s+(?:(?P<roman>[IVX]{1,5})\b|(?:THỨ|thứ)\s+(?P<ord>\p{L}+))\s*[.:]?\s*(?=\p{Lu}|$)")
# `Chương I NHỮNG QUY ĐỊNH CHUNG`, `CHƯƠNG II`; `Mục 1. QUY ĐỊNH CHUNG`
_CHAPTER_RE = regex.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<no>[IVXL]{1,6}|\d{1,3})\b\s*[.:]?\s*(?=\p{Lu}|\[|$)")
_CHAPTER_IN_RE = regex.compile(r"\s(?:Chương|CHƯƠNG)\s+(?P<no>[IVXL]{1,6}|\d{1,3})\b\s*[.:]?\s*(?=\p{Lu})")
_SUBCHAPTER_RE = regex.compile(r"^(?:Mục|MỤC)\s+(?P<no>\d{1,3}|[IVX]{1,5})\b\s*[.:]?\s*(?=\p{Lu}|\[|$)")
# `PHỤ LỤC 1`, `Phụ lục II DANH MỤC …`, `PHỤ LỤC II: …` — an appendix with its number and title
_APPENDIX_RE = regex.compile(
    r"^(?:PHỤ\s*LỤC|Phụ\s+lục)\s+(?:số\s+)?(?P<no>(?:[IVX]{1,5}|\d{1,2})(?:\.\d{1,2})?)(?![\p{L}\d])\s*[.:]?\s*"
    r"(?P<rest>(?:[\p{Lu}(“\"].*)?)$")
# `A. LĨNH VỰC VŨ KHÍ, VẬT LIỆU NỔ`: a group in capitals above Roman numerals
_GROUP_RE = regex.compile(r"^(?P<no>[A-HĐ])\.\s+(?P<rest>[\p{Lu}Đ][\p{Lu}Đ\s,;&-]{6,})$")  # A, B, C, D, Đ, E, G, H
# `1. Họ và tên:………………`, `Địa chỉ: .........`: a field of a form to fill in, not a heading
_FORM_FIELD_RE = regex.compile(r"[.…_]{5,}|…{2,}")
# what follows an article number in a cross-reference: `của Bộ luật này`, `Luật Địa chất và khoáng sản`
_CROSS_REF_RE = regex.compile(r"\s*(?:\p{Ll}|(?:Luật|Bộ\s+luật|Nghị\s+định|Thông\s+tư|Nghị\s+quyết|Quyết\s+định)\b)")
_DIEU_LABEL_RE = regex.compile(r"^Điều\s+\d{1,3}\s*(?:[.:]|\[|$)")  # `Điều 23 [Điều này được sửa đổi bởi …]`


def heading_text(rest: str) -> str:
    """Heading without its label: the part before a colon, without final punctuation or a web copy's
    footnote mark (`ĐIỀU KHOẢN THI HÀNH[192]`)."""
    rest = _FOOTNOTE_RE.sub("", rest)
    if "[" in rest:  # a web copy's editor's note (`… do cử tri ở tỉnh bầu ra. [Khoản này được sửa đổi bởi …]`)
        rest = EDITOR_NOTE_RE.sub(" ", rest)
        rest = OPEN_NOTE_RE.sub("", rest)
    m = _COLON_RE.search(rest)
    if m:
        rest = rest[:m.start()]
    return _TRAIL_RE.sub("", rest).strip()


def _roman_value(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        v = _ROMAN_VALUES.get(ch, 0)
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


@rules.cached
def _kind_keywords() -> tuple[tuple[str, tuple[tuple[str, regex.Pattern], ...]], ...]:
    data = rules.load("section_kinds.yaml")
    return tuple((kind, tuple((k, regex.compile(rf"\b{regex.escape(k)}\b"))
                              for k in (strip_diacritics(w).lower() for w in words)))
                 for kind, words in data.items())


def section_kind(heading: str, level: int, parent_kind: str | None, is_appendix: bool = False) -> str:
    if is_appendix:
        return "appendix"
    key = strip_diacritics(heading).lower()
    for kind, words in _kind_keywords():
        for w, word_re in words:
            if (level == 1 and word_re.search(key)) or key.startswith(w):
                if kind == "organization" and parent_kind == "tasks" and len(key.split()) > 10:
                    return parent_kind  # `2. Tổ chức thực hiện công tác thẩm định thiết kế, …`: a task, not a heading
                return kind
    return parent_kind or "other"


def _is_letter_heading(paragraphs: list[Paragraph], i: int) -> bool:
    """`a) …` is a heading when it is followed by body text, not by the next item or heading."""
    if i + 1 >= len(paragraphs):
        return False
    return label_of(paragraphs[i + 1].text) is None


def _division(text: str) -> tuple[str, str, str] | None:
    """(kind, number, rest) of a part, chapter, sub-chapter, numbered appendix or capital-letter group."""
    m = _PART_RE.match(text)
    if m:
        n = _roman_value(m.group("roman")) if m.group("roman") else _ORDINALS.get(m.group("ord").lower())
        if n:
            return "part", str(n), text[m.end():]
    m = _CHAPTER_RE.match(text)
    if m:
        no = m.group("no")
        return "chapter", str(_roman_value(no) if not no.isdigit() else int(no)), EDITOR_NOTE_RE.sub(" ", text[m.end():]).strip()
    m = _SUBCHAPTER_RE.match(text)
    if m:
        no = m.group("no")
        return "subchapter", str(int(no) if no.isdigit() else _roman_value(no)), EDITOR_NOTE_RE.sub(" ", text[m.end():]).strip()
    m = _APPENDIX_RE.match(text)
    if m:
        return "appendix", m.group("no"), m.group("rest")
    m = _GROUP_RE.match(text)
    if m:
        return "group", m.group("no"), m.group("rest")
    return None


_RANK = {"appendix": 0, "part": 1, "chapter": 2, "subchapter": 3, "group": 4}
_PREFIX = {"appendix": "PL", "part": "P", "chapter": "C", "subchapter": "M", "group": ""}


def _title_below(paragraphs: list[Paragraph], i: int) -> str | None:
    """A division's title standing alone on the next line (`Chương I` / `QUY ĐỊNH CHUNG`)."""
    if i + 1 >= len(paragraphs):
        return None
    nxt = paragraphs[i + 1].text
    if label_of(nxt) or _division(nxt) or nxt.startswith(("(", "|")):
        return None
    return nxt


def paragraphs_to_sections(doc: CleanDocument) -> list[Section]:
    paragraphs = doc.paragraphs
    sections: list[Section] = []
    by_id: dict[str, Section] = {}
    divisions: list[tuple[int, Section]] = []  # open appendix / part / chapter / sub-chapter / group, outermost first
    container: Section | None = None  # the current Roman-numeral part or article
    last_numbered: Section | None = None
    last_article = 0
    last_part = 0  # the value of the last Roman-numeral part (numbering restarts in a division)
    skip_next = False
    for i, para in enumerate(paragraphs):
        if skip_next:
            skip_next = False
            continue
        text = para.text
        division = _division(text)
        m = None if division else label_of(text)
        if m and m.group("appendix"):  # `PHỤ LỤC` without a number
            division, m = ("appendix", m.group("appendix_no") or "", ""), None
        if not division and not m:
            continue
        parent: Section | None
        kind = None
        if division:
            kind, number, rest = division
            rank = _RANK[kind]
            while divisions and divisions[-1][0] >= rank:
                divisions.pop()
            parent = divisions[-1][1] if divisions else None
            label = f"{_PREFIX[kind]}{number}"
            sid = (parent.section_id + "." if parent else "") + label
            if not rest.strip():
                below = _title_below(paragraphs, i)
                if below is not None:
                    rest, skip_next = below, True
                elif kind == "appendix":
                    rest = text
            level = parent.level + 1 if parent else 1
            heading = heading_text(rest)
        elif m.group("roman") or m.group("dieu"):
            if m.group("roman") and m.group("rsep") != "." and _roman_value(m.group("roman")) != last_part + 1:
                continue  # `X - Số lần nộp tiền …`: a formula's term, not part X (`I-`, `II/` only in sequence)
            if m.group("dieu") and not _DIEU_LABEL_RE.match(text):
                if int(m.group("dieu_no")) != last_article + 1 or _CROSS_REF_RE.match(text, m.end()):
                    continue  # `Điều 101 của Bộ luật này.`: a cross-reference wrapped to a line start
            parent = divisions[-1][1] if divisions else None
            if m.group("roman"):
                label = m.group("roman")
                last_part = _roman_value(label)
                sid = (parent.section_id + "." if parent else "") + label
            else:
                label = sid = "D" + m.group("dieu_no")
                last_article = int(m.group("dieu_no"))
            level = parent.level + 1 if parent else 1
            heading = heading_text(text[m.end():].strip())
        elif m.group("num") or m.group("num2"):
            label = m.group("num") or m.group("num2")
            rest = text[m.end():].strip()
            if _FORM_FIELD_RE.search(rest):
                continue  # `1. Họ và tên:………………`: a line of a form to fill in
            parts = label.split(".")
            base = container or (divisions[-1][1] if divisions else None)
            prefix = base.section_id + "." if base else ""
            sid = prefix + label
            parent = base
            for k in range(len(parts) - 1, 0, -1):
                candidate = by_id.get(prefix + ".".join(parts[:k]))
                if candidate:
                    parent = candidate
                    break
            level = len(parts) + (base.level if base else 0)
            heading = heading_text(rest)
        else:  # letter item: a heading only below a number in several parts (`3.2.2.` then `a)`)
            if not _is_letter_heading(paragraphs, i) or last_numbered is None or "." not in last_numbered.label:
                continue
            label = m.group("letter")
            parent = last_numbered
            sid = parent.section_id + "." + label
            level = parent.level + 1
            heading = heading_text(text[m.end():].strip())
        if sid in by_id:  # a restart of the numbering inside one part: keep ids unique
            n = 2
            while f"{sid}~{n}" in by_id:
                n += 1
            sid = f"{sid}~{n}"
        # keywords anywhere in a part's heading; an article's, like an item's, at its start (`Điều 23. Thẩm quyền
        # giao đất để sử dụng vào mục đích …` is no purpose)
        top = division is not None or bool(m.group("roman"))
        dieu = m is not None and bool(m.group("dieu"))
        kind_value = section_kind(heading, 1 if top else max(level, 2) if dieu else level,
                                  parent.kind if parent else None, kind == "appendix")
        section = Section(doc_id=doc.doc_id, section_id=sid, parent_id=parent.section_id if parent else None,
                          level=level, label=label, heading=heading, kind=kind_value,
                          line_start=para.line, line_end=para.line, page=para.page, paragraph_start=i,
                          paragraph_end=i + 1)
        sections.append(section)
        by_id[sid] = section
        if division:
            divisions.append((_RANK[kind], section))
            container = None
            last_part = 0
            last_numbered = None
            inner = _CHAPTER_IN_RE.search(rest) if kind == "part" else None
            if inner:  # `Phần thứ hai XỬ PHẠT … Chương I CÁC HÌNH THỨC XỬ PHẠT …`: the part's first chapter on its line
                section.heading = heading_text(rest[:inner.start()])
                no = inner.group("no")
                chapter = Section(doc_id=doc.doc_id, section_id=f"{sid}.C{_roman_value(no) if not no.isdigit() else int(no)}",
                                  parent_id=sid, level=level + 1, label=f"C{_roman_value(no) if not no.isdigit() else int(no)}",
                                  heading=heading_text(rest[inner.end():]), kind=section_kind(rest[inner.end():], 1, None),
                                  line_start=para.line, line_end=para.line, page=para.page, paragraph_start=i,
                                  paragraph_end=i + 1)
                sections.append(chapter)
                by_id[chapter.section_id] = chapter
                divisions.append((_RANK["chapter"], chapter))
        elif m.group("roman") or m.group("dieu"):
            container = section
            last_numbered = None
        elif not m.group("letter"):
            last_numbered = section
    _set_extents(sections, paragraphs)
    return sections


def _set_extents(sections: list[Section], paragraphs: list[Paragraph]) -> None:
    """A section runs until the next heading of the same or a higher level (a stack walk: linear)."""
    open_: list[Section] = []
    for s in sections:
        while open_ and open_[-1].level >= s.level:
            _close(open_.pop(), s.paragraph_start, paragraphs)
        open_.append(s)
    while open_:
        _close(open_.pop(), len(paragraphs), paragraphs)


def _close(s: Section, end: int, paragraphs: list[Paragraph]) -> None:
    s.paragraph_end = end
    last = paragraphs[end - 1] if end > 0 else paragraphs[0]
    s.line_end = last.pieces[-1].line.no


def section_at(sections: list[Section], paragraph_index: int) -> Section | None:
    """The innermost section that contains a paragraph."""
    found = None
    for s in sections:
        if s.paragraph_start <= paragraph_index < s.paragraph_end:
            if found is None or s.level >= found.level:
                found = s
    return found


def sections_of_paragraphs(sections: list[Section], count: int) -> list[Section | None]:
    """`section_at` for paragraphs 0..count-1 at once (one pass over the sections' spans, the same
    choice: the last of the deepest sections that contain the paragraph)."""
    found: list[Section | None] = [None] * count
    for s in sections:
        for i in range(max(0, s.paragraph_start), min(count, s.paragraph_end)):
            f = found[i]
            if f is None or s.level >= f.level:
                found[i] = s
    return found

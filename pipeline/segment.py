"""Segment stage: logical paragraphs -> the heading tree (`sections.csv`).

Labels: Roman numerals (`II.`, `I . MỤC TIÊU`) open a level-1 part; `Điều N.` (a decision's
articles, `D3`) and `PHỤ LỤC [II]` (`PL`, `PLII`) too. Arabic labels `1.`, `2.1.`, `3.2.1.` hang
under the current part; `a)` hangs under the latest numbered heading, and counts as a heading
only when body text follows it (a list of `a) … b) …` task sentences is body, not headings).
A heading that runs on into body text after a colon keeps the part before the colon.
"""
from __future__ import annotations


import regex

from . import rules
from .normalize import label_of, strip_diacritics
from .records import CleanDocument, Paragraph, Section

_TRAIL_RE = regex.compile(r"[\s.;:,/]+$")
_COLON_RE = regex.compile(r":(?:\s|$)")


def heading_text(rest: str) -> str:
    """Heading without its label: the part before a colon, without final punctuation."""
    m = _COLON_RE.search(rest)
    if m:
        rest = rest[:m.start()]
    return _TRAIL_RE.sub("", rest).strip()


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
                return kind
    return parent_kind or "other"


def _is_letter_heading(paragraphs: list[Paragraph], i: int) -> bool:
    """`a) …` is a heading when it is followed by body text, not by the next item or heading."""
    if i + 1 >= len(paragraphs):
        return False
    return label_of(paragraphs[i + 1].text) is None


def paragraphs_to_sections(doc: CleanDocument) -> list[Section]:
    paragraphs = doc.paragraphs
    sections: list[Section] = []
    by_id: dict[str, Section] = {}
    container: Section | None = None  # the current level-1 part
    last_numbered: Section | None = None
    skip_next = False
    for i, para in enumerate(paragraphs):
        if skip_next:
            skip_next = False
            continue
        m = label_of(para.text)
        if not m:
            continue
        rest = para.text[m.end():].strip()
        parent: Section | None
        if m.group("roman") or m.group("dieu") or m.group("appendix"):
            if m.group("roman"):
                label = sid = m.group("roman")
            elif m.group("dieu"):
                label = sid = "D" + m.group("dieu_no")
            else:
                label = "PL" + (m.group("appendix_no") or "")
                sid = label
                if i + 1 < len(paragraphs) and not label_of(paragraphs[i + 1].text) \
                        and not paragraphs[i + 1].text.startswith(("(", "|")):
                    rest = paragraphs[i + 1].text
                    skip_next = True
                else:
                    rest = m.group("appendix")
            parent, level = None, 1
            heading = heading_text(rest)
        elif m.group("num") or m.group("num2"):
            label = m.group("num") or m.group("num2")
            parts = label.split(".")
            prefix = container.section_id + "." if container else ""
            sid = prefix + label
            parent = container
            for k in range(len(parts) - 1, 0, -1):
                candidate = by_id.get(prefix + ".".join(parts[:k]))
                if candidate:
                    parent = candidate
                    break
            level = len(parts) + (1 if container else 0)
            heading = heading_text(rest)
        else:  # letter item
            if not _is_letter_heading(paragraphs, i):
                continue
            label = m.group("letter")
            parent = last_numbered or container
            sid = (parent.section_id + "." if parent else "") + label
            level = (parent.level if parent else 0) + 1
            heading = heading_text(rest)
        if sid in by_id:  # a restart of the numbering inside one part: keep ids unique
            n = 2
            while f"{sid}~{n}" in by_id:
                n += 1
            sid = f"{sid}~{n}"
        is_appendix = label.startswith("PL") and level == 1
        kind = section_kind(heading, level, parent.kind if parent else (container.kind if container and level > 1 else None),
                            is_appendix)
        section = Section(doc_id=doc.doc_id, section_id=sid, parent_id=parent.section_id if parent else None,
                          level=level, label=label, heading=heading, kind=kind,
                          line_start=para.line, line_end=para.line, page=para.page, paragraph_start=i,
                          paragraph_end=i + 1)
        sections.append(section)
        by_id[sid] = section
        if level == 1:
            container = section
            last_numbered = None
        elif not m.group("letter"):
            last_numbered = section
    _set_extents(sections, paragraphs)
    return sections


def _set_extents(sections: list[Section], paragraphs: list[Paragraph]) -> None:
    """A section runs until the next heading of the same or a higher level."""
    for k, s in enumerate(sections):
        end = len(paragraphs)
        for nxt in sections[k + 1:]:
            if nxt.level <= s.level:
                end = nxt.paragraph_start
                break
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

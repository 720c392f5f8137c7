"""DOCX text for the ingest stage: the document's XML read from the zip as a stream, one block at a
time, with the text Word shows wherever it keeps it: paragraphs and tables in reading order, text
boxes (once, not also their VML fallback), content controls (not those still showing their
placeholder), tracked insertions (deletions dropped), field results (page numbers dropped), smart
tags, hyperlinks, nested tables (flattened into their cell), cells merged down (their text
repeated); then headers before the body, footers, footnotes and endnotes after it.

Limits apply before and while inflating: the number of zip members is counted before the zip's
directory is parsed, a part's declared inflated size is checked before it is inflated and the
inflation is capped as it goes (the header may lie), each block is freed once read, and the
caller's character and line budget stops the reading.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from .errors import InputError

MAX_DOCX_PART = 50 * 1024 * 1024  # inflated XML of one part (the largest real one seen: 12 MB); twice that in all
MAX_DOCX_MEMBERS = 10_000  # parts in the zip (a plan with its images has tens to hundreds)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# block containers: their children are paragraphs and tables
_CONTAINERS = {_W + "body", _W + "hdr", _W + "ftr", _W + "footnote", _W + "endnote"}
# never text: deletions (tracked), moved-away text, properties, the fallback copy of a drawing
_SKIP = {_W + t for t in ("del", "moveFrom", "delText", "delInstrText", "rPr", "pPr", "sdtPr", "tblPr", "trPr",
                          "tcPr", "sectPr", "tblGrid", "sdtEndPr")} | {_MC + "Fallback"}
_PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}  # a page number is not the document's text
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


class _CappedStream:
    """A zip member read with a cap on its inflated size (the header's size may lie)."""

    def __init__(self, fh, source: str, name: str, limit: int):
        self.fh, self.source, self.name, self.limit, self.total = fh, source, name, limit, 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n if n and n > 0 else 1 << 16)
        self.total += len(data)
        if self.total > self.limit:
            raise InputError(self.source, f"DOCX part {self.name} inflates past {self.limit // (1024 * 1024)} MB "
                             "(a zip bomb?)", "check the file's origin")
        return data


class _Budget:
    """Characters and lines read so far; the limits apply while reading, not after."""

    def __init__(self, source: str, max_chars: int, max_lines: int):
        self.source, self.chars, self.lines = source, 0, 0
        self.max_chars, self.max_lines = max_chars, max_lines

    def add(self, text: str) -> str:
        self.chars += len(text)
        self.lines += 1
        if self.lines > self.max_lines:
            raise InputError(self.source, f"more than {self.max_lines:,} lines, more than any plan",
                             "split the file, or check that it is a plan")
        if self.chars > self.max_chars:
            raise InputError(self.source, f"more than {self.max_chars:,} characters of text, more than any plan",
                             "split the file, or check that it is a plan")
        return text


def _rel_targets(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, part name) of the relationships of `part` (`word/document.xml` -> its headers …)."""
    from lxml import etree

    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in zf.NameToInfo or zf.getinfo(rels).file_size > 1 << 20:
        return []
    try:
        root = etree.fromstring(zf.read(rels), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    out = []
    for rel in root.iter(_REL):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append(((rel.get("Type") or "").rsplit("/", 1)[-1], name))
    return out


def docx_text_lines(path: str, data: bytes, max_chars: int, max_lines: int) -> list[str]:
    """Lines of a DOCX (`path` names it in errors): headers, the body in reading order, then
    footers, footnotes and endnotes. Each XML part is parsed as a stream, one block at a time."""
    from lxml import etree

    if data.count(b"PK\x01\x02") > MAX_DOCX_MEMBERS:  # central directory entries, counted before they are parsed
        raise InputError(path, f"DOCX holds more than {MAX_DOCX_MEMBERS:,} parts (a zip bomb?)", "check the file's origin")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(path, "not a DOCX (not a zip archive)",
                         "an old .doc renamed to .docx? re-save it as .docx") from None
    with zf:
        main = next((name for kind, name in _rel_targets(zf, "") if kind == "officeDocument"), "word/document.xml")
        if main not in zf.NameToInfo:
            raise InputError(path, "broken DOCX (no document part)", "re-save the file in Word")
        related = _rel_targets(zf, main)
        parts = {kind: sorted({name for k, name in related if k == kind and name in zf.NameToInfo})
                 for kind in ("header", "footer", "footnotes", "endnotes")}
        total = 0
        for name in [main, *(n for names in parts.values() for n in names)]:
            size = zf.getinfo(name).file_size
            total += size
            if size > MAX_DOCX_PART:
                raise InputError(path, f"DOCX part {name} inflates to {size // (1024 * 1024)} MB (a zip bomb?)",
                                 "check the file's origin")
            if total > 2 * MAX_DOCX_PART:
                raise InputError(path, f"DOCX parts inflate to {total // (1024 * 1024)} MB in all (a zip bomb?)",
                                 "check the file's origin")
        budget = _Budget(path, max_chars, max_lines)
        try:
            def part(name: str) -> list[str]:
                with zf.open(name) as fh:
                    return _part_lines(_CappedStream(fh, path, name, MAX_DOCX_PART), budget)

            head = _distinct(line for name in parts["header"] for line in part(name))
            body = part(main)
            tail = _distinct(line for name in parts["footer"] + parts["footnotes"] + parts["endnotes"]
                             for line in part(name))
        except InputError:
            raise
        except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, ValueError, KeyError, OSError, RuntimeError,
                NotImplementedError) as exc:  # encrypted members, unknown compression
            raise InputError(path, f"broken DOCX ({type(exc).__name__})", "re-save the file in Word") from None
    return head + ([""] if head else []) + body + ([""] if tail else []) + tail


def _distinct(lines) -> list[str]:
    """Non-blank lines, each once (the first-page, default and even-page headers often repeat)."""
    seen: set[str] = set()
    out = []
    for line in lines:
        if line.strip() and line not in seen:
            seen.add(line)
            out.append(line)
    return out


def _part_lines(stream, budget: _Budget) -> list[str]:
    """Lines of one part (document, header, footer, notes), read block by block: each paragraph or
    table is read once its end tag is parsed, then freed."""
    from lxml import etree

    lines: list[str] = []
    depth_is_container: list[bool] = []
    for event, el in etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                     load_dtd=False, huge_tree=True, remove_comments=True, remove_pis=True):
        if event == "start":
            container = el.tag in _CONTAINERS
            if container and el.get(_W + "type") in _NOTE_SEPARATORS:
                container = False
            depth_is_container.append(container)
            continue
        depth_is_container.pop()
        if depth_is_container and depth_is_container[-1]:
            before = len(lines)
            _block(el, lines)
            for t in lines[before:]:
                budget.add(t)
            el.clear()
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
    return lines


def _block(el, out: list[str], in_cell: bool = False) -> None:
    """Lines of one block-level element: a paragraph, a table, or a wrapper around blocks (content
    control, custom XML, tracked insertion, alternate content)."""
    tag = el.tag
    if tag == _W + "p":
        boxes: list[str] = []
        out.extend(_paragraph_text(el, boxes).split("\n"))
        out.extend(boxes)
    elif tag == _W + "tbl":
        _table(el, out, in_cell)
    elif tag == _W + "sdt":
        if el.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None:
            return  # the control still shows its placeholder (`Click here to enter text.`)
        for child in el.iterchildren(_W + "sdtContent"):
            for sub in child:
                _block(sub, out, in_cell)
    elif tag in (_W + "customXml", _W + "ins", _W + "moveTo", _W + "smartTag", _MC + "AlternateContent", _MC + "Choice"):
        for sub in el:
            if sub.tag == _MC + "Choice" and tag == _MC + "AlternateContent" and sub.getprevious() is not None:
                continue  # the first choice is the one read
            _block(sub, out, in_cell)


def _field_hidden(instr: str) -> bool:
    words = instr.split()
    return bool(words) and words[0].upper() in _PAGE_FIELDS


def _paragraph_text(p, boxes: list[str]) -> str:
    """A paragraph's text as Word shows it: runs, hyperlinks, smart tags, content controls, tracked
    insertions (deletions dropped), field results (page numbers dropped); text boxes anchored in it
    go to `boxes`, read as blocks."""
    from lxml import etree

    parts: list[str] = []
    fields: list[list] = []  # per open field: [instruction parts, result reached, hidden]
    walker = etree.iterwalk(p, events=("start",))
    for _, el in walker:
        tag = el.tag
        if not isinstance(tag, str) or el is p:
            continue
        if tag == _W + "t":
            if not fields or (fields[-1][1] and not any(f[2] for f in fields)):
                parts.append(el.text or "")
        elif tag in _SKIP:
            walker.skip_subtree()
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append("\t")
        elif tag == _W + "br":
            parts.append("\n" if el.get(_W + "type") in (None, "textWrapping") else "")
        elif tag == _W + "cr":
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "fldChar":
            kind = el.get(_W + "fldCharType")
            if kind == "begin":
                fields.append([[], False, False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
                fields[-1][2] = _field_hidden("".join(fields[-1][0]))
            elif kind == "end" and fields:
                fields.pop()
        elif tag == _W + "instrText":
            if fields:
                fields[-1][0].append(el.text or "")
            walker.skip_subtree()
        elif tag == _W + "fldSimple":
            if _field_hidden(el.get(_W + "instr") or ""):
                walker.skip_subtree()
        elif tag == _W + "sdt":
            if el.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None:
                walker.skip_subtree()
        elif tag == _W + "txbxContent":
            for sub in el:
                _block(sub, boxes)
            walker.skip_subtree()
        elif tag == _MC + "Choice" and el.getprevious() is not None:
            walker.skip_subtree()
    return "".join(parts)


def _cell_text(tc) -> str:
    lines: list[str] = []
    for sub in tc:
        _block(sub, lines, in_cell=True)
    return " ".join(t for t in lines if t.strip()).replace("\n", " ").strip()


def _children(el, tag: str):
    """`tag` children of a table or row, also those wrapped in content controls or custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _children(content, tag)
        elif child.tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
            yield from _children(child, tag)


def _int_attr(el, path: str, default: int) -> int:
    found = el.find(path)
    try:
        return max(0, min(int(found.get(_W + "val")), 1000)) if found is not None else default
    except (TypeError, ValueError):
        return default


def _table(tbl, out: list[str], in_cell: bool) -> None:
    """One line per row: `| cell | cell |`; a cell spanning columns once (then empty cells for the
    columns it covers), a cell merged with the one above repeats its text; a table inside a cell is
    flattened into the cell's text."""
    above: dict[int, str] = {}
    for tr in _children(tbl, _W + "tr"):
        if tr.find(f"{_W}trPr/{_W}del") is not None:
            continue  # a row deleted with tracked changes
        col = _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
        cells: list[str] = []
        for tc in _children(tr, _W + "tc"):
            span = _int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1) or 1
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                value = above.get(col, "")
            else:
                value = _cell_text(tc)
            for k in range(span):
                above[col + k] = value
            col += span
            # a cell spanning columns is said once, in its first column, and the columns it covers stay
            # (empty) so that every row keeps the columns of the table's header
            cells.append(value)
            cells.extend([""] * (span - 1))
        if in_cell:
            out.append(" ".join(c for c in cells if c))
        else:
            out.append("| " + " | ".join(cells) + " |")

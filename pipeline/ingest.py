"""Ingest stage: a file on disk -> `RawDocument` (decoded lines with their numbers and pages).

Formats: .txt/.md (UTF-8 with or without BOM, UTF-16 with BOM, CRLF, Windows-1258), .pdf with a
text layer (pdfplumber, line numbers counted per page), .docx (the document's XML read as a stream:
paragraphs and table cells in reading order, with text boxes, content controls, tracked insertions,
fields, nested tables, then headers, footers and notes), .html/.htm (text of the page in block
order, by a linear scanner).
Bad input raises `InputError` with the reason and what to do. Limits apply while reading: a file
is read with a byte cap, special files (FIFOs, devices) are refused before they are opened, a DOCX
part's inflated size is checked before it is inflated and capped while it is.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import io
import os
import posixpath
import stat
import unicodedata
import zipfile
from pathlib import Path

import regex

from . import legacy
from .errors import InputError
from .normalize import CONTROL_RE
from .records import RawDocument, SourceLine

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_BYTES = 50 * 1024 * 1024  # a plan is tens of KB; refuse anything past 50 MB
MAX_DOCX_PART = 50 * 1024 * 1024  # inflated XML of one part (the largest real one seen: 12 MB); twice that in all
MAX_DOCX_MEMBERS = 10_000  # parts in the zip (a plan with its images has tens to hundreds)
MAX_LINE_CHARS = 100_000  # a plan's longest paragraph is a few thousand characters
MAX_TEXT_CHARS = 10_000_000
MAX_LINES = 300_000  # a long law has tens of thousands of lines
MAX_HTML_TAGS = 1_000_000  # a long web page has tens of thousands

# Letters that only Vietnamese text has: used to tell a right decoding from a wrong one.
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def display_name(name: str) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 (kept by the system as
    surrogate escapes) and control characters shown as `\\xNN`."""
    if name.isprintable():
        return name
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = name.encode("utf-8", "replace").decode("utf-8")
    return CONTROL_RE.sub(lambda m: "".join(f"\\x{ord(c):02x}" for c in m.group(0)), text)


def name_id(name: str) -> str:
    """A file name as a `doc_id`: bytes that are not UTF-8 become `_`, control characters are
    dropped, NFC."""
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\ufffd", "_")
    except UnicodeEncodeError:
        text = name.encode("utf-8", "replace").decode("utf-8")
    text = unicodedata.normalize("NFC", CONTROL_RE.sub("", text))
    return text or "_"


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def check_file(path: str | Path, source: str | None = None) -> os.stat_result:
    """stat() a would-be input without opening it: refuse what is missing, a folder, of an
    unsupported type, a special file (a FIFO would block, `/dev/zero` never ends) or too large."""
    p = Path(path)
    source = source or display_name(str(path))
    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(source, f"dangling link (to {display_name(os.readlink(p))})",
                             "fix or remove the link") from None
        raise InputError(source, "file not found", "check the path") from None
    except PermissionError:
        raise InputError(source, "permission denied", "make the file readable") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or type(exc).__name__})", "check the file") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(source, "is a folder", "pass the files or run on the folder with `plans run`")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(source, f"unsupported file type {display_name(suffix) or '(none)'}",
                         "convert to .txt, .md, .pdf, .docx or .html")
    what = _special(st.st_mode)
    if what:
        raise InputError(source, f"is {what}, not a file", "pass a regular file")
    if st.st_size > MAX_BYTES:
        raise InputError(source, f"file is {st.st_size // (1024 * 1024)} MB, larger than the 50 MB limit",
                         "split the file or check that it is a plan")
    return st


def read_bytes_capped(path: str | Path, source: str, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, never more than `limit` (the file may grow, or lie about its size).
    Opened without blocking and checked again once open, so a file swapped for a FIFO or a
    device between the check and the open is refused too."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(source, f"cannot be opened ({exc.strerror or type(exc).__name__})", "check the file") from None
    try:
        what = _special(os.fstat(fd).st_mode)
        if what:
            raise InputError(source, f"is {what}, not a file", "pass a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(source, f"file is larger than the {limit // (1024 * 1024)} MB limit",
                                 "split the file or check that it is a plan")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(source, f"read error ({exc.strerror or type(exc).__name__})", "check the file") from None
    finally:
        os.close(fd)


def read_document(path: str | Path, doc_id: str | None = None) -> RawDocument:
    """Read one plan file into numbered lines. Raises InputError for unreadable input.
    `doc_id` defaults to the file's stem (made printable)."""
    p = Path(path)
    source = display_name(str(path))
    check_file(p, source)
    suffix = p.suffix.lower()
    data = read_bytes_capped(p, source)
    sha = hashlib.sha256(data).hexdigest()
    notes: list[str] = []
    if suffix == ".pdf":
        lines, encoding = _pdf_lines(source, p), "pdf"
        fmt = "pdf"
    elif suffix == ".docx":
        lines, encoding = _docx_lines(source, data), "docx"
        fmt = "docx"
    else:
        text, encoding = decode_bytes(source, data)
        del data
        if encoding not in ("utf-8", "utf-8-sig"):
            notes.append("truncated UTF-8: the cut last character was dropped" if "truncated" in encoding
                         else f"decoded as {encoding}")
        if suffix in HTML_SUFFIXES:
            text = html_to_text(text, source)
            fmt = "html"
        else:
            fmt = "md" if suffix in (".md", ".markdown") else "txt"
        _check_size(source, text)
        lines = text_to_lines(text)
    if encoding not in ("tcvn3", "vni"):  # mojibake already in Unicode (pasted from a legacy-font file)
        joined = "\n".join(line.text for line in lines)
        converted, name = legacy.repair(joined)
        if name:
            lines = [SourceLine(no=l.no, text=t, page=l.page) for l, t in zip(lines, converted.split("\n"))]
            encoding = f"{encoding}+{name}"
    if any(x in encoding for x in ("tcvn3", "vni")):
        notes.append(f"converted from {'TCVN3' if 'tcvn3' in encoding else 'VNI'} to Unicode")
    longest = max(lines, key=lambda line: len(line.text), default=None)
    if longest is not None and len(longest.text) > MAX_LINE_CHARS:
        raise InputError(source, f"line {longest.no} is {len(longest.text):,} characters long",
                         "not a plan's text as exported: re-export it with line breaks")
    if len(lines) > MAX_LINES:
        raise InputError(source, f"{len(lines):,} lines, more than any plan", "split the file, or check that it is a plan")
    total = sum(len(line.text) for line in lines)
    if total > MAX_TEXT_CHARS:
        raise InputError(source, f"{total:,} characters of text, more than any plan",
                         "split the file, or check that it is a plan")
    if not any(line.text.strip() for line in lines):
        what = "PDF has no text layer (a scan?)" if fmt == "pdf" else "file has no text"
        hint = "run OCR (e.g. ocrmypdf) first" if fmt == "pdf" else "check that the right file was exported"
        raise InputError(source, what, hint)
    return RawDocument(doc_id=doc_id or name_id(p.stem), source=source, format=fmt, sha256=sha,
                       encoding=encoding, lines=lines, notes=notes)


def _check_size(source: str, text: str) -> None:
    """Refuse a text too long for a plan before it is split into lines (and NFC-normalised)."""
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if lines > MAX_LINES:
        raise InputError(source, f"{lines:,} lines, more than any plan", "split the file, or check that it is a plan")
    if len(text) > MAX_TEXT_CHARS:
        no, longest = max(enumerate(map(len, text.replace("\r\n", "\n").replace("\r", "\n").split("\n")), start=1), key=lambda x: x[1])
        if longest > MAX_LINE_CHARS:
            raise InputError(source, f"line {no} is {longest:,} characters long",
                             "not a plan's text as exported: re-export it with line breaks")
        raise InputError(source, f"{len(text):,} characters of text, more than any plan",
                         "split the file, or check that it is a plan")


def text_to_lines(text: str, page: int | None = None) -> list[SourceLine]:
    """Split on \\n, \\r\\n and \\r only (not on form feeds or U+2028), so numbers match `cat -n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(no=i, text=unicodedata.normalize("NFC", t), page=page)
            for i, t in enumerate(text.split("\n"), start=1)]


def decode_bytes(path: str, data: bytes) -> tuple[str, str]:
    """Decode plan text: BOMs first, then UTF-8, then the Vietnamese Windows code page."""
    if not data.strip():
        raise InputError(path, "file is empty", "check that the right file was exported")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(path, data, "utf-16"), "utf-16"
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess is not None:
            return guess, "utf-16 (no BOM)"
        nuls = data.count(0)
        text = _utf8_or_none(data) if nuls <= len(data) // 1000 else None
        if text is None:
            raise InputError(path, "binary data, not text", "export the plan as text, PDF or DOCX")
        return text, "utf-8"  # a few stray NULs in UTF-8 text: normalize removes them and says so
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.start >= len(data) - 3 and "end of data" in utf8_error.reason:
        # a download cut inside the last character: keep what is there
        return data[:utf8_error.start].decode("utf-8"), "utf-8 (truncated)"
    converted, name = legacy.repair(data.decode("latin-1"))  # TCVN3 / VNI fonts saved as 8-bit text
    if name:
        return converted, name
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_vietnamese(text):
        return unicodedata.normalize("NFC", text), "cp1258"
    raise InputError(path, f"not valid UTF-8 (byte {utf8_error.start}) and not Windows-1258 Vietnamese",
                     "re-save the file as UTF-8")


def _utf8_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _strict(path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"invalid {encoding} at byte {exc.start}", "re-save the file as UTF-8") from None


def _utf16_without_bom(data: bytes) -> str | None:
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) / 2
    encoding = "utf-16-le" if odd_nuls > 0.3 * half else "utf-16-be" if even_nuls > 0.3 * half else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return text if printable > 0.95 * max(1, len(text)) else None


def _looks_vietnamese(text: str) -> bool:
    letters = [c for c in unicodedata.normalize("NFC", text) if c.isalpha()]
    if not letters:
        return False
    vi = sum(1 for c in letters if c in _VI_LETTERS or ord(c) > 0x1E00)
    return vi / len(letters) > 0.02


def _pdf_lines(path: str, p: Path) -> list[SourceLine]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    lines: list[SourceLine] = []
    try:
        with pdfplumber.open(p) as pdf:
            for page_no, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                lines.extend(text_to_lines(text, page=page_no))
    except PDFPasswordIncorrect:
        raise InputError(path, "PDF is encrypted", "ask for an unprotected copy") from None
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        name = type(exc).__name__
        inner = [exc, exc.__cause__, exc.__context__, *[a for a in exc.args if isinstance(a, BaseException)]]
        if any(x is not None and ("Password" in type(x).__name__ or "ncrypt" in str(x)) for x in inner):
            raise InputError(path, "PDF is encrypted", "ask for an unprotected copy") from None
        raise InputError(path, f"broken PDF ({name})", "re-download or re-export the file") from None
    return lines



# --- DOCX ---------------------------------------------------------------------------------------
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
    """Characters read so far; the text limit applies while reading, not after."""

    def __init__(self, source: str):
        self.source, self.chars, self.lines = source, 0, 0

    def add(self, text: str) -> str:
        self.chars += len(text)
        self.lines += 1
        if self.lines > MAX_LINES:
            raise InputError(self.source, f"more than {MAX_LINES:,} lines, more than any plan",
                             "split the file, or check that it is a plan")
        if self.chars > MAX_TEXT_CHARS:
            raise InputError(self.source, f"more than {MAX_TEXT_CHARS:,} characters of text, more than any plan",
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


def _docx_lines(path: str, data: bytes) -> list[SourceLine]:
    """Lines of a DOCX: the body in reading order, then headers first (before the body), footers,
    footnotes and endnotes after it. Each XML part is parsed as a stream, one block at a time."""
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
            if size > MAX_DOCX_PART or total > 2 * MAX_DOCX_PART:
                raise InputError(path, f"DOCX part {name} inflates to {size // (1024 * 1024)} MB"
                                 f"{'' if size > MAX_DOCX_PART else f', {total // (1024 * 1024)} MB in all'} (a zip bomb?)",
                                 "check the file's origin")
        budget = _Budget(path)
        try:
            def part(name: str) -> list[str]:
                with zf.open(name) as fh:
                    return _part_lines(_CappedStream(fh, path, name, MAX_DOCX_PART), budget)

            head: list[str] = []
            for name in parts["header"]:
                extra = [t for t in part(name) if t.strip() and t not in head]
                head.extend(extra)
            body = part(main)
            tail: list[str] = []
            for name in parts["footer"] + parts["footnotes"] + parts["endnotes"]:
                tail.extend(t for t in part(name) if t.strip() and t not in tail)
        except InputError:
            raise
        except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, ValueError, KeyError, OSError) as exc:
            raise InputError(path, f"broken DOCX ({type(exc).__name__})", "re-save the file in Word") from None
    texts = head + ([""] if head else []) + body + ([""] if tail else []) + tail
    return [SourceLine(no=i, text=unicodedata.normalize("NFC", t)) for i, t in enumerate(texts, start=1)]


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
    """One line per row: `| cell | cell |`; a cell spanning columns once, a cell merged with the one
    above repeats its text; a table inside a cell is flattened into the cell's text."""
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
            if not cells or cells[-1] != value:  # a cell spanning columns is said once
                cells.append(value)
        if in_cell:
            out.append(" ".join(c for c in cells if c))
        else:
            out.append("| " + " | ".join(cells) + " |")


# --- HTML ---------------------------------------------------------------------------------------
# A linear scanner (Python's HTMLParser re-scans an unclosed tag to the end of the text for every
# `<`: quadratic). Every token pattern below matches to its end or to the end of the text, so the
# scan never comes back.
_TOKEN_RE = regex.compile(r"""<(?:
      !--.*?(?:--!?>|\Z)
    | (?P<end>/)?(?P<tag>[A-Za-z][A-Za-z0-9:_-]*+)(?P<attrs>(?:"[^"]*+"?|'[^']*+'?|[^'">])*+)(?:>|\Z)
    | [!?][^>]*+(?:>|\Z)
    )""", regex.S | regex.X)
_RAW_TEXT = ("script", "style", "title", "textarea", "xmp", "noscript", "noembed", "noframes")
_RAW_END_RE = {tag: regex.compile(rf"</{tag}(?![A-Za-z0-9])[^>]*+(?:>|\Z)", regex.I) for tag in _RAW_TEXT}
_HTML_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
               "section", "article", "blockquote", "pre", "hr", "main", "form", "header", "footer", "nav",
               "aside", "iframe", "dd", "dt", "dl", "caption", "center", "address", "figure", "figcaption"}
# Text inside these is the site's chrome or a control, not the plan, and is dropped, unless most of
# the page's text sits inside them (a template that wraps the body in `<header>`, an unclosed `<nav>`).
_HTML_ASIDE = {"nav", "header", "footer", "aside", "template", "svg", "math", "select", "button", "object",
               "datalist"}
_RAW_CODE = {"script", "style"}  # unclosed, they run to the end of the page (as in a browser)


def html_to_text(html: str, source: str = "") -> str:
    """Text of an HTML page in block order; scripts, styles and controls dropped, and the site's
    navigation, header and footer too, except the largest when it holds more text than the page
    outside them (a template that wraps the body in `<header>`, an unclosed `<nav>`). A body
    inside a `<form>` (ASP.NET), an unclosed `<head>` or `<iframe>` is read. Raises InputError
    (naming `source`) past MAX_HTML_TAGS tags or MAX_TEXT_CHARS characters of text."""
    segments: list[tuple[int, list[str]]] = [(0, [])]  # runs of text, each with the chrome element holding it (0: none)
    current = segments[0][1]
    aside = dict.fromkeys(_HTML_ASIDE, 0)
    depth = instance = chars = tags = 0
    unclosed: set[str] = set()  # raw-text tags with no end tag after some point: never searched again
    pos, n = 0, len(html)
    search = _TOKEN_RE.search
    while pos < n:
        m = search(html, pos)
        text = html[pos:m.start() if m else n]
        if text:
            if "&" in text:
                text = html_lib.unescape(text)
            if "\n" in text or "\r" in text:
                text = text.replace("\n", " ").replace("\r", " ")
            chars += len(text)
            if chars > MAX_TEXT_CHARS:
                raise InputError(source, f"more than {MAX_TEXT_CHARS:,} characters of text, more than any plan",
                                 "split the file, or check that it is a plan")
            current.append(text)
        if m is None:
            break
        pos = m.end()
        tag = m.group("tag")
        if not tag:
            continue  # comment, doctype, processing instruction
        tags += 1
        if tags > MAX_HTML_TAGS:
            raise InputError(source, f"more than {MAX_HTML_TAGS:,} tags, more than any plan's page",
                             "save the plan's own text, or check that it is a plan")
        tag = tag.lower()
        closing = m.group("end") is not None
        if not closing and tag in _RAW_END_RE:
            end = None if tag in unclosed else _RAW_END_RE[tag].search(html, pos)
            if end is not None:
                pos = end.end()
            else:
                unclosed.add(tag)
                if tag in _RAW_CODE:
                    pos = n
            continue  # an unclosed <title> or <noscript>: the rest of the page is read
        if tag in aside and not (m.group("attrs") or "").rstrip().endswith("/"):
            if closing and aside[tag]:
                aside[tag] -= 1
                depth -= 1
            elif not closing:
                instance += not depth
                aside[tag] += 1
                depth += 1
            owner = instance if depth else 0
            if owner != segments[-1][0]:
                segments.append((owner, []))
                current = segments[-1][1]
        if tag in _HTML_BLOCK:
            current.append("\n")
        elif tag in ("td", "th") and not closing:
            current.append(" | ")
    sizes: dict[int, int] = {}
    for owner, texts in segments:
        sizes[owner] = sizes.get(owner, 0) + sum(len(t.strip(" |")) for t in texts)
    largest = max((k for k in sizes if k), key=lambda k: sizes[k], default=0)
    keep = {0, largest} if sizes.get(largest, 0) > sizes.get(0, 0) else {0}  # the element the body sits in
    text = "".join("".join(texts) if owner in keep else "\n" for owner, texts in segments)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")

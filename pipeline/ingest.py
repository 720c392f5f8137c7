"""Ingest stage: a file on disk -> `RawDocument` (decoded lines with their numbers and pages).

Formats: .txt/.md (UTF-8 with or without BOM, UTF-16 with BOM, CRLF, Windows-1258), .pdf with a
text layer or scanned (`pipeline/pdf.py`: pdfium, pdfplumber for ruled tables, Tesseract OCR for
scanned pages; line numbers counted per page), images (OCR), .doc/.odt/.rtf (`pipeline/office.py`),
.docx (`ingest_docx`: the XML read as a stream, with text boxes, content controls, tracked
insertions, fields, nested tables, headers, footers and notes), .html/.htm (`ingest_html`: text of
the page in block order, a linear scanner).
Bad input raises `InputError` with the reason and what to do. Limits apply while reading: special
files (FIFOs, devices) are refused before they are opened, a file is read with a byte cap, a
text's characters and lines are counted before it is split, a DOCX part's inflated size is checked
before it is inflated and capped while it is.
"""
from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from pathlib import Path

from . import legacy, office, pdf
from .errors import InputError
from .ingest_docx import docx_text_lines
from .ingest_html import html_to_text  # noqa: F401  (part of this module's API)
from .normalize import CONTROL_RE
from .records import RawDocument, SourceLine

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
OFFICE_SUFFIXES = {".doc", ".odt", ".rtf"}  # pipeline/office.py
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}  # scans: OCR (pipeline/pdf.py)
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | OFFICE_SUFFIXES | IMAGE_SUFFIXES | {".pdf", ".docx"}
# document types whose files get a hint of their own (every unsupported file of a folder run gets
# its line in errors.csv: see api.list_inputs)
UNSUPPORTED_DOCUMENTS = {".xls", ".xlsx", ".ppt", ".pptx", ".ods", ".odp", ".wps", ".wpd", ".hwp", ".pages",
                         ".zip", ".rar", ".7z"}


def is_skipped(path: Path, reason: str) -> bool:
    """A file a folder run lists but does not count as failed: a hidden file, or a file of a type
    that is no document at all (`SOURCES.tsv`, `notes.json`). A document the pipeline cannot read
    (`.xlsx`, a scan without OCR, a broken file) is a failure."""
    suffix = Path(path).suffix.lower()
    return reason.startswith("hidden") or (reason.startswith("unsupported file type")
                                           and suffix not in UNSUPPORTED_DOCUMENTS)


MAX_BYTES = 50 * 1024 * 1024  # a plan is tens of KB; refuse anything past 50 MB
MAX_LINE_CHARS = 100_000  # a plan's longest paragraph is a few thousand characters
MAX_TEXT_CHARS = 10_000_000
MAX_LINES = 300_000  # a long law has tens of thousands of lines

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
    return next((what for test, what in _KINDS if test(mode)), "a special file")


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
        hint = ("extract the archive and run on its files" if suffix in (".zip", ".rar", ".7z")
                else "convert to .txt, .md, .pdf, .docx, .doc, .odt, .rtf or .html")
        raise InputError(source, f"unsupported file type {display_name(suffix) or '(none)'}", hint)
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
    ocr_pages = 0
    if suffix == ".pdf":
        read = pdf.read_pdf(source, data, sha)
        lines, encoding, ocr_pages = read.lines, "pdf", read.ocr_pages
        notes.extend(read.notes)
        fmt = "pdf"
    elif suffix in IMAGE_SUFFIXES:
        read = pdf.read_image(source, data, sha)
        lines, encoding, ocr_pages = read.lines, "ocr", read.ocr_pages
        notes.extend(read.notes)
        fmt = "image"
    elif suffix == ".docx" or (suffix == ".doc" and office.sniff(data) == "docx"):
        texts = docx_text_lines(source, data, MAX_TEXT_CHARS, MAX_LINES)
        lines, encoding = [SourceLine(no=i, text=unicodedata.normalize("NFC", t)) for i, t in enumerate(texts, 1)], "docx"
        fmt = "docx"
    elif suffix in OFFICE_SUFFIXES and not (suffix == ".doc" and office.sniff(data) == "html"):
        reader = {".doc": office.doc_text, ".odt": office.odt_text, ".rtf": office.rtf_text}[suffix]
        text = reader(source, data)
        _check_size(source, text)
        lines, encoding = text_to_lines(text), suffix[1:]
        fmt = suffix[1:]
    else:
        text, encoding = decode_bytes(source, data)
        del data
        if encoding not in ("utf-8", "utf-8-sig"):
            notes.append("truncated UTF-8: the cut last character was dropped" if "truncated" in encoding
                         else f"decoded as {encoding}")
        if suffix in HTML_SUFFIXES or suffix == ".doc":  # a web page saved as .doc
            text = html_to_text(text, source, MAX_TEXT_CHARS)
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
        if ocr_pages:
            what, hint = f"OCR found no text on {ocr_pages} scanned page{'s' if ocr_pages > 1 else ''}", \
                "check that the scan is of a document"
        raise InputError(source, what, hint)
    return RawDocument(doc_id=doc_id or name_id(p.stem), source=source, format=fmt, sha256=sha,
                       encoding=encoding, lines=lines, notes=notes, ocr_pages=ocr_pages)


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

"""Ingest stage: a file on disk -> `RawDocument` (decoded lines with their numbers and pages).

Formats: .txt/.md (UTF-8 with or without BOM, UTF-16 with BOM, CRLF, Windows-1258), .pdf with a
text layer (pdfplumber, line numbers counted per page), .docx (python-docx: paragraphs and table
cells in reading order), .html/.htm (text of the page body in block order).
Bad input raises `InputError` with the reason and what to do.
"""
from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from . import legacy
from .errors import InputError
from .records import RawDocument, SourceLine

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_BYTES = 50 * 1024 * 1024  # a plan is tens of KB; refuse anything past 50 MB
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_LINE_CHARS = 100_000  # a plan's longest paragraph is a few thousand characters
MAX_TEXT_CHARS = 10_000_000

# Letters that only Vietnamese text has: used to tell a right decoding from a wrong one.
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def read_document(path: str | Path) -> RawDocument:
    """Read one plan file into numbered lines. Raises InputError for unreadable input."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(path), "file not found", "check the path")
    if p.is_dir():
        raise InputError(str(path), "is a folder", "pass the files or run on the folder with `plans run`")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(str(path), f"unsupported file type {suffix or '(none)'}",
                         "convert to .txt, .md, .pdf, .docx or .html")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(str(path), f"file is {size // (1024 * 1024)} MB, larger than the 50 MB limit",
                         "split the file or check that it is a plan")
    data = p.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    notes: list[str] = []
    if suffix == ".pdf":
        lines, encoding = _pdf_lines(str(path), p), "pdf"
        fmt = "pdf"
    elif suffix == ".docx":
        lines, encoding = _docx_lines(str(path), p), "docx"
        fmt = "docx"
    else:
        text, encoding = decode_bytes(str(path), data)
        if encoding not in ("utf-8", "utf-8-sig"):
            notes.append("truncated UTF-8: the cut last character was dropped" if "truncated" in encoding
                         else f"decoded as {encoding}")
        if suffix in HTML_SUFFIXES:
            text = html_to_text(text)
            fmt = "html"
        else:
            fmt = "md" if suffix in (".md", ".markdown") else "txt"
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
        raise InputError(str(path), f"line {longest.no} is {len(longest.text):,} characters long",
                         "not a plan's text as exported: re-export it with line breaks")
    total = sum(len(line.text) for line in lines)
    if total > MAX_TEXT_CHARS:
        raise InputError(str(path), f"{total:,} characters of text, more than any plan",
                         "split the file, or check that it is a plan")
    if not any(line.text.strip() for line in lines):
        what = "PDF has no text layer (a scan?)" if fmt == "pdf" else "file has no text"
        hint = "run OCR (e.g. ocrmypdf) first" if fmt == "pdf" else "check that the right file was exported"
        raise InputError(str(path), what, hint)
    return RawDocument(doc_id=p.stem, source=str(path), format=fmt, sha256=sha,
                       encoding=encoding, lines=lines, notes=notes)


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
        raise InputError(path, "binary data, not text", "export the plan as text, PDF or DOCX")
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


def _docx_lines(path: str, p: Path) -> list[SourceLine]:
    try:
        with zipfile.ZipFile(p) as zf:
            total = sum(info.file_size for info in zf.infolist())
            if total > MAX_DOCX_UNCOMPRESSED:
                raise InputError(path, f"DOCX inflates to {total // (1024 * 1024)} MB (a zip bomb?)",
                                 "check the file's origin")
    except zipfile.BadZipFile:
        raise InputError(path, "not a DOCX (not a zip archive)",
                         "an old .doc renamed to .docx? re-save it as .docx") from None
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(str(p))
    except Exception as exc:
        raise InputError(path, f"broken DOCX ({type(exc).__name__})", "re-save the file in Word") from None
    texts: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.extend(DocxParagraph(block, document).text.split("\n"))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                last_tc = None
                for cell in row.cells:
                    if cell._tc is last_tc:  # a merged cell is repeated in each column it spans: its text
                        cells.append("")  # stands in its first column, so columns stay aligned with other rows
                        continue
                    last_tc = cell._tc
                    cells.append(" ".join(par.text for par in cell.paragraphs).strip())
                texts.append("| " + " | ".join(cells) + " |")
    return [SourceLine(no=i, text=unicodedata.normalize("NFC", t)) for i, t in enumerate(texts, start=1)]


class _HTMLText(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
             "section", "article", "blockquote", "pre", "hr"}
    SKIP = {"script", "style", "noscript", "head", "nav", "footer", "header", "form", "button", "iframe", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.cell = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """Text of an HTML page in block order; scripts, styles and navigation dropped."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")

"""PDF reading for the ingest stage: text layer, tables, scanned pages.

    read_pdf(path, data, sha) -> PdfText(lines, ocr_pages, notes)

- Text comes from pdfium (pypdfium2, ~2 ms a page) in drawing order: a two-cell header (issuer |
  motto), a signature beside `Nơi nhận` and pages whose content is rotated come out block by
  block, as a word processor drew them, not interleaved by height.
- Pages with ruled tables (many path objects) are also read with pdfplumber, only for the tables:
  each table row becomes one `| cell | cell |` line (as DOCX tables are), the text above, between
  and below the tables still comes from pdfium.
- A page without usable text (image only, or a text layer of glyph codes, private-use
  characters, a garbled font encoding, or Vietnamese that lost its marks) is OCR'd
  (`pipeline/ocr.py`); `ocr_pages` counts them. Without Tesseract such pages are listed in the
  notes, and a PDF with no readable page at all is refused with the reason.
- Limits are applied while reading, before the memory is spent: file streams are inflated in
  chunks and counted before pdfium sees them (a flate bomb, a content stream drawing millions of
  characters), pages per PDF, characters per page and per document.

Line numbers count lines on each page (`page`, `line` 1-based), for OCR'd pages too.
"""
from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass, field

import regex

from . import ocr, ocrfix
from .errors import InputError
from .records import SourceLine

MAX_PAGES = 500  # the longest decision with its appendices runs to a few hundred pages
MAX_PAGE_CHARS = 60_000  # a dense A4 page holds ~6,000 characters
MAX_DOC_CHARS = 10_000_000
MAX_STREAM_BYTES = 64 * 1024 * 1024  # one inflated content/font stream
MAX_IMAGE_BYTES = 400 * 1024 * 1024  # one inflated image (an A3 colour scan at 600 dpi is ~200 MB)
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all non-image streams together
TABLE_MIN_PATHS = 8  # a page drawing fewer lines and boxes has no ruled table

_STREAM_RE = regex.compile(rb"stream\r?\n")
_OBJ_RE = regex.compile(rb"\d+\s+\d+\s+obj\b")
_LITERAL_RE = regex.compile(rb"\((?:[^()\\]|\\.){0,4096}\)")
_HEX_RE = regex.compile(rb"<([0-9A-Fa-f\s]{2,})>")
_TEXT_OP_RE = regex.compile(rb"T[jJ]|'|\"")

# what makes a text layer unusable
_BAD_CHARS = regex.compile(r"[\p{Co}\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]|\(cid:\d+\)")
_LETTER = regex.compile(r"\p{L}")
_ALIEN = regex.compile(r"[^\p{Latin}\d\s.,;:!?()\[\]\"'“”‘’/%&+*=°º§…_–—‰≥≤±×²³•-]")  # `7ӌ1+`, `L‡o`, `Fͱ`
_TOKEN = regex.compile(r"\S+")
_JUNK_TOKEN = regex.compile(r"\p{L}[0-9$@#{}\[\]|\\^~<>]+\p{L}")  # `l$p`, `H4nh`: not `M1`, `(m2)`
_SYLLABLE = regex.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")
_WORD = regex.compile(r"^\W*(\p{L}+)\W*$")


@dataclass
class PdfText:
    lines: list[SourceLine]
    ocr_pages: int = 0
    notes: list[str] = field(default_factory=list)


def guard(path: str, data: bytes) -> None:
    """Refuse a PDF whose streams inflate past the limits, or whose content draws more characters
    than a page holds, reading each stream in chunks (never more than one chunk in memory for
    images and fonts; content streams up to MAX_STREAM_BYTES)."""
    total = 0
    for m in _STREAM_RE.finditer(data):
        if data[max(0, m.start() - 3):m.start()] == b"end":
            continue
        start = m.end()
        head_from = max(0, start - 2048)
        objs = list(_OBJ_RE.finditer(data, head_from, m.start()))
        head = data[objs[-1].end() if objs else head_from:m.start()]
        if b"endstream" in head or b"/FlateDecode" not in head:
            continue
        is_image = b"/Image" in head
        is_content = not is_image and not regex.search(rb"/Length[123]|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)"
                                                       rb"|/Type\s*/(?:ObjStm|XRef|EmbeddedFile|Metadata)", head)
        limit = MAX_IMAGE_BYTES if is_image else MAX_STREAM_BYTES
        inflater = zlib.decompressobj()
        size = 0
        kept: list[bytes] = []
        pos = start
        try:
            while not inflater.eof and pos < len(data):
                chunk_in = inflater.unconsumed_tail or data[pos:pos + 65536]
                if not inflater.unconsumed_tail:
                    pos += 65536
                out = inflater.decompress(chunk_in, 1 << 20)
                size += len(out)
                if is_content:
                    kept.append(out)
                if size > limit:
                    raise InputError(path, f"a PDF stream inflates past {limit // (1024 * 1024)} MB "
                                     "(a compression bomb?)", "check the file's origin")
                if not out and not inflater.unconsumed_tail and pos >= len(data):
                    break
        except zlib.error:
            continue  # encrypted or broken stream: pdfium decides
        if not is_image:
            total += size
            if total > MAX_INFLATED_BYTES:
                raise InputError(path, f"the PDF's streams inflate past {MAX_INFLATED_BYTES // (1024 * 1024)} MB",
                                 "check the file's origin")
        if is_content and size > MAX_PAGE_CHARS:
            content = b"".join(kept)
            if _TEXT_OP_RE.search(content):
                chars = sum(len(s) - 2 for s in _LITERAL_RE.findall(content))
                chars += sum(len(s) for s in _HEX_RE.findall(content)) // 4
                if chars > MAX_PAGE_CHARS:
                    raise InputError(path, f"a page draws about {chars:,} characters, more than a page holds",
                                     "not a plan's text: check the file")


def layer_problem(text: str) -> str | None:
    """Why a page's text layer cannot be read as text, or None when it can (or is too short to
    judge)."""
    text = unicodedata.normalize("NFC", text)
    letters = len(_LETTER.findall(text))
    bad = len(_BAD_CHARS.findall(text))
    if bad and bad >= 0.1 * (letters + bad):
        return "glyph codes instead of text"
    if letters < 40:
        return None
    tokens = _TOKEN.findall(text)
    worded = [t for t in tokens if _LETTER.search(t)]
    if not worded:
        return None
    if sum(1 for t in worded if _ALIEN.search(t)) > 0.08 * len(worded):
        return "garbled font encoding"
    junk = sum(1 for t in worded if _JUNK_TOKEN.search(t))
    if junk > 0.05 * len(worded):
        return "garbled text layer"
    if ocr.vietnamese_share(text) < 0.03:
        from .normalize import strip_diacritics

        words = [m.group(1) for t in worded if (m := _WORD.match(t))]
        syllables = sum(1 for w in words if _SYLLABLE.match(strip_diacritics(w).lower()))
        if words and syllables >= 0.6 * len(words):
            return "Vietnamese without its marks (a poor OCR layer)"
    return None


def _image_share(page, pdfium_c) -> float:
    """Share of the page covered by its largest image."""
    try:
        width, height = page.get_size()
        best = 0.0
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            left, bottom, right, top = obj.get_bounds()
            best = max(best, abs(right - left) * abs(top - bottom))
        return best / max(1.0, width * height)
    except Exception:
        return 0.0


def _path_count(page, pdfium_c, limit: int) -> int:
    n = 0
    try:
        for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
            n += 1
            if n >= limit:
                break
    except Exception:
        return 0
    return n


def _render(page):
    def render():
        width, height = page.get_size()
        scale = min(ocr.DPI / 72, (ocr.MAX_PIXELS / max(1.0, width * height)) ** 0.5)
        return page.render(scale=scale, grayscale=True).to_pil()
    return render


def _cell(value) -> str:
    return " ".join((value or "").split())


def _table_text(plumber_page, page, textpage) -> str | None:
    """The page's text with each ruled table as `| … |` rows (None: no table found)."""
    try:
        tables = [t for t in plumber_page.find_tables() if len(t.rows) >= 2]
    except Exception:
        return None
    if not tables:
        return None
    width, height = page.get_size()
    tables.sort(key=lambda t: t.bbox[1])
    out: list[str] = []
    cursor = 0.0
    for table in tables:
        x0, top, x1, bottom = table.bbox
        if top > cursor + 1:
            out.append(textpage.get_text_bounded(left=0, bottom=height - top, right=width, top=height - cursor))
        for side in ((0, x0), (x1, width)):  # text beside the table
            if side[1] - side[0] > 1:
                out.append(textpage.get_text_bounded(left=side[0], bottom=height - bottom, right=side[1],
                                                     top=height - max(top, cursor)))
        for row in table.extract():
            cells = [_cell(c) for c in row if c is not None]
            if any(cells):
                out.append("| " + " | ".join(cells) + " |")
        cursor = max(cursor, bottom)
    if cursor < height - 1:
        out.append(textpage.get_text_bounded(left=0, bottom=0, right=width, top=height - cursor))
    return "\n".join(t.strip("\r\n").replace("\ufffe", "-\r\n") for t in out if t.strip())


def _spans(pages: list[int]) -> str:
    pages = sorted(pages)
    parts, start = [], None
    for i, p in enumerate(pages):
        if start is None:
            start = p
        if i + 1 == len(pages) or pages[i + 1] != p + 1:
            parts.append(str(start) if start == p else f"{start}-{p}")
            start = None
    return ", ".join(parts)


def read_pdf(path: str, data: bytes, sha: str) -> PdfText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    guard(path, data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(path, "PDF is encrypted", "ask for an unprotected copy") from None
        raise InputError(path, f"broken PDF ({str(exc).split(':')[0][:80]})", "re-download or re-export the file") from None
    plumber = None
    try:
        n_pages = len(pdf)
        if n_pages > MAX_PAGES:
            raise InputError(path, f"PDF has {n_pages:,} pages, more than the {MAX_PAGES} a plan can have",
                             "split the file, or check that it is a plan")
        result = PdfText(lines=[])
        total = 0
        need_ocr: list[tuple[int, str]] = []
        texts: dict[int, str] = {}
        for index in range(n_pages):
            page_no = index + 1
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:
                raise InputError(path, f"broken PDF page {page_no} ({str(exc)[:60]})",
                                 "re-download or re-export the file") from None
            count = textpage.count_chars()
            if count > MAX_PAGE_CHARS:
                raise InputError(path, f"page {page_no} holds {count:,} characters, more than a page of text",
                                 "not a plan's text: check the file")
            total += count
            if total > MAX_DOC_CHARS:
                raise InputError(path, f"more than {MAX_DOC_CHARS:,} characters of text", "split the file")
            # pdfium joins a line ending in a hyphen with the next, marking the hyphen U+FFFE
            text = textpage.get_text_range().replace("\ufffe", "-\r\n") if count else ""
            problem = layer_problem(text)
            letters = len(_LETTER.findall(text))
            if problem is None and letters < 200 and _image_share(page, pdfium_c) > 0.3:
                problem = "image only"
            if problem:
                need_ocr.append((page_no, problem))
                texts[page_no] = ""
                continue
            if count and page.get_rotation() == 0 and _path_count(page, pdfium_c, TABLE_MIN_PATHS) >= TABLE_MIN_PATHS:
                if plumber is None:
                    import io

                    import pdfplumber
                    plumber = pdfplumber.open(io.BytesIO(data))
                tabled = _table_text(plumber.pages[index], page, textpage)
                if tabled is not None:
                    text = tabled
            texts[page_no] = text
        if need_ocr:
            if ocr.engine() is None:
                readable = any(t.strip() for t in texts.values())
                pages = _spans([p for p, _ in need_ocr])
                why = sorted({w for _, w in need_ocr})
                if not readable:
                    raise InputError(path, f"page{'s' if len(need_ocr) > 1 else ''} {pages} need{'' if len(need_ocr) > 1 else 's'} "
                                     f"OCR ({', '.join(why)}) and {ocr.missing_reason()}", ocr.INSTALL_HINT)
                result.notes.append(f"pages {pages} not read ({', '.join(why)}; {ocr.missing_reason()})")
            else:
                corrected: list[str] = []
                for page_no, _why in need_ocr:
                    try:
                        texts[page_no], fixed = ocrfix.correct_ocr_text(ocr.page_text(sha, page_no, _render(pdf[page_no - 1])))
                    except ocr.OcrError as exc:
                        raise InputError(path, f"page {page_no}: {exc}", "check the page, or OCR the file yourself") from None
                    corrected.extend(f for f in fixed if f not in corrected)
                    result.ocr_pages += 1
                    total += len(texts[page_no])
                    if total > MAX_DOC_CHARS:
                        raise InputError(path, f"more than {MAX_DOC_CHARS:,} characters of text", "split the file")
                kinds = sorted({w for _, w in need_ocr})
                result.notes.append(f"OCR pages {_spans([p for p, _ in need_ocr])} ({', '.join(kinds)})")
                if corrected:
                    result.notes.append("OCR words corrected: " + ", ".join(corrected[:10]))
        for page_no in range(1, n_pages + 1):
            result.lines.extend(_page_lines(texts.get(page_no, ""), page_no))
        return result
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()


def _page_lines(text: str, page: int) -> list[SourceLine]:
    import unicodedata

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(no=i, text=unicodedata.normalize("NFC", t.strip()), page=page)
            for i, t in enumerate(text.split("\n"), start=1)]


def read_image(path: str, data: bytes, sha: str) -> PdfText:
    """A scanned page saved as an image (PNG, JPEG, TIFF with one or more pages): OCR."""
    import io

    from PIL import Image, UnidentifiedImageError

    if ocr.engine() is None:
        raise InputError(path, f"a scanned image needs OCR and {ocr.missing_reason()}", ocr.INSTALL_HINT)
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InputError(path, f"unreadable image ({type(exc).__name__})", "re-scan or re-export the page") from None
    if frames > MAX_PAGES:
        raise InputError(path, f"image has {frames:,} pages, more than the {MAX_PAGES} a plan can have", "split the file")
    result = PdfText(lines=[])
    corrected: list[str] = []
    for index in range(frames):
        def render(index=index):
            image.seek(index)
            frame = image.convert("L")
            scale = min(1.0, (ocr.MAX_PIXELS / max(1, frame.width * frame.height)) ** 0.5)
            return frame if scale >= 1.0 else frame.resize((int(frame.width * scale), int(frame.height * scale)))
        try:
            text, fixed = ocrfix.correct_ocr_text(ocr.page_text(sha, index + 1, render))
        except (ocr.OcrError, OSError, Image.DecompressionBombError) as exc:
            raise InputError(path, f"page {index + 1}: {exc}", "re-scan or re-export the page") from None
        corrected.extend(f for f in fixed if f not in corrected)
        result.lines.extend(_page_lines(text, index + 1))
        result.ocr_pages += 1
    result.notes.append(f"OCR pages 1-{frames}" if frames > 1 else "OCR page 1")
    if corrected:
        result.notes.append("OCR words corrected: " + ", ".join(corrected[:10]))
    return result


def page_count(path) -> int:
    """Pages of a PDF (1 when it cannot be opened): the progress bar counts pages, since a
    scanned page takes seconds to read where a text page takes milliseconds."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:
        return 1
    try:
        return max(1, len(pdf))
    finally:
        pdf.close()

"""Shared test helpers: the corpus, and makers of PDF/DOCX copies of a plan."""
from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT.parent / "shared" / "gold"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def corpus_file(stem: str) -> Path:
    return CORPUS / f"{stem}.txt"


def corpus_lines(stem: str) -> list[str]:
    return corpus_file(stem).read_text(encoding="utf-8").split("\n")


def line_of(stem: str, no: int) -> str:
    """Line `no` (1-based, as `cat -n`) of a corpus plan."""
    return corpus_lines(stem)[no - 1]


def make_pdf(lines: list[str], path: Path, width: int = 110) -> Path:
    """A text PDF of the plan: one source line per PDF line, long lines wrapped at `width`
    characters on word boundaries (as a word processor would), 60 lines a page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if not FONT.exists():
        pytest.skip(f"font with Vietnamese glyphs not found: {FONT}")
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    page_w, page_h = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    y = page_h - 30
    for line in lines:
        pieces = textwrap.wrap(line, width=width, break_long_words=True) or [""]
        for piece in pieces:
            if y < 30:
                c.showPage()
                y = page_h - 30
            if piece:
                c.setFont("DejaVu", 8)
                c.drawString(20, y, piece)
            y -= 10
    c.save()
    return path


def make_docx(lines: list[str], path: Path) -> Path:
    """A DOCX of the plan: one paragraph per line; markdown table rows become a Word table."""
    import docx

    document = docx.Document()
    table_rows: list[list[str]] = []

    def flush():
        if not table_rows:
            return
        ncols = max(len(r) for r in table_rows)
        table = document.add_table(rows=len(table_rows), cols=ncols)
        for i, row in enumerate(table_rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = value
        table_rows.clear()

    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                table_rows.append(cells)
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(str(path))
    return path


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed letters where the code page has them, the tone
    mark as a combining character after the letter otherwise (`ự` -> `ư` + dot below)."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + tones).encode("cp1258")
    return out


def make_scan(lines: list[str], path: Path, pages: int | None = None, dpi: int = 300, skew: float = 0.6,
              seed: int = 7, invisible: dict[int, str] | None = None) -> Path:
    """A print-and-scan copy of the plan: its text PDF (`make_pdf`) rendered to one grey image per
    page at `dpi`, turned by up to `skew` degrees, with grain and specks, JPEG-compressed, in a PDF
    without text layer (only the first `pages` pages). `make_pdf` prints in 8 pt, so 300 dpi gives
    the pixels a plan's 13 pt type has in an office scan at 185 dpi. `invisible` puts a scanner's own poor text
    layer (page index -> text, drawn invisibly) over some pages."""
    import io
    import random

    import numpy as np
    import regex
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.pdfgen import canvas

    # the plan as printed: markdown emphasis and heading marks are bold type on paper, not characters
    printed = [regex.sub(r"^#{1,6}\s+|\*{2,3}|(?<!\w)__|__(?!\w)", "", line) for line in lines]
    text_pdf = make_pdf(printed, path.with_suffix(".text.pdf"))
    src = pdfium.PdfDocument(str(text_pdf))
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    count = len(src) if pages is None else min(pages, len(src))
    width, height = src[0].get_size()
    c = canvas.Canvas(str(path), pagesize=(width, height))
    for i in range(count):
        img = src[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(rng.uniform(-skew, skew), resample=Image.BICUBIC, fillcolor=255)
        arr = np.asarray(img, dtype=np.int16) + nrng.normal(0, 10, (img.height, img.width)).astype(np.int16)
        specks = nrng.random((img.height, img.width)) < 0.0004
        arr[specks] = 40
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=70)
        buf.seek(0)
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(buf), 0, 0, width=width, height=height)
        if invisible and i in invisible:
            t = c.beginText(20, height - 30)
            t.setTextRenderMode(3)
            t.setFont("Helvetica", 8)
            for line in invisible[i].split("\n"):
                t.textLine(line)
            c.drawText(t)
        c.showPage()
    c.save()
    src.close()
    text_pdf.unlink()
    return path

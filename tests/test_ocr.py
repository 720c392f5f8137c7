"""Scans, broken text layers, OCR'd text and old formats (pipeline/pdf.py, ocr.py, ocrfix.py, office.py).

The OCR tests print a corpus plan, scan it (tests/conftest.make_scan: grey images, skew, grain,
JPEG) and read it back with Tesseract; they are skipped where Tesseract with Vietnamese data is
not installed (`.ci/run` installs it).
"""
from __future__ import annotations

import csv
import zipfile

import pytest

from conftest import CORPUS, corpus_lines, make_pdf, make_scan
from pipeline import cli, extract, ocr
from pipeline.api import extract_many, extract_or_error, find_inputs
from pipeline.errors import InputError
from pipeline.ingest import read_document
from pipeline.normalize import clean_line, normalize_document
from pipeline.ocrfix import correct_ocr_text, drop_running_lines, repair_labels
from pipeline.pdf import layer_problem
from pipeline.records import ErrorRow, SourceLine

needs_tesseract = pytest.mark.skipif(ocr.engine() is None, reason="Tesseract with Vietnamese data not installed")
STEM = "000_af98d75339ed8083"  # a short commune plan: 24 indicators on its first two pages


# --- text layers ------------------------------------------------------------------------------
def test_unusable_text_layers_are_told_apart_from_text():
    # real text layers from the sample: a font without its Unicode map, a scanner's OCR without marks
    garbled = ("UBND 7ӌ1+ L¿O CAI &Ӝ1* HO¿ XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM\n6Ӣ C‘NG 7+ѬѪ1* ĈӝF OұS - 7ӵ do - +ҥQK ph˙c\n"
               "6ӕ /SCT-CN L‡o Cai, ng‡y th·ng 5 QăP 2026\nV/v NӃ KRҥFK NLӇP tra cÙng t·c")
    assert layer_problem(garbled) == "garbled font encoding"
    poor = ("CQNG HOA XA HQI CHU NGHIA VIET NAM\nDQc l$p - Tg do - H4nh phric\nBIEN BAN KIEM TRA\n"
            "ThUc tG kho bio quin v$t tiQu n6 c6ng nghiQp")
    assert layer_problem(poor) is not None
    assert layer_problem("(cid:12)(cid:45)(cid:3)(cid:88) " * 20) == "glyph codes instead of text"
    assert layer_problem("\ue012\ue045\ue003 " * 30) == "glyph codes instead of text"
    # Vietnamese without marks (an old scanner's OCR layer)
    assert layer_problem("CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap Tu do Hanh phuc KE HOACH trien khai "
                         "thuc hien cong tac tre em nam 2024 tren dia ban xa") is not None
    # text that is fine: a plan, an English list, a table of coordinates
    assert layer_problem("\n".join(corpus_lines(STEM)[:20])) is None
    assert layer_problem("ADR Dangerous Goods list\nUN Numbers list according to ADR Agreement 2025\n"
                         "UN 0004 - 0099\n0004 0005 0006 0007 0009 0010 0012 0014 0015") is None
    assert layer_problem("Mốc X Y\nM1 2498697,55 407129,25\nM2 2498688,9 407135,43\nM3 2498667,33 407149,1 "
                         "(m2) Diện tích Hệ tọa độ VN 2,000, kinh tuyến trục 104º45’, múi chiếu 3º") is None


# --- limits while reading ---------------------------------------------------------------------
def _raw_pdf(content: bytes, path, npages: int = 1, compress: bool = True) -> None:
    """A minimal PDF whose pages all draw `content` (flate-compressed in chunks)."""
    import zlib

    if compress:
        z = zlib.compressobj(9)
        data = b"".join(z.compress(content[i:i + (1 << 20)]) for i in range(0, len(content), 1 << 20)) + z.flush()
    else:
        data = content
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(npages)) + b"] /Count %d >>" % npages,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d %s>>\nstream\n" % (len(data), b"/Filter /FlateDecode " if compress else b"") + data + b"\nendstream"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
             b"/Contents 4 0 R >>"] * npages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


def test_hostile_pdfs_are_refused_before_memory_is_spent(tmp_path):
    import subprocess
    import sys
    import time

    many = tmp_path / "many.pdf"  # 6 KB that draw 1.6 million characters
    _raw_pdf(b"BT /F1 1 Tf 10 10 Td\n" + b"(" + b"A" * 100 + b") Tj\n" * 1 + (b"(" + b"A" * 100 + b") Tj\n") * 16000
             + b"ET\n", many)
    bomb = tmp_path / "bomb.pdf"  # a 100 KB stream that inflates to 300 MB
    _raw_pdf(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n" + b" " * (300 << 20), bomb)
    pages = tmp_path / "pages.pdf"
    _raw_pdf(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n", pages, npages=600)
    assert many.stat().st_size < 10_000 and bomb.stat().st_size < 1_000_000
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
        "from pipeline.api import extract_or_error\n"
        "for p in sys.argv[1:]:\n"
        "    r = extract_or_error(p)\n"
        "    print(getattr(r, 'reason', 'read'))\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, str(many), str(bomb), str(pages)], capture_output=True,
                          text=True, timeout=120, cwd=CORPUS.parent)
    assert done.returncode == 0, done.stderr
    reasons = done.stdout.strip().split("\n")
    assert "characters" in reasons[0]
    assert "inflates" in reasons[1]
    assert "600 pages" in reasons[2]
    assert time.perf_counter() - start < 60


def test_characters_per_page_are_counted_while_reading(tmp_path, monkeypatch):
    from pipeline import pdf

    path = make_pdf(corpus_lines(STEM), tmp_path / "plan.pdf")
    monkeypatch.setattr(pdf, "MAX_PAGE_CHARS", 2000)
    with pytest.raises(InputError, match="page 1 holds"):
        read_document(path)


# --- layout -----------------------------------------------------------------------------------
def _canvas(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from conftest import FONT

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", 10)
    return c, A4


def test_two_column_header_is_read_column_by_column(tmp_path):
    # a word processor draws the header's two cells one after the other
    lines = corpus_lines("002_cb41b1295af3bb46")
    left = ["ỦY BAN NHÂN DÂN", "HUYỆN HƯƠNG KHÊ", "Số: 80/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hương Khê, ngày 28 tháng 5 năm 2021"]
    assert all(any(x in line for line in lines) for x in left + right)
    c, (w, h) = _canvas(tmp_path / "header.pdf")
    for x, block in ((40, left), (300, right)):
        for k, text in enumerate(block):
            c.drawString(x, h - 50 - 14 * k, text)
    c.drawString(40, h - 120, "KẾ HOẠCH")
    c.save()
    texts = [l.text for l in read_document(tmp_path / "header.pdf").lines]
    assert texts[:7] == left + right + ["KẾ HOẠCH"]


def test_rotated_page_keeps_its_line_order(tmp_path):
    lines = [l for l in corpus_lines(STEM)[28:34] if l.strip()]
    c, (w, h) = _canvas(tmp_path / "rotated.pdf")
    c.translate(w - 40, 40)
    c.rotate(90)  # a landscape page put on a portrait sheet
    for k, text in enumerate(lines):
        c.drawString(0, -14 * k, text[:110])
    c.save()
    texts = [l.text for l in read_document(tmp_path / "rotated.pdf").lines if l.text]
    assert texts == [t[:110].strip() for t in lines]


def test_ruled_table_rows_become_rows(tmp_path):
    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus import Paragraph
    from reportlab.lib.styles import ParagraphStyle

    # a target table as plans print them: one row per indicator, one column per year
    rows = [["TT", "Chỉ tiêu", "Năm 2025", "Năm 2030"],
            ["1", "Tỷ lệ trẻ em dưới 05 tuổi bị suy dinh dưỡng thể thấp còi", "dưới 18%", "dưới 15%"],
            ["2", "Tỷ lệ trẻ em được khai sinh đúng hạn", "đạt 98%", "đạt 99%"],
            ["3", "Tỷ suất tử vong của trẻ em dưới 01 tuổi trên 1.000 trẻ đẻ sống", "dưới 12‰", "dưới 10‰"]]
    _canvas(tmp_path / "x.pdf")  # registers the font
    style = ParagraphStyle("v", fontName="DejaVu", fontSize=9)
    doc = SimpleDocTemplate(str(tmp_path / "table.pdf"))
    head = Paragraph("II. MỤC TIÊU", style)
    table = Table([[Paragraph(c, style) for c in r] for r in rows], colWidths=[30, 250, 80, 80])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build([head, table, Paragraph("III. NHIỆM VỤ", style)])
    texts = [l.text for l in read_document(tmp_path / "table.pdf").lines if l.text]
    assert texts[0] == "II. MỤC TIÊU" and texts[-1] == "III. NHIỆM VỤ"
    assert texts[1:-1] == ["| " + " | ".join(r) + " |" for r in rows]


# --- OCR text ---------------------------------------------------------------------------------
def _clean(texts: list[tuple[int | None, str]]):
    return [clean_line(SourceLine(no=i, text=t, page=p)) for i, (p, t) in enumerate(texts, start=1)]


def test_running_headers_page_numbers_and_markers_are_dropped():
    body = [l for l in corpus_lines(STEM) if len(l) > 40][:12]
    pages = []
    for k in range(4):  # a running line seen in public copies: file name and page number
        pages += [(k + 1, f"18.CTRTW31.DOC {k + 1}")] + [(k + 1, t) for t in body[3 * k:3 * k + 3]] + [(k + 1, f"- {k + 1} -")]
    lines, removed = drop_running_lines(_clean(pages))
    assert [cl.text for cl in lines if cl.text] == [clean_line(SourceLine(1, t)).text for t in body]
    assert removed
    # a text with scanner page markers
    marked = [(None, t) for t in body[:3]] + [(None, "===== Trang 2 =====")] + [(None, t) for t in body[3:6]]
    lines, _ = drop_running_lines(_clean(marked))
    assert [cl.text for cl in lines if cl.text] == [clean_line(SourceLine(1, t)).text for t in body[:6]]


def test_misread_labels_are_read_only_where_the_sequence_confirms_them():
    texts = ["I. MỤC ĐÍCH, YÊU CẦU", "1, Mục đích", "Triển khai có hiệu quả các chỉ tiêu, nhiệm vụ",
             "IL MỤC TIÊU, CHỈ TIÊU THỰC HIỆN", "HI- NHIỆM VỤ VÀ GIẢI PHÁP", "1V- TỔ CHỨC THỰC HIỆN",
             "HI- NHIỆM VỤ VÀ GIẢI PHÁP"]  # the last is out of sequence: left as written
    lines, repaired = repair_labels(_clean([(None, t) for t in texts]))
    got = [cl.text for cl in lines]
    assert got[1] == "1. Mục đích"
    assert got[4] == "III. NHIỆM VỤ VÀ GIẢI PHÁP" and got[5] == "IV. TỔ CHỨC THỰC HIỆN"
    assert got[6] == "HI- NHIỆM VỤ VÀ GIẢI PHÁP"
    assert len(repaired) == 4
    # the columns still point into the source line
    assert lines[4].cols[lines[4].text.index("NHIỆM")] == texts[4].index("NHIỆM")
    # a part read with one numeral too few, between its neighbours
    lines, _ = repair_labels(_clean([(None, t) for t in ("I. MỤC ĐÍCH", "II. MỤC TIÊU", "II. NHIỆM VỤ", "IV. TỔ CHỨC")]))
    assert [cl.text for cl in lines] == ["I. MỤC ĐÍCH", "II. MỤC TIÊU", "III. NHIỆM VỤ", "IV. TỔ CHỨC"]
    lines, _ = repair_labels(_clean([(None, t) for t in ("I. MỤC ĐÍCH", "II. MỤC TIÊU", "II. NHIỆM VỤ")]))
    assert lines[2].text == "II. NHIỆM VỤ"  # nothing confirms III


def test_ocr_misreadings_of_the_header_are_put_right():
    text, fixes = correct_ocr_text("QUYÉT ĐỊNH\nSó:3036 /SCT-CN\n. Chỉ tiêu 5; Tỷ lệ trẻ em dưới 01 tuổi\ndưới 0%o.")
    assert text == "QUYẾT ĐỊNH\nSố:3036 /SCT-CN\n- Chỉ tiêu 5: Tỷ lệ trẻ em dưới 01 tuổi\ndưới 0‰."
    assert "QUYÉT ĐỊNH -> QUYẾT ĐỊNH" in fixes


# --- old formats ------------------------------------------------------------------------------
def test_odt_and_rtf_are_read(tmp_path):
    lines = corpus_lines(STEM)[:40]
    body = "".join(f"<text:p>{l.replace('&', '&amp;').replace('<', '&lt;')}</text:p>" for l in lines)
    table = ("<table:table><table:table-row><table:table-cell><text:p>Chỉ tiêu</text:p></table:table-cell>"
             "<table:table-cell><text:p>2025</text:p></table:table-cell></table:table-row></table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>'
               + body + table + "</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(tmp_path / "plan.odt", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
    doc = read_document(tmp_path / "plan.odt")
    assert [l.text for l in doc.lines] == lines + ["| Chỉ tiêu | 2025 |"]

    def rtf_escape(s: str) -> str:
        return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?"
                       for c in s)
    rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n" + \
          "".join(rtf_escape(l) + "\\par\n" for l in lines) + "}"
    (tmp_path / "plan.rtf").write_text(rtf, encoding="ascii")
    doc = read_document(tmp_path / "plan.rtf")
    assert [l.text.strip() for l in doc.lines if l.text.strip()] == [l.strip() for l in lines if l.strip()]
    # Word saves RTF under .doc too
    (tmp_path / "saved.doc").write_text(rtf, encoding="ascii")
    assert extract(tmp_path / "saved.doc").document.issuer == extract(CORPUS / f"{STEM}.txt").document.issuer


def test_every_real_word_file_is_read_or_listed(tmp_path):
    docs = sorted((CORPUS.parent.parent / "shared" / "realcorpus").rglob("*.doc"))
    if not docs:
        pytest.skip("no .doc files in ../shared/realcorpus")
    for path in docs:
        assert path in find_inputs([path.parent])
    results = [extract_or_error(p) for p in docs[:4]]
    for r in results:
        if isinstance(r, ErrorRow):
            assert r.reason and r.hint
        else:
            assert r.document.format == "doc" and len(r.clean.paragraphs) > 3


def test_unreadable_document_types_are_listed_not_skipped(tmp_path):
    (tmp_path / "targets.xlsx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "plan.txt").write_text("\n".join(corpus_lines(STEM)), encoding="utf-8")
    results = list(extract_many([tmp_path]))
    assert {type(r).__name__ for r in results} == {"ErrorRow", "Extraction"}
    assert any(isinstance(r, ErrorRow) and "unsupported file type .xlsx" in r.reason for r in results)


# --- OCR end to end ---------------------------------------------------------------------------
def _keys(result):
    return ([(s.section_id, s.heading.lower()) for s in result.sections],
            [(t.value, t.unit, t.target_year) for t in result.indicators])


def _f1(gold: list, got: list) -> float:
    from collections import Counter

    tp = sum((Counter(gold) & Counter(got)).values())
    return 2 * tp / (len(gold) + len(got)) if gold or got else 1.0


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """Pages 1-2 of the plan scanned (page 2 with a scanner's poor text layer over the image),
    pages 3- as printed text: one PDF mixing the three kinds of page."""
    import pypdfium2 as pdfium

    if ocr.engine() is None:
        pytest.skip("Tesseract with Vietnamese data not installed")
    folder = tmp_path_factory.mktemp("scan")
    lines = corpus_lines(STEM)
    poor = "\n".join(l.replace("ế", "e").replace("ộ", "o") for l in lines[20:40])  # no marks: unusable
    scan = make_scan(lines, folder / "scan.pdf", pages=2, invisible={1: poor})
    text = make_pdf(lines, folder / "text.pdf")
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(scan)))
    src = pdfium.PdfDocument(str(text))
    mixed.import_pages(src, list(range(2, len(src))))
    mixed.save(str(folder / f"{STEM}.pdf"))
    return folder / f"{STEM}.pdf", folder / "text.pdf", folder / "cache"


@needs_tesseract
def test_a_scanned_copy_reads_like_the_text(scanned, monkeypatch):
    path, text_pdf, cache = scanned
    monkeypatch.setenv("PLANS_CACHE_DIR", str(cache))
    got, want = extract(path), extract(text_pdf)
    assert got.document.ocr_pages == 2 and "OCR pages 1-2" in got.document.repairs
    for key in ("doc_type", "issuer", "issue_date", "title", "period_start", "parent_key"):
        assert getattr(got.document, key) == getattr(want.document, key), key
    (got_sections, got_targets), (want_sections, want_targets) = _keys(got), _keys(want)
    assert _f1(want_targets, got_targets) >= 0.9
    assert _f1(want_sections, got_sections) >= 0.85
    # provenance: the page, and the line on that page
    assert {t.page for t in got.indicators} <= {1, 2} and all(t.line >= 1 for t in got.indicators)
    first = got.indicators[0]
    source = [l for l in got.clean.raw.lines if l.page == first.page and l.no == first.line][0]
    assert "Chỉ tiêu" in source.text


@needs_tesseract
def test_ocr_text_is_cached_by_file_hash(scanned, monkeypatch):
    path, _, cache = scanned
    monkeypatch.setenv("PLANS_CACHE_DIR", str(cache))
    first = extract(path)

    def no_tesseract(image):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(ocr, "recognize_tsv", no_tesseract)
    again = extract(path)
    assert _keys(again) == _keys(first)
    # the workers of --jobs 2 read the same cache
    results = list(extract_many([path, CORPUS / f"{STEM}.txt"], jobs=2))
    assert _keys(results[0]) == _keys(first) and results[0].document.ocr_pages == 2


def test_without_tesseract_one_line_per_scan_and_the_batch_goes_on(tmp_path, monkeypatch, capsys, request):
    (tmp_path / "in").mkdir()
    scan = make_scan(corpus_lines(STEM), tmp_path / "in" / "scan.pdf", pages=1)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on the path
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / "cache"))
    ocr.engine.cache_clear()
    request.addfinalizer(ocr.engine.cache_clear)
    (tmp_path / "in" / "plan.txt").write_text("\n".join(corpus_lines(STEM)), encoding="utf-8")
    code = cli.main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
    assert code == 1
    err = capsys.readouterr().err  # in Vietnamese by default
    assert f"{scan}: trang 1 cần nhận dạng chữ (OCR) (chỉ có ảnh) nhưng chưa cài Tesseract" in err
    assert "tesseract-ocr-vie" in err
    with open(tmp_path / "out" / "errors.csv", encoding="utf-8") as fh:
        errors = list(csv.DictReader(fh))
    assert len(errors) == 1 and "tesseract-ocr-vie" in errors[0]["hint"]
    with open(tmp_path / "out" / "documents.csv", encoding="utf-8") as fh:
        assert [r["doc_id"] for r in csv.DictReader(fh)] == ["plan"]


def test_normalize_keeps_typed_plans_unchanged():
    """The OCR clean-up runs on every document; a typed plan gives the same paragraphs."""
    raw = read_document(CORPUS / f"{STEM}.txt")
    doc = normalize_document(raw)
    assert not any("OCR" in n or "page numbers" in n for n in raw.notes)
    assert len(doc.paragraphs) > 20


def test_every_ocr_rule_example_is_put_right():
    from pipeline import rules

    for item in rules.load("ocr.yaml")["replacements"]:
        assert correct_ocr_text(item["example"])[0] != item["example"], item


def _tsv(lines: list[list[tuple[int, str]]], height: int = 40) -> str:
    """Tesseract TSV for words at (left, text), one list per line, 30 px per character."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for n, words in enumerate(lines, start=1):
        for k, (left, text) in enumerate(words, start=1):
            rows.append(f"5\t1\t1\t1\t{n}\t{k}\t{left}\t{100 + 50 * n}\t{30 * len(text)}\t{height}\t95\t{text}")
    return "\n".join(rows)


def _words(x: int, text: str) -> list[tuple[int, str]]:
    out = []
    for w in text.split():
        out.append((x, w))
        x += 30 * len(w) + 15
    return out


def test_ocr_layout_reads_two_columns_as_columns_and_tables_as_rows():
    # a signature beside `Nơi nhận`, as Tesseract gives it: both columns on each line
    block = [("Nơi nhận:", "KT. GIÁM ĐỐC"), ("- Như trên;", "PHÓ GIÁM ĐỐC"), ("- Lưu: VT, CN.", "")]
    tsv = _tsv([_words(100, left) + (_words(1600, right) if right else []) for left, right in block])
    assert ocr.layout(tsv).split("\n") == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, CN.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    # a target table: three cells a line stay one row
    table = [("Tỷ lệ trẻ em được khai sinh đúng hạn", "98%", "99%"), ("Tỷ lệ trẻ em dưới 01 tuổi tiêm chủng", "95%", "98%")]
    tsv = _tsv([_words(100, a) + _words(1500, b) + _words(1900, c) for a, b, c in table])
    assert ocr.layout(tsv).split("\n") == ["| " + " | ".join(r) + " |" for r in table]
    # a body line across the page ends a block
    tsv = _tsv([_words(100, "UBND TỈNH LÀO CAI") + _words(1400, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                _words(100, "Thực hiện Kế hoạch số 88/KH-UBND ngày 03 tháng 4 năm 2024 của UBND huyện")])
    assert ocr.layout(tsv).split("\n") == ["UBND TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "",
                                           "Thực hiện Kế hoạch số 88/KH-UBND ngày 03 tháng 4 năm 2024 của UBND huyện"]


def test_antiword_table_lines_become_rows():
    from pipeline.office import _antiword_tables

    # antiword's drawing of a letter's header: a wrapped cell goes on with the other cells blank
    text = ("|UBND TỈNH LÀO CAI        | |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM         |\n"
            "|SỞ CÔNG THƯƠNG           | |Độc lập - Tự do - Hạnh phúc                |\n"
            "|V/v từ chối thẩm định    |                                              |\n"
            "|thiết kế cơ sở Dự án đầu |                                              |\n"
            "\n"
            "Kính gửi: Công ty cổ phần quốc tế khoáng chất Công nghiệp Việt Nam")
    assert _antiword_tables(text).split("\n") == [
        "| UBND TỈNH LÀO CAI |  | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
        "| SỞ CÔNG THƯƠNG |  | Độc lập - Tự do - Hạnh phúc |",
        "| V/v từ chối thẩm định thiết kế cơ sở Dự án đầu |  |",
        "", "Kính gửi: Công ty cổ phần quốc tế khoáng chất Công nghiệp Việt Nam"]


def test_header_columns_keep_together_when_a_line_reaches_past_the_first():
    # a letter's header as Tesseract gives it (../shared/realcorpus/laocai/3036_SCT_CN_…pdf): the
    # `V/v` subject, centred under the issuer, reaches further right than `UBND TỈNH LÀO CAI`
    rows = [("UBND TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("SỞ CÔNG THƯƠNG", "Độc lập - Tự do - Hạnh phúc"),
            ("Số:3036 /SCT-CN", "Lào Cai, ngày 28 tháng 5 năm 2026"), ("V/v kế hoạch kiểm tra công tác", ""),
            ("nghiệm thu hoàn thành công trình", ""), ("xây dựng kho chứa vật liệu nổ công", "")]
    lines = [_words(100, left) + (_words(1500, right) if right else []) for left, right in rows]
    lines.append(_words(700, "Kính gửi: Công ty cổ phần Năng lượng Bảo Long"))
    assert ocr.layout(_tsv(lines)).split("\n") == [
        "UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số:3036 /SCT-CN", "V/v kế hoạch kiểm tra công tác",
        "nghiệm thu hoàn thành công trình", "xây dựng kho chứa vật liệu nổ công", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Lào Cai, ngày 28 tháng 5 năm 2026", "",
        "Kính gửi: Công ty cổ phần Năng lượng Bảo Long"]


def test_specks_and_a_misread_vv_are_put_right_on_ocr_pages():
    # ../shared/realcorpus/laocai/Bien-ban-kiem-tra-hien-truong-…pdf: a seal's edge between type and title
    text, _ = correct_ocr_text("BIÊN BẢN KIỀM TRA\n„ ^\n»\nÄ\nThực tế khu vực sử dụng vật liệu nổ công nghiệp\n"
                               "a)\nA. THÀNH PHẦN ĐOÀN LÀM VIỆC\n(4)")
    assert text.split("\n") == ["BIÊN BẢN KIỀM TRA", "", "", "", "Thực tế khu vực sử dụng vật liệu nổ công nghiệp",
                                "a)", "A. THÀNH PHẦN ĐOÀN LÀM VIỆC", "(4)"]
    # CV-813-CucHoaChat.pdf: `V/v` read with a W and a fraction slash
    assert correct_ocr_text("W⁄v trao đổi về một số quy định")[0] == "V/v trao đổi về một số quy định"


# --- document rows of OCR'd text (lines from the OCR of ../shared/realcorpus/laocai) -------------
def test_a_keyword_matches_with_one_mark_lost_or_swapped_never_added():
    from pipeline.normalize import mark_slip

    for seen, word in [("QUYÉT ĐỊNH", "QUYẾT ĐỊNH"), ("KIỀM TRA", "KIỂM TRA"), ("GIÁY ĐÈ NGHỊ", "GIẤY ĐỀ NGHỊ"),
                       ("Sô", "Số"), ("Só", "Số"), ("QUYẾT ĐỊNH", "QUYẾT ĐỊNH")]:
        assert mark_slip(seen, word), seen
    # a ward is no plan kind (`PHƯỜNG` has a mark `PHƯƠNG` lacks); another word; two wrong in one syllable
    for seen, word in [("PHƯỜNG AN", "PHƯƠNG ÁN"), ("QUYẾT ĐỊNH", "NGHỊ ĐỊNH"), ("TỔNG", "TÔNG"), ("NGUÒI", "NGƯỜI")]:
        assert not mark_slip(seen, word), seen
    # QD-11-2026-QD-UBND-Lao-Cai-OCR.txt, a scanner's OCR text: the type word with a wrong mark
    from pipeline.metadata import read_type_and_title

    assert read_type_and_title(["QUYÉT ĐỊNH", "Ban hành Quy định một số nội dung về quản lý đầu tư và xây dựng "
                                "trên địa bàn tỉnh Lào Cai", "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;"]) \
        == ("quyet_dinh", "Ban hành Quy định một số nội dung về quản lý đầu tư và xây dựng trên địa bàn tỉnh Lào Cai", 0)


def test_number_lines_as_ocr_reads_them():
    from pipeline.metadata import read_issuer, read_number

    assert read_number(["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: II /2026/QĐ-UBND Lào Cai, ngày 29 tháng 01 năm 2026"]) \
        == ("11/2026/QĐ-UBND", "QĐ", True)  # QD-11-2026-QD-UBND-Lao-Cai-OCR.txt: 11 read as II
    assert read_number(["Só:3036 /SCT-CN"]) == ("3036/SCT-CN", "SCT", True)
    assert read_number(["SỞ CÔNG THƯƠNG", "Sô: 1105/KH-ĐKT"]) == ("1105/KH-ĐKT", "KH", True)
    assert read_number(["Số: 89 /2026/QĐ-CT"]) == ("89/2026/QĐ-CT", "QĐ", True)
    # digits written by hand, read as specks: the number is not known, the symbol is
    assert read_number(["BỘ CÔNG THƯƠNG", "CỤC HÓA CHÁT", "Số: Éđã /HC-CNHC"]) == (None, "HC", True)
    assert read_number(["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Số: Ả € 1 /GP-BKHCN"]) == (None, "GP", True)
    # the label and the number lost, the symbol alone under the issuer (QD-26-QD-XPVPHC-…pdf)
    pieces = ["BỘ CÔNG THƯƠNG", "CỤC HOA CHÁT", "/QĐ-XPVPHC", "Hà Nội, ngàyOẨ tháng 7 năm 2026", "QUYẾT ĐỊNH",
              "Xử phạt vi phạm hành chính"]
    assert read_number(pieces) == (None, "QĐ", True)
    # (the name OCR read with wrong marks takes the body's spelling)
    assert read_issuer(pieces, "Xử phạt vi phạm hành chính", "Hà Nội", ["Cục Hóa chất, Bộ Công Thương"])[0] == "Cục Hóa chất - Bộ Công Thương"
    # … but not a symbol in the cells of a broken table (../shared/realcorpus/legal/652289_tables.md)
    assert read_number(["Tên", "TT 2", "3/2024", "/TT-BYT", "T OTNC"]) == (None, None, False)


def test_a_day_or_month_written_by_hand_leaves_a_partial_date():
    from pipeline.metadata import read_date

    assert read_date(["Lào Cai, ngày U6_ tháng 3 năm 2026"]) == ("2026-03", "Lào Cai")  # QD-1050-kiem-tra-VLNCN-2026.pdf
    assert read_date(["Hà Nội, ngày °ÔÖ tháng 4 năm 2026"]) == ("2026-04", "Hà Nội")  # CV-813-CucHoaChat.pdf
    assert read_date(["Lào Cai, ngày 12 tháng 5$ năm 2026"]) == ("2026-05-12", "Lào Cai")
    assert read_date(["Hà Nội, ngày 20 tháng € năm 2025"]) == ("2025", "Hà Nội")


def test_titles_and_subjects_of_a_pdf_run_on_over_their_lines():
    from pipeline.metadata import read_subject, read_type_and_title

    # CV-2265-BCT-ATMT-trien-khai.pdf (OCR): the subject's second line starts with a name
    pieces = ["BỘ CÔNG THƯƠNG", "V/v triên khai thực hiện thủ tục câp",
              "Giây phép vận chuyền hàng hóa nguy hiêm loại 1,2,3,4.9", "Hà Nội, ngày0} thángh măm 2026",
              "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố"]
    assert read_subject(pieces, wrapped=True)[0] == ("triên khai thực hiện thủ tục câp Giây phép vận chuyền hàng hóa "
                                                     "nguy hiêm loại 1,2,3,4.9")
    assert read_subject(pieces)[0] == "triên khai thực hiện thủ tục câp"  # a Word paragraph is whole
    # 466.-Phieu-chuyen-…pdf: a covering slip, the letter it passes on as its title
    pieces = ["Số: 466 /PC-VPUBND", "Lào Cai, ngày 12 tháng 5$ năm 2026", "PHIẾU CHUYỂN",
              "Công văn số 01/TTr-CT05 ngày 07/5/2026 của", "Công ty Cô phân đâu tư phát triên Đô thị và Khu công nghiệp",
              "Kính gửi: Sở Công Thương"]
    assert read_type_and_title(pieces, wrapped=True)[:2] == (
        "phieu_chuyen", "Công văn số 01/TTr-CT05 ngày 07/5/2026 của Công ty Cô phân đâu tư phát triên Đô thị và Khu công nghiệp")
    # BB-Nghiem-Thu_Khomin-Nam-Cang-13-3-2026.pdf (text layer): a title in capitals on two lines
    assert read_type_and_title(["BIÊN BẢN NGHIỆM THU HOÀN THÀNH BÀN GIAO CÔNG TRÌNH", "ĐƯA VÀO SỬ DỤNG",
                                "Căn cứ Hợp đồng thi công"], wrapped=True)[1] == \
        "NGHIỆM THU HOÀN THÀNH BÀN GIAO CÔNG TRÌNH ĐƯA VÀO SỬ DỤNG"
    # … not into the authority in capitals, a field, or the preamble
    assert read_type_and_title(["QUYẾT ĐỊNH", "Kiểm tra việc chấp hành pháp luật trong sử dụng và bảo quản vật liệu nỗ "
                                "công nghiệp trên địa bàn tỉnh Lào Cai năm 2026", "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÀO CAI"],
                               wrapped=True)[1].endswith("năm 2026")
    assert read_type_and_title(["GIẤY CHỨNG NHẬN ĐĂNG KÝ ĐẦU TƯ", "Mã số dự án: 4275604886",
                                "Chứng nhận lần đầu: ngày 30 tháng 6 năm 2026"], wrapped=True)[1] == "Mã số dự án: 4275604886"


def test_an_appendix_file_and_its_decree(tmp_path):
    from pipeline.duplicates import _number_key
    from pipeline.metadata import read_appendix_title, read_attached

    # PL4-giay-de-nghi-cap-moi.pdf, as OCR read it (a seal over `MẪU`): the appendix holds a form whose
    # own `Số:` is blank; the appendix carries its decree's number, and is no `giấy phép`
    lines = ["Phụ lục IV", "GIÁY ĐÈ NGHỊ CÁP GIẤY PHÉP VẬN CHUYÊN", "HÀNG NGUY HIẾM",
             "(Kèm theo Nghị định số 161/2024/NĐ-CP", "ngày 18 tháng 12 năm 2024 của Chính phủ)", "",
             "TÊN TỎ CHỨC, CÁ NHÂN", "Số:.........", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "GIẤY PHÉP", "", "1. Tên tổ chức/cá nhân đề nghị cấp Giấy phép vận chuyển hàng nguy hiểm: ............"]
    (tmp_path / "pl4.txt").write_text("\n".join(lines), encoding="utf-8")
    row = extract(tmp_path / "pl4.txt").document
    assert (row.doc_type, row.number, row.issue_date) == ("phu_luc", "161/2024/NĐ-CP", "2024-12-18")
    assert row.title == "GIÁY ĐÈ NGHỊ CÁP GIẤY PHÉP VẬN CHUYÊN"  # one line: a text file's paragraphs are whole
    assert read_appendix_title(lines[:5], wrapped=True) == "GIÁY ĐÈ NGHỊ CÁP GIẤY PHÉP VẬN CHUYÊN HÀNG NGUY HIẾM"
    # the numeral as OCR reads it (PL3: `Phụ lục IH`, III); a seal's line is no title (PL8: `MÄUG`)
    assert read_appendix_title(["Phụ lục IH", "HÃN, BIÊU TRƯNG HÀNG HÓA NGUY HIỄM"]) == "HÃN, BIÊU TRƯNG HÀNG HÓA NGUY HIỄM"
    assert read_appendix_title(["Phụ lục VIH", "MÄUG", "¬ (1)......"]) is None
    # the decree's other appendices carry its number too: they are not copies of each other
    assert _number_key(row) is None
    # a decree named in running text is no attachment note (CV-2265-BCT-ATMT-trien-khai.pdf)
    assert read_attached(["(Thủ tục hành chính cấp, cấp điều chỉnh, cấp lại Giấy phép vận chuyển hàng nguy hiểm "
                          "loại 1, loại 2 được ban hành kèm theo Quyết định số 555/QĐ-BCT ngày 26 tháng 3 năm 2026)"]) \
        == (None, None, None)


def test_header_phrases_put_right_only_for_a_mark_lost_or_swapped():
    """On an OCR'd page `Só:` is `Số:`; but `các Sở:` (departments, in a letter's text) folds to
    the same letters and is another word: a mark OCR would have had to add is not corrected."""
    from pipeline.ocrfix import correct_phrases

    fixed, notes = correct_phrases("Só: 3036/SCT-CN")
    assert fixed == "Số: 3036/SCT-CN" and notes
    line = "Địa chất và Khoáng sản Việt Nam, Bộ Công Thương; các Sở: Nông nghiệp và Môi"
    assert correct_phrases(line) == (line, [])


def test_a_committees_unit_word_read_with_a_wrong_mark():
    # ../shared/realcorpus/laocai/GP-2507-mo-da-Toong-Gia-Mien-Bac-ban-ky.pdf: OCR read `TỈNH` as `TĨNH`
    from pipeline.metadata import read_issuer

    pieces = ["ỦY BAN NHÂN DÂN", "TĨNH LÀO CAI", "Số: 2507/GP-UBND", "Lào Cai, ngày 21 tháng 7 năm 2026",
              "GIẤY PHÉP SỬ DỤNG VẬT LIỆU NÓ CÔNG NGHIỆP"]
    assert read_issuer(pieces, None, "Lào Cai", []) == ("UBND tỉnh Lào Cai", "tinh", "Lào Cai")
    # a place name is not a unit word: `TỈNH HÀ TĨNH` keeps its `Tĩnh`
    assert read_issuer(["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 12/KH-UBND"], None, None, []) == (
        "UBND tỉnh Hà Tĩnh", "tinh", "Hà Tĩnh")

"""Ingest: encodings, formats and the errors bad files get."""
from __future__ import annotations

import pytest

from conftest import corpus_lines, make_docx, make_pdf, to_cp1258
from pipeline.errors import InputError
from pipeline.ingest import html_to_text, read_document

LINE = "Thực hiện Kế hoạch số 159/KH-UBND ngày 11 tháng 5 năm 2021 của Ủy ban nhân dân tỉnh Hà Tĩnh"


def test_utf8_bom_and_crlf_keep_line_numbers(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(b"\xef\xbb\xbf" + f"KẾ HOẠCH\r\n\r\n{LINE}\r\n".encode())
    doc = read_document(f)
    assert doc.encoding == "utf-8-sig"
    assert [(l.no, l.text) for l in doc.lines[:3]] == [(1, "KẾ HOẠCH"), (2, ""), (3, LINE)]


def test_utf16_with_bom(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(f"KẾ HOẠCH\n{LINE}\n".encode("utf-16"))
    assert read_document(f).lines[1].text == LINE


def test_cp1258_is_decoded_not_garbled(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(to_cp1258(LINE))
    doc = read_document(f)
    assert doc.encoding == "cp1258"
    assert doc.lines[0].text == LINE


def test_form_feed_does_not_split_lines(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text("dòng một\fvẫn dòng một\ndòng hai", encoding="utf-8")
    assert [l.no for l in read_document(f).lines] == [1, 2]


@pytest.mark.parametrize("content, reason", [
    (b"", "file is empty"),
    (b"   \n\t\n", "file is empty"),
    (b"\x00\x01\x02\xff\xfe\x00binary" * 10, "binary data, not text"),
])
def test_bad_text_files_get_a_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(f)
    assert err.value.reason == reason
    assert str(f) in str(err.value)


def test_unsupported_suffix(tmp_path):
    f = tmp_path / "plan.xls"
    f.write_bytes(b"x")
    with pytest.raises(InputError, match="unsupported file type .xls"):
        read_document(f)


def test_pdf_lines_keep_their_page(tmp_path):
    lines = corpus_lines("002_cb41b1295af3bb46")
    doc = read_document(make_pdf(lines, tmp_path / "plan.pdf"))
    assert doc.format == "pdf"
    texts = [l.text for l in doc.lines]
    assert "Số: 80/KH-UBND" in texts
    assert (doc.lines[0].no, doc.lines[0].page) == (1, 1)
    last_page = doc.lines[-1].page
    assert last_page > 1 and [l.no for l in doc.lines if l.page == last_page][0] == 1


def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)  # an image-only page: drawing, no text
    c.save()
    with pytest.raises(InputError, match="no text layer"):
        read_document(path)


def test_broken_pdf(tmp_path):
    good = make_pdf(corpus_lines("000_af98d75339ed8083")[:20], tmp_path / "good.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good.read_bytes()[:300])
    with pytest.raises(InputError) as err:
        read_document(broken)
    assert "PDF" in err.value.reason


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    lines = corpus_lines("kh09_btnmt_2024_tinchi_cacbon")
    doc = read_document(make_docx(lines, tmp_path / "plan.docx"))
    texts = [l.text for l in doc.lines]
    assert texts[0] == "| BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG  ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc  --------------- |"
    assert texts.index("KẾ HOẠCH") < texts.index("I. MỤC ĐÍCH, YÊU CẦU")


def test_docx_that_is_not_a_zip(tmp_path):
    f = tmp_path / "old.docx"
    f.write_bytes(b"\xd0\xcf\x11\xe0 an old Word 97 file")
    with pytest.raises(InputError, match="not a DOCX"):
        read_document(f)


def test_html_article_text_in_block_order_without_scripts():
    html = ("<html><head><title>x</title><script>var a = '<p>no</p>';</script></head><body>"
            "<nav>Trang chủ</nav><div class='content'><p>KẾ HOẠCH</p>"
            "<p>Thực hiện công tác <b>bảo vệ</b> trẻ em</p><table><tr><td>Số: 80/KH-UBND</td>"
            "<td>Hương Khê</td></tr></table></div></body></html>")
    assert html_to_text(html).split("\n") == [
        "KẾ HOẠCH", "", "Thực hiện công tác bảo vệ trẻ em", "", "| Số: 80/KH-UBND | Hương Khê",
    ]

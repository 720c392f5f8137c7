"""Normalize: per-line cleaning with a column map, and logical paragraphs from real corpus lines."""
from __future__ import annotations

import pytest

from conftest import corpus_file, line_of
from pipeline import rules
from pipeline.ingest import read_document
from pipeline.normalize import (clean_line, fold, lines_to_paragraphs, normalize_document,
                                normalize_tones, strip_diacritics)
from pipeline.records import SourceLine


@pytest.mark.parametrize("old, new", [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("Phòng Văn hoá và Thông tin", "Phòng Văn hóa và Thông tin"),
    ("chăm sóc sức khoẻ", "chăm sóc sức khỏe"),
    ("hoàn cảnh", "hoàn cảnh"),      # closed syllable: tone stays on the a
    ("quý I", "quý I"),              # qu + y: y carries the tone in both styles
    ("HOÁ", "HÓA"),
])
def test_tone_marks_one_convention(old, new):
    assert normalize_tones(old) == new
    assert len(normalize_tones(old)) == len(old)


def test_fold_makes_spellings_compare_equal():
    assert fold("Công chức Văn hoá – xã hội") == fold("Công chức Văn hóa - xã hội")
    assert strip_diacritics("Phòng Giáo dục và Đào tạo") == "Phong Giao duc va Dao tao"


def test_markdown_markers_removed_and_columns_point_into_the_source():
    raw = line_of("000_af98d75339ed8083", 141)  # ### **1. Công chức Văn hóa- Lao động – TB&XH**
    cl = clean_line(SourceLine(141, raw))
    assert cl.text == "1. Công chức Văn hóa- Lao động – TB&XH"
    assert raw[cl.cols[0]] == "1"
    assert raw[cl.cols[cl.text.index("TB&XH")]:].startswith("TB&XH")


def test_nbsp_and_tabs_collapse():
    raw = line_of("002_cb41b1295af3bb46", 7)  # '\t        Số: 80/KH-UBND'
    assert clean_line(SourceLine(7, raw)).text == "Số: 80/KH-UBND"


@pytest.mark.parametrize("item", rules.load("debris.yaml"), ids=lambda i: i["id"])
def test_every_debris_rule_removes_its_example(item):
    import regex

    cleaned = clean_line(SourceLine(1, item["example"])).text
    assert not regex.search(item["pattern"], cleaned), cleaned


@pytest.mark.parametrize("item", rules.load("debris.yaml"), ids=lambda i: i["id"])
def test_every_debris_rule_says_what_its_matches_contain(item):
    """`requires` lets a line without that text skip the search: the example's match contains it."""
    import regex

    match = regex.search(item["pattern"], item["example"]).group(0)
    requires = item.get("requires") or [""]  # none: every line is searched
    assert any(s in match for s in requires), (match, requires)


def test_a_line_without_markup_text_is_not_searched_but_one_with_it_is():
    from pipeline import normalize

    assert normalize._markup_literals() is not None
    assert clean_line(SourceLine(1, "**Mục tiêu** cụ thể")).text == "Mục tiêu cụ thể"
    assert clean_line(SourceLine(1, "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG  -------")).text == "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"


def test_the_respace_shortcut_agrees_with_the_pattern_on_every_character():
    from pipeline import normalize

    for code in range(0x10000):
        text = f"a{chr(code)}b"
        assert normalize._may_respace(text) == bool(normalize._SPACE_EDIT_RE.search(text)), hex(code)
    assert normalize._may_respace("Số:  80") and not normalize._may_respace("Số: 80/KH-UBND")


def test_bookmark_debris_leaves_the_heading():
    raw = line_of("002_cb41b1295af3bb46", 72)
    assert clean_line(SourceLine(72, raw)).text == "1. Về sự phát triển toàn diện trẻ em"


def _paragraph_at(doc, line):
    return next(p for p in doc.paragraphs if p.line == line)


def test_hard_wrapped_lines_join_with_their_source_lines():
    doc = normalize_document(read_document(corpus_file("001_aa895cb07729ff69")))
    p = _paragraph_at(doc, 13)
    assert p.text == ("Căn cứ Quyết định số 2482/QĐ-UBND, ngày 22/12/2020 của UBND huyện Tam Đường về việc "
                      "giao chỉ tiêu kế hoạch phát triển Kinh tế - xã hội năm 2021;")
    assert [piece.line.no for piece in p.pieces] == [13, 15]
    assert p.locate(p.text.index("Tam Đường")) == (15, None, 0)


def test_wrapped_line_starting_with_a_year_is_not_a_heading():
    doc = normalize_document(read_document(corpus_file("001_aa895cb07729ff69")))
    p = _paragraph_at(doc, 335)
    assert "năm 2021 phù hợp với điều kiện thực tế" in p.text
    assert all(q.line != 337 for q in doc.paragraphs)


def test_sentence_cut_by_a_page_break_is_joined():
    doc = normalize_document(read_document(corpus_file("004_57d55756dd206766")))
    p = _paragraph_at(doc, 27)
    assert [piece.line.no for piece in p.pieces] == [27, 29]
    assert "Nghị quyết Đại hội đại biểu" in p.text


def test_name_cut_at_its_dash_is_joined():
    doc = normalize_document(read_document(corpus_file("000_af98d75339ed8083")))
    p = _paragraph_at(doc, 129)
    assert "Bộ trưởng Bộ Lao động - Thương binh và Xã hội về ban hành" in p.text


def test_crawler_stamp_removed_from_every_line():
    doc = normalize_document(read_document(corpus_file("qd435_kontum_2020_quanhelaodong")))
    texts = {cl.no: cl.text for cl in doc.lines}
    assert texts[36] == "II. NỘI DUNG HOẠT ĐỘNG"
    assert texts[11] == "Điều 1."
    assert "removed crawler stamps: Quyết định 435/QĐ-UBND năm 2020. | CHƯƠNG TRÌNH HÀNH ĐỘNG." in doc.raw.notes


def test_label_alone_on_its_line_takes_the_next_line():
    doc = normalize_document(read_document(corpus_file("qd435_kontum_2020_quanhelaodong")))
    assert _paragraph_at(doc, 101).text == "2. Giao Sở Lao động - Thương binh và Xã hội:"


def test_glued_sub_label_starts_its_own_paragraph():
    doc = normalize_document(read_document(corpus_file("qd435_kontum_2020_quanhelaodong")))
    at_37 = [p.text[:28] for p in doc.paragraphs if p.line == 37]
    assert at_37 == ["1. Tăng cường sự lãnh đạo củ", "1.1. Tổ chức nghiên cứu, tuy"]


def test_an_article_glued_to_the_quoted_article_before_it_starts_its_own_paragraph():
    # ../shared/realcorpus/legal/Nghị_định_167_2025_NĐ-CP.txt: an amending decree whose line break
    # after the quoted article was lost
    lines = [clean_line(SourceLine(i, t)) for i, t in enumerate([
        "e) Cung cấp thông tin hải quan cho cơ quan hải quan nước ngoài, tổ chức quốc tế phù hợp với quy định của "
        "pháp luật Việt Nam hoặc thỏa thuận quốc tế đã ký kết.\"Điều 2. Thay thế, bãi bỏ một số cụm từ, điểm, khoản",
        "1. Thay thế một số cụm từ như sau:"], start=1)]
    texts = [p.text for p in lines_to_paragraphs(lines)]
    assert texts[1:] == ["Điều 2. Thay thế, bãi bỏ một số cụm từ, điểm, khoản", "1. Thay thế một số cụm từ như sau:"]
    assert texts[0].endswith("thỏa thuận quốc tế đã ký kết.\"")
    # the quoted article itself, opened after a colon, stays in its sentence
    for text in ('2. Điều 5 được sửa đổi như sau:"Điều 5. Nhiệm vụ của Sở', '2. Sửa đổi như sau: “Điều 5. Nhiệm vụ'):
        assert len(lines_to_paragraphs([clean_line(SourceLine(1, text))])) == 1


def test_an_article_word_alone_on_its_line_takes_the_number_below():
    # ../shared/realcorpus/legal/Luật_Cạnh_tranh_2018.txt: `Điều` / `7. Trách nhiệm quản lý nhà nước về cạnh tranh`
    lines = [clean_line(SourceLine(i, t)) for i, t in enumerate([
        "4. Tạo điều kiện để xã hội, người tiêu dùng tham gia quá trình giám sát việc thực hiện pháp luật về cạnh tranh.",
        "Điều", "7. Trách nhiệm quản lý nhà nước về cạnh tranh", "1. Chính phủ thống nhất quản lý nhà nước về cạnh tranh."],
        start=36)]
    paragraphs = lines_to_paragraphs(lines)
    assert [p.text for p in paragraphs[1:]] == ["Điều 7. Trách nhiệm quản lý nhà nước về cạnh tranh",
                                               "1. Chính phủ thống nhất quản lý nhà nước về cạnh tranh."]
    assert [piece.line.no for piece in paragraphs[1].pieces] == [37, 38]


def test_field_line_is_not_glued_to_a_heading():
    lines = [clean_line(SourceLine(i, t)) for i, t in enumerate([
        "b) Nâng cao năng lực cán bộ làm công tác trẻ em ( Ngoài thị trấn Thắng)",
        "Thành phần: Lãnh đạo thị trấn Thắng, công chức thực hiện công tác trẻ em tham"], start=1)]
    assert [p.text[:12] for p in lines_to_paragraphs(lines)] == ["b) Nâng cao ", "Thành phần: "]


def test_a_letter_a_pdf_writer_put_for_another_is_read_as_it():
    """Some PDF text layers name `ƣ` (a letter Vietnamese does not have) for `ư`: read as `ư`,
    offsets kept, and said in `repairs`."""
    from pipeline.records import RawDocument

    texts = ["BỘ CÔNG THƢƠNG", "V/v hƣớng dẫn về công tác quản",
             "Kính gửi: Sở Công Thƣơng tỉnh Lào Cai"]
    raw = RawDocument(doc_id="x", source="x.pdf", format="pdf", sha256="", encoding="utf-8",
                      lines=[SourceLine(i, t) for i, t in enumerate(texts, 1)])
    doc = normalize_document(raw)
    assert [cl.text for cl in doc.lines] == ["BỘ CÔNG THƯƠNG", "V/v hướng dẫn về công tác quản",
                                             "Kính gửi: Sở Công Thương tỉnh Lào Cai"]
    assert all(len(cl.cols) == len(cl.text) for cl in doc.lines)
    assert any("ƣ as ư" in n for n in raw.notes)


def test_a_files_name_stamped_on_lines_is_removed():
    # ../shared/realcorpus/legal/Nghi-dinh-65-2022-ND-CP.txt: a web copy stamps its file's name on headings
    from pipeline.normalize import strip_repeated_prefixes

    lines = [clean_line(SourceLine(i, t)) for i, t in enumerate([
        "Nghi-dinh-65-2022-ND-CP. CHÍNH PHỦ -------",
        "Nghi-dinh-65-2022-ND-CP. Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 153/2020/NĐ-CP",
        "1. Sửa đổi, bổ sung khoản 1 Điều 2 như sau:",
        "Nghi-dinh-65-2022-ND-CP. Điều 3. Điều khoản chuyển tiếp",
        "Nghi-dinh-65-2022-ND-CP. Điều 4. Hiệu lực thi hành và tổ chức thực hiện"], start=1)]
    cleaned, removed = strip_repeated_prefixes(lines)
    assert removed == ["Nghi-dinh-65-2022-ND-CP."]
    assert [cl.text for cl in cleaned][3] == "Điều 3. Điều khoản chuyển tiếp"
    # a one-word sentence that starts lines is no stamp (`Điều 1.` is a label)
    labels = [clean_line(SourceLine(i, f"Chương {i}. Quy định chung")) for i in range(1, 5)]
    assert strip_repeated_prefixes(labels)[1] == []

"""Sections across the genre: parts, chapters, numbered appendices, articles and what is not a
heading. Every line is quoted from a document of ../shared/corpus or ../shared/realcorpus."""
from __future__ import annotations

from conftest import corpus_file
from pipeline import extract


def tree(tmp_path, lines: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {s.section_id: s for s in extract(path).sections}


def test_parts_restart_their_numbering(tmp_path):
    ss = tree(tmp_path, [
        "PHẦN I. KHÁI QUÁT CHUNG",
        "1. Tên chủ đầu tư.",
        "2. Địa chỉ liên lạc.",
        "PHẦN II. GIỚI THIỆU VỀ DỰ ÁN",
        "1. Tên dự án, phương pháp khai thác, công suất.",
        "PHẦN III. NỘI DUNG KẾ HOẠCH QUẢN LÝ RỦI RO",
        "Chương 1. Báo cáo quản lý an toàn của doanh nghiệp",
        "1. Quy định về mục tiêu, chính sách an toàn và xử lý vi phạm về an toàn phù hợp với quy định của pháp luật.",
        "Phần thứ tư CÁC BIỆN PHÁP NGĂN CHẶN VÀ BẢO ĐẢM XỬ LÝ VI PHẠM HÀNH CHÍNH Chương I QUY ĐỊNH CHUNG VỀ CÁC BIỆN"
        " PHÁP NGĂN CHẶN VÀ BẢO ĐẢM XỬ LÝ VI PHẠM HÀNH CHÍNH",
        "Phần thứ sáu ĐIỀU KHOẢN THI HÀNH[192]",
    ])
    assert list(ss) == ["P1", "P1.1", "P1.2", "P2", "P2.1", "P3", "P3.C1", "P3.C1.1", "P4", "P4.C1", "P6"]
    assert (ss["P2"].heading, ss["P2"].level, ss["P2.1"].level, ss["P2.1"].parent_id) == (
        "GIỚI THIỆU VỀ DỰ ÁN", 1, 2, "P2")
    assert (ss["P3.C1"].level, ss["P3.C1.1"].level, ss["P4"].heading, ss["P4.C1"].level, ss["P6"].heading) == (
        2, 3, "CÁC BIỆN PHÁP NGĂN CHẶN VÀ BẢO ĐẢM XỬ LÝ VI PHẠM HÀNH CHÍNH", 2, "ĐIỀU KHOẢN THI HÀNH")
    assert ss["P4.C1"].heading == "QUY ĐỊNH CHUNG VỀ CÁC BIỆN PHÁP NGĂN CHẶN VÀ BẢO ĐẢM XỬ LÝ VI PHẠM HÀNH CHÍNH"


def test_numbered_appendices_with_their_own_parts(tmp_path):
    ss = tree(tmp_path, [
        "Phụ lục I.1",
        "CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH, ĐIỀU KIỆN KINH DOANH THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG AN",
        "Mục 1",
        "PHÂN QUYỀN THỦ TỤC HÀNH CHÍNH",
        "A. LĨNH VỰC VŨ KHÍ, VẬT LIỆU NỔ, CÔNG CỤ HỖ TRỢ",
        "I. Không thực hiện Thu hồi giấy phép kinh doanh công cụ hỗ trợ quy định tại khoản 4 Điều 9 Luật Quản lý,"
        " sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ",
        "Phụ lục I.2",
        "PHÂN QUYỀN, CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH, ĐIỀU KIỆN KINH DOANH THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG THƯƠNG",
        "Mục 1",
        "PHÂN QUYỀN THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA BỘ CÔNG THƯƠNG",
        "A. LĨNH VỰC VẬT LIỆU NỔ CÔNG NGHIỆP",
        "I. Thủ tục cấp Giấy phép xuất khẩu, nhập khẩu vật liệu nổ công nghiệp",
    ])
    assert list(ss) == ["PLI.1", "PLI.1.M1", "PLI.1.M1.A", "PLI.1.M1.A.I",
                        "PLI.2", "PLI.2.M1", "PLI.2.M1.A", "PLI.2.M1.A.I"]
    assert ss["PLI.2"].heading.startswith("PHÂN QUYỀN, CẮT GIẢM") and ss["PLI.2"].kind == "appendix"
    assert ss["PLI.2.M1.A.I"].heading == "Thủ tục cấp Giấy phép xuất khẩu, nhập khẩu vật liệu nổ công nghiệp"


def test_chapters_over_articles_and_their_clauses(tmp_path):
    ss = tree(tmp_path, [
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị quyết này quy định việc phân quyền, cắt giảm, đơn giản hóa thủ tục hành chính, điều kiện kinh doanh.",
        "Điều 2. Nguyên tắc phân quyền, cắt giảm, đơn giản hóa thủ tục hành chính, điều kiện kinh doanh",
        "1. Việc phân quyền, cắt giảm, đơn giản hóa thủ tục hành chính, điều kiện kinh doanh phải bảo đảm tạo thuận lợi"
        " cho tổ chức, cá nhân.",
        "Chương II",
        "PHÂN QUYỀN, CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH, ĐIỀU KIỆN KINH DOANH",
        "Điều 3. Phân quyền, cắt giảm, đơn giản hóa thủ tục hành chính, điều kiện kinh doanh",
    ])
    assert list(ss) == ["C1", "D1", "D2", "D2.1", "C2", "D3"]
    assert (ss["C1"].heading, ss["D2"].parent_id, ss["D2"].level, ss["D2.1"].level, ss["D3"].parent_id) == (
        "QUY ĐỊNH CHUNG", "C1", 2, 3, "C2")


def test_cross_reference_wrapped_to_a_line_start_is_not_an_article(tmp_path):
    ss = tree(tmp_path, [
        "Điều 113. Nghỉ hằng năm",
        "5. Khi nghỉ hằng năm mà chưa đến kỳ trả lương, người lao động được tạm ứng tiền lương theo quy định tại khoản 3",
        "Điều 101 của Bộ luật này.",
        "6. Khi nghỉ hằng năm, nếu người lao động đi bằng các phương tiện đường bộ, đường sắt, đường thủy mà số ngày đi"
        " đường cả đi và về trên 02 ngày thì từ ngày thứ 03 trở đi được tính thêm thời gian đi đường.",
        "7. Chính phủ quy định chi tiết điều này.",
    ])
    assert list(ss) == ["D113", "D113.5", "D113.6", "D113.7"]


def test_form_lines_to_fill_in_are_not_headings(tmp_path):
    ss = tree(tmp_path, [
        "1. Họ và tên:…………………………………………………….. Nam/Nữ: …………………………….",
        "2. Họ và tên:………………………………………………………………… Nam/Nữ:…………………",
    ])
    assert ss == {}


def test_points_of_an_item_are_not_headings():
    ss = {s.section_id: s for s in extract(corpus_file("qd419_ttg_2017_redd")).sections}
    # `2. Mục tiêu:` then `a) Mục tiêu chung`, `b) Mục tiêu cụ thể`: points of the decision's item
    assert "D1.2" in ss and not [k for k in ss if k.startswith("D1.2.")]
    # below a number in several parts (`3.2.2.`), `a)` is one more heading level
    deep = {s.section_id for s in extract(corpus_file("003_2bd3cd32362b3bc4")).sections}
    assert {"II.3.2.2.a", "II.3.2.2.b"} <= deep


def test_letters_with_a_dot_are_items_as_with_a_bracket(tmp_path):
    # ../shared/realcorpus/legal/TT-31-2025-TT-BCT-toan-van-unicode.docx: `a.` items under a deep number
    ss = tree(tmp_path, [
        "8.2.2.5. Thiết kế bãi thải quặng đuôi",
        "a. Đập thải quặng đuôi",
        "- Căn cứ vào khối lượng thải và dung tích bãi thải có thể sử dụng, thiết kế đập quặng đuôi phù hợp.",
        "- Kiểm tra ổn định đập thải (trượt, thấm, ứng suất biến dạng).",
        "b. Chống thấm bãi thải quặng đuôi",
        "- Thiết kế lớp chống thấm đáy bãi thải.",
    ])
    assert [(k, s.heading) for k, s in ss.items()] == [
        ("8.2.2.5", "Thiết kế bãi thải quặng đuôi"), ("8.2.2.5.a", "Đập thải quặng đuôi"),
        ("8.2.2.5.b", "Chống thấm bãi thải quặng đuôi")]


def test_a_chapter_opened_by_an_editors_note_is_a_chapter(tmp_path):
    # realcorpus, a consolidated tax law: the note a web copy put after the chapter's number
    note = ("[Chương này được bổ sung bởi Khoản 27 Điều 1 Luật quản lý thuế sửa đổi 2012 có hiệu lực kể từ ngày "
            "01/07/2013 (VB hết hiệu lực: 01/07/2020) Chương này được hướng dẫn bởi Công văn 3069/TCHQ-KTTT năm 2008]")
    ss = tree(tmp_path, [
        "Chương X XỬ LÝ VI PHẠM PHÁP LUẬT VỀ THUẾ",
        "Điều 92. Cưỡng chế thi hành quyết định hành chính thuế",
        "1. Đối tượng bị cưỡng chế thi hành quyết định hành chính thuế.",
        f"Chương XI {note} CƯỠNG CHẾ THI HÀNH QUYẾT ĐỊNH HÀNH CHÍNH THUẾ {note}",
        "Điều 93. Trường hợp bị cưỡng chế",
        "1. Đối tượng không chấp hành quyết định xử lý vi phạm pháp luật về thuế.",
    ])
    assert ss["C11"].heading == "CƯỠNG CHẾ THI HÀNH QUYẾT ĐỊNH HÀNH CHÍNH THUẾ"
    assert ss["D93"].parent_id == "C11" and ss["D93"].level == 2 and ss["D93.1"].level == 3


def test_the_next_clause_glued_after_a_sentence_is_a_clause(tmp_path):
    # realcorpus, a decree's web copy that lost the line break between clauses 3 and 4
    ss = tree(tmp_path, [
        "Điều 64. Trách nhiệm của cơ quan, tổ chức, cá nhân có liên quan",
        "3. Cơ quan kinh doanh cảng hàng không có trách nhiệm chia sẻ dữ liệu thông tin từ hệ thống ca-mê-ra với "
        "cơ quan Hải quan để phục vụ việc giám sát hải quan đối với tàu bay xuất cảnh, nhập cảnh, quá cảnh và hàng "
        "hóa xuất khẩu, nhập khẩu, quá cảnh. 4. Trách nhiệm của hãng hàng không hoặc người được hãng hàng không ủy quyền:",
        "a) Cung cấp thông tin trước về hành khách cho cơ quan Hải quan.",
    ])
    assert ss["D64.3"].heading.endswith("quá cảnh")
    assert ss["D64.4"].heading == "Trách nhiệm của hãng hàng không hoặc người được hãng hàng không ủy quyền"
    # a count in a sentence is no label: `… gồm 3. Các …` does not follow item 3
    ss = tree(tmp_path, ["Điều 5. Hồ sơ", "2. Hồ sơ gồm 02 bộ. 5. Các giấy tờ khác."])
    assert "D5.5" not in ss


def test_groups_lettered_with_d_bar(tmp_path):
    # realcorpus, a resolution's appendix: fields A … D, Đ in the Vietnamese alphabet's order
    ss = tree(tmp_path, [
        "PHỤ LỤC I",
        "D. LĨNH VỰC VIỆC LÀM",
        "I. Thủ tục cấp giấy phép hoạt động dịch vụ việc làm",
        "Đ. LĨNH VỰC AN TOÀN, VỆ SINH LAO ĐỘNG",
        "I. Thủ tục cấp giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn",
    ])
    assert ss["PLI.Đ"].heading == "LĨNH VỰC AN TOÀN, VỆ SINH LAO ĐỘNG" and "PLI.Đ.I" in ss


def test_an_articles_heading_without_its_editors_note_and_its_kind_from_its_first_words(tmp_path):
    # realcorpus, a consolidated land law: the note a web copy put after `Điều 23`, and one its clause ends with
    note = ("[Điều này được sửa đổi bởi Khoản 5 Điều 1 Luật đất đai sửa đổi 2001 có hiệu lực từ ngày 01/10/2001 "
            "(VB hết hiệu lực: 01/07/2004)]")
    ss = tree(tmp_path, [
        f"Điều 23 {note} Thẩm quyền giao đất để sử dụng vào mục đích không phải là sản xuất nông nghiệp, lâm "
        f"nghiệp được quy định như sau: {note}",
        "2- Chính phủ xét duyệt kế hoạch hàng năm của Uỷ ban nhân dân tỉnh, thành phố trực thuộc trung ương về việc "
        "giao đất nông nghiệp, đất lâm nghiệp có rừng để sử dụng vào mục đích khác.",
        "Điều 24. Kế hoạch thực hiện [tại Chương trình số 51-CTr/TU ngày 09 tháng 02 năm 2018]",
    ])
    assert ss["D23"].heading == ("Thẩm quyền giao đất để sử dụng vào mục đích không phải là sản xuất nông nghiệp, "
                                 "lâm nghiệp được quy định như sau")
    # `mục đích` in the middle of an article's heading does not make it the plan's purpose
    assert ss["D23"].kind == "other" and ss["D23.2"].kind == "other"
    # a plan's own brackets are its text, not a note
    assert ss["D24"].heading == "Kế hoạch thực hiện [tại Chương trình số 51-CTr/TU ngày 09 tháng 02 năm 2018]"

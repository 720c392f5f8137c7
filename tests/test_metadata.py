"""Metadata: documents.csv rows of real plans, exact values."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from conftest import corpus_file
from pipeline import extract

FIELDS = ("doc_type", "number", "issuer", "admin_level", "locality", "province", "issue_date", "title",
          "period_start", "period_end", "signer", "signer_title", "parent_key")

EXPECTED = {
    "000_af98d75339ed8083": ("ke_hoach", None, "UBND xã Cẩm Châu", "xa", "Cẩm Châu", "Thanh Hóa", "2024-04",
                             "Triển khai thực hiện công tác trẻ em năm 2024 trên địa bàn xã Cẩm Châu", 2024, 2024,
                             "Phạm Phi Khanh", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "88/KH-UBND"),
    "001_aa895cb07729ff69": ("ke_hoach", None, "UBND huyện Tam Đường", "huyen", "Tam Đường", None, "2021",
                             "Thực hiện công tác bảo vệ, chăm sóc trẻ em trên địa bàn huyện Tam Đường năm 2021",
                             2021, 2021, "Vũ Xuân Thịnh", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", None),
    "002_cb41b1295af3bb46": ("ke_hoach", "80/KH-UBND", "UBND huyện Hương Khê", "huyen", "Hương Khê", "Hà Tĩnh",
                             "2021-05-28", "Thực hiện Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030 "
                             "trên địa bàn huyện Hương Khê", 2021, 2030, None, None, "159/KH-UBND"),
    "kh09_btnmt_2024_tinchi_cacbon": ("ke_hoach", "09/KH-BTNMT", "Bộ Tài nguyên và Môi trường", "trung_uong", None,
                                      None, "2024-08-06",
                                      "TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 13/CT-TTG NGÀY 02 THÁNG 5 NĂM 2024 CỦA THỦ "
                                      "TƯỚNG CHÍNH PHỦ VỀ TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ TÍN CHỈ CÁC-BON NHẰM THỰC HIỆN "
                                      "ĐÓNG GÓP DO QUỐC GIA TỰ QUYẾT ĐỊNH", None, None, "Lê Công Thành",
                                      "KT. BỘ TRƯỞNG / THỨ TRƯỞNG", "13/CT-TTg"),
    "national_qd23_ttg_2021": ("quyet_dinh", "23/QĐ-TTg", "Thủ tướng Chính phủ", "trung_uong", None, None,
                               "2021-01-07", "Phê duyệt Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030",
                               2021, 2030, None, None, None),
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_document_row(stem):
    row = asdict(extract(corpus_file(stem)).document)
    assert tuple(row[f] for f in FIELDS) == EXPECTED[stem]


def test_flattened_decision_header():
    row = extract(corpus_file("qd435_kontum_2020_quanhelaodong")).document
    assert (row.doc_type, row.number, row.issuer, row.admin_level, row.issue_date, row.parent_key) == (
        "quyet_dinh", "435/QĐ-UBND", "UBND tỉnh Kon Tum", "tinh", "2020-05-04", "119-KH/TU")
    assert row.title.startswith("V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU")
    assert row.title.endswith("TRONG TÌNH HÌNH MỚI”")
    assert (row.signer, row.signer_title) == ("Nguyễn Hữu Tháp", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


def test_two_column_header_flattened_into_lines():
    row = extract(corpus_file("003_2bd3cd32362b3bc4")).document
    assert (row.issuer, row.admin_level, row.issue_date, row.province, row.parent_key) == (
        "UBND thị trấn Thắng", "thi_tran", "2024-02", "Bắc Giang", "53/KGH-UBND")


PARTY_RESOLUTION = """TỈNH ỦY HÀ TĨNH
*
Số 34-NQ/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Tĩnh, ngày 15 tháng 3 năm 2022
NGHỊ QUYẾT
về công tác chăm sóc, giáo dục và bảo vệ trẻ em giai đoạn 2022 - 2025
Thực hiện Chỉ thị số 20-CT/TW ngày 05 tháng 11 năm 2012 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành như sau:
I. MỤC TIÊU
Giảm tỷ lệ trẻ em bị xâm hại xuống dưới 4% vào năm 2025.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn Anh
"""


def test_party_resolution_header(tmp_path):
    path = tmp_path / "nq.txt"
    path.write_text(PARTY_RESOLUTION, encoding="utf-8")
    row = asdict(extract(path).document)
    assert tuple(row[f] for f in FIELDS) == (
        "nghi_quyet", "34-NQ/TU", "Tỉnh ủy Hà Tĩnh", "tinh", "Hà Tĩnh", "Hà Tĩnh", "2022-03-15",
        "về công tác chăm sóc, giáo dục và bảo vệ trẻ em giai đoạn 2022 - 2025", 2022, 2025,
        "Nguyễn Văn Anh", "T/M BAN THƯỜNG VỤ / BÍ THƯ", "20-CT/TW")


def _signature_of(texts: list[str]):
    from pipeline.metadata import read_signature
    from pipeline.normalize import normalize_document
    from pipeline.records import RawDocument, SourceLine

    raw = RawDocument(doc_id="x", source="x.pdf", format="pdf", sha256="", encoding="utf-8",
                      lines=[SourceLine(i, t) for i, t in enumerate(texts, 1)])
    return read_signature(normalize_document(raw), [])


def test_signer_title_stops_at_an_appendix_heading_under_it():
    """A plan whose appendix follows its signature: `PHỤ LỤC I` / `KẾ HOẠCH KIỂM TRA` is not part of
    the office title."""
    _, title = _signature_of(["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "Hoàng Văn Thuân", "PHÓ GIÁM ĐỐC",
                              "SỞ CÔNG THƯƠNG LÀO CAI", "PHỤ LỤC I", "KẾ HOẠCH KIỂM TRA",
                              "(Kèm theo Kế hoạch số 1105 /KH-ĐKT ngày10 /3/2026 của Đoàn kiểm tra theo "
                              "Quyết định số 1050/QĐ-SCT)"])
    assert title == "PHÓ GIÁM ĐỐC SỞ CÔNG THƯƠNG LÀO CAI"


def test_a_seal_letter_at_the_end_of_an_office_title_is_dropped():
    """OCR of a signature under a seal (`Ó CHỦ TỊCH`: the `PHÓ` half hidden); `SỞ Y TẾ` keeps its `Y`."""
    _, title = _signature_of(["- Sở Công Thương;", "- UBND xã Phong Hải;", "- Công ty CP khai thác VLXD Miền Bắc;",
                              "- CVP, PCVP UBND tỉnh (Bích);", "- Lưu: VT, TTPVHCC, KT.", "KT. CHỦ TỊCH",
                              "Ó CHỦ TỊCH", "guyến Thành Sinh"])
    assert title == "KT. CHỦ TỊCH / CHỦ TỊCH"
    _, title = _signature_of(["- Như trên;", "- UBND tỉnh;", "- Lưu: VT.", "KT. GIÁM ĐỐC SỞ Y TẾ", "PHÓ GIÁM ĐỐC",
                              "Nguyễn Văn An"])
    assert "SỞ Y TẾ" in title


def test_the_authority_line_run_onto_a_title_is_not_part_of_it():
    # ../shared/realcorpus/legal/Nghị_quyết_01_2020_NQ-HĐTP.txt: the web copy runs the title and
    # the line under it (the body the header names) into one line; a body named with `CỦA` is the title's
    from pipeline.metadata import read_type_and_title

    pieces = ["HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO", "Số: 01/2020/NQ-HĐTP",
              "Hà Nội, ngày 05 tháng 3 năm 2020 NGHỊ QUYẾT HƯỚNG DẪN ÁP DỤNG MỘT SỐ QUY ĐỊNH CỦA PHÁP LUẬT TRONG GIẢI "
              "QUYẾT TRANH CHẤP VỀ TÀI SẢN CHUNG CỦA DÒNG HỌ HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO"]
    assert read_type_and_title(pieces)[1] == ("HƯỚNG DẪN ÁP DỤNG MỘT SỐ QUY ĐỊNH CỦA PHÁP LUẬT TRONG GIẢI QUYẾT TRANH "
                                              "CHẤP VỀ TÀI SẢN CHUNG CỦA DÒNG HỌ")
    ministry = ["BỘ CÔNG THƯƠNG", "Số: 26/2026/TT-BCT", "THÔNG TƯ", "QUY ĐỊNH VỀ PHÂN CẤP THỰC HIỆN THỦ TỤC HÀNH "
                "CHÍNH TRONG CÁC LĨNH VỰC THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG THƯƠNG"]
    assert read_type_and_title(ministry)[1].endswith("THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG THƯƠNG")


def test_a_title_line_that_cannot_end_a_title_runs_on():
    # ../shared/realcorpus/laocai/thong-bao-ket-luan-ubnd.docx: a title in two paragraphs, the first cut after `Chủ tịch`
    from pipeline.metadata import read_type_and_title

    pieces = ["UBND TỈNH LÀO CAI VĂN PHÒNG", "Số: /TB-VP", "THÔNG BÁO",
              "Kết luận của đồng chí Nguyễn Tuấn Anh - Phó Bí thư Tỉnh ủy, Chủ tịch",
              "Ủy ban nhân dân tỉnh tại cuộc họp về tình hình triển khai các cụm công nghiệp trên địa bàn tỉnh", "_________"]
    assert read_type_and_title(pieces)[1] == (
        "Kết luận của đồng chí Nguyễn Tuấn Anh - Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về tình "
        "hình triển khai các cụm công nghiệp trên địa bàn tỉnh")
    # a whole title keeps to its line
    whole = ["THÔNG BÁO", "Kết quả kiểm tra việc chấp hành Quy định", "Căn cứ Luật Hóa chất;"]
    assert read_type_and_title(whole)[1] == "Kết quả kiểm tra việc chấp hành Quy định"


def test_a_nameless_signature_is_the_documents_own_not_a_form_in_its_appendix(tmp_path):
    # ../shared/realcorpus/laocai/ND-217-2026-quan-ly-hoat-dong-xay-dung-OCR: a seal hides the signer's name;
    # the appendix's forms have signature blocks of their own
    from pipeline import extract

    path = tmp_path / "nd.txt"
    path.write_text(
        "CHÍNH PHỦ\nSố: 217/2026/NĐ-CP\nNGHỊ ĐỊNH\nQuy định chi tiết một số điều của Luật Xây dựng\n"
        "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định chi tiết một số điều của Luật Xây dựng.\n"
        "Nơi nhận: TM. CHÍNH PHỦ\n- Ban Bí thư Trung ương Đảng; <1 Ủ TƯỚ\n- Các bộ, cơ quan ngang bộ;\n"
        "Phụ lục I\nMẪU BÁO CÁO KẾT QUẢ THẨM TRA\nCHỦ NHIỆM, CHỦ TRÌ THẨM TRA CỦA TỪNG BỘ MÔN\n"
        "(Ký, ghi rõ họ tên)\n", encoding="utf-8")
    assert extract(path).document.signer_title == "TM. CHÍNH PHỦ"

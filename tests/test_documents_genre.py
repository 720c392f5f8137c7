"""Documents across the genre: laws, decrees, official letters, reports and party documents read
from their headers and signatures. Every header line and sentence here is quoted from a document
of ../shared/corpus or ../shared/realcorpus (files generated from them in tmp_path)."""
from __future__ import annotations

from conftest import corpus_file
from pipeline import extract
from pipeline.metadata import period_of


def read(tmp_path, lines: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract(path).document


def test_decree_number_with_its_year(tmp_path):
    row = read(tmp_path, [
        "| CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
        "| Số: 79/2025/NĐ-CP | Hà Nội, ngày 01 tháng 4 năm 2025 |",
        "NGHỊ ĐỊNH",
        "VỀ KIỂM TRA, RÀ SOÁT, HỆ THỐNG HÓA VÀ XỬ LÝ VĂN BẢN QUY PHẠM PHÁP LUẬT",
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
        "Chương I",
        "NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
    ])
    assert (row.doc_type, row.number, row.issuer, row.admin_level, row.issue_date, row.title) == (
        "nghi_dinh", "79/2025/NĐ-CP", "Chính phủ", "trung_uong", "2025-04-01",
        "VỀ KIỂM TRA, RÀ SOÁT, HỆ THỐNG HÓA VÀ XỬ LÝ VĂN BẢN QUY PHẠM PHÁP LUẬT")
    assert (row.period_start, row.period_end) == (None, None)  # a decree has no period


def test_law_number_on_the_line_after_so_and_its_signer(tmp_path):
    row = read(tmp_path, [
        "QUỐC HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Luật số:",
        "69/2014/QH13",
        "Hà Nội, ngày 26 tháng 11 năm 2014 LUẬT QUẢN LÝ, SỬ DỤNG VỐN NHÀ NƯỚC ĐẦU TƯ VÀO SẢN XUẤT, KINH DOANH TẠI DOANH NGHIỆP",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này được Quốc hội nước Cộng hoà xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 7 thông qua ngày 27 tháng 6 năm 2024.",
        "CHỦ TỊCH QUỐC HỘI Trần Thanh Mẫn",
    ])
    assert (row.doc_type, row.number, row.issuer, row.title, row.signer, row.signer_title) == (
        "luat", "69/2014/QH13", "Quốc hội",
        "QUẢN LÝ, SỬ DỤNG VỐN NHÀ NƯỚC ĐẦU TƯ VÀO SẢN XUẤT, KINH DOANH TẠI DOANH NGHIỆP",
        "Trần Thanh Mẫn", "CHỦ TỊCH QUỐC HỘI")


def test_official_letter_subject_is_its_title(tmp_path):
    row = read(tmp_path, [
        "UBND TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Độc lập - Tự do - Hạnh Phúc",
        "Số: 5141 /SNNMT-KS Lào Cai, ngày 29 tháng 12 năm 2025",
        "V/v quản lý, thống kê, kê khai và báo cáo sản lượng, kết quả khai thác, thu hồi khoáng sản",
        "Kính gửi: Các tổ chức, cá nhân khai thác, thu hồi khoáng sản trên địa bàn tỉnh Lào Cai.",
        "và theo đúng quy định hiện hành. Sở Nông nghiệp và Môi trường đề nghị một số nội dung cụ thể như sau:",
    ])
    assert (row.doc_type, row.number, row.issue_date, row.title) == (
        "cong_van", "5141/SNNMT-KS", "2025-12-29",
        "quản lý, thống kê, kê khai và báo cáo sản lượng, kết quả khai thác, thu hồi khoáng sản")
    # the department that signs under its people's committee issues the letter
    assert (row.issuer, row.admin_level, row.locality, row.province) == (
        "Sở Nông nghiệp và Môi trường tỉnh Lào Cai", "tinh", "Lào Cai", "Lào Cai")


def test_ministry_type_word_inside_its_name_is_not_the_type(tmp_path):
    row = read(tmp_path, [
        "BỘ KẾ HOẠCH VÀ ĐẦU TƯ ----------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------",
        "Số: 3397/BKHĐT-QLKTTW V/v hướng dẫn áp dụng quy định tại Điều 162 Luật DN 2014 Hà Nội, ngày 23 tháng 5 năm 2019"
        " Kính gửi: Tổng công ty Khí Việt Nam-CTCP (PV GAS)",
        "Trên đây là ý kiến của Bộ Kế hoạch và Đầu tư gửi Tổng công ty Khí Việt Nam - CTCP (PV GAS) để tham khảo thực hiện./.",
    ])
    assert (row.doc_type, row.issuer, row.title) == (
        "cong_van", "Bộ Kế hoạch và Đầu tư", "hướng dẫn áp dụng quy định tại Điều 162 Luật DN 2014")


def test_signer_is_never_a_recipient_beside_the_signature(tmp_path):
    row = read(tmp_path, [
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc",
        "Số: 5973 /UBND-KT Lào Cai, ngày 11 tháng 6 năm 2026",
        "V/v tăng cường công tác quản lý, thanh tra, kiểm tra hoạt động khoáng sản trên địa bàn tỉnh Lào Cai",
        "Căn cứ ý kiến chỉ đạo trên, các cơ quan, đơn vị liên quan nghiêm túc triển khai thực hiện./.",
        "Nơi nhận: KT. CHỦ TỊCH",
        "- Như trên;",
        "- Bộ Nông nghiệp và Môi trường (để báo cáo); PHÓ CHỦ TỊCH",
        "- Cục Địa chất và Khoáng sản Việt Nam;",
        "- Lưu: VT, KT(Thủy, Nho).",
        "",
        "Nguyễn Thành Sinh",
    ])
    assert (row.issuer, row.signer, row.signer_title) == (
        "UBND tỉnh Lào Cai", "Nguyễn Thành Sinh", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


def test_signer_after_a_recipient_cut_over_two_lines(tmp_path):
    # ../shared/realcorpus/laocai/CV-6795-SNNMT-KS-…-Quy-Xa.txt: the list and the signature side by
    # side; `Tài chính, Thuế tỉnh;` is the rest of a recipient, not text between title and name
    row = read(tmp_path, [
        "UBND TỈNH LÀO CAI CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Độc lập - Tự do - Hạnh Phúc",
        "Số: 6795 /SNNMT-KS Lào Cai, ngày 17 tháng 7 năm 2026",
        "V/v thực hiện các quy định của pháp luật sau khi được cấp Giấy phép khai thác khoáng sản",
        "Sở Nông nghiệp và Môi trường yêu cầu Công ty nghiêm túc thực hiện./.",
        "Nơi nhận: KT. GIÁM ĐỐC",
        " - Như trên;",
        " - UBND tỉnh (b/c);",
        "                                    PHÓ GIÁM ĐỐC",
        " - Các Sở, ngành: Xây dựng, Công Thương,",
        " Tài chính, Thuế tỉnh;",
        " - UBND xã Văn Bàn (p/h);",
        " - Lưu: VT, QLĐ, CCMT, KS.",
        "",
        "                                    Phạm Năng Chung",
    ])
    assert (row.signer, row.signer_title) == ("Phạm Năng Chung", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")


def test_signer_in_a_table_beside_a_recipient_cut_over_two_rows(tmp_path):
    # ../shared/realcorpus/laocai/CV-tu-choi-TKBVTC-da-hoa-LangLanhII.doc, as its table reads
    row = read(tmp_path, [
        "UBND TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ CÔNG THƯƠNG Độc lập - Tự do - Hạnh phúc",
        "Số: 2765/SCT-QLCN Lào Cai, ngày 15 tháng 10 năm 2025",
        "Sở Công Thương thông báo để Công ty biết, thực hiện./.",
        "| Nơi nhận: | | KT. GIÁM ĐỐC |",
        "| - Như trên; | | PHÓ GIÁM ĐỐC |",
        "| - Giám đốc Sở (để b/c); | | |",
        "| - Bộ phận Tiếp nhận và Trả kết quả (cơ sở 1) của Sở Công Thương tại | | |",
        "| Trung tâm Phục vụ Hành chính công tỉnh Lào Cai (để T/h); | | |",
        "| - Lưu: VT, QLCN(đ/c Long). | | Hoàng Văn Thuân |",
    ])
    assert (row.signer, row.signer_title) == ("Hoàng Văn Thuân", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")


def test_a_number_named_in_a_list_is_not_the_documents_own(tmp_path):
    # ../shared/realcorpus/laocai/Danh-muc-VBQPPL-hoa-chat.docx: a list of laws, no number of its own
    row = read(tmp_path, [
        "DANH MỤC",
        "VĂN BẢN QUY PHẠM PHÁP LUẬT VỀ HÓA CHẤT",
        "1. Luật hóa chất số: 06/2007/QH12 ngày 21/11/2007 của Quốc hội ban hành Quy định về hoạt động hóa chất.",
        "2. Nghị định số 113/2017/NĐ-CP ngày 09/10/2017 của Chính phủ quy định chi tiết và hướng dẫn thi hành "
        "một số điều của Luật hóa chất.",
    ])
    assert (row.number, row.doc_type) == (None, None)
    # ../shared/realcorpus/legal/Bộ_luật_Lao_động_2019.txt: the type word before `số:` is the header's
    row = read(tmp_path, [
        "QUỐC HỘI -------",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Bộ luật số: 45/2019/QH14",
        "Hà Nội, ngày 20 tháng 11 năm 2019",
        "BỘ LUẬT",
        "LAO ĐỘNG",
    ])
    assert row.number == "45/2019/QH14"


def test_an_office_named_inside_a_heading_is_no_signers_title(tmp_path):
    # ../shared/realcorpus/laocai/Phu-luc-danh-muc-uy-quyen-VLNCN_….docx and Phieu-trinh-tham-dinh-2.pdf:
    # no signature; `GIÁM ĐỐC` inside a title or a heading in capitals is not one
    row = read(tmp_path, [
        "Phụ lục",
        "DANH MỤC MỘT SỐ NHIỆM VỤ, QUYỀN HẠN TRONG LĨNH VỰC VẬT LIỆU NỔ CÔNG NGHIỆP CỦA ỦY BAN NHÂN DÂN TỈNH "
        "LÀO CAI ỦY QUYỀN CHO GIÁM ĐỐC SỞ CÔNG THƯƠNG THỰC HIỆN",
        "(Kèm theo Quyết định số: /QĐ-UBND ngày tháng năm 2025 của UBND tỉnh Lào Cai)",
        "| STT | NỘI DUNG NHIỆM VỤ ỦY QUYỀN | CĂN CỨ PHÁP LÝ | GHI CHÚ |",
        "| | Lĩnh vực vật liệu nổ công nghiệp | | |",
        "Ý KIÊN CỦA PHÓ GIÁM ĐỐC SỞ",
    ])
    assert (row.signer, row.signer_title) == (None, None)


def test_a_joint_document_names_every_issuer(tmp_path):
    # ../shared/realcorpus/laocai/Huong-dan-lien-nganh-24-N2O.pdf as OCR reads it (`TÓI` for `TỐI`):
    # a joint guidance (`HDLN`), its issuers between dashes and over lines
    row = read(tmp_path, [
        "BỘ CÔNG AN - BỘ QUỐC PHÒNG -",
        "BỘ Y TẾ - BỘ CÔNG THƯƠNG -",
        "BỘ TÀI CHÍNH - VIỆN KIỂM SÁT",
        "NHÂN DÂN TÓI CAO - TÒA ÁN",
        "NHÂN DÂN TÓI CAO",
        "Số: 24 /HDLN-BCA-BQP-BYT-",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 25 tháng 6 năm 2026",
        "HƯỚNG DẪN LIÊN NGÀNH",
        "Về việc xử lý đối với hành vi vi phạm liên quan đến sản xuất, buôn bán, vận chuyển, tàng trữ N2O",
        "Bộ Công an, Bộ Quốc phòng, Bộ Y tế, Bộ Công Thương, Bộ Tài chính, Viện kiểm sát nhân dân tối cao, Tòa án "
        "nhân dân tối cao thống nhất hướng dẫn xử lý đối với các hành vi vi phạm về sản xuất, mua bán, vận chuyển, "
        "tàng trữ liên quan đến N2O, cụ thể như sau:",
    ])
    assert (row.issuer, row.admin_level) == (
        "Bộ Công an - Bộ Quốc phòng - Bộ Y tế - Bộ Công Thương - Bộ Tài chính - Viện kiểm sát nhân dân tối cao"
        " - Tòa án nhân dân tối cao", "trung_uong")


def test_a_body_named_twice_in_the_header_is_one_issuer(tmp_path):
    # ../shared/realcorpus/legal/TT-16-2018-BCA-tienchat.doc: the web page's heading over the header
    row = read(tmp_path, [
        "VĂN BẢN QUY PHẠM PHÁP LUẬT",
        "BỘ CÔNG AN",
        "| BỘ CÔNG AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
        "| Số: 16/2018/TT-BCA | Hà Nội, ngày 15 tháng 5 năm 2018 |",
        "THÔNG TƯ",
        "Quy định chi tiết một số điều của Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ",
        "Căn cứ Nghị định số 106/2014/NĐ-CP quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Công an;",
    ])
    assert row.issuer == "Bộ Công an"


def test_signer_after_a_recipient_with_a_dot_in_brackets(tmp_path):
    # ../shared/realcorpus/laocai/KH-1105-DKT-ke-hoach-kiem-tra.txt: `CN(M. Cường).` ends the list, not
    # `CN(M.`; the office title interleaved into a recipient is lost with it, the marker's body stays
    row = read(tmp_path, [
        "SỞ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ĐOÀN KIỂM TRA Độc lập - Tự do - Hạnh Phúc",
        "Số: 1105/KH-ĐKT Lào Cai, ngày 10 tháng 3 năm 2026",
        "KẾ HOẠCH",
        "Kiểm tra việc chấp hành Quy định pháp luật trong sử dụng và bảo quản vật liệu nổ công nghiệp",
        "Trên đây là Kế hoạch kiểm tra của Đoàn, đề nghị các thành viên và đơn vị có liên quan phối hợp thực hiện./.",
        "Nơi nhận: T/M. ĐOÀN KIỂM TRA",
        "- Giám đốc Sở (để báo cáo và phê duyệt);",
        "- Văn phòng Sở (Bố trí kinh phí, phương TRƯỞNG ĐOÀN tiện Phục vụ Đoàn kiểm tra);",
        "- Thành viên Đoàn (để thực hiện);",
        "- Lưu: VT, CN(M. Cường).",
        "",
        "Hoàng Văn Thuân",
        "PHÓ GIÁM ĐỐC",
        "SỞ CÔNG THƯƠNG LÀO CAI",
    ])
    assert (row.signer, row.signer_title) == ("Hoàng Văn Thuân", "T/M. ĐOÀN KIỂM TRA")


def test_a_rank_before_the_signers_name(tmp_path):
    # ../shared/realcorpus/legal/TT-16-2018-BCA-tienchat.doc: a general signs with his rank
    row = read(tmp_path, [
        "| BỘ CÔNG AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
        "| Số: 16/2018/TT-BCA | Hà Nội, ngày 15 tháng 5 năm 2018 |",
        "THÔNG TƯ",
        "Quy định chi tiết một số điều của Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ",
        "2. Công an các đơn vị, địa phương, các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Thông tư này.",
        "| | BỘ TRƯỞNG Thượng tướng Tô Lâm |",
        "Phụ lục I",
        "DANH MỤC VŨ KHÍ THỂ THAO",
    ])
    assert (row.signer, row.signer_title) == ("Tô Lâm", "BỘ TRƯỞNG")


def test_an_issuer_read_with_a_wrong_mark_takes_the_texts_spelling(tmp_path):
    # ../shared/realcorpus/laocai/QD-26-QD-XPVPHC-2026-Cuc-Hoa-chat-….pdf as OCR reads it: `CỤC HOA CHÁT`
    row = read(tmp_path, [
        "BỘ CÔNG THƯƠNG",
        "CỤC HOA CHÁT",
        "/QĐ-XPVPHC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 15 tháng 7 năm 2026",
        "QUYẾT ĐỊNH",
        "Xử phạt vi phạm hành chính",
        "Căn cứ Quyết định số 464/QĐ-BCT ngày 16 tháng 3 năm 2026 của Bộ trưởng Bộ Công Thương về việc quy định chức "
        "năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Cục Hóa chất;",
    ])
    assert row.issuer == "Cục Hóa chất - Bộ Công Thương"


def test_a_letter_template_with_its_subject_left_blank_is_a_letter(tmp_path):
    # ../shared/realcorpus/laocai/01-cong-van.docx: a template, number and `V/v` left to fill in
    row = read(tmp_path, [
        "| UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG Số: /SCT-CN V/v ………………. | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự "
        "do – Hạnh phúc Lào Cai, ngày tháng năm 2026 |",
        "Kính gửi: …………..",
        "Sở Công Thương kính đề nghị Ủy ban nhân dân tỉnh xem xét, chỉ đạo các nội dung sau:",
    ])
    assert (row.doc_type, row.number, row.title) == ("cong_van", None, None)


def test_an_old_government_office_issues(tmp_path):
    # ../shared/realcorpus/legal/Chỉ_thị_299_TTg.txt (1980): `PHỦ THỦ TƯỚNG`, the office before 1992
    row = read(tmp_path, [
        "PHỦ THỦ TƯỚNG ----- CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc -------",
        "Số: 299/TTg Hà Nội, ngày 10 tháng 11 năm 1980",
        "CHỈ THỊ",
        "VỀ CÔNG TÁC ĐO ĐẠC, PHÂN HẠNG VÀ ĐĂNG KÝ RUỘNG ĐẤT TRONG CẢ NƯỚC",
    ])
    assert (row.issuer, row.admin_level, row.number) == ("Phủ Thủ tướng", "trung_uong", "299/TTg")


def test_a_blasting_plans_number_line_is_no_title_and_its_signer_no_place(tmp_path):
    # ../shared/realcorpus/laocai/PANM-Thanh-Huong-chinh-sua-2026.docx: the number under the type line,
    # and the approval cell beside the place and date cell
    row = read(tmp_path, [
        "PHƯƠNG ÁN NỔ MÌN",
        "Số: 01/PANM",
        "Công trình: Mỏ đá vôi làm vật liệu xây dựng thông thường khu vực xã Văn Chấn, tỉnh Lào Cai",
        "I . Căn cứ lập phương án.",
        "- Phương án nổ mìn có hiệu lực sau khi được người có thẩm quyền của doanh nghiệp phê duyệt.",
        "| PHÊ DUYỆT CỦA DOANH NGHIỆP GIÁM ĐỐC Vũ Văn Thành | Lào Cai, ngày tháng năm 2026 NGƯỜI LẬP PHƯƠNG ÁN (Chỉ "
        "huy nổ mìn) Vũ Văn Bắc |",
    ])
    assert (row.doc_type, row.number, row.title, row.signer) == ("phuong_an", "01/PANM", "NỔ MÌN", "Vũ Văn Thành")


def test_signer_of_the_document_not_of_a_form_in_its_appendix(tmp_path):
    row = read(tmp_path, [
        "QUỐC HỘI",
        "Nghị quyết số: 96/2023/QH15",
        "Hà Nội, ngày 23 tháng 6 năm 2023 NGHỊ QUYẾT VỀ VIỆC LẤY PHIẾU TÍN NHIỆM, BỎ PHIẾU TÍN NHIỆM ĐỐI VỚI NGƯỜI GIỮ CHỨC VỤ"
        " DO QUỐC HỘI, HỘI ĐỒNG NHÂN DÂN BẦU HOẶC PHÊ CHUẨN",
        "Điều 1. Phạm vi điều chỉnh",
        "CHỦ TỊCH QUỐC HỘI Vương Đình Huệ",
        "Nơi nhận:",
        "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN CHỦ TỊCH (Ký, ghi rõ họ tên, đóng dấu) Ghi chú:",
    ])
    assert (row.number, row.signer, row.signer_title) == ("96/2023/QH15", "Vương Đình Huệ", "CHỦ TỊCH QUỐC HỘI")
    assert row.title.endswith("DO QUỐC HỘI, HỘI ĐỒNG NHÂN DÂN BẦU HOẶC PHÊ CHUẨN")  # a body named in the title


def test_draft_is_flagged(tmp_path):
    row = read(tmp_path, [
        "BỘ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI --------",
        "Số:",
        "/2015/TT-BLĐTBXH",
        "Hà Nội, ngày     tháng     năm 2015 DỰ THẢO LẦN 4 THÔNG TƯ HƯỚNG DẪN THỰC HIỆN MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ"
        " 119/2014/NĐ-CP NGÀY 17 THÁNG 12 NĂM 2014 CỦA CHÍNH PHỦ",
        "Căn cứ Bộ luật Lao động ngày 18 tháng 6 năm 2012;",
    ])
    assert (row.draft, row.doc_type, row.number, row.issue_date) == (True, "thong_tu", None, "2015")
    assert not extract(corpus_file("002_cb41b1295af3bb46")).document.draft


def test_centrally_governed_city_is_a_province(tmp_path):
    # `Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh` (a decree): the cities are provinces
    row = read(tmp_path, [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/KH-UBND Hà Nội, ngày 10 tháng 01 năm 2025",
        "KẾ HOẠCH",
        "Thực hiện Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030",
    ])
    assert (row.issuer, row.admin_level, row.locality, row.province) == (
        "UBND thành phố Hà Nội", "tinh", "Hà Nội", "Hà Nội")


def test_period_from_title_and_objectives():
    assert period_of("Thích ứng với biến đổi khí hậu giai đoạn 2021 - 2030, tầm nhìn đến năm 2050 (cập nhật)",
                     "2024-11-19") == (2021, 2030)
    assert period_of("Thời gian thực hiện: Từ năm 2017 đến hết năm 2030.", None) == (2017, 2030)
    assert period_of("PHÊ DUYỆT CHƯƠNG TRÌNH QUỐC GIA VỀ GIẢM PHÁT THẢI KHÍ NHÀ KÍNH … ĐẾN NĂM 2030", "2017-04-05") == (
        2017, 2030)


def test_plan_attached_to_a_decision_takes_its_number():
    row = extract(corpus_file("qd1422_ttg_2024_thichung_bdkh")).document
    assert (row.doc_type, row.number, row.issue_date, row.title, row.parent_key) == (
        "ke_hoach", "1422/QĐ-TTg", "2024-11-19",
        "Thích ứng với biến đổi khí hậu giai đoạn 2021 - 2030, tầm nhìn đến năm 2050 (cập nhật)", "72/2020/QH14")


def test_parent_of_a_party_programme_from_the_title(tmp_path):
    row = read(tmp_path, [
        "ỦY BAN NHÂN DÂN TỈNH KON TUM",
        "Số: 739/KH-UBND Kon Tum, ngày 28 tháng 3 năm 2018",
        "KẾ HOẠCH",
        "Về triển khai Chương trình số 51-CTr/TU ngày 09 tháng 02 năm 2018 của Tỉnh ủy",
    ])
    assert (row.number, row.parent_key, row.issuer) == ("739/KH-UBND", "51-CTr/TU", "UBND tỉnh Kon Tum")


def test_department_under_a_ministry_is_named_with_it(tmp_path):
    row = read(tmp_path, [
        "| BỘ CÔNG THƯƠNG CỤC HÓA CHẤT | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
        "BIÊN BẢN THẨM ĐỊNH",
        "Hồ sơ đề nghị cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 5, 8 cho Công ty TNHH hóa chất công nghiệp Đức Giang",
        "Hôm nay, ngày 14 tháng 11 năm 2025, tại trụ sở Cục Hóa chất - Bộ Công Thương, Cục Hóa chất tiến hành thẩm định.",
    ])
    assert (row.doc_type, row.issuer, row.admin_level, row.title) == (
        "bien_ban", "Cục Hóa chất - Bộ Công Thương", "trung_uong",
        "Hồ sơ đề nghị cấp Giấy phép vận chuyển hàng hóa nguy hiểm loại 5, 8 cho Công ty TNHH hóa chất công nghiệp Đức Giang")


def test_consolidated_text_is_typed_by_its_number(tmp_path):
    row = read(tmp_path, [
        "VĂN PHÒNG QUỐC HỘI",
        "Số: 131/VBHN-VPQH",
        "Hà Nội, ngày 29 tháng 8 năm 2025 LUẬT QUY HOẠCH Luật Quy hoạch số 21/2017/QH14 ngày 24 tháng 11 năm 2017 của Quốc hội",
        "XÁC THỰC VĂN BẢN HỢP NHẤT CHỦ NHIỆM Lê Quang Tùng",
    ])
    assert (row.doc_type, row.number, row.issuer, row.title, row.signer) == (
        "van_ban_hop_nhat", "131/VBHN-VPQH", "Văn phòng Quốc hội", "QUY HOẠCH", "Lê Quang Tùng")

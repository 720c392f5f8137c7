"""Citations: the number grammar, dates, issuers, relations and repairs, on real corpus lines."""
from __future__ import annotations

import pytest

from conftest import corpus_file
from pipeline import extract, link
from pipeline.citations import find_citations, parse_key


def cites(stem):
    return extract(corpus_file(stem)).citations


def test_basis_with_issuer_wrapped_onto_the_next_line():
    c = cites("001_aa895cb07729ff69")[0]
    assert (c.line, c.key, c.doc_type, c.number, c.symbol, c.issue_date, c.issuer, c.relation) == (
        13, "2482/QĐ-UBND", "quyet_dinh", 2482, "QĐ-UBND", "2020-12-22", "UBND huyện Tam Đường", "basis")


def test_implemented_plan_with_a_written_out_date():
    c = cites("002_cb41b1295af3bb46")[0]
    assert (c.key, c.issue_date, c.issuer, c.relation) == ("159/KH-UBND", "2021-05-11", "UBND tỉnh Hà Tĩnh", "implements")


@pytest.mark.parametrize("written, key, symbol, note", [
    ("13/2021/TTBLĐTBXH", "13/2021/TT-BLĐTBXH", "TT-BLĐTBXH", "repaired: TTBLĐTBXH -> TT-BLĐTBXH"),
    ("53/KGH-UBND", "53/KGH-UBND", "KGH-UBND", "unknown type code KGH"),
    ("119- KH/TU", "119-KH/TU", "KH/TU", None),
    ("121/2020/QH14", "121/2020/QH14", "QH14", None),
    ("416/QĐ- TTg", "416/QĐ-TTg", "QĐ-TTg", None),
])
def test_number_grammar(written, key, symbol, note):
    number, sym, full, why = parse_key(written)
    assert (full, sym, why) == (key, symbol, note)


def test_typo_repaired_and_noted_on_the_line_of_the_number():
    c = next(c for c in cites("003_2bd3cd32362b3bc4") if c.doc_type == "thong_tu")
    assert (c.line, c.key, c.key_note, c.issuer) == (
        185, "13/2021/TT-BLĐTBXH", "repaired: TTBLĐTBXH -> TT-BLĐTBXH", "Bộ trưởng Bộ Lao động - TB&XH")


def test_party_documents_and_relations_in_a_preamble():
    got = [(c.line, c.key, c.relation) for c in cites("qd435_kontum_2020_quanhelaodong") if c.line in (5, 6, 7)]
    assert got == [(5, "37-CT/TW", "basis"), (6, "416/QĐ-TTg", "basis"), (6, "37-CT/TW", "reference"),
                   (7, "119-KH/TU", "implements"), (7, "37-CT/TW", "reference")]


def test_laws_by_name_with_and_without_year():
    got = [(c.line, c.key) for c in cites("001_aa895cb07729ff69") if c.line in (218, 254, 358)]
    assert got == [(218, "Luật Trẻ em 2016"), (218, "Luật Giáo dục"), (254, "Luật Hôn nhân và gia đình"),
                   (254, "Luật Trẻ em"), (254, "Luật Phòng chống bạo lực gia đình"), (358, "Luật Trẻ em 2016")]


def test_requester_is_the_issuer_of_a_submission():
    text = ("Xét đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội tại Tờ trình số 33/TTr-SLĐTBXH ngày 16 "
            "tháng 4 năm 2020 và Tờ trình số 42/TTr-SLĐTBXH ngày 29 tháng 4 năm 2020,")
    got = [(f["key"], f["issue_date"], f["issuer"]) for _, _, f in find_citations(text)]
    assert got == [("33/TTr-SLĐTBXH", "2020-04-16", "Giám đốc Sở Lao động - Thương binh và Xã hội"),
                   ("42/TTr-SLĐTBXH", "2020-04-29", "Giám đốc Sở Lao động - Thương binh và Xã hội")]


def test_a_plan_citing_its_own_number_is_skipped():
    assert [c.key for c in cites("002_cb41b1295af3bb46")] == ["159/KH-UBND", "Luật Ngân sách Nhà nước"]


def test_citations_resolve_to_documents_of_the_run():
    results = [extract(corpus_file(s)) for s in ("004_57d55756dd206766", "national_qd23_ttg_2021")]
    link.resolve_citations(results)
    resolved = [(c.key, c.resolved_doc_id) for c in results[0].citations if c.resolved_doc_id]
    assert resolved == [("23/QĐ-TTg", "national_qd23_ttg_2021")]


def fields(text):
    return [(f["key"], f["doc_type"], f["issue_date"], f["issuer"], f["relation"]) for _, _, f in find_citations(text)]


def test_a_law_cited_with_its_number_is_keyed_by_the_number():
    assert fields("Căn cứ Luật Điện lực số 61/2024/QH15 ngày 30/11/2024;") == [
        ("61/2024/QH15", "luat", "2024-11-30", None, "basis")]


def test_every_item_of_an_implemented_list_is_implemented():
    text = ("Thực hiện Luật Bảo vệ môi trường số 72/2020/QH14 ngày 17 tháng 11 năm 2020 của Quốc hội, Nghị quyết số "
            "93/NQ-CP ngày 31 tháng 10 năm 2016 của Chính phủ phê duyệt Thỏa thuận Paris thực hiện Công ước khung của "
            "Liên hợp quốc về biến đổi khí hậu; Quyết định số 896/QĐ-TTg ngày 26 tháng 7 năm 2022 của Thủ tướng Chính "
            "phủ phê duyệt Chiến lược quốc gia về biến đổi khí hậu giai đoạn đến năm 2050;")
    assert fields(text) == [("72/2020/QH14", "luat", "2020-11-17", "Quốc hội", "implements"),
                            ("93/NQ-CP", "nghi_quyet", "2016-10-31", "Chính phủ", "implements"),
                            ("896/QĐ-TTg", "quyet_dinh", "2022-07-26", "Thủ tướng Chính phủ", "implements")]


def test_laws_in_a_list_and_the_constitution():
    assert fields("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; Căn cứ Luật Đất đai, Luật Tài nguyên "
                  "nước và Luật Địa chất và khoáng sản;") == [
        ("Hiến pháp", "hien_phap", None, None, "basis"), ("Luật Đất đai", "luat", None, None, "basis"),
        ("Luật Tài nguyên nước", "luat", None, None, "basis"),
        ("Luật Địa chất và khoáng sản", "luat", None, None, "basis")]


def test_several_numbers_sharing_one_symbol():
    got = fields("Căn cứ Quyết định số 01/COP16; Quyết định số 9, 10, 11, 12, 13, 14, 15/COP19 của Hội nghị các bên "
                 "tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu;")
    assert [k for k, *_ in got] == ["01/COP16"] + [f"{n}/COP19" for n in range(9, 16)]
    assert {r for *_, r in got} == {"basis"}


def test_party_and_joint_keys():
    assert fields("Thực hiện Thông tri số 02-TT/TU ngày 10/3/2025 của Ban Thường vụ Tỉnh ủy về lãnh đạo công tác;") == [
        ("02-TT/TU", "thong_tri", "2025-03-10", "Ban Thường vụ Tỉnh ủy", "implements")]
    assert [k for k, *_ in fields("Căn cứ Kết luận số 23/KL-LNTPTW ngày 12/4/2024 của Liên ngành Trung ương;")] == [
        "23/KL-LNTPTW"]


def test_a_task_about_carrying_out_a_plan_only_refers_to_it():
    text = ("- Chủ trì, phối hợp với Liên đoàn Lao động tỉnh hướng dẫn, kiểm tra, đôn đốc việc thực hiện Kế hoạch số "
            "119-KH/TU; đồng thời, nghiên cứu đề xuất tổng kết thực hiện Chỉ thị số 37-CT/TW theo quy định.")
    assert [r for *_, r in fields(text)] == ["reference", "reference"]


def test_a_citation_cut_by_markdown_markers_across_lines(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("QUYẾT ĐỊNH\n**Căn cứ Luật Bảo vệ môi trường số 72/2020/QH14 ngày 17 tháng 11 năm**\n"
                    "**2020 của Quốc hội;**\n*Căn cứ Quyết định số 2053/QĐ-TTg ngày 28 tháng 10*\n"
                    "*năm 2016 của Thủ tướng Chính phủ về việc ban hành Kế hoạch thực hiện Thỏa thuận Paris;*\n"
                    "Điều 1. Phê duyệt.\n", encoding="utf-8")
    got = [(c.line, c.key, c.issue_date, c.issuer) for c in extract(path).citations]
    assert got == [(2, "72/2020/QH14", "2020-11-17", "Quốc hội"), (4, "2053/QĐ-TTg", "2016-10-28", "Thủ tướng Chính phủ")]


def test_one_row_per_document_per_line():
    got = [(c.line, c.key) for c in cites("qd1422_ttg_2024_thichung_bdkh") if c.key == "Luật Đầu tư công"]
    assert got == [(425, "Luật Đầu tư công"), (426, "Luật Đầu tư công")]


def test_laws_named_in_an_amending_laws_title_are_part_of_it():
    text = ("[21] Điểm này được sửa đổi, bổ sung theo quy định tại điểm a khoản 8 Điều 1 của Luật số 57/2024/QH15 sửa "
            "đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và "
            "Luật Đấu thầu, có hiệu lực kể từ ngày 15 tháng 01 năm 2025.")
    assert [k for k, *_ in fields(text)] == ["57/2024/QH15"]


def test_a_law_whose_name_holds_a_stop_word():
    assert [k for k, *_ in fields("Quốc hội ban hành Luật Đầu tư theo phương thức đối tác công tư.")] == [
        "Luật Đầu tư theo phương thức đối tác công tư"]
    text = ("1. Hóa chất nguy hiểm trong sản phẩm, hàng hóa có quy chuẩn kỹ thuật thực hiện theo quy định của Luật này, "
            "Luật Tiêu chuẩn và quy chuẩn kỹ thuật, Luật Chất lượng sản phẩm, hàng hóa và luật khác có liên quan.")
    assert [k for k, *_ in fields(text)] == ["Luật Tiêu chuẩn và quy chuẩn kỹ thuật", "Luật Chất lượng sản phẩm, hàng hóa"]


def test_the_issuer_ends_at_a_table_cell():
    assert fields("| Nghị định số 175/2024/NĐ-CP ngày 30/12/2024 của Chính phủ | Đủ điều kiện |")[0][3] == "Chính phủ"


def test_letters_and_party_rules_cited_by_number():
    assert fields("Thực hiện Văn bản số 7569/UBND-KT ngày 24/7/2026 của Ủy ban nhân dân (UBND) tỉnh về việc tham mưu "
                  "Phương án về trình tự thành lập các cụm công nghiệp")[0][:3] == ("7569/UBND-KT", "cong_van", "2026-07-24")
    assert fields("theo quy định số lượng thành viên") == []


def test_a_doubled_so_and_an_issuer_before_the_date():
    assert fields("Căn cứ Luật Công nghiệp công nghệ số số 71/2025/QH15 ngày 14/6/2025;")[0][:3] == (
        "71/2025/QH15", "luat", "2025-06-14")
    assert fields("kết quả thực hiện Đề án 08-ĐA/TU của Tỉnh ủy Lào Cai ngày 29/12/2025 về phát triển")[0][3] == (
        "Tỉnh ủy Lào Cai")


def test_a_consolidated_texts_title_and_a_letters_number():
    assert fields("Văn bản hợp nhất 16/VBHN-VPQH năm 2025 Luật Thủy lợi do Văn phòng Quốc hội ban hành")[-1][0] == (
        "Luật Thủy lợi")
    _, _, f = find_citations("đã được phê duyệt trong văn bản số 1889/TTg- CN ngày 27/12/2018 của Thủ tướng Chính phủ")[0]
    assert (f["key"], f["doc_type"], f["key_note"]) == ("1889/TTg-CN", "cong_van", None)


@pytest.mark.parametrize("text, keys", [
    ("Luật Đo đạc và bản đồ gồm các nội dung", ["Luật Đo đạc và bản đồ"]),
    ("theo quy định của Luật Xử lý vi phạm hành chính và điểm a khoản 3 Điều này", ["Luật Xử lý vi phạm hành chính"]),
    ("[Điều này được sửa đổi bởi Khoản 5 Điều 1 Luật sửa đổi Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức "
     "đối tác công tư và Luật Đấu thầu 2024 có hiệu lực từ ngày 15/01/2025]",
     ["Luật sửa đổi Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu 2024"]),
    ("| 13. | Luật Điện lực số 28/2004/QH11 đã được sửa đổi, bổ sung theo Luật sửa đổi, bổ sung một số điều của Luật điện "
     "lực số 24/2012/QH13 | Điều 8, Điều 8a |", ["28/2004/QH11", "24/2012/QH13"]),
    ("1. Luật sửa đổi, bổ sung một số điều của Luật Địa chất và khoáng sản (Nghị định số 21/2026/NĐ-CP)",
     ["Luật sửa đổi, bổ sung một số điều của Luật Địa chất và khoáng sản", "21/2026/NĐ-CP"]),
])
def test_where_a_laws_name_ends(text, keys):
    assert [k for k, *_ in fields(text)] == keys


def test_a_number_of_a_series_is_one_key():
    """Resolutions issued as a series of one number (`66.4/2025/NQ-CP`, `66.16/2026/NQ-CP`) are
    cited by their whole number; it has no whole `number`."""
    text = ("7.1. Kết quả thực hiện các nhiệm vụ được phân cấp, phân quyền trong lĩnh vực địa chất, khoáng sản "
            "theo quy định tại Nghị định số 136/2025/NĐ-CP ngày 12/6/2025; hoạt động thu hồi khoáng sản theo quy "
            "định của Luật Địa chất và khoáng sản năm 2024; hoạt động khai thác khoáng sản theo quy định của Nghị "
            "quyết 66.4/2025/NQ-CP ngày 21/9/2025")
    found = {f["key"]: f for _, _, f in find_citations(text)}
    assert "66.4/2025/NQ-CP" in found and "136/2025/NĐ-CP" in found
    row = found["66.4/2025/NQ-CP"]
    assert row["doc_type"] == "nghi_quyet" and row["number"] is None and row["issue_date"] == "2025-09-21"
    assert parse_key("66.16/2026/NQ-CP")[:3] == (None, "NQ-CP", "66.16/2026/NQ-CP")


@pytest.mark.parametrize("text, key", [
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
     "Luật Ban hành văn bản quy phạm pháp luật 2025"),  # `pháp luật` is part of the name
    ("Hoạt động đầu tư kinh doanh trên lãnh thổ Việt Nam thực hiện theo quy định của Luật Đầu tư và luật khác "
     "có liên quan.", "Luật Đầu tư"),  # another law, not the name
    ("Ngoài quyền và nghĩa vụ quy định tại khoản 1 Điều này, công ty đại chúng có các quyền và nghĩa vụ theo quy "
     "định của Luật Doanh nghiệp và quy định khác của pháp luật có liên quan.", "Luật Doanh nghiệp"),
    ("I. Trách nhiệm quản lý nhà nước về tần số vô tuyến điện tại điểm h khoản 2 Điều 5 Luật Tần số vô tuyến "
     "điện số 42/2009/QH12 (được sửa đổi, bổ sung bởi các Luật: Luật số 09/2022/QH15)", "42/2009/QH12"),
])
def test_law_names_with_a_law_word_and_generic_tails(text, key):
    assert key in [f["key"] for _, _, f in find_citations(text)]


@pytest.mark.parametrize("text, keys", [
    # ../shared/realcorpus/legal/Luật_Thủy_sản_2017.txt: a law named with its year alone, no `năm`
    ("[Khoản này được sửa đổi bởi Điều 244 Luật Đất đai 2024 có hiệu lực từ ngày 01/08/2024]",
     ["Luật Đất đai 2024"]),
    # ../shared/realcorpus/legal: the amending law by its year, told apart from the 2014 customs law
    ("được sửa đổi bởi Khoản 1 Điều 101 Luật Hải quan 2014 có hiệu lực kể từ ngày 01/01/2015 Điều này được bổ "
     "sung bởi Khoản 1 Điều 1 Luật quản lý thuế sửa đổi 2012 có hiệu lực", ["Luật Hải quan 2014", "Luật Quản lý thuế sửa đổi 2012"]),
    # a period or a number is not a year of the law's name
    ("thực hiện Luật Đấu thầu 2023-2025", ["Luật Đấu thầu"]),
])
def test_a_law_named_with_its_year_alone_keeps_it(text, keys):
    assert [f["key"] for _, _, f in find_citations(text)] == keys


def test_the_issuer_of_a_citation_stops_where_the_sentence_goes_on():
    # ../shared/realcorpus/legal/ND-140-2025-phan-dinh-tham-quyen-2-cap-XD: `… của Chính phủ do Ủy ban nhân
    # dân cấp xã thực hiện`: the body after `do` does the task; the term (`khóa X`) stays with its body, as
    # the gold writes `Ban Chấp hành Trung ương khóa XII`, but not the country's name after it
    text = ("4. Việc chấp thuận vị trí, hướng tuyến, tổng mặt bằng của dự án quy định tại khoản 5 Điều 121 Nghị định số "
            "175/2024/NĐ-CP ngày 30 tháng 12 năm 2024 của Chính phủ do Ủy ban nhân dân cấp xã thực hiện theo nhiệm vụ "
            "được Ủy ban nhân dân cấp tỉnh phân cấp.")
    assert [f["issuer"] for _, _, f in find_citations(text)] == ["Chính phủ"]
    session = "theo Nghị quyết số 51/2001/QH10 ngày 25 tháng 12 năm 2001 của Quốc hội khóa X, kỳ họp thứ 10"
    assert [f["issuer"] for _, _, f in find_citations(session)] == ["Quốc hội khóa X"]
    law = "Luật xây dựng số 62/2020/QH14 của Quốc hội Khóa 14 nước CHXHCN Việt Nam;"
    assert [f["issuer"] for _, _, f in find_citations(law)] == ["Quốc hội Khóa 14"]
    # `của` before a common noun names no issuer (../shared/realcorpus: `Việc đánh giá sự phù hợp của thiết kế …`)
    assert [f["issuer"] for _, _, f in find_citations("theo Nghị định số 175/2024/NĐ-CP của thiết kế xây dựng")] == [None]


def test_a_basis_cited_by_its_provision():
    # realcorpus: minutes of an appraisal, a decision slip (`Căn cứ khoản 1 Điều 21 Luật Thủy lợi số 08/2017/QH14`)
    from pipeline.citations import find_citations

    got = [(f["key"], f["relation"]) for _, _, f in find_citations(
        "Căn cứ khoản 2 Điều 8 Thông tư số 38/2025/TT-BCT ngày 19/6/2025 của Bộ Công Thương được sửa đổi, bổ sung "
        "bởi Điều 25 Thông tư số 26/2026/TT-BCT ngày 20/5/2026 của Bộ trưởng Bộ Công Thương")]
    assert got[0] == ("38/2025/TT-BCT", "basis")
    got = [(f["key"], f["relation"]) for _, _, f in find_citations(
        "Căn cứ Điều 44, Nghị định số 105/2025/NĐ-CP ngày 15/5/2025 của Chính phủ về quy định chi tiết một số điều")]
    assert got == [("105/2025/NĐ-CP", "basis")]
    # a provision mentioned in a clause that is no basis stays a reference
    got = [(f["key"], f["relation"]) for _, _, f in find_citations(
        "theo quy định tại khoản 2 Điều 8 Thông tư số 38/2025/TT-BCT ngày 19/6/2025 của Bộ Công Thương")]
    assert got == [("38/2025/TT-BCT", "reference")]

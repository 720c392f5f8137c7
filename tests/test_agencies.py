"""Agencies: the gazetteer, roles and indicator assignments on real organisation sections."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, corpus_file
from pipeline import extract, rules
from pipeline.agencies import names_in


def rows(stem, role=None):
    return [(a.section_id, a.agency, a.agency_canonical, a.agency_level, a.role, a.indicator_nos)
            for a in extract(corpus_file(stem)).agencies if role is None or a.role == role]


def test_indicator_numbers_assigned_to_offices():
    got = {(sid, canon): nos for sid, _, canon, _, role, nos in rows("002_cb41b1295af3bb46", "lead")}
    assert got[("II.1", "Phòng Lao động - Thương binh và Xã hội")] == "1;2;8;9;10;11;12;22;23;24"
    assert got[("II.4", "Phòng Y tế")] == got[("II.4", "Trung tâm Y tế")] == "3;4;5;6"
    assert got[("II.7", "Phòng Tài chính - Kế hoạch")] == ""  # written `PhòngTài chính - Kế hoạch`


def test_spellings_of_one_office_share_a_canonical_name():
    got = [r[:5] for r in rows("001_aa895cb07729ff69") if r[0] in ("III.1", "III.2", "III.11", "III.13")
           and r[4] != "support"]
    assert got == [
        ("III.1", "Phòng Lao động - TB&XH huyện", "Phòng Lao động - Thương binh và Xã hội", "huyen", "lead"),
        ("III.2", "Phòng Giáo dục - Đào tạo huyện", "Phòng Giáo dục và Đào tạo", "huyen", "lead"),
        ("III.11", "Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "huyen",
         "requested"),
        ("III.13", "Ủy ban nhân dân các xã, thị trấn", "Ủy ban nhân dân cấp xã", None, "lead"),
    ]


def test_requested_bodies_and_town_youth_union():
    got = [(a, c, role) for sid, a, c, _, role, _ in rows("004_57d55756dd206766") if sid == "IV.10"]
    assert got[0] == ("Thị đoàn Đức Phổ", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "requested")


def test_an_item_naming_several_bodies_gives_a_row_each():
    assert [(a, c) for sid, a, c, *rest in rows("kh09_btnmt_2024_tinchi_cacbon", "lead") if sid == "III.4"] == [
        ("Trung tâm Truyền thông tài nguyên và môi trường", "Trung tâm Truyền thông tài nguyên và môi trường"),
        ("Báo Tài nguyên và Môi trường", "Báo Tài nguyên và Môi trường"),
        ("Tạp chí Tài nguyên và Môi trường", "Tạp chí Tài nguyên và Môi trường")]


def test_name_cut_at_the_verb_but_not_inside_a_known_name():
    assert [(round(s), e, c) for s, e, c, _ in names_in("Sở Xây dựng chủ trì, phối hợp với các đơn vị")] == [
        (0, 11, "Sở Xây dựng")]
    assert [c for *_, c, _ in names_in("Cục Viễn thám quốc gia chủ trì, phối hợp với Cục Biến đổi khí hậu")] == [
        "Cục Viễn thám quốc gia"]


def test_task_table_lead_column():
    got = [(line, a) for line, a in ((r.line, r.agency) for r in extract(corpus_file("kh09_btnmt_2024_tinchi_cacbon")).agencies
                                      if r.section_id == "PL" and r.role == "lead")]
    assert got[:2] == [(48, "Cục Biến đổi khí hậu"), (52, "Cục Viễn thám quốc gia")]


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    monkeypatch.setenv("PLANS_RULES", str(folder))
    rules.clear_cache()
    yield folder
    monkeypatch.delenv("PLANS_RULES")
    rules.clear_cache()


def test_an_alias_added_to_the_data_file_is_matched(rules_copy):
    text = "Phòng VHTTDL huyện"
    assert [c for *_, c, _ in names_in(text)] == ["Phòng VHTTDL"]  # unknown: kept as written
    path = rules_copy / "agencies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - Phòng VHTT\n", "      - Phòng VHTT\n      - Phòng VHTTDL\n"), encoding="utf-8")
    rules.clear_cache()
    assert [(c, level) for *_, c, level in names_in(text)] == [("Phòng Văn hóa và Thông tin", "huyen")]


def test_execution_article_of_a_decision():
    """An office holder stands for the body they head."""
    got = [(a.agency, a.agency_canonical, a.role) for a in extract(corpus_file("national_qd23_ttg_2021")).agencies
           if a.section_id == "D4"]
    assert got == [
        ("Các Bộ trưởng", "Các Bộ trưởng", "lead"),
        ("Thủ trưởng cơ quan ngang bộ", "Cơ quan ngang bộ", "lead"),
        ("Thủ trưởng cơ quan thuộc Chính phủ", "Cơ quan thuộc Chính phủ", "lead"),
        ("Thủ trưởng các cơ quan, tổ chức liên quan", "Thủ trưởng các cơ quan, tổ chức liên quan", "lead"),
        ("Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương", "Ủy ban nhân dân cấp tỉnh", "lead")]
    got = [(a.agency, a.agency_canonical) for a in extract(corpus_file("qd435_kontum_2020_quanhelaodong")).agencies
           if a.section_id == "D2"]
    assert got[0] == ("Giám đốc Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội")


@pytest.mark.parametrize("holder, body", [
    ("Chánh Văn phòng Sở", "Văn phòng Sở"), ("Trưởng phòng Quản lý công nghiệp", "Phòng Quản lý công nghiệp"),
    ("Giám đốc Công an tỉnh", "Công an tỉnh"), ("Chủ tịch UBND xã Nậm Chày", "Ủy ban nhân dân cấp xã"),
    ("Giám đốc các Sở", "Các sở, ban, ngành")])
def test_office_holders_stand_for_their_body(holder, body):
    from pipeline.agencies import _holder_canonical
    assert _holder_canonical(holder) == body


@pytest.mark.parametrize("text, want", [
    # provincial, ministerial, central and party bodies, by the patterns of their names
    ("Sở Công Thương chủ trì, phối hợp với các đơn vị liên quan", [("Sở Công Thương", "Sở Công Thương")]),
    ("Công an tỉnh, Thuế tỉnh", [("Công an tỉnh", "Công an tỉnh"), ("Thuế tỉnh", "Thuế tỉnh")]),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì", [("Ban Tuyên giáo và Dân vận Tỉnh ủy",
                                                  "Ban Tuyên giáo và Dân vận Tỉnh ủy")]),
    ("Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo", [("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng ủy Ủy ban nhân dân")]),
    ("Cục Khoáng sản Việt Nam; Cục Địa chất Việt Nam", [("Cục Khoáng sản Việt Nam", "Cục Khoáng sản Việt Nam"),
                                                        ("Cục Địa chất Việt Nam", "Cục Địa chất Việt Nam")]),
    ("Tòa án nhân dân tối cao, Viện kiểm sát nhân dân tối cao, Kiểm toán nhà nước",
     [("Tòa án nhân dân tối cao", "Tòa án nhân dân tối cao"),
      ("Viện kiểm sát nhân dân tối cao", "Viện kiểm sát nhân dân tối cao"),
      ("Kiểm toán nhà nước", "Kiểm toán nhà nước")]),
    # a name is not cut at a capitalised word that looks like a verb
    ("Ban Chỉ đạo Nhà nước về kế hoạch bảo vệ và phát triển rừng (Quyết định số 58/QĐ-TTg ngày 09 tháng 01 năm "
     "2012 của Thủ tướng Chính phủ) chỉ đạo tổ chức thực hiện Chương trình REDD+.",
     [("Ban Chỉ đạo Nhà nước về kế hoạch bảo vệ và phát triển rừng",
       "Ban Chỉ đạo Nhà nước về kế hoạch bảo vệ và phát triển rừng")]),
    # lists of generic groups, one row each
    ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
     [("Các bộ", None), ("cơ quan ngang bộ", "Cơ quan ngang bộ"), ("cơ quan thuộc Chính phủ", "Cơ quan thuộc Chính phủ"),
      ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "Ủy ban nhân dân cấp tỉnh")]),
    ("Các tổ chức chính trị, xã hội, nghề nghiệp, các đoàn thể quần chúng, các tổ chức phi chính phủ và doanh nghiệp",
     [("Các tổ chức chính trị, xã hội, nghề nghiệp", None), ("các đoàn thể quần chúng", "Các đoàn thể"),
      ("các tổ chức phi chính phủ", None), ("doanh nghiệp", "Doanh nghiệp")]),
    # the bodies that propose are not the body that acts
    ("1. Ủy ban thường vụ Quốc hội tự mình hoặc theo đề nghị của Thủ tướng Chính phủ, kiến nghị của Hội đồng dân tộc, "
     "Ủy ban của Quốc hội"[3:], [("Ủy ban thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội")]),
    ("Các sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố",
     [("Các sở, ban, ngành", "Các sở, ban, ngành"), ("Ủy ban nhân dân các huyện, thành phố", "Ủy ban nhân dân cấp huyện")]),
])
def test_bodies_at_every_level(text, want):
    assert [(text[a:b], c) for a, b, c, _ in names_in(text)] == want


def test_bullets_of_an_organisation_item_that_names_no_body():
    got = [(a.line, a.agency_canonical) for a in extract(corpus_file("qd419_ttg_2017_redd")).agencies
           if a.role == "lead" and a.section_id and a.section_id.startswith("D1.6")]
    assert got[:4] == [(86, "Ban Chỉ đạo Nhà nước về kế hoạch bảo vệ và phát triển rừng"), (87, "Văn phòng REDD+"),
                       (89, "Bộ Nông nghiệp và Phát triển nông thôn"), (101, "Bộ Tài nguyên và Môi trường")]
    assert (133, "Ủy ban nhân dân cấp tỉnh") in got  # `c) Trách nhiệm của Ủy ban nhân dân các tỉnh, …`


def test_unit_fields_of_a_task_list(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\nIII. NHIỆM VỤ TRỌNG TÂM\n1. Phát triển các khu, cụm công nghiệp theo hướng xanh, hiện đại\n"
                    "- Rà soát, tham mưu điều chỉnh và triển khai quy hoạch các KCN, CCN mới.\n"
                    "Đơn vị chủ trì: Phòng Quản lý Công nghiệp; Đơn vị phối hợp: Phòng Quản lý Năng lượng, Văn phòng Sở.\n",
                    encoding="utf-8")
    got = [(a.agency, a.role) for a in extract(path).agencies]
    assert got == [("Phòng Quản lý Công nghiệp", "lead"), ("Phòng Quản lý Năng lượng", "support"),
                   ("Văn phòng Sở", "support")]


def test_a_forms_blanks_are_not_addressees(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text("QUYẾT ĐỊNH\nĐiều 1. Cấp phép.\nĐiều 2. ………....(5)………., và ………….(9)....... chịu trách nhiệm thi hành "
                    "Quyết định này./.\n", encoding="utf-8")
    assert extract(path).agencies == []


def test_a_generic_group_is_one_of_bodies(tmp_path):
    # ../shared/realcorpus/legal/ND-26-2026-quan-ly-hoat-dong-hoa-chat: `các vi chất bổ sung vào thực
    # phẩm` (micronutrients) in a list is no group of bodies; `các bộ, ngành` is
    path = tmp_path / "nd.txt"
    path.write_text(
        "CHÍNH PHỦ\nSố: 26/2026/NĐ-CP\nNGHỊ ĐỊNH\nQuy định về quản lý hoạt động hóa chất\n"
        "Điều 3. Trách nhiệm quản lý nhà nước về hoạt động hóa chất\n"
        "4. Bộ Y tế quản lý hóa chất sử dụng trong bào chế dược phẩm cho người; hóa chất sử dụng trong thiết bị y tế; "
        "hóa chất sử dụng trong phụ gia thực phẩm, chất hỗ trợ chế biến thực phẩm, hương liệu thực phẩm, vi chất dinh "
        "dưỡng, các vi chất bổ sung vào thực phẩm; hóa chất sử dụng trong sản phẩm thuộc thẩm quyền của Bộ Y tế; phối "
        "hợp với các bộ, ngành quy định về vệ sinh an toàn lao động trong hoạt động hóa chất.\n", encoding="utf-8")
    names = [a.agency for a in extract(path).agencies]
    assert "Bộ Y tế" in names and not any("vi chất" in n for n in names)


def test_the_bodies_a_text_applies_to_are_not_given_tasks(tmp_path):
    # ../shared/realcorpus/legal/Nghị_quyết_132_2020_QH14 and Luật_Cạnh_tranh_2018: the items of
    # `Điều 2. Đối tượng áp dụng` name whom the text applies to; `Điều 7. Trách nhiệm quản lý nhà
    # nước …` (its word alone on a line in the copy) gives tasks
    path = tmp_path / "nq.txt"
    path.write_text(
        "QUỐC HỘI\nSố: 132/2020/QH14\nNGHỊ QUYẾT\nThí điểm một số chính sách để tháo gỡ vướng mắc\n"
        "Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định thí điểm một số chính sách.\n"
        "Điều 2. Đối tượng áp dụng\n"
        "1. Đơn vị quân đội, đơn vị công an, đơn vị sự nghiệp công lập thuộc Quân đội nhân dân, Công an nhân dân.\n"
        "2. Doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ thuộc Quân đội nhân dân, Công an nhân dân trực tiếp làm "
        "nhiệm vụ quân sự, quốc phòng, an ninh.\n"
        "Điều\n7. Trách nhiệm quản lý nhà nước về cạnh tranh\n"
        "1. Chính phủ thống nhất quản lý nhà nước về cạnh tranh.\n"
        "2. Bộ Công Thương là cơ quan đầu mối giúp Chính phủ thực hiện quản lý nhà nước về cạnh tranh.\n",
        encoding="utf-8")
    got = [(a.section_id, a.agency) for a in extract(path).agencies]
    assert got == [("D7.1", "Chính phủ"), ("D7.2", "Bộ Công Thương")]


def test_bodies_named_in_a_cooperation_clause(tmp_path):
    # ../shared/realcorpus/laocai/04-ke-hoach: `Xây dựng` after `sở` is the department's name, not the verb
    # that ends the list; ../shared/realcorpus: every ministry is a name (`Bộ Xây dựng và các cơ quan có
    # liên quan` is two bodies), and `không` ends a name (`Cục Hàng hải và Đường thủy Việt Nam không thực hiện`)
    text = "các phòng chuyên môn thuộc sở Xây dựng và UBND xã, phường"
    assert [text[s:e] for s, e, _, _ in names_in(text)] == ["các phòng chuyên môn thuộc sở Xây dựng", "UBND xã"]
    ministries = "Bộ Khoa học và Công nghệ, Bộ Công Thương, Bộ Xây dựng và các cơ quan có liên quan"
    assert [c for _, _, c, _ in names_in(ministries)][:3] == ["Bộ Khoa học và Công nghệ", "Bộ Công Thương", "Bộ Xây dựng"]
    negated = "Bộ Xây dựng, Cục Hàng hải và Đường thủy Việt Nam không thực hiện việc đặt tên, đổi tên cảng biển"
    assert [negated[s:e] for s, e, _, _ in names_in(negated)] == ["Bộ Xây dựng", "Cục Hàng hải và Đường thủy Việt Nam"]
    path = tmp_path / "kh.txt"
    path.write_text("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Quản lý công nghiệp\nChủ động phối hợp với các phòng "
                    "chuyên môn thuộc sở Xây dựng và UBND xã, phường tham mưu cho Lãnh đạo Sở dự thảo văn bản.\n",
                    encoding="utf-8")
    got = [(a.agency, a.role) for a in extract(path).agencies]
    assert got == [("Phòng Quản lý công nghiệp", "lead"), ("các phòng chuyên môn thuộc sở Xây dựng", "support"),
                   ("UBND xã", "support")]

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
    got = [(a.agency, a.agency_canonical, a.role) for a in extract(corpus_file("national_qd23_ttg_2021")).agencies
           if a.section_id == "D4"]
    assert got == [
        ("Các Bộ trưởng", "Các Bộ trưởng", "lead"),
        ("Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan ngang bộ", "lead"),
        ("Thủ trưởng cơ quan thuộc Chính phủ", "Thủ trưởng cơ quan thuộc Chính phủ", "lead"),
        ("Thủ trưởng các cơ quan, tổ chức liên quan", "Thủ trưởng các cơ quan, tổ chức liên quan", "lead"),
        ("Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương", "Chủ tịch Ủy ban nhân dân cấp tỉnh", "lead")]

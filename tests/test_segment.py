"""Segment: the heading tree of real plans."""
from __future__ import annotations

from conftest import corpus_file
from pipeline import extract


def sections(stem):
    return {s.section_id: s for s in extract(corpus_file(stem)).sections}


def test_roman_numeral_with_space_before_dot():
    s = sections("002_cb41b1295af3bb46")["I"]
    assert (s.label, s.heading, s.level, s.line_start, s.kind) == ("I", "MỤC TIÊU", 1, 17, "objectives")


def test_heading_running_on_after_colon_keeps_the_part_before():
    s = sections("004_57d55756dd206766")["IV.6"]
    assert (s.heading, s.line_start, s.parent_id) == ("Phòng Tài chính – Kế hoạch", 137, "IV")


def test_deep_numbering_and_letter_items():
    ss = sections("003_2bd3cd32362b3bc4")
    assert ss["II.3.2.1"].heading == "Tổ chức tốt công tác thông tin tuyên truyền"
    assert (ss["II.3.2.1"].level, ss["II.3.2.1"].parent_id) == (4, "II.3.2")
    a = ss["II.3.2.2.a"]
    assert (a.heading, a.level, a.line_start) == (
        "Tổ chức tập huấn nâng cao năng lực bảo vệ trẻ em, thực hiện quyền trẻ em cho cán bộ thị trấn Thắng, "
        "các tổ dân phố", 5, 154)


def test_wrapped_heading_is_joined():
    s = sections("003_2bd3cd32362b3bc4")["II.1"]
    assert s.heading == "Tăng cường chỉ đạo triển khai thực hiện công tác trẻ em, đảm bảo thực hiện tốt quyền trẻ em"


def test_list_of_lettered_task_sentences_is_not_headings():
    ss = sections("kh09_btnmt_2024_tinchi_cacbon")
    assert not [k for k in ss if k.startswith("III.1.")]
    assert ss["III.1"].heading == "Cục Biến đổi khí hậu có trách nhiệm"


def test_appendix_has_its_own_numbering_and_title():
    ss = sections("002_cb41b1295af3bb46")
    assert ss["PL"].heading == ("Các mục tiêu Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030 "
                                "trên địa bàn huyện Hương Khê")
    assert (ss["PL"].kind, ss["PL.1"].heading, ss["PL.1"].line_start) == (
        "appendix", "Về sự phát triển toàn diện trẻ em", 72)


def test_decision_articles():
    ss = sections("qd435_kontum_2020_quanhelaodong")
    assert ss["D2"].line_start == 14
    assert ss["D2"].heading.startswith("Giám đốc Sở Lao động - Thương binh và Xã hội; Thủ trưởng")
    assert ss["III.2"].heading == "Giao Sở Lao động - Thương binh và Xã hội"


def test_section_kinds_of_a_plan():
    kinds = {sid: s.kind for sid, s in sections("001_aa895cb07729ff69").items() if s.level == 1}
    assert kinds == {"I": "purpose", "II": "tasks", "III": "organization"}
    ss = sections("001_aa895cb07729ff69")
    assert (ss["II.2"].kind, ss["II.4"].kind, ss["III.14"].kind) == ("objectives", "budget", "reporting")


def test_extent_of_a_section():
    s = sections("000_af98d75339ed8083")["IV"]
    assert (s.line_start, s.line_end) == (135, 137)


def test_a_task_that_opens_with_organising_words_is_a_task():
    # ../shared/realcorpus/laocai/04-ke-hoach: under `II. NỘI DUNG THỰC HIỆN`, item 2 is a task sentence
    from pipeline.segment import section_kind

    task = ("Tổ chức thực hiện công tác thẩm định thiết kế, kiểm tra công tác nghiệm thu theo phân cấp, ủy quyền đối "
            "với công trình có yêu cầu về phòng cháy, chữa cháy")
    assert section_kind(task, 2, "tasks") == "tasks"
    assert section_kind("Tổ chức thực hiện", 1, None) == "organization"
    assert section_kind("Tổ chức thực hiện", 2, "tasks") == "organization"

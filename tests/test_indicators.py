"""Indicators: targets read from real corpus sentences, exact values."""
from __future__ import annotations

import pytest

from conftest import corpus_file, line_of
from pipeline import extract
from pipeline.indicators import parse_number, statement_to_targets


def targets(line_text):
    return [(t.comparator, t.value, t.unit, t.years, t.metric) for t in statement_to_targets(line_text)]


@pytest.fixture(scope="module")
def rows():
    cache = {}

    def get(stem):
        if stem not in cache:
            cache[stem] = extract(corpus_file(stem)).indicators
        return cache[stem]
    return get


def at(rows, line):
    return [(r.indicator_no, r.comparator, r.value, r.unit, r.target_year, r.year_inferred) for r in rows if r.line == line]


def test_three_mortality_rates_two_years_each(rows):
    got = [(r.comparator, r.value, r.unit, r.target_year, r.code) for r in rows("002_cb41b1295af3bb46") if r.line == 75]
    assert got == [("<", 3.0, "per_1000", 2025, "TE03A"), ("<", 2.8, "per_1000", 2030, "TE03A"),
                   ("<", 6.0, "per_1000", 2025, "TE03B"), ("<", 5.5, "per_1000", 2030, "TE03B"),
                   ("<", 6.9, "per_1000", 2025, "TE03C"), ("<", 6.4, "per_1000", 2030, "TE03C")]


def test_bare_numbers_take_the_unit_the_metric_names():
    text = line_of("national_qd23_ttg_2021", 23).split(": ", 1)[1]
    assert [(c, v, u, y) for c, v, u, y, _ in targets(text)] == [
        ("<", 9.5, "per_1000", [2025]), ("<", 9.0, "per_1000", [2030]),
        ("<=", 12.5, "per_1000", [2025]), ("<=", 10.0, "per_1000", [2030]),   # `xuống` carries over `và`
        ("<", 18.5, "per_1000", [2025]), ("<", 15.0, "per_1000", [2030])]


def test_comparator_carried_to_the_next_value():
    got = targets("Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em xuống dưới 1,5% vào năm 2025 "
                  "và 1% vào năm 2030")
    assert [(c, v, y) for c, v, _, y, _ in got] == [("<", 1.5, [2025]), ("<", 1.0, [2030])]
    assert got[0][4] == "Tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em"


def test_qualifiers_split_one_threshold_sentence():
    text = line_of("national_qd23_ttg_2021", 24).split("; ")[2]
    assert targets(text) == [
        ("<", 5.0, "%", [2025, 2030], "Tỷ lệ trẻ dưới 5 tuổi bị suy dinh dưỡng thể béo phì đối với nông thôn"),
        ("<", 10.0, "%", [2025, 2030], "Tỷ lệ trẻ dưới 5 tuổi bị suy dinh dưỡng thể béo phì đối với thành thị")]


def test_reduction_amount_is_not_a_target(rows):
    r = next(r for r in rows("001_aa895cb07729ff69") if r.line == 72)
    assert (r.comparator, r.value, r.unit, r.target_year, r.year_inferred, r.code) == ("<=", 20.43, "%", 2021, True, "TE04A")
    assert r.metric == "Tỷ lệ suy dinh dưỡng của trẻ em dưới 5 tuổi (cân nặng theo tuổi)"


def test_fraction_of_communes_is_a_count(rows):
    r = next(r for r in rows("001_aa895cb07729ff69") if r.line == 116)
    assert (r.comparator, r.value, r.unit, r.target_year, r.year_inferred) == (">=", 13.0, "count", 2021, False)
    assert r.metric == "Xã, thị trấn đạt tiêu chuẩn xã phù hợp với trẻ em"
    assert r.section_id == "II.3.2"


@pytest.mark.parametrize("line, expected", [
    (108, ("<", 2.0, "%")),           # Giảm tỷ lệ … xuống còn dưới 2% tổng số trẻ em
    (110, (">=", 96.0, "%")),         # Duy trì 96% trở lên
    (199, ("<", 3.0, "per_1000")),    # còn dưới 03/1.000 trẻ em
    (201, ("<", 2.0, "per_1000")),    # xuống còn dưới 02/1000 trẻ em
    (333, (">", 75.0, "%")),          # Trên 75% cán bộ …
    (428, ("~", 20.0, "%")),          # Có khoảng 20% trẻ em từ 07 tuổi trở lên …
    (292, ("=", 0.0, "count")),       # Không phát sinh mới trẻ em nhiễm HIV
])
def test_unnumbered_targets_of_a_town_plan(rows, line, expected):
    got = [(r.comparator, r.value, r.unit) for r in rows("003_2bd3cd32362b3bc4") if r.line == line]
    assert got == [expected]


def test_single_year_plan_infers_the_year_and_keeps_impossible_values(rows):
    got = at(rows("000_af98d75339ed8083"), 31)
    assert got == [(3, "<", 0.0, "per_1000", 2024, True), (3, "<", 0.0, "per_1000", 2024, True)]


def test_numbered_indicator_without_a_number(rows):
    assert at(rows("000_af98d75339ed8083"), 29) == [(1, None, None, None, 2024, True)]
    heading = [r for r in rows("000_af98d75339ed8083") if r.indicator_no == 21]
    assert [(r.line, r.section_id, r.metric) for r in heading] == [
        (73, "II.4", "Xã có cơ sở vật chất văn hóa, thể thao dành cho trẻ em")]


def test_ages_are_part_of_the_metric(rows):
    got = [r for r in rows("000_af98d75339ed8083") if r.indicator_no == 22]
    assert [(r.comparator, r.value) for r in got] == [(">=", 30.0)]
    assert got[0].metric.startswith("Tỷ lệ trẻ em từ 07 tuổi trở lên được hỏi ý kiến")


def test_zero_targets(rows):
    assert at(rows("000_af98d75339ed8083"), 53) == [(13, "=", 0.0, "count", 2024, True)]
    hiv = [r for r in rows("002_cb41b1295af3bb46") if r.indicator_no == 6]
    assert [(r.comparator, r.value, r.unit, r.target_year, r.metric) for r in hiv] == [
        ("=", 0.0, "count", 2030, "Trường hợp lây truyền HIV từ mẹ sang con")]


def test_annual_rate_has_no_year():
    assert targets(line_of("national_qd23_ttg_2021", 35).split(": ", 1)[1]) == [
        (">=", 2.0, "%", [], "Mức giảm số cuộc tảo hôn hằng năm")]


def test_value_cites_its_own_line_when_a_clause_is_broken_by_a_blank_line(rows):
    got = [(r.line, r.value) for r in rows("000_af98d75339ed8083") if r.indicator_no == 20]
    assert got == [(69, 30.0), (71, 80.0)]


@pytest.mark.parametrize("text, value", [("11,5", 11.5), ("1.000", 1000.0), ("100.000", 100000.0),
                                         ("18.5", 18.5), ("03", 3.0), ("0,05", 0.05)])
def test_vietnamese_numbers(text, value):
    assert parse_number(text) == value


def test_no_targets_in_plans_without_any(rows):
    assert rows("004_57d55756dd206766") == []
    assert rows("kh09_btnmt_2024_tinchi_cacbon") == []


TABLE_PLAN = """KẾ HOẠCH
Thực hiện Chương trình vì trẻ em giai đoạn 2021 - 2025

I. MỤC TIÊU

Các chỉ tiêu cụ thể tại phụ lục.

PHỤ LỤC

CHỈ TIÊU CỤ THỂ

| TT | Chỉ tiêu | Đơn vị tính | Năm 2023 | Năm 2025 |
| --- | --- | --- | --- | --- |
| 1 | Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin | % | 96 | ≥ 97 |
| 2 | Tỷ suất tử vong trẻ em dưới 5 tuổi | ‰ | 20 | dưới 18,5 |
| 3 | Số xã đạt tiêu chuẩn phù hợp với trẻ em | xã | 10 | 12 |
"""


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_indicator_table_one_row_per_year_column(tmp_path, suffix):
    from conftest import make_docx

    path = tmp_path / f"plan{suffix}"
    if suffix == ".md":
        path.write_text(TABLE_PLAN, encoding="utf-8")
    else:
        make_docx(TABLE_PLAN.split("\n"), path)
    got = [(t.indicator_no, t.code, t.comparator, t.value, t.unit, t.target_year, t.section_id)
           for t in extract(path).indicators]
    assert got == [(1, "TE05A", ">=", 96.0, "%", 2023, "PL"), (1, "TE05A", ">=", 97.0, "%", 2025, "PL"),
                   (2, "TE03C", "<=", 20.0, "per_1000", 2023, "PL"), (2, "TE03C", "<", 18.5, "per_1000", 2025, "PL"),
                   (3, "TE01", ">=", 10.0, "count", 2023, "PL"), (3, "TE01", ">=", 12.0, "count", 2025, "PL")]

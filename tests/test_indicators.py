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


# --- the genre: units, what is a target, the year from context (issue: targets across the genre) --

def quantities(text):
    from pipeline.indicators import find_quantities

    return [(q.value, q.unit, q.value_max, q.unit_text) for q in find_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    # scale words applied to the value, the unit as written kept (CONTRACT.md)
    ("thu ngân sách đạt trung bình 8.000 tỷ đồng/năm trở lên", [(8e12, "VND", None, "tỷ đồng/năm")]),
    ("khoảng trên 500ha", [(500.0, "ha", None, "ha")]),
    ("500 tỉ đô la Mỹ", [(5e11, "USD", None, "tỉ đô la Mỹ")]),
    ("22 - 23 triệu lượt khách", [(22e6, "count", 23e6, "triệu lượt khách")]),
    ("2,1 con/phụ nữ", [(2.1, "ratio", None, "con/phụ nữ")]),
    ("dưới 109 bé trai/100 bé gái", [(109.0, "ratio", None, "bé trai/100 bé gái")]),
    ("15,5 bác sĩ/10.000 dân", [(15.5, "per_10000", None, "bác sĩ/10.000 dân")]),
    ("05 mỏ", [(5.0, "count", None, "mỏ")]),
    ("43 bãi chôn lấp", [(43.0, "count", None, "bãi chôn lấp")]),
    ("60-70%", [(60.0, "%", 70.0, None)]),
    ("từ 6,5 đến 7%", [(6.5, "%", 7.0, None)]),
    ("tổng công suất điện gió trên bờ và gần bờ đạt 26.066 - 38.029 MW", [(26066.0, "MW", 38029.0, "MW")]),
    ("Nhu cầu đất cho phát triển cơ sở và kết cấu hạ tầng điện lực khoảng 89,9 - 93,36 nghìn ha",
     [(89900.0, "ha", 93360.0, "nghìn ha")]),
    # numbers that are not quantities of a target
    ("Thời gian thực hiện: Từ năm 2017 đến hết năm 2030.", []),
    ("chỉ tiêu thuốc nổ q = 0,35 kg/m3", []),
])
def test_units_of_every_domain(text, expected):
    assert quantities(text) == expected


def test_a_sentence_with_two_domains():
    # qd419 (REDD+), line 27: a share and an area with its scale word, one year for both
    got = statement_to_targets(line_of("qd419_ttg_2017_redd", 27).lstrip("+ "))
    assert [(t.comparator, t.value, t.unit, t.years, t.unit_text, t.metric) for t in got] == [
        (">=", 42.0, "%", [2020], None, "Độ che phủ rừng toàn quốc"),
        (">=", 14400000.0, "ha", [2020], "triệu ha", "Diện tích các loại rừng")]


def test_ranges_and_a_second_year():
    text = ("Kiểm soát mức phát thải khí nhà kính từ sản xuất điện đạt khoảng 197 - 199 triệu tấn năm 2030 "
            "và còn khoảng 27 triệu tấn vào năm 2050.")
    got = statement_to_targets(text)
    assert [(t.comparator, t.value, t.value_max, t.unit, t.years) for t in got] == [
        (">=", 197e6, 199e6, "tonne", [2030]), ("~", 27e6, None, "tonne", [2050])]


def test_counts_with_their_noun_and_growth_rates():
    got = statement_to_targets("Hình thành mới 15 Cụm công nghiệp, nâng tổng số lên 37 CCN; tỷ lệ lấp đầy đạt 60-70%.")
    assert [(t.value, t.unit, t.unit_text, t.value_max) for t in got][0] == (15.0, "count", "Cụm công nghiệp", None)
    assert (got[-1].value, got[-1].value_max, got[-1].metric) == (60.0, 70.0, "Tỷ lệ lấp đầy")
    growth = statement_to_targets("Chỉ số sản xuất công nghiệp tăng bình quân 12%/năm.")
    assert [(t.value, t.unit, t.unit_text) for t in growth] == [(12.0, "%", "%/năm")]
    assert "tăng" in growth[0].metric
    # `giảm 8% <quantity>`: an amount of reduction, at least 8%
    change = statement_to_targets(line_of("qd419_ttg_2017_redd", 32).lstrip("+ "))
    cut = next(t for t in change if t.value == 8.0)
    assert (cut.comparator, cut.years) == (">=", [2030]) and cut.metric.startswith("Mức giảm tổng lượng phát thải")


@pytest.mark.parametrize("text", [
    "Thực hiện theo dõi, giám sát việc vận hành các hồ chứa theo quy trình vận hành liên hồ, đến nay 100% hồ chứa "
    "đã được kết nối, cung cấp thông tin, dữ liệu hàng ngày.",  # a result already reached
    "Số dư của quỹ dự trữ tài chính ở mỗi cấp không vượt quá 25% dự toán chi ngân sách hằng năm của cấp đó.",  # a share of a budget
    "Đối với nổ mìn hầm: chiều sâu khoan Lk ≤ 2,4 mét; chỉ tiêu thuốc nổ q = 2,0 kg/m3.",  # a specification
    "Định hướng giai đoạn 2036 - 2050: Ước nhu cầu vốn đầu tư phát triển nguồn và lưới điện truyền tải tương đương "
    "569,1 tỷ USD.",  # money needed, not an aim
])
def test_what_is_not_a_target(text):
    assert statement_to_targets(text) == []


def _plan(tmp_path, body: str, head: str = "KẾ HOẠCH\nPhát triển công nghiệp giai đoạn 2026 - 2030\n") -> list:
    path = tmp_path / "plan.txt"
    path.write_text(head + body, encoding="utf-8")
    return extract(path).indicators


def test_year_from_the_heading_and_the_lead_in(tmp_path):
    rows = _plan(tmp_path, "I. MỤC TIÊU\n1. Mục tiêu cụ thể đến năm 2030\n"
                           "- Tỷ lệ hộ dân được sử dụng điện đảm bảo chất lượng, an toàn đạt 99,86%.\n"
                           "2. Mục tiêu theo giai đoạn\n- Giai đoạn 2026 - 2028:\n"
                           "+ Diện tích làm mới thêm tại các khu, cụm công nghiệp: trên 2.000 ha.\n"
                           "- Tỷ lệ lấp đầy đạt 60-70%.\n")
    assert [(r.value, r.unit, r.target_year, r.year_inferred) for r in rows] == [
        (99.86, "%", 2030, False), (2000.0, "ha", 2028, False), (60.0, "%", None, False)]


def test_a_programme_named_with_its_period_sets_no_year(rows):
    # 002's appendix heading `Các mục tiêu Chương trình … giai đoạn 2021 - 2030 …` names the
    # programme; `Chỉ tiêu 12: Phấn đấu 100% trẻ em gặp thiên tai …` keeps no year
    got = [r for r in rows("002_cb41b1295af3bb46") if r.indicator_no == 12]
    assert [(r.value, r.target_year) for r in got] == [(100.0, None)]


def test_laws_and_conditions_give_no_targets(tmp_path):
    law = _plan(tmp_path, "Điều 3. Điều kiện\nđ) Có diện tích vùng đất cảng từ 04 ha trở lên; đối với cảng cá tại "
                          "đảo, diện tích vùng đất cảng phải từ 01 ha trở lên.\n", head="LUẬT\nTHỦY SẢN\n")
    assert law == []
    plan = _plan(tmp_path, "II. NHIỆM VỤ\n1. Về nhân lực\nCó ít nhất 01 người chuyên trách về an toàn hóa chất, "
                           "có trình độ từ trung cấp về hóa học trở lên.\n")
    assert plan == []


def test_task_table_outputs_take_the_row_time(rows):
    got = {(r.line, r.value, r.unit, r.target_year) for r in rows("qd419_ttg_2017_redd") if r.section_id == "PL"}
    assert (153, 15.0, "count", 2020) in got  # `Ít nhất 15 tỉnh …`, Thời gian `2017 - 2020`
    assert (159, 10.0, "count", 2018) in got  # `2017 - 2018`
    assert (181, 2200000.0, "ha", 2020) in got and (181, 400000.0, "ha", 2020) in got
    row = next(r for r in rows("qd419_ttg_2017_redd") if r.line == 181 and r.value == 200000.0)
    assert row.metric.startswith("Diện tích rừng đặc dụng, rừng phòng hộ là rừng tự nhiên được phục hồi")


def test_the_year_before_a_value_when_the_one_after_leads_the_next():
    text = ("Dự kiến đến năm 2035, quy mô công suất xuất khẩu điện sang Singapore, Malaysia và các đối tác khác trong "
            "khu vực đạt khoảng 5.000 - 10.000 MW và duy trì với quy mô 10.000 MW đến năm 2050, có thể cao hơn tùy "
            "theo nhu cầu của bên nhập khẩu.")
    assert [(t.value, t.value_max, t.years) for t in statement_to_targets(text)] == [
        (5000.0, 10000.0, [2035]), (10000.0, None, [2050])]
    # a potential in brackets is no target
    wind = ("Đến năm 2030, tổng công suất điện gió trên bờ và gần bờ đạt 26.066 - 38.029 MW (tổng tiềm năng kỹ thuật "
            "ở Việt Nam khoảng 221.000 MW).")
    assert [t.value for t in statement_to_targets(wind)] == [26066.0]


def test_a_letters_table_of_results_gives_no_targets(tmp_path):
    # a notice's appendix compares a design with the approved one: its `Kết quả` column is a result
    head = "SỞ CÔNG THƯƠNG\nSố: 12/TB-SCT\nTHÔNG BÁO\nKết quả thẩm định thiết kế xây dựng\n"
    body = ("I. NỘI DUNG\n| STT | Nội dung | Thiết kế cơ sở (TKCS) | Thiết kế xây dựng triển khai sau TKCS (TKXD) | "
            "Kết quả đối chiếu |\n| 2.2 | Bề rộng mặt đường (phần xe chạy) | 16 m | 18 m (2 làn x 9m) | Thay đổi (Mở rộng "
            "để phù hợp xe 100 tấn) |\n")
    assert _plan(tmp_path, body, head=head) == []


def test_metrics_name_the_quantity():
    # a count written first takes its noun; a value with no words of its own takes the lead-in
    assert [t.metric for t in statement_to_targets("Hình thành mới 15 Cụm công nghiệp, nâng tổng số lên 37 CCN.")][0] \
        == "Số cụm công nghiệp hình thành mới"
    assert [t.metric for t in statement_to_targets("Diện tích làm mới thêm tại các khu, cụm công nghiệp: trên 2.000 ha.")] \
        == ["Diện tích làm mới thêm tại các khu, cụm công nghiệp"]
    peak = ". Công suất cực đại: Năm 2030 khoảng 89.655 - 99.934 MW; năm 2050 đạt khoảng 205.732 - 228.570 MW."
    assert [(t.metric, t.years) for t in statement_to_targets(peak)] == [
        ("Công suất cực đại", [2030]), ("Công suất cực đại", [2050])]


def test_a_figure_for_a_later_year_takes_the_metric_the_statement_named():
    """A planning text names the quantity once, then gives a figure for a later year with only its
    measure (`tổng công suất`), a verb (`phát triển`, `lên đến`) or nothing: the metric comes from
    the statement (../shared/realcorpus/laocai/qd768-quyhoach-dien-viii-toanvan.txt)."""
    def metrics(text):
        return [(t.metric, t.value, t.years) for t in statement_to_targets(text)]

    hydro = ("Tới năm 2030, tổng công suất các nguồn thủy điện, bao gồm cả thủy điện nhỏ đạt 33.294 - 34.667 MW, "
             "định hướng năm 2050, tổng công suất đạt 40.624 MW.")
    assert metrics(hydro) == [("Tổng công suất các nguồn thủy điện, bao gồm cả thủy điện nhỏ", 33294, [2030]),
                              ("Tổng công suất các nguồn thủy điện, bao gồm cả thủy điện nhỏ", 40624, [2050])]
    storage = ("Đến năm 2030 dự kiên đạt công suất khoảng 10.000 - 16.300 MW; định hướng đến năm 2050, công suất "
               "pin lưu trữ đạt 95.983 - 96.120 MW để phù hợp với tỷ trọng cao của năng lượng tái tạo.")
    assert [m for m, _, _ in metrics(storage)] == ["Công suất pin lưu trữ"] * 2
    flexible = ("(viii) Nguồn điện linh hoạt: Đầu tư phát triển các nguồn điện linh hoạt để điều hòa phụ tải. Năm 2030, "
                "dự kiến phát triển 2.000 - 3.000 MW. Định hướng năm 2050 lên đến 21.333 - 38.641 MW.")
    assert metrics(flexible) == [("Nguồn điện linh hoạt", 2000, [2030]), ("Nguồn điện linh hoạt", 21333, [2050])]
    gas = ("Năm 2030, tổng công suất các nhà máy sử dụng khí trong nước đạt 10.861- 14.930 MW; định hướng năm 2050, "
           "khoảng 7.900 MW tiếp tục sử dụng khí trong nước hoặc chuyển sang sử dụng LNG.")
    assert [m for m, _, _ in metrics(gas)] == ["Tổng công suất các nhà máy sử dụng khí trong nước"] * 2
    # a metric that names its quantity keeps it, and a bracket the clause cut is not part of it
    roofs = ("Phấn đấu đến năm 2030 có 50% các tòa nhà công sở và 50% nhà dân sử dụng điện mặt trời mái nhà tự "
             "sản, tự tiêu (phục vụ tiêu thụ tại chỗ, không bán điện vào hệ thống điện quốc gia).")
    assert [m for m, _, _ in metrics(roofs)] == ["Các tòa nhà công sở",
                                                 "Nhà dân sử dụng điện mặt trời mái nhà tự sản, tự tiêu"]
    projects = "nâng tổng công suất năng lượng toàn tỉnh lên 4.758,5 MW (gồm 166 dự án thủy điện; 02 dự án điện rác)."
    assert [m for m, _, _ in metrics(projects)][-1] == "Số dự án điện rác"


def test_a_count_noun_with_its_size_after_a_slash_is_a_count():
    """`5 dự án/4.360 MW`: five projects of 4,360 MW in all, not a ratio per MW (a real power plan)."""
    text = ("Năm 2030, tổng công suất các nhà máy đang vận hành và các dự án đang triển khai xây dựng, khả năng sẽ "
            "hoàn thành và đưa vào vận hành khoảng 31.055 MW; khẩn trương hoàn thành 5 dự án/4.360 MW đang xây "
            "dựng, gồm: Na Dương II, An Khánh")
    from pipeline.indicators import statement_to_targets

    count = [t for t in statement_to_targets(text) if t.unit == "count"]
    assert len(count) == 1 and count[0].value == 5 and count[0].years == [2030]
    assert count[0].metric.startswith("Số dự án đang xây dựng")
    assert text[count[0].start:count[0].end] == "5 dự án/4.360 MW"


def test_an_index_table_with_targets_written_as_phrases(tmp_path):
    # ../shared/realcorpus/legal/Quyết_định_59_QĐ-BTNMT: an appendix of indices (`Nhóm chỉ số/ chỉ số
    # thành phần`), the year in the target column's header, the target a phrase (`Tăng ít nhất 10 bậc`)
    body = ("PHỤ LỤC SỐ 04\nII. CÁC NHÓM CHỈ SỐ, CHỈ SỐ THÀNH PHẦN\n"
            "| TT | Nhóm chỉ số/ chỉ số thành phần | Mục tiêu phấn đấu năm 2024 | Đơn vị chủ trì, chịu trách nhiệm | | "
            "Thời gian |\n"
            "| 1 | Chỉ số Chất lượng môi trường (thuộc GII) | Tăng ít nhất 10 bậc | Viện Chiến lược, Chính sách TN&MT | "
            "- Cục Kiểm soát ô nhiễm môi trường - Các đơn vị trực thuộc Bộ có liên quan | Hằng năm |\n"
            "| 2 | Chỉ số Đăng ký tài sản (thuộc IPRI) | Tăng ít nhất 2 bậc | Viện Chiến lược, Chính sách TN&MT | - Cục "
            "Đăng ký và Dữ liệu thông tin đất đai - Các đơn vị trực thuộc Bộ có liên quan | Hằng năm |\n")
    rows = _plan(tmp_path, body, head="QUYẾT ĐỊNH\nBan hành Kế hoạch hành động năm 2024\n")
    assert [(r.metric, r.comparator, r.value, r.unit_text, r.target_year) for r in rows] == [
        ("Chỉ số Chất lượng môi trường (thuộc GII)", ">=", 10.0, "bậc", 2024),
        ("Chỉ số Đăng ký tài sản (thuộc IPRI)", ">=", 2.0, "bậc", 2024)]


def test_a_bare_share_takes_what_the_clause_names_before_it():
    # ../shared/realcorpus/legal/qd768-quyhoach-dien-viii-toanvan: `đạt tỷ lệ khoảng 28 - 36%` after a comma
    text = ("+ Phát triển mạnh các nguồn năng lượng tái tạo (không bao gồm thủy điện) phục vụ sản xuất điện, đạt tỷ "
            "lệ khoảng 28 - 36% vào năm 2030.")
    got = [(t.metric, t.comparator, t.value, t.value_max) for t in statement_to_targets(text)]
    assert got == [("Tỷ lệ phát triển mạnh các nguồn năng lượng tái tạo (không bao gồm thủy điện) phục vụ sản xuất "
                    "điện", ">=", 28.0, 36.0)]


def test_a_plans_restated_aims_name_their_metric_without_the_lead_and_the_year():
    # ../shared/realcorpus/laocai/ke-hoach-thuc-hien-de-an-08.docx
    def rows(text):
        return [(t.metric, t.comparator, t.value, t.years) for t in statement_to_targets(text)]

    # `đã quy hoạch` qualifies the projects (not a result already reached); `nâng … lên` names its own metric
    energy = ("Hoàn thành đưa vào vận hành các dự án năng lượng đã quy hoạch với tổng công suất bổ sung khoảng 2.989,5 MW, "
              "nâng tổng công suất năng lượng toàn tỉnh lên 4.758,5 MW.")
    got = rows(energy)
    assert [(c, v) for _, c, v, _ in got] == [("~", 2989.5), (">=", 4758.5)]
    assert got[1][0] == "Tổng công suất năng lượng toàn tỉnh"
    # `góp phần đạt …` opens the clause the metric is read from
    share = ("Tạo sự thống nhất trong nhận thức và hành động của toàn ngành Công Thương, phấn đấu hoàn thành các mục tiêu "
             "phát triển công nghiệp xanh, hiện đại, góp phần đạt chỉ số sản xuất công nghiệp tăng bình quân 12%/năm "
             "trong giai đoạn 2026-2030.")
    assert rows(share)[0][0] == "Mức tăng chỉ số sản xuất công nghiệp hằng năm"
    # the year stays out of the metric
    weight = "phấn đấu tỷ trọng ngành Công nghiệp trong GRDP đến năm 2030 đạt 33,59%."
    assert rows(weight) == [("Tỷ trọng ngành Công nghiệp trong GRDP", ">=", 33.59, [2030])]


def test_a_verb_lead_takes_the_words_after_the_value():
    # ../shared/realcorpus/legal/Quyết_định_59_QĐ-BTNMT: the lead is a verb, the thing measured follows the value
    cut = ("Tiếp tục đơn giản hóa 15-20% thủ tục hành chính và chi phí tuân thủ thủ tục trong lĩnh vực TN&MT theo "
           "mục tiêu đặt ra; chuyển từ tiền kiểm sang hậu kiểm.")
    assert [t.metric for t in statement_to_targets(cut)] == [
        "Đơn giản hóa thủ tục hành chính và chi phí tuân thủ thủ tục trong lĩnh vực TN&MT"]
    provinces = ("phấn đấu hoàn thành 63/63 tỉnh, thành phố kết nối liên thông thủ tục thanh toán nghĩa vụ tài chính với "
                 "cơ quan thuế.")
    got = statement_to_targets(provinces)
    assert [(t.metric, t.value, t.of_total) for t in got] == [
        ("Số tỉnh, thành phố kết nối liên thông thủ tục thanh toán nghĩa vụ tài chính với cơ quan thuế", 63, 63)]


def test_a_sentence_opened_by_its_year_sets_the_levels_of_all_its_clauses():
    # ../shared/realcorpus/laocai/qd768-quyhoach-dien-viii-toanvan.txt: `Năm 2030, …; …; ….` gives each
    # clause's capacity for 2030, a planned level even without an aim word
    text = ("Năm 2030, tông công suất nguồn điện sinh khối khoảng 1.523 - 2.699 MW; điện sản xuất từ rác, chất thải rắn "
            "khoảng 1.441 - 2.137 MW; điện địa nhiệt và năng lượng mới khác khoảng 45 MW. Định hướng đến năm 2050, điện "
            "sinh khối khoảng 4.829 - 6.960 MW; điện địa nhiệt và năng lượng mới khác khoảng 464 MW.")
    got = [(t.value, t.years, t.aim >= 1) for t in statement_to_targets(text)]
    assert got == [(1523, [2030], True), (1441, [2030], True), (45, [2030], True), (4829, [2050], True),
                   (464, [2050], True)]
    # without a year opening the sentence, a clause keeps no year of its own
    assert statement_to_targets("Tổng công suất khoảng 45 MW; điện gió khoảng 464 MW.")[1].years == []


def test_a_baseline_year_dates_no_target():
    # ../shared/realcorpus/legal/Văn_bản_hợp_nhất_06_VBHN-VPQH_năm_2020_… (Luật Ngân sách nhà nước): `năm 2016 so với
    # năm 2015`, the year after `so với` is the baseline's
    from pipeline.indicators import _aim_years_in

    text = "được bố trí cân đối phù hợp với tốc độ tăng chi ngân sách nhà nước năm 2016 so với năm 2015"
    assert [ys for _, _, ys in _aim_years_in(text)] == [[2016]]
    # so a target compared with a baseline takes its year from its context, and its metric ends before `so với`
    base = statement_to_targets("Giảm 10% số vụ tai nạn giao thông so với năm 2020.")
    assert [(t.metric, t.value, t.years) for t in base] == [("Mức giảm số vụ tai nạn giao thông", 10, [])]


def test_two_amounts_each_with_its_verb_share_the_noun_after_the_last():
    # ../shared/realcorpus/laocai/qd768-quyhoach-dien-viii-toanvan.txt (the grid to build by 2030)
    text = ("Giai đoạn 2025 - 2030: Xây dựng mới 102.900 MVA và cải tạo 23.250 MVA trạm biến áp 500 kV; xây dựng mới "
            "12.944 km và cải tạo 1.404 km đường dây 500 kV; xây dựng mới 15.307 km và cải tạo 5.483 km đường dây 220 kV.")
    assert [(t.metric, t.value, t.years) for t in statement_to_targets(text)] == [
        ("Chiều dài đường dây 500 kV xây dựng mới", 12944, [2030]), ("Chiều dài đường dây 500 kV cải tạo", 1404, [2030]),
        ("Chiều dài đường dây 220 kV xây dựng mới", 15307, [2030]), ("Chiều dài đường dây 220 kV cải tạo", 5483, [2030])]


def test_a_measure_named_last_goes_first():
    # ../shared/realcorpus/laocai/qd768-quyhoach-dien-viii-toanvan.txt and ke-hoach-thuc-hien-de-an-08.docx
    nuclear = ("Giai đoạn 2030 - 2035 sẽ đưa vào vận hành các Nhà máy điện hạt nhân Ninh Thuận 1&2 với quy mô đạt "
               "4.000 - 6.400 MW.")
    assert [(t.metric, t.value) for t in statement_to_targets(nuclear)] == [
        ("Quy mô đưa vào vận hành các Nhà máy điện hạt nhân Ninh Thuận 1&2", 4000)]
    energy = ("Hoàn thành đưa vào vận hành các dự án năng lượng đã quy hoạch với tổng công suất bổ sung khoảng 2.989,5 MW, "
              "nâng tổng công suất năng lượng toàn tỉnh lên 4.758,5 MW.")
    assert statement_to_targets(energy)[0].metric == (
        "Tổng công suất bổ sung hoàn thành đưa vào vận hành các dự án năng lượng đã quy hoạch")
    ccs = ("Định hướng năm 2050, nhiệt điện khí LNG CCS (xây mới, lắp đặt thiết bị thu giữ và lưu trữ các-bon), tổng "
           "công suất 1.887 - 2.269 MW.")
    assert [t.metric for t in statement_to_targets(ccs)] == [
        "Tổng công suất nhiệt điện khí LNG CCS (xây mới, lắp đặt thiết bị thu giữ và lưu trữ các-bon)"]

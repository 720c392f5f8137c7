"""Audit: findings on real corpus lines, plans of other domains written by the tests with sentence
shapes of real plans, the workbook and the report page."""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace

import pytest

from conftest import CORPUS, corpus_file
from pipeline import api, audit, catalog, cli, extract, link, report, ui, workbook
from pipeline.citations import find_citations
from pipeline.export import table_rows
from pipeline.records import Citation, Indicator


@pytest.fixture(scope="module")
def run():
    results = list(api.extract_many([CORPUS]))
    link.resolve_citations(results)
    return results, audit.audit(results)


def find(findings, doc, kind, line=None, code=None):
    return [f for f in findings if f.doc_id == doc and f.kind == kind and (line is None or f.line == line)
            and (code is None or f.code == code)]


# --- the three findings named by the first audit issue, and the kinds on corpus lines -----------------

def test_impossible_thresholds_written_as_below_zero(run):
    got = find(run[1], "000_af98d75339ed8083", "impossible_value", line=31)
    assert [(f.code, f.severity) for f in got] == [("TE03B", "error"), ("TE03C", "error")]
    # an impossible target is not also reported as stricter than the programme
    assert not find(run[1], "000_af98d75339ed8083", "stricter_than_parent", line=31)


def test_rate_per_1000_compared_with_national_per_100000(run):
    [f] = find(run[1], "003_2bd3cd32362b3bc4", "weaker_than_parent", line=201)
    assert (f.code, f.year, f.other_year, f.other_doc_id, f.other_line) == (
        "TE11B", 2024, 2025, "national_qd23_ttg_2021", 33)
    assert "< 2 per 1,000 (= 200 per 100,000)" in f.detail and "<= 16 per 100,000" in f.detail
    assert "next target year 2025" in f.detail and 0 < f.score <= 1
    assert f.reference.startswith("parent 53/KGH-UBND is not in the run: national programme 23/QĐ-TTg")
    assert "trẻ em" in f.reference  # the catalog is used because the plan is about children


def test_district_floor_below_the_national_one(run):
    [f] = find(run[1], "002_cb41b1295af3bb46", "weaker_than_parent", code="TE19")
    assert (f.line, f.year, f.other_year, f.other_line) == (93, 2025, 2025, 42)
    assert ">= 70%" in f.detail and ">= 95%" in f.detail


def test_weaker_only_where_the_plan_asks_less(run):
    got = sorted((f.code, f.year) for f in find(run[1], "002_cb41b1295af3bb46", "weaker_than_parent"))
    # read off the plan's appendix (lines 73-95) against the programme's lines 21-46: every other
    # target of the plan is equal or stricter
    assert got == [("TE02", 2025), ("TE04A", 2030), ("TE05A", 2025), ("TE05A", 2030), ("TE05B", 2030),
                   ("TE15", 2025), ("TE15", 2030), ("TE19", 2025), ("TE20A", 2025), ("TE20B", 2025)]
    stricter = {(f.code, f.year) for f in find(run[1], "002_cb41b1295af3bb46", "stricter_than_parent")}
    assert not stricter & set(got)


def test_stricter_target_is_information(run):
    got = find(run[1], "002_cb41b1295af3bb46", "stricter_than_parent", code="TE08A", line=81)
    assert [(f.severity, f.year, f.other_year) for f in got] == [("info", 2025, 2025), ("info", 2030, 2030)]


def test_missing_values_and_one_missing_indicator_finding_per_plan(run):
    assert [f.line for f in find(run[1], "000_af98d75339ed8083", "missing_value")] == [29, 67, 73]
    [f] = find(run[1], "002_cb41b1295af3bb46", "missing_indicator")
    assert f.code == "TE17B" and f.severity == "warning"  # the district plan dropped the primary drop-out rate
    assert "1 of the 35 quantities" in f.detail and f.other_line == 40 and "bỏ học" in f.other_text
    for doc in {f.doc_id for f in run[1]}:
        assert len(find(run[1], doc, "missing_indicator")) <= 1
    # Tam Đường names four quantities without numbering them: information, not warnings
    assert [f.severity for f in find(run[1], "001_aa895cb07729ff69", "missing_indicator")] == ["info"]


def test_reference_quotes_ship_with_the_catalog():
    plan = extract(corpus_file("003_2bd3cd32362b3bc4"))  # the national programme is not in this run
    found = [f for f in audit.audit([plan]) if f.kind in ("weaker_than_parent", "stricter_than_parent")]
    assert found and all(f.text and f.other_text for f in found)
    [f] = [f for f in found if f.code == "TE11B"]
    assert "16/100.000" in f.other_text


def test_plans_of_other_domains_are_never_compared_with_the_childrens_programme(run):
    national = catalog.source()
    for f in run[1]:
        if f.other_doc_id == national:
            assert f.doc_id[:3] in {"000", "001", "002", "003", "004"}, f
    assert catalog.domains_of("Triển khai thực hiện công tác trẻ em năm 2024", []) == {"children"}
    assert "children" not in catalog.domains_of("Bảo vệ môi trường trên địa bàn tỉnh giai đoạn 2021 - 2025", [])


# --- a plan and its parent in a domain the catalog does not know --------------------------------------

PROVINCE = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH

Số: 12/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Tĩnh, ngày 15 tháng 3 năm 2021

KẾ HOẠCH
Bảo vệ môi trường trên địa bàn tỉnh giai đoạn 2021 - 2025

I. MỤC TIÊU
1. Mục tiêu chung: Kiểm soát ô nhiễm, cải thiện chất lượng môi trường trên địa bàn tỉnh.
2. Mục tiêu cụ thể
- Nâng độ che phủ rừng toàn tỉnh lên 58% vào năm 2025.
- Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 95% vào năm 2025.
- Tỷ lệ khu công nghiệp có công trình xử lý nước thải tập trung đạt chuẩn đạt 100% vào năm 2025.
- Tỷ lệ hộ dân được sử dụng nước sạch đạt 90% vào năm 2025.
II. TỔ CHỨC THỰC HIỆN
Sở Tài nguyên và Môi trường chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch này.
"""

DISTRICT = """ỦY BAN NHÂN DÂN
HUYỆN HƯƠNG KHÊ

Số: 45/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hương Khê, ngày 02 tháng 4 năm 2021

KẾ HOẠCH
Thực hiện Kế hoạch bảo vệ môi trường giai đoạn 2021 - 2025
trên địa bàn huyện Hương Khê

Thực hiện Kế hoạch số 12/KH-UBND ngày 15/3/2021 của UBND tỉnh Hà Tĩnh về bảo vệ môi trường trên địa bàn tỉnh giai đoạn 2021 - 2025, UBND huyện ban hành Kế hoạch thực hiện như sau:
I. MỤC TIÊU
1. Mục tiêu chung: Kiểm soát ô nhiễm, cải thiện chất lượng môi trường trên địa bàn huyện.
2. Mục tiêu cụ thể
- Nâng độ che phủ rừng toàn huyện lên 60% vào năm 2025.
- Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 85% vào năm 2025.
- Tỷ lệ khu công nghiệp có công trình xử lý nước thải tập trung đạt chuẩn đạt 100% vào năm 2025.
II. TỔ CHỨC THỰC HIỆN
Phòng Tài nguyên và Môi trường chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch này.

PHỤ LỤC

CHỈ TIÊU CỤ THỂ

| TT | Chỉ tiêu | Đơn vị tính | Năm 2025 |
| --- | --- | --- | --- |
| 1 | Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý | % | 90 |
| 2 | Độ che phủ rừng | % | 60 |
"""


@pytest.fixture()
def environment(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (tmp_path / "tinh.txt").write_text(PROVINCE, encoding="utf-8")
    (folder / "huyen.md").write_text(DISTRICT, encoding="utf-8")
    return tmp_path


def test_environment_plan_against_its_parent(environment):
    results = list(api.extract_many([environment]))
    link.resolve_citations(results)
    found = [f for f in audit.audit(results) if f.doc_id == "huyen"]
    weaker = [(f.line, f.other_line, f.other_doc_id) for f in found if f.kind == "weaker_than_parent"]
    assert weaker == [(20, 18, "tinh"), (31, 18, "tinh")]  # 85% in the body, 90% in the appendix, 95% above
    [w] = [f for f in found if f.kind == "weaker_than_parent" and f.line == 20]
    assert w.score == 1.0 and w.reference.startswith("parent 12/KH-UBND is in the run")
    assert "thu gom, xử lý đạt 95%" in w.other_text and w.code is None
    [c] = [f for f in found if f.kind == "conflicting_targets"]
    assert (c.line, c.other_line, c.year) == (20, 31, 2025) and ">= 85%" in c.detail and ">= 90%" in c.detail
    stricter = [(f.line, f.kind) for f in found if f.kind == "stricter_than_parent"]
    assert stricter == [(19, "stricter_than_parent"), (32, "stricter_than_parent")]  # forest cover 60% > 58%
    [m] = [f for f in found if f.kind == "missing_indicator"]
    assert "nước sạch" in m.detail
    assert not any(f.other_doc_id == catalog.source() or (f.code or "").startswith("TE") for f in found)


def test_plans_audit_against_a_named_reference(environment, capsys, tmp_path):
    out = tmp_path / "out"
    code = cli.main(["audit", str(environment / "plans"), "--against", str(environment / "tinh.txt"),
                     "--out", str(out), "--json"])
    assert code == 0
    found = json.loads(capsys.readouterr().out)
    kinds = sorted(f["kind"] for f in found)
    assert kinds.count("weaker_than_parent") == 2 and kinds.count("conflicting_targets") == 1
    assert all(f["doc_id"] == "huyen" for f in found)
    assert {p.name for p in out.iterdir()} >= {"findings.csv", "report.html", "plans.xlsx"}


# --- a party programme implementing two central documents --------------------------------------------

CENTRAL = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 23-NQ/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 22 tháng 3 năm 2018
NGHỊ QUYẾT
về định hướng xây dựng chính sách phát triển công nghiệp quốc gia đến năm 2030
I. MỤC TIÊU
Đến năm 2030:
- Tỷ trọng công nghiệp trong GDP đạt trên 40% vào năm 2030.
- Tỷ lệ lấp đầy bình quân các khu công nghiệp đạt trên 80% vào năm 2030.
- Chỉ số sản xuất công nghiệp tăng bình quân 10%/năm đến năm 2030.
T/M BỘ CHÍNH TRỊ
TỔNG BÍ THƯ
Nguyễn Văn Anh
"""

GOVERNMENT = """CHÍNH PHỦ

Số: 115/NQ-CP

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 31 tháng 8 năm 2018

NGHỊ QUYẾT
Ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 23-NQ/TW

I. MỤC TIÊU
- Tỷ lệ khu công nghiệp có công trình xử lý nước thải tập trung đạt chuẩn đạt 100% vào năm 2030.
- Tỷ lệ hộ dân được sử dụng điện đạt 99% vào năm 2030.
"""

PROVINCIAL_PARTY = """TỈNH ỦY LÀO CAI
*
Số 12-CTr/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Lào Cai, ngày 15 tháng 10 năm 2018

CHƯƠNG TRÌNH HÀNH ĐỘNG
Thực hiện Nghị quyết số 23-NQ/TW về phát triển công nghiệp
trên địa bàn tỉnh Lào Cai

Thực hiện Nghị quyết số 23-NQ/TW ngày 22/3/2018 của Bộ Chính trị và Nghị quyết số 115/NQ-CP ngày 31/8/2018 của Chính phủ, Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động như sau:
I. MỤC TIÊU
Đến năm 2030:
- Tỷ trọng công nghiệp trong GRDP đạt trên 40% vào năm 2030.
- Tỷ lệ lấp đầy bình quân các khu công nghiệp đạt 70% vào năm 2030.
- Chỉ số sản xuất công nghiệp tăng bình quân 12%/năm đến năm 2030.
- 100% khu công nghiệp có công trình xử lý nước thải tập trung đạt chuẩn vào năm 2030.
- Tỷ lệ hộ dân được sử dụng điện đảm bảo chất lượng, an toàn đạt 99,86% vào năm 2030.
II. NHIỆM VỤ
Các sở, ngành triển khai thực hiện.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn Bình

PHỤ LỤC

CHỈ TIÊU CỤ THỂ

| TT | Chỉ tiêu | Đơn vị tính | Năm 2030 |
| --- | --- | --- | --- |
| 1 | Tỷ lệ lấp đầy bình quân các khu công nghiệp | % | 80 |
"""


def test_party_programme_against_the_two_central_documents_it_implements(tmp_path):
    for name, text in (("tw.txt", CENTRAL), ("cp.txt", GOVERNMENT), ("tu.md", PROVINCIAL_PARTY)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    results = list(api.extract_many([tmp_path]))
    link.resolve_citations(results)
    found = [f for f in audit.audit(results) if f.doc_id == "tu"]
    weaker = [(f.line, f.other_doc_id, f.other_line) for f in found if f.kind == "weaker_than_parent"]
    assert weaker == [(15, "tw", 11)]  # 70% where the centre sets above 80%
    conflicts = [(f.line, f.other_line) for f in found if f.kind == "conflicting_targets"]
    assert conflicts == [(15, 31)]  # the body says 70%, its own appendix 80%
    # equal (GRDP share above 40%, 100% of industrial parks, the appendix's 80%) and stricter (12%/năm
    # growth, 99,86% of households, against the government's 99%) are never weaker
    stricter = {(f.line, f.other_doc_id) for f in found if f.kind == "stricter_than_parent"}
    assert stricter == {(16, "tw"), (18, "cp")}
    [growth] = [f for f in found if f.line == 16]
    assert "sản xuất công nghiệp" in growth.detail and ">= 12%" in growth.detail
    assert not any(f.other_doc_id == catalog.source() for f in found)


# --- severities ----------------------------------------------------------------------------------------

def _target(metric, comparator, value, unit, text, **kw):
    return Indicator(doc_id="plan", indicator_no=None, code=None, metric=metric, comparator=comparator, value=value,
                     unit=unit, target_year=2025, year_inferred=False, section_id="I.2", line=10, page=None,
                     char_start=0, char_end=1, text=text, **kw)


def test_ratio_to_a_budget_and_growth_are_never_impossible():
    budget = _target("Thu ngân sách nhà nước trên địa bàn", ">=", 160.0, "%",
                     "Thu ngân sách nhà nước trên địa bàn bằng 160% dự toán")
    growth = _target("Chỉ số sản xuất công nghiệp tăng bình quân", ">=", 12.0, "%",
                     "- Chỉ số sản xuất công nghiệp tăng bình quân 12%/năm.")
    fall = _target("Tốc độ tăng trưởng xuất khẩu", "~", -2.0, "%", "Tốc độ tăng trưởng xuất khẩu khoảng -2%")
    share = _target("Tỷ lệ hộ dân được sử dụng điện đảm bảo chất lượng, an toàn", ">=", 109.86, "%",
                    "- Tỷ lệ hộ dân được sử dụng điện đảm bảo chất lượng, an toàn đạt 109,86%.")
    assert [audit._impossible(t) is not None for t in (budget, growth, fall, share)] == [False, False, False, True]
    assert audit.item_of(budget, False).scale == "relative" and audit.item_of(growth, False).scale == "growth"


def test_two_thresholds_in_one_section_are_sub_groups_not_a_conflict():
    plan = extract(corpus_file("002_cb41b1295af3bb46"))
    doubled = replace(plan.indicators[0], value=85.0, line=plan.indicators[0].line + 1)  # same section
    plan.indicators.append(doubled)
    assert not [f for f in audit.audit([plan]) if f.kind == "conflicting_targets"]


def test_unassigned_and_conflicting_targets():
    plan = extract(corpus_file("002_cb41b1295af3bb46"))
    plan.agencies = [a for a in plan.agencies if "21" not in a.indicator_nos.split(";")]
    first = plan.indicators[0]
    plan.indicators.append(replace(first, value=85.0, line=17, section_id="I.2"))  # the body says 85%
    found = audit.audit([plan])
    got = [(f.kind, f.line, f.other_line) for f in found if f.kind in ("unassigned_indicator", "conflicting_targets")]
    assert got == [("conflicting_targets", 17, first.line), ("unassigned_indicator", 95, None)]
    [c] = [f for f in found if f.kind == "conflicting_targets"]
    assert c.code == "TE01" and ">= 85%" in c.detail and ">= 90%" in c.detail and c.severity == "warning"


def _citations(sentence):
    return [Citation(doc_id="plan", line=1, page=None, section_id=None, **f) for _, _, f in find_citations(sentence)]


class _Plan:
    def __init__(self, cited):
        self.citations = cited


@pytest.mark.parametrize("sentence, expected", [
    # official letters: issuer - unit, no type part
    ("Công văn số 3584/BYT-KCB ngày 19/5/2026 của Bộ Y tế", []),
    ("Công văn số 284/SNNMT-CCMT ngày 21/7/2025", []),
    ("Công văn số 5893/UBND-KT ngày 09/6/2026", []),
    # one edit from a type code: a likely typo
    ("Thực hiện Kế hoạch số 53/KGH-UBND ngày 12/3/2024 của UBND huyện",
     [("warning", "unknown type code KGH in 53/KGH-UBND, likely a typo for KH")]),
    # unknown: information only
    ("Báo cáo số 16/TV8-BCTT ngày 28/02/2026 của Công ty Cổ phần Tư vấn xây dựng",
     [("info", "unknown code TV8 in 16/TV8-BCTT")]),
    ("Công văn số 75/KH-UBND ngày 10/02/2023", [("warning", "called cong_van but its number 75/KH-UBND is a ke_hoach")]),
])
def test_citation_codes(sentence, expected):
    got = [(f.severity, f.detail) for f in audit._citation_findings(_Plan(_citations(sentence)))]
    assert got == expected


def test_one_citation_finding_for_a_number_written_wrong_several_times():
    cited = _citations("Báo cáo số 16/TV8-BCTT ngày 28/02/2026 và Báo cáo số 16/TV8-BCTT ngày 28/02/2026")
    cited[1].line = 17
    [f] = audit._citation_findings(_Plan(cited))
    assert f.detail.endswith("(also line 17)")


# --- what a metric measures -------------------------------------------------------------------------

def test_metrics_paired_by_folded_words_synonyms_numbers_and_groups():
    m = catalog.measure
    # an abbreviation from rules/metric_words.yaml
    assert catalog.similarity(m("Tỷ lệ trẻ em tử vong do TNTT"), m("Tỷ suất trẻ em bị tử vong do tai nạn thương tích")) >= 0.6
    # the age inside the metric must agree
    assert catalog.similarity(m("Tỷ suất tử vong của trẻ em dưới 01 tuổi trên 1.000 trẻ đẻ sống"),
                              m("Tỷ suất tử vong trẻ em dưới 5 tuổi trên 1.000 trẻ đẻ sống")) == 0
    # opposite groups
    assert catalog.similarity(m("Tỷ lệ trẻ dưới 5 tuổi bị suy dinh dưỡng thể béo phì đối với nông thôn"),
                              m("Tỷ lệ trẻ dưới 5 tuổi bị suy dinh dưỡng thể béo phì đối với thành thị")) == 0
    # different people counted (003's two targets of one section)
    assert catalog.similarity(m("Cha mẹ, người chăm sóc trẻ em khuyết tật được cung cấp các kiến thức, kỹ năng"),
                              m("Trẻ em khuyết tật được tiếp cận với các dịch vụ bảo vệ, chăm sóc, giáo dục")) == 0
    # a province's GRDP is the centre's GDP; the place words are filler
    assert catalog.similarity(m("Tỷ trọng công nghiệp trong GRDP"), m("Tỷ trọng công nghiệp trong GDP")) == 1.0
    assert catalog.similarity(m("Độ che phủ rừng toàn huyện"), m("Độ che phủ rừng toàn tỉnh")) == 1.0
    # growth words are kept: `tăng trưởng` is not stripped as a leading verb
    assert "truong" in m("Tăng trưởng GRDP bình quân").words


def test_catalog_pairs_agree_with_catalog_codes_on_the_child_plans(run):
    """Every child-plan target that pairs with a national target by its words alone pairs with the
    quantity of the same catalog code (no wrong pair)."""
    national = next(r for r in run[0] if r.document.doc_id == catalog.source())
    ref = audit._document_reference(national, "test", use_code=False)
    paired = wrong = 0
    for r in run[0]:
        if r.document.doc_id[:3] not in {"000", "001", "002", "003", "004"}:
            continue
        for t in r.indicators:
            item = audit.item_of(t, use_code=False)
            hit = item and t.code and audit._pair(item, ref)
            if hit:
                paired += 1
                wrong += any(x.indicator.code != t.code for x in hit[0])
    assert wrong == 0 and paired >= 80


# --- stable order, report, workbook -------------------------------------------------------------------

def test_report_due_after_its_consolidation():
    plan = extract(corpus_file("004_57d55756dd206766"))
    late = next(d for d in plan.deadlines if d.date == "2023-11-30")
    late.date = "2023-12-20"
    found = [f for f in audit.audit([plan]) if f.kind == "deadline_order"]
    assert [(f.line, f.other_line) for f in found] == [(195, 197)]
    assert "Phòng Lao động - Thương binh và Xã hội must consolidate by 2023-12-05" in found[0].detail


def test_findings_are_stable(run):
    again = audit.audit(list(api.extract_many([CORPUS])))
    assert [(f.doc_id, f.kind, f.line, f.code, f.detail) for f in again] == \
        [(f.doc_id, f.kind, f.line, f.code, f.detail) for f in run[1]]


def test_report_escapes_document_text(run):
    f = replace(run[1][0], text="<script>alert(1)</script> dưới 0‰")
    page = report.render([f], {f.doc_id: "<b>title</b>"})
    assert "<script>alert" not in page and "&lt;script&gt;alert(<mark>1</mark>)&lt;/script&gt;" in page
    assert "&lt;b&gt;title&lt;/b&gt;" in page and "<mark>0‰</mark>" in page


def test_workbook_comparison_sheet(run, tmp_path):
    from openpyxl import load_workbook

    results, findings = run
    path = tmp_path / "plans.xlsx"
    workbook.write_workbook(path, table_rows(results, findings), results, findings)
    wb = load_workbook(path)
    ws = wb[ui.sheet("comparison")]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    col = {name: header.index(ui.column(name)) for name in audit.COMPARISON_COLUMNS}
    te19 = next(r for r in rows if r[col["code"]].value == "TE19" and r[col["doc_id"]].value == "002_cb41b1295af3bb46")
    # the plan named by issuer and number
    assert te19[col["plan"]].value == "KH 80/KH-UBND ngày 28/05/2021 — UBND huyện Hương Khê"
    assert (te19[col["target"]].value, te19[col["reference_target"]].value, te19[col["verdict"]].value) == (
        ">= 70%", ">= 95%", workbook.verdict("weaker"))
    by_verdict = {}
    for r in rows:
        by_verdict.setdefault(r[col["verdict"]].value, r)
    colours = {by_verdict[workbook.verdict(v)][col["target"]].fill.fgColor.rgb[-6:]
               for v in ("weaker", "stricter", "impossible")}
    assert len(colours) == 3  # weaker, stricter and impossible each their own colour
    assert workbook.FILLS["weaker"].fgColor.rgb.endswith(te19[col["target"]].fill.fgColor.rgb[-6:])
    # every cell a value: a plan's `= 0` is text, never a formula
    assert all(c.data_type != "f" for sheet in wb for row in sheet.iter_rows() for c in row)
    assert any(isinstance(r[col["target"]].value, str) and r[col["target"]].value.startswith("=") for r in rows)
    legend = [r[0].value for r in wb[ui.sheet("legend")].iter_rows(min_row=2)]
    assert legend[:3] == [workbook.verdict(v) for v in ("weaker", "stricter", "impossible")] and "TE19" in legend
    assert set(wb.sheetnames) >= {"So sánh", "Chú giải", "Phát hiện", "Văn bản", "Chỉ tiêu", "Bảng khác"}  # Vietnamese first
    others = {r[0].value: r[1].value for r in wb[ui.sheet("other tables")].iter_rows(min_row=2)}
    assert others[ui.sheet("sections")] == sum(len(r.sections) for r in results) and "Mục" not in wb.sheetnames
    ws = wb[ui.sheet("findings")]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Văn bản", "Mã tệp", "Loại", "Mức độ", "Mã chỉ tiêu", "Chi tiết"]
    assert "KH 80/KH-UBND ngày 28/05/2021 — UBND huyện Hương Khê" in {r[0].value for r in ws.iter_rows(min_row=2)}
    kinds = {r[2].value for r in ws.iter_rows(min_row=2)}
    names = {r[0].value for r in wb[ui.sheet("documents")].iter_rows(min_row=2)}
    assert "QĐ 23/QĐ-TTg ngày 07/01/2021 — Thủ tướng Chính phủ" in names
    assert "Lỏng hơn văn bản tham chiếu" in kinds and "weaker_than_parent" not in kinds


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(run, tmp_path):
    import pdfplumber

    page = tmp_path / "report.html"
    page.write_text(report.render(run[1], {}), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    with pdfplumber.open(pdf) as doc:
        text = " ".join((p.extract_text() or "") for p in doc.pages)
    text = " ".join(text.split())
    assert "Rà soát kế hoạch: các phát hiện" in text  # Vietnamese first (rules/ui.yaml)
    assert "Giá trị không thể đạt" in text and "Lỏng hơn văn bản tham chiếu" in text
    assert "không thể đạt tỷ suất dưới 0" in text


def test_amounts_of_change_are_stricter_when_larger():
    """`mức giảm … từ 2 đến 3% hằng năm`, `tăng trưởng … bình quân khoảng 10,0%/năm`: a larger change in
    the stated direction asks more, whatever comparator the words gave."""
    ref = audit.item_of(_target("Mức giảm số cuộc tảo hôn", ">=", 2.0, "%",
                                "duy trì mức giảm số cuộc tảo hôn từ 2 đến 3% hằng năm", value_max=3.0), False)
    more = audit.item_of(_target("Mức giảm số cuộc tảo hôn", "<=", 4.0, "%",
                                 "giảm số cuộc tảo hôn 4% hằng năm"), False)
    less = audit.item_of(_target("Mức giảm số cuộc tảo hôn", "<=", 1.0, "%",
                                 "giảm số cuộc tảo hôn 1% hằng năm"), False)
    assert (ref.scale, more.scale) == ("relative", "relative")
    assert [audit._judge(p, [ref]).verdict for p in (more, less)] == ["stricter", "weaker"]
    gdp = audit.item_of(_target("Mức tăng trưởng GDP bình quân", "~", 10.0, "%",
                                "với mức tăng trưởng GDP bình quân khoảng 10,0%/năm"), False)
    grdp = audit.item_of(_target("Mức tăng trưởng GRDP bình quân", "~", 8.0, "%",
                                 "mức tăng trưởng GRDP bình quân khoảng 8%/năm"), False)
    assert gdp.scale == "growth" and audit._judge(grdp, [gdp]).verdict == "weaker"


def test_yearly_amounts_are_not_compared_with_totals():
    yearly = audit.item_of(_target("Thu ngân sách nhà nước trên địa bàn", ">=", 8e12, "VND",
                                   "thu ngân sách đạt trung bình 8.000 tỷ đồng/năm trở lên", unit_text="tỷ đồng/năm"),
                           False)
    total = audit.item_of(_target("Thu ngân sách nhà nước trên địa bàn", ">=", 4e13, "VND",
                                  "thu ngân sách giai đoạn 2021 - 2025 đạt 40.000 tỷ đồng", unit_text="tỷ đồng"), False)
    ref = audit.Reference(doc_id="ref", name="ref", why="test", items=[total])
    assert (yearly.scale, total.scale) == ("VND/year", "VND") and audit._pair(yearly, ref) is None


def test_a_milestone_is_not_held_against_a_later_target_the_plan_restates():
    """Tỷ lệ khu công nghiệp … đạt 50% vào năm 2025 và 100% vào năm 2030, against 100% in 2030: the
    2025 milestone is not weaker; a plan that sets only 2025 is compared with 2030."""
    metric = "Tỷ lệ khu công nghiệp có công trình xử lý nước thải tập trung đạt chuẩn"
    text = f"- {metric} đạt 50% vào năm 2025 và 100% vào năm 2030."
    ref = audit.Reference(doc_id="ref", name="ref", why="test", items=[
        audit.item_of(replace(_target(metric, ">=", 100.0, "%", text), doc_id="ref", target_year=2030), False)])
    milestone = audit.item_of(_target(metric, ">=", 50.0, "%", text), False)
    final = audit.item_of(replace(_target(metric, ">=", 100.0, "%", text), target_year=2030), False)
    pairs, _ = audit._compare_all([milestone, final], [ref], None)
    assert [(p.year, j.verdict if j else None) for p, _, _, j in pairs] == [(2025, None), (2030, "equal")]
    pairs, _ = audit._compare_all([milestone], [ref], None)
    assert [(p.year, j.verdict, j.year) for p, _, _, j in pairs] == [(2025, "weaker", 2030)]


def test_one_plan_at_a_time_with_a_lookup_of_the_run_and_no_sections_kept(environment):
    """A batch run audits plans chunk by chunk: `plan_findings` gets a lookup of the run's documents
    by number (anything with `.get`) and plans whose sections and passages were dropped."""
    results = list(api.extract_many([environment]))
    link.resolve_citations(results)
    numbers = {link.key_of(r.document.number): r for r in results}

    class Lookup:
        def get(self, key, default=None):
            return numbers.get(key, default)

    plan = next(r for r in results if r.document.doc_id == "huyen")
    plan.sections, plan.passages = [], []
    found = audit.plan_findings(plan, Lookup(), {}, catalog.source())
    kinds = sorted(f.kind for f in found)
    assert kinds.count("weaker_than_parent") == 2 and kinds.count("conflicting_targets") == 1

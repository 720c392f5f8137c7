"""Audit: findings on real corpus lines, the workbook and the report page."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest

from conftest import CORPUS, corpus_file
from pipeline import api, audit, extract, link, report, ui, workbook
from pipeline.export import table_rows


@pytest.fixture(scope="module")
def run():
    results = list(api.extract_many([CORPUS]))
    link.resolve_citations(results)
    return results, audit.audit(results)


def find(findings, doc, kind, line=None, code=None):
    return [f for f in findings if f.doc_id == doc and f.kind == kind and (line is None or f.line == line)
            and (code is None or f.code == code)]


def test_impossible_thresholds_written_as_below_zero(run):
    got = find(run[1], "000_af98d75339ed8083", "impossible_value", line=31)
    assert [(f.code, f.severity) for f in got] == [("TE03B", "error"), ("TE03C", "error")]


def test_rate_per_1000_compared_with_national_per_100000(run):
    [f] = find(run[1], "003_2bd3cd32362b3bc4", "weaker_than_parent", line=201)
    assert (f.code, f.year, f.other_year, f.other_doc_id, f.other_line) == (
        "TE11B", 2024, 2025, "national_qd23_ttg_2021", 33)
    assert "< 2 per 1,000 (= 200 per 100,000)" in f.detail and "<= 16 per 100,000" in f.detail
    assert "next target year 2025" in f.detail
    assert f.reference.startswith("parent 53/KGH-UBND is not in the corpus: national programme")


def test_district_floor_below_the_national_one(run):
    [f] = find(run[1], "002_cb41b1295af3bb46", "weaker_than_parent", code="TE19")
    assert (f.line, f.year, f.other_year, f.other_line) == (93, 2025, 2025, 42)
    assert ">= 70%" in f.detail and ">= 95%" in f.detail


def test_stricter_target_is_information(run):
    got = find(run[1], "002_cb41b1295af3bb46", "stricter_than_parent", code="TE08A", line=81)
    assert [(f.severity, f.year, f.other_year) for f in got] == [("info", 2025, 2025), ("info", 2030, 2030)]


def test_missing_values_and_indicators(run):
    assert [f.line for f in find(run[1], "000_af98d75339ed8083", "missing_value")] == [29, 67, 73]
    missing = {f.code for f in find(run[1], "002_cb41b1295af3bb46", "missing_indicator")}
    assert missing == {"TE17B"}  # the district plan dropped the primary-school drop-out rate


def test_citation_mismatches(run):
    got = [(f.line, f.detail) for f in find(run[1], "004_57d55756dd206766", "citation_mismatch")]
    assert got == [(11, "called cong_van but its number 75/KH-UBND is a ke_hoach"),
                   (51, "called ke_hoach but its number 2437/QĐ-UBND is a quyet_dinh")]
    assert [f.detail for f in find(run[1], "003_2bd3cd32362b3bc4", "citation_mismatch")] == [
        "unknown type code KGH in 53/KGH-UBND", "number written wrong, repaired: TTBLĐTBXH -> TT-BLĐTBXH"]


def test_unassigned_and_conflicting_targets():
    plan = extract(corpus_file("002_cb41b1295af3bb46"))
    plan.agencies = [a for a in plan.agencies if "21" not in a.indicator_nos.split(";")]
    doubled = replace(plan.indicators[0], value=85.0)  # a second, different 2025 target for TE01
    plan.indicators.append(doubled)
    found = audit.audit([plan])
    assert [(f.kind, f.detail) for f in found if f.kind in ("unassigned_indicator", "conflicting_targets")] == [
        ("conflicting_targets", "TE01 2025: >= 85% vs >= 90%"),
        ("unassigned_indicator", "Chỉ tiêu 21 is assigned to no agency")]


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


def test_workbook_matrix_marks_weaker_cells(run, tmp_path):
    from openpyxl import load_workbook

    results, findings = run
    path = tmp_path / "plans.xlsx"
    workbook.write_workbook(path, table_rows(results, findings), results, findings)
    wb = load_workbook(path)
    ws = wb[ui.sheet("comparison")]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "002_cb41b1295af3bb46")
    cell = row[header.index("TE19")]
    assert cell.value == ">= 70% (2025)" and cell.fill.fgColor.rgb.endswith("F8C8C4")
    assert set(wb.sheetnames) >= {"So sánh", "Phát hiện", "Văn bản", "Chỉ tiêu", "Mục"}  # Vietnamese first
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

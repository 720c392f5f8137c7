"""Deadlines: real report clauses, quarters and periods; holidays and target years are not deadlines."""
from __future__ import annotations

from conftest import corpus_file, line_of
from pipeline import extract
from pipeline.deadlines import paragraph_deadlines


def dl(stem):
    return [(d.line, d.kind, d.date, d.month_day, d.recurrence, d.start, d.end, d.subject)
            for d in extract(corpus_file(stem)).deadlines]


def test_two_annual_report_dates_in_one_clause():
    assert [d[:7] + (d[7],) for d in dl("000_af98d75339ed8083")] == [
        (171, "report", None, "06-15", "annual", None, None, "báo cáo 6 tháng"),
        (171, "report", None, "12-15", "annual", None, None, "báo cáo năm")]


def test_submission_dates_and_quarter_deadline_with_who_owes_them():
    rows = [(d.line, d.kind, d.date, d.responsible) for d in extract(corpus_file("001_aa895cb07729ff69")).deadlines
            if d.kind == "submission"]
    assert rows == [(347, "submission", "2021-10-30", "Ủy ban nhân dân cấp xã"),
                    (362, "submission", "2021-03-31", "Ủy ban nhân dân cấp xã")]


def test_holidays_are_not_deadlines():
    assert paragraph_deadlines(line_of("001_aa895cb07729ff69", 132), 2021) == []


def test_semiannual_and_annual_reports_with_years():
    got = [d[:5] for d in dl("004_57d55756dd206766") if d[0] == 195]
    assert got == [(195, "report", "2023-05-31", None, "semiannual"), (195, "report", "2023-11-30", None, "annual")]


def test_range_in_a_heading_takes_the_plans_year():
    assert [d[5:7] for d in dl("004_57d55756dd206766") if d[0] == 73] == [("2023-06-01", "2023-06-30")]


def test_quarter_periods():
    got = {d[0]: d[5:7] for d in dl("003_2bd3cd32362b3bc4")}
    assert got[100] == ("2024-01-01", "2024-12-31")   # Quý I- IV/2024
    assert got[286] == ("2024-04-01", "2024-09-30")   # Quý II- III/2024


def test_task_table_timing_column():
    got = {d[0]: d[5:7] for d in dl("kh09_btnmt_2024_tinchi_cacbon")}
    assert got[48] == ("2024-08-01", "2024-08-31") and got[50] == ("2024-01-01", "2025-12-31")


def test_monthly_report_and_review_years():
    got = paragraph_deadlines("Các xã báo cáo kết quả trước ngày 20 hằng tháng; sơ kết vào năm 2025 và "
                              "tổng kết vào năm 2030.", 2024)
    assert [(d["kind"], d["month_day"], d["recurrence"], d["start"]) for d in got] == [
        ("report", "---20", "monthly", None), ("report", None, "once", "2025-01-01"),
        ("report", None, "once", "2030-01-01")]


def test_citation_dates_are_not_deadlines():
    assert [d for d in dl("000_af98d75339ed8083") if d[0] == 129] == []


def test_dates_that_do_not_exist_are_not_deadlines():
    got = paragraph_deadlines("Gửi báo cáo trước ngày 31/2 hằng năm và trước ngày 29/2 hằng năm", 2024)
    assert [d["month_day"] for d in got] == ["02-29"]

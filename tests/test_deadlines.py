"""Deadlines: real report clauses, quarters and periods; holidays and target years are not deadlines."""
from __future__ import annotations

import pytest

from conftest import corpus_file, line_of
from pipeline import extract
from pipeline.deadlines import masked, paragraph_deadlines, time_cell


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


@pytest.mark.parametrize("cell, want", [
    ("Tháng 8/2024", ("period", None, "2024-08-01", "2024-08-31")),
    ("Tháng 02/2024", ("period", None, "2024-02-01", "2024-02-29")),
    ("2024 - 2025", ("period", None, "2024-01-01", "2025-12-31")),
    ("2017 -2020", ("period", None, "2017-01-01", "2020-12-31")),
    ("Quý II/2026", ("period", None, "2026-04-01", "2026-06-30")),
    ("Quý III, IV/2026", ("period", None, "2026-07-01", "2026-12-31")),
    ("Năm 2026", ("period", None, "2026-01-01", "2026-12-31")),
    ("Xong trong Quý II/2026", ("period", None, "2026-04-01", "2026-06-30")),
    ("Trong tháng 11/2025", ("period", None, "2025-11-01", "2025-11-30")),
    ("Trước ngày 30/6/2026", ("event", "2026-06-30", None, None)),
    ("Thường xuyên", None),
    ("30/6/2026", ("event", "2026-06-30", None, None)),
    ("Đã kiểm kê, kiểm đếm 90/90 hộ; chi trả tiền bồi thường 54,243 tỷ đồng cho 76/90 hộ trên diện tích 50 ha. Lũy kế "
     "GPMB đến 01/6/2026 đạt 55 ha.", None),  # prose: a status, not a time
])
def test_time_cells_of_task_tables(cell, want):
    got = time_cell(cell)
    assert (got and (got["kind"], got["date"], got["start"], got["end"])) == want


def test_task_table_rows_with_their_lead_body(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "KẾ HOẠCH\nI. NHIỆM VỤ\n"
        "| STT | Tên văn bản | Đơn vị chủ trì soạn thảo | Đơn vị cho ý kiến | Thời gian trình |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| 1 | Nghị định quy định chi tiết thi hành Luật Đất đai | Vụ Đất đai | Vụ Pháp chế | Tháng 9/2024 |\n"
        "| 2 | Nghị định về xử phạt vi phạm hành chính trong lĩnh vực đất đai | Vụ Đất đai | Vụ Pháp chế | Tháng 11/2024 |\n",
        encoding="utf-8")
    got = [(d.line, d.kind, d.start, d.end, d.responsible) for d in extract(path).deadlines]
    assert got == [(5, "period", "2024-09-01", "2024-09-30", "Vụ Đất đai"),
                   (6, "period", "2024-11-01", "2024-11-30", "Vụ Đất đai")]


def test_a_table_of_vehicles_is_not_a_task_table(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(
        "BIÊN BẢN\nI. KẾT QUẢ\n"
        "| TT | Loại xe, Biển kiểm soát | Đăng kiểm | Thời hạn kiểm định | Niên hạn |\n"
        "| 9 | Ô tô đầu kéo - 24H-034.90 | Có | 09/6/2027 | 2050 |\n", encoding="utf-8")
    assert extract(path).deadlines == []


@pytest.mark.parametrize("text", [
    "Luật này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2015.",  # an effective date
    "- Giấy phép sử dụng vật liệu nổ công nghiệp số 507/GP-UBND ngày 25/02/2026 của Ủy ban nhân dân tỉnh Lào Cai, "
    "có thời hạn đến hết ngày 30/6/2026 cấp cho Gói thầu.",  # a licence's validity, a cited document's date
    "1. Người nộp thuế: [Khoản này được hướng dẫn bởi Điều 2 Nghị định 83/2013/NĐ-CP có hiệu lực thi hành từ ngày "
    "15 tháng 9 năm 2013 (VB hết hiệu lực: 05/12/2020)]",  # an editors' note
    "Đề nghị các đơn vị gửi báo cáo theo Công văn số 123/UBND-VX ngày 15/5/2026 của UBND tỉnh.",
    "Riêng Giấy phép lái xe của ông Phạm Văn Trinh chỉ còn giá trị đến ngày 08/12/2026.",
    "(xe 20C-23393 có giấy phép vận chuyển đến ngày 21/5/2027)",
    # ../shared/realcorpus/laocai/CV-5141-SNNMT-KS-…: a statistical period defined, not a date due
    "kê. Kỳ thống kê hằng năm được xác định từ ngày 01 tháng 01 đến ngày 31 tháng 12 hằng năm.",
])
def test_what_is_not_a_deadline(text):
    assert paragraph_deadlines(masked(text), 2026) == []


def test_laws_keep_only_recurring_dates():
    law = ("Trường hợp công trình thủy lợi đã xây dựng và khai thác trước ngày 01 tháng 01 năm 2013 mà chưa được "
           "đăng ký, cấp phép khai thác thì phải đăng ký.")
    assert paragraph_deadlines(law, None, standing=True) == []
    for text in ("b) Chi mua sắm trang thiết bị đã đầy đủ hồ sơ, hợp đồng mua sắm trang thiết bị ký trước ngày 31 tháng "
                 "12 năm thực hiện dự toán;",
                 "Năm ngân sách bắt đầu từ ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12 năm dương lịch."):
        assert paragraph_deadlines(text, None, standing=True) == []
    yearly = paragraph_deadlines("5. Trước ngày 20 tháng 11, Thủ tướng Chính phủ giao dự toán thu, chi ngân sách năm "
                                 "sau cho từng bộ, cơ quan ngang bộ.", None, standing=True)
    assert [(d["month_day"], d["recurrence"]) for d in yearly] == [("11-20", "annual")]


def test_monthly_reports_of_a_plan():
    got = paragraph_deadlines(
        "Các phòng, đơn vị báo cáo tình hình thực hiện về Phòng Kế hoạch - Tổng hợp trước ngày 18 hằng tháng, đảm bảo "
        "theo đúng mẫu báo cáo quy định.", 2026)
    assert [(d["kind"], d["month_day"], d["recurrence"]) for d in got] == [("report", "---18", "monthly")]


def test_a_completion_by_the_end_of_a_year():
    got = paragraph_deadlines("+ Đến cuối năm 2017, thiết lập hệ thống giám sát và đánh giá để hỗ trợ cho việc thu "
                              "thập số liệu, phân tích các kết quả.", 2017)
    assert [(d["kind"], d["date"]) for d in got] == [("event", "2017-12-31")]


def test_a_case_is_not_a_due_date():
    text = ("Trường hợp nghị định, nghị quyết của Chính phủ; quyết định của Thủ tướng Chính phủ có quy định về thủ tục "
            "hành chính, điều kiện kinh doanh liên quan đến quy định tại Nghị quyết này được thông qua hoặc ban hành sau "
            "thời điểm Nghị quyết này có hiệu lực và thời điểm có hiệu lực trong khoảng thời gian từ ngày 29 tháng 4 năm "
            "2026 đến trước ngày 01 tháng 3 năm 2027 thì các quy định tương ứng trong Nghị quyết này hết hiệu lực.")
    assert paragraph_deadlines(text, 2026) == []


def test_two_quarters_joined_by_and():
    got = paragraph_deadlines("UBND xã Quy Mông phối hợp chủ đầu tư hoàn thành giải phóng mặt bằng trong Quý III và "
                              "Quý IV/2026.", 2026)
    assert [(d["start"], d["end"]) for d in got] == [("2026-07-01", "2026-12-31")]


def test_a_date_in_a_year_of_a_plan_period_does_not_recur_yearly():
    text = ("1. Trước ngày 30 tháng 6 năm thứ tư của kế hoạch đầu tư công trung hạn giai đoạn trước, Bộ Kế hoạch và Đầu "
            "tư xây dựng, trình Thủ tướng Chính phủ phê duyệt định hướng, tiêu chí phân bổ mức vốn đầu tư công trung hạn.")
    assert paragraph_deadlines(text, None, standing=True) == []


def test_a_header_in_two_rows_from_a_word_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("I. NHIỆM VỤ")
    table = document.add_table(rows=3, cols=5)
    for k, text in enumerate(["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian hoàn thành"]):
        table.cell(0, k).text = text
    table.cell(0, 2).merge(table.cell(0, 3))  # `Cơ quan thực hiện` over `Chủ trì | Phối hợp`
    for k, text in enumerate(["", "", "Chủ trì", "Phối hợp", ""]):
        if text:
            table.cell(1, k).text = text
    for k, text in enumerate(["1", "Rà soát, tham mưu điều chỉnh và triển khai quy hoạch các KCN, CCN mới.", "Sở Công Thương",
                              "Sở Xây dựng", "Quý III, IV/2026"]):
        table.cell(2, k).text = text
    path = tmp_path / "plan.docx"
    document.save(str(path))
    result = extract(path)
    assert [(d.kind, d.start, d.end, d.responsible) for d in result.deadlines] == [
        ("period", "2026-07-01", "2026-12-31", "Sở Công Thương")]
    assert [(a.agency, a.role) for a in result.agencies] == [("Sở Công Thương", "lead"), ("Sở Xây dựng", "support")]


def test_a_month_in_a_sentence():
    text = ("- Chủ trì, phối hợp với cơ quan liên quan rà soát tổng thể các phương tiện, thiết bị khai thác cát, sỏi lòng "
            "sông, suối, hồ so với thiết kế đã được phê duyệt; đối với những dự án đã được phê duyệt có sử dụng tàu cuốc "
            "theo thiết kế, chủ động hướng dẫn, đôn đốc, yêu cầu các đơn vị điều chỉnh thiết kế không sử dụng tàu cuốc, "
            "thời gian thực hiện xong trong tháng 6/2026; Trường hợp cố tình không thực hiện thì xử lý theo quy định.")
    assert [(d["kind"], d["start"], d["end"]) for d in paragraph_deadlines(text, 2026)] == [
        ("period", "2026-06-01", "2026-06-30")]


@pytest.mark.parametrize("text, standing", [
    # what has been done
    ("Đến ngày 25/02/2026, Chủ tịch Ủy ban nhân dân tỉnh đã phê duyệt điều chỉnh Quy hoạch tỉnh Lào Cai thời kỳ "
     "2021-2030, tầm nhìn đến năm 2050.", False),
    # a certificate's validity in a table of a record
    ("| 3 | Huỳnh Ngọc Hạnh | Giấy chứng nhận số 3/VC/2026/HT (loại 2, 3, 4, 9) do Công ty cổ phần tư vấn an toàn môi "
     "trường hóa chất HT tổ chức, có giá trị từ ngày 12/01/2026 đến ngày 11/01/2028 |", False),
    # an example in a form's instructions
    ("| Mục 3. | Thời hạn đề nghị cấp giấy phép: đánh dấu “X” vào ô thời gian tương ứng hoặc ghi thời hạn sử dụng cụ "
     "thể theo đề nghị của tổ chức, cá nhân. Ví dụ: “3 năm 2 tháng” hoặc “từ ngày 27/02/2023 đến ngày 25/4/2033” |", False),
    # once in a plan period, not every year
    ("g) Trước ngày 31 tháng 12 của năm cuối kỳ kế hoạch, Ủy ban nhân dân cấp tỉnh phải tổ chức xây dựng, phê duyệt kế "
     "hoạch phát triển nhà ở cho kỳ tiếp theo.", True),
])
def test_past_events_validity_examples_and_plan_periods(text, standing):
    assert paragraph_deadlines(masked(text), 2026, standing) == []


def test_a_report_tells_the_period_it_covers():
    text = ("1. Đối với hóa chất cần kiểm soát đặc biệt (nhóm 2): Trong giai đoạn từ ngày 17/01/2026 đến ngày 30/06/2026, "
            "Sở Công Thương tỉnh Lào Cai chưa tiếp nhận và thực hiện cấp Giấy phép xuất khẩu, nhập khẩu.")
    assert paragraph_deadlines(text, 2026, report=True) == []
    assert paragraph_deadlines(text, 2026)  # in a plan, the same words set a period


def test_a_vehicles_inspection_validity():
    text = ("theo Giấy phép lưu hành xe cơ giới (bản dịch công chứng) kèm theo hồ sơ, thời hạn kiểm định của phương tiện "
            "đến hết tháng 8/2026. Đề nghị rà soát, ghi thống nhất, chính xác thông tin kiểm định của phương tiện.")
    assert paragraph_deadlines(masked(text), 2026) == []


def test_a_law_in_chapters_sets_standing_rules(tmp_path):
    articles = "\n".join(f"Điều {n}. Quy định số {n}\nNội dung của điều {n}." for n in range(2, 12))
    path = tmp_path / "law.txt"
    path.write_text("LUẬT\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Hiệu lực thi hành\n"
                    "Trường hợp công trình thủy lợi đã xây dựng và khai thác trước ngày 01 tháng 01 năm 2013 mà chưa "
                    "được đăng ký, cấp phép khai thác thì phải đăng ký.\n"
                    "Việc kê khai phải hoàn thành trước ngày 31 tháng 12 của năm có biến động về tài sản, thu nhập.\n"
                    + articles + "\n", encoding="utf-8")
    got = [(d.date, d.month_day, d.recurrence) for d in extract(path).deadlines]
    assert got == [(None, "12-31", "annual")]


def test_paragraphs_without_a_date_word_hold_no_deadline():
    """`read_deadlines` skips paragraphs with none of `_DATE_WORDS` (a `d/m` date, `tháng`, `năm`,
    `quý`): on every corpus paragraph, the date patterns find nothing in those, standing rules or not."""
    from conftest import CORPUS

    from pipeline.deadlines import _may_hold_a_date
    from pipeline.ingest import read_document
    from pipeline.normalize import normalize_document

    skipped = 0
    for path in sorted(CORPUS.iterdir()):
        for para in normalize_document(read_document(path)).paragraphs:
            if not _may_hold_a_date(para.text):
                skipped += 1
                for standing in (False, True):
                    assert paragraph_deadlines(masked(para.text), 2025, standing) == [], para.text
    assert skipped > 100


def test_the_report_a_date_is_for_may_be_named_after_it():
    # ../shared/realcorpus (Thông tư 23/2024/TT-BCT): each date names its report after it
    text = ("c) Tổ chức sử dụng tiền chất thuốc nổ báo cáo Sở Công Thương theo quy định tại Mẫu số 02 Phụ lục X ban hành "
            "kèm theo Thông tư này trước ngày 18 tháng 6 đối với báo cáo sáu tháng và trước ngày 18 tháng 12 đối với báo "
            "cáo năm.")
    got = [(d["month_day"], d["subject"]) for d in paragraph_deadlines(text, None, standing=True)]
    assert got == [("06-18", "báo cáo 6 tháng"), ("12-18", "báo cáo năm")]


def test_the_time_a_text_is_in_force_is_no_deadline():
    # ../shared/realcorpus/legal/NQ-24-2026-NQ-CP-cat-giam-TTHC-XD
    text = "1. Nghị quyết này có hiệu lực thi hành từ ngày 29 tháng 4 năm 2026 đến trước ngày 01 tháng 03 năm 2027."
    assert paragraph_deadlines(masked(text), 2026) == []


def test_a_paper_issued_before_a_date_is_a_condition():
    # ../shared/realcorpus/legal/NQ-18-2026-NQ-CP-phan-quyen-cat-giam-TTHC: a transitional rule
    rule = ("Những người có chứng chỉ kế toán viên hoặc chứng chỉ hành nghề kế toán do Bộ Tài chính cấp theo quy định "
            "trước ngày 01 tháng 03 năm 2027 sẽ được dự thi để lấy chứng chỉ kiểm toán viên theo quy định.")
    assert paragraph_deadlines(masked(rule), 2026) == []
    # issuing is a task when its object stands between the verb and the date
    task = "Sở Công Thương hoàn thành cấp giấy chứng nhận cho các đơn vị trước ngày 30/6/2026."
    assert [d["date"] for d in paragraph_deadlines(masked(task), 2026)] == ["2026-06-30"]


def test_a_subject_keeps_its_cited_numbers_and_leaves_out_editors_notes():
    # ../shared/realcorpus/laocai/bao-cao-tinh-hinh-trien-khai-ccn and Thông_tư_08_2024_TT-BTNMT
    text = ("Trong nhóm này có 10 cụm công nghiệp chưa có Quyết định thành lập; theo quy định tại Nghị định số "
            "32/2024/NĐ-CP, các cụm này phải hoàn thiện thủ tục thành lập trước ngày 31/12/2026.")
    got = paragraph_deadlines(masked(text), 2026, original=text)
    assert [d["subject"] for d in got] == [
        "theo quy định tại Nghị định số 32/2024/NĐ-CP, các cụm này phải hoàn thiện thủ tục thành lập"]
    noted = ("c) Bộ Tài nguyên và Môi trường [Cụm từ này bị thay thế bởi Điểm a Khoản 2 Điều 10 Thông tư 23/2025/TT-BNNMT "
             "có hiệu lực từ ngày 01/07/2025] tổng hợp kết quả thống kê đất đai hằng năm của cả nước và công bố trước "
             "ngày 30 tháng 6 của hằng năm.")
    got = paragraph_deadlines(masked(noted), None, standing=True, original=noted)
    assert [d["subject"] for d in got] == [  # without the point's label `c)`
        "Bộ Tài nguyên và Môi trường tổng hợp kết quả thống kê đất đai hằng năm của cả nước và công bố"]
    # a subject is cut at a word's end, and does not end in the bracket its date opened (realcorpus)
    quarterly = "1. Định kỳ hằng quý (trước ngày 05 của tháng đầu quý), doanh nghiệp phải báo cáo tình hình hoạt động."
    assert [d["subject"] for d in paragraph_deadlines(quarterly, 2026)] == ["Định kỳ hằng quý"]
    rules_text = ("c) Có trách nhiệm tổng hợp, báo cáo theo định kỳ hàng quý (trước ngày 20 của tháng cuối quý), hàng "
                  "năm (trước ngày 10/12) hoặc đột xuất về công tác quản lý trật tự xây dựng trên địa bàn gửi Sở Xây dựng")
    assert [d["subject"] for d in paragraph_deadlines(rules_text, 2026)][0] == \
        "Có trách nhiệm tổng hợp, báo cáo theo định kỳ hàng quý"


def test_a_date_followed_by_the_numbered_letter_a_body_sent_is_past():
    # ../shared/realcorpus/laocai/VB-ra-soat-ho-so-Dong-Khe: a letter tells what happened by that date
    told = ("Đến ngày 12/6/2026, Sở Xây dựng có Văn bản số 3480/SXD-QLHĐXD phúc đáp Sở Công Thương (gửi kèm). Tại văn "
            "bản này, Sở Xây dựng đã làm rõ nội dung thứ nhất.")
    assert paragraph_deadlines(masked(told), 2026, original=told) == []
    # a letter named before the date asks for what is due by it
    asked = ("Ủy ban nhân dân tỉnh có Văn bản số 7569/UBND-KT yêu cầu các sở báo cáo kết quả trước ngày 30/7/2026.")
    assert [d["date"] for d in paragraph_deadlines(masked(asked), 2026, original=asked)] == ["2026-07-30"]

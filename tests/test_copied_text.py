"""A plan's text as users copy it out of a PDF: lines wrapped at the page's width, the page
numbers left between the pages (`2`, alone on a line, between blank lines). Such a copy must
read like the plan itself: the same targets, deadlines, agencies, citations, sections and
metadata (the copies are made here from the corpus plans)."""
from __future__ import annotations

import textwrap
from collections import Counter

import pytest
import regex

from pipeline import api
from pipeline.normalize import clean_line, lines_to_paragraphs, normalize_document
from pipeline.ingest import read_document
from pipeline.ocrfix import drop_running_lines
from pipeline.records import SourceLine

from conftest import ROOT, corpus_file, corpus_lines

REAL = ROOT.parent / "shared" / "realcorpus"


def pdf_copy(text: str, width: int = 80, page: int = 45) -> str:
    """The text hard-wrapped at `width` (table rows, which a copy keeps whole, left alone), with
    a page number between blank lines every `page` lines, indented as `pdftotext -layout` does."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("|") or len(line) <= width:
            lines.append(line)
        else:
            lines.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    out = []
    for i, line in enumerate(lines):
        if i and i % page == 0:
            out += ["", " " * 40 + str(i // page + 1), ""]
        out.append(line)
    return "\n".join(out)


def _rows(result) -> dict[str, Counter]:
    d = result.document
    return {
        "targets": Counter((t.comparator, t.value, t.unit, t.target_year, t.metric) for t in result.indicators),
        "deadlines": Counter((x.kind, x.date, x.month_day, x.start, x.end) for x in result.deadlines),
        "agencies": Counter((a.role, a.agency) for a in result.agencies),
        "citations": Counter((c.key, c.relation) for c in result.citations),
        "sections": Counter((s.section_id, s.kind) for s in result.sections),
        "document": Counter([(d.doc_type, d.number, d.issuer, d.issue_date, d.title, d.signer)]),
    }


@pytest.mark.parametrize("stem", ["002_cb41b1295af3bb46", "004_57d55756dd206766", "qd419_ttg_2017_redd"])
def test_a_pdf_copy_with_its_page_numbers_reads_like_the_plan(stem, tmp_path):
    # 002: `… xuống 17% vào năm` / `2` (the page) / `2025 …` must not read the page as the year;
    # 004: the title has no full stop and the preamble (`Thực hiện Công văn số 75/KH-UBND …`)
    # follows after a blank line; qd419: its table rows are long, the execution article's lines
    # short (`Điều 3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc` /
    # `Chính phủ, …`), and a page number falls inside its task table.
    source = corpus_file(stem)
    copy = tmp_path / source.name
    copy.write_text(pdf_copy(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert _rows(api.extract(copy)) == _rows(api.extract(source))


def _clean(texts: list[str]):
    return [clean_line(SourceLine(no=i, text=t)) for i, t in enumerate(texts, start=1)]


def test_page_numbers_are_told_from_numbers_by_their_sequence():
    # a letter copied out of its PDF (realcorpus): the page's last line, its number, the next page
    body = ["CT/TU ngày 04/02/2026 của BTV Tỉnh ủy; Các văn bản chỉ đạo, yêu cầu và hướng dẫn của Ủy ban",
            "nhân dân tỉnh, Sở Nông nghiệp và Môi trường…"] * 8
    texts = body + ["", "                                        2", ""] + body + ["", "3", ""] + body
    lines, removed = drop_running_lines(_clean(texts))
    assert [cl.text for cl in lines if cl.text] == [clean_line(SourceLine(1, t)).text for t in body * 3]
    assert removed == ["2 page numbers"]
    # one lone number is not a sequence; nor are the numbers of a table's cells, a line apart
    lone = body + ["", "2", ""] + body
    assert "2" in [cl.text for cl in drop_running_lines(_clean(lone))[0]]
    cells = ["STT", "Nội dung", "1", "Kiểm tra kho vật liệu nổ công nghiệp", "2", "Kiểm tra hồ sơ", "3", "Báo cáo"]
    assert [cl.text for cl in drop_running_lines(_clean(cells))[0]] == cells


def test_a_page_number_ocr_read_with_a_digit_lost_goes_with_its_pages():
    body = ["Điều kiện bảo đảm an toàn trong thi công xây dựng công trình theo quy định của pháp luật"] * 14
    texts = []
    for n in ("20", "21", "2", "23", "24"):  # page 22 read as `2`
        texts += body + ["", n, ""]
    lines, removed = drop_running_lines(_clean(texts))
    assert removed == ["5 page numbers"] and not any(cl.text.isdigit() for cl in lines)


@pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/realcorpus")
def test_a_real_copy_keeps_its_sentences_across_the_page_break():
    path = REAL / "laocai" / "KH-1105-DKT-ke-hoach-kiem-tra.txt"
    doc = normalize_document(read_document(path))
    assert "removed 4 page numbers" in "; ".join(doc.raw.notes)
    texts = [p.text for p in doc.paragraphs]
    assert not any(t.strip().isdigit() for t in texts)


def test_a_preamble_after_a_blank_line_is_not_the_title_running_on():
    title = "Triển khai thực hiện công tác trẻ em trên địa bàn thị xã Đức Phổ năm 2023"
    preamble = ["Thực hiện Công văn số 75/KH-UBND ngày 04/4/2023 của UBND tỉnh Quảng Ngãi triển",
                "khai thực hiện công tác trẻ em trên địa bàn tỉnh Quảng Ngãi năm 2023 và đề nghị"]
    wrapped = ["của Phòng Lao động - Thương binh và Xã hội tại Tờ trình số 346/TTr-PLTBXH ngày"] * 10
    paragraphs = lines_to_paragraphs(_clean(["KẾ HOẠCH", title, ""] + preamble + wrapped))
    assert paragraphs[1].text == title
    assert paragraphs[2].text.startswith("Thực hiện Công văn")
    # without the blank line the two are still two (the title's line was short), and a line in the
    # middle of a sentence that starts with the word in lower case runs on
    joined = lines_to_paragraphs(_clean(wrapped[:3] + ["thực hiện Công văn số 75/KH-UBND"] + wrapped[3:]))
    assert len(joined) == 1


# --- how plans number their parts and points -------------------------------------------------
_LABEL = regex.compile(r"(?m)^([IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])([.)])(\s)")


def _relabel(text: str, sep: str, letters: bool) -> str:
    """`I.` / `1.` / `a)` written `I/` / `1/` / `a/` (or with a dash): the labels of many district
    and commune plans, and of older laws (`2- Chính phủ xét duyệt quy hoạch …`)."""
    def one(m):
        if m.group(2) == ")" and not letters:
            return m.group(0)
        return m.group(1) + sep + m.group(3)
    return _LABEL.sub(one, text)


@pytest.mark.parametrize("sep,letters", [("/", True), ("-", False)])
def test_parts_and_points_numbered_with_a_slash_or_a_dash_read_like_dots(sep, letters, tmp_path):
    for stem in ("002_cb41b1295af3bb46", "qd435_kontum_2020_quanhelaodong"):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(_relabel(source.read_text(encoding="utf-8"), sep, letters), encoding="utf-8")
        assert _rows(api.extract(copy)) == _rows(api.extract(source)), stem


def test_a_dash_label_is_a_clause_and_a_formulas_term_is_not_a_part():
    from pipeline.normalize import label_of

    m = label_of("2- Chính phủ xét duyệt quy hoạch, kế hoạch sử dụng đất đai của các Bộ, cơ quan ngang Bộ")
    assert m and m.group("num") == "2"
    assert label_of("I/ MỤC ĐÍCH, YÊU CẦU").group("roman") == "I"
    assert label_of("a/ Tuyên truyền, phổ biến pháp luật").group("letter") == "a"
    assert label_of("V/V TRIỂN KHAI THỰC HIỆN") is None  # `về việc`, not part V
    assert label_of("1/2 số xã đạt chuẩn") is None and label_of("01/KH-UBND ngày 05/01/2024") is None
    # a formula's terms (`Thn = T : X` / `Trong đó:` / `T - Tổng số tiền …` / `X - Số lần nộp …`)
    from pipeline.segment import paragraphs_to_sections
    from pipeline.records import RawDocument

    texts = ["Điều 132. Công thức tính tiền cấp quyền khai thác khoáng sản",
             "2. Số tiền cấp quyền khai thác khoáng sản hàng năm được xác định như sau:", "Thn = T : X", "Trong đó:",
             "X - Số lần nộp tiền cấp quyền khai thác khoáng sản được tính theo năm, kể từ năm cấp giấy phép",
             "Điều 133. Trữ lượng, khối lượng khoáng sản tính tiền cấp quyền khai thác khoáng sản"]
    raw = RawDocument(doc_id="x", source="x.txt", format="txt", sha256="", encoding="utf-8",
                      lines=[SourceLine(no=i, text=t) for i, t in enumerate(texts, start=1)])
    ids = [s.section_id for s in paragraphs_to_sections(normalize_document(raw))]
    assert ids == ["D132", "D132.2", "D133"]


@pytest.mark.parametrize("bullet", ["+ ", "– "])
def test_bullets_written_with_a_plus_or_an_en_dash_read_like_hyphens(bullet, tmp_path):
    # `- Bộ Tài chính:` / `- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với …` under an item
    # that names no single body: each bullet names the body it addresses, whatever its mark
    for stem in ("qd419_ttg_2017_redd", "qd435_kontum_2020_quanhelaodong"):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(regex.sub(r"(?m)^- ", bullet, source.read_text(encoding="utf-8")), encoding="utf-8")
        assert _rows(api.extract(copy))["agencies"] == _rows(api.extract(source))["agencies"], stem


# --- how plans write a target's year and its sign ---------------------------------------------
@pytest.mark.parametrize("pattern,replacement", [
    (r"vào năm (20\d\d)", r"năm \1"),  # `… dưới 9,5 năm 2025 và dưới 9 năm 2030`
    (r"(?:vào|đến) năm (20\d\d)", r"đến hết năm \1"),  # also `từ năm 2025 đến hết năm 2030`
    (r"vào năm (20\d\d)", r"vào cuối năm \1"),
    (r"(\d)%", r"\1 phần trăm"),  # the sign spelled out
    (r"Chỉ tiêu (\d+):", r"Chỉ tiêu số \1:"), (r"Chỉ tiêu (\d+):", r"Chỉ tiêu \1 -"),  # numbered targets
    (r"đạt trên", "đạt hơn"), (r"đạt (\d)", r"đạt mức \1"), (r"ít nhất", "ít nhất là"),  # comparators
])
def test_years_and_percents_written_other_ways_read_the_same(pattern, replacement, tmp_path):
    # national_qd23 line 23: `Giảm tỷ suất tử vong trẻ sơ sinh trên 1.000 trẻ đẻ sống dưới 9,5 vào
    # năm 2025 và dưới 9 vào năm 2030`: bare numbers whose unit the metric names
    for stem in ("002_cb41b1295af3bb46", "national_qd23_ttg_2021", "qd419_ttg_2017_redd"):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(regex.sub(pattern, replacement, source.read_text(encoding="utf-8")), encoding="utf-8")

        def targets(path):
            return Counter((t.indicator_no, t.comparator, t.value, t.unit, t.target_year)
                           for t in api.extract(path).indicators)

        assert targets(copy) == targets(source), stem


# --- how plans write their dates ----------------------------------------------------------------
@pytest.mark.parametrize("pattern,replacement", [
    (r"(\b\d{1,2})/(\d{1,2})/(20\d\d)", r"\1-\2-\3"),  # `trước ngày 30-10-2021`
    (r"(\b\d{1,2})/(\d{1,2})/(20\d\d)", r"\1.\2.\3"),  # `trước ngày 05.12.2023`
    (r"Quý IV", "Quý 4"), (r"Quý I\b", "Quý 1"),  # `trong Quý 1 năm 2021`, `Quý I- 4/2024`
    (r"trước ngày (\d)", r"trước \1"),  # `trước 15/6 và 15/12 hàng năm`
    (r"trước ngày", "chậm nhất trước ngày"),  # `định kỳ 6 tháng (chậm nhất trước ngày 31/5/2023)`
    (r"tháng (\d{1,2})/(20\d\d)", r"tháng \1 năm \2"),  # `từ đầu tháng 5 năm 2021`
])
def test_dates_written_other_ways_read_the_same(pattern, replacement, tmp_path):
    for stem in ("000_af98d75339ed8083", "001_aa895cb07729ff69", "003_2bd3cd32362b3bc4", "004_57d55756dd206766"):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(regex.sub(pattern, replacement, source.read_text(encoding="utf-8")), encoding="utf-8")
        assert _rows(api.extract(copy))["deadlines"] == _rows(api.extract(source))["deadlines"], stem


def test_month_ranges_and_dates_due_without_their_day_word():
    from pipeline.deadlines import paragraph_deadlines

    def got(text, year=2026):
        return [(d["kind"], d["date"], d["start"], d["end"]) for d in paragraph_deadlines(text, year)]

    # real sentences (realcorpus): a resolution's appendix, a report's table of projects, a report on a company
    assert got("Thời gian hoàn thành trước 01 tháng 3 năm 2027.") == [("event", "2027-03-01", None, None)]
    assert got("Chủ đầu tư hoàn thành chuẩn bị đầu tư Quý III/2026; thi công xây dựng từ tháng 9/2026 đến "
               "tháng 3/2029 (30 tháng), gồm 06 hạng mục chính.") == [
        ("period", None, "2026-07-01", "2026-09-30"), ("period", None, "2026-09-01", "2029-03-31")]
    assert got("Theo báo cáo của công ty từ tháng 4 năm 2026 đến nay, Công ty đang sửa chữa thay thế một thiết bị.") == []


# --- how plans abbreviate the names of bodies and word their roles -------------------------------
@pytest.mark.parametrize("pattern,replacement", [
    (r"thành phố", "TP"),  # `Chủ tịch UBND các huyện, TP`, `UBND các tỉnh, TP trực thuộc trung ương`
    (r"trung ương", "TW"),
    (r"Mặt trận Tổ quốc Việt Nam", "MTTQVN"),  # `Ủy ban MTTQVN huyện`
    (r"phối hợp với", "phối hợp cùng"),
    # the fields of ministries and departments: `Bộ NN&PTNT`, `Bộ KH&ĐT`, `Bộ TN&MT`, `Sở VHTT&DL`
    (r"Nông nghiệp và Phát triển nông thôn", "NN&PTNT"), (r"Kế hoạch và Đầu tư", "KH&ĐT"),
    (r"Tài nguyên và Môi trường", "TN&MT"), (r"Văn hóa, Thể thao và Du lịch", "VHTT&DL"),
])
def test_bodies_abbreviated_or_joined_other_ways_read_the_same(pattern, replacement, tmp_path):
    for stem in ("001_aa895cb07729ff69", "national_qd23_ttg_2021", "qd419_ttg_2017_redd",
                 "qd435_kontum_2020_quanhelaodong"):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(regex.sub(pattern, replacement, source.read_text(encoding="utf-8")), encoding="utf-8")

        def bodies(path):
            return Counter((a.line, a.role, a.agency_canonical) for a in api.extract(path).agencies)

        assert bodies(copy) == bodies(source), stem


def test_a_place_and_date_written_in_figures_dates_the_plan(tmp_path):
    # `Hà Nội, ngày 07/01/2021` for `Hà Nội, ngày 07 tháng 01 năm 2021`, `Hương Khê, ngày 28-5-2021`
    for stem, sep in (("national_qd23_ttg_2021", "/"), ("002_cb41b1295af3bb46", "-"), ("qd419_ttg_2017_redd", ".")):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(regex.sub(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (20\d\d)", rf"ngày \1{sep}\2{sep}\3",
                                  source.read_text(encoding="utf-8")), encoding="utf-8")
        assert _rows(api.extract(copy))["document"] == _rows(api.extract(source))["document"], stem
    # minutes are dated by their meeting (realcorpus: `Hôm nay, ngày 29/6/2026, Sở Công Thương tiến hành …`)
    from pipeline.metadata import read_date

    assert read_date(["BIÊN BẢN", "Hôm nay, ngày 29/6/2026, Sở Công Thương tiến hành kiểm tra thực tế kho"])[0] \
        == "2026-06-29"


def test_documents_cited_by_their_type_abbreviation(tmp_path):
    # `Thực hiện KH số 88/KH-UBND …`, `QĐ số 2482/QĐ-UBND`, `NQ số 121/2020/QH14`, `(Kèm theo QĐ số 1422/QĐ-TTg …)`
    subs = [(r"Quyết định số", "QĐ số"), (r"Kế hoạch số", "KH số"), (r"Nghị quyết số", "NQ số"), (r"Nghị định số", "NĐ số")]
    for stem in ("000_af98d75339ed8083", "001_aa895cb07729ff69", "002_cb41b1295af3bb46", "qd1422_ttg_2024_thichung_bdkh"):
        source = corpus_file(stem)
        text = source.read_text(encoding="utf-8")
        for a, b in subs:
            text = regex.sub(a, b, text)
        copy = tmp_path / source.name
        copy.write_text(text, encoding="utf-8")
        new, old = _rows(api.extract(copy)), _rows(api.extract(source))
        assert new["citations"] == old["citations"] and new["document"] == old["document"], stem
    # real rows (realcorpus): a report's table of decisions, a list of decrees
    from pipeline.citations import find_citations

    got = [(f["key"], f["doc_type"], f["issue_date"], f["issuer"]) for _, _, f in find_citations(
        "Thành lập theo QĐ số 1955/QĐ-UBND ngày 19/6/2025; NĐ số 17/2020/NĐ-CP ngày 05/2/2020 của Chính Phủ "
        "NĐ số 113/2017/NĐ-CP")]
    assert got == [("1955/QĐ-UBND", "quyet_dinh", "2025-06-19", None), ("17/2020/NĐ-CP", "nghi_dinh", "2020-02-05", "Chính Phủ"),
                   ("113/2017/NĐ-CP", "nghi_dinh", None, None)]


def test_an_organisation_section_written_as_bullets_reads_like_numbered_items(tmp_path):
    # `1. Phòng Lao động - TB&XH huyện` / `- Xây dựng kế hoạch …; Phối hợp với các ban, ngành, đoàn thể
    # huyện …` written `- Phòng Lao động - TB&XH huyện` (a bullet naming the body, its tasks under it, as
    # bullets or as lettered points: `- Cục Biến đổi khí hậu có trách nhiệm:` / `a) Chủ trì, phối hợp với …`)
    heads = (r"(Phòng|Sở|Trung tâm|Công an|Trạm|Ủy ban|UBND|Hội|Đoàn|Ban|Bộ|Cục|Viện|Vụ|Vu|Báo|Đề nghị|Bảo hiểm|Đài|"
             r"Liên đoàn|Huyện đoàn|Các|Công chức|Trường|Văn phòng)")
    for stem in ("001_aa895cb07729ff69", "002_cb41b1295af3bb46", "kh09_btnmt_2024_tinchi_cacbon"):
        source = corpus_file(stem)
        copy = tmp_path / source.name
        copy.write_text(regex.sub(rf"(?m)^\d{{1,2}}\.\s+{heads}", r"- \1", source.read_text(encoding="utf-8")),
                        encoding="utf-8")

        def bodies(path):
            return Counter((a.line, a.role, a.agency_canonical) for a in api.extract(path).agencies)

        assert bodies(copy) == bodies(source), stem


@pytest.mark.parametrize("pattern,replacement", [
    (r"Thời gian: Quý I ?- IV/(20\d\d)", r"Thời gian: năm \1"),  # a whole year, in words
    (r"Thời gian: Quý II- III/(20\d\d)", r"Thời gian: Từ tháng 4 đến tháng 9 năm \1"),  # months of one year
    (r"Thời gian: Quý II- III/(20\d\d)", r"Thời gian: Tháng 4 - 9/\1"),
    (r"Thời gian: Quý I ?- IV/(20\d\d)", r"Thời gian: Thường xuyên trong năm \1"),
])
def test_a_tasks_time_written_as_a_year_or_months_reads_as_the_same_period(pattern, replacement, tmp_path):
    source = corpus_file("003_2bd3cd32362b3bc4")  # `Thời gian: Quý I- IV/2024.`, `Thời gian: Quý II- III/2024.`
    copy = tmp_path / source.name
    copy.write_text(regex.sub(pattern, replacement, source.read_text(encoding="utf-8")), encoding="utf-8")
    assert _rows(api.extract(copy))["deadlines"] == _rows(api.extract(source))["deadlines"]


def test_a_day_of_each_quarter_or_month():
    from pipeline.deadlines import paragraph_deadlines

    def got(text):
        return [(d["kind"], d["date"], d["month_day"], d["recurrence"]) for d in paragraph_deadlines(text, 2026)]

    # realcorpus: a provincial decision's rules, a ministry's action programme
    assert got("c) Có trách nhiệm tổng hợp, báo cáo theo định kỳ hàng quý (trước ngày 20 của tháng cuối quý), hàng "
               "năm (trước ngày 10/12) hoặc đột xuất về công tác quản lý trật tự xây dựng trên địa bàn gửi Sở Xây dựng") \
        == [("report", None, "---20", "quarterly"), ("report", None, "12-10", "annual")]
    assert got("3.3. Báo cáo, đánh giá tình hình thực hiện Chương trình hành động hàng quý trước ngày 15 của tháng "
               "cuối quý, trong đó lưu ý kết quả thực hiện các chỉ tiêu, nhiệm vụ") == [("report", None, "---15", "quarterly")]
    assert got("Định kỳ hằng tháng, trước ngày 25 báo cáo kết quả về UBND xã.") == [("report", None, "---25", "monthly")]
    # a day in a condition is no deadline
    assert got("Trường hợp hồ sơ đầy đủ và được tiếp nhận trước ngày 15 của tháng đó thì được thông báo hằng tháng.") == []


def test_a_title_in_capitals_over_two_lines_is_one_title():
    from pipeline.metadata import read_type_and_title

    # realcorpus, a circular's web copy: the trích yếu's second line in capitals
    first = ("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ 12/2015/TT-BTC NGÀY 30 THÁNG 01 NĂM 2015 CỦA BỘ TRƯỞNG BỘ "
             "TÀI CHÍNH QUY ĐỊNH CHI TIẾT THỦ TỤC CẤP CHỨNG CHỈ NGHIỆP VỤ KHAI HẢI QUAN; CẤP VÀ THU HỒI MÃ SỐ NHÂN "
             "VIÊN ĐẠI LÝ LÀM THỦ TỤC HẢI QUAN;")
    second = "TRÌNH TỰ, THỦ TỤC CÔNG NHẬN VÀ HOẠT ĐỘNG ĐẠI LÝ LÀM THỦ TỤC HẢI QUAN"
    slug, title, _ = read_type_and_title(["BỘ TÀI CHÍNH", "Số: 22/2019/TT-BTC", "THÔNG TƯ", first, second,
                                          "Căn cứ Luật Hải quan ngày 23 tháng 06 năm 2014;"])
    assert slug == "thong_tu" and title.endswith("MÃ SỐ NHÂN VIÊN ĐẠI LÝ LÀM THỦ TỤC HẢI QUAN; " + second)
    # the office under a decision's title is not its title (corpus: qd419)
    slug, title, _ = read_type_and_title(["QUYẾT ĐỊNH", "PHÊ DUYỆT CHƯƠNG TRÌNH QUỐC GIA VỀ GIẢM PHÁT THẢI KHÍ NHÀ "
                                          "KÍNH THÔNG QUA HẠN CHẾ MẤT VÀ SUY THOÁI RỪNG", "THỦ TƯỚNG CHÍNH PHỦ"])
    assert title.endswith("SUY THOÁI RỪNG")


def test_a_letters_subject_going_on_in_the_header_tables_cells():
    from pipeline.metadata import read_subject

    # realcorpus, a department's letter (.doc): the V/v cell and the cells under it
    pieces = ["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: /SCT - CN", "Lào Cai, ngày tháng 11 năm 2025",
              "V/v thẩm định thiết kế bản vẽ thi công điều chỉnh",
              '"Dự án đầu tư xây dựng công trình khai thác mỏ đá hoa trắng khu vực Làng Lạnh II, xã Liễu Đô, huyện',
              'Lục Yên, tỉnh Yên Bái"', "Kính gửi: Công ty TNHH Sản xuất và Thương mại Chân Thiện Mỹ"]
    subject, _ = read_subject(pieces)
    assert subject.startswith('thẩm định thiết kế bản vẽ thi công điều chỉnh "Dự án đầu tư') \
        and subject.endswith('huyện Lục Yên, tỉnh Yên Bái"')
    # a subject on its own line ends there (the next piece is the addressee)
    assert read_subject(["V/v triển khai thực hiện thủ tục cấp phép", "Kính gửi: Sở Xây dựng"])[0] \
        == "triển khai thực hiện thủ tục cấp phép"


# --- targets as a table -------------------------------------------------------------------------------
_WRITTEN = {  # a comparator as a cell writes it, in symbols and in words
    "symbols": {">=": "≥{v}", ">": ">{v}", "<": "<{v}", "<=": "≤{v}", "=": "{v}", "~": "~{v}"},
    "words": {">=": "Từ {v} trở lên", ">": "Trên {v}", "<": "Dưới {v}", "<=": "Không quá {v}", "=": "{v}",
              "~": "Khoảng {v}"},
}


@pytest.mark.parametrize("written", ["symbols", "words"])
@pytest.mark.parametrize("head", [("Đơn vị tính", "Năm 2025", "Năm 2030"), ("ĐVT", "Mục tiêu năm 2025", "Đến năm 2030")])
def test_targets_restated_as_a_table_read_the_same(written, head, tmp_path):
    # the Chỉ tiêu sentences of a district plan (002: `Phấn đấu đến năm 2025 có 90% xã, thị trấn …`) put in
    # the appendix table many plans use instead: one row a quantity, one column a year
    by_metric: dict = {}
    for t in api.extract(corpus_file("002_cb41b1295af3bb46")).indicators:
        if t.target_year in (2025, 2030) and t.unit in ("%", "per_1000") and t.value is not None:
            by_metric.setdefault((t.metric, t.unit), {})[t.target_year] = t
    lines = ["KẾ HOẠCH", "Thực hiện chương trình hành động vì trẻ em giai đoạn 2021 - 2030", "II. MỤC TIÊU",
             f"| STT | Chỉ tiêu | {head[0]} | {head[1]} | {head[2]} |", "| --- | --- | --- | --- | --- |"]
    want = Counter()
    for k, ((metric, unit), years) in enumerate(by_metric.items(), start=1):
        if set(years) != {2025, 2030}:
            continue
        cells = []
        for year in (2025, 2030):
            t = years[year]
            cells.append(_WRITTEN[written][t.comparator].format(v=f"{t.value:g}".replace(".", ",")))
            want[(t.comparator, t.value, t.unit, year)] += 1
        lines.append(f"| {k} | {metric} | {'%' if unit == '%' else '‰'} | {cells[0]} | {cells[1]} |")
    path = tmp_path / "table.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = Counter((t.comparator, t.value, t.unit, t.target_year) for t in api.extract(path).indicators)
    assert sum(want.values()) >= 40 and got == want


def test_a_level_written_from_and_up_keeps_the_metric(tmp_path):
    # 002 `Chỉ tiêu 5: Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin đạt trên 95% …` written
    # `… đạt từ 95% trở lên …`: the same metric, without `đạt từ`
    source = corpus_file("002_cb41b1295af3bb46")
    copy = tmp_path / source.name
    copy.write_text(regex.sub(r"đạt trên (\d+)%", r"đạt từ \1% trở lên", source.read_text(encoding="utf-8")),
                    encoding="utf-8")

    def metrics(path):
        return {(t.line, t.value, t.target_year): t.metric for t in api.extract(path).indicators}

    old, new = metrics(source), metrics(copy)
    changed = [k for k in old if "đạt trên" in corpus_lines("002_cb41b1295af3bb46")[k[0] - 1]]
    assert changed and all(new[k] == old[k] for k in changed)


@pytest.mark.parametrize("note", ["(Ký, ghi rõ họ tên, đóng dấu)", "(Ký tên, đóng dấu)", "(Đã ký)"])
def test_a_signature_note_above_the_signers_name(note, tmp_path):
    # `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / `(Ký, ghi rõ họ tên, đóng dấu)` / `Vũ Xuân Thịnh`: a template's or a
    # copy's note between the title and the name
    for stem in ("001_aa895cb07729ff69", "004_57d55756dd206766", "qd419_ttg_2017_redd"):
        source = corpus_file(stem)
        signer = api.extract(source).document.signer
        copy = tmp_path / source.name
        copy.write_text(source.read_text(encoding="utf-8").replace(signer, f"{note}\n{signer}"), encoding="utf-8")
        assert _rows(api.extract(copy))["document"] == _rows(api.extract(source))["document"], stem


def test_a_signers_name_in_capitals(tmp_path):
    # `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / `PHẠM PHI KHANH`: the name on its own line, in capitals
    for stem in ("000_af98d75339ed8083", "001_aa895cb07729ff69", "004_57d55756dd206766"):
        source = corpus_file(stem)
        signer = api.extract(source).document.signer
        copy = tmp_path / source.name
        copy.write_text(source.read_text(encoding="utf-8").replace(signer, signer.upper()), encoding="utf-8")
        assert _rows(api.extract(copy))["document"] == _rows(api.extract(source))["document"], stem
    # an office's words after a title are no name (realcorpus, an OCR'd permit: `CỤC TRƯỞNG` / `TIÊU CHUẨN …`)
    from pipeline.metadata import _caps_name

    tail = "TUQ. BỘ TRƯỞNG Q. TỔNG CỤC TRƯỞNG TIÊU CHUẨN"
    assert _caps_name(tail, tail.index(" TIÊU"), {len(tail)}) is None

"""report.html and the source pages, as an auditor uses them: Vietnamese first, plans by name,
charts, filters, and links from every finding and row to the highlighted source line."""
from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from conftest import CORPUS
from pipeline import cli, report, ui


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert cli.main(["run", str(CORPUS), "--out", str(out), "-q"]) == 0
    return out


def page(out) -> str:
    return (out / "report.html").read_text(encoding="utf-8")


def findings(out) -> list[dict]:
    with (out / "findings.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_report_is_vietnamese_and_names_plans(out):
    text = page(out)
    assert '<html lang="vi">' in text and "Rà soát kế hoạch: các phát hiện" in text
    assert "KH 80/KH-UBND ngày 28/05/2021 — UBND huyện Hương Khê" in text
    assert "QĐ 23/QĐ-TTg ngày 07/01/2021 — Thủ tướng Chính phủ" in text
    assert "Lỏng hơn văn bản tham chiếu" in text and "cảnh báo" in text
    assert "the plan sets" not in text and "weaker_than_parent —" not in text
    assert "kế hoạch đặt &gt;= 70% cho năm 2025, Chương trình quốc gia 23/QĐ-TTg đặt &gt;= 95% cho năm 2025" in text


def test_every_corpus_finding_detail_has_a_vietnamese_form(out):
    rows = findings(out)
    assert rows
    untranslated = {r["detail"] for r in rows if not ui.translated(r["detail"])}
    untranslated |= {r["reference"] for r in rows if r["reference"] and not ui.translated(r["reference"])}
    assert not untranslated


def test_english_on_request(tmp_path):
    assert cli.main(["run", str(CORPUS / "002_cb41b1295af3bb46.txt"), str(CORPUS / "national_qd23_ttg_2021.txt"),
                     "--out", str(tmp_path), "-q", "--lang", "en"]) == 0
    text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Plan audit: findings" in text
    assert "Plan 80/KH-UBND of 28/05/2021 — UBND huyện Hương Khê" in text
    assert "the plan sets &gt;= 70% for 2025" in text and "weaker than the reference" in text
    ui.set_lang("vi")  # back to the default language for the other tests


def test_chart_per_plan_shows_weaker_and_stricter(out):
    text = page(out)
    section = text.split('<h2 id="002_cb41b1295af3bb46">')[1].split("<h2 ")[0]
    svg = re.search(r"<svg .*?</svg>", section, re.S).group(0)
    rows = findings(out)
    compared = [r for r in rows if r["doc_id"] == "002_cb41b1295af3bb46"
                and r["kind"] in ("weaker_than_parent", "stricter_than_parent")]
    groups = re.findall(r'<g class="(weaker|stricter)">(.*?)</g>', svg, re.S)
    assert sorted(g for g, _ in groups) == sorted("weaker" if r["kind"] == "weaker_than_parent" else "stricter"
                                                   for r in compared)
    # TE19 2025: the plan's 70% bar stops before the reference's 95% tick, in red
    g = next(body for kind, body in groups if ">TE19 · 2025<" in body)
    widths = [float(w) for w in re.findall(r'<rect x="120" y="[\d.]+" width="([\d.]+)" height="12" fill="#c62828"', g)]
    tick = float(re.search(r'<line x1="([\d.]+)"', g).group(1))
    assert widths and 120 + widths[0] < tick
    assert abs((120 + widths[0] - 120) / (tick - 120) - 70 / 95) < 0.01
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_filters_by_severity_and_kind(out):
    text = page(out)
    rows = findings(out)
    for s in {r["severity"] for r in rows}:
        assert f'name="severity" value="{s}"' in text
    for k in {r["kind"] for r in rows}:
        assert f'name="kind" value="{k}"' in text
    assert text.count('class="finding ') == len(rows)
    assert len(re.findall(r'class="finding \w+" data-severity="\w+" data-kind="\w+"', text)) == len(rows)


def _links(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a class="src" href="([^"]+)"', text)]


def _anchor_exists(out: Path, href: str) -> bool:
    path, _, frag = href.partition("#")
    path = urllib.parse.unquote(path.split("?")[0])
    target = out / path
    return target.exists() and f'id="{frag}"' in target.read_text(encoding="utf-8")


def test_every_finding_and_row_links_to_its_source_line(out):
    text = page(out)
    links = _links(text)
    rows = findings(out)
    with_line = [r for r in rows if r["line"]]
    assert len(links) >= len(with_line)
    for href in links:
        assert _anchor_exists(out, href), href
    # every extracted row of a plan has its link: the indicators of 002 by line
    with (out / "indicators.csv").open(encoding="utf-8", newline="") as fh:
        lines = {r["line"] for r in csv.DictReader(fh) if r["doc_id"] == "002_cb41b1295af3bb46"}
    linked = {h.split("#L")[1] for h in links if h.startswith("sources/002_cb41b1295af3bb46.html")}
    assert lines <= linked


def test_source_page_escapes_text_and_numbers_lines():
    from pipeline.records import DocumentRow

    doc = DocumentRow(doc_id="x", source="x.txt", format="txt", sha256="", number="1/KH-UBND", issuer="UBND xã A")
    text = report.render_source(doc, [(1, None, "<script>alert(1)</script>"), (2, None, "Chỉ tiêu 1")])
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'id="L2"' in text and 'href="#L2">2</a>' in text and "1/KH-UBND — UBND xã A" in text
    pdf = report.render_source(doc, [(1, 1, "a"), (1, 2, "b")])
    assert 'id="p1-L1"' in pdf and 'id="p2-L1"' in pdf


def test_report_escapes_titles_and_script_in_text(out):
    from pipeline.records import Finding

    f = Finding(doc_id="x", kind="impossible_value", severity="error", code=None,
                detail="<b>x</b>", line=3, text="<script>alert(1)</script> dưới 0‰")
    text = report.render([f], {"x": "<b>title</b>"})
    assert "<script>alert" not in text and "&lt;script&gt;alert(<mark>1</mark>)&lt;/script&gt;" in text
    assert "&lt;b&gt;title&lt;/b&gt;" in text and "<b>x</b>" not in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_chromium_follows_a_finding_to_the_highlighted_source_line(out, tmp_path):
    text = page(out)
    block = text.split('data-kind="weaker_than_parent"')[1].split("</div>\n<div class=\"finding")[0]
    href = _links(block)[0]
    quote = html.unescape(re.search(r"<blockquote>(.*?)</blockquote>", block, re.S).group(1))
    quote = re.sub(r"</?mark>", "", quote)
    url = (out / "report.html").as_uri().rsplit("/", 1)[0] + "/" + href
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                         check=True, capture_output=True, timeout=120, text=True).stdout
    frag = href.split("#")[1]
    line = re.search(rf'<div class="ln" id="{frag}">.*?</div>', dom, re.S).group(0)
    marked = "".join(re.findall(r'<mark class="cite">(.*?)</mark>', dom, re.S))
    assert '<mark class="cite">' in line, "the cited span starts on the linked line"

    def letters(s):
        return re.sub(r"\W+", "", html.unescape(s)).lower()

    assert letters(marked) and letters(marked) in letters(quote) and len(letters(marked)) > 0.8 * len(letters(quote))


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_chromium_applies_the_filters(out, tmp_path):
    rows = findings(out)
    url = (out / "report.html").as_uri() + "?hide=info,citation_mismatch"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                         check=True, capture_output=True, timeout=120, text=True).stdout
    shown = re.findall(r'<div class="finding (\w+)" data-severity="\w+" data-kind="(\w+)">', dom)
    hidden = re.findall(r'<div class="finding \w+ hidden" data-severity="(\w+)" data-kind="(\w+)">', dom)
    assert len(shown) + len(hidden) == len(rows)
    assert shown and all(s != "info" and k != "citation_mismatch" for s, k in shown)
    assert len(hidden) == sum(r["severity"] == "info" or r["kind"] == "citation_mismatch" for r in rows)


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_prints_in_chromium(out, tmp_path):
    import pdfplumber

    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer", (out / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    with pdfplumber.open(pdf) as doc:
        text = " ".join((p.extract_text() or "") for p in doc.pages)
    text = " ".join(text.split())
    assert "Rà soát kế hoạch: các phát hiện" in text
    assert "Giá trị không thể đạt" in text and "Lỏng hơn văn bản tham chiếu" in text
    assert "không thể đạt tỷ suất dưới 0" in text

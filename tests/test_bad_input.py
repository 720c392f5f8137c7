"""Broken and hostile input: each bad file gets one clear reason, the others go on, nothing hangs.

The suite is generated here (no committed binaries): empty and blank files, binary data named
.txt, truncated UTF-8, Windows-1258, UTF-16 without BOM, NFD text, TCVN3 and VNI legacy text, a
20 MB single line, 200,000 short lines, an image-only PDF, an encrypted PDF, a truncated PDF, a
.docx that is not a zip and one that inflates to gigabytes, HTML with <script>, and texts shaped
to stress every pattern.
"""
from __future__ import annotations

import csv
import shutil
import time
import unicodedata
import zipfile

import pytest

from conftest import CORPUS, corpus_file, corpus_lines, make_pdf, to_cp1258
from pipeline import cli, extract, legacy
from pipeline.errors import InputError
from pipeline.ingest import read_document

PLAN = corpus_file("002_cb41b1295af3bb46").read_text(encoding="utf-8")


def tcvn3_bytes(text: str) -> bytes:
    inverse = {v: k for k, v in legacy._tables()[0].items()}
    out = []
    for c in unicodedata.normalize("NFC", text):
        out.append(inverse.get(c) or inverse.get(c.lower()) or c)  # capitals lost, as with the old fonts
    return "".join(out).encode("latin-1", errors="replace")


def vni_bytes(text: str) -> bytes:
    inverse = {v: k for k, v in sorted(legacy._tables()[2].items(), key=lambda kv: len(kv[0]))}
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("latin-1", errors="replace")


def bad_files(folder):
    """name -> expected reason fragment (None: the file must be read)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    cases = {}

    def put(name, data, expect):
        (folder / name).write_bytes(data)
        cases[name] = expect

    put("empty.txt", b"", "file is empty")
    put("blank.txt", b"  \n\t\r\n ", "file is empty")
    put("binary.txt", bytes(range(256)) * 64, "binary data")
    put("truncated_utf8.txt", PLAN.encode()[:-1] if PLAN.encode()[-1] < 0x80 else PLAN.encode(), None)
    put("cut_in_char.txt", "Kế hoạch số 80/KH-UBND về trẻ em".encode() + "ạ".encode()[:1], None)
    put("cp1258.txt", to_cp1258(PLAN), None)
    put("utf16_nobom.txt", PLAN.encode("utf-16-le"), None)
    put("nfd.txt", unicodedata.normalize("NFD", PLAN).encode(), None)
    put("tcvn3.txt", tcvn3_bytes(PLAN), None)
    put("vni.txt", vni_bytes(PLAN), None)
    put("long_line.txt", b"a" * 20_000_000, "characters long")
    put("short_lines.txt", "\n".join(["trẻ em"] * 200_000).encode(), None)
    put("script.html", f"<html><body><script>alert('x')</script><p>{PLAN}</p></body></html>".encode(), None)
    c = canvas.Canvas(str(folder / "scan.pdf"))
    c.rect(50, 50, 300, 300, fill=1)
    c.save()
    cases["scan.pdf"] = "no text layer"
    pdf = make_pdf(corpus_lines("000_af98d75339ed8083")[:30], folder / "good.pdf")
    put("truncated.pdf", pdf.read_bytes()[: len(pdf.read_bytes()) // 3], "PDF")
    pdf.unlink()
    c = canvas.Canvas(str(folder / "locked.pdf"), encrypt=StandardEncryption("user-secret", "owner-secret"))
    c.drawString(50, 700, "KE HOACH")
    c.save()
    cases["locked.pdf"] = "encrypted"
    put("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Word 97", "not a DOCX")
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/document.xml", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(210):
                fh.write(chunk)
    cases["bomb.docx"] = "zip bomb"
    return cases


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return folder, bad_files(folder)


def test_each_bad_file_gets_one_clear_reason(suite):
    folder, cases = suite
    for name, expect in cases.items():
        if expect is None:
            continue
        with pytest.raises(InputError) as err:
            read_document(folder / name)
        assert expect in err.value.reason, (name, err.value.reason)
        assert err.value.hint, name


def test_odd_but_readable_files_are_read(suite):
    folder, _ = suite
    assert extract(folder / "utf16_nobom.txt").document.number == "80/KH-UBND"
    assert extract(folder / "nfd.txt").document.issuer == "UBND huyện Hương Khê"
    assert extract(folder / "cp1258.txt").document.number == "80/KH-UBND"
    cut = read_document(folder / "cut_in_char.txt")
    assert cut.encoding == "utf-8 (truncated)" and cut.lines[0].text == "Kế hoạch số 80/KH-UBND về trẻ em"
    page = extract(folder / "script.html")
    assert "alert" not in " ".join(p.text for p in page.clean.paragraphs)
    assert page.document.number == "80/KH-UBND"


@pytest.mark.parametrize("name, encoding", [("tcvn3.txt", "tcvn3"), ("vni.txt", "vni")])
def test_legacy_encodings_are_converted_and_said(suite, name, encoding):
    folder, _ = suite
    doc = extract(folder / name)
    assert doc.document.encoding == encoding
    assert f"converted from {encoding.upper()} to Unicode" in doc.document.repairs
    assert doc.document.number == "80/KH-UBND"
    values = [(t.value, t.target_year) for t in doc.indicators if t.indicator_no == 1]
    assert values == [(90.0, 2025), (95.0, 2030)]


def test_legacy_text_pasted_into_a_utf8_file():
    text, name = legacy.repair("Céng hoµ x· héi chñ nghÜa ViÖt Nam\nKÕ ho¹ch thùc hiÖn c«ng t¸c trÎ em n¨m 2024")
    assert (name, text.split("\n")[1]) == ("tcvn3", "Kế hoạch thực hiện công tác trẻ em năm 2024")
    assert legacy.repair(PLAN) == (PLAN, None)


def test_200000_short_lines_finish_in_seconds(suite):
    folder, _ = suite
    start = time.perf_counter()
    extract(folder / "short_lines.txt")
    assert time.perf_counter() - start < 30


@pytest.mark.parametrize("text", [
    "1" * 1_000_000, "1." * 300_000, "1," * 300_000, "1/" * 300_000, "a" + " " * 1_000_000 + "b",
    "Chỉ tiêu " * 100_000, ("- Chỉ tiêu 1: đạt " + "9" * 50 + "%.\n") * 2_000, "Luật " * 50_000,
    ("Quyết định số " + "1" * 40 + "/QĐ-UBND ngày ") * 2_000, "ngày 1/1/" * 50_000, ("Quý I- " * 10_000) + "/2024",
])
def test_pattern_stress_texts_finish_quickly(tmp_path, text):
    path = tmp_path / "stress.txt"
    path.write_text("\n".join(text[i:i + 90_000] for i in range(0, len(text), 90_000)), encoding="utf-8")
    start = time.perf_counter()
    extract(path)
    assert time.perf_counter() - start < 20


def test_run_over_corpus_and_bad_files(suite, tmp_path):
    folder, cases = suite
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    for name in cases:
        shutil.copy(folder / name, src / name)
    out = tmp_path / "out"
    assert cli.main(["run", str(src), "--out", str(out), "-q"]) == 1
    with (out / "errors.csv").open(encoding="utf-8") as fh:
        errors = {row["source"].rsplit("/", 1)[-1]: row["reason"] for row in csv.DictReader(fh)}
    assert set(errors) == {name for name, expect in cases.items() if expect}
    with (out / "documents.csv").open(encoding="utf-8") as fh:
        docs = {row["doc_id"] for row in csv.DictReader(fh)}
    assert {p.stem for p in CORPUS.glob("*.txt")} <= docs
    assert (out / "plans.sqlite").exists() and (out / "report.html").exists()

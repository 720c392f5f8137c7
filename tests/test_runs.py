"""Safe, incremental runs and one document in several formats (issue 15, point 4 and 5)."""
from __future__ import annotations

import csv
import hashlib
import shutil
import time

import pytest

from conftest import CORPUS, corpus_lines, make_docx
from pipeline import api, cache, cli


def read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def test_a_run_that_reads_no_file_replaces_nothing(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    assert cli.main(["run", str(CORPUS / "000_af98d75339ed8083.txt"), "--out", str(out), "-q"]) == 0
    before = digest(out)
    assert cli.main(["run", str(tmp_path / "doesnotexist"), "--out", str(out), "-q"]) != 0
    assert "được giữ nguyên" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["run", str(empty), "--out", str(out), "-q"]) != 0
    monkeypatch.chdir(tmp_path)  # a bare `plans run` in a folder without corpus/
    assert cli.main(["run", "--out", str(out), "-q"]) != 0
    assert digest(out) == before


def test_rerun_reuses_extractions_and_one_changed_file_costs_one(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    shutil.copytree(CORPUS, src)
    out = tmp_path / "out"
    calls = []
    real = api.extract

    def counting(path, *args):
        calls.append(path)
        return real(path, *args)

    monkeypatch.setattr(api, "extract", counting)
    start = time.perf_counter()
    first = list(cache.read_all(api.find_inputs([src]), cache.Cache(out / ".cache")))
    cold = time.perf_counter() - start
    assert len(calls) == len(first) == len(list(src.glob("*.txt"))) and not any(c for _, _, c in first)
    start = time.perf_counter()
    again = list(cache.read_all(api.find_inputs([src]), cache.Cache(out / ".cache")))
    warm = time.perf_counter() - start
    assert len(calls) == len(first) and all(c for _, _, c in again)
    assert cold / warm >= 10, (cold, warm)
    assert [e[0].document for _, e, _ in again] == [e[0].document for _, e, _ in first]
    assert [e[0].indicators for _, e, _ in again] == [e[0].indicators for _, e, _ in first]

    calls.clear()
    assert cli.main(["run", str(src), "--out", str(out)]) == 0
    assert calls == [] and "(10 lấy từ bộ nhớ đệm)" in capsys.readouterr().out
    tables = {n: (out / f"{n}.csv").read_bytes() for n in ("documents", "indicators", "findings")}
    assert cli.main(["run", str(src), "--out", str(out), "-q", "--no-cache"]) == 0
    assert tables == {n: (out / f"{n}.csv").read_bytes() for n in ("documents", "indicators", "findings")}

    changed = src / "002_cb41b1295af3bb46.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Phấn đấu 70% trường học", "Phấn đấu 96% trường học"), encoding="utf-8")
    calls.clear()
    assert cli.main(["run", str(src), "--out", str(out), "-q"]) == 0
    assert calls == [changed]
    assert not any(f["code"] == "TE19" and f["doc_id"] == "002_cb41b1295af3bb46" and f["kind"] == "weaker_than_parent"
                   for f in read(out / "findings.csv"))


def test_rules_change_invalidates_the_cache(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    from pipeline.rules import rules_dir

    shutil.copytree(rules_dir(), folder)
    monkeypatch.setenv("PLANS_RULES", str(folder))
    before = cache.rules_version()
    with (folder / "units.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment is a change too\n")
    assert cache.rules_version() != before


def test_same_plan_in_three_formats_is_counted_once(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    lines = corpus_lines("002_cb41b1295af3bb46")
    shutil.copy(CORPUS / "002_cb41b1295af3bb46.txt", src / "kh80.txt")
    make_docx(lines, src / "kh80_ban_word.docx")
    shutil.copy(CORPUS / "national_qd23_ttg_2021.txt", src / "qd23.txt")
    out = tmp_path / "out"
    assert cli.main(["run", str(src), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "kh80_ban_word.docx: cùng văn bản với" in err and "KH 80/KH-UBND" in err
    docs = read(out / "documents.csv")
    assert sorted(d["doc_id"] for d in docs) == ["kh80", "qd23"]
    kh80 = next(d for d in docs if d["doc_id"] == "kh80")
    assert kh80["copies"].endswith("kh80_ban_word.docx")
    alone = tmp_path / "alone"
    assert cli.main(["run", str(src / "kh80.txt"), str(src / "qd23.txt"), "--out", str(alone), "-q"]) == 0
    assert len(read(out / "findings.csv")) == len(read(alone / "findings.csv"))


def test_same_text_as_pdf_without_a_number_is_counted_once(tmp_path):
    from conftest import make_pdf

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "000_af98d75339ed8083.txt", src / "kh_cam_chau.txt")  # `Số: /KH-UBND`: no number
    make_pdf(corpus_lines("000_af98d75339ed8083"), src / "kh_cam_chau.pdf")  # same stem, too
    out = tmp_path / "out"
    assert cli.main(["run", str(src), "--out", str(out), "-q"]) == 0
    [doc] = read(out / "documents.csv")
    assert doc["format"] == "txt" and doc["copies"].endswith("kh_cam_chau.pdf")
    [page] = (out / "sources").iterdir()  # the text copy's page, not the PDF's
    assert "kh_cam_chau.txt" in page.read_text(encoding="utf-8") and 'id="p1-L1"' not in page.read_text(encoding="utf-8")


def test_two_different_plans_with_the_same_text_layout_are_both_kept(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for stem in ("000_af98d75339ed8083", "001_aa895cb07729ff69"):
        shutil.copy(CORPUS / f"{stem}.txt", src / f"{stem}.txt")
    out = tmp_path / "out"
    assert cli.main(["run", str(src), "--out", str(out), "-q"]) == 0
    assert len(read(out / "documents.csv")) == 2


def test_damaged_cache_entries_are_read_again_and_unused_ones_removed(tmp_path):
    out = tmp_path / "out"
    one = CORPUS / "000_af98d75339ed8083.txt"
    assert cli.main(["run", str(one), "--out", str(out), "-q"]) == 0
    [entry] = (out / ".cache").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    (out / ".cache" / ("0" * 64 + ".pickle")).write_bytes(b"left by an older run")
    assert cli.main(["run", str(one), "--out", str(out), "-q"]) == 0
    assert [p.name for p in (out / ".cache").glob("*.pickle")] == [entry.name]
    assert read(out / "documents.csv")[0]["doc_id"] == "000_af98d75339ed8083"

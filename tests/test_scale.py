"""`plans run` at scale: chunks, workers and a Dask cluster give the outputs of one in-memory pass;
Parquet beside the CSVs; the output folder locked, committed as a set, its other files left alone;
spreadsheet cells are values."""
from __future__ import annotations

import csv
import os
import shutil
import zipfile

import pytest

from conftest import CORPUS
from pipeline import api, audit, batch, cli, export, link, report, store, ui, workbook

TABLES = batch.TABLES


def csv_rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def local_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    assert cli.main(["run", str(CORPUS), "--out", str(out), "-q"]) == 0
    return out


def test_outputs_equal_one_pass_in_memory(local_out, tmp_path):
    """The chunked run writes what the stages give on the whole corpus held in memory."""
    results = list(api.extract_many([CORPUS]))
    link.resolve_citations(results)
    findings = audit.audit(results)
    tables = export.table_rows(results, findings)
    for name, (columns, rows) in tables.items():
        path = tmp_path / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            export.write_csv(fh, columns, rows)
        assert path.read_bytes() == (local_out / f"{name}.csv").read_bytes(), name
    documents = {r.document.doc_id: r.document for r in results}
    assert (local_out / "report.html").read_text(encoding="utf-8") == report.render(findings, documents, results)


def test_one_plan_per_chunk_gives_the_same_outputs(local_out, tmp_path, monkeypatch):
    """Parents, the national programme and cited documents read from other chunks."""
    monkeypatch.setattr(batch, "MAX_CHUNK", 1)
    out = tmp_path / "out"
    done = batch.run(api.find_inputs([CORPUS]), out)
    assert done["read"] == 10 and len(list((out.parent / "out").glob("*.csv"))) == len(TABLES)
    for name in TABLES:
        assert (out / f"{name}.csv").read_bytes() == (local_out / f"{name}.csv").read_bytes(), name
    assert (out / "report.html").read_bytes() == (local_out / "report.html").read_bytes()
    from openpyxl import load_workbook

    a, b = load_workbook(out / "plans.xlsx"), load_workbook(local_out / "plans.xlsx")
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert [[c.value for c in r] for r in a[name].iter_rows()] == [[c.value for c in r] for r in b[name].iter_rows()]


def test_parquet_row_counts_and_types(local_out):
    import pyarrow.parquet as pq

    for name in TABLES:
        table = pq.read_table(local_out / "parquet" / f"{name}.parquet")
        assert table.num_rows == len(csv_rows(local_out / f"{name}.csv")), name
    schema = pq.read_schema(local_out / "parquet" / "indicators.parquet")
    assert (str(schema.field("value").type), str(schema.field("target_year").type),
            str(schema.field("year_inferred").type)) == ("double", "int64", "bool")
    rows = pq.read_table(local_out / "parquet" / "indicators.parquet").to_pylist()
    hit = [r["value"] for r in rows if r["doc_id"] == "002_cb41b1295af3bb46" and r["line"] == 75
           and r["target_year"] == 2030]
    assert hit == [2.8, 5.5, 6.4]


def test_manifest_lists_the_set(local_out):
    assert export.check_manifest(local_out) == []
    names = set(__import__("json").loads((local_out / "manifest.json").read_text())["files"])
    assert {"plans.sqlite", "plans.xlsx", "report.html", "findings.csv", "parquet/findings.parquet"} <= names


def test_dask_local_cluster_gives_the_same_tables(local_out, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    assert cli.main(["run", str(CORPUS), "--out", str(out), "-q", "--engine", "dask", "--jobs", "2"]) == 0
    for name in TABLES:
        assert (out / f"{name}.csv").read_bytes() == (local_out / f"{name}.csv").read_bytes(), name
    import pyarrow.parquet as pq

    for name in TABLES:
        assert pq.read_table(out / "parquet" / f"{name}.parquet").num_rows == len(csv_rows(out / f"{name}.csv"))
    import sqlite3

    a, b = sqlite3.connect(local_out / "plans.sqlite"), sqlite3.connect(out / "plans.sqlite")
    for name in [*TABLES, "passages"]:
        assert a.execute(f"SELECT * FROM {name}").fetchall() == b.execute(f"SELECT * FROM {name}").fetchall(), name


def test_a_second_run_into_the_same_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    with export.OutputFolder(out) as live:
        (live.staging / "part.tmp").write_text("a live run's temporary file")
        assert cli.main(["run", str(CORPUS / "000_af98d75339ed8083.txt"), "--out", str(out), "-q"]) == 2
        assert "another `plans run`" in capsys.readouterr().err
        assert (live.staging / "part.tmp").exists()
    assert not live.staging.exists()


def test_user_files_in_the_output_folder_are_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = {"notes.tmp": "mine", ".draft.tmp": "mine too", "documents.csv.tmp": "also mine"}
    for name, text in mine.items():
        (out / name).write_text(text)
    assert cli.main(["run", str(CORPUS / "000_af98d75339ed8083.txt"), "--out", str(out), "-q"]) == 0
    assert cli.main(["run", str(CORPUS / "001_aa895cb07729ff69.txt"), "--out", str(out), "-q"]) == 0
    assert {n: (out / n).read_text() for n in mine} == mine
    assert [r["doc_id"] for r in csv_rows(out / "documents.csv")] == ["001_aa895cb07729ff69"]
    assert not list(out.glob(export.STAGING_PREFIX + "*")) and not (out / export.JOURNAL_NAME).exists()


def test_a_commit_cut_short_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    export.write_tables(out, {"documents": (["doc_id"], [{"doc_id": "old"}]),
                              "sections": (["doc_id"], [{"doc_id": "old"}])})
    real, calls = os.replace, []

    def dies_after_one(src, dst):
        if str(dst).startswith(str(out / "sections")) and calls:
            raise KeyboardInterrupt("killed between two renames")
        calls.append(dst)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        export.write_tables(out, {"documents": (["doc_id"], [{"doc_id": "new"}]),
                                  "sections": (["doc_id"], [{"doc_id": "new"}])})
    monkeypatch.setattr(os, "replace", real)
    assert (out / export.JOURNAL_NAME).exists()  # documents new, sections old: the journal says so
    assert export.recover(out)
    assert csv_rows(out / "documents.csv") == csv_rows(out / "sections.csv") == [{"doc_id": "new"}]
    assert export.check_manifest(out) == []


def _formulas(path):
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]


def test_cells_that_look_like_formulas_stay_text(tmp_path):
    from openpyxl import load_workbook

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / "000_af98d75339ed8083.txt", src / "=1+2.txt")
    text = (CORPUS / "000_af98d75339ed8083.txt").read_text(encoding="utf-8")
    (src / "=SUM(A1).txt").write_text(text.replace("Kế hoạch", "=HYPERLINK(\"x\") \x01kế hoạch", 1), encoding="utf-8")
    out = tmp_path / "out"
    cli.main(["run", str(src), "--out", str(out), "-q"])
    assert _formulas(out / "plans.xlsx") == []
    wb = load_workbook(out / "plans.xlsx")
    docs = [c.value for c in next(wb[ui.sheet("documents")].iter_cols(min_row=2, min_col=2, max_col=2))]
    assert sorted(docs) == ["=1+2", "=SUM(A1)"]
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    # a target shown as `= 0% (2024)` in the comparison matrix is text too
    row = [["=1+2" if c in ("plan", "doc_id") else "= 0% (2024)" if c == "target" else None
            for c in audit.COMPARISON_COLUMNS]]
    path = tmp_path / "m.xlsx"
    workbook.write_workbook_stream(path, [(audit.COMPARISON_COLUMNS, row)], {})
    assert _formulas(path) == []
    assert load_workbook(path)[ui.sheet("comparison")]["A2"].value == "=1+2"


def test_sheets_stop_at_excel_limit_and_say_where_the_rest_is(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setattr(workbook, "MAX_ROWS", 10)
    results = list(api.extract_many([CORPUS]))
    findings = audit.audit(results)
    path = tmp_path / "plans.xlsx"
    workbook.write_workbook(path, export.table_rows(results, findings), results, findings)
    ws = load_workbook(path)[ui.sheet("indicators")]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 10
    total = sum(len(r.indicators) for r in results)
    assert rows[-1][0].startswith("… ") and f" {total - 8:,} " in rows[-1][0] and "parquet/indicators.parquet" in rows[-1][0]


def test_sqlite_parts_append_in_order(tmp_path):
    results = list(api.extract_many([CORPUS]))
    tables = export.table_rows(results)
    whole = tmp_path / "whole.sqlite"
    store.write_sqlite(whole, tables, results)
    parts = []
    for i, r in enumerate(results):
        part = tmp_path / f"{i}.sqlite"
        con = store.connect(part)
        store.create_tables(con)
        for name, (cols, rows) in export.table_rows([r]).items():
            store.insert_rows(con, name, cols, rows)
        store.insert_passages(con, [r])
        con.commit()
        con.close()
        parts.append(part)
    merged = tmp_path / "merged.sqlite"
    con = store.connect(merged)
    store.create_tables(con)
    for part in parts:
        store.append_part(con, part, ["documents", "sections", "indicators", "citations", "agencies", "deadlines",
                                      "passages"])
    store.finish(con)
    con.close()
    import sqlite3

    a, b = sqlite3.connect(whole), sqlite3.connect(merged)
    for name in ["documents", "sections", "indicators", "citations", "agencies", "deadlines", "passages"]:
        assert a.execute(f"SELECT * FROM {name}").fetchall() == b.execute(f"SELECT * FROM {name}").fetchall(), name
    q = "SELECT rowid FROM passages_fts WHERE passages_fts MATCH 'xam hai' ORDER BY bm25(passages_fts)"
    assert a.execute(q).fetchall() == b.execute(q).fetchall()


def test_a_worker_killed_by_the_system_costs_only_its_file(tmp_path, monkeypatch):
    import signal

    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:5]:
        shutil.copy(f, src / f.name)
    (src / "003_killer.txt").write_text((CORPUS / "000_af98d75339ed8083.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    real = api.extract_or_error

    def dies_on_the_killer(path, keep_clean=True, doc_id=None):  # as if the system killed the worker (out of memory)
        if "killer" in str(path):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, keep_clean, doc_id)

    monkeypatch.setattr(api, "extract_or_error", dies_on_the_killer)  # the worker processes are forked
    out = tmp_path / "out"
    done = batch.run(api.find_inputs([src]), out, jobs=2)
    assert (done["read"], done["failed"]) == (5, 1)
    errors = csv_rows(out / "errors.csv")
    assert [(e["source"], e["reason"]) for e in errors] == [(str(src / "003_killer.txt"), api.KILLED)]
    assert len(csv_rows(out / "documents.csv")) == 5

"""plans.sqlite, `plans search` and Datasette on the corpus."""
from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
import regex

from conftest import CORPUS
from pipeline import cli
from pipeline.search import SearchError, highlight_spans, search
from pipeline.store import fold_search


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert cli.main(["run", str(CORPUS), "--out", str(out), "-q"]) == 0
    return out / "plans.sqlite"


def test_fold_keeps_offsets():
    assert fold_search("Phòng Giáo dục và Đào tạo") == "Phong Giao duc va Dao tao"
    assert highlight_spans("chống bạo lực, xâm hại trẻ em", "xam hai") == [(15, 18), (19, 22)]


def test_tables_are_typed_with_keys_and_indexes(db):
    con = sqlite3.connect(db)
    cols = {r[1]: r[2] for r in con.execute("PRAGMA table_info(indicators)")}
    assert (cols["value"], cols["target_year"], cols["code"]) == ("REAL", "INTEGER", "TEXT")
    pk = [r[1] for r in con.execute("PRAGMA table_info(sections)") if r[5]]
    assert pk == ["doc_id", "section_id"]
    indexes = {r[1] for r in con.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_documents_filters", "idx_indicators_code", "idx_agencies_canonical"} <= indexes
    assert con.execute("SELECT value FROM indicators WHERE doc_id = '002_cb41b1295af3bb46' AND line = 75 "
                       "AND target_year = 2030 ORDER BY id").fetchall() == [(2.8,), (5.5,), (6.4,)]


def test_search_without_diacritics_finds_several_plans(db):
    hits = search(db, "xam hai", limit=50)
    assert {"000_af98d75339ed8083", "002_cb41b1295af3bb46", "003_2bd3cd32362b3bc4", "004_57d55756dd206766"} <= {
        h.doc_id for h in hits}
    assert all("xâm" in h.text.lower() and "hại" in h.text.lower() for h in hits)


def test_d_with_stroke_folds_and_level_filter(db):
    hits = search(db, "dao tao", level="huyen")
    assert {h.doc_id for h in hits} <= {"001_aa895cb07729ff69", "002_cb41b1295af3bb46"}
    assert any(h.kind == "agency" and "Phòng Giáo dục và Đào tạo" in h.text for h in hits)


def test_exact_diacritics_rank_first_and_tones_match(db):
    hits = search(db, "Đào tạo", limit=30)
    assert hits[0].exact and "Đào tạo" in hits[0].text
    assert search(db, "Uỷ ban nhân dân", limit=5) and search(db, "Ủy ban nhân dân", limit=5)


def test_phrase_prefix_and_filters(db):
    phrase = search(db, '"xam hai tre em"', limit=50)
    assert phrase and all(regex.search(r"xam hai\W+tre em", fold_search(h.text).lower()) for h in phrase)
    assert search(db, "khai sinh*", code="TE14", limit=5)[0].kind == "indicator"
    assert {h.doc_id for h in search(db, "tre em", province="Ha Tinh", limit=50)} == {"002_cb41b1295af3bb46"}
    assert {h.doc_id for h in search(db, "tre em", year=2023, limit=200)} == {
        "004_57d55756dd206766", "002_cb41b1295af3bb46", "national_qd23_ttg_2021"}  # periods covering 2023


def test_malformed_query_gets_a_clear_message(db):
    with pytest.raises(SearchError, match="malformed query"):
        search(db, '"xam hai')


def test_cli_json_parses(db, capsys):
    assert cli.main(["search", "xam hai", "--db", str(db), "--json", "--limit", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and {"doc_id", "section_id", "line", "snippet"} <= set(rows[0])
    assert "«" in rows[0]["snippet"]


def test_cli_table_and_bad_query_exit_code(db, capsys):
    assert cli.main(["search", "đuối nước", "--db", str(db)]) == 0
    assert "003_2bd3cd32362b3bc4" in capsys.readouterr().out
    assert cli.main(["search", "AND", "--db", str(db)]) == 2


def test_datasette_searches_with_its_own_client(db):
    datasette_app = pytest.importorskip("datasette.app")

    async def go():
        ds = datasette_app.Datasette([str(db)])
        r = await ds.client.get("/plans/passages.json?_search=xam+hai&_shape=array")
        meta = await ds.client.get("/plans/documents.json?_shape=objects")
        return r, meta, ds

    r, meta, ds = asyncio.run(go())
    assert r.status_code == 200
    rows = r.json()
    assert rows and all("xâm" in row["text"].lower() and "hại" in row["text"].lower() for row in rows)
    assert meta.json()["facet_results"].keys() >= {"admin_level", "province"} or meta.status_code == 200
    assert ds.metadata("title") == "Vietnamese public plans"

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
from pipeline.normalize import normalize_tones
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
    with pytest.raises(SearchError, match="viết sai"):
        search(db, '"xam hai')


def test_cli_json_parses(db, capsys):
    assert cli.main(["search", "xam hai", "--db", str(db), "--json", "--limit", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and {"doc_id", "section_id", "line", "snippet"} <= set(rows[0])
    assert "«" in rows[0]["snippet"]


def test_cli_table_and_bad_query_exit_code(db, capsys):
    assert cli.main(["search", "đuối nước", "--db", str(db)]) == 0
    assert "Thắng" in capsys.readouterr().out  # plans named by their issuer (UBND thị trấn Thắng)
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
    assert "Vietnamese public plans" in ds.metadata("title")


# ---- what people type (issue 15) -------------------------------------------------------------

@pytest.mark.parametrize("query, expected, phrases", [
    ("80/KH-UBND", "80/KH-UBND", ["80/KH-UBND"]),
    ("KH-UBND", "KH-UBND", ["KH-UBND"]),
    ("Lao động - Thương binh", "Lao động - Thương binh", ["Lao động - Thương binh"]),
    ("TB&XH", "TB&XH", ["TB&XH"]),
    ("95%", "95%", ["95"]),
    ("Quyết định 23/QĐ-TTg", "Quyết định số 23/QĐ-TTg", ["Quyết định", "23/QĐ-TTg"]),
])
def test_numbers_symbols_hyphens_ampersands_are_text(db, query, expected, phrases):
    hits = search(db, query, limit=50)
    assert hits, query
    assert any(expected.lower() in normalize_tones(h.text).lower() for h in hits), query
    for phrase in phrases:  # each phrase's words stand side by side, in order, in every hit
        words = regex.findall(r"[\p{L}\p{N}]+", fold_search(phrase).lower())
        pattern = r"(?<![\p{L}\p{N}])" + r"[^\p{L}\p{N}]+".join(map(regex.escape, words)) + r"(?![\p{L}\p{N}])"
        assert all(regex.search(pattern, fold_search(h.text).lower()) for h in hits), (query, phrase)


def test_a_percentage_is_a_share_not_any_number(db):
    con = sqlite3.connect(db)
    other = [t for (t,) in con.execute("SELECT text FROM passages") if regex.search(r"(?<![\d.,])80(?![\d%.,])", t)
             and not regex.search(r"(?<![\d.,])80\s*%", t)]
    assert other, "the corpus writes 80 without % (80/KH-UBND)"
    hits = search(db, "80%", limit=500)
    assert hits and all(regex.search(r"(?<![\d.,])80\s*%", h.text) for h in hits)


def test_plan_numbers_find_the_plan_named_by_them(db):
    hits = search(db, "80/KH-UBND", limit=50)
    assert any(h.doc_id == "002_cb41b1295af3bb46" and h.name.startswith("KH 80/KH-UBND") and "Hương Khê" in h.name
               for h in hits)


def test_operators_still_work_when_written_on_purpose(db):
    either = {h.doc_id for h in search(db, '"đuối nước" OR "khai sinh"', limit=200)}
    drown = {h.doc_id for h in search(db, '"đuối nước"', limit=200)}
    birth = {h.doc_id for h in search(db, '"khai sinh"', limit=200)}
    assert either == drown | birth and drown - birth and birth - drown
    assert all("đuối nước" not in h.text.lower() for h in search(db, 'trẻ em NOT "đuối nước"', limit=100))
    assert all(fold_search(h.text).lower().count("khai sin") for h in search(db, "khai sin*", limit=20))


def test_dao_tao_means_the_syllables_side_by_side(db):
    con = sqlite3.connect(db)
    apart = [t for (t,) in con.execute("SELECT text FROM passages") if regex.search(r"\bđạo\b", t.lower())
             and "tạo" in t.lower() and "đào tạo" not in t.lower()]
    assert apart, "the corpus has sentences with đạo and tạo apart (e.g. lãnh đạo … tạo điều kiện)"
    hits = search(db, "dao tao", limit=500)
    assert hits and all("đào tạo" in normalize_tones(h.text).lower() for h in hits)


def test_words_not_side_by_side_still_found_when_no_phrase_is(db):
    hits = search(db, "xâm hại đuối nước", limit=20)  # never written together
    assert hits and all("xâm hại" in h.text.lower() and "đuối nước" in h.text.lower() for h in hits)


def test_one_hit_per_passage(db):
    hits = search(db, "Quyết định 23/QĐ-TTg", limit=200)
    places = [(h.doc_id, h.page, h.line) for h in hits]
    assert len(places) == len(set(places))
    assert any(h.also for h in hits)  # the citation row and its paragraph: one hit
    hits = search(db, "Phòng Giáo dục và Đào tạo", limit=500)
    places = [(h.doc_id, h.page, h.line) for h in hits]
    assert len(places) == len(set(places)) and any(h.also for h in hits)


@pytest.mark.parametrize("kw, message", [
    (dict(province="Ha Tinhh"), "'Hà Tĩnh'"),
    (dict(level="distric"), "'huyen'"),
    (dict(code="TE099"), "'TE09'"),
    (dict(doc_type="kehoach"), "'ke_hoach'"),
    (dict(kinds=["indicators"]), "'indicator'"),
])
def test_filters_are_checked_against_the_database(db, kw, message):
    with pytest.raises(SearchError, match="không có trong cơ sở dữ liệu; có phải ý bạn là") as e:
        search(db, "tre em", **kw)
    assert message in str(e.value)


def test_a_year_no_plan_covers_is_named(db):
    with pytest.raises(SearchError, match=r"--year 1990: không văn bản nào .* từ 20\d\d đến 20\d\d"):
        search(db, "tre em", year=1990)


def test_level_typed_in_words(db):
    assert {h.doc_id for h in search(db, "tre em", level="district", limit=200)} == \
        {h.doc_id for h in search(db, "tre em", level="huyện", limit=200)} == \
        {h.doc_id for h in search(db, "tre em", level="huyen", limit=200)}


@pytest.mark.parametrize("argv, message", [
    (["--limit", "-1"], "--limit"),
    (["--year", "99999999999999999999999"], "--year"),
    (["--year", "20251"], "--year"),
])
def test_bad_numbers_are_one_line(db, capsys, argv, message):
    assert cli.main(["search", "tre em", "--db", str(db)] + argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_db_that_is_a_folder_or_not_a_database(tmp_path, capsys):
    (tmp_path / "notes.sqlite").write_text("not a database")
    for bad in (tmp_path, tmp_path / "notes.sqlite"):
        assert cli.main(["search", "tre em", "--db", str(bad)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("plans: ") and err.count("\n") == 1 and "cơ sở dữ liệu" in err


def test_db_path_with_hash_creates_no_stray_file(db, tmp_path):
    folder = tmp_path / "a#b"
    folder.mkdir()
    copy = folder / "plans#1.sqlite"
    copy.write_bytes(db.read_bytes())
    before = set(tmp_path.rglob("*"))
    assert search(copy, "xam hai", limit=3)
    with pytest.raises(SearchError):
        search(folder / "missing#x.sqlite", "xam hai")
    assert set(tmp_path.rglob("*")) == before


def test_long_queries_are_refused_fast_and_highlighting_is_linear(db):
    import time

    start = time.perf_counter()
    with pytest.raises(SearchError, match="quá dài"):
        search(db, "trẻ em " * 4700)  # 28 KB
    text = "trẻ em được bảo vệ " * 5000
    spans = highlight_spans(text, " ".join(f"tu{i}" for i in range(300)) + " tre em")
    assert len(spans) == 10000
    assert time.perf_counter() - start < 2.0


def test_fold_is_bounded_for_datasette_time_limits():
    from pipeline.search import MAX_FOLD, fold

    assert fold("Đào TẠO") == "dao tao"
    with pytest.raises(ValueError):
        fold("a" * (MAX_FOLD + 1))


def test_csv_format(db, capsys):
    import csv
    import io

    assert cli.main(["search", "TB&XH", "--db", str(db), "--format", "csv", "--limit", "5"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert 0 < len(rows) <= 5 and {"doc_id", "name", "line", "text", "snippet"} <= set(rows[0])
    assert all("TB&XH" in r["text"] for r in rows)


def test_datasette_saved_query_is_ranked(db):
    datasette_app = pytest.importorskip("datasette.app")

    async def go():
        ds = datasette_app.Datasette([str(db)])
        r = await ds.client.get("/plans/search.json?q=TB%26XH&level=&_shape=array")
        long = await ds.client.get("/plans.json?sql=select+fold(printf('%.2000000c','a'))&_shape=array")
        return r, long

    r, long = asyncio.run(go())
    assert r.status_code == 200, r.text
    rows = r.json()
    assert rows and all("TB&XH" in row["text"] for row in rows)
    ranks = [row["rank"] for row in rows]
    assert ranks == sorted(ranks)
    assert long.status_code == 400 and "function raised exception" in long.text and long.json()["query_ms"] < 1000

"""plans.sqlite: every table of the contract with typed columns, keys and indexes, and a
diacritic-insensitive full-text index (SQLite FTS5) over the plans' text.

`passages` holds one row per logical paragraph (with its section and line) and one per indicator,
agency, citation and deadline row; `passages_fts` indexes each passage twice: as written, and
folded (`đ` -> `d`, every diacritic dropped), both with `unicode61 remove_diacritics 2`, so `xam hai`
finds `xâm hại`, `dao tao` finds `đào tạo` (FTS5's own folding leaves `đ` alone) and `Uỷ ban` finds
`Ủy ban`.
"""
from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path


SCHEMA = {
    "documents": ("doc_id", ["doc_id TEXT PRIMARY KEY", "source TEXT", "format TEXT", "sha256 TEXT", "doc_type TEXT",
                             "number TEXT", "issuer TEXT", "admin_level TEXT", "locality TEXT", "province TEXT",
                             "issue_date TEXT", "title TEXT", "period_start INTEGER", "period_end INTEGER",
                             "signer TEXT", "signer_title TEXT", "parent_key TEXT", "encoding TEXT", "repairs TEXT",
                             "draft INTEGER", "ocr_pages INTEGER", "copies TEXT"]),
    "sections": (None, ["doc_id TEXT NOT NULL REFERENCES documents(doc_id)", "section_id TEXT NOT NULL", "parent_id TEXT",
                        "level INTEGER", "label TEXT", "heading TEXT", "kind TEXT", "line_start INTEGER",
                        "line_end INTEGER", "page INTEGER", "PRIMARY KEY (doc_id, section_id)"]),
    "indicators": ("id", ["id INTEGER PRIMARY KEY", "doc_id TEXT NOT NULL REFERENCES documents(doc_id)",
                          "indicator_no INTEGER", "code TEXT", "metric TEXT", "comparator TEXT", "value REAL", "unit TEXT",
                          "target_year INTEGER", "year_inferred INTEGER", "section_id TEXT", "line INTEGER",
                          "page INTEGER", "char_start INTEGER", "char_end INTEGER", "text TEXT", "of_total INTEGER",
                          "value_max REAL", "unit_text TEXT"]),
    "citations": ("id", ["id INTEGER PRIMARY KEY", "doc_id TEXT NOT NULL REFERENCES documents(doc_id)", "line INTEGER",
                         "page INTEGER", "section_id TEXT", "raw TEXT", "doc_type TEXT", "number INTEGER", "symbol TEXT",
                         "key TEXT", "key_note TEXT", "issue_date TEXT", "issuer TEXT", "relation TEXT",
                         "resolved_doc_id TEXT"]),
    "agencies": ("id", ["id INTEGER PRIMARY KEY", "doc_id TEXT NOT NULL REFERENCES documents(doc_id)",
                        "section_id TEXT", "line INTEGER", "page INTEGER", "agency TEXT", "agency_canonical TEXT",
                        "agency_level TEXT", "role TEXT", "indicator_nos TEXT", "text TEXT"]),
    "deadlines": ("id", ["id INTEGER PRIMARY KEY", "doc_id TEXT NOT NULL REFERENCES documents(doc_id)",
                         "section_id TEXT", "line INTEGER", "page INTEGER", "text TEXT", "kind TEXT", "date TEXT",
                         "month_day TEXT", "recurrence TEXT", "start TEXT", "end TEXT", "subject TEXT",
                         "responsible TEXT"]),
    "findings": ("id", ["id INTEGER PRIMARY KEY", "doc_id TEXT NOT NULL", "kind TEXT", "severity TEXT", "code TEXT",
                        "detail TEXT", "line INTEGER", "other_doc_id TEXT", "other_line INTEGER", "reference TEXT",
                        "text TEXT", "other_text TEXT", "year INTEGER", "other_year INTEGER", "score REAL"]),
    "errors": ("id", ["id INTEGER PRIMARY KEY", "source TEXT", "reason TEXT", "hint TEXT"]),
}
INDEXES = [
    "CREATE INDEX idx_documents_filters ON documents(admin_level, province, doc_type, period_start, period_end)",
    "CREATE INDEX idx_sections_kind ON sections(kind)",
    "CREATE INDEX idx_indicators_code ON indicators(code, target_year)",
    "CREATE INDEX idx_indicators_doc ON indicators(doc_id, section_id)",
    "CREATE INDEX idx_citations_key ON citations(key)",
    "CREATE INDEX idx_citations_doc ON citations(doc_id)",
    "CREATE INDEX idx_agencies_canonical ON agencies(agency_canonical)",
    "CREATE INDEX idx_agencies_doc ON agencies(doc_id, section_id)",
    "CREATE INDEX idx_deadlines_doc ON deadlines(doc_id)",
    "CREATE INDEX idx_findings_doc ON findings(doc_id, kind, severity)",
    "CREATE INDEX idx_passages_doc ON passages(doc_id, section_id)",
]


class _FoldTable(dict):
    """str.translate table built as characters are met: a character -> its first NFD character."""

    def __missing__(self, code: int) -> int:
        d = unicodedata.normalize("NFD", chr(code))
        self[code] = ord(d[0]) if d else code
        return self[code]


_FOLD_TABLE = _FoldTable({ord("đ"): "d", ord("Đ"): "D"})


def fold_search(text: str) -> str:
    """Diacritics dropped, `đ` -> `d`, one character for one (offsets line up with the input).
    One `str.translate` pass over a table filled as characters are met (about twice as fast as
    decomposing each character; the SQL function `fold()` of search.py bounds its argument)."""
    return text.translate(_FOLD_TABLE)


PASSAGE_COLUMNS = ["doc_id", "section_id", "line", "page", "kind", "text", "text_folded"]


def _passages(results) -> list[tuple]:
    rows = []
    for r in results:
        doc_id = r.document.doc_id
        for section_id, line, page, text in r.passages:
            rows.append((doc_id, section_id, line, page, "text", text))
        for t in r.indicators:
            rows.append((doc_id, t.section_id, t.line, t.page, "indicator",
                         f"{t.metric} {t.comparator or ''} {'' if t.value is None else f'{t.value:g}'} {t.unit or ''} "
                         f"{t.target_year or ''}".strip()))
        for a in r.agencies:
            rows.append((doc_id, a.section_id, a.line, a.page, "agency",
                         " | ".join(x for x in (a.agency, a.agency_canonical) if x)))
        for c in r.citations:
            rows.append((doc_id, c.section_id, c.line, c.page, "citation", c.raw))
        for d in r.deadlines:
            rows.append((doc_id, d.section_id, d.line, d.page, "deadline",
                         " | ".join(x for x in (d.subject, d.date or d.month_day or d.start, d.responsible) if x)))
    return rows


def connect(path: str | Path) -> sqlite3.Connection:
    """A database for bulk writing (no journal: a half-written file is never renamed into place)."""
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    return con


def create_tables(con: sqlite3.Connection) -> None:
    for name, (pk, columns) in SCHEMA.items():
        con.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
    con.execute("CREATE TABLE passages (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, section_id TEXT, "
                "line INTEGER, page INTEGER, kind TEXT, text TEXT, text_folded TEXT)")


def _names(table: str) -> list[str]:
    return [c.split()[0] for c in SCHEMA[table][1] if not c.startswith("PRIMARY KEY")]


def insert_rows(con: sqlite3.Connection, name: str, cols: list[str], rows) -> None:
    """Rows (dicts) into a table of `SCHEMA` (its `id` numbered in order)."""
    insert = [n for n in _names(name) if n in cols]
    placeholders = ", ".join("?" for _ in insert)
    con.executemany(f"INSERT INTO {name} ({', '.join(insert)}) VALUES ({placeholders})",
                    ([_sql(row.get(n)) for n in insert] for row in rows))


def insert_passages(con: sqlite3.Connection, results) -> None:
    con.executemany(f"INSERT INTO passages ({', '.join(PASSAGE_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (row + (fold_search(row[5]),) for row in _passages([r for r in results if hasattr(r, "passages")])))


def append_part(con: sqlite3.Connection, part: str | Path, tables: list[str]) -> None:
    """Copy `tables` of a part database (same schema) to the end of `con`'s tables, in their
    order (new ids); `passages` too when named."""
    con.execute("ATTACH DATABASE ? AS part", (str(part),))
    try:
        for name in tables:
            cols = PASSAGE_COLUMNS if name == "passages" else [n for n in _names(name) if n != "id"]
            order = "ORDER BY id" if name == "passages" or SCHEMA[name][0] == "id" else "ORDER BY rowid"
            col_list = ", ".join(f'"{c}"' for c in cols)
            con.execute(f"INSERT INTO main.{name} ({col_list}) SELECT {col_list} FROM part.{name} {order}")
        con.commit()
    finally:
        con.execute("DETACH DATABASE part")


def finish(con: sqlite3.Connection) -> None:
    """The full-text index over `passages`, and the indexes."""
    con.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(text, text_folded, content='passages', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    con.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    for sql in INDEXES:
        con.execute(sql)
    con.commit()


def write_sqlite(path: str | Path, tables: dict[str, tuple[list[str], list[dict]]], results: list) -> None:
    """Build the database at `path` (a fresh file)."""
    path = Path(path)
    if path.exists():
        path.unlink()
    con = connect(path)
    try:
        create_tables(con)
        for name in SCHEMA:
            if name in tables:
                insert_rows(con, name, *tables[name])
        insert_passages(con, results)
        finish(con)
    finally:
        con.close()


def _sql(value):
    if isinstance(value, bool):
        return int(value)
    if value == "":
        return None
    return value

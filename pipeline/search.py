"""Search the plans database (`plans search`): what people type, diacritic-insensitive, with filters.

    from pipeline.search import search
    for hit in search("outputs/plans.sqlite", "80/KH-UBND", level="huyen"):
        print(hit.name, hit.section_id, hit.line, hit.snippet)

What a person types is searched as written: document numbers and symbols (`80/KH-UBND`, `Quyết định
23/QĐ-TTg`), hyphens (`Lao động - Thương binh`), `&` (`TB&XH`) and `%` are text, not FTS5 syntax
(`95%` must stand with its sign). Words typed together are one phrase: Vietnamese words are
syllables, so `dao tao` means the syllables side by side (`đào tạo`), not `đạo` in one place and
`tạo` in another; when the phrase is nowhere, passages with all the words are shown. FTS5 syntax
still works when written on purpose: `"quoted phrases"`, `prefix*`, `AND`/`OR`/`NOT` in capitals,
parentheses, `NEAR(…)`.

Queries without diacritics find text with them (`xam hai` -> `xâm hại`, `đ` = `d`); passages with
the diacritics exactly as typed rank first; old and new tone placement match. One hit per passage:
a sentence indexed as a paragraph and as a target or citation comes back once. Filters are checked
against the values in the database (`did you mean …`). User input is always a bound parameter.
"""
from __future__ import annotations

import difflib
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import ui
from .errors import PlansError
from .normalize import normalize_tones
from .store import fold_search

MAX_QUERY = 1000  # characters: longer is not a search (and would cost time per hit)
MAX_FOLD = 1_000_000  # characters one call of the SQL function fold() accepts
OPERATORS = ("AND", "OR", "NOT")
_TOKEN = regex.compile(r'"[^"]*"\*?|"[^"]*$|[()]|[^\s()"]+')
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_ON_PURPOSE = regex.compile(r'"|\*(?:\s|$|\))|(?:^|\s)(?:AND|OR|NOT)(?:\s|$)|NEAR\s*\(|\(|\)')


class SearchError(PlansError):
    """A query the index cannot run, a filter value the database lacks, or no database."""


@dataclass
class Hit:
    doc_id: str
    title: str | None
    section_id: str | None
    heading: str | None
    line: int | None
    page: int | None
    kind: str
    text: str
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    exact: bool = False
    score: float = 0.0
    name: str | None = None  # the plan as people name it: `KH 80/KH-UBND ngày 28/05/2021 — UBND huyện Hương Khê`
    also: list[str] = field(default_factory=list)  # other kinds of row on the same line (one hit per passage)


HIT_COLUMNS = ["doc_id", "name", "title", "section_id", "heading", "line", "page", "kind", "also", "text", "snippet",
               "exact", "score"]


def fold(text: str | None) -> str | None:
    """The SQL function `fold()`: folded, lower case; bounded so that one call cannot outlast a
    query time limit (SQLite can interrupt a query between calls, not inside one)."""
    if not text:
        return text
    if len(text) > MAX_FOLD:
        raise ValueError(f"fold(): argument longer than {MAX_FOLD} characters")
    return fold_search(text).lower()


def _fts_phrase(words: str, prefix: bool = False) -> str | None:
    tokens = _WORD.findall(fold_search(words).lower())
    if not tokens:
        return None
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def to_fts(query: str, phrase: bool = True) -> str:
    """The FTS5 expression for what a person typed. Plain text becomes quoted phrases (its
    punctuation is then only a word break, as in the index); operators, quotes, `*` and
    parentheses written on purpose are kept. `phrase=False` gives each word its own phrase."""
    query = unicodedata.normalize("NFC", query)
    if not _ON_PURPOSE.search(query):
        if not phrase:
            return " ".join(p for p in (_fts_phrase(w) for w in query.split()) if p)
        # a document number (`23/QĐ-TTg`) is a phrase of its own: `Quyết định 23/QĐ-TTg` is
        # written `Quyết định số 23/QĐ-TTg` as often as not
        chunks, words = [], []
        for w in query.split():
            if "/" in w and _WORD.search(w):
                chunks += [" ".join(words), w]
                words = []
            else:
                words.append(w)
        chunks.append(" ".join(words))
        return " ".join(p for p in (_fts_phrase(c) for c in chunks) if p)
    if query.count('"') % 2:
        raise SearchError(ui.text("search.malformed", query=repr(query), reason="unbalanced \""))
    if regex.search(r"NEAR\s*\(", query):  # NEAR(...) keeps its own syntax: fold only
        return fold_search(query)
    out, plain = [], []

    def flush():
        if plain:
            p = _fts_phrase(" ".join(plain)) if phrase else " ".join(
                x for x in (_fts_phrase(w) for w in plain) if x)
            if p:
                out.append(p)
            plain.clear()

    for tok in _TOKEN.findall(query):
        if tok in OPERATORS or tok in ("(", ")"):
            flush()
            out.append(tok)
        elif tok.startswith('"'):
            flush()
            p = _fts_phrase(tok.strip('"*'), prefix=tok.endswith("*"))
            if p:
                out.append(p)
        elif tok.endswith("*") and _WORD.search(tok):
            plain.append(tok[:-1])
            p = _fts_phrase(" ".join(plain), prefix=True)
            plain.clear()
            out.append(p)
        else:
            plain.append(tok)
    flush()
    return " ".join(out)


def _terms(query: str) -> list[tuple[str, bool]]:
    """Folded query words (operators dropped) and whether each is a prefix (`xam*`)."""
    words = regex.findall(r"[\p{L}\d]+\*?", fold_search(query))
    return [(w.rstrip("*").lower(), w.endswith("*")) for w in words if w not in OPERATORS + ("NEAR",)]


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words stand in `text` (one pattern for all words: linear in both)."""
    terms = _terms(query)
    if not terms:
        return []
    whole = sorted({regex.escape(t) for t, p in terms if not p}, key=len, reverse=True)
    prefixes = sorted({regex.escape(t) for t, p in terms if p}, key=len, reverse=True)
    alts = []
    if whole:
        alts.append(r"(?:" + "|".join(whole) + r")(?![\p{L}\d])")
    if prefixes:
        alts.append(r"(?:" + "|".join(prefixes) + r")")
    pattern = r"(?<![\p{L}\d])(?:" + "|".join(alts) + ")"
    folded = fold_search(text).lower()
    return [(m.start(), m.end()) for m in regex.finditer(pattern, folded)]


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = 160, mark=("«", "»")) -> str:
    if not spans:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in spans:
        if a < pos or b > end:
            continue
        out.append(text[pos:a] + mark[0] + text[a:b] + mark[1])
        pos = b
    out.append(text[pos:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def _exact(text: str, words: list[str]) -> bool:
    low = normalize_tones(text).lower()
    return bool(words) and any(c != fold_search(c) for w in words for c in w) and all(w in low for w in words)


def _exact_words(query: str) -> list[str]:
    return [w.lower() for w in regex.findall(r"[\p{L}\d]+", normalize_tones(unicodedata.normalize("NFC", query)))
            if w not in OPERATORS + ("NEAR",)]


def connect(db: str | Path) -> sqlite3.Connection:
    """A read-only connection to a plans database, or one clear SearchError."""
    path = Path(db)
    if not path.exists():
        raise SearchError(ui.text("search.no_db", db=db))
    if not path.is_file():
        raise SearchError(ui.text("search.not_db", db=db, reason="a folder"))
    # as a URI with the path percent-encoded: a `#` or `?` in the name is part of the name
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        con.execute("SELECT 1 FROM passages_fts JOIN documents LIMIT 0").fetchall()
    except sqlite3.DatabaseError as exc:
        con.close()
        raise SearchError(ui.text("search.not_db", db=db, reason=str(exc))) from None
    con.create_function("fold", 1, fold, deterministic=True)
    return con


def _values(con, sql: str) -> list[str]:
    return [r[0] for r in con.execute(sql) if r[0] not in (None, "")]


def _check(con, option: str, value: str, sql: str, folded: bool = False, aliases: dict | None = None) -> str:
    """`value` if the database holds it (folded comparison when `folded`), its canonical form
    when it is an alias, else a SearchError naming the closest values."""
    present = _values(con, sql)
    key = (lambda s: fold_search(s).lower().strip()) if folded else (lambda s: s)
    by_key = {key(v): v for v in present}
    for alias, canonical in (aliases or {}).items():
        if canonical in present:
            by_key.setdefault(key(alias), canonical)
    if key(value) in by_key:
        return by_key[key(value)]
    close = difflib.get_close_matches(key(value), list(by_key), n=3, cutoff=0.6)
    msg = ui.text("search.no_value", option=option, value=value)
    if close:
        msg += ui.text("search.did_you_mean", suggestions=", ".join(repr(by_key[c]) for c in close))
    else:
        msg += ui.text("search.values", values=", ".join(sorted(present)[:20]))
    raise SearchError(msg)


def _level_aliases() -> dict:
    out = {}
    for level, names in (ui._data().get("levels") or {}).items():
        for n in names if isinstance(names, list) else [names]:
            out[n] = level
    return out


def search(db: str | Path, query: str, *, level: str | None = None, province: str | None = None,
           year: int | None = None, doc_type: str | None = None, agency: str | None = None,
           code: str | None = None, kinds: list[str] | None = None, limit: int = 20) -> list[Hit]:
    """Passages matching `query`, best first, one per passage."""
    if not query or not query.strip():
        raise SearchError(ui.text("search.empty"))
    if len(query) > MAX_QUERY:
        raise SearchError(ui.text("search.too_long", n=len(query), max=MAX_QUERY))
    if limit is None or limit < 1:
        raise SearchError(ui.text("search.bad_limit", value=limit))
    limit = min(limit, 10_000)
    if year is not None and not 1900 <= year <= 2200:
        raise SearchError(ui.text("search.bad_year", value=year))
    con = connect(db)
    try:
        where, params = [], []
        if level:
            level = _check(con, "--level", level, "SELECT DISTINCT admin_level FROM documents", folded=True,
                           aliases=_level_aliases())
            where.append("d.admin_level = ?")
            params.append(level)
        if province:
            _check(con, "--province", province, "SELECT DISTINCT province FROM documents", folded=True)
            where.append("fold(d.province) = fold(?)")
            params.append(province)
        if year:
            if not con.execute("SELECT 1 FROM documents WHERE (period_start <= ? AND period_end >= ?) "
                               "OR substr(issue_date, 1, 4) = ? LIMIT 1", [year, year, str(year)]).fetchone():
                year_of = "CAST(substr(issue_date, 1, 4) AS INTEGER)"
                lo, hi = con.execute(f"SELECT min(min(coalesce(period_start, 9999), coalesce({year_of}, 9999))), "
                                     f"max(max(coalesce(period_end, 0), coalesce({year_of}, 0))) "
                                     "FROM documents").fetchone()
                raise SearchError(ui.text("search.no_year", year=year, lo=lo, hi=hi))
            where.append("((d.period_start <= ? AND d.period_end >= ?) OR substr(d.issue_date, 1, 4) = ?)")
            params += [year, year, str(year)]
        if doc_type:
            doc_type = _check(con, "--doc-type", doc_type, "SELECT DISTINCT doc_type FROM documents", folded=True)
            where.append("d.doc_type = ?")
            params.append(doc_type)
        if agency:
            found = con.execute("SELECT 1 FROM agencies WHERE fold(agency) LIKE '%' || fold(?) || '%' "
                                "OR fold(agency_canonical) LIKE '%' || fold(?) || '%' LIMIT 1",
                                [agency, agency]).fetchone()
            if not found:
                _check(con, "--agency", agency, "SELECT DISTINCT agency_canonical FROM agencies", folded=True)
            where.append("EXISTS (SELECT 1 FROM agencies a WHERE a.doc_id = p.doc_id AND (p.section_id = a.section_id "
                         "OR p.section_id LIKE a.section_id || '.%') AND (fold(a.agency) LIKE '%' || fold(?) || '%' "
                         "OR fold(a.agency_canonical) LIKE '%' || fold(?) || '%'))")
            params += [agency, agency]
        if code:
            code = _check(con, "--code", code, "SELECT DISTINCT code FROM indicators", folded=True)
            where.append("EXISTS (SELECT 1 FROM indicators i WHERE i.doc_id = p.doc_id AND i.code = ? "
                         "AND (i.section_id IS p.section_id))")
            params.append(code)
        if kinds:
            kinds = [_check(con, "--kind", k, "SELECT DISTINCT kind FROM passages") for k in kinds]
            where.append(f"p.kind IN ({', '.join('?' for _ in kinds)})")
            params += list(kinds)
        rows = _run(con, query, to_fts(query), where, params, limit)
        if not rows and not _ON_PURPOSE.search(query) and len(query.split()) > 1:
            rows = _run(con, query, to_fts(query, phrase=False), where, params, limit)  # the words, apart
        docs = {r[0]: r[1:] for r in con.execute(
            "SELECT doc_id, doc_type, number, issuer, issue_date FROM documents")}
    finally:
        con.close()
    words = _exact_words(query)
    percents = _percent_filters(query)
    found = []
    for doc_id, title, section_id, heading, line, page, kind, text, score, para in rows:
        if percents and not all(p.search(text) for p in percents):
            continue  # `95%` is a share, not any 95
        found.append((Hit(doc_id, title, section_id, heading, line, page, kind, text, "", [], _exact(text, words),
                          score), para))
    found.sort(key=lambda hp: (not hp[0].exact, hp[0].score))
    by_place: dict[tuple, Hit] = {}
    hits = []
    for hit, para in found:
        # one hit per passage: a target, citation … is also indexed within its paragraph
        place = (hit.doc_id, hit.page, para) if para else (hit.doc_id, hit.kind, hit.text)
        if place in by_place:
            first = by_place[place]
            if hit.kind != first.kind and hit.kind not in first.also:
                first.also.append(hit.kind)
            continue
        by_place[place] = hit
        hits.append(hit)
        if len(hits) == limit:
            break
    for hit in hits:
        hit.highlights = highlight_spans(hit.text, query)
        hit.snippet = make_snippet(hit.text, hit.highlights)
        d = docs.get(hit.doc_id)
        if d:
            hit.name = ui.plan_name(dict(doc_id=hit.doc_id, doc_type=d[0], number=d[1], issuer=d[2], issue_date=d[3]))
    return hits


def _percent_filters(query: str) -> list:
    """`95%`, `2,5 ‰` typed as plain text: the number must stand with its sign (the index keeps
    only the number)."""
    if _ON_PURPOSE.search(query):
        return []
    out = []
    for m in regex.finditer(r"(\d+(?:[.,]\d+)*)\s*([%‰])", query):
        out.append(regex.compile(r"(?<![\d.,])" + regex.escape(m.group(1)) + r"\s*" + regex.escape(m.group(2))))
    return out


def _run(con, query: str, match: str, where: list[str], params: list, limit: int) -> list[tuple]:
    if not match.strip():
        raise SearchError(ui.text("search.malformed", query=repr(query), reason=ui.text("search.no_words")))
    sql = ("SELECT p.doc_id, d.title, p.section_id, s.heading, p.line, p.page, p.kind, p.text, bm25(passages_fts), "
           "(SELECT max(t.line) FROM passages t WHERE t.doc_id = p.doc_id AND t.kind = 'text' AND t.page IS p.page "
           "AND t.line <= p.line) "
           "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
           "JOIN documents d ON d.doc_id = p.doc_id "
           "LEFT JOIN sections s ON s.doc_id = p.doc_id AND s.section_id = p.section_id "
           f"WHERE {' AND '.join(['passages_fts MATCH ?'] + where)} ORDER BY bm25(passages_fts) LIMIT ?")
    try:
        fetch = max(limit * 5, 50) * (10 if _percent_filters(query) else 1)  # rows the % filter may drop
        return con.execute(sql, [match] + params + [fetch]).fetchall()
    except sqlite3.OperationalError as exc:  # the SQL is fixed: what fails is the user's FTS5 query
        raise SearchError(ui.text("search.malformed", query=repr(query), reason=str(exc))) from None

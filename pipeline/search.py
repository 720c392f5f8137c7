"""Search the plans database (`plans search`): diacritic-insensitive full text, with filters.

    from pipeline.search import search
    for hit in search("outputs/plans.sqlite", "xam hai", level="huyen"):
        print(hit.doc_id, hit.section_id, hit.line, hit.snippet)

Queries typed without diacritics find text with them (`dao tao` -> `đào tạo`); old and new tone
placement match; passages that contain the query exactly as typed (with its diacritics) rank
first; FTS5 phrases (`"xâm hại trẻ em"`) and prefixes (`xam*`) work. User input is always a bound
parameter.
"""
from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .errors import PlansError
from .normalize import normalize_tones
from .store import fold_search


class SearchError(PlansError):
    """A query the index cannot run, or a database that is not there."""


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


def _terms(query: str) -> list[tuple[str, bool]]:
    """Folded query words (operators dropped) and whether each is a prefix (`xam*`)."""
    words = regex.findall(r"[\p{L}\d]+\*?", fold_search(query))
    return [(w.rstrip("*").lower(), w.endswith("*")) for w in words if w not in ("AND", "OR", "NOT", "NEAR")]


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    folded = fold_search(text).lower()
    spans = []
    for term, prefix in _terms(query):
        pattern = rf"(?<![\p{{L}}\d]){regex.escape(term)}" + ("" if prefix else r"(?![\p{L}\d])")
        spans.extend((m.start(), m.end()) for m in regex.finditer(pattern, folded))
    return sorted(set(spans))


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = 160, mark=("«", "»")) -> str:
    if not spans:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    out, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(text[pos:a] + mark[0] + text[a:b] + mark[1])
        pos = b
    out.append(text[pos:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


def _exact(text: str, query: str) -> bool:
    words = [w.lower() for w in regex.findall(r"[\p{L}\d]+", normalize_tones(unicodedata.normalize("NFC", query)))
             if w not in ("AND", "OR", "NOT", "NEAR")]
    low = normalize_tones(text).lower()
    return bool(words) and any(c != fold_search(c) for w in words for c in w) and all(w in low for w in words)


def search(db: str | Path, query: str, *, level: str | None = None, province: str | None = None,
           year: int | None = None, doc_type: str | None = None, agency: str | None = None,
           code: str | None = None, kinds: list[str] | None = None, limit: int = 20) -> list[Hit]:
    """Passages matching `query`, best first."""
    if not Path(db).exists():
        raise SearchError(f"no database at {db}: run `plans run` first")
    if not query.strip():
        raise SearchError("empty query")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.create_function("fold", 1, lambda s: fold_search(s).lower() if s else s, deterministic=True)
    where = ["passages_fts MATCH ?"]
    params: list = [fold_search(unicodedata.normalize("NFC", query))]
    if level:
        where.append("d.admin_level = ?")
        params.append(level)
    if province:
        where.append("fold(d.province) = fold(?)")
        params.append(province)
    if year:
        where.append("((d.period_start <= ? AND d.period_end >= ?) OR substr(d.issue_date, 1, 4) = ?)")
        params += [year, year, str(year)]
    if doc_type:
        where.append("d.doc_type = ?")
        params.append(doc_type)
    if agency:
        where.append("EXISTS (SELECT 1 FROM agencies a WHERE a.doc_id = p.doc_id AND (p.section_id = a.section_id "
                     "OR p.section_id LIKE a.section_id || '.%') AND (fold(a.agency) LIKE '%' || fold(?) || '%' "
                     "OR fold(a.agency_canonical) LIKE '%' || fold(?) || '%'))")
        params += [agency, agency]
    if code:
        where.append("EXISTS (SELECT 1 FROM indicators i WHERE i.doc_id = p.doc_id AND i.code = ? "
                     "AND (i.section_id IS p.section_id))")
        params.append(code)
    if kinds:
        where.append(f"p.kind IN ({', '.join('?' for _ in kinds)})")
        params += list(kinds)
    sql = ("SELECT p.doc_id, d.title, p.section_id, s.heading, p.line, p.page, p.kind, p.text, bm25(passages_fts) "
           "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
           "JOIN documents d ON d.doc_id = p.doc_id "
           "LEFT JOIN sections s ON s.doc_id = p.doc_id AND s.section_id = p.section_id "
           f"WHERE {' AND '.join(where)} ORDER BY bm25(passages_fts) LIMIT ?")
    try:
        rows = con.execute(sql, params + [max(limit * 5, 50)]).fetchall()
    except sqlite3.OperationalError as exc:  # the SQL is fixed: what fails is the user's FTS5 query
        raise SearchError(f"malformed query {query!r} ({exc}); quote phrases with \"…\", "
                          "use * for prefixes, AND/OR/NOT in capitals") from None
    finally:
        con.close()
    hits = []
    for doc_id, title, section_id, heading, line, page, kind, text, score in rows:
        spans = highlight_spans(text, query)
        hits.append(Hit(doc_id, title, section_id, heading, line, page, kind, text, make_snippet(text, spans), spans,
                        _exact(text, query), score))
    hits.sort(key=lambda h: (not h.exact, h.score))
    return hits[:limit]

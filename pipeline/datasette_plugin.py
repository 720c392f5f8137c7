"""Datasette plugin (installed with the package's `datasette` extra): titles, descriptions, facets,
full-text search and a ranked saved query (`search`) for `datasette outputs/plans.sqlite`, with no
metadata file to pass.

SQL functions it adds: `fold(text)` (diacritics dropped, lower case; refuses arguments over a
million characters, so one call cannot outlast Datasette's time limit) and `plans_query(text)`
(what a person typed -> the FTS5 expression `plans search` uses: `80/KH-UBND`, `TB&XH` as text).
"""
from __future__ import annotations

from datasette import hookimpl

from .search import fold, to_fts


def _query(text):
    if not text or not text.strip():
        return '""'
    if len(text) > 1000:
        raise ValueError("query longer than 1000 characters")
    return to_fts(text) or '""'


SEARCH_SQL = """
SELECT p.doc_id, d.number, d.issuer, d.issue_date, p.section_id, p.line, p.page, p.kind, p.text,
       round(bm25(passages_fts), 3) AS rank
FROM passages_fts
JOIN passages p ON p.id = passages_fts.rowid
JOIN documents d ON d.doc_id = p.doc_id
WHERE passages_fts MATCH plans_query(:q)
  AND (:level = '' OR d.admin_level = :level)
ORDER BY bm25(passages_fts)
LIMIT 100
"""

METADATA = {
    "title": "Kế hoạch của cơ quan nhà nước Việt Nam (Vietnamese public plans)",
    "description": "Kế hoạch, quyết định và văn bản liên quan do `plans run` đọc: mục, chỉ tiêu, cơ quan, "
                   "trích dẫn, thời hạn và các phát hiện khi rà soát. Mỗi dòng dẫn về dòng trong văn bản gốc.",
    "databases": {"plans": {
        "description": "Tìm không dấu: `xam hai` tìm ra `xâm hại`; số hiệu như `80/KH-UBND` tìm đúng như gõ. "
                       "Dùng truy vấn đã lưu «search» để có kết quả xếp theo mức liên quan.",
        "queries": {
            "search": {
                "title": "Tìm trong các văn bản (xếp theo mức liên quan)",
                "description": "Gõ như bình thường: `80/KH-UBND`, `TB&XH`, `Lao động - Thương binh`, `dao tao`; "
                               "level: huyen, tinh, xa … (để trống: mọi cấp).",
                "sql": SEARCH_SQL.strip(),
                "params": ["q", "level"],
            },
        },
        "tables": {
            "documents": {"title": "Văn bản", "description": "Mỗi văn bản đã đọc một dòng.",
                          "facets": ["admin_level", "province", "doc_type", "period_start"]},
            "sections": {"title": "Mục", "description": "Cây đề mục của từng văn bản.",
                         "facets": ["kind", "level"]},
            "indicators": {"title": "Chỉ tiêu", "description": "Mỗi chỉ tiêu một dòng: ngưỡng, đơn vị, năm.",
                           "facets": ["code", "target_year", "unit", "comparator"]},
            "agencies": {"title": "Cơ quan", "description": "Cơ quan chịu trách nhiệm và vai trò.",
                         "facets": ["agency_canonical", "role", "agency_level"]},
            "citations": {"title": "Trích dẫn", "description": "Văn bản được trích theo số hiệu, luật theo tên.",
                          "facets": ["doc_type", "relation"]},
            "deadlines": {"title": "Thời hạn", "description": "Ngày phải hoàn thành và các giai đoạn.",
                          "facets": ["kind", "recurrence"]},
            "findings": {"title": "Phát hiện", "description": "Kết quả rà soát, kèm câu trích hai phía.",
                         "facets": ["kind", "severity", "code"]},
            "passages": {"title": "Đoạn văn (tìm ở đây)",
                         "description": "Mọi đoạn, chỉ tiêu, cơ quan, trích dẫn, thời hạn; chỉ mục toàn văn có "
                                        "dấu và không dấu.",
                         "fts_table": "passages_fts", "fts_pk": "id", "facets": ["kind", "doc_id"]},
        },
    }},
}


@hookimpl
def get_metadata(datasette, key, database, table):
    return METADATA


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_function("plans_query", 1, _query, deterministic=True)

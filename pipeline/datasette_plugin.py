"""Datasette plugin (installed with the package's `datasette` extra): titles, descriptions, facets
and full-text search for `datasette outputs/plans.sqlite`, with no metadata file to pass."""
from __future__ import annotations

from datasette import hookimpl

from .store import fold_search

METADATA = {
    "title": "Vietnamese public plans",
    "description": "Plans (KẾ HOẠCH) and related documents read by `plans run`: their sections, targets, "
                   "agencies, citations, deadlines and the audit's findings. Every row cites its source line.",
    "databases": {"plans": {
        "description": "Search passages without diacritics: `xam hai` finds `xâm hại`, `dao tao` finds `đào tạo`.",
        "tables": {
            "documents": {"title": "Documents", "description": "One row per plan read.",
                          "facets": ["admin_level", "province", "doc_type", "period_start"]},
            "sections": {"title": "Sections", "description": "The heading tree of each plan.",
                         "facets": ["kind", "level"]},
            "indicators": {"title": "Indicators", "description": "One row per target: threshold, unit, year.",
                           "facets": ["code", "target_year", "unit", "comparator"]},
            "agencies": {"title": "Agencies", "description": "Responsible bodies and their roles.",
                         "facets": ["agency_canonical", "role", "agency_level"]},
            "citations": {"title": "Citations", "description": "Documents cited by number and laws by name.",
                          "facets": ["doc_type", "relation"]},
            "deadlines": {"title": "Deadlines", "description": "Dates due and periods.",
                          "facets": ["kind", "recurrence"]},
            "findings": {"title": "Findings", "description": "What the audit found, with evidence.",
                         "facets": ["kind", "severity", "code"]},
            "passages": {"title": "Passages (search here)",
                         "description": "Every paragraph, target, agency, citation and deadline, full-text "
                                        "indexed with and without diacritics.",
                         "fts_table": "passages_fts", "fts_pk": "id", "facets": ["kind", "doc_id"],
                         "sort": "id"},
        },
    }},
}


@hookimpl
def get_metadata(datasette, key, database, table):
    return METADATA


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.create_function("fold", 1, lambda s: fold_search(s).lower() if s else s, deterministic=True)

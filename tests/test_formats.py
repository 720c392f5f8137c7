"""A PDF and a DOCX copy of each corpus plan give the same rows in every table, line numbers aside."""
from __future__ import annotations

from dataclasses import asdict

import pytest

from conftest import CORPUS, corpus_lines, make_docx, make_pdf
from pipeline import extract

STEMS = sorted(p.stem for p in CORPUS.glob("*.txt"))
SAME = ("doc_type", "number", "issuer", "admin_level", "locality", "province", "issue_date", "title",
        "period_start", "period_end", "signer", "signer_title", "parent_key")


def rows(result):
    doc = asdict(result.document)
    return ({k: doc[k] for k in SAME},
            [(s.section_id, s.parent_id, s.level, s.label, s.heading, s.kind) for s in result.sections],
            [(t.indicator_no, t.code, t.metric, t.comparator, t.value, t.unit, t.target_year, t.section_id)
             for t in result.indicators],
            [(c.key, c.doc_type, c.issue_date, c.issuer, c.relation, c.key_note) for c in result.citations],
            [(a.section_id, a.agency, a.agency_canonical, a.agency_level, a.role, a.indicator_nos)
             for a in result.agencies],
            [(d.section_id, d.kind, d.date, d.month_day, d.recurrence, d.start, d.end, d.responsible)
             for d in result.deadlines])


@pytest.fixture(scope="module")
def text_rows():
    return {stem: rows(extract(CORPUS / f"{stem}.txt")) for stem in STEMS}


@pytest.mark.parametrize("maker", [make_pdf, make_docx], ids=["pdf", "docx"])
@pytest.mark.parametrize("stem", STEMS)
def test_same_rows_as_text(stem, maker, tmp_path, text_rows):
    kind = "pdf" if maker is make_pdf else "docx"
    path = maker(corpus_lines(stem), tmp_path / f"{stem}.{kind}")
    assert rows(extract(path)) == text_rows[stem]


def test_task_table_rows_same_from_pdf_and_docx(tmp_path, text_rows):
    """The wide task table of the REDD+ decision: agency and deadline rows agree in all three formats."""
    stem = "qd419_ttg_2017_redd"
    for maker, kind in ((make_pdf, "pdf"), (make_docx, "docx")):
        got = rows(extract(maker(corpus_lines(stem), tmp_path / f"{stem}.{kind}")))
        assert got[4:] == text_rows[stem][4:], kind

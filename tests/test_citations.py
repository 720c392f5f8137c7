"""Citations: the number grammar, dates, issuers, relations and repairs, on real corpus lines."""
from __future__ import annotations

import pytest

from conftest import corpus_file
from pipeline import extract, link
from pipeline.citations import find_citations, parse_key


def cites(stem):
    return extract(corpus_file(stem)).citations


def test_basis_with_issuer_wrapped_onto_the_next_line():
    c = cites("001_aa895cb07729ff69")[0]
    assert (c.line, c.key, c.doc_type, c.number, c.symbol, c.issue_date, c.issuer, c.relation) == (
        13, "2482/QĐ-UBND", "quyet_dinh", 2482, "QĐ-UBND", "2020-12-22", "UBND huyện Tam Đường", "basis")


def test_implemented_plan_with_a_written_out_date():
    c = cites("002_cb41b1295af3bb46")[0]
    assert (c.key, c.issue_date, c.issuer, c.relation) == ("159/KH-UBND", "2021-05-11", "UBND tỉnh Hà Tĩnh", "implements")


@pytest.mark.parametrize("written, key, symbol, note", [
    ("13/2021/TTBLĐTBXH", "13/2021/TT-BLĐTBXH", "TT-BLĐTBXH", "repaired: TTBLĐTBXH -> TT-BLĐTBXH"),
    ("53/KGH-UBND", "53/KGH-UBND", "KGH-UBND", "unknown type code KGH"),
    ("119- KH/TU", "119-KH/TU", "KH/TU", None),
    ("121/2020/QH14", "121/2020/QH14", "QH14", None),
    ("416/QĐ- TTg", "416/QĐ-TTg", "QĐ-TTg", None),
])
def test_number_grammar(written, key, symbol, note):
    number, sym, full, why = parse_key(written)
    assert (full, sym, why) == (key, symbol, note)


def test_typo_repaired_and_noted_on_the_line_of_the_number():
    c = next(c for c in cites("003_2bd3cd32362b3bc4") if c.doc_type == "thong_tu")
    assert (c.line, c.key, c.key_note, c.issuer) == (
        185, "13/2021/TT-BLĐTBXH", "repaired: TTBLĐTBXH -> TT-BLĐTBXH", "Bộ trưởng Bộ Lao động - TB&XH")


def test_party_documents_and_relations_in_a_preamble():
    got = [(c.line, c.key, c.relation) for c in cites("qd435_kontum_2020_quanhelaodong") if c.line in (5, 6, 7)]
    assert got == [(5, "37-CT/TW", "basis"), (6, "416/QĐ-TTg", "basis"), (6, "37-CT/TW", "reference"),
                   (7, "119-KH/TU", "implements"), (7, "37-CT/TW", "reference")]


def test_laws_by_name_with_and_without_year():
    got = [(c.line, c.key) for c in cites("001_aa895cb07729ff69") if c.line in (218, 254, 358)]
    assert got == [(218, "Luật Trẻ em 2016"), (218, "Luật Giáo dục"), (254, "Luật Hôn nhân và gia đình"),
                   (254, "Luật Trẻ em"), (254, "Luật Phòng chống bạo lực gia đình"), (358, "Luật Trẻ em 2016")]


def test_requester_is_the_issuer_of_a_submission():
    text = ("Xét đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội tại Tờ trình số 33/TTr-SLĐTBXH ngày 16 "
            "tháng 4 năm 2020 và Tờ trình số 42/TTr-SLĐTBXH ngày 29 tháng 4 năm 2020,")
    got = [(f["key"], f["issue_date"], f["issuer"]) for _, _, f in find_citations(text)]
    assert got == [("33/TTr-SLĐTBXH", "2020-04-16", "Giám đốc Sở Lao động - Thương binh và Xã hội"),
                   ("42/TTr-SLĐTBXH", "2020-04-29", "Giám đốc Sở Lao động - Thương binh và Xã hội")]


def test_a_plan_citing_its_own_number_is_skipped():
    assert [c.key for c in cites("002_cb41b1295af3bb46")] == ["159/KH-UBND", "Luật Ngân sách Nhà nước"]


def test_citations_resolve_to_documents_of_the_run():
    results = [extract(corpus_file(s)) for s in ("004_57d55756dd206766", "national_qd23_ttg_2021")]
    link.resolve_citations(results)
    resolved = [(c.key, c.resolved_doc_id) for c in results[0].citations if c.resolved_doc_id]
    assert resolved == [("23/QĐ-TTg", "national_qd23_ttg_2021")]

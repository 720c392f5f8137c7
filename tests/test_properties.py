"""Property tests: numbers, units and dates written the Vietnamese way read back to themselves,
and mutated corpus text never crashes the pipeline."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from pipeline import extract
from pipeline.citations import _DATE_AFTER_RE, _date_iso
from pipeline.deadlines import paragraph_deadlines
from pipeline.errors import InputError
from pipeline.indicators import find_quantities, parse_number

CORPUS_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def vn_number(value: float, decimals: int) -> str:
    """`1234.5` -> `1.234,5`: dots group thousands, a comma marks decimals."""
    whole, _, frac = f"{value:.{decimals}f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if decimals else "")


@given(st.integers(min_value=0, max_value=9_999_999), st.integers(min_value=0, max_value=2))
def test_vietnamese_numbers_read_back(units, decimals):
    value = units / 10 ** decimals
    assert parse_number(vn_number(value, decimals)) == round(value, decimals)


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from(["%", "‰", "/1.000", "/100.000"]))
def test_quantities_read_back(hundredths, unit):
    value = hundredths / 100
    text = f"Giảm tỷ lệ xuống dưới {vn_number(value, 2)}{unit} vào năm 2025"
    [q] = find_quantities(text)
    expected_unit = {"%": "%", "‰": "per_1000", "/1.000": "per_1000", "/100.000": "per_100000"}[unit]
    assert (q.value, q.unit) == (value, expected_unit)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), st.booleans(), st.booleans())
def test_dates_read_back(day, words, zero_pad):
    d = f"{day.day:02d}" if zero_pad else str(day.day)
    m = f"{day.month:02d}" if zero_pad else str(day.month)
    written = f"ngày {d} tháng {m} năm {day.year}" if words else f"ngày {d}/{m}/{day.year}"
    match = _DATE_AFTER_RE.match(" " + written)
    assert match and _date_iso(match) == day.isoformat()
    [due] = paragraph_deadlines(f"Các xã gửi báo cáo về UBND huyện trước {written}.", 2024)
    assert due["date"] == day.isoformat()


MUTATIONS = st.lists(st.tuples(st.integers(min_value=0, max_value=30_000), st.integers(min_value=0, max_value=40),
                               st.text(alphabet=st.sampled_from(list("0123456789.,;:/%‰-–() \nChỉtiêuđạtdướitrênnămQuýIV"
                                                                     "Đăâêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ|*#")),
                                       max_size=30)),
                     min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(CORPUS_TEXTS)), MUTATIONS)
def test_mutated_corpus_text_never_crashes(stem, edits):
    text = CORPUS_TEXTS[stem]
    for pos, cut, insert in edits:
        pos = pos % (len(text) + 1)
        text = text[:pos] + insert + text[pos + cut:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        try:
            result = extract(path)
        except InputError:
            return
        assert result.document.doc_id == stem
        for t in result.indicators:
            assert t.line >= 1 and (t.value is None or t.value >= 0)

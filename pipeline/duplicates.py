"""One document in several files (the same plan as .txt, .docx and .pdf) is counted once.

Two extractions are the same document when they state the same number, issuer and date (not
appendices alone: those of one decree all carry its number), or when
their text is the same (letters and digits compared, spacing and line breaks ignored; only
documents whose headers read alike — type, issuer, date, title — are compared so). The copy
kept is the one whose line numbers are most direct to cite (text first, then Word, HTML, PDF);
the others are named in its `copies` column and get a note on stderr, not an error.
"""
from __future__ import annotations

import hashlib
from collections import Counter

FORMAT_ORDER = {"txt": 0, "md": 1, "docx": 2, "html": 3, "htm": 3, "pdf": 4}


def _text_key(result) -> str:
    text = "".join(p[3] for p in result.passages)
    # letters and digits only (what `[\W_]+` leaves: `str.isalnum` is `\w` without `_`)
    return hashlib.sha256("".join(filter(str.isalnum, text)).lower().encode()).hexdigest()


def _candidate(doc) -> tuple:
    """Copies of one text read the same header: only documents sharing this are hashed."""
    return (doc.doc_type, doc.issuer, doc.issue_date, doc.title)


def _number_key(doc) -> tuple | None:
    """(number, issuer, date); none for an appendix alone, which carries the number of the decree it
    is attached to, as the decree's other appendices do (Phụ lục II, III, IV of 161/2024/NĐ-CP)."""
    if doc.doc_type == "phu_luc":
        return None
    if doc.number and doc.issuer and "/" in doc.number and doc.number.split("/")[0].strip():
        return (doc.number, doc.issuer, doc.issue_date or "")
    return None


def drop_copies(results: list) -> tuple[list, list[tuple]]:
    """(results with one extraction per document, [(dropped result, kept result)])."""
    extractions = [r for r in results if hasattr(r, "document")]
    order = sorted(range(len(extractions)),
                   key=lambda i: (FORMAT_ORDER.get(extractions[i].document.format, 9), i))
    kept_by: dict = {}
    dropped: dict[int, object] = {}
    shared = Counter(_candidate(r.document) for r in extractions)
    for i in order:
        r = extractions[i]
        number = _number_key(r.document)
        text = _text_key(r) if r.passages and shared[_candidate(r.document)] > 1 else None
        keys = [k for k in (("n",) + number if number else None, ("t", text) if text else None) if k]
        first = next((kept_by[k] for k in keys if k in kept_by), None)
        if first is None:
            for k in keys:
                kept_by[k] = r
        else:
            dropped[id(r)] = first
    if not dropped:
        return results, []
    pairs = []
    for r in results:
        if id(r) in dropped:
            kept = dropped[id(r)]
            pairs.append((r, kept))
            kept.document.copies = "; ".join(x for x in (kept.document.copies, r.document.source) if x)
    return [r for r in results if id(r) not in dropped], pairs

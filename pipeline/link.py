"""Cross-document stage: resolve citations to the documents of the same run.

A citation whose key is the number of a document read in the same run (`23/QĐ-TTg` cited by the
child plans, the national decision in the corpus) gets that document's `doc_id` in
`resolved_doc_id`. Keys compare after folding spaces and case of the issuer code.
"""
from __future__ import annotations

from typing import Iterable

from .normalize import fold


def key_of(number: str | None) -> str | None:
    return fold(number).replace(" ", "").upper() if number else None


def resolve_citations(results: Iterable) -> None:
    """Fill `resolved_doc_id` of every citation in `results` (Extraction objects), in place."""
    results = [r for r in results if hasattr(r, "citations")]
    by_key = {}
    for r in results:
        k = key_of(r.document.number)
        if k:
            by_key.setdefault(k, r.document.doc_id)
    for r in results:
        for c in r.citations:
            target = by_key.get(key_of(c.key))
            if target and target != c.doc_id:
                c.resolved_doc_id = target

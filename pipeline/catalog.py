"""The indicator catalog (rules/indicator_catalog.yaml): one entry per measured quantity of the
national programme, with the words that identify it. `code_for(metric)` maps a target's metric,
in any plan's wording, to its code.

An entry matches when every one of its `all` phrases and at least one of its `any` phrases (when
given) occur in the metric, and none of its `none` phrases; phrases are compared without
diacritics and case. When several entries match, the one with the most phrases wins (the most
specific description).
"""
from __future__ import annotations


import regex

from . import rules
from .normalize import fold, strip_diacritics


def _key(text: str) -> str:
    words = regex.findall(r"[\p{L}\d]+", strip_diacritics(fold(text)).lower())
    return " " + " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in words) + " "


@rules.cached
def entries() -> tuple[dict, ...]:
    try:
        data = rules.load("indicator_catalog.yaml")
    except Exception:
        return ()
    return tuple(data["indicators"])


def source() -> str | None:
    """doc_id of the document the catalog's national targets come from."""
    try:
        return rules.load("indicator_catalog.yaml").get("source")
    except Exception:
        return None


@rules.cached
def _compiled() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]:
    out = []
    for e in entries():
        out.append((e["code"], tuple(_key(w) for w in e.get("all", [])), tuple(_key(w) for w in e.get("any", [])),
                    tuple(_key(w) for w in e.get("none", []))))
    return tuple(out)


@rules.cached
def code_for(metric: str | None) -> str | None:
    if not metric:
        return None
    key = _key(metric)
    best, best_score = None, 0
    for code, all_, any_, none in _compiled():
        if not all(w.strip() and w in key for w in all_):
            continue
        if any_ and not any(w in key for w in any_):
            continue
        if any(w in key for w in none):
            continue
        score = len(all_) + (1 if any_ else 0)
        if score > best_score:
            best, best_score = code, score
    return best

"""Loads the data files of `rules/` (YAML), once per process.

The rules folder is `rules/` beside the package (inside it, `pipeline/_rules/`, once installed from a
wheel), or the folder named by $PLANS_RULES
(tests use this to add an alias through the data files alone).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import PlansError

_PACKAGED = Path(__file__).resolve().parent / "_rules"  # in an installed wheel (package data)
_DEFAULT = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "rules"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def rules_dir() -> Path:
    return _as_path(os.environ.get("PLANS_RULES", str(_DEFAULT)))


@lru_cache(maxsize=16)
def _as_path(folder: str) -> Path:  # rules_dir is asked for on every translated string: no new Path each time
    return Path(folder)


@lru_cache(maxsize=None)
def _load(folder: str, name: str):
    path = Path(folder) / name
    if not path.exists():
        available = ", ".join(sorted(p.name for p in Path(folder).glob("*.yaml")))
        raise PlansError(f"rules file {name!r} not found in {folder}. Available: {available}")
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)


def load(name: str):
    """The parsed content of `rules/<name>` (e.g. ``load("doc_types.yaml")``)."""
    return _load(str(rules_dir()), name)


_CACHES: list = []


def cached(fn):
    """`functools.lru_cache` for things built from rules (compiled patterns, matchers), cleared
    with the rules by `clear_cache()` (tests point $PLANS_RULES at another folder)."""
    wrapped = lru_cache(maxsize=None)(fn)
    _CACHES.append(wrapped)
    return wrapped


def clear_cache() -> None:
    _load.cache_clear()
    for c in _CACHES:
        c.cache_clear()

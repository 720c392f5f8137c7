"""Citations: the number grammar of Vietnamese documents.

`80/KH-UBND` (number/type-issuer), `13/2021/TT-BLĐTBXH` (normative acts carry the year),
`34-NQ/TU` (party documents put the type first). Used by the metadata stage for `parent_key`
(the document a plan says it implements: `Thực hiện Kế hoạch số 88/KH-UBND …`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from . import rules
from .normalize import strip_diacritics

# 80/KH-UBND, 13/2021/TT-BLĐTBXH, 16/KH-LĐTB&XH, 121/2020/QH14, 119-KH/TU, 37-CT/TW
KEY_RE = regex.compile(
    r"""(?P<key>
        \d{1,5}\s?/\s?(?:\d{4}\s?/\s?)?[\p{Lu}Đ][\p{L}\d&]*(?:\s?-\s?[\p{Lu}Đ][\p{L}\d&]*)*
      | \d{1,5}\s?-\s?[\p{Lu}]{1,4}\s?/\s?[\p{Lu}]{1,6}
    )""",
    regex.VERBOSE,
)


@lru_cache(maxsize=1)
def _type_words() -> tuple[tuple[str, str], ...]:
    words = [(w, t["slug"]) for t in rules.load("doc_types.yaml") for w in t["words"]]
    return tuple(sorted(words, key=lambda x: -len(x[0])))


@lru_cache(maxsize=1)
def _implements_re() -> regex.Pattern:
    alternation = "|".join(regex.escape(w) for w, _ in _type_words())
    return regex.compile(
        rf"(?:^|[.;:]\s*)Thực\s+hiện\s+(?:các\s+)?(?P<type>(?i:{alternation}))\s+(?:số\s*)?(?P<key>{KEY_RE.pattern})",
        regex.VERBOSE,
    )


def normalize_key(key: str) -> str:
    """`119- KH/TU` -> `119-KH/TU`; `416/QĐ- TTg` -> `416/QĐ-TTg`."""
    return regex.sub(r"\s+", "", key)


def type_from_abbreviation(abbr: str) -> str | None:
    """`KH` -> `ke_hoach`, compared without diacritics (`QD` and `QĐ` both work)."""
    key = strip_diacritics(abbr).upper()
    for t in rules.load("doc_types.yaml"):
        if any(strip_diacritics(a).upper() == key for a in t["abbr"]):
            return t["slug"]
    return None


def implemented_key(texts: list[str]) -> str | None:
    """The key of the first document introduced by `Thực hiện <type> số <key>` at the start of a
    sentence (not `… kế hoạch thực hiện Chỉ thị …` inside one, nor a title in capitals)."""
    for text in texts:
        if text.isupper():
            continue
        m = _implements_re().search(text)
        if m:
            return normalize_key(m.group("key"))
    return None

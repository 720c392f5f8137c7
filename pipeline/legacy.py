"""Legacy Vietnamese 8-bit encodings (TCVN3 "ABC", VNI-Windows) -> Unicode.

Text typed with the old fonts reads as mojibake once decoded (`Céng hoµ x· héi`, `Coäng hoøa`).
`repair(text)` scores the text as it is and as each legacy encoding would convert it (the share of
words written as Vietnamese syllables) and converts when one encoding reads clearly better and
reads as Vietnamese.
The tables are data: rules/legacy_encodings.yaml.
"""
from __future__ import annotations

import unicodedata

import regex

from . import rules

_BASE = set("abcdefghijklmnopqrstuvwxyz")
_MARKS = set("\u0302\u0306\u031b")  # circumflex, breve, horn
_TONES = set("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = set("aeiouy")
_PUNCT = "\"'“”‘’()[]{}.,;:!?…-–—/\\|*+=<>%‰&#@"


# A Vietnamese syllable: an initial consonant (or none), one to three vowels, a final consonant (or
# none), written on base letters (tone marks removed, vowel marks kept: `trường` -> `trương`).
_SYLLABLE_RE = regex.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                             r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def _valid_word(word: str) -> bool:
    """Written as a Vietnamese syllable: a-z and đ, at most one tone mark, no vowel doubled
    (`Coọng`: a sign of the wrong table), consonants where Vietnamese puts them (`franỗais`,
    French read with the TCVN3 table, is not)."""
    d = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    tones = 0
    bases = []
    for c in d:
        if c in _BASE:
            bases.append(c)
        elif c in _TONES:
            tones += 1
        elif c not in _MARKS:
            return False
    if tones > 1:
        return False
    if any(a == b and a in _VOWELS for a, b in zip(bases, bases[1:])):
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return _SYLLABLE_RE.fullmatch(base) is not None


def vietnamese_share(text: str) -> float:
    """Share of words written only with letters of the Vietnamese alphabet."""
    words = [w.strip(_PUNCT) for w in unicodedata.normalize("NFC", text).split()]
    words = [w for w in words if w and not any(c.isdigit() for c in w)]
    if not words:
        return 0.0
    return sum(1 for w in words if _valid_word(w)) / len(words)


@rules.cached
def _tables() -> tuple[dict[str, str], regex.Pattern, dict[str, str]]:
    data = rules.load("legacy_encodings.yaml")
    vni = data["vni"]
    pattern = regex.compile("|".join(regex.escape(k) for k in sorted(vni, key=len, reverse=True)))
    return data["tcvn3"], pattern, vni


def from_tcvn3(text: str) -> str:
    table, _, _ = _tables()
    return "\n".join(_restore_capitals(line, "".join(table.get(c, c) for c in line)) for line in text.split("\n"))


def _restore_capitals(raw: str, line: str) -> str:
    """TCVN3 capitals with tone marks came from a second font with the same codes, so they convert
    to lower case: `KÕ HO¹CH` -> `Kế HOạCH`. A line written in capitals (its plain ASCII letters
    are) is put back in capitals, and so is a word with two or more capitals."""
    ascii_letters = [c for c in raw if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 4 and sum(c.isupper() for c in ascii_letters) >= 0.8 * len(ascii_letters):
        return line.upper()
    words = line.split(" ")
    return " ".join(w.upper() if sum(c.isupper() for c in w) >= 2 else w for w in words)


def from_vni(text: str) -> str:
    _, pattern, table = _tables()
    return pattern.sub(lambda m: table[m.group(0)], text)


# Characters Unicode Vietnamese does not use but the legacy fonts' text shows (µ ¸ ¶ for TCVN3,
# ø ï ä for VNI): text without any of them is left alone without scoring.
_TELLTALE = set("µ¸¶·¹¨»¾¼½Æ©ÇÈË®ÎÏÑªÖ×ØÜÞßäå«æçëî¬ïñöø÷ûüþ¡¢§£¤¥¦\xad")


_CONVERTED_SHARE = 0.7  # converted legacy plans read 0.99; French read as TCVN3, 0.2


def repair(text: str) -> tuple[str, str | None]:
    """(text in Unicode, name of the legacy encoding converted from, or None)."""
    sample = text[:200_000]
    if not _TELLTALE.intersection(sample):
        return text, None
    raw = vietnamese_share(sample)
    if raw >= 0.97:
        return text, None
    best_name, best_score = None, raw
    for name, convert in (("tcvn3", from_tcvn3), ("vni", from_vni)):
        score = vietnamese_share(convert(sample))
        if score > best_score + 0.1:
            best_name, best_score = name, score
    if best_name is None or best_score < _CONVERTED_SHARE:
        return text, None  # another language's 8-bit text (French in Windows-1252) is not Vietnamese either way
    convert = from_tcvn3 if best_name == "tcvn3" else from_vni
    return unicodedata.normalize("NFC", convert(text)), best_name

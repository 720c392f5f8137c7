"""The indicator catalog (rules/indicator_catalog.yaml): one entry per measured quantity of the
national programme, with the words that identify it. `code_for(metric)` maps a target's metric,
in any plan's wording, to its code.

An entry matches when every one of its `all` phrases and at least one of its `any` phrases (when
given) occur in the metric, and none of its `none` phrases; phrases are compared without
diacritics and case. When several entries match, the one with the most phrases wins (the most
specific description).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import rules
from .normalize import fold, phrase_alternation, strip_diacritics, rx


_WORD_RE = regex.compile(r"[\p{L}\d]+")


def _key(text: str) -> str:
    words = _WORD_RE.findall(strip_diacritics(fold(text)).lower())
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


# --- what a metric measures, in any domain (rules/metric_words.yaml) ----------------------------

def domain() -> str | None:
    """The domain the catalog's quantities belong to (rules/domains.yaml)."""
    try:
        return rules.load("indicator_catalog.yaml").get("domain")
    except Exception:
        return None


def source_number() -> str | None:
    """The number of the catalog's source document (`23/QĐ-TTg`), to recognise it under any file name."""
    try:
        return rules.load("indicator_catalog.yaml").get("source_number")
    except Exception:
        return None


def _phrase_re(phrases, whole_start: bool = False) -> regex.Pattern | None:
    alternation = phrase_alternation(phrases)
    if not alternation:
        return None
    lead = r"^\s*" if whole_start else r"(?<![\p{L}\d])"
    return regex.compile(rf"{lead}(?:{alternation})(?![\p{{L}}\d])", regex.IGNORECASE)


def _lower(text: str) -> str:
    return fold(text).lower()


@rules.cached
def _word_rules() -> dict:
    data = rules.load("metric_words.yaml")
    synonyms: dict[str, str] = {}
    for canonical, variants in (data.get("synonyms") or {}).items():
        canon = _lower(str(canonical))
        synonyms[canon] = canon
        for v in variants or []:
            synonyms.setdefault(_lower(str(v)), canon)
    return {
        "synonyms": synonyms,
        "synonym_re": _phrase_re(synonyms),
        "leading_re": _phrase_re(_lower(w) for w in data.get("leading") or []),
        "protect_re": _phrase_re([_lower(w) for w in data.get("growth") or []], whole_start=True),
        "filler_re": _phrase_re(_lower(w) for w in data.get("filler") or []),
        "opposites": tuple((_key(a).strip(), _key(b).strip()) for a, b in data.get("opposites") or []),
        "subjects": tuple(_key(w) for w in data.get("subjects") or []),
        "growth_re": _phrase_re(_lower(w) for w in data.get("growth") or []),
        "relative_re": _phrase_re(_lower(w) for w in data.get("relative") or []),
        "share_re": _phrase_re(_lower(w) for w in data.get("share") or []),
        "down_re": _phrase_re(_lower(w) for w in data.get("down") or []),
        "up_re": _phrase_re(_lower(w) for w in data.get("up") or []),
        "no_targets_in": frozenset(data.get("no_targets_in") or []),
    }


_YEAR_NUMBER_RE = regex.compile(r"^(?:19|20)\d\d$")
_THOUSANDS_RE = regex.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.])")
_DECIMAL_RE = regex.compile(r"(?<=\d),(?=\d)")


@dataclass(frozen=True)
class Measure:
    """What a metric measures, as a comparison key: its folded content words (synonyms written out,
    filler dropped), their unigrams and bigrams, and the numbers that are part of it."""

    words: tuple[str, ...]
    features: frozenset[str]
    numbers: frozenset[str]
    key: str  # the words joined: ` tre em duoi 5 tuoi ` (opposite groups are looked up in it)
    subject: str | None = None  # who is counted: the first of rules' `subjects` in the metric


def _expand(text: str) -> str:
    r = _word_rules()
    text = _lower(text)
    if r["synonym_re"] is not None:
        text = r["synonym_re"].sub(lambda m: " " + r["synonyms"].get(" ".join(m.group(0).lower().split()),
                                                                     m.group(0)) + " ", text)
    return text


def _strip_leading(text: str) -> str:
    r = _word_rules()
    text = rx.sub(r"^[\s\-+•–:.,]+", "", text)
    while r["leading_re"] is not None:
        if r["protect_re"] is not None and r["protect_re"].match(text):
            break
        m = r["leading_re"].match(text)
        if not m or m.start() > 0:
            break
        text = text[m.end():].lstrip(" ,:")
    return text


@lru_cache(maxsize=65536)
def measure(metric: str | None) -> Measure:
    """The comparison key of a metric (`Tỷ lệ trẻ em dưới 05 tuổi bị suy dinh dưỡng` ->
    words `tre em duoi 5 tuoi bi suy dinh duong`, numbers {5})."""
    text = _strip_leading(_expand(metric or ""))
    r = _word_rules()
    if r["filler_re"] is not None:
        text = r["filler_re"].sub(" ", text)
    text = _THOUSANDS_RE.sub(lambda m: m.group(0).replace(".", ""), text)  # `1.000` is one number
    text = _DECIMAL_RE.sub("d", text)  # `1,5` too
    words = tuple(w.lstrip("0") or "0" if w.isdigit() else w
                  for w in rx.findall(r"[\p{L}\d]+", strip_diacritics(text).lower()))
    words = tuple(w for w in words if not _YEAR_NUMBER_RE.match(w))
    numbers = frozenset(w for w in words if w[0].isdigit())
    features = frozenset(words) | frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))
    key = " " + " ".join(words) + " "
    found = [(key.find(w), w) for w in r["subjects"] if w in key]
    return Measure(words=words, features=features, numbers=numbers, key=key,
                   subject=min(found)[1].strip() if found else None)


rules._CACHES.append(measure)


def similarity(a: Measure, b: Measure) -> float:
    """0..1: how surely two metrics measure the same quantity. Dice overlap of words and word pairs,
    0 when the numbers inside them disagree (`dưới 1 tuổi` / `dưới 5 tuổi`), they name opposite
    groups (`nông thôn` / `thành thị`) or count different people (`cha mẹ` / `trẻ em`)."""
    if not a.features or not b.features:
        return 0.0
    if a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        return 0.0
    if a.subject and b.subject and a.subject != b.subject:
        return 0.0
    for x, y in _word_rules()["opposites"]:
        if ((f" {x} " in a.key and f" {y} " in b.key and f" {y} " not in a.key and f" {x} " not in b.key)
                or (f" {y} " in a.key and f" {x} " in b.key and f" {x} " not in a.key and f" {y} " not in b.key)):
            return 0.0
    common = len(a.features & b.features)
    dice = 2 * common / (len(a.features) + len(b.features))
    shorter = min(len(a.features), len(b.features))
    # a short metric inside a longer one (from two words up: one word inside a long metric says little)
    cover = common / shorter if shorter >= 3 else dice
    return round(0.5 * dice + 0.5 * cover, 3)


@lru_cache(maxsize=65536)
def quantity_kind(metric: str | None, unit: str | None, unit_text: str | None = None, after: str = "") -> str:
    """`growth` (a growth rate, `%/năm`), `relative` (a ratio to a budget, a year, a scenario: `bằng
    160% dự toán`), `share` (a share of a whole, which cannot pass 100%), or `level` (a plain % whose
    kind the words do not say). `after` is the text right after the number."""
    r = _word_rules()
    words = _lower(" ".join(x for x in (metric, unit_text, after) if x))
    if r["growth_re"] is not None and r["growth_re"].search(words):
        return "growth"
    if r["relative_re"] is not None and r["relative_re"].search(words):
        return "relative"
    if unit in ("%", "per_1000", "per_10000", "per_100000"):
        if unit != "%" or (r["share_re"] is not None and r["share_re"].search(_lower(metric or ""))):
            return "share"
    return "level"


def states_targets(doc_type: str | None) -> bool:
    """False for document types whose numbers are rules for cases, not targets (laws, decrees)."""
    return doc_type not in _word_rules()["no_targets_in"]


@lru_cache(maxsize=65536)
def direction_words(text: str | None) -> str | None:
    """`down` when the words say the quantity is to be reduced (`giảm`, `tử vong`), `up` when raised."""
    r = _word_rules()
    low = _lower(text or "")
    down = r["down_re"] is not None and r["down_re"].search(low)
    up = r["up_re"] is not None and r["up_re"].search(low)
    if down and not up:
        return "down"
    if up and not down:
        return "up"
    if down and up:
        return "down" if down.start() < up.start() else "up"
    return None


rules._CACHES.extend([quantity_kind, direction_words])


# --- what a plan is about (rules/domains.yaml) ---------------------------------------------------

@rules.cached
def _domains() -> tuple[tuple[str, regex.Pattern], ...]:
    try:
        data = rules.load("domains.yaml") or {}
    except Exception:
        return ()
    return tuple((name, _phrase_re(_lower(w) for w in d.get("words") or []))
                 for name, d in data.items() if d.get("words"))


def domains_of(title: str | None, metrics: list[str]) -> set[str]:
    """The domains a plan is about: those its title names, or that two thirds of its targets (at
    least three) measure."""
    out = set()
    title = _lower(title or "")
    low = [_lower(m) for m in metrics if m]
    for name, pattern in _domains():
        if pattern is None:
            continue
        if title and pattern.search(title):
            out.add(name)
            continue
        hits = sum(1 for m in low if pattern.search(m))
        if hits >= 3 and hits * 3 >= 2 * len(low):
            out.add(name)
    return out


def domain_name() -> str:
    """How people name the catalog's domain (`trẻ em`)."""
    name = catalog_domain = domain()
    try:
        name = (rules.load("domains.yaml") or {}).get(catalog_domain, {}).get("name") or catalog_domain
    except Exception:
        pass
    return name or "its domain"

"""What people read, in their language: strings from `rules/ui.yaml` (Vietnamese first, English
with `--lang en` or PLANS_LANG=en), finding kinds and details, and plan names.

    ui.set_lang("vi")
    ui.text("cli.no_match", query="'80/KH-UBND'")
    ui.plan_name(document)      # 'KH 80/KH-UBND ngày 28/05/2021 — UBND huyện Hương Khê'
    ui.detail(finding.detail)   # the audit's English detail, in the chosen language

Only PyYAML is imported here, so the command line can build its help from these strings fast.
"""
from __future__ import annotations

import os
import re
import string
from functools import lru_cache

from . import rules

LANGUAGES = ("vi", "en")


def default_lang() -> str:
    """Vietnamese, unless PLANS_LANG says `en`."""
    return os.environ.get("PLANS_LANG") if os.environ.get("PLANS_LANG") in LANGUAGES else "vi"


_lang = default_lang()


def set_lang(lang: str) -> None:
    global _lang
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGUAGES)}")
    _lang = lang


def lang() -> str:
    return _lang


def _data() -> dict:
    return rules.load("ui.yaml")


def _pick(entry, key: str) -> str:
    if isinstance(entry, str):
        return entry
    if not entry:
        return key
    return entry.get(_lang) or entry.get("en") or entry.get("vi") or key


def text(key: str, **values) -> str:
    """The string `key` of rules/ui.yaml in the current language, its {slots} filled."""
    s = _pick(_data()["strings"].get(key), key)
    return s.format(**values) if values else s


def kind(k: str | None) -> str:
    return _pick(_data()["kinds"].get(k or ""), k or "")


def severity(s: str | None) -> str:
    return _pick(_data()["severity"].get(s or ""), s or "")


def sheet(name: str) -> str:
    return _pick(_data()["sheets"].get(name), name)[:31]


def column(name: str) -> str:
    return _pick(_data()["columns"].get(name), name)


_WORD_SLOTS = {"code", "year", "no", "key", "date", "day", "doc", "type"}


@lru_cache(maxsize=None)
def _templates(folder: str) -> tuple[re.Pattern, list[tuple[str, str, list[str]]]]:
    """The `details` of rules/ui.yaml as one pattern, an alternative per template in file order
    (group `tK` around template K, its slots as `sK_name`), and per template (vi, en, slots): one
    `fullmatch` finds the first template a detail is written in."""
    alternatives, forms = [], []
    for k, entry in enumerate(rules.load("ui.yaml").get("details") or []):
        parts, slots = [], []
        for literal, field, _, _ in string.Formatter().parse(entry["en"]):
            parts.append(re.escape(literal))
            if field is not None:
                word = field.rstrip("0123456789") in _WORD_SLOTS
                parts.append(f"(?P<s{k}_{field}>{'no year|[^ ]+' if word else '.*?'})")
                slots.append(field)
        alternatives.append(f"(?P<t{k}>{''.join(parts)})")
        forms.append((entry.get("vi") or entry["en"], entry["en"], slots))
    return re.compile("|".join(alternatives), re.S), forms


def _match(s: str):
    """(slot values, vi, en) of the first template `s` is written in, or None."""
    pattern, forms = _templates(str(rules.rules_dir()))
    m = pattern.fullmatch(s)
    if not m:
        return None
    k = int(m.lastgroup[1:])
    vi, en, slots = forms[k]
    return {name: m.group(f"s{k}_{name}") for name in slots}, vi, en


def _leaf(s: str) -> str:
    data = _data()
    phrase = (data.get("phrases") or {}).get(s)
    if phrase:
        return _pick(phrase, s)
    for en, forms in (data.get("replace") or {}).items():
        if en in s:
            s = s.replace(en, _pick(forms, en) if _lang != "en" else en)
    return s


def detail(s: str | None, names: dict[str, str] | None = None, depth: int = 0) -> str:
    """An audit detail (written in English) in the current language; unknown text is left as is.
    `names` maps doc_ids to the plans' names, put in place of a `{doc}` slot."""
    if not s:
        return ""
    if names and s in names:
        return names[s]
    if _lang == "en" and not names:
        return s
    if depth < 4:
        hit = _match(s)
        if hit:
            values, vi, en = hit
            form = en if _lang == "en" else vi
            return form.format(**{k: detail(v, names, depth + 1) for k, v in values.items()})
    return s if _lang == "en" else _leaf(s)


def value(s: str | None) -> str:
    """A value as the audit shows it (`< 2 per 1,000`) with its unit words in the current language."""
    return s or "" if _lang == "en" or not s else _leaf(s)


def translated(s: str | None) -> bool:
    """Whether `detail(s)` found a template for `s` (a test checks every corpus finding)."""
    return bool(s) and _match(s) is not None


def _date(iso: str | None) -> str:
    if not iso:
        return ""
    parts = iso.split("-")
    which = {3: "plan.day", 2: "plan.month"}.get(len(parts), "plan.year")
    return text(which, date="/".join(reversed(parts)))


def plan_name(doc, with_date: bool = True) -> str:
    """How people name a plan: type, number, date and issuer (`KH 80/KH-UBND ngày 28/05/2021 —
    UBND huyện Hương Khê`); the file name when the document states no number."""
    if doc is None:
        return ""
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    number, issuer, doc_type = get("number"), get("issuer"), get("doc_type")
    short = _pick((_data().get("doc_type_short") or {}).get(doc_type or ""), "") if doc_type else ""
    head = " ".join(x for x in (short, number) if x)
    if not number:
        head = " ".join(x for x in (short, text("plan.no_number")) if x)
    if with_date and get("issue_date"):
        head += " " + _date(get("issue_date"))
    return f"{head} — {issuer}" if issuer else head

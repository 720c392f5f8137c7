"""Scanned and OCR'd text made like any other text (rules: `rules/ocr.yaml`).

    drop_running_lines(lines)  -> lines without running headers/footers, page numbers, page markers
    repair_labels(lines)       -> part and item labels misread by OCR (`HI-` -> `III.`, `1,` -> `1.`),
                                  only where the numbering sequence confirms them
    correct_ocr_text(text)     -> header phrases with one wrong mark put right (`QUYÉT ĐỊNH`) and
                                  misread characters (`0%o`), for OCR'd pages only

The first two run in the normalize stage on every document (they change nothing in a typed
plan); removed lines keep their number (their text is emptied), repaired labels keep their
column map.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter

import regex

from . import rules
from .records import CleanLine

_ROMAN = {r: i for i, r in enumerate(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split(), start=1)}
_CANDIDATE = regex.compile(r"^(?P<pre>[+*]?\s*)(?P<tok>[0-9IVXlLHWY!]{1,4})(?:\s*(?P<sep>[.,:;\-–])\s*|\s+)(?=\p{Lu}|\d)")
_ARABIC_LABEL = regex.compile(r"^(\d{1,2})\.(?:\s|$)")
_DIGITS = regex.compile(r"\d+")


@rules.cached
def _rules():
    data = rules.load("ocr.yaml")
    return (regex.compile(data["page_marker"]["pattern"]), regex.compile(data["page_number"]["pattern"]),
            float(data["running_share"]), dict(data["roman_lookalikes"]))


def _key(text: str) -> str:
    from .normalize import strip_diacritics

    return " ".join(_DIGITS.sub("#", strip_diacritics(text).lower()).split())


def _empty(cl: CleanLine) -> CleanLine:
    return CleanLine(no=cl.no, page=cl.page, text="", cols=(), stamp=cl.stamp)


def drop_running_lines(lines: list[CleanLine]) -> tuple[list[CleanLine], list[str]]:
    """Lines repeated at the top or bottom of most pages, page numbers there, and page markers
    (`===== Trang 3 =====`, which also start a page) -> emptied. Returns the lines and what went."""
    marker, number, share, _ = _rules()
    groups: list[list[int]] = []
    removed: list[str] = []
    out = list(lines)
    paged = any(cl.page is not None for cl in lines)
    current_page = object()
    for i, cl in enumerate(lines):
        if not paged and marker.match(cl.text):
            out[i] = _empty(cl)
            groups.append([])
            if "page markers" not in removed:
                removed.append("page markers")
            continue
        if paged and cl.page != current_page:
            current_page = cl.page
            groups.append([])
        if not groups:
            groups.append([])
        if cl.text:
            groups[-1].append(i)
    groups = [g for g in groups if g]
    if len(groups) < 2:
        if not paged:  # a text copied from a PDF without its pages: the page numbers in it
            numbered = _page_number_lines(lines, number)
            for i in numbered:
                out[i] = _empty(lines[i])
            if numbered:
                removed.append(f"{len(numbered)} page numbers")
        return out, removed
    edges = [g[:2] + g[-2:] if len(g) > 4 else g for g in groups]
    counts = Counter(k for edge in edges for k in {_key(lines[i].text) for i in edge})
    running = {k for k, n in counts.items() if k and n >= max(3, share * len(groups))}
    numbers = 0
    for edge in edges:
        for i in edge:
            text = lines[i].text
            if number.match(text):
                out[i] = _empty(lines[i])
                numbers += 1
            elif _key(text) in running:
                out[i] = _empty(lines[i])
    if numbers:
        removed.append(f"{numbers} page numbers")
    removed.extend(f"running line '{k}'" for k in sorted(running))
    return out, removed


_NUMBER = regex.compile(r"\d{1,3}")


def _page_number_lines(lines: list[CleanLine], number: regex.Pattern) -> list[int]:
    """Positions of the page numbers a copy of a PDF's text keeps without its pages (`2`, `- 3 -`,
    `Trang 4` alone on a line, the text of the pages around them): lines that are only a number,
    whose numbers rise by one from one to the next (by two or three where the copy lost one), each
    a page's worth of lines (`page_lines`) after the one before. The longest such chain, of two
    numbers at least, then every other of three or more (an appendix numbered anew, a run of pages
    cut off by a misread number); between two of a chain, a page from each, a number OCR read with
    a digit lost (`2` for 22). A lone number is left as written."""
    least = int(rules.load("ocr.yaml").get("page_lines", 12))
    found: list[tuple[int, int, int]] = []  # (position, number, count of text lines before it)
    seen = 0
    for i, cl in enumerate(lines):
        if not cl.text:
            continue
        if number.match(cl.text):
            found.append((i, int(_NUMBER.search(cl.text).group()), seen))
        seen += 1
    taken: list[int] = []
    shortest = 2
    while len(found) >= shortest:
        chain = _longest_chain(found, least)
        if len(chain) < shortest:
            break
        for a, b in zip(chain, chain[1:]):
            for j in range(a + 1, b):
                i, value, at = found[j]
                if (at - found[a][2] > least and found[b][2] - at > least
                        and any(str(value) in str(n) for n in range(found[a][1] + 1, found[b][1]))):
                    taken.append(i)
        taken.extend(found[k][0] for k in chain)
        drop = set(chain)
        found = [f for k, f in enumerate(found) if k not in drop]
        shortest = 3
    return sorted(set(taken))


def _longest_chain(found: list[tuple[int, int, int]], least: int) -> list[int]:
    """Indices into `found` of its longest run of page numbers (see `_page_number_lines`)."""
    best = [1] * len(found)  # the longest chain ending at each candidate, and where it came from
    back = [-1] * len(found)
    for k, (_, value, at) in enumerate(found):
        for j in range(max(0, k - 100), k):  # a page number follows one of the last few
            _, before, at_before = found[j]
            if 1 <= value - before <= 3 and at - at_before - 1 >= least and best[j] + 1 > best[k]:
                best[k], back[k] = best[j] + 1, j
    k = max(range(len(found)), key=lambda x: best[x])
    chain = []
    while k >= 0:
        chain.append(k)
        k = back[k]
    return chain[::-1]


def _roman_value(token: str, lookalikes: dict[str, str]) -> int | None:
    roman = "".join(lookalikes.get(c, c) for c in token)
    return _ROMAN.get(roman)


def repair_labels(lines: list[CleanLine]) -> tuple[list[CleanLine], list[str]]:
    """`HI- NHIỆM VỤ` after part II -> `III. NHIỆM VỤ`; `1, Mục đích` as the first item of a part
    -> `1. Mục đích`; `IL` -> `II`, `1V` -> `IV`; `1. MỤC ĐÍCH` before part `II.` -> `I.`; `II.`
    between parts II and IV -> `III.`. A label
    is repaired only when the numbering confirms it: the part before it is the one before, or the
    next part is the one after (always the latter for `1.`, a label in its own right)."""
    from .normalize import label_of

    lookalikes = _rules()[3]
    # pass 1: the lines with a label or a candidate; the parts as written, and misread part labels
    marks: list[tuple[int, regex.Match | None, regex.Match | None]] = []
    romans: dict[int, int] = {}
    parts: dict[int, int] = {}
    for i, cl in enumerate(lines):
        if not cl.text:
            continue
        m, c = label_of(cl.text), _CANDIDATE.match(cl.text)
        if not m and not c:
            continue
        marks.append((i, m, c))
        if m and m.group("roman"):
            romans[i] = parts[i] = _ROMAN.get(m.group("roman"), 0)
        elif c:
            word = cl.text[c.end():].split(" ", 1)[0]
            value = _roman_value(c.group("tok"), lookalikes)
            if value and len(word) >= 2 and word.isupper():
                parts[i] = value
    later = sorted(romans)
    later_parts = sorted(parts)

    def after(keys: list[int], table: dict[int, int], i: int) -> int | None:
        k = bisect_right(keys, i)
        return table[keys[k]] if k < len(keys) else None

    out = list(lines)
    repaired: list[str] = []
    last_roman = 0
    last_item = 0
    for i, m, c in marks:
        cl = lines[i]
        text = cl.text
        if i in romans:
            if romans[i] <= last_roman and after(later_parts, parts, i) == last_roman + 2:  # `II.` between II and IV
                new = list(_ROMAN)[last_roman]
                start, end = m.start("roman"), m.end("roman")
                cols = cl.cols[:start] + (cl.cols[start],) * len(new) + cl.cols[end:]
                out[i] = CleanLine(no=cl.no, page=cl.page, text=text[:start] + new + text[end:], cols=cols,
                                   stamp=cl.stamp)
                repaired.append(f"{text[start:end]} -> {new}")
                romans[i] = last_roman + 1
            last_roman, last_item = romans[i], 0
            continue
        if m and not (c and m.group("num") and c.group("tok").isdigit()):
            if (a := _ARABIC_LABEL.match(text)) and m.group("num") and "." not in m.group("num"):
                last_item = int(a.group(1))
            continue
        if not c:
            continue
        tok, rest = c.group("tok"), text[c.end():]
        first_word = rest.split(" ", 1)[0]
        capitals = len(first_word) >= 2 and first_word.isupper() and "|" not in rest
        value = _roman_value(tok, lookalikes)
        next_roman = after(later, romans, i)
        new = None
        if capitals and value and ((value == last_roman + 1 and not m) or next_roman == value + 1) \
                and (not m or last_roman == value - 1):
            new, last_roman, last_item = list(_ROMAN)[value - 1], value, 0
        elif m:  # `1.` read as an item after all
            if "." not in m.group("num"):
                last_item = int(tok)
            continue
        elif tok.isdigit() and (c.group("sep") or "") in (",", ";", ":") and int(tok) == last_item + 1:
            new, last_item = tok, int(tok)
        if new is None:
            continue
        start = c.start("tok")
        label = new + ". "
        text2 = text[:start] + label + rest
        cols = cl.cols[:start] + (cl.cols[start],) * len(label) + cl.cols[c.end():]
        out[i] = CleanLine(no=cl.no, page=cl.page, text=text2, cols=cols, stamp=cl.stamp)
        repaired.append(f"{text[start:c.end()].strip()} -> {new}.")
    return out, repaired


@rules.cached
def _phrases():
    from .normalize import strip_diacritics

    data = rules.load("ocr.yaml")
    phrases = list(data["phrases"])
    phrases += [w.upper() for t in rules.load("doc_types.yaml") for w in t["words"]]
    by_fold = {}
    for p in sorted(set(phrases), key=len, reverse=True):
        by_fold.setdefault(strip_diacritics(p), p)
    alternation = "|".join(regex.escape(k) for k in by_fold)
    return regex.compile(rf"(?<!\p{{L}})(?:{alternation})(?!\p{{L}})"), by_fold


@rules.cached
def _replacements() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(r["pattern"], regex.MULTILINE), r["replace"])
                 for r in rules.load("ocr.yaml")["replacements"])


def correct_ocr_text(text: str) -> tuple[str, list[str]]:
    """An OCR'd page's text with the misreadings of rules/ocr.yaml put right (phrases with a
    wrong mark, `0%o` -> `0‰`, specks before a line's first letter, `Chỉ tiêu 5;`). Returns
    the text and the phrase corrections made."""
    for pattern, replace in _replacements():
        text = pattern.sub(replace, text)
    return correct_phrases(text)


def correct_phrases(text: str) -> tuple[str, list[str]]:
    """`QUYÉT ĐỊNH` -> `QUYẾT ĐỊNH`, `Só:` -> `Số:` (same letters, same case, marks of the
    phrase in rules/ocr.yaml; at most one mark wrong per syllable, none added: `normalize.mark_slip`).
    Length-preserving."""
    from .normalize import mark_slip, normalize_tones, strip_diacritics

    folded = strip_diacritics(text)
    if len(folded) != len(text):
        return text, []
    pattern, by_fold = _phrases()
    parts: list[str] = []
    fixes: list[str] = []
    pos = 0
    for m in pattern.finditer(folded):
        right = by_fold[m.group(0)]
        seen = text[m.start():m.end()]
        # one mark lost or swapped per syllable, none added (`PHƯỜNG AN` is not `PHƯƠNG ÁN`)
        if seen != right and normalize_tones(seen) != right and mark_slip(normalize_tones(seen), right):
            parts.append(text[pos:m.start()])
            parts.append(right)
            pos = m.end()
            fixes.append(f"{seen} -> {right}")
    if not fixes:
        return text, []
    parts.append(text[pos:])
    return "".join(parts), fixes

"""Normalize stage: `RawDocument` -> `CleanDocument`.

Per line (length-preserving where it can, with a column map where it cannot):
NFC; one tone-mark convention (`Uỷ` -> `Ủy`, `hoá` -> `hóa`); NBSP, tabs, zero-width
characters and runs of spaces; markdown markers (`**`, `##`, `*…*`, table pipes); debris listed in
`rules/debris.yaml` (`[bookmark: _GoBack]`, `./p>`, `(Ảnh: …)`); a sentence a web crawler stamped
at the start of many lines (`Quyết định 435/QĐ-UBND năm 2020. …`).

Then running headers and page numbers are emptied (`ocrfix.drop_running_lines`: a PDF's pages,
a scan's page markers, or, in a text copied out of a PDF, the sequence of its page numbers), and
lines are joined into logical paragraphs: hard-wrapped lines (copied out of a PDF) and sentences
cut by a page break or a blank line are put back together, while headings, bullets, numbered
items and, after a blank line, a preamble's `Căn cứ …`/`Thực hiện …` (rules/paragraphs.yaml)
start new paragraphs.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, deque
from functools import lru_cache

import regex

from . import ocrfix, rules
from .records import CleanDocument, CleanLine, Paragraph, Piece, RawDocument, SourceLine


@lru_cache(maxsize=None)
def cached_re(pattern: str, flags: int = 0) -> regex.Pattern:
    """A compiled pattern, cached (the `regex` module's own cache for `regex.sub(str, …)` is slow)."""
    return regex.compile(pattern, flags)


_re = cached_re


class _CachedRegex:
    """`regex.match(pattern, text, flags)` and the other module-level functions, with the compiled
    pattern taken from `cached_re` (`regex`'s own cache costs microseconds a call in flag handling,
    which adds up over every line of every plan). Use as `rx.search(r"…", text)`."""

    @staticmethod
    def match(pattern, string, flags=0, *args, **kwargs):
        return cached_re(pattern, flags).match(string, *args, **kwargs)

    @staticmethod
    def search(pattern, string, flags=0, *args, **kwargs):
        return cached_re(pattern, flags).search(string, *args, **kwargs)

    @staticmethod
    def fullmatch(pattern, string, flags=0, *args, **kwargs):
        return cached_re(pattern, flags).fullmatch(string, *args, **kwargs)

    @staticmethod
    def sub(pattern, repl, string, count=0, flags=0):
        return cached_re(pattern, flags).sub(repl, string, count)

    @staticmethod
    def split(pattern, string, maxsplit=0, flags=0):
        return cached_re(pattern, flags).split(string, maxsplit)

    @staticmethod
    def findall(pattern, string, flags=0, *args, **kwargs):
        return cached_re(pattern, flags).findall(string, *args, **kwargs)

    @staticmethod
    def finditer(pattern, string, flags=0, *args, **kwargs):
        return cached_re(pattern, flags).finditer(string, *args, **kwargs)


rx = _CachedRegex()


# a web copy's editor's note, which says what changed a text and by what (`[Khoản này được sửa đổi bởi …]`,
# `(VB hết hiệu lực …`); a plan's own brackets (`[tại Chương trình số 51-CTr/TU …]`) are its text. OPEN: one
# a line's end cut open.
EDITOR_NOTE_RE = regex.compile(r"\s*\[(?=[^\[\]]{0,800}?(?:\bbởi\b|hết\s+hiệu\s+lực))[^\[\]]{0,800}\]\s*")
OPEN_NOTE_RE = regex.compile(r"\s*\[(?=[^\[\]]*?(?:\bbởi\b|hết\s+hiệu\s+lực))[^\[\]]*$")


def phrase_alternation(phrases) -> str:
    """Phrases as one regular-expression alternation, longest first (`Chi cục` before `Cục`), a
    space in a phrase matching any run of white space: for word lists read from rules/."""
    return "|".join(r"\s+".join(regex.escape(w) for w in p.split())
                    for p in sorted({p for p in phrases if p}, key=len, reverse=True))

# --- tone marks -------------------------------------------------------------------------------
# Old style puts the tone on the second vowel of an open syllable (hoá, khoẻ, Uỷ); new style on the
# first (hóa, khỏe, Ủy). The change keeps the string's length, so offsets stay valid.
_TONE_RE = regex.compile(
    r"(?<![qQ])(?:([oO])([àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])|([uU])([ỳýỷỹỵỲÝỶỸỴ]))(?!\p{L})"
)


def _move_tone(m: regex.Match) -> str:
    first = m.group(1) or m.group(3)
    second = m.group(2) or m.group(4)
    decomposed = unicodedata.normalize("NFD", second)
    base, marks = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", first + marks) + base


def normalize_tones(text: str) -> str:
    """`hoá` -> `hóa`, `Uỷ ban` -> `Ủy ban`, `khoẻ` -> `khỏe`; `hoàn`, `quý` unchanged."""
    return _TONE_RE.sub(_move_tone, text)


def fold(text: str) -> str:
    """Comparison key: NFC, one tone convention, one dash, single spaces."""
    text = normalize_tones(unicodedata.normalize("NFC", text))
    text = _re(r"[‐‑‒–—−]").sub("-", text)
    return " ".join(text.split())


_STRIP_MARKS = str.maketrans({"đ": "d", "Đ": "D"})


class _StripTable(dict):
    """`str.translate` table filled on first sight of each character: its NFD without the
    combining marks (what NFD of the whole text and dropping the marks gives, character by character)."""

    def __missing__(self, c: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(c).translate(_STRIP_MARKS))
        self[c] = out = "".join(x for x in decomposed if not unicodedata.combining(x))
        return out


_STRIP_TABLE = _StripTable()


def strip_diacritics(text: str) -> str:
    """`Đào tạo` -> `Dao tao` (for search and for keyword rules)."""
    return text.translate(_STRIP_TABLE)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _marks(c: str) -> tuple[str, str]:
    """(vowel marks: circumflex, breve, horn; tone) of a letter."""
    decomposed = unicodedata.normalize("NFD", c)
    return ("".join(m for m in decomposed[1:] if m not in _TONES),
            "".join(m for m in decomposed[1:] if m in _TONES))


def mark_slip(seen: str, word: str) -> bool:
    """Is `seen` the keyword `word` read with at most one mark wrong in each syllable, a mark
    lost or swapped but none added where the keyword has none (OCR: `QUYÉT ĐỊNH` for `QUYẾT ĐỊNH`,
    `KIỀM TRA` for `KIỂM TRA`, `Sô` for `Số`; not `PHƯỜNG AN` for `PHƯƠNG ÁN`)? Same letters, same
    case, both NFC."""
    if len(seen) != len(word) or strip_diacritics(seen) != strip_diacritics(word):
        return False
    wrong = 0
    for a, b in zip(seen, word):
        if a == " ":
            wrong = 0
        if a == b:
            continue
        (va, ta), (vb, tb) = _marks(a), _marks(b)
        added = (va and va != vb) or (ta and not tb)
        wrong += 1
        if added or wrong > 1:
            return False
    return True


def recover_case(upper_name: str, texts: list[str]) -> str | None:
    """`BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG` -> `Bộ Tài nguyên và Môi trường`, as the texts write it."""
    name = " ".join(upper_name.split())
    m = _re(r"((?:[\p{Lu}Đ]+\s*)+)").match(name)
    if not m:
        return None
    words = m.group(1).split()
    pattern = regex.compile(r"\b" + r"\s+".join(regex.escape(w) for w in words) + r"\b", regex.IGNORECASE)
    for text in texts:
        for hit in pattern.finditer(text):
            if not hit.group(0).isupper():
                return hit.group(0)
    return None


# --- per-line cleaning ------------------------------------------------------------------------
_WHITE = r"[\s\u00a0\u200b\u200c\u200d\ufeff\u2028\u2029]"  # white space, zero-width characters included
_MD_HEADING_RE = regex.compile(r"^\s*#{1,6}\s+")
_MD_EMPH_RE = regex.compile(r"\*{1,3}|(?<!\w)_{2}|_{2}(?!\w)")
_BULLET_STAR_RE = regex.compile(r"^\s*\*\s+(?=\S)")
_TABLE_EDGE_RE = regex.compile(r"(?<=\|)\s+$")
# Control characters no text means (`\x01`, backspace, `\x1a`, ESC, NUL from a PDF's text layer; C1
# codes; lone surrogates and non-characters): removed, and said in `repairs`. Tab, vertical tab,
# form feed and NEL are white space (see _WHITE). Writers (XML in XLSX) refuse them.
CONTROL_RE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]+")  # a table row keeps its pipes: `| ` opens it (never a heading), `|` closes it


@rules.cached
def _debris_patterns() -> tuple[regex.Pattern, ...]:
    return tuple(regex.compile(item["pattern"]) for item in rules.load("debris.yaml"))


def _sub(text: str, cols: list[int], pattern: regex.Pattern, repl: str = "") -> tuple[str, list[int]]:
    out_t: list[str] = []
    out_c: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        out_t.append(text[pos:m.start()])
        out_c.extend(cols[pos:m.start()])
        if repl and m.start() < len(cols):
            out_t.append(repl)
            out_c.extend([cols[m.start()]] * len(repl))
        pos = m.end()
    if pos == 0:
        return text, cols
    out_t.append(text[pos:])
    out_c.extend(cols[pos:])
    return "".join(out_t), out_c


@rules.cached
def _markup_re() -> regex.Pattern:
    """Any debris or markdown pattern, in one: a line it does not match has nothing to remove (one
    search instead of one per pattern; the patterns themselves still run in order on the others)."""
    patterns = [p.pattern for p in _debris_patterns()] + [r.pattern for r in (_BULLET_STAR_RE, _MD_HEADING_RE, _MD_EMPH_RE)]
    return regex.compile("|".join(f"(?:{p})" for p in patterns))


@rules.cached
def _markup_literals() -> tuple[str, ...] | None:
    """Text one of which every debris or markdown match contains (debris.yaml `requires`; `*`, `#`
    and `__` for markdown): a line with none has no markup. None when a debris rule has no
    `requires` (every line is then searched)."""
    literals = ["*", "#", "__"]
    for item in rules.load("debris.yaml"):
        if not item.get("requires"):
            return None
        literals.extend(item["requires"])
    return tuple(dict.fromkeys(literals))


def _has_markup(text: str) -> regex.Match | None:
    literals = _markup_literals()
    if literals is not None and not any(s in text for s in literals):
        return None
    return _markup_re().search(text)


def _may_respace(text: str) -> bool:
    """`_SPACE_EDIT_RE` would match: every white space character but the plain space, and every
    zero-width one, is unprintable (str.isprintable), so a printable line needs two spaces in a row."""
    return ("  " in text or not text.isprintable()) and _SPACE_EDIT_RE.search(text) is not None


# white space that cleaning changes: anything but a single plain space
_SPACE_EDIT_RE = regex.compile(r"[^\S ]|[\u00a0\u200b\u200c\u200d\ufeff\u2028\u2029]| {2}")
# the runs replaced by one space: two or more white space characters, or one that is not a plain
# space (a single plain space is left as it is)
_SPACE_RUN_RE = regex.compile(rf"{_WHITE}{{2,}}|(?! ){_WHITE}")


def clean_line(line: SourceLine, controls: bool = True) -> CleanLine:
    """One source line -> cleaned text with a map back to source columns. `controls=False`: the
    caller knows the line has no control characters."""
    text = line.text
    markup = _has_markup(text)
    if not markup and not (controls and CONTROL_RE.search(text)) and not text.lstrip().startswith("|") \
            and not _may_respace(text):  # nothing to remove or respace: only the ends
        start, end = 0, len(text)
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        return CleanLine(no=line.no, page=line.page, text=normalize_tones(text[start:end]), cols=tuple(range(start, end)))
    cols = list(range(len(text)))
    if controls and CONTROL_RE.search(text):
        text, cols = _sub(text, cols, CONTROL_RE)
        markup = _has_markup(text)
    if markup:
        for pattern in _debris_patterns():
            text, cols = _sub(text, cols, pattern)
        if _BULLET_STAR_RE.match(text):
            text, cols = _sub(text, cols, _BULLET_STAR_RE, "- ")
        text, cols = _sub(text, cols, _MD_HEADING_RE)
        text, cols = _sub(text, cols, _MD_EMPH_RE)
    if text.lstrip().startswith("|"):
        text, cols = _sub(text, cols, _TABLE_EDGE_RE)
    if _may_respace(text):
        text, cols = _sub(text, cols, _SPACE_RUN_RE, " ")
    # strip
    start, end = 0, len(text)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    text, cols = text[start:end], cols[start:end]
    text = normalize_tones(text)
    return CleanLine(no=line.no, page=line.page, text=text, cols=tuple(cols))


# --- crawler stamps ---------------------------------------------------------------------------
_STAMP_RE = regex.compile(r"^(\p{Lu}[^.:;]{6,80}?\.)(?:\s+|$)")
# a file's name as a stamp, one word: `Nghi-dinh-65-2022-ND-CP. Điều 3. Điều khoản chuyển tiếp`
_SLUG_RE = regex.compile(r"\p{L}+(?:-[\p{L}\d]+){3,}\.")


def strip_repeated_prefixes(lines: list[CleanLine], min_count: int = 3) -> tuple[list[CleanLine], list[str]]:
    """Remove a sentence stamped at the start of `min_count`+ lines (web-crawler watermarks)."""
    removed: list[str] = []
    for _ in range(3):
        # a stamp is a prefix: count the lines where text follows it
        counts = Counter(m.group(1) for cl in lines if (m := _STAMP_RE.match(cl.text)) and m.end() < len(cl.text))
        stamps = {s for s, n in counts.items() if n >= min_count and (len(s.split()) >= 2 or _SLUG_RE.fullmatch(s))}
        if not stamps:
            break
        new_lines = []
        for cl in lines:
            m = _STAMP_RE.match(cl.text)
            if m and m.group(1) in stamps:
                cut = m.end()
                cl = CleanLine(no=cl.no, page=cl.page, text=cl.text[cut:], cols=cl.cols[cut:], stamp=cl.stamp + cut)
            new_lines.append(cl)
        lines = new_lines
        removed.extend(sorted(stamps))
    return lines, removed


# --- structure of a line ----------------------------------------------------------------------
LABEL_RE = regex.compile(
    r"""^(?:
        (?P<roman>[IVX]{1,5})\s*(?P<rsep>\.|/(?=\s)|[-–](?=\s))\s*(?=\p{Lu}|$)
      | (?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?:\.(?:\s+|(?=\p{Lu}|["“(])|$)|/(?:\s+(?=\p{Lu}|["“(])|\s*$)
                                          |\s?[-–](?:\s+(?=\p{Lu})|\s*$))
      | (?P<num2>\d{1,2}(?:\.\d{1,2}){1,4})\s+(?=\p{Lu})
      | (?P<letter>[a-zđ])(?:\)\s*(?=\S|$)|\.\s+(?=\p{Lu})|/\s*(?=\p{Lu})|[-–]\s+(?=\p{Lu}))
      | (?P<dieu>Điều)\s+(?P<dieu_no>\d{1,3})\s*[.:]?\s*
      | (?P<appendix>PHỤ\s*LỤC|Phụ\s+lục)(?:\s+(?P<appendix_no>[IVX]{1,5}|\d{1,2}))?\s*[.:]?\s*$
    )""",
    regex.VERBOSE,
)
BULLET_RE = regex.compile(r"^[-+•–—*]\s*(?=\S)")
INDICATOR_START_RE = regex.compile(r"^Chỉ\s+tiêu\s+(?:số\s+)?\d{1,2}\s*(?::|[-–]\s)", regex.IGNORECASE)
# `Nội dung: …`, `Thời gian thực hiện: …`, `Thành phần: …`: a field of a task starts a paragraph
FIELD_START_RE = regex.compile(r"^\p{Lu}\p{Ll}*(?:\s+\p{Ll}+){0,3}\s*:")
_GLUED_LABEL_RE = regex.compile(r"\s(\d{1,2}(?:\.\d{1,2})+\.)(?=\s+\p{Lu}|$)")
_TERMINAL_RE = regex.compile(r"[.;:!?…]\)?$|\./\.$")


def label_of(text: str) -> regex.Match | None:
    """The heading label a paragraph starts with (`II.`, `2.1.`, `a)`, `Điều 3.`, `PHỤ LỤC`)."""
    m = LABEL_RE.match(text)
    if m and m.group("appendix") and m.group("appendix").startswith("Phụ") and m.end() != len(text):
        return None
    return m


def is_structural(text: str, label=label_of) -> bool:
    return bool(label(text) or BULLET_RE.match(text) or INDICATOR_START_RE.match(text)
                or text.startswith("|"))


def wrap_width(lines: list[CleanLine]) -> tuple[int, int] | None:
    """(typical, full) width of a hard-wrapped document's lines; None when lines are whole
    paragraphs. `typical` is the 75th percentile of line lengths, `full` the 90th; table rows
    (`| … |`, never wrapped by the copy) do not count."""
    lengths = sorted(len(cl.text) for cl in lines if len(cl.text) > 20 and not cl.text.startswith("|"))
    if len(lengths) < 10:
        return None
    p75 = lengths[int(0.75 * (len(lengths) - 1))]
    p90 = lengths[int(0.90 * (len(lengths) - 1))]
    return (p75, p90) if p75 <= 130 else None


def _is_label_only(text: str, label=label_of) -> bool:
    """`2.` or `Điều 1.` alone on its line (its text follows on the next); not `PHỤ LỤC`."""
    m = label(text)
    return bool(m) and not m.group("appendix") and m.end() >= len(text.rstrip())


def _continues(prev: str, prev_last_line: str, cur: str, width: tuple[int, int] | None,
               prev_is_heading: bool, prev_length: int = 0, last_width: int = 0, prev_pieces: int = 1,
               prev_pipes: int = 0, table_pipes: int = 0, label=label_of, after_blank: bool = False) -> bool:
    """Does line `cur` continue the paragraph whose text (start) is `prev`? `label`: `label_of`,
    or a memo of it; `after_blank`: a blank line stands between them."""
    if _is_label_only(prev, label):
        return not is_structural(cur, label)
    last = prev_last_line
    if prev.startswith("|"):  # a table row runs on until it has its cells and is closed (a few lines at most)
        if prev_pieces >= 16:
            return False
        if last.rstrip().endswith("|") and cur.startswith("|"):
            return False  # a closed row, and the next one (a wrap never falls on both sides of a `|`)
        return not last.rstrip().endswith("|") or prev_pipes < table_pipes or "|" in cur
    if cur.startswith("|"):
        return False
    if is_structural(cur, label):
        # `… Bộ Lao động` / `- Thương binh và Xã hội …`: a name cut at its dash by the wrap
        return (cur.startswith("- ") and not prev_is_heading and max(len(last), prev_length) >= 80
                and bool(_re(r"\p{L}$").search(last)) and bool(_re(r"- \p{Lu}\p{Ll}").match(cur))
                and not _TERMINAL_RE.search(last))
    if cur[:1].isdigit() and _re(r"(?i:\s(?:ngày|tháng|năm|số))$").search(last):
        return True  # `… ngày 17 tháng 11 năm` / `2020 của Quốc hội;`: a date or a number cut by the wrap
    if cur[:1].islower():  # a sentence does not start in lower case: a wrap, even after `;` or `:`
        # … but a line in capitals (`NGHỊ QUYẾT`, `KẾ HOẠCH`) is a heading, not the start of a sentence
        return not last.endswith(("./.", "…")) and not (last.isupper() and len(last.split()) <= 4)
    if _TERMINAL_RE.search(last):
        return False
    if FIELD_START_RE.match(cur) or not width or (after_blank and _opener_re().match(cur)):
        return False
    typical, full = width
    if prev_is_heading:
        # a heading runs on to a capitalised line only when the line was full: the next word
        # would not have fitted on it
        first_word = cur.split(" ", 1)[0]
        return max(len(last), last_width) + 1 + len(first_word) > full - 3  # slack for proportional fonts
    return max(len(last), last_width) >= 0.8 * typical


@rules.cached
def _opener_re() -> regex.Pattern:
    """A line that opens with a word that opens a paragraph (rules/paragraphs.yaml `openers`)."""
    return regex.compile(rf"(?:{phrase_alternation(rules.load('paragraphs.yaml')['openers'])})(?!\p{{L}})")


_GLUED_NEXT_RE = regex.compile(r"(?<=[.;:]\s{1,3})(\d{1,2})\.\s+(?=\p{Lu})")


def _glued_sublabel(paragraph_text: str, line_text: str, label=label_of) -> int | None:
    """Offset in `line_text` of a sub-label of the paragraph's own label glued at its end, or of
    the next item's label glued after a sentence (`3. … quá cảnh. 4. Trách nhiệm của hãng …`)."""
    own = label(paragraph_text)
    own_num = own and (own.group("num") or own.group("num2"))
    if not own_num:
        return None
    for m in _GLUED_LABEL_RE.finditer(line_text):
        if m.group(1).startswith(own_num + "."):
            return m.start(1)
    if own_num.isdigit() and "." in line_text:
        for m in _GLUED_NEXT_RE.finditer(line_text):
            if int(m.group(1)) == int(own_num) + 1:
                return m.start(1)
    return None


# `… thỏa thuận quốc tế đã ký kết."Điều 2. Thay thế, bãi bỏ …`: an amending text's quoted article
# ends, and the next article of the amending document was glued to it when the line break was lost
_GLUED_ARTICLE_RE = regex.compile(r"[.;][\"”]\s*(Điều\s+\d{1,3}[a-zđ]?\.\s+\p{Lu})")


# `Điều` / `30. Buộc phá dỡ`: a copy broke an article's label after its word
_ARTICLE_NUMBER_RE = regex.compile(r"\d{1,3}[a-zđ]?\.\s+\p{Lu}")


def _glued_article(line_text: str) -> int | None:
    if "Điều " not in line_text:
        return None
    m = _GLUED_ARTICLE_RE.search(line_text)
    return m.start(1) if m else None


def _split_line(cl: CleanLine, cut: int) -> tuple[CleanLine, CleanLine]:
    head = cl.text[:cut].rstrip()
    return (CleanLine(cl.no, cl.page, head, cl.cols[:len(head)]),
            CleanLine(cl.no, cl.page, cl.text[cut:], cl.cols[cut:]))


def lines_to_paragraphs(lines: list[CleanLine]) -> list[Paragraph]:
    """Join cleaned lines into logical paragraphs (see the module docstring)."""
    queue = deque(cl for cl in lines if cl.text)
    width = wrap_width(list(queue))
    paragraphs: list[Paragraph] = []
    parts: list[str] = []  # the current paragraph's text, joined once it is complete
    length = 0
    current: Paragraph | None = None
    head = ""  # the current paragraph's first line(s): enough to read its label
    last_line = ""
    last_width = 0  # how wide the last line was in the source (a removed stamp does not shorten it)
    pipes = 0  # `|` in the current paragraph, and in the widest row of the current table
    table_pipes = 0

    def close() -> None:
        if current is not None:
            current.text = "".join(parts)

    last_at = (None, 0)  # (page, line number) of the last line taken

    def blank_before(cl: CleanLine) -> bool:
        return (cl.page, cl.no) != last_at and (cl.page != last_at[0] or cl.no > last_at[1] + 1)

    labels: dict = {}  # label_of, once per text (a paragraph's head is asked about on each of its lines)

    def label(text: str):
        if text not in labels:
            labels[text] = label_of(text)
        return labels[text]

    while queue:
        cl = queue.popleft()
        cut = _glued_article(cl.text)
        if cut:
            cl, rest = _split_line(cl, cut)
            queue.appendleft(rest)
        if current is not None and (head == "Điều" and _ARTICLE_NUMBER_RE.match(cl.text) or _continues(
                head, last_line, cl.text, width, bool(label(head)), length, last_width, len(current.pieces), pipes,
                table_pipes, label, blank_before(cl))):
            cut = _glued_sublabel(head, cl.text, label)
            if cut:
                cl, rest = _split_line(cl, cut)
                queue.appendleft(rest)
            sep = " "
            if _re(r"\p{L}-$").search(last_line) and _re(r"\p{L}").match(cl.text):
                sep = ""  # `2401/KH-` / `UBND`: a wrap at a hyphen
            current.pieces.append(Piece(start=length + len(sep), line=cl))
            parts.append(sep + cl.text)
            pipes += cl.text.count("|")
            length += len(sep) + len(cl.text)
            if len(head) < 200:
                head = head + sep + cl.text
        else:
            cut = _glued_sublabel(cl.text, cl.text, label)
            if cut:
                cl, rest = _split_line(cl, cut)
                queue.appendleft(rest)
            close()
            if head.startswith("|") and cl.text.startswith("|"):
                table_pipes = max(table_pipes, pipes)
            elif not cl.text.startswith("|"):
                table_pipes = 0
            pipes = cl.text.count("|")
            current = Paragraph(text="", pieces=[Piece(start=0, line=cl)], index=len(paragraphs))
            paragraphs.append(current)
            parts, length, head = [cl.text], len(cl.text), cl.text
        last_line = cl.text
        last_width = len(cl.text) + cl.stamp
        last_at = (cl.page, cl.no)
    close()
    return paragraphs


@rules.cached
def _stand_ins() -> tuple[dict, dict]:
    """rules/legacy_encodings.yaml `stand_ins`: ({letter: the letter it stands for}, the same as a
    `str.translate` table)."""
    pairs = dict((rules.load("legacy_encodings.yaml") or {}).get("stand_ins") or {})
    assert all(len(a) == 1 and len(b) == 1 for a, b in pairs.items()), "stand_ins: one character for one"
    return pairs, str.maketrans(pairs)


def normalize_document(raw: RawDocument) -> CleanDocument:
    whole = "\n".join(line.text for line in raw.lines)  # checks made once for the document
    has_controls = bool(CONTROL_RE.search(whole))
    lines = [clean_line(line, has_controls) for line in raw.lines]
    stand_ins, table = _stand_ins()
    if any(c in whole for c in stand_ins):
        lines = [CleanLine(no=cl.no, page=cl.page, text=cl.text.translate(table), cols=cl.cols, stamp=cl.stamp)
                 for cl in lines]
        raw.notes.append("read " + ", ".join(f"{a} as {b}" for a, b in stand_ins.items() if a in whole))
    controls = sum(len(m) for m in CONTROL_RE.findall(whole)) if has_controls else 0
    if controls:
        raw.notes.append(f"removed {controls} control character{'s' if controls > 1 else ''}")
    lines, stamps = strip_repeated_prefixes(lines)
    if stamps:
        raw.notes.append("removed crawler stamps: " + " | ".join(stamps))
    lines, running = ocrfix.drop_running_lines(lines)  # scans: running headers, page numbers, markers
    lines, relabelled = ocrfix.repair_labels(lines)
    if running:
        raw.notes.append("removed " + ", ".join(running))
    if relabelled:
        raw.notes.append("OCR labels read by their sequence: " + ", ".join(relabelled))
    if not unicodedata.is_normalized("NFC", whole):
        raw.notes.append("NFC")
    return CleanDocument(raw=raw, lines=lines, paragraphs=lines_to_paragraphs(lines))

"""Metadata stage: the header, preamble and signature of a plan -> one `DocumentRow`.

Reads: document type (the type word standing above the title, else the symbol in `Số: …/KH-…`),
number (`Số: 80/KH-UBND`, empty when left blank), issue date (`Hương Khê, ngày 28 tháng 5 năm
2021`, partial when day or month are blank), issuer and its level (the header's `ỦY BAN NHÂN DÂN
HUYỆN …`, else the preamble's `UBND xã … ban hành kế hoạch`, else the title's `trên địa bàn thị
xã …`; ministries and other bodies from rules/issuers.yaml), province, title (the trích yếu joined
into one line), period, signer and signer title, and the implemented document (`parent_key`).
"""
from __future__ import annotations


import regex

from . import citations, rules
from .normalize import fold, recover_case
from .records import CleanDocument, DocumentRow, Section

_NATIONAL_MOTTO_RE = regex.compile(
    r"C[ỘO]NG\s+H[ÒO]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc\.?"
    r"|Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM",
    regex.IGNORECASE,
)
_DATE_RE = regex.compile(
    r"(?P<place>\p{Lu}[\p{L} .]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
)
_NUMBER_RE = regex.compile(r"(?:(?:^|\|\s*)(?i:Số)\s*:?|(?<=\s)(?i:Số)\s*:)\s*(?P<num>\d{1,5})?\s*(?P<sym>[/-]\s*[\p{Lu}Đ][\p{L}Đ&]*(?:\s?[-/]\s?[\p{Lu}Đ][\p{L}Đ&\d]*)*)")
_AUTHORITY_RE = regex.compile(r"\s+(?:ỦY BAN NHÂN DÂN|UBND|THỦ TƯỚNG CHÍNH PHỦ|BỘ TRƯỞNG|CHỦ TỊCH)\b.*$")
_YEARS_RE = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
_DATE_IN_TEXT_RE = regex.compile(r"ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}", regex.IGNORECASE)
_YEAR_RE = regex.compile(r"\bnăm\s+((?:19|20)\d{2})\b", regex.IGNORECASE)
_UNTIL_YEAR_RE = regex.compile(r"\bđến\s+năm\s+((?:19|20)\d{2})\b", regex.IGNORECASE)


@rules.cached
def _units() -> tuple[tuple[str, str], ...]:
    units = [(u["word"], u["level"]) for u in rules.load("admin_units.yaml")]
    return tuple(sorted(units, key=lambda x: -len(x[0])))


def _unit_alternation(upper: bool = False) -> str:
    return "|".join(regex.escape(w.upper() if upper else w) for w, _ in _units())


def _level_of(word: str) -> str | None:
    w = word.lower()
    for unit, level in _units():
        if unit == w:
            return level
    return None


def title_case(text: str) -> str:
    """`HƯƠNG KHÊ` -> `Hương Khê` (place names: every syllable capitalised)."""
    return " ".join(part[:1].upper() + part[1:].lower() for part in text.split())


def header_paragraphs(doc: CleanDocument, sections: list[Section]) -> list[str]:
    end = sections[0].paragraph_start if sections else min(len(doc.paragraphs), 30)
    return [p.text for p in doc.paragraphs[:end]]


@rules.cached
def _type_words_upper() -> tuple[tuple[str, str], ...]:
    words = [(w.upper(), t["slug"]) for t in rules.load("doc_types.yaml") for w in t["words"]]
    return tuple(sorted(words, key=lambda x: -len(x[0])))


def read_type_and_title(header: list[str]) -> tuple[str | None, str | None]:
    # 1. a paragraph that is only the type word (not the formula `QUYẾT ĐỊNH:` before Điều 1)
    for i, text in enumerate(header):
        bare = text.strip().rstrip(".")
        for word, slug in _type_words_upper():
            if bare == word:
                title = header[i + 1] if i + 1 < len(header) else None
                return slug, _clean_title(title)
    # 2. the type word inside a flattened header line: `… QUYẾT ĐỊNH V/V BAN HÀNH …`
    alternation = "|".join(regex.escape(w) for w, _ in _type_words_upper())
    for text in header:
        m = regex.search(rf"(?<!\p{{L}})({alternation})\s+(?=\p{{Lu}})", text)
        if m:
            slug = dict(_type_words_upper())[m.group(1)]
            title = _AUTHORITY_RE.sub("", text[m.end():])
            return slug, _clean_title(title)
    return None, None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = regex.sub(r"[\s.]+$", "", title).strip()
    return title or None


def read_number(header: list[str]) -> tuple[str | None, str | None]:
    """(`80/KH-UBND` or None when blank, the type abbreviation `KH`)."""
    for text in header:
        m = _NUMBER_RE.search(text)
        if m:
            sym = regex.sub(r"\s+", "", m.group("sym"))
            abbr = regex.split(r"[-/]", sym.strip("/-"))[0]
            number = citations.normalize_key(m.group("num") + sym) if m.group("num") else None
            return number, abbr
    return None, None


def read_date(header: list[str]) -> tuple[str | None, str | None]:
    """(ISO date, partial when blank; the place written before it)."""
    for text in header:
        m = _DATE_RE.search(text)
        if m:
            parts = [m.group("y")]
            if m.group("m"):
                parts.append(f"{int(m.group('m')):02d}")
                if m.group("d"):
                    parts.append(f"{int(m.group('d')):02d}")
            place = " ".join(w for w in m.group("place").split() if not w.isupper() or len(w) == 1)
            return "-".join(parts), place.strip(" .") or None
    return None, None


def read_issuer(header: list[str], title: str | None, place: str | None,
                body: list[str]) -> tuple[str | None, str | None, str | None]:
    """(issuer, admin_level, locality)."""
    flat = _NATIONAL_MOTTO_RE.sub(" ", " ".join(header))
    flat = " ".join(flat.split())
    # 1. header: ỦY BAN NHÂN DÂN HUYỆN HƯƠNG KHÊ
    m = regex.search(rf"(?:ỦY BAN NHÂN DÂN|UBND)\s+({_unit_alternation(upper=True)})\s+((?:[\p{{Lu}}Đ-]+(?:\s+|$))+)",
                     flat)
    if m:
        name_words = []
        for w in m.group(2).split():
            if not w.isupper() or w in ("SỐ",):
                break
            name_words.append(w)
        if name_words:
            level_word = m.group(1).lower()
            name = title_case(" ".join(name_words))
            return f"UBND {level_word} {name}", _level_of(level_word), name
    # 2. preamble: `UBND xã Cẩm Châu ban hành kế hoạch`, `Ủy ban nhân dân huyện xây dựng kế hoạch`
    for text in header + body[:3]:
        m = regex.search(
            rf"(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+({_unit_alternation()})\s*((?:\p{{Lu}}\p{{Ll}}*\s+){{0,4}}?)(?:ban\s+hành|xây\s+dựng)",
            text)
        if m:
            level_word = m.group(1)
            name = m.group(2).strip() or place
            if name:
                return f"UBND {level_word} {name}", _level_of(level_word), name
    # 3. other issuers named in the header (ministries, the Prime Minister, departments)
    for text in header:
        text = _NATIONAL_MOTTO_RE.sub(" ", text).strip(" |-")
        for item in rules.load("issuers.yaml"):
            starts = item["starts"]
            if fold(text).upper().startswith(fold(starts).upper()):
                name = recover_case(text, body)
                place = None
                if not name:  # `TỈNH ỦY HÀ TĨNH` -> `Tỉnh ủy Hà Tĩnh`: the rule's spelling, then a place name
                    rest = " ".join(text.split())[len(starts):].strip()
                    place = title_case(rest) if text.isupper() and rest and item["level"] != "trung_uong" else None
                    name = f"{starts} {place or ''}".strip() if text.isupper() else text
                return name, item["level"], place
    # 4. the title: `… trên địa bàn thị xã Đức Phổ …`
    if title:
        m = regex.search(rf"trên\s+địa\s+bàn\s+({_unit_alternation()})\s+((?:\p{{Lu}}\p{{Ll}}*\s*){{1,4}})", title)
        if m:
            level_word, name = m.group(1), m.group(2).strip()
            return f"UBND {level_word} {name}", _level_of(level_word), name
    return None, None, None


@rules.cached
def _provinces() -> tuple[tuple[str, bool], ...]:
    return tuple((p["name"], bool(p.get("prefix_only"))) for p in rules.load("provinces.yaml"))


def read_province(texts: list[str], admin_level: str | None, locality: str | None) -> str | None:
    if admin_level == "trung_uong":
        return None
    if admin_level == "tinh" and locality:
        return locality
    names = _provinces()
    joined = "\n".join(texts)
    folded = fold(joined)
    for prefix in (r"tỉnh", r"(?:thành\s+phố|TP\.?)"):
        for m in regex.finditer(rf"\b{prefix}\s+((?:\p{{Lu}}\p{{Ll}}*\s*-?\s*){{1,4}})", folded):
            candidate = m.group(1)
            for name, _ in names:
                if candidate.startswith(fold(name)):
                    return name
    if admin_level == "thanh_pho" and locality and any(fold(locality) == fold(n) for n, _ in names):
        return locality
    best = None
    for name, prefix_only in names:
        if prefix_only:
            continue
        m = regex.search(rf"\b{regex.escape(fold(name))}\b", folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def read_period(title: str | None, issue_date: str | None) -> tuple[int | None, int | None]:
    if not title:
        return None, None
    text = _DATE_IN_TEXT_RE.sub(" ", title)
    m = _YEARS_RE.search(text)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _UNTIL_YEAR_RE.search(text)
    if m and issue_date:
        return int(issue_date[:4]), int(m.group(1))
    m = _YEAR_RE.search(text)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None, None


@rules.cached
def _signer_re() -> tuple[regex.Pattern, regex.Pattern]:
    data = rules.load("signer_titles.yaml")
    markers = "|".join(regex.escape(m) for m in sorted(data["markers"], key=len, reverse=True))
    roles = "|".join(regex.escape(r) for r in sorted(data["roles"], key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}.])(?:{markers})"), regex.compile(rf"(?<!\p{{L}})(?:{roles})(?!\p{{L}})")


_NAME_RE = regex.compile(r"(?<!\p{L})((?:\p{Lu}\p{Ll}+\s+){1,4}\p{Lu}\p{Ll}+)(?!\p{L})")


def read_signature(doc: CleanDocument, sections: list[Section]) -> tuple[str | None, str | None]:
    paragraphs = doc.paragraphs
    end = len(paragraphs)
    for s in sections:
        if s.kind == "appendix" and s.level == 1:
            end = s.paragraph_start
            break
    start = None
    for i in range(end - 1, -1, -1):
        if regex.search(r"Nơi\s+nhận", paragraphs[i].text):
            start = i
            break
    if start is None:  # no list of recipients: the signature is among the last paragraphs
        start, stop, pick_first = max(0, end - 15), end, False
    else:  # the signature stands beside or below `Nơi nhận`
        stop, pick_first = min(end, start + 25), True
    tail = " ".join(p.text.replace("|", " ") for p in paragraphs[start:stop])
    tail = " ".join(tail.split())
    marker_re, role_re = _signer_re()
    tokens = sorted([(m.start(), m.end(), "marker") for m in marker_re.finditer(tail)]
                    + [(m.start(), m.end(), "role") for m in role_re.finditer(tail)])
    if not tokens:
        return None, None
    if pick_first:
        tokens = _first_run(tail, tokens)
    # the signature block: a run of tokens separated by upper-case words only
    run = [tokens[-1]]
    for tok in reversed(tokens[:-1]):
        between = tail[tok[1]:run[0][0]]
        if between.strip() and not between.strip().isupper():
            break
        run.insert(0, tok)
    starts = []
    for k, tok in enumerate(run):
        follows_marker = k > 0 and run[k - 1][2] == "marker" and not tail[run[k - 1][1]:tok[0]].strip()
        if tok[2] == "marker" or not follows_marker:
            starts.append(tok[0])
    after = tail[run[-1][1]:]
    name_m = _NAME_RE.search(after)
    name = name_m.group(1) if name_m else None
    title_end = run[-1][1] + (name_m.start() if name_m else len(after))
    bounds = starts + [title_end]
    parts = [tail[bounds[k]:bounds[k + 1]].strip() for k in range(len(starts))]
    title = " / ".join(p for p in parts if p) or None
    return name, title


def _first_run(tail: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    run = [tokens[0]]
    for tok in tokens[1:]:
        between = tail[run[-1][1]:tok[0]].strip()
        if between and not between.isupper():
            break
        run.append(tok)
    return run


def read_metadata(doc: CleanDocument, sections: list[Section]) -> DocumentRow:
    raw = doc.raw
    header = header_paragraphs(doc, sections)
    body = [p.text for p in doc.paragraphs]
    doc_type, title = read_type_and_title(header)
    number, abbr = read_number(header)
    if doc_type is None and abbr:
        doc_type = citations.type_from_abbreviation(abbr)
    issue_date, place = read_date(header)
    issuer, level, locality = read_issuer(header, title, place, body)
    province = read_province(body, level, locality)
    period_start, period_end = read_period(title, issue_date)
    signer, signer_title = read_signature(doc, sections)
    parent_key = citations.implemented_key(header)
    return DocumentRow(
        doc_id=raw.doc_id, source=raw.source, format=raw.format, sha256=raw.sha256,
        doc_type=doc_type, number=number, issuer=issuer, admin_level=level, locality=locality,
        province=province, issue_date=issue_date, title=title, period_start=period_start,
        period_end=period_end, signer=signer, signer_title=signer_title, parent_key=parent_key,
        encoding=raw.encoding, repairs="; ".join(raw.notes) or None, ocr_pages=raw.ocr_pages,
    )

"""Agencies stage: who is responsible -> `Agency` rows.

Where: the items of the organisation section at any depth (`1. Phòng Lao động - TB&XH huyện`,
`11. Đề nghị Đoàn Thanh niên …`, `c) Trách nhiệm của Ủy ban nhân dân các tỉnh, …`, and the bullets
`- Bộ Tài chính:` of an item that names no single body), the `Cơ quan/Đơn vị thực hiện/chủ trì: X`
fields of task lists, a decision's execution article (an office holder stands for the body they
head: `Giám đốc Sở …` -> `Sở …`), and the lead/support columns of a task table (pipeline/tables.py).

Names are found with a spaCy PhraseMatcher over the gazetteer of rules/agencies.yaml (aliases
matched on lower-cased tokens after tone-mark normalisation; en dashes read as hyphens); a name
the gazetteer lacks is a body when it opens with a word that opens names followed by a capitalised
field (`Sở Công Thương`, `Cục Khoáng sản Việt Nam`, `Ban Chỉ đạo …`) or is a short generic group
(`các tổ chức phi chính phủ`), and is taken as written up to the verb, colon or bracket that follows
it (`Cục Viễn thám quốc gia chủ trì, …`); a sentence is never a name. Roles: `lead` for the body an item is addressed to (one row per body when it names
several), `requested` for items opened with `Đề nghị`, `support` for `phối hợp với …`. Indicator
assignments (`chỉ tiêu 1,2,8, 22`, `chỉ tiêu 3 - 6`) go to the item's bodies.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from . import rules
from .normalize import BULLET_RE, EDITOR_NOTE_RE, label_of, normalize_tones, phrase_alternation, rx
from .records import Agency, CleanDocument, Paragraph, Section

_PLACEHOLDER_RE = regex.compile(r"[.…]{3}")
_ARTICLE_LABEL_RE = regex.compile(r"^D\d+$")  # a decision's or a law's article (`Điều 3.` -> `D3`)
_VERB_RE = regex.compile(
    r"\s+(?:chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|phối\s+hợp|nghiên\s+cứu|tham\s+mưu|căn\s+cứ|"
    r"đôn\s+đốc|hướng\s+dẫn|theo\s+dõi|thực\s+hiện|triển\s+khai|xây\s+dựng|bố\s+trí|chỉ\s+đạo|là|hoàn\s+thiện|"
    r"tập\s+trung|thiết\s+lập|xác\s+định|rà\s+soát|kiểm\s+tra|tham\s+gia|đánh\s+giá|cung\s+cấp|trình|tuyên\s+truyền|"
    r"vận\s+động|giám\s+sát|nâng\s+cao|đẩy\s+mạnh|tăng\s+cường|trong\s+việc|trong\s+quá\s+trình|để|nhằm|giúp\s+việc|giúp|"
    r"tùy\s+theo|theo\s+chức\s+năng|làm\s+đầu\s+mối|chủ\s+động|phải|tự\s+mình|theo\s+đề\s+nghị|theo\s+yêu\s+cầu|(?<!hàng\s)không)\b"
    r"|\s*\(",
    regex.IGNORECASE)
_EXECUTION_RE = regex.compile(r"\s+(?:(?:chịu|có)\s+)?trách\s+nhiệm\s+thi\s+hành\b", regex.IGNORECASE)
_HOLDER_RE = regex.compile(r"^(?P<title>(?:Các\s+)?(?:Chủ\s+tịch|Phó\s+Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng|Bộ\s+trưởng|"
                           r"Chánh(?=\s+(?:Văn\s+phòng|Thanh\s+tra))|Trưởng(?=\s+(?:ban|Ban|phòng|Phòng))|Cục\s+trưởng|"
                           r"Vụ\s+trưởng|Viện\s+trưởng|Tổng\s+cục\s+trưởng|Chi\s+cục\s+trưởng|Tổng\s+Giám\s+đốc|Người\s+đứng\s+đầu))"
                           r"\s+(?P<body>.+)$", regex.IGNORECASE)
_FIELD_RE = regex.compile(r"^(?:[-+•–—*]\s*)?(?:Cơ\s+quan|Đơn\s+vị)\s+(?:thực\s+hiện|chủ\s+trì)\s*:\s*(?P<body>.+)$",
                          regex.IGNORECASE)
_SUPPORT_FIELD_RE = regex.compile(r"(?:Cơ\s+quan|Đơn\s+vị)\s+phối\s+hợp\s*:\s*", regex.IGNORECASE)
# where a lead body's name ends in a clause that goes on to name others (`X chủ trì, phối hợp với Y`)
_LEAD_END_RE = regex.compile(r"\s*,?\s+(?:chủ\s+trì|phối\s+hợp|cùng\s+với|với\s+sự\s+phối\s+hợp)\b", regex.IGNORECASE)
_RESPONSIBILITY_RE = regex.compile(r"^(?:Trách\s+nhiệm|Nhiệm\s+vụ)\s+(?:của\s+)?(?=\S)", regex.IGNORECASE)
_LIST_SEP_RE = regex.compile(r";\s*|,\s*|\s+và\s+")
_CAC_RE = regex.compile(r"các\s")
_ASSIGN_RE = regex.compile(
    r"chỉ\s+tiêu\s+(?:số\s+)?(?P<list>\d{1,2}(?:\s*(?:,|;|và|-|–|đến)\s*\d{1,2})*)", regex.IGNORECASE)
# the verb after the bodies is in lower case: `phối hợp với các phòng chuyên môn thuộc sở Xây dựng và UBND xã,
# phường tham mưu …` (`Xây dựng` is the department's name)
_SUPPORT_RE = regex.compile(r"(?i:phối\s+hợp)\s+(?:với\s+|cùng\s+(?:với\s+)?)?(?P<who>.+?)(?=\s+(?:để|nhằm|tham\s+mưu|thực\s+hiện|triển\s+khai|"
                            r"trong|tổ\s+chức|xây\s+dựng|kiểm\s+tra|theo\s+dõi|tiến\s+hành|rà\s+soát|hướng\s+dẫn|phân\s+loại|thẩm\s+định|"
                            r"công\s+bố|đánh\s+giá|giải\s+quyết|xử\s+lý|cung\s+cấp|tổng\s+hợp|cân\s+đối|chỉ\s+đạo|tích\s+hợp|"
                            r"sửa\s+đổi|nghiên\s+cứu|đề\s+xuất|bố\s+trí|hỗ\s+trợ|vận\s+động|tuyên\s+truyền|giám\s+sát)\b|[.;:]|$)")


@rules.cached
def _gazetteer():
    import spacy
    from spacy.matcher import PhraseMatcher

    data = rules.load("agencies.yaml")
    nlp = spacy.blank("xx")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    entries = {}
    for k, entry in enumerate(data["agencies"]):
        key = f"A{k}"
        entries[key] = entry
        forms = {_match_form(v)[0] for a in entry["aliases"] for v in _abbreviated(a, data.get("abbreviations") or [])}
        matcher.add(key, [nlp.make_doc(f) for f in sorted(forms)])
    heads = sorted(data["heads"], key=len, reverse=True)
    return nlp, matcher, entries, heads, data["levels"]


def _abbreviated(alias: str, pairs: list[list[str]], most: int = 32) -> set[str]:
    """An alias and its spellings with the words of `pairs` (rules/agencies.yaml `abbreviations`)
    written the other way: `Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương` -> `UBND các
    tỉnh, TP trực thuộc TW`, …"""
    out = {alias}
    for full, short in pairs:
        for a, b in ((full, short), (short, full)):
            pattern = regex.compile(rf"(?<!\p{{L}}){regex.escape(a)}(?!\p{{L}})", regex.IGNORECASE)
            out |= {pattern.sub(b, v) for v in out if pattern.search(v)}
            if len(out) >= most:
                return out
    return out


@rules.cached
def _head_re() -> regex.Pattern:
    """A word that opens an agency's name, at the start of a string (`Phòng`, `các Sở`)."""
    heads = _gazetteer()[3]
    return regex.compile(rf"(?:các\s+)?(?:{'|'.join(regex.escape(h) for h in heads)})\b")


def _match_form(text: str) -> tuple[str, list[int]]:
    """Text to match on (tone marks normalised, every dash a spaced hyphen, so `Văn hóa- Lao động`
    and `Văn hóa – Lao động` give the same tokens) and the offset in `text` of each character."""
    text = normalize_tones(text)
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c in "-‐‑‒–—−":
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            out.append("-")
            where.append(i)
            if i + 1 < len(text) and not text[i + 1].isspace():
                out.append(" ")
                where.append(i + 1)
        elif c.isspace():
            if out and out[-1] == " ":
                continue
            out.append(" ")
            where.append(i)
        else:
            out.append(c)
            where.append(i)
    where.append(len(text))
    return "".join(out), where


def find_names(text: str) -> list[tuple[int, int, dict]]:
    """Gazetteer matches in `text`: (start, end, entry), longest first where they overlap."""
    return list(_find_names(text))


@lru_cache(maxsize=4096)  # the same heading is looked up several times per item; bounded, cleared with the rules
def _find_names(text: str) -> tuple[tuple[int, int, dict], ...]:
    nlp, matcher, entries, _, _ = _gazetteer()
    form, where = _match_form(text)
    doc = nlp.make_doc(form)
    spans = [(where[doc[s:e].start_char], where[doc[s:e].end_char - 1] + 1, entries[nlp.vocab.strings[mid]])
             for mid, s, e in matcher(doc)]
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, dict]] = []
    for s in spans:
        if not out or s[0] >= out[-1][1]:
            out.append(s)
    return tuple(out)


rules._CACHES.append(_find_names)


@rules.cached
def _locality_res() -> tuple[regex.Pattern, regex.Pattern]:
    *_, levels = _gazetteer()
    words = "|".join(regex.escape(w) for w in sorted(levels, key=len, reverse=True))
    return (regex.compile(rf"\s+(?P<w>(?i:{words}))(?P<name>(?:\s+\p{{Lu}}\p{{Ll}}*){{0,3}})(?=\W|$)"),
            regex.compile(r"(?P<name>(?:\s+\p{Lu}\p{Ll}+){1,3})(?=\s*$|[,;:])"))


def _locality(text: str, end: int) -> tuple[int, str | None]:
    """A locality after a name (`huyện`, `thị xã Đức Phổ`, `tỉnh`): (new end, level)."""
    *_, levels = _gazetteer()
    locality_re, name_re = _locality_res()
    m = locality_re.match(text[end:])
    if not m:
        m2 = name_re.match(text[end:])
        return (end + m2.end(), None) if m2 and m2.group("name").strip() not in ("Việt Nam",) else (end, None)
    return end + m.end(), levels[m.group("w").lower()]


def _names_end(text: str) -> int:
    """Where a list of bodies stops: the first verb outside a known name (`Cục Viễn thám quốc gia
    chủ trì, …`; but `Sở Xây dựng` keeps its `xây dựng`)."""
    known = find_names(text)
    for m in _VERB_RE.finditer(text):
        word = m.group(0).lstrip()
        if word[:1].isupper() and not text.isupper():
            continue  # a capitalised word belongs to a name (`Ban Chỉ đạo …`, `Sở Xây dựng`)
        if not any(a <= m.start() + 1 < b for a, b, _ in known):
            return m.start()
    return len(text)


def _split_names(text: str) -> list[tuple[int, int]]:
    """Cut a list of bodies: `;`, and `,` / ` và ` before a word that opens an agency's name
    (capitalised) or before a name of the gazetteer."""
    known = find_names(text)
    known_starts = {a for a, _, _ in known}
    cuts = [0]
    for m in _LIST_SEP_RE.finditer(text):
        after = text[m.end():]
        comma_cac = m.group(0).strip() == "," and _CAC_RE.match(after)
        if m.group(0).strip() == ";" or _head_re().match(after) or m.end() in known_starts \
                or comma_cac:
            if any(a < m.start() < b for a, b, _ in known):
                continue  # inside a known name (`Ủy ban nhân dân các xã, thị trấn`)
            cuts.append(m.start())
            cuts.append(m.end())
    cuts.append(len(text))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if text[cuts[i]:cuts[i + 1]].strip()]


def names_in(text: str) -> list[tuple[int, int, str | None, str | None]]:
    """Bodies named in a heading or a field: (start, end, canonical, level) in `text`."""
    out = []
    text = text[:_names_end(text)]
    colon = text.find(":")
    if colon > 0:
        text = text[:colon]  # `6. Chi cục Quản lý thị trường: Tăng cường kiểm tra …`
    for a, b in _split_names(text):
        part = text[a:b]
        lead = rx.match(r"\s*(?:Đề\s+nghị|Giao|Yêu\s+cầu)\s+", part, regex.IGNORECASE)
        offset = a + (lead.end() if lead else 0)
        part = text[offset:b]
        matches = find_names(part)
        if matches and matches[0][0] == 0:
            s, e, entry = matches[0]
            e2, level = _locality(part, e)
            if entry.get("group"):  # `các đoàn thể quần chúng`: a group's name runs on a few lower-case words
                more = _GROUP_TAIL_RE.match(part, e)
                e2, level = (more.end() if more else e), None
            out.append((offset + s, offset + e2, entry["canonical"], level))
            rest = part[e2:]
            more = rx.match(r"\s+và\s+(?P<x>các\s+(?:(?!trong|theo|của|để|nhằm|tại)\S+\s*){1,8}?)(?:\s+(?:trong|theo|của|để|nhằm|tại)\b.*)?$",
                               rest)
            if more:  # `Ủy ban nhân dân các huyện, thành phố và các cơ quan, tổ chức có liên quan`
                x_end = offset + e2 + more.end("x")
                out.append((offset + e2 + more.start("x"), x_end, _group_canonical(more.group("x").strip()), None))
            continue
        name = part.strip(" ,.;:")
        if not name or not rx.match(r"\p{L}", name):
            continue
        end = offset + len(name)
        words_ok = _starts_like_agency(name)
        if not words_ok:
            continue
        found = find_names(name)
        canonical = found[0][2]["canonical"] if found and found[0][0] == 0 else _group_canonical(name)
        level = None
        m = rx.search(r"\s(tỉnh|huyện|thị xã|xã|phường|thị trấn|thành phố)$", name)
        if m:
            level = _gazetteer()[4].get(m.group(1))
        out.append((offset, end, canonical, level))
    return out


@rules.cached
def _groups() -> frozenset[str]:
    return frozenset(e["canonical"] for e in _gazetteer()[2].values() if e.get("group"))


def _is_group(canonical: str) -> bool:
    return canonical in _groups()


_GROUP_TAIL_RE = regex.compile(
    r"(?:\s+(?!(?:có|được|phải|theo|của|tại|trong|để|nhằm|đã|sẽ|là|thì|khi|và|với|về|cho|đối)\b)\p{Ll}+){0,4}(?=\s*(?:[,;.:]|$))")


def _starts_like_agency(name: str) -> bool:
    """A known name, or a word that opens names followed by a capitalised field (`Sở Công Thương`,
    `Ban Chỉ đạo …`, `Văn phòng REDD+`), or a short generic group (`Các phòng, ngành, cơ quan, đơn vị
    có liên quan`); not a sentence, nor a line in capitals."""
    known = find_names(name)
    if known and known[0][0] == 0:
        return True
    if name.isupper() or len(name.split()) > 14:
        return False
    if rx.match(r"(?i:các)\s+\p{Ll}", name):  # `các tổ chức phi chính phủ`: a generic group of bodies
        return len(name.split()) <= 10 and bool(_group_head_re().match(name))
    m = _head_re().match(name)
    if not m:
        return False
    return bool(rx.match(r"\s+(?:\p{Lu}|\d)", name[m.end():])) or m.end() == len(name)


@rules.cached
def _group_head_re() -> regex.Pattern:
    """`các` and a noun of bodies (rules/agencies.yaml `group_heads`)."""
    heads = phrase_alternation(rules.load("agencies.yaml")["group_heads"])
    return regex.compile(rf"(?i:các)\s+(?:{heads})(?![\p{{L}}])", regex.IGNORECASE)


def _group_canonical(name: str) -> str | None:
    """A body the gazetteer lacks: its name with ASCII hyphens and no locality; None for a
    generic group (`Các phòng, ngành, …`)."""
    name = " ".join(name.split())
    if rx.match(r"(?i:các)\s", name):
        found = find_names(name)
        return found[0][2]["canonical"] if found and found[0][2].get("group") else None
    name = rx.sub(r"\s*[‐‑‒–—−]\s*", " - ", name)
    name = rx.sub(r"\s+(?:tỉnh|huyện|thị xã|xã|phường|thị trấn|thành phố)(?:\s+\p{Lu}\p{Ll}*)*$", "", name)
    return name


def _indicator_nos(text: str) -> list[int]:
    nos: list[int] = []
    for m in _ASSIGN_RE.finditer(text):
        for a, sep, b in rx.findall(r"(\d{1,2})(?:\s*(-|–|đến)\s*(\d{1,2}))?", m.group("list")):
            if b:
                nos.extend(range(int(a), int(b) + 1))
            else:
                nos.append(int(a))
    seen = []
    for n in nos:
        if n not in seen:
            seen.append(n)
    return seen


def _rows_for(doc_id: str, para: Paragraph, text_offset: int, text: str, role: str, section_id: str | None,
              indicator_nos: list[int]) -> list[Agency]:
    rows = []
    for s, e, canonical, level in names_in(text):
        written = " ".join(text[s:e].split())
        if not written:
            continue
        span = para.span(text_offset + s, text_offset + e)
        rows.append(Agency(doc_id=doc_id, section_id=section_id, line=span.line, page=span.page,
                           agency=written, agency_canonical=canonical, agency_level=level, role=role,
                           indicator_nos=";".join(map(str, indicator_nos)), text=para.text))
    return rows


def _support_rows(doc_id: str, para: Paragraph, section_id: str | None) -> list[Agency]:
    """The bodies a paragraph's `phối hợp với …` names."""
    return [r for m in _SUPPORT_RE.finditer(para.text)
            for r in _rows_for(doc_id, para, m.start("who"), m.group("who"), "support", section_id, [])]


@rules.cached
def _scope_re() -> regex.Pattern:
    """rules/agencies.yaml `scope_headings`: an article on whom the text applies to."""
    alt = phrase_alternation(rules.load("agencies.yaml")["scope_headings"])
    return regex.compile(rf"\s*(?:{alt})(?:\s*(?:,|và)\s*(?:{alt}))*\s*[.:]?\s*", regex.IGNORECASE)


def read_agencies(doc: CleanDocument, sections: list[Section]) -> list[Agency]:

    rows: list[Agency] = []
    paragraphs = doc.paragraphs
    # 1. the items of the organisation section, and numbered items elsewhere that open with a body
    #    (`8. Bộ Tài chính chủ trì …` where a copy lost the organisation article's heading)
    by_id = {x.section_id: x for x in sections}
    # a text in many articles sets standing rules: a generic group opening a clause (`2. Doanh nghiệp
    # có vốn đầu tư nước ngoài …`) is its subject, not an addressee
    articles = len({x.label for x in sections if _ARTICLE_LABEL_RE.match(x.label)})  # under chapters too
    groups_addressed = articles < rules.load("deadlines.yaml")["standing_rules"]["min_articles"]
    scope_re = _scope_re()
    for s in sections:
        parent = by_id.get(s.parent_id) if s.parent_id else None
        if parent is not None and scope_re.fullmatch(parent.heading):
            continue  # `Điều 2. Đối tượng áp dụng`: whom the text applies to
        parent_org = parent is not None and parent.kind == "organization"
        addressed = (s.level >= 2 and s.kind not in ("reporting", "purpose", "budget", "objectives", "appendix")
                     and bool(rx.match(r"(?:Đề\s+nghị\s+)?", s.heading))
                     and any(a == rx.match(r"(?:Đề\s+nghị\s+)?", s.heading).end() and (groups_addressed or not e.get("group"))
                             for a, _, e in find_names(s.heading)))
        if not (parent_org or addressed):
            continue
        if not groups_addressed and not addressed:
            continue  # in a text of many articles, only clauses that open with a named body
        para = paragraphs[s.paragraph_start]
        label = label_of(para.text)
        start = label.end() if label else 0
        # the heading as it stands in the paragraph (offsets for the span), else as segment read it
        placed = _heading_in_place(para.text, start, s.heading)
        head, text_offset = placed if placed else (s.heading, 0)
        duty = _RESPONSIBILITY_RE.match(head)  # `c) Trách nhiệm của Ủy ban nhân dân các tỉnh, …`
        if duty:
            head, text_offset = head[duty.end():], text_offset + duty.end()
        body = " ".join(p.text for p in paragraphs[s.paragraph_start:s.paragraph_end])
        role = "requested" if rx.match(r"\s*Đề\s+nghị\b", head, regex.IGNORECASE) else "lead"
        item_rows = _rows_for(doc.doc_id, para, text_offset, head, role, s.section_id, _indicator_nos(body))
        # an item that names no single body (`b) Trách nhiệm của các bộ, ngành liên quan`) is addressed
        # through its bullets: `- Bộ Tài chính:`, `- Ban Chỉ đạo … chỉ đạo tổ chức thực hiện …`
        if parent_org and s.kind == "organization" \
                and not any(r.agency_canonical and not _is_group(r.agency_canonical) for r in item_rows):
            own_end = min([x.paragraph_start for x in sections if x.parent_id == s.section_id] + [s.paragraph_end])
            bullet_rows = []
            for p in paragraphs[s.paragraph_start + 1:own_end]:
                if rx.match(r"\|?\s*Nơi\s+nhận", p.text):
                    break  # the recipients of the document, not its addressees
                b = BULLET_RE.match(p.text)
                if b and names_in(p.text[b.end():b.end() + 300]):
                    bullet_rows.extend(_rows_for(doc.doc_id, p, b.end(), p.text[b.end():], role, s.section_id, []))
            if bullet_rows:
                item_rows = bullet_rows
        rows.extend(item_rows)
        for p in paragraphs[s.paragraph_start:s.paragraph_end]:
            rows.extend(_support_rows(doc.doc_id, p, s.section_id))
    # 1b. items of an organisation section written as lettered points or bullets, not headings
    #     (`a) Điều hành, quản lý Chương trình:` / `- Ban Chỉ đạo … chỉ đạo …`, `c) Trách nhiệm của Ủy ban
    #     nhân dân các tỉnh, …`): each point is an item, and a point that names no single body is
    #     addressed through its bullets (`b) Trách nhiệm của các bộ, ngành liên quan` / `- Bộ Tài chính:`)
    for s in sections:
        if s.kind != "organization" or not groups_addressed or names_in(s.heading):
            continue  # an item that names its body is read above
        own_end = min([x.paragraph_start for x in sections if x.parent_id == s.section_id] + [s.paragraph_end])
        point_rows: list[Agency] = []
        bullet_rows: list[Agency] = []

        def flush() -> None:
            named = any(r.agency_canonical and not _is_group(r.agency_canonical) for r in point_rows)
            rows.extend(bullet_rows if bullet_rows and not named else point_rows)

        for p in paragraphs[s.paragraph_start + 1:own_end]:
            if rx.match(r"\|?\s*Nơi\s+nhận", p.text):
                break
            label = label_of(p.text)
            if label and (label.group("letter") or label.group("num")):
                if bullet_rows and not point_rows:  # `- Cục Biến đổi khí hậu có trách nhiệm:` / `a) Chủ trì, phối hợp với …`
                    head = p.text[label.end():label.end() + 320]
                    opener = _RESPONSIBILITY_RE.match(head) or rx.match(r"\s*Đề\s+nghị\s+", head, regex.IGNORECASE)
                    found = names_in(head[opener.end():] if opener else head)
                    if not (found and found[0][0] == 0):  # a task of the body above, not an item of its own
                        bullet_rows.extend(_support_rows(doc.doc_id, p, s.section_id))
                        continue
                flush()
                point_rows, bullet_rows = [], []
                offset = label.end()
                head = p.text[offset:]
                duty = _RESPONSIBILITY_RE.match(head)
                if duty:
                    head, offset = head[duty.end():], offset + duty.end()
                role = "requested" if rx.match(r"\s*Đề\s+nghị\b", head, regex.IGNORECASE) else "lead"
                point_rows = _rows_for(doc.doc_id, p, offset, head, role, s.section_id, [])
                continue
            b = BULLET_RE.match(p.text)
            if not b or not names_in(p.text[b.end():b.end() + 320]):
                if bullet_rows:  # `- Phòng Lao động - …` / `- Chủ trì, phối hợp với các ngành liên quan …`: its tasks
                    bullet_rows.extend(_support_rows(doc.doc_id, p, s.section_id))
                continue
            start = b.end()
            asked = rx.match(r"Đề\s+nghị\s+", p.text[start:], regex.IGNORECASE)  # `- Đề nghị Ủy ban MTTQ …`
            if asked:
                start += asked.end()
            found = names_in(p.text[start:start + 300])
            if found and found[0][0] == 0:  # a bullet that opens with a body, and those it works with
                head = p.text[start:start + 300]
                lead = _LEAD_END_RE.search(head)  # `- Phòng Tư pháp chủ trì, phối hợp với …`: the lead ends there
                bullet_rows.extend(_rows_for(doc.doc_id, p, start, head[:lead.start()] if lead else head,
                                             "requested" if asked else "lead", s.section_id, []))
                bullet_rows.extend(_support_rows(doc.doc_id, p, s.section_id))
        flush()
    # 2. a decision's execution article: `Điều 4. Các Bộ trưởng, …, Chủ tịch Ủy ban nhân dân tỉnh, …
    #    chịu trách nhiệm thi hành Quyết định này.`
    for s in sections:
        if not s.label.startswith("D"):
            continue
        para = paragraphs[s.paragraph_start]
        m = _EXECUTION_RE.search(para.text)
        label = label_of(para.text)
        if not m or not label:
            continue
        start = label.end()
        sentence = para.text.rfind(". ", start, m.start())
        if sentence >= 0:  # `Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh; …`
            start = sentence + 2
        names = para.text[start:m.start()]
        for a, b in _split_addressees(names):
            written = names[a:b].strip(" ,;")
            if _PLACEHOLDER_RE.search(written) or not rx.search(r"\p{L}{2}", written):
                continue  # a form's blank to fill in (`………....(5)………., và ………….(9).......`)
            offset = start + a + (len(names[a:b]) - len(names[a:b].lstrip(" ,;")))
            span = para.span(offset, offset + len(written))
            rows.append(Agency(doc_id=doc.doc_id, section_id=s.section_id, line=span.line, page=span.page,
                               agency=written, agency_canonical=_holder_canonical(written), agency_level=None,
                               role="lead", indicator_nos="", text=para.text))
    # 3. `Cơ quan thực hiện: X chủ trì, phối hợp với Y`
    seen_field: set[str] = set()
    for s_para in paragraphs:
        m = _FIELD_RE.match(s_para.text)
        if not m:
            continue
        body, offset = m.group("body"), m.start("body")
        lead_text = rx.split(r"\s+chủ\s+trì\b|,?\s+phối\s+hợp\b|;\s*(?:Cơ\s+quan|Đơn\s+vị)\s+phối\s+hợp\b", body,
                                maxsplit=1, flags=regex.IGNORECASE)[0]
        lead_text = lead_text.rstrip(" .,;")
        section = _section_of(sections, s_para.index)
        for r in _rows_for(doc.doc_id, s_para, offset, lead_text, "lead", section, []):
            key = r.agency_canonical or r.agency
            if key not in seen_field:
                seen_field.add(key)
                rows.append(r)
        sm = _SUPPORT_FIELD_RE.search(s_para.text, m.start("body"))  # `…; Đơn vị phối hợp: Phòng …, Văn phòng Sở.`
        if sm:
            rows.extend(_rows_for(doc.doc_id, s_para, sm.end(), s_para.text[sm.end():].rstrip(" ."), "support", section, []))
    # 4. task tables: the lead and support columns (pipeline/tables.py)
    from .tables import task_rows

    seen_table: set[tuple] = set()
    for row in task_rows(paragraphs):
        section = _section_of(sections, row.para.index)
        for col, role in (("lead", "lead"), ("support", "support")):
            cell = row.get(col)
            if cell is None:
                continue
            for r in _rows_for(doc.doc_id, row.para, cell.start, cell.text, role, section, []):
                key = (r.agency_canonical or r.agency, role, section)
                if key not in seen_table:  # a body leading several tasks: its first row
                    seen_table.add(key)
                    rows.append(r)
    return rows


def _heading_in_place(text: str, start: int, heading: str) -> tuple[str, int] | None:
    """The heading as it stands in its paragraph, from `start`, with a web copy's editor's notes
    (`3. Sở Tài nguyên và Môi trường [Cụm từ này bị thay thế bởi …] có trách nhiệm`) blanked out so
    that offsets still point into the paragraph; None when the heading is not there."""
    if text.startswith(heading, start):
        return heading, start
    if "[" not in text:
        return None
    blanked = EDITOR_NOTE_RE.sub(lambda m: " " * len(m.group()), text)
    want = heading.replace(" ", "")
    got, pos = 0, start
    while pos < len(blanked) and got < len(want):
        c = blanked[pos]
        if not c.isspace():
            if c != want[got]:
                return None
            got += 1
        pos += 1
    return (blanked[start:pos], start) if got == len(want) else None


def _split_addressees(text: str) -> list[tuple[int, int]]:
    """An execution article's list: a new addressee after `,` or `;` starts with a capital
    (`tỉnh, thành phố`, `tỉnh, TP` and `các cơ quan, tổ chức` stay whole)."""
    places = [w for w in _gazetteer()[4] if w.isupper()]  # `tỉnh, TP trực thuộc TW`: one name
    after = rf"(?!(?:{'|'.join(map(regex.escape, places))})\b)" if places else ""
    cuts = [0] + [m.start() for m in rx.finditer(rf"[,;]\s*(?=\p{{Lu}}){after}", text)] + [len(text)]
    return [(cuts[i] + (1 if i else 0), cuts[i + 1]) for i in range(len(cuts) - 1) if text[cuts[i]:cuts[i + 1]].strip(" ,;")]


def _holder_canonical(written: str) -> str:
    """An office holder stands for the body they head: `Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực
    thuộc trung ương` -> `Ủy ban nhân dân cấp tỉnh`, `Giám đốc Sở Lao động - Thương binh và Xã hội` ->
    `Sở Lao động - Thương binh và Xã hội`, `Giám đốc các Sở` -> `Các sở, ban, ngành`; else as written."""
    m = _HOLDER_RE.match(written)
    if m:
        body = m.group("body")
        found = names_in(body[:1].upper() + body[1:])  # `Trưởng phòng Quản lý công nghiệp` -> `Phòng Quản lý …`
        if found and found[0][0] == 0 and found[0][2]:
            return found[0][2]
    return rx.sub(r"\s*[‐‑‒–—−]\s*", " - ", " ".join(written.split()))


def _cell_offset(text: str, col: int) -> int:
    pos = 1 if text.startswith("|") else 0
    for _ in range(col):
        pos = text.index("|", pos) + 1
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _section_of(sections: list[Section], index: int) -> str | None:
    from .segment import section_at

    s = section_at(sections, index)
    while s is not None and s.level > 2:
        s = next((p for p in sections if p.section_id == s.parent_id), None)
    return s.section_id if s else None


def responsible_of(sections: list[Section], rows: list[Agency]):
    """`section -> canonical agency` for deadlines: the lead body of the organisation item a
    section belongs to, when the item names exactly one."""
    leads: dict[str, list[Agency]] = {}
    for r in rows:
        if r.role in ("lead", "requested") and r.section_id:
            leads.setdefault(r.section_id, []).append(r)
    by_id = {s.section_id: s for s in sections}

    def of(section: Section | None, text: str = "") -> str | None:
        s = section
        while s is not None:
            found = leads.get(s.section_id)
            if found:
                return found[0].agency_canonical if len(found) == 1 else None
            s = by_id.get(s.parent_id) if s.parent_id else None
        # a sentence whose subject is a body: `2. Phòng Lao động - … chịu trách nhiệm … trước ngày …`
        label = BULLET_RE.match(text) or label_of(text)
        start = label.end() if label else 0
        names = find_names(text[start:start + 120]) if text else []
        if names and names[0][0] == 0 and not names[0][2].get("group"):
            return names[0][2]["canonical"]
        return None
    return of

"""Citations stage: documents cited by number, and laws cited by name -> `Citation` rows.

The number grammar of Vietnamese documents (Nghị định 30/2020/NĐ-CP): `80/KH-UBND`
(number/type-issuer), `13/2021/TT-BLĐTBXH` (normative acts carry the year), `121/2020/QH14`,
`34-NQ/TU` (party documents put the type first). A citation is a type word and a number
(`Quyết định số 2482/QĐ-UBND, ngày 22/12/2020 của UBND huyện Tam Đường`), with the issue date
(`dd/mm/yyyy` or `ngày 03 tháng 4 năm 2024`) and issuer that follow it; or `Luật <Name> [[năm]
YYYY]` (`Luật Đất đai năm 2024` and `Luật Đất đai 2024` are one key). Its relation: `implements` right after `Thực hiện` / `triển khai`, `basis` right after
`Căn cứ` (and the other items of that `Căn cứ` list), else `reference`. Typo'd numbers are
repaired when the repair is certain (`TTBLĐTBXH` -> `TT-BLĐTBXH`) and noted in `key_note`
otherwise (`53/KGH-UBND`: unknown type code).
"""
from __future__ import annotations


import regex

from . import rules
from .normalize import phrase_alternation, recover_case, strip_diacritics, rx
from .records import Citation, CleanDocument, Section

# 80/KH-UBND, 13/2021/TT-BLĐTBXH, 16/KH-LĐTB&XH, 121/2020/QH14, 119-KH/TU, 37-CT/TW; a series of one
# number, each with its own (`66.4/2025/NQ-CP`, `66.19/2026/NQ-CP`)
KEY_RE = regex.compile(
    r"""(?P<key>
        \d{1,5}(?:\.\d{1,3})?\s?/\s?(?:\d{4}\s?/\s?)?[\p{Lu}Đ][\p{L}\d&]*(?:\s?-\s?[\p{Lu}Đ][\p{L}\d&]*)*
      | \d{1,5}\s?-\s?[\p{Lu}][\p{L}]{0,3}\s?/\s?[\p{Lu}]{1,6}
    )""",
    regex.VERBOSE,
)


@rules.cached
def _type_words() -> tuple[tuple[str, str], ...]:
    words = [(w, t["slug"]) for name in ("doc_types.yaml", "citation_types.yaml") for t in rules.load(name)
             for w in t["words"]]
    return tuple(sorted(words, key=lambda x: -len(x[0])))


@rules.cached
def _type_alternation() -> str:
    """The words that introduce a cited document (`Quyết định`, `kế hoạch`), and the type parts of
    numbers written for them before `số` (`QĐ số 2482/QĐ-UBND`, `KH số 88/KH-UBND`)."""
    words = "|".join(regex.escape(w) for w, _ in _type_words())
    abbrs = "|".join(sorted({regex.escape(a) for t in rules.load("doc_types.yaml") for a in t["abbr"]}, key=len,
                            reverse=True))
    return rf"(?i:{words})|(?:{abbrs})(?=\s+(?i:số)\b)"


def _slug_of(type_text: str) -> str | None:
    """The doc_type of a citation's type word or abbreviation."""
    lower = type_text.lower()
    return next((s for w, s in _type_words() if w == lower), None) or type_from_abbreviation(type_text)


@rules.cached
def _implements_re() -> regex.Pattern:
    return regex.compile(
        rf"(?:^|[.;:]\s*)Thực\s+hiện\s+(?:các\s+)?(?P<type>{_type_alternation()})\s+(?:số\s*)?(?P<key>{KEY_RE.pattern})",
        regex.VERBOSE,
    )


def normalize_key(key: str) -> str:
    """`119- KH/TU` -> `119-KH/TU`; `416/QĐ- TTg` -> `416/QĐ-TTg`."""
    return rx.sub(r"\s+", "", key)


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


_DATE_AFTER_RE = regex.compile(
    r"^\s*,?\s*(?:ban\s+hành\s+)?(?:ngày\s*)?(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2}))",
    regex.IGNORECASE)
_ISSUER_AFTER_RE = regex.compile(
    r"^\s*,?\s*(?:của|do)\s+(?P<issuer>.+?)(?=\s+(?:về|quy\s+định|triển\s+khai|ban\s+hành|thực\s+hiện|hướng\s+dẫn|"
    r"phê\s+duyệt|nhằm|tại|giao|đã|theo|sửa\s+đổi|bổ\s+sung|trực\s+tiếp|kèm\s+theo|lãnh\s+đạo|chỉ\s+đạo|"
    r"tăng\s+cường|đẩy\s+mạnh|thông\s+qua|tiếp\s+tục|thi\s+hành|thành\s+lập|kiện\s+toàn|phân\s+công|phân\s+cấp|"
    r"điều\s+chỉnh|công\s+bố|cho\s+phép|được|và\s+(?:các|những)|là|có|do|đối\s+với|xác\s+nhận|"
    r"quyết\s+định|nước\s+(?:CHXHCN|Cộng\s+hòa))\b|"
    r"\s+ngày\s+\d|\s+(?-i:\p{Lu}{1,4})\s+số\b|\s*[,;.:()“”\"\[\]|]|\s*$)",  # `… của Chính phủ NĐ số 17/…`
    regex.IGNORECASE)
_REQUESTER_BEFORE_RE = regex.compile(
    r"(?:đề\s+nghị|ý\s+kiến|chỉ\s+đạo)\s+của\s+(?P<who>[^,;()\[\]]+?)\s*\[?\s*tại\s*$", regex.IGNORECASE)
_AMENDING_LAW_RE = regex.compile(
    r"(?<![\p{L}])Luật\s+(?P<name>sửa\s+đổi(?:,?\s+bổ\s+sung)?\s+.{1,300}?)(?=\s+ngày\s|\s+năm\s|\s+(?:có|đã\s+có)\s+hiệu\s+lực|\s*[;.|(\[]|$)"
    r"(?:\s+(?:năm\s+(?P<year>(?:19|20)\d{2})|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?P<year2>(?:19|20)\d{2})))?",
    regex.IGNORECASE)
# `Luật` and up to nine words; the name is cut in Python at the first word that cannot be part of it
# (a bounded match, so a page of `Luật Luật Luật …` stays linear).
_LAW_RE = regex.compile(r"(?<![\p{L}])Luật(?P<words>(?:[ \t]+(?!Luật\b)[\p{L}]+){1,9})")
# `Luật Bảo vệ môi trường số 72/2020/QH14`: a law cited by name and number is keyed by its number
_LAW_NUMBER_RE = regex.compile(rf"\s*,?\s*(?:(?:số|Số)\s*:?\s*)+(?P<key>{KEY_RE.pattern})(?![\p{{L}}\d])", regex.VERBOSE)
_NUMBER_AT_END_RE = regex.compile(r"\s(?:số|Số)\s*(?P<key>\d{1,5}/(?:19|20)\d{2}/QH\d{1,2})$")
# `Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013`
_CONSTITUTION_RE = regex.compile(
    r"(?<![\p{L}])Hiến\s+pháp(?:\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?"
    r"(?:\s+(?:năm\s+)?(?P<year>(?:19|20)\d{2}))?")
# `Quyết định số 9, 10, 11, 12, 13, 14, 15/COP19`: several numbers sharing one symbol
_LAW_STOP = {"năm", "ngày", "số", "của", "về", "theo", "cho", "đến", "có", "đối", "trong", "tại", "nhằm", "để",
             "các", "hiện", "này", "đã", "được", "và", "do", "thì", "mà", "gồm", "như", "là", "khi", "nếu", "hoặc",
             "hay", "với", "phải", "sẽ", "không", "cũng", "điểm", "khoản"}
# what follows `và` after a law's name when it is not part of it (other texts, not a law's words)
_GENERIC_AFTER_AND = {"quy định", "văn bản", "pháp luật", "nghị định", "thông tư", "hướng dẫn"}
_LAW_YEAR_RE = regex.compile(
    r"\s*(?:năm\s+(?P<year>(?:19|20)\d{2})|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?P<year2>(?:19|20)\d{2})"
    r"|ngày\s+\d{1,2}/\d{1,2}/(?P<year3>(?:19|20)\d{2})"
    # `Luật Đấu thầu 2024`: the year alone, as people name a law (not `2024/QH15`, `2013-2024`, `2024,5`)
    r"|(?P<year4>(?:19|20)\d{2})(?![\d/]|[-–.,]\d|\s*%))")


# the laws an amending law is named after belong to its title: `Luật số 67/2020/QH14 sửa đổi, bổ sung
# một số điều của Luật Xử lý vi phạm hành chính`, `Luật sửa đổi Luật Đấu thầu; Luật Hải quan; …`
_AMENDED_LIST_RE = regex.compile(
    r"sửa\s+đổi(?:,?\s+bổ\s+sung)?(?:\s+một\s+số\s+điều)?(?:\s+của)?\s+"
    r"(?:(?:(?:các\s+)?Luật\s+)?[\p{L} ]{1,80}?(?:,|;|\s+và)\s*){0,12}$", regex.IGNORECASE)


@rules.cached
def _known_law_re() -> regex.Pattern:
    return regex.compile(f"(?i:{phrase_alternation(rules.load('laws.yaml')['names'])})" + r"(?![\p{L}])")


def _law_name(words: list[str]) -> list[str]:
    """The words of a law's name: up to a word that cannot belong to it (`và` only between two
    lower-case words, as in `Hôn nhân và gia đình`), or another law."""
    name: list[str] = []
    for k, w in enumerate(words):
        lw = w.lower()
        if lw == "luật" and not (name and name[-1].lower() == "pháp"):
            break  # another law (`… và luật khác`); `pháp luật` belongs to a name (`… quy phạm pháp luật`)
        if lw == "và" and " ".join(words[k + 1:k + 3]).lower() in _GENERIC_AFTER_AND:
            break  # `Luật Doanh nghiệp và quy định khác`, `… và pháp luật có liên quan`
        if lw == "và" and name and k + 1 < len(words) and words[k + 1][:1].islower() \
                and words[k + 1].lower() not in _LAW_STOP:
            name.append(w)
            continue
        if lw in _LAW_STOP:
            break
        name.append(w)
    while name and name[-1].lower() == "và":  # `Luật Đầu tư và luật khác`: the name ends before `và`
        name.pop()
    return name


_UBND_RE = regex.compile(r"^Ủy\s+ban\s+nhân\s+dân\b", regex.IGNORECASE)


@rules.cached
def _citation_re() -> regex.Pattern:
    return regex.compile(
        rf"(?<![\p{{L}}])(?P<type>{_type_alternation()})\s+(?:(?i:số)\s*:?\s*)?(?P<key>{KEY_RE.pattern})(?![\p{{L}}\d])",
        regex.VERBOSE)


@rules.cached
def _number_list_re() -> regex.Pattern:
    return regex.compile(
        rf"(?<![\p{{L}}])(?P<type>{_type_alternation()})\s+(?:(?i:số)\s*:?\s*)?"
        rf"(?P<nums>\d{{1,5}}(?:\s*,\s*\d{{1,5}})+)\s*/\s*(?P<sym>[\p{{Lu}}][\p{{L}}\d&]*(?:-[\p{{Lu}}][\p{{L}}\d&]*)*)(?![\p{{L}}\d])")


_LIST_OPENER_RE = regex.compile(r"^\W*(?:căn\s+cứ|thực\s+hiện|triển\s+khai|để\s+triển\s+khai)\b", regex.IGNORECASE)
_GAP_SEPARATOR_RE = regex.compile(r"(?:[,;]|\s(?:và|cùng))\s*(?:các\s+)?$")
_OBJECT_OF_RE = regex.compile(r"(?:chương\s+trình|kế\s+hoạch|đề\s+án)(?:\s+[^\s,;]+){0,12}?\s+(?:thực\s+hiện|triển\s+khai)\s*(?:các\s+)?$",
                              regex.IGNORECASE)


def _list_relations(text: str, found: list, starts: dict[int, int]) -> None:
    """A list opened by `Căn cứ` / `Thực hiện` gives every item its relation (`Thực hiện Luật …, Nghị
    quyết số 93/NQ-CP …; Quyết định số 896/QĐ-TTg …`), and a document that a programme or plan is
    said to carry out, with no citation before it in its clause, is implemented (`Chương trình hành
    động của Ủy ban nhân dân tỉnh thực hiện Kế hoạch số 119-KH/TU`); inside a cited document's
    description, or as the object of a task (`kiểm tra, đôn đốc việc thực hiện Kế hoạch số …`), it
    stays a reference."""
    found.sort(key=lambda x: x[0])
    for k, (start, end, f) in enumerate(found):
        if f["relation"] != "reference":
            continue
        sentence_start = text.rfind(". ", 0, start) + 1
        clause_start = max(text.rfind(";", 0, start), text.rfind(". ", 0, start)) + 1
        prev = next((x for x in reversed(found[:k]) if x[1] <= start), None)
        if prev and prev[1] > sentence_start and prev[2]["relation"] in ("basis", "implements") \
                and _GAP_SEPARATOR_RE.search(text[prev[1]:starts.get(id(f), start)]) \
                and _LIST_OPENER_RE.match(text[sentence_start:]):
            f["relation"] = prev[2]["relation"]
            continue
        earlier = any(x[0] < start and x[0] >= clause_start for x in found[:k])
        if not earlier and _OBJECT_OF_RE.search(text[clause_start:starts.get(id(f), start)]):
            f["relation"] = "implements"


@rules.cached
def _abbreviations() -> dict[str, str]:
    return {strip_diacritics(a).upper(): t["slug"] for t in rules.load("doc_types.yaml") for a in t["abbr"]}


def parse_key(key: str) -> tuple[int | None, str | None, str, str | None]:
    """`13/2021/TTBLĐTBXH` -> (13, 'TT-BLĐTBXH', '13/2021/TT-BLĐTBXH', 'repaired: …')."""
    key = normalize_key(key)
    note = None
    m = rx.match(r"^(?P<n>\d+)-(?P<sym>[\p{Lu}][\p{L}]*/[\p{Lu}]+)$", key)
    if m:  # party: 119-KH/TU
        return int(m.group("n")), m.group("sym"), key, None
    m = rx.match(r"^(?P<n>\d+(?:\.\d+)?)/(?:(?P<y>\d{4})/)?(?P<sym>.+)$", key)
    if not m:
        return None, None, key, "malformed number"
    sym = m.group("sym")
    abbrs = _abbreviations()
    parts = sym.split("-")
    head = strip_diacritics(parts[0]).upper()
    if "-" not in sym and not rx.fullmatch(r"QH\d+", sym):
        # TTBLĐTBXH: a known type code glued to the issuer code
        for abbr in sorted(abbrs, key=len, reverse=True):
            if abbr and strip_diacritics(sym).upper().startswith(abbr) and len(sym) > len(abbr) + 1:
                fixed = sym[:len(abbr)] + "-" + sym[len(abbr):]
                note = f"repaired: {sym} -> {fixed}"
                sym = fixed
                break
        else:
            note = f"no type code in {sym}"
    elif head not in abbrs and not rx.fullmatch(r"QH\d+", sym):
        note = f"unknown type code {parts[0]}"
    year = m.group("y")
    full = f"{m.group('n')}/{year + '/' if year else ''}{sym}"
    n = m.group("n")
    return (int(n) if n.isdigit() else None), sym, full, note  # `66.4`: no whole number


def _date_iso(m: regex.Match) -> str:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("y") else (m.group("d2"), m.group("m2"), m.group("y2"))
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def _clean_issuer(text: str) -> str:
    text = rx.sub(r"\s+và$", "", " ".join(text.split()).strip(" ,"))  # `Bộ Tài chính và` / `Quyết định …`
    return _UBND_RE.sub("UBND", text)


def _relation(text: str, start: int) -> str:
    """`implements` / `basis` / `reference` from what precedes the citation in its clause."""
    before = text[max(0, start - 400):start]
    clause_start = max(before.rfind(";"), before.rfind(". "), -1) + 1
    lead = " ".join(before[clause_start:].split()).lower().strip(" -:,")
    if rx.fullmatch(r"căn cứ(?: vào)?(?: (?:quy định|các quy định) tại)?(?: (?:điểm [a-zđ]|khoản \d+|điều \d+[a-zđ]?|"
                    r"mục \d+|chương [ivxl\d]+|phụ lục [ivxl\d]+)(?: và|,)?)*(?: của)?(?: các)?", lead):
        return "basis"  # also `Căn cứ khoản 1 Điều 21 Luật Thủy lợi số 08/2017/QH14`
    if rx.fullmatch(r"(?:để )?(?:triển khai )?(?:thực hiện|triển khai)(?: các)?", lead):
        return "implements"
    caps = rx.search(r"(?:(?<![\p{L}])[\p{Lu}Đ/.-]+\s+)+$", before)
    if caps and rx.search(r"(?<!VỀ )TRIỂN KHAI(?: THỰC HIỆN)?\s*$", caps.group(0)):
        return "implements"  # a title in capitals: `… TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU …`
    if lead in ("", "và") and clause_start > 0:
        sentence_start = max(before.rfind(". "), -1) + 1
        if before[sentence_start:].strip().lower().startswith("căn cứ"):
            return "basis"
    return "reference"


@rules.cached
def _body_words() -> frozenset[str]:
    return frozenset(h.split()[0].lower() for h in rules.load("agencies.yaml")["heads"])


def _names_a_body(issuer: str) -> bool:
    """An issuer opens with a name (`Chính phủ`, `UBND …`) or a body's word (`phòng cảnh sát PCCC …`,
    rules/agencies.yaml `heads`), not with a common noun (`của thiết kế xây dựng`, `của người khai`)."""
    return issuer[:1].isupper() or issuer.split(maxsplit=1)[0].lower() in _body_words()


def find_citations(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, fields) of every citation in a paragraph."""
    found = []
    starts: dict[int, int] = {}  # where a citation's type word starts, when its row starts at the number
    last_issuer = None
    # what each pattern cannot match without (a number has a `/`, a law its word): most paragraphs
    # cite nothing, and a scan of a pattern that starts with a lookbehind and an alternation is slow
    numbered = "/" in text
    lowered = text.lower()
    laws = "luật" in lowered
    for m in _citation_re().finditer(text) if numbered else ():
        number, symbol, key, note = parse_key(m.group("key"))
        if text[max(0, m.start() - 1):m.start()] == "(" and any(f["key"] == key for _, _, f in found):
            continue  # `(Chỉ thị số 13/CT-TTg)`: a short name for the citation just made
        slug = _slug_of(m.group("type"))
        end = m.end()
        date = None
        dm = _DATE_AFTER_RE.match(text[end:end + 60])
        if dm:
            date = _date_iso(dm)
            end += dm.end()
        issuer = None
        im = _ISSUER_AFTER_RE.match(text[end:end + 300])
        if im and len(im.group("issuer").split()) <= 12 and _names_a_body(im.group("issuer")):
            issuer = _clean_issuer(im.group("issuer"))
            end += im.end()
        else:
            window = text[max(0, m.start() - 300):m.start()]
            rm = _REQUESTER_BEFORE_RE.search(window)
            if rm:
                issuer = _clean_issuer(rm.group("who"))
            elif rx.search(r"(?:\svà|;)\s*$", window) and found and found[-1][2]["doc_type"] == slug:
                issuer = last_issuer
        if slug == "cong_van" and note and note.startswith(("unknown type code", "no type code")):
            note = None  # a letter's number has no type code (`1889/TTg-CN`, `123/UBND-VX`)
        fields = dict(doc_type=slug, number=number, symbol=symbol, key=key, key_note=note, issue_date=date,
                      issuer=issuer, relation=_relation(text, m.start()), raw=text[m.start():end].strip(" ,"))
        starts[id(fields)] = m.start()
        found.append((m.start("key"), end, fields))
        last_issuer = issuer
    for m in _number_list_re().finditer(text) if numbered else ():  # `Quyết định số 9, 10, 11/COP19`
        slug = _slug_of(m.group("type"))
        end = m.end()
        issuer = None
        im = _ISSUER_AFTER_RE.match(text[end:end + 300])
        if im and len(im.group("issuer").split()) <= 12:
            issuer = _clean_issuer(im.group("issuer"))
        for n in rx.findall(r"\d{1,5}", m.group("nums")):
            number, symbol, key, note = parse_key(f"{n}/{m.group('sym')}")
            found.append((m.start("nums"), end, dict(doc_type=slug, number=number, symbol=symbol, key=key, key_note=note,
                                                     issue_date=None, issuer=issuer, relation=_relation(text, m.start()),
                                                     raw=text[m.start():end])))
    for m in _CONSTITUTION_RE.finditer(text) if "Hiến" in text else ():
        key = "Hiến pháp" + (f" {m.group('year')}" if m.group("year") else "")
        found.append((m.start(), m.end(), dict(doc_type="hien_phap", number=None, symbol=None, key=key, key_note=None,
                                               issue_date=None, issuer=None, relation=_relation(text, m.start()),
                                               raw=text[m.start():m.end()])))
    amending = []
    for m in _AMENDING_LAW_RE.finditer(text) if laws else ():
        year = m.group("year") or m.group("year2")
        name = " ".join(m.group("name").split())
        key = "Luật " + name + (f" {year}" if year else "")
        number = symbol = None
        nm = _NUMBER_AT_END_RE.search(name)  # `… của Luật điện lực số 24/2012/QH13`: the amending law's number
        if nm:
            number, symbol, key, _ = parse_key(nm.group("key"))
        amending.append((m.start(), m.end()))
        dm = _DATE_AFTER_RE.match(text[m.end("name"):])
        found.append((m.start(), m.end(), dict(doc_type="luat", number=number, symbol=symbol, key=key, key_note=None,
                                               issue_date=_date_iso(dm) if dm else None, issuer=None, relation=_relation(text, m.start()),
                                               raw=text[m.start():m.end()].strip())))
    for m in _LAW_RE.finditer(text) if "Luật" in text else ():
        if any(a <= m.start() < b for a, b in amending):
            continue
        if _AMENDED_LIST_RE.search(text[max(0, m.start() - 300):m.start()]):
            continue  # `Luật số 57/2024/QH15 sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, …`
        known = _known_law_re().match(text, m.start())
        words = (known.group(0)[len("Luật"):] if known else m.group("words")).split()
        name_words = words if known else _law_name(words)
        if not name_words:
            continue
        name = " ".join(name_words)
        # where the name ends in the text: after its last word
        end = m.start("words")
        for w in name_words:
            end = text.index(w, end) + len(w)
        if len(name) < 3:
            continue
        nm = _LAW_NUMBER_RE.match(text, end)
        if nm:  # `Luật Bảo vệ môi trường số 72/2020/QH14 ngày 17 tháng 11 năm 2020 của Quốc hội`
            number, symbol, key, note = parse_key(nm.group("key"))
            stop = nm.end()
            dm = _DATE_AFTER_RE.match(text[stop:stop + 60])
            date = _date_iso(dm) if dm else None
            stop += dm.end() if dm else 0
            im = _ISSUER_AFTER_RE.match(text[stop:stop + 300])
            issuer = None
            if im and len(im.group("issuer").split()) <= 12:
                issuer = _clean_issuer(im.group("issuer"))
                stop += im.end()
            found.append((m.start(), stop, dict(doc_type="luat", number=number, symbol=symbol, key=key, key_note=note,
                                                issue_date=date, issuer=issuer, relation=_relation(text, m.start()),
                                                raw=text[m.start():stop].strip(" ,"))))
            continue
        ym = _LAW_YEAR_RE.match(text, end)
        year = (ym.group("year") or ym.group("year2") or ym.group("year3") or ym.group("year4")) if ym else None
        key = "Luật " + name[:1].upper() + name[1:] + (f" {year}" if year else "")
        date = None
        if ym and (ym.group("year2") or ym.group("year3")):
            dm = _DATE_AFTER_RE.match(text[end:end + 60])
            date = _date_iso(dm) if dm else None
        stop = ym.end() if ym else end
        found.append((m.start(), stop, dict(doc_type="luat", number=None, symbol=None, key=key, key_note=None,
                                            issue_date=date, issuer=None, relation=_relation(text, m.start()),
                                            raw=text[m.start():stop].strip())))
    _list_relations(text, found, starts)
    return sorted(found, key=lambda x: x[0])


def read_citations(doc: CleanDocument, sections: list[Section], own_number: str | None) -> list[Citation]:
    from .segment import section_at

    rows: list[Citation] = []
    seen: dict[tuple, int] = {}  # (key, paragraph, sentence) -> position of its last mention
    order = 0
    texts = [p.text for p in doc.paragraphs]
    for para in doc.paragraphs:
        for start, end, f in find_citations(para.text):
            if f["issuer"] and f["issuer"].isupper():  # a title in capitals: the body's spelling
                f["issuer"] = _clean_issuer(recover_case(f["issuer"], texts) or f["issuer"])
            if own_number and f["key"] == own_number:
                continue  # the plan citing itself (`Kèm theo Kế hoạch số 80/KH-UBND`)
            span = para.span(start, end)
            sentence = para.text.count(". ", 0, start)
            last = seen.get((f["key"], para.index, sentence))
            seen[(f["key"], para.index, sentence)] = order
            order += 1
            if last is not None and last < order - 2:
                continue  # named again inside the title of another document cited in between
            section = section_at(sections, para.index)
            rows.append(Citation(doc_id=doc.doc_id, line=span.line, page=span.page,
                                 section_id=section.section_id if section else None, **f))
    return rows

"""Metadata stage: the header, preamble and signature of a document -> one `DocumentRow`.

The header is read piece by piece (a paragraph, or a cell of a header laid out as a table), with
the national motto removed:
- issuer: the bodies stacked at the top left (`UBND TỈNH LÀO CAI` over `SỞ CÔNG THƯƠNG`): the lowest
  one issues, with its committee's place and level; ministries and other bodies from rules/issuers.yaml;
  else the preamble's `UBND xã … ban hành kế hoạch`, else the title's `trên địa bàn thị xã …`; a joint
  document (`TTLT`, `HDLN`) names all its issuers (`Bộ Công an - Bộ Quốc phòng - …`);
- number: `Số: 80/KH-UBND`, `Luật số: 42/2024/QH15`, `Số: 104-CTr/TU` (empty when left blank, as in
  `Số: /SCT-CN`; never a `số:` inside a sentence, `1. Luật hóa chất số: 06/2007/QH12`); a plan attached to a decision without a number of its own takes the decision's
  (`Kèm theo Quyết định số 1422/QĐ-TTg ngày 19 tháng 11 năm 2024`);
- document type: the type word standing above the title (`KẾ HOẠCH`, `BỘ LUẬT`, `GIẤY PHÉP`), the
  type part of the number when it says otherwise, else an official letter (công văn) when the
  subject is given after `V/v`; title: the trích yếu after the type word, or the `V/v` subject;
- issue date (`Hương Khê, ngày 28 tháng 5 năm 2021`, partial when blank), province, period (title,
  else the objectives or `Thời gian thực hiện` of a plan), draft (`DỰ THẢO`);
- signer and title from the signature block, with the `Nơi nhận` list beside it removed;
- parent_key: the document the title or the opening says it implements (`triển khai`, `thực hiện`).
"""
from __future__ import annotations

import regex

from . import citations, rules
from .normalize import fold, label_of, mark_slip, phrase_alternation, recover_case, rx, strip_diacritics
from .records import CleanDocument, DocumentRow, Section

_NATIONAL_MOTTO_RE = regex.compile(
    r"C[ỘO]NG\s+H[ÒOÕ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A(?:\s+VI[ỆE]T(?:\s+NAM)?)?"
    r"|Độc\s+lập\s*[-–]?\s*Tự\s+do\s*[-–]?\s*Hạnh\s+phúc\.?"
    r"|Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM",
    regex.IGNORECASE,
)
_DATE_RE = regex.compile(
    r"(?:(?P<place>\p{Lu}[\p{L} .]{1,40}?)\s*,|(?:^|(?<=[\p{Lu}\d]\s))(?P<place2>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,2}))\s*ngày\s*(?:(?:(?P<d>\d{1,2})|\S{1,4}?)?\s*tháng\s*(?:(?P<m>\d{1,2})[^\s\d]{0,2}|\S{1,4}?)?\s*năm\s*(?P<y>\d{4})"
    r"|(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})(?!\d))"
)
# (a day or month written by hand into the printed date, read by OCR as specks, `ngày U6_ tháng 3
# năm 2026`, `ngày °ÔÖ tháng 4`, `tháng 5$ năm`, is left out: a partial date, as when left blank)
# `Số: 80/KH-UBND`, `Số: 247/2025/NĐ-CP`, `Số 34-NQ/TU`, `Số: 5141 /SNNMT-KS`, blank `Số: /SCT-CN`,
# `Luật số: … /2016/QH14`. A symbol part is two or more capitals (digits, `&`), with at most one
# lower-case letter inside (`TTg`, `CTr`), so `Hà Nội` after the number is not read into it.
_SYM_PART = r"[\p{Lu}Đ][\p{Lu}Đ\d&]+(?:\p{Ll}[\p{Lu}Đ\d]*)?(?![\p{Ll}])"
_NUMBER_BODY = (rf"\s*(?P<num>\d{{1,5}}(?:\.\d{{1,3}})?)?[\s.…]*(?P<year>/\s*(?:19|20)\d{{2}}\s*)?"
                rf"(?P<sym>[/-]\s*{_SYM_PART}(?:\s?[-/]\s?{_SYM_PART})*)")


@rules.cached
def _number_colon_re() -> regex.Pattern:
    """`Số: 80/KH-UBND`, and as OCR reads a number line: the label with a wrong mark (`Só:`,
    `Sô:`), digits read as look-alike letters (`Số: II /2026/QĐ-UBND`: 11), digits written by
    hand and read as specks (`Số: Éđã /HC-CNHC`: the number is not known, the symbol is)."""
    look = "".join(regex.escape(c) for c in rules.load("ocr.yaml")["digit_lookalikes"])
    body = (rf"\s*(?:(?P<num>\d{{1,5}}(?:\.\d{{1,3}})?)|(?P<look>[\d{look}]{{1,5}})(?=\s*/)"
            rf"|(?P<scrawl>[^\s\d/.…:][^\s/]{{0,3}}(?:\s+[^\s/]{{1,4}}){{0,2}}?)(?=\s*/))?"
            rf"[\s.…]*(?P<year>/\s*(?:19|20)\d{{2}}\s*)?(?P<sym>[/-]\s*{_SYM_PART}(?:\s?[-/]\s?{_SYM_PART})*)")
    return regex.compile(rf"(?<![\p{{L}}])(?i:s[oóòỏõọôốồổỗộ])\s*:{body}")


_NUMBER_BARE_RE = regex.compile(rf"(?:^|(?<=\|\s*))(?i:số){_NUMBER_BODY}")
_NUMBER_ALONE_RE = regex.compile(r"(?<![\p{L}])(?i:s[oóòỏõọôốồổỗộ])\s*:\s*$")
# the number's symbol alone on its line under the issuer's name, the label and the number written
# by hand and lost: `/QĐ-XPVPHC` under `CỤC HÓA CHẤT`
_SYMBOL_ALONE_RE = regex.compile(rf"^\s*(?P<sym>/\s*{_SYM_PART}(?:\s?[-/]\s?{_SYM_PART})+)\s*$")
# the note under an attached plan's or appendix's title, at the start of a line or in brackets
# (`(Kèm theo Quyết định số …`, `(Ban hành kèm theo …`), not a mention in running text
_ATTACHED_RE = regex.compile(
    r"(?:^|\()\s*(?:[Bb]an\s+hành\s+)?[Kk]èm\s+theo\s+(?P<type>(?i:quyết\s+định|nghị\s+quyết|nghị\s+định|thông\s+tư|chỉ\s+thị)|(?:QĐ|NQ|NĐ|TT|CT)(?=\s+số))\s+"
    rf"(?:số\s*:?\s*)?(?P<key>{citations.KEY_RE.pattern})[\s,]*"
    rf"(?:(?i:ngày)\s*(?P<d>\d{{1,2}})\s*(?:tháng\s*(?P<m>\d{{1,2}})\s*năm|/\s*(?P<m>\d{{1,2}})\s*/)\s*(?P<y>\d{{4}}))?"
    r"(?:\s+của\s+(?P<issuer>[^()]{2,80}?)\s*\))?",
    regex.VERBOSE | regex.MULTILINE,
)
# a file that is an appendix alone: `Phụ lục I DANH MỤC HÀNG NGUY HIỂM(Kèm theo …)`
# (its numeral also as OCR reads it: `Phụ lục IH` for III, `Phụ lục VIH` for VIII; `Phụ lục IVa`)
_APPENDIX_FILE_RE = regex.compile(r"^(?:PHỤ\s*LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?(?:[IVXHl]{1,5}a?|\d{1,2})(?:\.\d{1,2})?(?!\p{L}))?\s*[.:]?\s*")
# the authority line under a title in capitals (`… TRONG TÌNH HÌNH MỚI” ỦY BAN NHÂN DÂN TỈNH KON TUM`),
# not a body named inside the title (`… CỦA CHÍNH PHỦ`, `… DO QUỐC HỘI … BẦU`)
_AUTHORITY_RE = regex.compile(
    r"(?<!\b(?:CỦA|VỀ|DO|VÀ|CHO|VỚI|TẠI))(?<!,)\s+(?:ỦY BAN NHÂN DÂN|UBND|THỦ TƯỚNG CHÍNH PHỦ|BỘ TRƯỞNG|CHỦ TỊCH|CHÍNH PHỦ|QUỐC HỘI)\b"
    r"(?!\s+(?:VỀ|CỦA)\b).*$")
# where a title read from the header stops: the letter's addressee, the preamble, the attachment note,
# a crawler's note in brackets, the place and date
_TITLE_STOP_RE = regex.compile(
    r"\s*(?:\bKính\s+gửi\b|\bCăn\s+cứ\b|\bPhúc\s+đáp\b|\((?:Ban\s+hành\s+)?[Kk]èm\s+theo\b|\[|"
    r"\p{Lu}[\p{Ll}]+(?:\s+\p{Lu}[\p{Ll}]+){0,3}\s*,\s*ngày\b|\bngày\s*[.…\d]*\s*tháng\s*[.…\d]*\s*năm\b)")
# a web copy's note in brackets: `NGHỊ ĐỊNH [Quy định về … được thực hiện theo Nghị định 151/2025/NĐ-CP …]`
_NOTE_RE = regex.compile(r"\[[^\[\]]{0,600}\]")
# an old law's header: `LUẬT CỦA QUỐC HỘI NƯỚC CỘNG HOÀ … SỐ 28/2001/QH10 VỀ DI SẢN VĂN HOÁ`
_OLD_LAW_RE = regex.compile(r"^CỦA\s+QUỐC\s+HỘI\b.{0,120}?\bSỐ\s+\S+\s+")
# the preamble after a title: not a title's second line
_PREAMBLE_RE = regex.compile(r"(?:Căn\s+cứ|Kính\s+gửi|Thực\s+hiện|Theo|Xét|Hôm\s+nay|Để|Trên\s+cơ\s+sở|Ngày|Tên|Địa\s+chỉ)\b")
_VV_RE = regex.compile(r"(?<![\p{L}])V/[vV]\.?\s*:?\s*(?=\S)")
_YEARS_RE = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
_FROM_TO_RE = regex.compile(r"\btừ\s+năm\s+((?:19|20)\d{2})\s+đến\s+(?:hết\s+)?năm\s+((?:19|20)\d{2})\b", regex.IGNORECASE)
_DATE_IN_TEXT_RE = regex.compile(r"ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}|\d{1,2}/\d{1,2}/\d{4}", regex.IGNORECASE)
_YEAR_RE = regex.compile(r"\bnăm\s+((?:19|20)\d{2})\b", regex.IGNORECASE)
_UNTIL_YEAR_RE = regex.compile(r"\bđến\s+năm\s+((?:19|20)\d{2})\b", regex.IGNORECASE)
_DRAFT_RE = regex.compile(r"(?<![\p{L}])DỰ\s*THẢO(?![\p{L}])|^\W*Dự\s+thảo(?:\s+lần\s+\d+)?\W*$")
_PERIOD_FIELD_RE = regex.compile(r"(?i:thời\s+gian\s+thực\s+hiện|thời\s+gian)\s*:")
# a plan's kinds of document, whose objectives or `Thời gian thực hiện` give the period
_PLAN_TYPES = {"ke_hoach", "chuong_trinh", "de_an", "phuong_an"}
_SINGLE_YEAR_TYPES = _PLAN_TYPES | {"bao_cao", "quyet_dinh", "nghi_quyet", "chi_thi", "ket_luan", "thong_bao", None}


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
    end = max(min(end, 40), min(len(doc.paragraphs), 3))
    return [p.text for p in doc.paragraphs[:end]]


def header_pieces(header: list[str]) -> list[str]:
    """The header's paragraphs, a table row split into its cells, without the national motto."""
    pieces = []
    for text in header:
        text = _NOTE_RE.sub(" ", text)
        cells = text.split("|") if text.lstrip().startswith("|") else [text]
        for cell in cells:
            cell = " ".join(_NATIONAL_MOTTO_RE.sub(" ", cell).split()).strip(" -_*")
            if cell and not rx.fullmatch(r"[-_=*.…\s]+", cell):
                pieces.append(cell)
    return pieces


# --- type and title ---------------------------------------------------------------------------
@rules.cached
def _type_words_upper() -> tuple[tuple[str, str], ...]:
    words = [(w.upper(), t["slug"]) for t in rules.load("doc_types.yaml") for w in t["words"]]
    return tuple(sorted(words, key=lambda x: -len(x[0])))


@rules.cached
def _type_word_re() -> regex.Pattern:
    """A type word in capitals that is not part of a longer name in capitals (`BỘ KẾ HOẠCH VÀ ĐẦU
    TƯ` is a ministry): it starts its piece, or follows a number, date or lower-case word. Matched
    on the text without its marks (see `find_type_word`)."""
    folded = sorted({strip_diacritics(w) for w, _ in _type_words_upper()}, key=len, reverse=True)
    alternation = "|".join(regex.escape(w) for w in folded)
    return regex.compile(rf"(?:^|(?<=[\d\p{{Ll}}.,:;)]\s+))(?P<w>{alternation})(?![\p{{L}}])"
                         rf"(?=\s*$|\s+[\p{{Lu}}(“\"])")


def find_type_word(text: str) -> tuple[int, int, str] | None:
    """(start, end, slug) of the first type word standing in `text`, also when OCR read it with one
    wrong mark a syllable (`QUYÉT ĐỊNH`, see normalize.mark_slip); `PHƯỜNG AN` is no `PHƯƠNG ÁN`."""
    folded = strip_diacritics(text)
    if len(folded) != len(text):  # a character that is more than one without its marks: keep offsets
        folded = "".join((strip_diacritics(c) or c)[:1] for c in text)
    for m in _type_word_re().finditer(folded):
        seen = text[m.start("w"):m.end("w")]
        for word, slug in _type_words_upper():
            if mark_slip(seen, word):
                return m.start("w"), m.end("w"), slug
    return None


def read_type_and_title(pieces: list[str], wrapped: bool = False) -> tuple[str | None, str | None, int]:
    """(type slug, title, index of the piece) of the first type word standing above a title. In a
    `wrapped` document (a PDF: the title's lines are lines of the page) the title runs on over
    the lines under it (see `run_on`)."""
    for i, text in enumerate(pieces):
        found = find_type_word(text)
        if not found or text.startswith("("):
            continue
        start, end, slug = found
        rest = text[end:].strip(" .:")
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        at = i
        if not rest or (rest.isupper() and len(rest.split()) <= 4 and rx.match(r"\p{Lu}\p{Ll}", following)
                        and not _TITLE_STOP_RE.match(following) and not _PREAMBLE_RE.match(following)
                        and not _number_colon_re().match(following)):  # `PHƯƠNG ÁN NỔ MÌN` over `Số: 01/PANM`
            rest, at = following, i + 1  # `KẾ HOẠCH QUỐC GIA` over `Thích ứng với biến đổi khí hậu …`
        rest = _OLD_LAW_RE.sub("", rest)
        if wrapped and rest:
            rest = run_on(rest, pieces[at + 1:])
        elif rest and at + 1 < len(pieces) and (_DANGLING_RE.search(rest) or _caps_run_on(rest, pieces[at + 1])):
            nxt = pieces[at + 1]  # `Kết luận của đồng chí … Chủ tịch` / `Ủy ban nhân dân tỉnh tại cuộc họp …`
            if not (_TITLE_STOP_RE.match(nxt) or _PREAMBLE_RE.match(nxt) or _number_colon_re().match(nxt)
                    or _RUN_ON_STOP_RE.match(nxt) or find_type_word(nxt)):
                rest = f"{rest} {nxt}"
        return slug, clean_title(_without_header_body(_AUTHORITY_RE.sub("", rest), pieces[:i])), i
    return None, None, len(pieces)


# the office that issues a text, standing under its title in capitals: not the title running on
_AUTHORITY_LINE_RE = regex.compile(r"^\W*(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ TỊCH|CHÍNH PHỦ|QUỐC HỘI|"
                                   r"HỘI ĐỒNG|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|GIÁM ĐỐC|"
                                   r"THỦ TRƯỞNG|BỘ |SỞ |TỈNH ỦY|HUYỆN ỦY|ĐẢNG ỦY)")


def _caps_run_on(title: str, nxt: str) -> bool:
    """A title in capitals whose next piece goes on in capitals (`… QUY ĐỊNH CHI TIẾT THỦ TỤC HẢI QUAN …` /
    `TRÌNH TỰ, THỦ TỤC CÔNG NHẬN VÀ HOẠT ĐỘNG ĐẠI LÝ LÀM THỦ TỤC HẢI QUAN`): one title, unless that piece
    is the office issuing the text (`THỦ TƯỚNG CHÍNH PHỦ`), a label or a short line."""
    return (title.isupper() and nxt.isupper() and len(title) >= 60 and len(nxt.split()) >= 3
            and not _AUTHORITY_LINE_RE.match(nxt) and not label_of(nxt) and not rx.search(r"\d", nxt[:3]))


def _without_header_body(title: str, above: list[str]) -> str:
    """A title without the authority line run onto its end when that line repeats a body the
    header names above it (`… TÀI SẢN CHUNG CỦA DÒNG HỌ HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO`
    under `HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO`)."""
    flat = " ".join(title.split())
    for piece in above:
        name = " ".join(piece.strip(" -–—_*").split())
        if len(name.split()) >= 2 and name.isupper() and len(flat) > len(name) + 10 and flat.endswith(" " + name):
            head = flat[:-len(name)].rstrip()
            if not _LINKED_NAME_RE.search(head):
                return head.rstrip(" ,-–")
    return title


# the word before a body's name that makes it part of the title (`… THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG THƯƠNG`)
_LINKED_NAME_RE = regex.compile(r"(?:^|\s)(?:CỦA|VỀ|DO|VÀ|CHO|VỚI|TẠI|THUỘC|GIỮA|TRÊN|BÀN|ĐỊA BÀN)$")


# the end of a title line that cannot end a title: a linking word or an office cut from its body
# (`Kết luận của đồng chí Nguyễn Tuấn Anh - Phó Bí thư Tỉnh ủy, Chủ tịch` / `Ủy ban nhân dân tỉnh tại …`)
_DANGLING_RE = regex.compile(r"(?:(?<!\p{L})(?:của|về|và|với|cho|tại|trong|đối\s+với|Chủ\s+tịch|Bí\s+thư)|[,–-])\s*$")

# a piece that ends a title or subject running on: the place and date (also with a day written by
# hand, `Hà Nội, ngày0} thángh`), the addressee, the number, a list item
_RUN_ON_STOP_RE = regex.compile(
    r"^(?:[\p{Lu}][\p{L} .]{1,40}?,\s*(?i:ngày)|[-+•(|]|\d{1,2}[.)]\s|[IVX]{1,4}[.]\s|(?i:số)\s*:)")


# a field of a form or a cover page: `Chứng nhận lần đầu: ngày …`, `CÔNG TRÌNH: KHAI THÁC MỎ ĐÁ …`
_FIELD_RE = regex.compile(r"^\p{Lu}[\p{L} ]{2,40}:(?:\s|$)")


def run_on(title: str, after: list[str], most: int = 2) -> str:
    """A title or `V/v` subject of a PDF, whose lines are the page's: `V/v triển khai thực hiện thủ
    tục cấp` / `Giấy phép vận chuyển hàng hóa nguy hiểm loại 1,2,3,4,9` is one subject. It runs on
    over at most `most` pieces under it that are in its case (capitals, or not), short (a line
    or two of a header column) and are not the date, the addressee, the preamble, a number, a
    list item, a field (`Chứng nhận lần đầu: …`) or the authority line in capitals; not after a
    full stop."""
    upper = title.isupper()
    for text in after[:most]:
        if (rx.search(r"[.;:!?]$", title) or len(text) > 160 or text.isupper() != upper
                or _TITLE_STOP_RE.match(text) or _PREAMBLE_RE.match(text) or _RUN_ON_STOP_RE.match(text)
                or _VV_RE.match(text) or find_type_word(text) or _DATE_RE.search(text)
                or _DATE_IN_TEXT_RE.search(text) or _FIELD_RE.match(text)
                or not rx.search(r"\p{L}{2}", text)):
            break
        title = f"{title} {text}"
    return title


def read_subject(pieces: list[str], wrapped: bool = False) -> tuple[str | None, int]:
    """The subject of an official letter: `V/v hướng dẫn áp dụng quy định …` (and the piece's
    index); in a `wrapped` document it runs on over the lines under it (see `run_on`)."""
    for i, text in enumerate(pieces):
        m = _VV_RE.search(text)
        if m:
            subject = text[m.end():]
            following = pieces[i + 1] if i + 1 < len(pieces) else ""
            # a PDF's lines; or a header table's cells under it going on (`V/v thẩm định thiết kế …` /
            # `"Dự án đầu tư xây dựng công trình …, huyện` / `Lục Yên, tỉnh Yên Bái"`): a quoted name, a lower-case word
            if wrapped or rx.match(r"[\"“]\p{Lu}|\p{Ll}", following):
                subject = run_on(subject, pieces[i + 1:])
            return clean_title(subject), i
    return None, len(pieces)


def clean_title(title: str | None) -> str | None:
    if not title:
        return None
    m = _TITLE_STOP_RE.search(title)
    if m:
        title = title[:m.start()]
    words = title.split()
    if len(words) >= 2 and words[0].isupper() and words[1].isupper():  # a title in capitals ends where they do
        m = rx.search(r"\s\p{Lu}\p{Ll}+(?:\s|$)", title)
        if m:
            title = title[:m.start()]
    title = rx.sub(r"[\s.,;:…]+$", "", title).strip()
    if not title or rx.fullmatch(r"[\W\d_…]+", title):
        return None
    return title


# --- number and date --------------------------------------------------------------------------
# a word in lower case right before `số:`: the label is inside a sentence (the header's own number
# stands at the start of its line or cell, after the issuer's name in capitals, or after its type
# word: `Bộ luật số: 45/2019/QH14`, `Nghị quyết số: 96/2023/QH15`, but not `Căn cứ Nghị định số: …`)
_LOWER_WORD_BEFORE_RE = regex.compile(r"(?<![\p{L}])\p{Ll}\p{L}*[\s,]*$")


@rules.cached
def _type_word_at_end_re() -> regex.Pattern:
    words = phrase_alternation(w for t in rules.load("doc_types.yaml") for w in t["words"])
    return regex.compile(rf"(?<![\p{{L}}])(?i:{words})\s*$")


def _in_a_sentence(before: str) -> bool:
    """What stands before a `số:` label ends in running text (a word in lower case, its type word aside)."""
    t = _type_word_at_end_re().search(before)
    return bool(_LOWER_WORD_BEFORE_RE.search(before[:t.start()] if t else before))


def read_number(pieces: list[str]) -> tuple[str | None, str | None, bool]:
    """(`80/KH-UBND` or None when blank or written by hand past reading, its type abbreviation `KH`
    or None, whether a `Số` line was found)."""
    lookalikes = rules.load("ocr.yaml")["digit_lookalikes"]
    for pattern in (_number_colon_re(), _NUMBER_BARE_RE, _SYMBOL_ALONE_RE):
        for i, text in enumerate(pieces):
            if pattern is _SYMBOL_ALONE_RE and not (0 < i < 8 and rx.fullmatch(r"[\p{Lu}Đ&,\s-]+", pieces[i - 1])):
                continue  # the symbol alone stands right under the issuer's name, in capitals
            m = pattern.search(text)
            if m and pattern is _number_colon_re() and _in_a_sentence(text[:m.start()]):
                m = None  # `1. Luật hóa chất số: 06/2007/QH12`: a document named in a sentence, not this one's number
            if not m and pattern is not _SYMBOL_ALONE_RE and _NUMBER_ALONE_RE.search(text) and i + 1 < len(pieces):
                m = rx.match(_NUMBER_BODY, pieces[i + 1])  # `Số:` and the number on the next line
            if m:
                groups = m.groupdict()
                sym = rx.sub(r"\s+", "", groups["sym"])
                year = rx.sub(r"\s+", "", groups.get("year") or "")
                abbr = rx.split(r"[-/]", sym.strip("/-"))[0]
                if sym.startswith("/") and rx.fullmatch(r"QH\d+", abbr):
                    abbr = "QH"
                num = groups.get("num")
                if groups.get("look"):
                    num = "".join(lookalikes.get(c, c) for c in groups["look"])
                number = citations.normalize_key(num + year + sym) if num else None
                return number, abbr, True
    return None, None, False


def read_appendix_title(pieces: list[str], wrapped: bool = False) -> str | None:
    """`Phụ lục I DANH MỤC HÀNG NGUY HIỂM`, or the label alone over its title (in a PDF, over the
    title's lines: `MẪU GIẤY ĐỀ NGHỊ CẤP GIẤY PHÉP VẬN CHUYỂN` / `HÀNG NGUY HIỂM`); None when what
    stands there is no title (a line of a seal OCR read as `MÄUG`)."""
    rest = _APPENDIX_FILE_RE.sub("", pieces[0])
    after = pieces[1:]
    if not rest and after:
        rest, after = after[0], after[1:]
    if wrapped and rest:
        rest = run_on(rest, after)
    title = clean_title(rest)
    if not title or len(rx.findall(r"\p{L}{2,}", title)) < 2:
        return None
    return title


def read_date(pieces: list[str]) -> tuple[str | None, str | None]:
    """(ISO date, partial when blank; the place written before it)."""
    for text in pieces:
        m = _DATE_RE.search(text)
        if m:
            return _iso(m.group("y"), m.group("m"), m.group("d")), _place_of(m.group("place") or m.group("place2"))
    return None, None


def _iso(y: str, mo: str | None, d: str | None) -> str:
    parts = [y]
    if mo:
        parts.append(f"{int(mo):02d}")
        if d:
            parts.append(f"{int(d):02d}")
    return "-".join(parts)


def _place_of(text: str) -> str | None:
    place = " ".join(w for w in text.split() if not w.isupper() or len(w) == 1)
    return place.strip(" .") or None


def read_attached(pieces: list[str]) -> tuple[str | None, str | None, str | None]:
    """A plan issued with a decision: (the decision's number, its date, its issuer) from `(Kèm theo
    Quyết định số … ngày … của Thủ tướng Chính phủ)`."""
    joined = "\n".join(pieces)
    m = _ATTACHED_RE.search(joined)
    if not m:
        return None, None, None
    date = _iso(m.group("y"), m.group("m"), m.group("d")) if m.group("y") else None
    issuer = " ".join(m.group("issuer").split()) if m.group("issuer") else None
    return citations.normalize_key(m.group("key")), date, issuer


# --- issuer -----------------------------------------------------------------------------------
@rules.cached
def _starters() -> tuple[tuple[tuple[str, ...], str | None, str], ...]:
    """(words in capitals, level, spelling) of the names a header's body starts with, longest first."""
    items = [(tuple(fold(i["starts"]).upper().split()), i["level"], i["starts"]) for i in rules.load("issuers.yaml")]
    items += [(("ỦY", "BAN", "NHÂN", "DÂN"), None, "UBND"), (("UBND",), None, "UBND")]
    return tuple(sorted(items, key=lambda x: -len(x[0])))


_CAPS_WORD_RE = regex.compile(r"[\p{Lu}Đ][\p{Lu}Đ&]*(?:-[\p{Lu}Đ&]+)*,?")


def issuer_block(pieces: list[str], dashes: bool = False) -> list[str]:
    """The words in capitals at the top left of the header, up to the number, the type word or the date.
    `dashes`: a lone `-` between names is kept as a word (the issuers of a joint document,
    `BỘ CÔNG AN - BỘ QUỐC PHÒNG -` / `BỘ Y TẾ - …`); else it ends the line's words."""
    words: list[str] = []
    for text in pieces:
        stop = False
        for pattern in (_number_colon_re(), _NUMBER_BARE_RE, _SYMBOL_ALONE_RE, _DATE_RE, _VV_RE):
            m = pattern.search(text)
            if m:
                text, stop = text[:m.start()], True
        found = find_type_word(text)
        if found:
            text, stop = text[:found[0]], True
        start = rx.match(r"^(?:[@#*\W]*|.*?[^\s.]\.\s+)(?=[\p{Lu}Đ]{2})", text)
        if start is not None and not rx.search(r":\s*$", start.group(0)):
            for w in text[start.end():].split():
                if dashes and w in ("-", "–"):
                    if words and words[-1] != "-":
                        words.append("-")
                    continue
                if not _CAPS_WORD_RE.fullmatch(w) or w.rstrip(",") in ("SỐ", "THEO"):
                    stop = stop or w.rstrip(",") in ("SỐ", "THEO")
                    break
                words.append(w.rstrip(","))
        if stop or len(words) > (64 if dashes else 24):
            break
    return words


def split_bodies(words: list[str]) -> list[tuple[str, list[str], str | None]]:
    """`UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG` -> [(UBND, [TỈNH, LÀO, CAI], None), (Sở, [SỞ, CÔNG, THƯƠNG], tinh)]."""
    bodies: list[tuple[str, list[str], str | None]] = []
    i = 0
    while i < len(words):
        hit = None
        for starts, level, spelling in _starters():
            n = len(starts)
            if tuple(fold(w) for w in words[i:i + n]) == starts and (i + n < len(words) or n > 1 or not bodies):
                hit = (spelling, level, n)
                break
        if hit and (not bodies or len(bodies[-1][1]) > (0 if bodies[-1][0] != "UBND" else 1)):
            spelling, level, n = hit
            bodies.append((spelling, list(words[i:i + n]) if spelling != "UBND" else [], level))
            i += n
            continue
        if not bodies:
            bodies.append(("", [], None))
        bodies[-1][1].append(words[i])
        i += 1
    return [b for b in bodies if b[0] or b[1]]


@rules.cached
def _provinces() -> tuple[tuple[str, bool, bool], ...]:
    return tuple((p["name"], bool(p.get("prefix_only")), bool(p.get("central")))
                 for p in rules.load("provinces.yaml"))


def _takes_place(starts: str) -> bool:
    return any(i["starts"] == starts and i.get("place") for i in rules.load("issuers.yaml"))


def _is_central_city(name: str) -> bool:
    return any(central and fold(name) == fold(n) for n, _, central in _provinces())


def _committee(words: list[str]) -> tuple[str, str, str | None, str] | None:
    """`TỈNH LÀO CAI` -> ('UBND tỉnh Lào Cai', 'tinh', 'Lào Cai', 'tỉnh'); also its unit word as OCR
    read it with a wrong mark (`TĨNH LÀO CAI`, normalize.mark_slip)."""
    words = list(words)
    for unit, _ in _units():
        upper = unit.upper().split()
        if len(words) > len(upper) and all(mark_slip(w, u) for w, u in zip(words, upper)):
            words[:len(upper)] = upper
            break
    text = " ".join(words)
    m = rx.match(rf"({_unit_alternation(upper=True)})\s+(.+)$", text)
    if not m:
        return None
    unit, name = m.group(1).lower(), title_case(m.group(2))
    level = _level_of(unit)
    if unit == "thành phố" and _is_central_city(name):
        level = "tinh"
    return f"UBND {unit} {name}", level, name, unit


def _recover_with_slips(upper: str, texts: list[str]) -> str | None:
    """A name in capitals that OCR read with a wrong mark (`CỤC HÓA CHÁT`), as the texts write it
    (`Cục Hóa chất`): the same letters, each word off by one mark at most (normalize.mark_slip)."""
    words = upper.split()
    if len(words) < 2:
        return None
    pattern = regex.compile(r"(?<![\p{L}])" + r"\s+".join(regex.escape(strip_diacritics(w).lower()) for w in words)
                         + r"(?![\p{L}])")
    for text in texts:
        plain = strip_diacritics(text).lower()
        if len(plain) != len(text):
            continue
        for hit in pattern.finditer(plain):
            written = text[hit.start():hit.end()]
            if not written.isupper() and all(mark_slip(w, o.upper()) for w, o in zip(words, written.split())):
                return " ".join(written.split())
    return None


def _spelling(words: list[str], body: list[str]) -> str:
    """A body's name in capitals as the text writes it; else the rule's spelling (`VĂN PHÒNG QUỐC
    HỘI`), else its first two words capitalised (`CỤC HÓA CHẤT` -> `Cục Hóa chất`), acronyms kept."""
    for starts, _, spelling in _starters():
        if tuple(fold(w) for w in words) == starts and spelling != "UBND":
            return spelling
    upper = " ".join(words)
    found = recover_case(upper, body) or _recover_with_slips(upper, body)
    if found:
        return found
    out = []
    for k, w in enumerate(upper.split()):
        if not rx.search(r"[AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]", w):
            out.append(w)  # an acronym: `QLCN`
        else:
            out.append(w.capitalize() if k < 2 else w.lower())
    return " ".join(out)


# the type code of a joint document (liên tịch, liên ngành): `TTLT`, `NQLT`, `HDLN`
_JOINT_CODE_RE = regex.compile(r"^\p{Lu}{1,4}(?:LT|LN)$")


def _slip_words(seen: list[str], words: tuple[str, ...]) -> bool:
    return len(seen) == len(words) and all(mark_slip(a, b) for a, b in zip(seen, words))


def _opens_a_body(words: list[str]) -> bool:
    """Do these words begin a body's name (a starter, or the first words of a long one wrapped
    over lines: `VIỆN KIỂM SÁT` / `NHÂN DÂN TỐI CAO`), a mark read wrong allowed?"""
    return any(_slip_words(words[:len(starts)], starts) or _slip_words(words, starts[:len(words)])
               for starts, _, _ in _starters() if starts)


def read_joint_issuers(pieces: list[str], body: list[str]) -> list[str] | None:
    """The issuers of a joint document, as its header lists them between dashes and lines (`BỘ
    CÔNG AN - BỘ QUỐC PHÒNG -` / `BỘ Y TẾ - …` / `… - TÒA ÁN` / `NHÂN DÂN TỐI CAO`); None unless each
    is a body a header names."""
    segments: list[list[str]] = []
    for piece in pieces:  # a line's end stands for a dash, unless the next line goes on with a name
        current: list[str] = []
        for w in issuer_block([piece], dashes=True) + ["-"]:
            if w != "-":
                current.append(w)
                continue
            if current:
                if segments and not _opens_a_body(current):
                    segments[-1].extend(current)
                else:
                    segments.append(current)
            current = []
        if any(p.search(piece) for p in (_number_colon_re(), _NUMBER_BARE_RE, _DATE_RE)) or find_type_word(piece):
            break
    names = []
    for seg in segments:
        whole = next((spelling for starts, _, spelling in _starters()  # OCR: `NHÂN DÂN TÓI CAO`
                      if spelling != "UBND" and _slip_words(seg, starts)), None)
        if whole:
            names.append(whole)
            continue
        bodies = split_bodies(seg)
        if len(bodies) != 1 or not bodies[0][0]:
            return None
        kind, words, _ = bodies[0]
        if kind == "UBND":
            committee = _committee(words)
            if not committee:
                return None
            names.append(committee[0])
        else:
            names.append(_spelling(words, body))
    return names if len(names) >= 2 else None


def read_issuer(pieces: list[str], title: str | None, place: str | None,
                body: list[str]) -> tuple[str | None, str | None, str | None]:
    """(issuer, admin_level, locality)."""
    bodies = split_bodies(issuer_block(pieces))
    if bodies:
        committee = None
        for kind, words, level in bodies:
            if kind == "UBND":
                committee = _committee(words)
        last_kind, last_words, last_level = bodies[-1]
        if last_kind == "UBND" and committee:
            return committee[0], committee[1], committee[2]
        if last_kind and last_kind != "UBND":
            name = _spelling(last_words, body)
            n_start = len(last_kind.split())
            if _takes_place(last_kind) and len(last_words) > n_start:
                place_name = title_case(" ".join(last_words[n_start:]))
                return f"{last_kind} {place_name}", last_level, place_name
            if committee:  # a department under its people's committee: `Sở Công Thương tỉnh Lào Cai`
                if fold(name).lower() == "văn phòng":  # the committee's own office
                    return f"Văn phòng {committee[0]}", committee[1], committee[2]
                if fold(committee[2] or "").lower() not in fold(name).lower():
                    name = f"{name} {committee[3]} {committee[2]}"
                return name, committee[1], committee[2]
            if len(bodies) > 1 and bodies[-2][0] and bodies[-2][0] != "UBND" \
                    and fold(" ".join(bodies[-2][1])) != fold(" ".join(last_words)):  # a name repeated is one body
                upper_kind, upper_words, upper_level = bodies[-2]  # `Cục Hóa chất - Bộ Công Thương`
                return f"{name} - {_spelling(upper_words, body)}", upper_level or last_level, None
            return name, last_level, None
    # the preamble: `UBND xã Cẩm Châu ban hành kế hoạch`, `Ủy ban nhân dân huyện xây dựng kế hoạch`
    for text in pieces + body[:3]:
        m = rx.search(
            rf"(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s+({_unit_alternation()})\s*((?:\p{{Lu}}\p{{Ll}}*\s+){{0,4}}?)(?:ban\s+hành|xây\s+dựng)",
            text)
        if m:
            level_word = m.group(1)
            name = m.group(2).strip() or place
            if name:
                return f"UBND {level_word} {name}", _level_of(level_word), name
    # other issuers named in the header in another layout (`TỈNH ỦY HÀ TĨNH`)
    for text in pieces:
        head = fold(text[:200]).upper()
        for item in rules.load("issuers.yaml"):
            starts = item["starts"]
            if head.startswith(fold(starts).upper()):
                name = recover_case(text, body)
                locality = None
                if not name:  # `TỈNH ỦY HÀ TĨNH` -> `Tỉnh ủy Hà Tĩnh`: the rule's spelling, then a place name
                    rest = " ".join(text.split())[len(starts):].strip()
                    locality = title_case(rest) if text.isupper() and rest and item["level"] != "trung_uong" else None
                    name = f"{starts} {locality or ''}".strip() if text.isupper() else text
                return name, item["level"], locality
    # the title: `… trên địa bàn thị xã Đức Phổ …`
    if title:
        m = rx.search(rf"trên\s+địa\s+bàn\s+({_unit_alternation()})\s+((?:\p{{Lu}}\p{{Ll}}*\s*){{1,4}})", title)
        if m:
            level_word, name = m.group(1), m.group(2).strip()
            return f"UBND {level_word} {name}", _level_of(level_word), name
    return None, None, None


def read_province(texts: list[str], admin_level: str | None, locality: str | None) -> str | None:
    if admin_level == "trung_uong":
        return None
    if admin_level == "tinh" and locality:
        return locality
    folded_names, anywhere, by_fold = _province_patterns()
    joined = "\n".join(texts)
    folded = fold(joined)
    for prefix in (r"tỉnh", r"(?:thành\s+phố|TP\.?)"):
        for m in rx.finditer(rf"\b{prefix}\s+((?:\p{{Lu}}\p{{Ll}}*\s*-?\s*){{1,4}})", folded):
            candidate = m.group(1)
            for name, name_folded in folded_names:
                if candidate.startswith(name_folded):
                    return name
    if admin_level == "thanh_pho" and locality and any(fold(locality) == f for _, f in folded_names):
        return locality
    m = anywhere.search(folded) if anywhere else None  # the name written first (the list's order at a tie)
    return by_fold[m.group(0)] if m else None


@rules.cached
def _province_patterns() -> tuple[list[tuple[str, str]], regex.Pattern | None, dict[str, str]]:
    """(name, folded name) of every province; one pattern of the names that stand without `tỉnh`
    (their folded forms, in the list's order); folded name -> name."""
    names = _provinces()
    folded_names = [(name, fold(name)) for name, _, _ in names]
    loose = [(name, fold(name)) for name, prefix_only, _ in names if not prefix_only]
    by_fold: dict[str, str] = {}
    for name, f in loose:
        by_fold.setdefault(f, name)
    pattern = regex.compile("|".join(rf"\b{regex.escape(f)}\b" for _, f in loose)) if loose else None
    return folded_names, pattern, by_fold


# --- period -----------------------------------------------------------------------------------
def period_of(text: str, issue_date: str | None, single_year: bool = True) -> tuple[int | None, int | None]:
    text = _DATE_IN_TEXT_RE.sub(" ", text)
    m = _FROM_TO_RE.search(text) or _YEARS_RE.search(text)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _UNTIL_YEAR_RE.search(text)
    if m:
        return (int(issue_date[:4]) if issue_date else None), int(m.group(1))
    m = _YEAR_RE.search(text) if single_year else None
    if m:
        return int(m.group(1)), int(m.group(1))
    return None, None


def read_period(title: str | None, issue_date: str | None, doc_type: str | None = None,
                doc: CleanDocument | None = None, sections: list[Section] | None = None) -> tuple[int | None, int | None]:
    """From the title; for a plan whose title gives none, from its objectives or `Thời gian thực hiện`."""
    if title:  # a single year (`… năm 2024`) is a period for plans, reports and decisions, not for laws or letters
        found = period_of(title, issue_date, single_year=doc_type in _SINGLE_YEAR_TYPES)
        if found != (None, None):
            return found
    if doc is None or doc_type not in _PLAN_TYPES:
        return None, None
    texts = []
    for s in sections or []:
        if s.kind == "objectives" and s.level <= 2:
            texts.append(s.heading)
            texts.extend(p.text for p in doc.paragraphs[s.paragraph_start + 1:min(s.paragraph_end, s.paragraph_start + 3)])
            break
    texts.extend(p.text for p in doc.paragraphs if _PERIOD_FIELD_RE.match(p.text.lstrip("-+• ")))
    for text in texts:
        found = period_of(text, issue_date, single_year=False)
        if found[1] is not None:
            return found
    return None, None


# --- signature --------------------------------------------------------------------------------
@rules.cached
def _signer_re() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    data = rules.load("signer_titles.yaml")
    markers = "|".join(regex.escape(m) for m in sorted(data["markers"], key=len, reverse=True))
    roles = "|".join(regex.escape(r) for r in sorted(data["roles"], key=len, reverse=True))
    surnames = "|".join(regex.escape(s) for s in sorted(set(data["surnames"]), key=len, reverse=True))
    # every word of a name is capitalised and is not followed by a lower-case word (`Phụ lục`), a colon or
    # a hyphen (`Nghi-dinh-65-2022-ND-CP`, a file name on the next line)
    word = r"\p{Lu}\p{Ll}*(?![\p{L}\d_-])(?!\s*[,:])(?!\s+\p{Ll})"
    name = regex.compile(rf"(?<![\p{{L}}])((?:{surnames})(?![\p{{L}}])(?!\s*[,:])(?:\s+{word}){{1,4}})")
    return regex.compile(rf"(?<![\p{{L}}.])(?:{markers})"), regex.compile(rf"(?<!\p{{L}})(?:{roles})(?!\p{{L}})"), name


# a recipient of the `Nơi nhận` list: `- Như trên;`, `- UBND tỉnh (b/c);`, `- Lưu: VT, KT(Thủy, Nho).`
# (a `.` inside brackets does not end it: `- Lưu: VT, CN(M. Cường).`)
_RECIPIENT_RE = regex.compile(r"(?:^|(?<=\s))[-–+•]\s*(?:[^;(.]+|\.(?!\s|$)|\([^()]*(?:\)|$))*(?:;|\.(?=\s|$)|$)")
_RECIPIENTS_LABEL_RE = regex.compile(r"Nơi\s+nhận\s*:?")
_RECIPIENT_MARKS = frozenset("-–+•")  # a cell without one of these holds no recipient
# the rest of a recipient cut over lines (`- Các Sở, ngành: Xây dựng, Công Thương,` / `Tài chính, Thuế
# tỉnh;`): up to its `;` or `.`; it has a word in lower case or ends with `;` or `,` (a title in capitals
# or a signer's name beside the list does not)
_RECIPIENT_REST_RE = regex.compile(r"\s*(?=\S)(?P<rest>[^;]*?(?:;|\.(?=\s|$))|[^;]*$)")
_LOWER_WORD_RE = regex.compile(r"(?<![\p{L}])\p{Ll}")


def _has_recipient_mark(cell: str) -> bool:
    return "-" in cell or "–" in cell or "+" in cell or "•" in cell


def _recipients_removed(cell: str, open_item: bool) -> tuple[str, bool]:
    """A cell of the `Nơi nhận` column with its recipients blanked, and whether its last recipient
    goes on in the next line (no `;` or `.` at its end). `open_item`: the previous line's did."""
    if open_item:
        m = _RECIPIENT_REST_RE.match(cell)
        rest = m.group("rest").rstrip() if m else ""
        if rest and rest[0] not in _RECIPIENT_MARKS and (_LOWER_WORD_RE.search(rest) or rest.endswith((";", ","))):
            open_item = not rest.endswith((";", "."))
            cell = " " + cell[m.end():]
        else:
            open_item = False
    if _has_recipient_mark(cell):
        out, pos, last = [], 0, None
        for last in _RECIPIENT_RE.finditer(cell):
            out += [cell[pos:last.start()], " "]
            pos = last.end()
        if last is not None:
            open_item = last.end() == len(cell) and not last.group(0).rstrip().endswith((";", "."))
            cell = "".join(out) + cell[pos:]
    return cell, open_item


_SIGNED_RE = regex.compile(r"\(\s*(?i:đã\s+ký)\s*\)")
# what a signature block says to do there (`(Ký, ghi rõ họ tên, đóng dấu)`, `(Ký tên, đóng dấu)`, `(Chữ ký)`)
_SIGN_NOTE_RE = regex.compile(r"\(\s*(?i:đã\s+ký|ký\b[^()]{0,40}|chữ\s+ký[^()]{0,30})\s*\)")


def read_signature(doc: CleanDocument, sections: list[Section]) -> tuple[str | None, str | None]:
    """The first signature block that names its signer: office titles and markers in
    capitals (`KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`) followed by a name, read with the `Nơi nhận` list beside
    it removed; forms and appendices after the document's own signature are not read. A name alone
    marked `(Đã ký)` (a web copy) is a signer too. Without a name, the title of the last block."""
    begin = sections[0].paragraph_start if sections else min(3, len(doc.paragraphs))
    appendix = next((x.paragraph_start for x in sections if x.kind == "appendix" and x.level == 1), None)
    texts, body_from, appendix_from = [], 0, None
    open_items: set[int] = set()  # columns whose last recipient goes on in the next line
    for k, p in enumerate(doc.paragraphs):
        if k == begin:
            body_from = len(" ".join(" ".join(texts).split()))
        if k == appendix:
            appendix_from = len(" ".join(" ".join(texts).split()))
        still_open = set()
        for col, cell in enumerate(p.text.split("|")):
            if "Nơi" in cell:
                cell = _RECIPIENTS_LABEL_RE.sub(" ", cell)
            if col in open_items or _has_recipient_mark(cell):
                cell, going_on = _recipients_removed(cell, col in open_items)
                if going_on:
                    still_open.add(col)
            texts.append(cell)
        open_items = still_open
    tail = " ".join(" ".join(texts).split())
    marker_re, role_re, name_re = _signer_re()
    tokens = sorted([(m.start(), m.end(), "marker") for m in marker_re.finditer(tail)]
                    + [(m.start(), m.end(), "role") for m in role_re.finditer(tail)])
    runs: list[list[tuple[int, int, str]]] = []
    for tok in tokens:
        if runs:
            between = tail[runs[-1][-1][1]:tok[0]].strip()
            if not between or between.isupper():
                runs[-1].append(tok)
                continue
        runs.append([tok])
    line_starts, ends, at = set(), set(), 0  # where each line or cell begins and ends in `tail`
    for cell in texts:
        words = cell.split()
        if words:
            line_starts.add(at)
            at += len(" ".join(words))
            ends.add(at)
            at += 1
    for run in runs:
        after = tail[run[-1][1]:run[-1][1] + 160]
        m = name_re.search(after)
        if m and not rx.search(r"\p{Ll}", _rank_re().sub(" ", _SIGN_NOTE_RE.sub("", after[:m.start()]))):
            return _one_name(_without_place(m.group(1), after[m.end():])), _signer_title(tail, run)
        caps = _caps_name(tail, run[-1][1], ends)
        if caps:
            return caps[0], _signer_title(tail[:caps[1]].rstrip(), run)
    for m in _SIGNED_RE.finditer(tail):
        found = None
        for found in name_re.finditer(tail[max(0, m.start() - 60):m.start()]):
            pass
        if found:
            return _one_name(found.group(1)), None
    # a title without a name: not the header's authority line, and standing at the start of its line
    # (not `… ỦY QUYỀN CHO GIÁM ĐỐC SỞ CÔNG THƯƠNG THỰC HIỆN` inside a title in capitals)
    runs = [r for r in runs if r[0][0] >= body_from and r[0][0] in line_starts]
    own = [r for r in runs if appendix_from is None or r[0][0] < appendix_from]
    runs = own or runs  # the document's own block, not a form's in its appendix (`CHỦ NHIỆM, CHỦ TRÌ THẨM TRA …`)
    return None, (_signer_title(tail, runs[-1]) if runs else None)


@rules.cached
def _caps_name_re() -> regex.Pattern:
    surnames = "|".join(regex.escape(x.upper()) for x in sorted(set(rules.load("signer_titles.yaml")["surnames"]),
                                                                key=len, reverse=True))
    return regex.compile(rf"(?:{surnames})(?:\s+[\p{{Lu}}Đ]+){{2,3}}")


def _caps_name(tail: str, start: int, ends: set[int]) -> tuple[str, int] | None:
    """A signer's name written in capitals right after the block's title (`PHÓ CHỦ TỊCH` / `PHẠM PHI
    KHANH`): a surname and two or three words, ending where its line ends: (the name in title case,
    where it starts); None otherwise."""
    at = start + len(tail[start:]) - len(tail[start:].lstrip())
    note = _SIGN_NOTE_RE.match(tail, at)  # `(Ký, ghi rõ họ tên, đóng dấu)` first
    if note:
        at = note.end() + 1 if tail[note.end():note.end() + 1] == " " else note.end()
    best = None
    for m in _caps_name_re().finditer(tail, at, at + 80):
        if m.start() != at:
            break
        for k in range(len(m.group().split()), 2, -1):  # the longest that ends a line; three words at least
            # (`CỤC TRƯỞNG TIÊU CHUẨN …`: an office's words after a surname's spelling, not a name)
            words = m.group().split()[:k]
            end = at + len(" ".join(words))
            if end in ends:
                best = (" ".join(w[:1] + w[1:].lower() for w in words), at)
                break
        break
    return best


@rules.cached
def _rank_re() -> regex.Pattern:
    """A rank or degree before a signer's name (rules/signer_titles.yaml `ranks`)."""
    ranks = phrase_alternation(rules.load("signer_titles.yaml").get("ranks", []))
    return regex.compile(rf"(?<![\p{{L}}])(?:{ranks})(?![\p{{L}}])") if ranks else regex.compile(r"(?!x)x")


def _signer_title(tail: str, run: list[tuple[int, int, str]]) -> str | None:
    starts = []
    for k, tok in enumerate(run):
        follows_marker = k > 0 and run[k - 1][2] == "marker" and not tail[run[k - 1][1]:tok[0]].strip()
        if tok[2] == "marker" or not follows_marker:
            starts.append(tok[0])
    after = tail[run[-1][1]:]
    # `CHỦ TỊCH QUỐC HỘI`; `T/M. ĐOÀN KIỂM TRA` (a party-style marker, its dot after it)
    upper_end = rx.match(r"\.?(?:\s*[\p{Lu}Đ,&-]+(?![\p{Ll}]))*", after).end()
    appendix = _APPENDIX_AFTER_RE.search(after, 0, upper_end)  # `… SỞ CÔNG THƯƠNG LÀO CAI` / `PHỤ LỤC I`
    if appendix:
        upper_end = appendix.start()
    bounds = starts + [run[-1][1] + upper_end]
    parts = [_no_speck(tail[bounds[k]:bounds[k + 1]]).strip(" ,") for k in range(len(starts))]
    parts = [p for p in parts if p and p.rstrip(".") not in ("KT", "TM", "TL", "TUQ", "Q", "K/T", "T/M", "T/L")] or parts
    return " / ".join(p for p in parts if p) or None


# an appendix's heading right under the signature (`PHỤ LỤC I` / `KẾ HOẠCH KIỂM TRA`) is not the title
_APPENDIX_AFTER_RE = regex.compile(r"\s+PHỤ\s+LỤC\b")
# a letter standing alone at the end of an office title is the trace of a seal or a speck on a scan
# (`KT. CHỦ TỊCH Ó`, the `PHÓ` of the next line half under the seal): a title does not end with a
# one-letter word (`SỞ Y TẾ` has one inside; markers end with a dot: `Q.`)
_SPECK_END_RE = regex.compile(r"\s+\p{L}\s*$")


def _no_speck(part: str) -> str:
    return _SPECK_END_RE.sub("", part)


def _without_place(name: str, rest: str) -> str:
    """A name run into the place of the date line beside it (`Vũ Văn Thành` / `Lào Cai, ngày …`, read
    as `Vũ Văn Thành Lào`): without the place's first word."""
    words = name.split()
    m = rx.match(r"\s+(\p{Lu}\p{Ll}*)\s*,\s*(?i:ngày)", rest)
    if m and len(words) > 2 and any(fold(f"{words[-1]} {m.group(1)}") == fold(p) for p, _, _ in _provinces()):
        return " ".join(words[:-1])
    return name


def _one_name(name: str) -> str:
    """Two signers side by side (`Lương Văn Thắng Phạm Xuân Hòa`): the first; a family name after three
    words starts the next name (`Nguyễn Thị Kim Ngân` keeps its `Kim`)."""
    surnames = set(rules.load("signer_titles.yaml")["surnames"])
    words = name.split()
    for k in range(3, len(words) - 1):
        if words[k] in surnames:
            return " ".join(words[:k])
    return name


# --- parent -----------------------------------------------------------------------------------
@rules.cached
def _implements_re() -> regex.Pattern:
    """`Thực hiện Kế hoạch số 159/KH-UBND`, `triển khai Kết luận số 75-KL/TW`, `Thực hiện Luật Bảo vệ
    môi trường số 72/2020/QH14`: the verb, a type word, at most a name, the number."""
    words = sorted({w for t in rules.load("doc_types.yaml") for w in t["words"]}, key=len, reverse=True)
    alternation = "|".join(regex.escape(w) for w in words)
    return regex.compile(
        rf"(?i:(?:triển\s+khai|thực\s+hiện))\s+(?i:(?:thực\s+hiện|thi\s+hành)\s+)?(?i:các\s+)?(?i:(?P<type>{alternation}))"
        rf"(?:\s+[^\s;]+){{0,12}}?\s+(?:(?i:số)\s*:?\s*)?(?P<key>{citations.KEY_RE.pattern})(?![\p{{L}}\d])",
        regex.VERBOSE)


def read_parent(title: str | None, opening: list[str], body: list[str]) -> str | None:
    """The implemented document: named in the title after `triển khai`/`thực hiện`, else by the
    opening sentence (`Thực hiện Kế hoạch số …`); a title in capitals gets the body's spelling."""
    if title:
        m = _implements_re().search(title)
        if m:
            return _key_spelling(citations.normalize_key(m.group("key")), body)
    for text in opening:
        for m in _implements_re().finditer(text):
            before = text[:m.start()].rstrip()
            if not before or before[-1] in ".;:" or rx.search(r"(?i)(?:^|[.;:]\s*)(?:để\s+)?$", before):
                return citations.normalize_key(m.group("key"))
    return citations.implemented_key(opening)


def _key_spelling(key: str, body: list[str]) -> str:
    if not key.isupper():
        return key
    pattern = regex.compile(r"\s*".join(regex.escape(c) for c in key), regex.IGNORECASE)
    for text in body:
        for m in pattern.finditer(text):
            if not m.group(0).isupper():
                return citations.normalize_key(m.group(0))
    return key


def read_draft(pieces: list[str]) -> bool | None:
    return True if any(_DRAFT_RE.search(p) for p in pieces[:20]) else None


def read_metadata(doc: CleanDocument, sections: list[Section]) -> DocumentRow:
    raw = doc.raw
    header = header_paragraphs(doc, sections)
    pieces = header_pieces(header)
    body = [p.text for p in doc.paragraphs]
    wrapped = raw.format == "pdf"  # the header's lines are the page's lines
    doc_type, title, type_at = read_type_and_title(pieces, wrapped)
    subject, subject_at = read_subject(pieces, wrapped)
    if subject_at < type_at:  # `V/v …` under the number: an official letter (a form may follow it)
        doc_type, title = None, subject
    number, abbr, has_number_line = read_number(pieces)
    if abbr:
        by_abbr = citations.type_from_abbreviation(abbr)
        if by_abbr and by_abbr != doc_type and doc_type is not None and has_number_line and by_abbr != "luat":
            doc_type = by_abbr  # the number's type part is the surer sign (`115/VBHN-VPQH` over `LUẬT …`)
        doc_type = doc_type or by_abbr
    if doc_type is None and (subject or subject_at < len(pieces)):
        doc_type = "cong_van"  # a `V/v` line, also left blank in a letter template (`V/v ……….`)
    if title is None and subject:
        title = subject
    issue_date, place = read_date(pieces)
    appendix = bool(pieces) and bool(_APPENDIX_FILE_RE.match(pieces[0]))
    if appendix:  # a file that is an appendix alone, also when it holds a form (`GIẤY PHÉP …`, `Số: …/…`)
        doc_type = "phu_luc"
        title = read_appendix_title(pieces, wrapped) or title
    attached_issuer = None
    if number is None and (appendix or not has_number_line):
        # an appendix's note stands under its title, which may already open its first part
        attached, attached_date, attached_issuer = read_attached(
            header_pieces([p.text for p in doc.paragraphs[:8]]) if appendix else pieces)
        if attached:
            number = attached
            issue_date = issue_date or attached_date
    issuer, level, locality = read_issuer(pieces, title, place, body)
    joint = read_joint_issuers(pieces, body) if abbr and _JOINT_CODE_RE.match(abbr) else None
    if joint:  # a joint document: every issuer, in the header's order
        issuer = " - ".join(joint)
    if issuer is None and attached_issuer:  # an appendix alone: the issuer of the document it is attached to
        for item in rules.load("issuers.yaml"):
            if fold(attached_issuer).lower() == fold(item["starts"]).lower():
                issuer, level = item["starts"], item["level"]
    province = read_province(body, level, locality)
    period_start, period_end = read_period(title, issue_date, doc_type, doc, sections)
    signer, signer_title = read_signature(doc, sections)
    parent_key = read_parent(title, header, body)
    return DocumentRow(
        doc_id=raw.doc_id, source=raw.source, format=raw.format, sha256=raw.sha256,
        doc_type=doc_type, number=number, issuer=issuer, admin_level=level, locality=locality,
        province=province, issue_date=issue_date, title=title, period_start=period_start,
        period_end=period_end, signer=signer, signer_title=signer_title, parent_key=parent_key,
        encoding=raw.encoding, repairs="; ".join(raw.notes) or None, ocr_pages=raw.ocr_pages,
        draft=read_draft(pieces),
    )

"""Typed records passed between the stages.

Every stage is a plain function from records to records:

    ingest.read_document(path)            -> RawDocument
    normalize.normalize_document(raw)     -> CleanDocument   (clean lines + logical paragraphs)
    segment.paragraphs_to_sections(doc)   -> list[Section]
    metadata.read_metadata(doc, sections) -> DocumentRow

Row dataclasses (`DocumentRow`, `Section`) have exactly the columns of ../shared/CONTRACT.md
(plus a few extra, documented ones) so that `dataclasses.asdict` gives a CSV row.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceLine:
    """One line of the input as decoded (NFC); `no` is 1-based, `page` is set for PDFs."""

    no: int
    text: str
    page: int | None = None


@dataclass
class RawDocument:
    doc_id: str
    source: str
    format: str  # txt, md, pdf, docx, html
    sha256: str
    encoding: str
    lines: list[SourceLine]
    notes: list[str] = field(default_factory=list)  # what ingest had to repair
    ocr_pages: int = 0  # pages read with OCR


@dataclass(frozen=True)
class CleanLine:
    """A source line after cleaning; `cols[i]` is the column in the source line of `text[i]`."""

    no: int
    page: int | None
    text: str
    cols: tuple[int, ...]
    stamp: int = 0  # characters of a crawler stamp removed from its start


@dataclass(frozen=True)
class Piece:
    """Where a stretch of a paragraph comes from: paragraph offset `start` .. `start+len(line text)`."""

    start: int
    line: CleanLine


@dataclass
class Paragraph:
    """A logical paragraph: hard-wrapped lines and page-broken sentences joined with one space."""

    text: str
    pieces: list[Piece]
    index: int = 0

    @property
    def line(self) -> int:
        return self.pieces[0].line.no

    @property
    def page(self) -> int | None:
        return self.pieces[0].line.page

    def locate(self, offset: int) -> tuple[int, int | None, int]:
        """Paragraph offset -> (source line, page, column in that source line)."""
        piece = self.pieces[max(0, bisect_right([p.start for p in self.pieces], offset) - 1)]
        rel = max(0, offset - piece.start)
        cols = piece.line.cols
        if not cols:
            return piece.line.no, piece.line.page, 0
        col = cols[min(rel, len(cols) - 1)] + (1 if rel >= len(cols) else 0)
        return piece.line.no, piece.line.page, col

    def span(self, start: int, end: int) -> "Span":
        line, page, c0 = self.locate(start)
        end_line, _, c1 = self.locate(max(start, end - 1))
        return Span(line=line, page=page, char_start=c0, char_end=c1 + 1 if end_line == line else c0 + (end - start))


@dataclass(frozen=True)
class Span:
    line: int
    page: int | None
    char_start: int
    char_end: int


@dataclass
class CleanDocument:
    raw: RawDocument
    lines: list[CleanLine]
    paragraphs: list[Paragraph]

    @property
    def doc_id(self) -> str:
        return self.raw.doc_id


@dataclass
class Section:
    doc_id: str
    section_id: str
    parent_id: str | None
    level: int
    label: str
    heading: str
    kind: str
    line_start: int
    line_end: int
    page: int | None = None
    paragraph_start: int = 0  # index of the heading paragraph
    paragraph_end: int = 0  # index one past the section's last paragraph (subsections included)


@dataclass
class DocumentRow:
    doc_id: str
    source: str
    format: str
    sha256: str
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    admin_level: str | None = None
    locality: str | None = None
    province: str | None = None
    issue_date: str | None = None
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    signer: str | None = None
    signer_title: str | None = None
    parent_key: str | None = None
    encoding: str | None = None
    repairs: str | None = None  # what ingest/normalize repaired, `;`-separated
    draft: bool | None = None  # true when the document says it is a draft (`DỰ THẢO`)
    ocr_pages: int = 0  # pages read with OCR
    copies: str | None = None  # other files of the same document, read once (`;`-separated)


@dataclass
class ErrorRow:
    source: str
    reason: str
    hint: str


@dataclass
class Indicator:
    """One threshold on one measured quantity for one year (indicators.csv)."""

    doc_id: str
    indicator_no: int | None
    code: str | None
    metric: str
    comparator: str | None
    value: float | None
    unit: str | None
    target_year: int | None
    year_inferred: bool
    section_id: str | None
    line: int
    page: int | None
    char_start: int
    char_end: int
    text: str
    of_total: int | None = None  # `13/13 xã`: the count is out of 13 (so it is also 100%)
    value_max: float | None = None  # upper bound of a range (`60-70%`)
    unit_text: str | None = None  # the unit as written when it says more than `unit`


@dataclass
class Citation:
    """A document cited by number, or a law cited by name (citations.csv)."""

    doc_id: str
    line: int
    page: int | None
    section_id: str | None
    raw: str
    doc_type: str | None
    number: int | None
    symbol: str | None
    key: str
    key_note: str | None  # `repaired: …` or `unknown type code …` when the number was written wrong
    issue_date: str | None
    issuer: str | None
    relation: str  # implements, basis, reference
    resolved_doc_id: str | None = None


@dataclass
class Deadline:
    """A date something is due, or a period something runs (deadlines.csv)."""

    doc_id: str
    section_id: str | None
    line: int
    page: int | None
    text: str
    kind: str  # report, submission, event, period
    date: str | None
    month_day: str | None  # `12-15` for a yearly date; `---20` (day of month) for a monthly one
    recurrence: str  # once, annual, semiannual, quarterly, monthly
    start: str | None
    end: str | None
    subject: str | None
    responsible: str | None


@dataclass
class Agency:
    """A body a plan makes responsible (agencies.csv)."""

    doc_id: str
    section_id: str | None
    line: int
    page: int | None
    agency: str
    agency_canonical: str | None
    agency_level: str | None
    role: str  # lead, support, requested
    indicator_nos: str  # `1;2;8` when the text assigns indicators by number
    text: str


@dataclass
class Finding:
    """What the audit found, with evidence on both sides (findings.csv)."""

    doc_id: str
    kind: str  # impossible_value, weaker_than_parent, stricter_than_parent, missing_indicator, missing_value,
    # unassigned_indicator, conflicting_targets, citation_mismatch, deadline_order
    severity: str  # error, warning, info
    code: str | None
    detail: str
    line: int | None
    other_doc_id: str | None = None
    other_line: int | None = None
    reference: str | None = None  # which reference was used, and why
    text: str | None = None  # the plan's sentence
    other_text: str | None = None  # the reference's sentence
    year: int | None = None
    other_year: int | None = None
    score: float | None = None  # how alike the metrics of the two targets compared are (0..1)

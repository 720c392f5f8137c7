"""The Python API under the CLI: extract one plan or many, get dataclasses or DataFrames.

    from pipeline import extract, extract_many, to_dataframes
    result = extract("corpus/002_cb41b1295af3bb46.txt")
    result.document.issuer            # 'UBND huyện Hương Khê'
    frames = to_dataframes(extract_many(["corpus"]))
    frames["sections"].query("kind == 'organization'")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import agencies, citations, deadlines, indicators, ingest, link, metadata, normalize, segment
from .errors import InputError
from .records import Agency, Citation, CleanDocument, Deadline, DocumentRow, ErrorRow, Indicator, Section


@dataclass
class Extraction:
    """Everything read from one plan."""

    document: DocumentRow
    sections: list[Section]
    indicators: list[Indicator]
    citations: list[Citation]
    agencies: list[Agency]
    deadlines: list[Deadline]
    clean: CleanDocument | None = field(repr=False)  # dropped by `plans run` once read, to save memory
    passages: list[tuple] = field(default_factory=list, repr=False)  # (section_id, line, page, paragraph)


def extract(path: str | Path) -> Extraction:
    """Run every stage on one file. Raises `InputError` for a file that cannot be read."""
    raw = ingest.read_document(path)
    clean = normalize.normalize_document(raw)
    sections = segment.paragraphs_to_sections(clean)
    document = metadata.read_metadata(clean, sections)
    targets = indicators.read_indicators(clean, sections, document)
    cited = citations.read_citations(clean, sections, document.number)
    bodies = agencies.read_agencies(clean, sections)
    due = deadlines.read_deadlines(clean, sections, document, agencies.responsible_of(sections, bodies))
    passages = []
    of = segment.sections_of_paragraphs(sections, max((p.index + 1 for p in clean.paragraphs), default=0))
    for p in clean.paragraphs:
        s = of[p.index]
        passages.append((s.section_id if s else None, p.line, p.page, p.text))
    return Extraction(document=document, sections=sections, indicators=targets, citations=cited, agencies=bodies,
                      deadlines=due, clean=clean, passages=passages)


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and files of document types inside folders named (recursively, sorted; types
    that cannot be read are listed so that they get an error row)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() in ingest.SUPPORTED | ingest.UNSUPPORTED_DOCUMENTS
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            found.append(p)
    return found


def extract_or_error(path: Path, keep_clean: bool = True) -> Extraction | ErrorRow:
    """`extract`, with a failure turned into an `ErrorRow` (file, reason, what to do)."""
    try:
        result = extract(path)
    except InputError as exc:
        return ErrorRow(source=str(path), reason=exc.reason, hint=exc.hint)
    except RecursionError:
        return ErrorRow(source=str(path), reason="text too deeply nested to read", hint="report this file")
    except Exception as exc:  # a bug must not stop a batch of thousands: report it with the file
        return ErrorRow(source=str(path), reason=f"internal error {type(exc).__name__}: {exc}",
                        hint="please report this file with the message")
    if not keep_clean:
        result.clean = None
    return result


def _extract_lean(path: Path) -> Extraction | ErrorRow:
    return extract_or_error(path, keep_clean=False)


def extract_many(paths: Iterable[str | Path], jobs: int = 1, keep_clean: bool = True) -> Iterator[Extraction | ErrorRow]:
    """Extract each file, in input order; a file that fails yields an `ErrorRow` and the others go
    on. `jobs` > 1 reads files in that many processes (the cleaned lines are then not kept)."""
    files = find_inputs(paths)
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield extract_or_error(path, keep_clean)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # small batches one file at a time: a scan takes seconds a page, and must not wait behind another
        yield from pool.map(_extract_lean, files, chunksize=max(1, min(4, len(files) // (4 * jobs))))


def to_dataframes(results: Iterable[Extraction | ErrorRow]):
    """The tables of `plans run` as pandas DataFrames (keys: documents, sections, indicators, citations,
    agencies, deadlines, errors)."""
    import pandas as pd

    from .export import table_rows

    results = list(results)
    link.resolve_citations(results)
    tables = table_rows(results)
    return {name: pd.DataFrame(rows, columns=columns) for name, (columns, rows) in tables.items()}

"""Exporters: rows -> CSV files, written atomically (temporary file, then rename)."""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from typing import Callable, Iterable

from .records import Agency, Citation, Deadline, DocumentRow, ErrorRow, Finding, Indicator

SECTION_COLUMNS = ["doc_id", "section_id", "parent_id", "level", "label", "heading", "kind",
                   "line_start", "line_end", "page"]
DOCUMENT_COLUMNS = [f.name for f in fields(DocumentRow)]
ERROR_COLUMNS = [f.name for f in fields(ErrorRow)]
INDICATOR_COLUMNS = [f.name for f in fields(Indicator)]
CITATION_COLUMNS = [f.name for f in fields(Citation)]
AGENCY_COLUMNS = [f.name for f in fields(Agency)]
DEADLINE_COLUMNS = [f.name for f in fields(Deadline)]
FINDING_COLUMNS = [f.name for f in fields(Finding)]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def table_rows(results: Iterable, findings: list | None = None) -> dict[str, tuple[list[str], list[dict]]]:
    """Extractions and errors (and the audit's findings) -> {table name: (columns, rows as dicts)}."""
    documents, sections, targets, cited, bodies, due, errors = [], [], [], [], [], [], []
    for r in results:
        if isinstance(r, ErrorRow):
            errors.append(asdict(r))
            continue
        documents.append(asdict(r.document))
        sections.extend({k: getattr(s, k) for k in SECTION_COLUMNS} for s in r.sections)
        targets.extend(asdict(t) for t in r.indicators)
        cited.extend(asdict(c) for c in r.citations)
        bodies.extend(asdict(a) for a in r.agencies)
        due.extend(asdict(d) for d in r.deadlines)
    return {
        "documents": (DOCUMENT_COLUMNS, documents),
        "sections": (SECTION_COLUMNS, sections),
        "indicators": (INDICATOR_COLUMNS, targets),
        "citations": (CITATION_COLUMNS, cited),
        "agencies": (AGENCY_COLUMNS, bodies),
        "deadlines": (DEADLINE_COLUMNS, due),
        **({"findings": (FINDING_COLUMNS, [asdict(f) for f in findings])} if findings is not None else {}),
        "errors": (ERROR_COLUMNS, errors),
    }


def _write_csv_tmp(out_dir: Path, name: str, columns: list[str], rows: list[dict]) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(row.get(k)) for k in columns})
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_tables(out_dir: str | Path, tables: dict[str, tuple[list[str], list[dict]]],
                 files: dict[str, Callable[[Path], None]] | None = None) -> list[Path]:
    """Write every table to `<out_dir>/<name>.csv`, and each of `files` (name -> a function that
    writes it to the path it is given). All are written to temporary names first and renamed only
    when all are complete, so a crash leaves the previous outputs."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):  # left by a run that was killed while writing
        stale.unlink(missing_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, (columns, rows) in tables.items():
            staged.append((_write_csv_tmp(out, name, columns, rows), out / f"{name}.csv"))
        for name, writer in (files or {}).items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            os.close(fd)
            staged.append((Path(tmp), out / name))
            writer(Path(tmp))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.chmod(tmp, 0o644)  # mkstemp makes private files; outputs are for sharing
        os.replace(tmp, final)
    return [final for _, final in staged]

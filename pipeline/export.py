"""Exporters: rows -> CSV, and the output folder's safety: a lock, a staging folder, and a commit
that replaces the whole set of outputs or none of it.

How a run writes `--out` (see `OutputFolder`):
1. it takes `<out>/.plans.lock` (an exclusive `flock`; a second run into the same folder is refused
   with one line, and the lock goes with the process, so a killed run leaves no stale lock);
2. every output is written into its own staging folder `<out>/.plans-run-<id>/`, nothing else;
3. the commit writes a journal `<out>/.plans-commit.json` (the list of renames) and then renames the
   files into place; `manifest.json` comes last and lists the set (bytes and sha256 of each file).
   A run killed before the journal leaves the previous outputs; killed during the renames, the next
   run (or `recover`) finishes them from the journal, so old and new files never stay mixed.
Files of the user in `--out` (their own `*.tmp`, notes, …) are never touched; the staging folders
of runs that died are removed only while holding the lock (so never those of a live run).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import fields
from pathlib import Path
from typing import Callable, Iterable

from .errors import PlansError
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
COLUMNS = {"documents": DOCUMENT_COLUMNS, "sections": SECTION_COLUMNS, "indicators": INDICATOR_COLUMNS,
           "citations": CITATION_COLUMNS, "agencies": AGENCY_COLUMNS, "deadlines": DEADLINE_COLUMNS,
           "findings": FINDING_COLUMNS, "errors": ERROR_COLUMNS}

LOCK_NAME = ".plans.lock"
JOURNAL_NAME = ".plans-commit.json"
STAGING_PREFIX = ".plans-run-"
MANIFEST_NAME = "manifest.json"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def row_of(record) -> dict:
    """A row record (flat dataclass) as a dict: `dataclasses.asdict` without its deep copy."""
    return dict(record.__dict__)


def table_rows(results: Iterable, findings: list | None = None) -> dict[str, tuple[list[str], list[dict]]]:
    """Extractions and errors (and the audit's findings) -> {table name: (columns, rows as dicts)}."""
    documents, sections, targets, cited, bodies, due, errors = [], [], [], [], [], [], []
    for r in results:
        if isinstance(r, ErrorRow):
            errors.append(row_of(r))
            continue
        documents.append(row_of(r.document))
        sections.extend({k: getattr(s, k) for k in SECTION_COLUMNS} for s in r.sections)
        targets.extend(map(row_of, r.indicators))
        cited.extend(map(row_of, r.citations))
        bodies.extend(map(row_of, r.agencies))
        due.extend(map(row_of, r.deadlines))
    return {
        "documents": (DOCUMENT_COLUMNS, documents),
        "sections": (SECTION_COLUMNS, sections),
        "indicators": (INDICATOR_COLUMNS, targets),
        "citations": (CITATION_COLUMNS, cited),
        "agencies": (AGENCY_COLUMNS, bodies),
        "deadlines": (DEADLINE_COLUMNS, due),
        **({"findings": (FINDING_COLUMNS, [row_of(f) for f in findings])} if findings is not None else {}),
        "errors": (ERROR_COLUMNS, errors),
    }


def write_csv(fh, columns: list[str], rows: Iterable[dict], header: bool = True) -> int:
    """Rows (dicts) as CSV on an open text file (`newline=""`); returns the number of rows."""
    writer = csv.writer(fh)
    if header:
        writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([_cell(row.get(k)) for k in columns])
        n += 1
    return n


# --- the output folder ------------------------------------------------------------------------

class OutputFolder:
    """`--out` held for one run: lock, staging folder, commit. Use as a context manager:

        with OutputFolder(out) as folder:
            write files into folder.staging (sub-folders allowed)
            folder.commit(["documents.csv", "parquet/documents.parquet", …])
    Leaving the block without `commit` (an error, Ctrl-C) removes the staging folder and leaves the
    previous outputs as they were."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.staging: Path | None = None
        self._lock_fd: int | None = None

    def __enter__(self) -> "OutputFolder":
        import fcntl

        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise PlansError(f"{self.out}: another `plans run` (pid {holder}) is writing to this folder; "
                             "wait for it to finish or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd
        try:
            recover(self.out, locked=True)
            for stale in self.out.glob(STAGING_PREFIX + "*"):  # runs that died; we hold the lock, so none is live
                shutil.rmtree(stale, ignore_errors=True)
            self.staging = self.out / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
            self.staging.mkdir()
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if (self.out / JOURNAL_NAME).exists():  # the commit was cut short: finish it, or leave it to the next run
                try:
                    _roll_forward(self.out)
                except BaseException:
                    return
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def path(self, name: str) -> Path:
        """Where to write output `name` (relative to --out) before the commit."""
        p = self.staging / "final" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def commit(self, names: list[str], info: dict | None = None) -> list[Path]:
        """Move the staged outputs `names` into --out, as a set (journal, renames, manifest)."""
        final = self.staging / "final"
        manifest = {"run": self.staging.name[len(STAGING_PREFIX):], "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    **(info or {}), "files": {}}
        for name in names:
            manifest["files"][name] = _describe(final / name)
        (final / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        moves = [(str(final / n), str(self.out / n), str(self.staging / f"old-{k}"))
                 for k, n in enumerate([*names, MANIFEST_NAME])]
        journal = self.staging / "journal.json"
        journal.write_text(json.dumps(moves), encoding="utf-8")
        _fsync(journal)
        os.replace(journal, self.out / JOURNAL_NAME)  # from here on the new set is the one that counts
        _roll_forward(self.out)
        return [self.out / n for n in names]


def _describe(path: Path) -> dict:
    if path.is_dir():
        os.chmod(path, 0o755)
        return {"files": sum(1 for p in path.iterdir() if p.is_file())}
    os.chmod(path, 0o644)  # outputs are for sharing
    return {"bytes": path.stat().st_size, "sha256": _describe_hash(path)}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _roll_forward(out: Path) -> None:
    journal = out / JOURNAL_NAME
    moves = json.loads(journal.read_text(encoding="utf-8"))
    for src, dst, aside in moves:
        if os.path.exists(src):  # not yet moved (a rename is atomic: either here or there)
            Path(dst).parent.mkdir(parents=True, exist_ok=True)
            if os.path.isdir(src) and os.path.isdir(dst):  # a folder (sources/) replaces the old one whole
                os.replace(dst, aside)
            os.replace(src, dst)
    journal.unlink()


def recover(out: str | Path, locked: bool = False) -> bool:
    """Finish a commit that a killed run left half done (its journal is there). True if it did."""
    out = Path(out)
    if not (out / JOURNAL_NAME).exists():
        return False
    if not locked:
        with OutputFolder(out):  # takes the lock, and recovers
            return True
    _roll_forward(out)
    return True


def check_manifest(out: str | Path) -> list[str]:
    """Files of `manifest.json` that are missing or differ from it (empty: the set is complete)."""
    out = Path(out)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    bad = []
    for name, want in manifest["files"].items():
        p = out / name
        if not p.exists() or (p.is_dir() and _describe(p) != want) or (
                not p.is_dir() and (p.stat().st_size != want["bytes"] or _describe_hash(p) != want["sha256"])):
            bad.append(name)
    return bad


def _describe_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_tables(out_dir: str | Path, tables: dict[str, tuple[list[str], list[dict]]],
                 files: dict[str, Callable[[Path], None]] | None = None) -> list[Path]:
    """Write every table to `<out_dir>/<name>.csv`, and each of `files` (name -> a function that
    writes it to the path it is given), committed together (see `OutputFolder`)."""
    with OutputFolder(out_dir) as folder:
        names = []
        for name, (columns, rows) in tables.items():
            with folder.path(f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                write_csv(fh, columns, rows)
            names.append(f"{name}.csv")
        for name, writer in (files or {}).items():
            writer(folder.path(name))
            names.append(name)
        return folder.commit(names)

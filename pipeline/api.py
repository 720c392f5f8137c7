"""The Python API under the CLI: extract one plan or many, get dataclasses or DataFrames.

    from pipeline import extract, extract_many, to_dataframes
    result = extract("corpus/002_cb41b1295af3bb46.txt")
    result.document.issuer            # 'UBND huyện Hương Khê'
    frames = to_dataframes(extract_many(["corpus"]))
    frames["sections"].query("kind == 'organization'")
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

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


def extract(path: str | Path, doc_id: str | None = None) -> Extraction:
    """Run every stage on one file. Raises `InputError` for a file that cannot be read."""
    raw = ingest.read_document(path, doc_id)
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


@dataclass(frozen=True)
class Input:
    """One entry of a run: a file to read with the `doc_id` it gets, or an entry refused while the
    folders were listed (`problem` = (reason, hint)): a hidden or unsupported file, a dangling link,
    a folder that cannot be read, a FIFO or a device."""

    path: Path
    doc_id: str = ""
    problem: tuple[str, str] | None = None

    @property
    def source(self) -> str:
        return ingest.display_name(str(self.path))


# Files `plans run` writes: never read back as plans when --out is an input folder.
_OUTPUT_NAMES = {"report.html", "plans.xlsx", "plans.sqlite", "plans.sqlite-journal", "sources", "parquet", "manifest.json"}
_OUTPUT_SUFFIXES = (".csv", ".parquet")


def _is_output(name: str) -> bool:
    return name in _OUTPUT_NAMES or name.endswith(_OUTPUT_SUFFIXES) or name.startswith(".")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows links
    except OSError:
        return False


def _real(path: str | Path) -> str:
    return os.path.realpath(os.path.abspath(path))


def list_inputs(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Input]:
    """Every entry of a run, in order: files named, and everything inside folders named
    (recursively, sorted). Nothing in a folder is skipped silently: a file that cannot be read as
    a plan (hidden, unsupported type, dangling link, FIFO, device, too large) and a subfolder that
    cannot be listed come back with their `problem`. The output folders in `exclude` are not read
    (when one of them is an input folder itself, only the files `plans run` writes are left out).
    A file given twice, or reached twice through links, is read once. doc_ids are unique: see
    `assign_doc_ids`."""
    out_dirs = {_real(p) for p in exclude}
    entries: list[Input] = []
    seen: set[str] = set()
    for given in map(Path, paths):
        if given.is_dir():
            entries.extend(_walk(given, out_dirs))
        else:
            entries.append(Input(given))
    unique: list[Input] = []
    for entry in entries:
        if entry.problem is None:
            key = _real(entry.path)
            if key in seen:
                continue
            seen.add(key)
        unique.append(entry)
    return assign_doc_ids(unique)


def _walk(root: Path, out_dirs: set[str]) -> list[Input]:
    found: list[tuple[tuple[str, ...], Input]] = []
    visited: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = _real(folder)
        if real in visited:  # a link back up the tree
            continue
        visited.add(real)
        rel = folder.relative_to(root).parts
        try:
            with os.scandir(folder) as it:
                names = sorted((e.name, _is_dir(e)) for e in it)
        except OSError as exc:
            found.append((rel, Input(folder, problem=(f"folder cannot be read ({exc.strerror or type(exc).__name__})",
                                                      "make it readable, or pass the files it holds"))))
            continue
        own_outputs = real in out_dirs
        for name, is_dir in names:
            path = folder / name
            if own_outputs and _is_output(name):
                continue
            if name.startswith("."):
                what = "hidden folder" if is_dir else "hidden file"
                found.append((rel + (name,), Input(path, problem=(f"{what}, not read",
                                                                  "pass it by name, or rename it, to read it"))))
            elif is_dir:
                if _real(path) not in out_dirs:
                    stack.append(path)
            else:
                try:
                    ingest.check_file(path)
                except InputError as exc:
                    found.append((rel + (name,), Input(path, problem=(exc.reason, exc.hint))))
                else:
                    found.append((rel + (name,), Input(path)))
    found.sort(key=lambda item: item[0])
    return [entry for _, entry in found]


def assign_doc_ids(entries: list[Input]) -> list[Input]:
    """A file's `doc_id` is its stem (`kh80.txt` -> `kh80`). Files whose stems collide get the
    shortest ending of their path that tells them apart (`kh80.txt` and `kh80.md`;
    `a/kehoach.txt` and `b/kehoach.txt`); should two still be equal, `~2`, `~3` … is added in input
    order. Characters a name cannot show (control characters, bytes that are not UTF-8) are
    dropped or become `_`."""
    files = [e for e in entries if e.problem is None]
    stems = {id(e): ingest.name_id(e.path.stem) for e in files}
    groups: dict[str, list[Input]] = {}
    for e in files:
        groups.setdefault(stems[id(e)], []).append(e)
    ids: dict[int, str] = {}
    for stem, group in groups.items():
        if len(group) == 1:
            ids[id(group[0])] = stem
            continue
        parts = [Path(os.path.abspath(e.path)).parts[1:] for e in group]
        depths = range(1, max(len(p) for p in parts) + 1)
        named = [["/".join(ingest.name_id(x) for x in p[-depth:]) for p in parts] for depth in depths]
        most = max(len(set(names)) for names in named)
        names = next(names for names in named if len(set(names)) == most)
        for e, name in zip(group, names):
            ids[id(e)] = name
    used: set[str] = set()
    out = []
    for e in entries:
        if e.problem is not None:
            out.append(e)
            continue
        doc_id, n = ids[id(e)], 1
        while doc_id in used:
            n += 1
            doc_id = f"{ids[id(e)]}~{n}"
        used.add(doc_id)
        out.append(Input(e.path, doc_id))
    return out


def find_inputs(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Files to read: named, and supported files inside folders named (recursively, sorted)."""
    return [e.path for e in list_inputs(paths, exclude) if e.problem is None]


def _clean_message(text: str) -> str:
    return ingest.display_name(text)


def extract_or_error(path: Path, keep_clean: bool = True, doc_id: str | None = None) -> Extraction | ErrorRow:
    """`extract`, with a failure turned into an `ErrorRow` (file, reason, what to do)."""
    source = ingest.display_name(str(path))
    try:
        result = extract(path, doc_id)
    except InputError as exc:
        return ErrorRow(source=source, reason=_clean_message(exc.reason), hint=_clean_message(exc.hint))
    except RecursionError:
        return ErrorRow(source=source, reason="text too deeply nested to read", hint="report this file")
    except MemoryError:
        return ErrorRow(source=source, reason="out of memory while reading it", hint="split the file, or report it")
    except Exception as exc:  # a bug must not stop a batch of thousands: report it with the file
        return ErrorRow(source=source, reason=_clean_message(f"internal error {type(exc).__name__}: {exc}"),
                        hint="please report this file with the message")
    if not keep_clean:
        result.clean = None
    return result


def _extract_lean(entry: Input) -> Extraction | ErrorRow:
    return extract_or_error(entry.path, keep_clean=False, doc_id=entry.doc_id or None)


def refused(entry: Input) -> ErrorRow:
    """The error row of an entry refused while the folders were listed."""
    reason, hint = entry.problem
    return ErrorRow(source=entry.source, reason=_clean_message(reason), hint=_clean_message(hint))


def extract_many(paths: Iterable[str | Path | Input], jobs: int = 1, keep_clean: bool = True,
                 exclude: Iterable[str | Path] = ()) -> Iterator[Extraction | ErrorRow]:
    """Extract each file, in input order; a file that fails (or an entry refused while listing the
    folders) yields an `ErrorRow` and the others go on. `paths` are files and folders, or the
    entries of `list_inputs`. `jobs` > 1 reads files in that many processes (the cleaned lines are
    then not kept; see `map_inputs`)."""
    paths = list(paths)
    entries = paths if paths and all(isinstance(p, Input) for p in paths) else list_inputs(paths, exclude)
    if jobs <= 1 or len(entries) < 2:
        for entry in entries:
            yield refused(entry) if entry.problem else extract_or_error(entry.path, keep_clean, entry.doc_id or None)
        return
    readable = iter(map_inputs([e for e in entries if not e.problem], jobs, _extract_lean))
    for entry in entries:
        yield refused(entry) if entry.problem else next(readable)


KILLED = "the process reading it was killed by the system (out of memory?)"


def map_inputs(entries: list[Input], jobs: int, worker: Callable[[Input], object]) -> Iterator:
    """`worker(entry)` for each entry, in input order, run in `jobs` processes (`worker` is a
    module-level function). A worker the system kills (out of memory) costs no other file: the
    files it held are read again, one at a time, and one that kills its reader again gets an
    `ErrorRow` in place of its result."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, object] = {}
    todo = deque(range(len(entries)))
    suspects: deque[int] = deque()  # in flight when a worker died: read again alone
    next_i = 0
    while todo or suspects:
        pool = ProcessPoolExecutor(max_workers=max(1, jobs))
        inflight: dict = {}
        try:
            while todo or suspects or inflight:
                if suspects:
                    if not inflight:
                        i = suspects.popleft()
                        inflight[pool.submit(worker, entries[i])] = (i, True)
                else:
                    while todo and len(inflight) < 2 * jobs:
                        i = todo.popleft()
                        inflight[pool.submit(worker, entries[i])] = (i, False)
                finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        done[inflight[future][0]] = future.result()
                    except BrokenProcessPool:
                        raise
                    except Exception as exc:  # a result that cannot come back (pickling)
                        i = inflight[future][0]
                        done[i] = ErrorRow(source=entries[i].source, hint="please report this file with the message",
                                           reason=_clean_message(f"internal error {type(exc).__name__}: {exc}"))
                    del inflight[future]
                while next_i in done:
                    yield done.pop(next_i)
                    next_i += 1
        except BrokenProcessPool:
            for i, alone in sorted(inflight.values()):
                if alone:
                    done[i] = ErrorRow(source=entries[i].source, reason=KILLED,
                                       hint="read it alone with `plans run FILE`, or split it")
                else:
                    suspects.append(i)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        while next_i in done:
            yield done.pop(next_i)
            next_i += 1


def to_dataframes(results: Iterable[Extraction | ErrorRow]):
    """The tables of `plans run` as pandas DataFrames (keys: documents, sections, indicators, citations,
    agencies, deadlines, errors)."""
    import pandas as pd

    from .export import table_rows

    results = list(results)
    link.resolve_citations(results)
    tables = table_rows(results)
    return {name: pd.DataFrame(rows, columns=columns) for name, (columns, rows) in tables.items()}

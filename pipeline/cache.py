"""Incremental runs: each file's extraction is kept in `<out>/.cache/`, keyed by the file's path,
its content (SHA-256) and the version of the rules and the code. A re-run over an unchanged corpus
reads no file again; one changed file costs one file.

    store = Cache(out / ".cache")
    for path, entry, cached in read_all(files, store, jobs=2):
        result, lines = entry            # Extraction or ErrorRow; the source lines (no, page, text)

An entry is a pickle written by this program into the output folder; a damaged or unreadable one
is ignored (the file is read again). Entries that the last complete run did not use are removed.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

MAX_HASHED = 512 * 1024 * 1024  # larger files are not cached (ingest refuses them anyway)


def _version(rules_folder: str) -> str:
    from . import __version__

    h = hashlib.sha256(__version__.encode())
    for folder in (Path(rules_folder), Path(__file__).resolve().parent):
        for p in sorted(folder.rglob("*")):
            if p.is_file() and p.suffix in (".yaml", ".yml", ".csv", ".py"):
                h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:20]


def rules_version() -> str:
    """A hash of the rules files, the package's code and its version: a change to any of them
    invalidates every cached extraction."""
    from .rules import rules_dir

    return _version(str(rules_dir()))


def file_key(path: Path, version: str, doc_id: str = "") -> str | None:
    """The cache key of a regular file read under `doc_id`; None for anything else (a FIFO, a
    device, a folder)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    import stat

    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_HASHED:
        return None
    h = hashlib.sha256(f"{version}\0{path}\0{doc_id}\0".encode("utf-8", "surrogateescape"))
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


class Cache:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str | None):
        if key is None:
            return None
        enabled = gc.isenabled()
        gc.disable()  # unpickling makes many objects at once: no collection passes meanwhile
        try:
            with open(self._path(key), "rb") as fh:
                entry = pickle.load(fh)
        except Exception:  # missing, damaged, written by another version: read the file again
            return None
        finally:
            if enabled:
                gc.enable()
        self.used.add(key)
        return entry

    def put(self, key: str | None, entry) -> None:
        if key is None:
            return
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".part", dir=self.folder)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key))
        except OSError:
            pass  # a cache that cannot be written only costs time next run

    def prune(self) -> None:
        """Remove entries the run did not use (after a run that completed)."""
        if not self.folder.is_dir():
            return
        for p in self.folder.iterdir():
            if (p.suffix == ".pickle" and p.stem not in self.used) or p.suffix == ".part":
                p.unlink(missing_ok=True)


def read_one(entry):
    """(Extraction or ErrorRow, source lines as (no, page, text) tuples) for one input (an
    `api.Input`, or a path)."""
    from .api import Input, extract_or_error

    path, doc_id = (entry.path, entry.doc_id or None) if isinstance(entry, Input) else (Path(entry), None)
    result = extract_or_error(path, keep_clean=True, doc_id=doc_id)
    lines: list[tuple] = []
    clean = getattr(result, "clean", None)
    if clean is not None:
        lines = [(ln.no, ln.page, ln.text) for ln in clean.raw.lines]
        result.clean = None
    return result, lines


def read_all(files: Iterable, cache: Cache | None, jobs: int = 1) -> Iterator[tuple[Path, tuple, bool]]:
    """(path, (result, lines), taken from the cache?) for each input, in input order. `files` are
    the entries of `api.list_inputs` (or paths, given their doc_ids here): an entry refused while
    the folders were listed comes back as its ErrorRow. With `jobs` > 1 files are read in that many
    processes, and a worker the system kills costs only the file it was reading (`api.map_inputs`)."""
    from . import api

    files = list(files)
    entries = files if all(isinstance(f, api.Input) for f in files) else api.assign_doc_ids([api.Input(Path(f)) for f in files])
    version = rules_version() if cache is not None else ""
    keys = [file_key(e.path, version, e.doc_id) if cache is not None and not e.problem else None for e in entries]
    cached = [cache.get(k) if cache is not None else None for k in keys]
    todo = [e for e, c in zip(entries, cached) if c is None and not e.problem]
    if jobs > 1 and len(todo) > 1:
        fresh = iter(api.map_inputs(todo, jobs, read_one))
    else:
        fresh = map(read_one, todo)
    for e, key, entry in zip(entries, keys, cached):
        if e.problem:
            yield e.path, (api.refused(e), []), False
            continue
        if entry is not None:
            yield e.path, entry, True
            continue
        entry = next(fresh)
        if not isinstance(entry, tuple):  # its worker was killed: no lines, and not kept for next time
            yield e.path, (entry, []), False
            continue
        if cache is not None:
            cache.put(key, entry)
        yield e.path, entry, False

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


def file_key(path: Path, version: str) -> str | None:
    """The cache key of a regular file; None for anything else (a FIFO, a device, a folder)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    import stat

    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_HASHED:
        return None
    h = hashlib.sha256(f"{version}\0{path}\0".encode())
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


def read_one(path: Path):
    """(Extraction or ErrorRow, source lines as (no, page, text) tuples) for one file."""
    from .api import extract_or_error

    result = extract_or_error(path, keep_clean=True)
    lines: list[tuple] = []
    clean = getattr(result, "clean", None)
    if clean is not None:
        lines = [(ln.no, ln.page, ln.text) for ln in clean.raw.lines]
        result.clean = None
    return result, lines


def read_all(files: Iterable[Path], cache: Cache | None, jobs: int = 1) -> Iterator[tuple[Path, tuple, bool]]:
    """(path, (result, lines), taken from the cache?) for each file, in input order."""
    files = list(files)
    version = rules_version() if cache is not None else ""
    keys = [file_key(p, version) if cache is not None else None for p in files]
    entries = [cache.get(k) if cache is not None else None for k in keys]
    todo = [p for p, e in zip(files, entries) if e is None]
    if jobs > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs)
        fresh = pool.map(read_one, todo, chunksize=4)
    else:
        pool = None
        fresh = map(read_one, todo)
    try:
        for path, key, entry in zip(files, keys, entries):
            if entry is not None:
                yield path, entry, True
                continue
            entry = next(fresh)
            if cache is not None:
                cache.put(key, entry)
            yield path, entry, False
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)

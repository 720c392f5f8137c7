"""`plans run` at scale: many plans, every core (or a Dask cluster), memory that does not grow
with the number of plans.

A run cuts its files into chunks (in input order) and goes through four steps:

1. extract (workers, in parallel): each chunk's plans are read and their rows written at once to
   part files in the run's staging folder: CSV text, Parquet, a SQLite part (tables, and passages
   with their folded text for the search index), and the records the audit needs (a pickle). The
   driver keeps three short strings per plan (doc_id, number, chunk).
2. audit (workers, in parallel): per chunk, citations are resolved against the numbers of the
   whole run and each plan is audited against its parent (read from the parent's chunk) or the
   national programme; citation and finding parts, and the chunk's rows of the comparison matrix.
3. merge (driver, while the workers go on): parts are appended in input order, so the outputs are
   the same whatever the number of workers: CSV by concatenation, Parquet by row groups, SQLite by
   `INSERT … SELECT` from the attached part; findings are put in the audit's order by SQLite.
   Then the full-text index is built (driver) while other processes write `plans.xlsx` and
   `report.html` from the Parquet files.
4. commit (`export.OutputFolder`): the new set replaces the previous outputs as a whole.

Engines: `local` (a process pool of `--jobs` workers; in-process for one job) and `dask`
(`--scheduler ADDRESS` of a running cluster, or a local cluster of `--jobs` worker processes).
On a cluster the input files and `--out` must be on storage every worker sees (the same paths).
"""
from __future__ import annotations

import json
import math
import os
import pickle
import sqlite3
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Callable, Iterable

from . import api, audit, cache, catalog, duplicates, export, parquet, report, store, ui, workbook
from .errors import PlansError
from .link import key_of
from .records import ErrorRow, Finding

EXTRACT_TABLES = ["documents", "sections", "indicators", "agencies", "deadlines", "errors"]
TABLES = ["documents", "sections", "indicators", "citations", "agencies", "deadlines", "findings", "errors"]
MAX_CHUNK = 32


# --- engines ----------------------------------------------------------------------------------

class LocalEngine:
    """`jobs` worker processes (none for one job: everything runs in this process). A worker the
    system kills (out of memory, a signal) costs only its task: the pool is replaced, the task is run
    again alone in a process of its own and, if it dies again, handed to `isolate` (which finds the
    file that kills it); the other tasks go on."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)
        self._pool = self._new_pool() if self.jobs > 1 else None

    def _new_pool(self, workers: int | None = None):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=workers or self.jobs)

    def map(self, fn: Callable, *iterables, isolate: Callable | None = None) -> Iterable:
        """fn over the arguments, results in order, as they come."""
        if self._pool is None:
            yield from map(fn, *iterables)
            return
        from concurrent.futures.process import BrokenProcessPool

        tasks = list(zip(*iterables))
        futures = [self._pool.submit(fn, *t) for t in tasks]
        for k, task in enumerate(tasks):
            try:
                yield futures[k].result()
                continue
            except BrokenProcessPool:
                pass
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            yield run_alone(fn, task, isolate)
            for j in range(k + 1, len(tasks)):
                f = futures[j]
                if not (f.done() and not f.cancelled() and f.exception() is None):
                    futures[j] = self._pool.submit(fn, *tasks[j])

    def submit(self, fn: Callable, *args):
        if self._pool is None:
            return _Done(fn(*args))
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def run_alone(fn: Callable, task: tuple, isolate: Callable | None = None):
    """fn(*task) in a process of its own; if that process is killed too, `isolate(*task)`."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(fn, *task).result()
        except BrokenProcessPool:
            if isolate is None:
                raise RuntimeError(f"a worker process was killed (out of memory?) running {fn.__name__}") from None
    return isolate(*task)


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class DaskEngine:
    """A Dask cluster: the scheduler at `scheduler`, or a local cluster of `jobs` worker processes."""

    def __init__(self, jobs: int = 2, scheduler: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise PlansError("--engine dask needs Dask: pip install -e '.[dask]' (dask[distributed])") from None
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        self.jobs = max(1, len(self._client.scheduler_info().get("workers", {})) or jobs)

    def map(self, fn: Callable, *iterables) -> Iterable:
        futures = self._client.map(fn, *iterables, pure=False)
        for future in futures:
            yield future.result()
            future.release()

    def submit(self, fn: Callable, *args):
        return self._client.submit(fn, *args, pure=False)

    def close(self) -> None:
        if self._client is None:
            return
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def _map(runner, fn: Callable, *iterables, isolate: Callable | None = None):
    if isinstance(runner, LocalEngine):
        return runner.map(fn, *iterables, isolate=isolate)
    return runner.map(fn, *iterables)  # Dask retries a task whose worker died on another worker


def make_engine(engine: str = "local", jobs: int = 1, scheduler: str | None = None):
    if engine == "dask":
        return DaskEngine(jobs, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose local or dask")
    return LocalEngine(jobs)


# --- step 1: extract a chunk (in a worker) ----------------------------------------------------

def _part(staging: str, kind: str, index: int, suffix: str, table: str | None = None) -> Path:
    folder = Path(staging) / "parts" / kind / (table or "")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{index:06d}{suffix}"


def _write_csv_part(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        export.write_csv(fh, columns, rows, header=False)


_VERSION: dict = {}


def killed(entry: api.Input) -> ErrorRow:
    """The error row of a file whose reading killed its process twice (out of memory, a signal)."""
    return ErrorRow(source=entry.source, reason=api.KILLED, hint="read it alone with `plans run FILE`, or split it")


def _read(entry: api.Input, cache_dir: str | None) -> tuple[object, list, bool]:
    """(extraction or error, source lines, from the cache?) for one input, through the cache."""
    if entry.problem:  # refused while the folders were listed (hidden, unsupported, a FIFO, …)
        return api.refused(entry), [], False
    if cache_dir is None:
        return (*cache.read_one(entry), False)
    if "v" not in _VERSION:
        _VERSION["v"] = cache.rules_version()
    store_ = cache.Cache(cache_dir)
    key = cache.file_key(entry.path, _VERSION["v"], entry.doc_id)
    hit = store_.get(key)
    if hit is not None:
        return (*hit, True)
    hit = cache.read_one(entry)
    store_.put(key, hit)
    return (*hit, False)


def extract_chunk(staging: str, index: int, files: list, dead: frozenset = frozenset(),
                  cache_dir: str | None = None, lang: str = "vi") -> dict:
    """Read a chunk of files (or take them from the cache); keep the extractions in the staging
    folder, with each plan's source page. Returns what the driver keeps: per plan its doc_id,
    number and what tells copies of one document apart (`duplicates`). `files`: `api.Input`
    entries; `dead`: positions of those whose reading killed the process (each gets an error row)."""
    ui.set_lang(lang)
    results, cached, keys = [], 0, []
    for pos, f in enumerate(files):
        if pos in dead:
            results.append(killed(f))
            continue
        result, lines, hit = _read(f, cache_dir)
        cached += hit
        if cache_dir is not None and "v" in _VERSION and not f.problem:
            keys.append(cache.file_key(f.path, _VERSION["v"], f.doc_id))
        if not isinstance(result, ErrorRow):  # its source page now, while its lines are at hand
            page = _part(staging, "sources", index, f"-{pos:04d}.html")
            page.write_text(report.render_source(result.document, lines), encoding="utf-8")
        results.append(result)
    with _part(staging, "full", index, ".pkl").open("wb") as fh:
        pickle.dump(results, fh, protocol=pickle.HIGHEST_PROTOCOL)
    docs = []
    for pos, r in enumerate(results):
        if isinstance(r, ErrorRow):
            continue
        d = r.document
        docs.append({"pos": pos, "doc_id": d.doc_id, "key": key_of(d.number), "source": d.source, "format": d.format,
                     "number_key": duplicates._number_key(d), "candidate": duplicates._candidate(d),
                     "text_key": duplicates._text_key(r) if r.passages else None,
                     "name": {k: getattr(d, k) for k in ("number", "issuer", "doc_type", "issue_date")}})
    lean = [None if isinstance(r, ErrorRow) else r for r in results]
    for r in lean:  # what the audit, the matrix and the report need of a plan
        if r is not None:
            r.sections, r.passages = [], []
    with _part(staging, "lean", index, ".pkl").open("wb") as fh:  # one blob per plan (`_Lean`)
        pickle.dump([None if r is None else pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in lean], fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    return {"index": index, "files": len(files), "docs": docs, "cached": cached, "keys": [k for k in keys if k],
            "errors": [r for r in results if isinstance(r, ErrorRow)]}


def _read_only(entry: api.Input) -> None:
    if not entry.problem:
        cache.read_one(entry)


def isolate_chunk(staging: str, index: int, files: list, dead: frozenset = frozenset(),
                  cache_dir: str | None = None, lang: str = "vi") -> dict:
    """A chunk whose worker was killed twice: each file is read alone in a process of its own; those
    that kill it get an error row, the chunk is then written without reading them."""
    from concurrent.futures.process import BrokenProcessPool

    bad = set(dead)
    for pos, f in enumerate(files):
        try:
            run_alone(_read_only, (f,))
        except (BrokenProcessPool, RuntimeError):
            bad.add(pos)
    return run_alone(extract_chunk, (staging, index, files, frozenset(bad), cache_dir, lang))


# --- step 2: audit a chunk (in a worker) ------------------------------------------------------

_CHUNKS: OrderedDict = OrderedDict()  # (staging, index) -> extractions: a few chunks, per process
_NUMBERS: dict = {}


class _Lean:
    """A chunk's plans as the audit and the report need them, each unpickled when first asked for
    (the report walks the plans by doc_id, one from each chunk in turn)."""

    def __init__(self, blobs: list):
        self.blobs, self.done = blobs, {}

    def __getitem__(self, pos: int):
        if pos not in self.done:
            blob = self.blobs[pos]
            self.done[pos] = None if blob is None else pickle.loads(blob)
        return self.done[pos]

    def __iter__(self):
        return (self[pos] for pos in range(len(self.blobs)))


def _chunk(staging: str, index: int) -> _Lean:
    key = (staging, index)
    if key not in _CHUNKS:
        with _part(staging, "lean", index, ".pkl").open("rb") as fh:
            _CHUNKS[key] = _Lean(pickle.load(fh))
        while len(_CHUNKS) > 8:
            _CHUNKS.popitem(last=False)
    _CHUNKS.move_to_end(key)
    return _CHUNKS[key]


def _numbers(staging: str) -> dict:
    """number key -> (doc_id, chunk, position) of the first plan with that number (input order)."""
    if _NUMBERS.get("staging") != staging:
        with (Path(staging) / "numbers.pkl").open("rb") as fh:
            _NUMBERS.clear()
            _NUMBERS.update(pickle.load(fh), staging=staging)
    return _NUMBERS["table"]


class _PlansByNumber:
    """`audit.plan_findings`'s `by_number` (or `by_id`), reading a plan from its chunk when asked."""

    def __init__(self, staging: str, numbers: dict):
        self.staging, self.numbers = staging, numbers

    def get(self, key, default=None):
        hit = self.numbers.get(key)
        if hit is None:
            return default
        _, index, pos = hit
        return _chunk(self.staging, index)[pos]


def audit_chunk(staging: str, index: int, national: list[tuple[int, int]], drop: frozenset = frozenset(),
                copies: dict | None = None, lang: str = "vi") -> dict:
    """Write a chunk's parts (copies of documents kept elsewhere left out), resolve its citations,
    audit its plans; citation and finding parts, and the chunk's rows of the comparison matrix."""
    ui.set_lang(lang)
    with _part(staging, "full", index, ".pkl").open("rb") as fh:
        results = pickle.load(fh)
    for pos, extra in (copies or {}).items():
        d = results[pos].document
        d.copies = "; ".join(x for x in (d.copies, extra) if x)
    results = [r for pos, r in enumerate(results) if pos not in drop]
    tables = export.table_rows(results)
    for name in EXTRACT_TABLES:
        columns, rows = tables[name]
        _write_csv_part(_part(staging, "csv", index, ".csv", name), columns, rows)
        parquet.write_part(_part(staging, "parquet", index, ".arrow", name), name, rows)
    extracted = [r for r in results if not isinstance(r, ErrorRow)]
    db = _part(staging, "sqlite", index, ".sqlite")
    db.unlink(missing_ok=True)
    con = store.connect(db)
    try:
        store.create_tables(con)
        for name in EXTRACT_TABLES:
            store.insert_rows(con, name, *tables[name])
        store.insert_passages(con, extracted)
        numbers = _numbers(staging)
        for r in extracted:  # link.resolve_citations, against the whole run
            for c in r.citations:
                hit = numbers.get(key_of(c.key))
                if hit and hit[0] != c.doc_id:
                    c.resolved_doc_id = hit[0]
        cited = [export.row_of(c) for r in extracted for c in r.citations]
        store.insert_rows(con, "citations", export.CITATION_COLUMNS, cited)
        con.commit()
    finally:
        con.close()
    _write_csv_part(_part(staging, "csv", index, ".csv", "citations"), export.CITATION_COLUMNS, cited)
    parquet.write_part(_part(staging, "parquet", index, ".arrow", "citations"), "citations", cited)
    for r in extracted:
        r.sections, r.passages = [], []
    texts = {(t.doc_id, t.line): t.text for i, pos in national for t in _chunk(staging, i)[pos].indicators}
    by_number = _PlansByNumber(staging, numbers)
    by_id = _PlansByNumber(staging, _NUMBERS["ids"])
    findings, rows = [], []
    for r in extracted:  # the pairs of a plan compared once, for its findings and its comparison rows
        compared = audit.compare_plan(r, by_number, texts, by_id, [])
        findings.extend(audit.plan_findings(r, by_number, texts, by_id=by_id, against=[], compared=compared))
        rows.extend(audit.plan_comparisons(r, compared))
    audit.sort_comparisons(rows)
    with _part(staging, "findings", index, ".pkl").open("wb") as fh:
        pickle.dump(findings, fh, protocol=pickle.HIGHEST_PROTOCOL)
    with _part(staging, "comparison", index, ".pkl").open("wb") as fh:
        names = {r.document.doc_id: ui.plan_name(r.document) for r in extracted}
        pickle.dump(list(zip(map(workbook.comparison_key, rows), workbook.comparison_rows(rows, names))), fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    return {"index": index}


# --- step 3: outputs from the parts (driver, and two side processes) --------------------------

_KIND_RANK = "CASE kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(audit.KIND_ORDER)) + " ELSE 99 END"


class _FindingsInOrder:
    """Findings of every chunk, given back in the audit's order (`audit.audit`: plan, kind, line,
    code, year, detail; then input order), sorted by SQLite on disk."""

    def __init__(self, path: Path):
        self.con = store.connect(path)
        self.con.execute("CREATE TABLE f (doc_id TEXT, kind TEXT, line INTEGER, code TEXT, year INTEGER, "
                         "detail TEXT, chunk INTEGER, seq INTEGER, blob BLOB)")

    def add(self, chunk: int, findings: list[Finding]) -> None:
        self.con.executemany("INSERT INTO f VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             ((f.doc_id, f.kind, f.line or 0, f.code or "", f.year or 0, f.detail, chunk, i,
                               pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)) for i, f in enumerate(findings)))

    def __iter__(self):
        self.con.commit()
        for (blob,) in self.con.execute(f"SELECT blob FROM f ORDER BY doc_id, {_KIND_RANK}, line, code, year, detail, "
                                        "chunk, seq"):
            yield pickle.loads(blob)

    def close(self) -> None:
        self.con.close()


class _ComparisonInOrder:
    """Rows of the comparison sheet from every chunk, given back in `audit.comparisons`' order
    (plan, doc_id, line, quantity, year, reference; then input order), sorted by SQLite on disk."""

    def __init__(self, path: Path):
        self.path = path
        self.con = store.connect(path)
        self.con.execute("CREATE TABLE c (plan TEXT, doc_id TEXT, line INTEGER, quantity TEXT, year INTEGER, "
                         "reference TEXT, chunk INTEGER, seq INTEGER, blob BLOB)")

    def add(self, chunk: int, rows: list[tuple[tuple, list]]) -> None:
        self.con.executemany("INSERT INTO c VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             ((*key, chunk, i, pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL))
                              for i, (key, row) in enumerate(rows)))

    def close(self) -> None:
        self.con.commit()
        self.con.close()


def _comparison_rows(staging: str):
    con = sqlite3.connect(str(Path(staging) / "comparison.sqlite"))
    try:
        for (blob,) in con.execute("SELECT blob FROM c ORDER BY plan, doc_id, line, quantity, year, reference, "
                                   "chunk, seq"):
            yield pickle.loads(blob)
    finally:
        con.close()


def _rows_as_lists(path: Path, columns: list[str]):
    for row in parquet.iter_rows(path, columns):
        yield [row[c] for c in columns]


AUDIT_DONE = "audit-done.json"


def _wait_for_audit(staging: str) -> dict:
    """The counts the driver writes once findings are complete (waits for them; gives up if the
    driver is gone)."""
    import json
    import time

    marker, parent = Path(staging) / AUDIT_DONE, os.getppid()
    while not marker.exists():
        if os.getppid() != parent or not Path(staging).exists():
            raise SystemExit("plans run stopped before the audit was done")
        time.sleep(0.05)
    return json.loads(marker.read_text(encoding="utf-8"))


def _names(final: str) -> dict[str, str]:
    """doc_id -> the plan as people name it (`KH 80/KH-UBND ngày 28/05/2021 — UBND huyện Hương Khê`)."""
    return {r["doc_id"]: ui.plan_name(r) for r in parquet.iter_rows(Path(final) / "parquet" / "documents.parquet")}


def write_workbook(final: str, staging: str, chunks: int, lang: str = "vi") -> None:
    """plans.xlsx from the Parquet files and the comparison parts: documents and indicators at once
    (a side process can start when the plans are read), the matrix and findings once the audit is done."""
    ui.set_lang(lang)
    names = _names(final)

    def comparisons():
        _wait_for_audit(staging)
        yield audit.COMPARISON_COLUMNS, _comparison_rows(staging)

    def rows(name):
        if name not in workbook.READY_FIRST:
            _wait_for_audit(staging)
        yield from parquet.iter_rows(Path(final) / "parquet" / f"{name}.parquet")

    class Others:
        def items(self):
            counts = _wait_for_audit(staging)
            return [(name, counts.get(name, 0)) for name in workbook.ELSEWHERE]

    sheets = {name: workbook.for_people(name, export.COLUMNS[name], rows(name), names) for name in workbook.SHEETS}
    workbook.write_workbook_stream(Path(final) / "plans.xlsx", comparisons(), sheets, Others())


def _side_process(fn: Callable, *args):
    """`fn(*args)` in a fresh process beside the workers (spawned: nothing inherited from this one)."""
    import multiprocessing

    proc = multiprocessing.get_context("spawn").Process(target=fn, args=args, daemon=True)
    proc.start()
    return proc


def write_report(final: str, staging: str, where: dict, lang: str = "vi") -> None:
    """report.html from the store, a plan at a time: findings and documents from the Parquet files,
    each plan's extraction (and those its findings refer to) from its chunk. `where`: doc_id ->
    (chunk, position) of the plans kept."""
    from collections import Counter

    ui.set_lang(lang)
    base = Path(final) / "parquet"
    names, titles = {}, {}
    for r in parquet.iter_rows(base / "documents.parquet"):
        names[r["doc_id"]] = ui.plan_name(r)
        titles[r["doc_id"]] = r["title"] or ""
    counts, kinds = Counter(), set()
    for r in parquet.iter_rows(base / "findings.parquet", ["doc_id", "severity", "kind"]):
        counts[(r["doc_id"], r["severity"])] += 1
        kinds.add(r["kind"])
    plans = sorted({d for d, _ in counts} | set(names))

    def groups():
        doc, items = None, []
        for row in parquet.iter_rows(base / "findings.parquet"):
            f = Finding(**row)
            if f.doc_id != doc and items:
                yield doc, items
                items = []
            doc = f.doc_id
            items.append(f)
        if items:
            yield doc, items

    def result_of(doc_id):
        hit = where.get(doc_id)
        return None if hit is None else _chunk(staging, hit[0])[hit[1]]

    with (Path(final) / "report.html").open("w", encoding="utf-8") as fh:
        first = True
        for piece in report.page_parts(plans, counts, kinds, sum(counts.values()), names, titles, set(where),
                                       groups(), result_of, bool(where)):
            if not first:
                fh.write("\n")
            fh.write(piece)
            first = False


class _Outputs:
    """The tables being written in the staging folder, fed part by part."""

    def __init__(self, folder: export.OutputFolder):
        self.folder = folder
        self.final = folder.path("plans.sqlite").parent
        self.csv = {}
        self.parquet = {}
        for name in TABLES:
            fh = folder.path(f"{name}.csv").open("w", encoding="utf-8", newline="")
            export.write_csv(fh, export.COLUMNS[name], [])
            self.csv[name] = fh
            self.parquet[name] = parquet.TableWriter(folder.path(f"parquet/{name}.parquet"), name)
        self.db = store.connect(folder.path("plans.sqlite"))
        store.create_tables(self.db)
        self.counts = dict.fromkeys(TABLES, 0)

    def append_part(self, staging: str, index: int, tables: list[str], sqlite_tables: list[str]) -> None:
        for name in tables:
            with _part(staging, "csv", index, ".csv", name).open("r", encoding="utf-8", newline="") as fh:
                while block := fh.read(1 << 20):
                    self.csv[name].write(block)
            part = _part(staging, "parquet", index, ".arrow", name)
            before = self.parquet[name].rows
            self.parquet[name].write_part(part)
            self.counts[name] += self.parquet[name].rows - before
        store.append_part(self.db, _part(staging, "sqlite", index, ".sqlite"), sqlite_tables)

    def add_findings(self, findings: Iterable[Finding]) -> None:
        writer = self.csv["findings"]
        batch: list[dict] = []
        for f in findings:
            batch.append(export.row_of(f))
            if len(batch) == 4096:
                self._findings_batch(writer, batch)
                batch = []
        self._findings_batch(writer, batch)

    def _findings_batch(self, writer, batch: list[dict]) -> None:
        export.write_csv(writer, export.FINDING_COLUMNS, batch, header=False)
        self.parquet["findings"].write_rows(batch)
        store.insert_rows(self.db, "findings", export.FINDING_COLUMNS, batch)
        self.counts["findings"] += len(batch)

    def close(self, tables: list[str]) -> None:
        """These tables are complete: their CSV and Parquet files can be read."""
        for name in tables:
            self.csv[name].close()
            self.parquet[name].close()
        self.db.commit()

    def names(self) -> list[str]:
        return ([f"{t}.csv" for t in TABLES] + ["plans.xlsx", "report.html", "plans.sqlite", "sources"]
                + [f"parquet/{t}.parquet" for t in TABLES])


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def chunk_size(n_files: int, jobs: int) -> int:
    """Chunks small enough to keep every worker busy to the end, large enough to cost little."""
    return max(1, min(MAX_CHUNK, math.ceil(n_files / (max(1, jobs) * 4))))


def _copies(docs: list[tuple[int, dict]]) -> dict[int, int]:
    """`duplicates.drop_copies` on what the workers sent: {index of a copy: index of the document
    kept}, indexes in input order (the kept copy is the most direct to cite: text, Word, HTML, PDF)."""
    order = sorted(range(len(docs)), key=lambda k: (duplicates.FORMAT_ORDER.get(docs[k][1]["format"], 9), k))
    shared = Counter(d["candidate"] for _, d in docs)
    kept_by: dict = {}
    dropped: dict[int, int] = {}
    for k in order:
        d = docs[k][1]
        number = d["number_key"]
        text = d["text_key"] if d["text_key"] and shared[d["candidate"]] > 1 else None
        keys = [x for x in (("n",) + tuple(number) if number else None, ("t", text) if text else None) if x]
        first = next((kept_by[x] for x in keys if x in kept_by), None)
        if first is None:
            for x in keys:
                kept_by[x] = k
        else:
            dropped[k] = first
    return dropped


def run(files: list, out: str | Path, jobs: int = 1, engine: str = "local", scheduler: str | None = None,
        cache_dir: str | Path | None = None, on_error: Callable[[ErrorRow], None] | None = None,
        on_copy: Callable[[str, str, str], None] | None = None,
        on_progress: Callable[[list[str]], None] | None = None) -> dict:
    """Extract `files` (`api.list_inputs` entries, or paths) into the outputs of `out` (committed as
    a set); `on_progress` gets the entries of each chunk read. Returns what was read
    (plans, failed, from the cache), the files written and the rows per table; nothing is written
    when no file could be read."""
    files = list(files)
    if not all(isinstance(f, api.Input) for f in files):  # paths: their doc_ids given here
        files = api.assign_doc_ids([f if isinstance(f, api.Input) else api.Input(Path(f)) for f in files])
    size = chunk_size(len(files), jobs)
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    cache_dir = str(cache_dir) if cache_dir is not None else None
    lang = ui.lang()
    with export.OutputFolder(out) as folder:
        staging = str(folder.staging)
        runner = make_engine(engine, jobs, scheduler)
        book = side = None
        try:
            docs: list[tuple[int, dict]] = []
            failed = cached = 0
            used: set[str] = set()
            # 1. extract
            for res in _map(runner, extract_chunk, [staging] * len(chunks), range(len(chunks)), chunks,
                            [frozenset()] * len(chunks), [cache_dir] * len(chunks), [lang] * len(chunks),
                            isolate=isolate_chunk):
                docs.extend((res["index"], d) for d in res["docs"])
                for e in res["errors"]:
                    if on_error:
                        on_error(e)
                failed += len(res["errors"])
                cached += res["cached"]
                used.update(res["keys"])
                if on_progress:
                    on_progress(chunks[res["index"]])
            if not docs:
                return {"read": 0, "failed": failed, "cached": cached, "written": [], "counts": {}}
            # one document in several files: counted once (duplicates)
            dropped = _copies(docs)
            drop = [set() for _ in chunks]
            extra: list[dict] = [{} for _ in chunks]
            for k, kept in dropped.items():
                (i, d), (j, e) = docs[k], docs[kept]
                drop[i].add(d["pos"])
                extra[j][e["pos"]] = "; ".join(x for x in (extra[j].get(e["pos"]), d["source"]) if x)
                if on_copy:
                    on_copy(d["source"], e["source"], ui.plan_name(e["name"]))
            numbers: dict = {}
            ids: dict = {}
            national: list[tuple[int, int]] = []
            national_id = catalog.source()
            where: dict[str, tuple[int, int]] = {}
            for k, (i, d) in enumerate(docs):
                if k in dropped:
                    continue
                if d["key"]:
                    numbers.setdefault(d["key"], (d["doc_id"], i, d["pos"]))
                ids.setdefault(d["doc_id"], (d["doc_id"], i, d["pos"]))
                if d["doc_id"] == national_id:
                    national.append((i, d["pos"]))
                where[d["doc_id"]] = (i, d["pos"])
            read = len(docs) - len(dropped)
            sources = {i: [(d["pos"], d["doc_id"]) for j, d in docs if j == i] for i in range(len(chunks))}
            del docs
            with (Path(staging) / "numbers.pkl").open("wb") as fh:
                pickle.dump({"table": numbers, "ids": ids}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            del numbers, ids
            # 2. rows, links and audit per chunk; the driver appends them in order
            outputs = _Outputs(folder)
            pages = outputs.final / "sources"
            pages.mkdir(exist_ok=True)
            ordered = _FindingsInOrder(Path(staging) / "findings.sqlite")
            compared = _ComparisonInOrder(Path(staging) / "comparison.sqlite")
            try:
                for res in runner.map(audit_chunk, [staging] * len(chunks), range(len(chunks)),
                                      [national] * len(chunks), [frozenset(x) for x in drop], extra,
                                      [lang] * len(chunks)):
                    i = res["index"]
                    outputs.append_part(staging, i, EXTRACT_TABLES + ["citations"],
                                        EXTRACT_TABLES + ["citations", "passages"])
                    with _part(staging, "findings", i, ".pkl").open("rb") as fh:
                        ordered.add(i, pickle.load(fh))
                    with _part(staging, "comparison", i, ".pkl").open("rb") as fh:
                        compared.add(i, pickle.load(fh))
                    for pos, doc_id in sources[i]:  # source pages named once copies are known
                        if pos not in drop[i]:
                            os.replace(_part(staging, "sources", i, f"-{pos:04d}.html"),
                                       pages / report.source_name(doc_id))
                outputs.close(EXTRACT_TABLES + ["citations"])
                compared.close()
                final = str(outputs.final)
                parallel = runner.jobs > 1
                runner.close()  # the workers' memory (spaCy, chunks) is not needed after the audit
                if parallel:  # plans.xlsx begins now, beside the findings and the index
                    book = _side_process(write_workbook, final, staging, len(chunks), lang)
                outputs.add_findings(ordered)
            finally:
                ordered.close()
            outputs.close(["findings"])
            _write_atomic(Path(staging) / AUDIT_DONE, json.dumps(outputs.counts))
            # 3. the search index here, the workbook and the report beside it
            if parallel:
                side = _side_process(write_report, final, staging, where, lang)
            else:
                write_report(final, staging, where, lang)
                write_workbook(final, staging, len(chunks), lang)
            store.finish(outputs.db)
            outputs.db.close()
            for proc, name in ((side, "report.html"), (book, "plans.xlsx")):
                if proc is not None:
                    proc.join()
                    if proc.exitcode != 0:
                        raise RuntimeError(f"{name} could not be written (exit code {proc.exitcode}): "
                                           "see the message above")
        finally:
            runner.close()
            for proc in (side, book):
                if proc is not None and proc.is_alive():
                    proc.terminate()
                    proc.join()
        # 4. commit
        counts = {"plans": read, "failed": failed, **{f"rows_{t}": n for t, n in outputs.counts.items()}}
        written = folder.commit(outputs.names(), {"counts": counts})
    if cache_dir is not None:  # entries this run did not use
        store_ = cache.Cache(cache_dir)
        store_.used = used
        store_.prune()
    return {"read": read, "failed": failed, "cached": cached, "written": written, "counts": outputs.counts}

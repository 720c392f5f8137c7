"""Every table as Parquet (pyarrow): typed columns, one file per table in `<out>/parquet/`.

    import pandas as pd;  pd.read_parquet("outputs/parquet/indicators.parquet")
    import duckdb;        duckdb.sql("SELECT code, count(*) FROM 'outputs/parquet/indicators.parquet' GROUP BY 1")

Column types come from the record dataclasses (`int` -> int64, `float` -> float64, `bool` -> bool,
text -> string); empty values are nulls. Workers write one part per chunk of plans (Arrow IPC
files: no encoding or compression, read back as they are); `TableWriter.write_part` appends them,
in order, to the table's Parquet file (a row group each, nothing held in memory).
"""
from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path
from typing import Iterable

from .export import COLUMNS
from .records import Agency, Citation, Deadline, DocumentRow, ErrorRow, Finding, Indicator, Section

# Arrow's own allocators reserve about 1 GB of address space per process: with the system's, a run
# under a memory limit (`ulimit -v`, RLIMIT_AS) keeps it for the plans. Set before pyarrow loads.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

_RECORDS = {"documents": DocumentRow, "sections": Section, "indicators": Indicator, "citations": Citation,
            "agencies": Agency, "deadlines": Deadline, "findings": Finding, "errors": ErrorRow}
_INT64 = (-(1 << 63), (1 << 63) - 1)


def _arrow_type(annotation: str):
    import pyarrow as pa

    if "bool" in annotation:
        return pa.bool_()
    if "int" in annotation:
        return pa.int64()
    if "float" in annotation:
        return pa.float64()
    return pa.string()


_SCHEMAS: dict = {}


def schema(table: str):
    """The pyarrow schema of a table (its CSV columns, typed)."""
    if table not in _SCHEMAS:
        import pyarrow as pa

        types = {f.name: f.type if isinstance(f.type, str) else f.type.__name__ for f in fields(_RECORDS[table])}
        _SCHEMAS[table] = pa.schema([(c, _arrow_type(types[c])) for c in COLUMNS[table]])
    return _SCHEMAS[table]


def _column(values: list, arrow_type):
    import pyarrow as pa

    try:
        return pa.array(values, type=arrow_type)
    except (OverflowError, pa.ArrowInvalid, pa.ArrowTypeError):  # a number beyond int64 (`99999999999999999999/QĐ`)
        lo, hi = _INT64
        return pa.array([v if not isinstance(v, int) or lo <= v <= hi else None for v in values], type=arrow_type)


def to_table(table: str, rows: Iterable[dict]):
    """Rows (dicts, as for CSV) -> a pyarrow Table with the table's schema."""
    import pyarrow as pa

    sch = schema(table)
    rows = list(rows)
    return pa.Table.from_arrays([_column([r.get(f.name) for r in rows], f.type) for f in sch], schema=sch)


def write_part(path: str | Path, table: str, rows: Iterable[dict]) -> int:
    """A part of a table (rows of a chunk of plans) as an Arrow IPC file, for `TableWriter.write_part`."""
    import pyarrow as pa

    data = to_table(table, rows)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, data.schema) as writer:
        writer.write_table(data)
    return data.num_rows


def read_part(path: str | Path):
    """The table a `write_part` file holds."""
    import pyarrow as pa

    with pa.OSFile(str(path), "rb") as source:
        return pa.ipc.open_file(source).read_all()


class TableWriter:
    """A table's Parquet file written in pieces (parts, or batches of rows)."""

    def __init__(self, path: str | Path, table: str):
        import pyarrow.parquet as pq

        self.table = table
        self.rows = 0
        self._writer = pq.ParquetWriter(str(path), schema(table), compression="zstd")

    def write_rows(self, rows: list[dict]) -> None:
        if rows:
            self._write(to_table(self.table, rows))

    def write_part(self, part: str | Path) -> None:
        self._write(read_part(part))

    def _write(self, data) -> None:
        self.rows += data.num_rows
        if data.num_rows:
            self._writer.write_table(data)

    def close(self) -> None:
        self._writer.close()


def iter_rows(path: str | Path, columns: list[str] | None = None, batch_size: int = 4096):
    """Rows of a Parquet file as dicts, a batch at a time."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(str(path)) as f:
        for batch in f.iter_batches(batch_size=batch_size, columns=columns, use_threads=False):
            yield from batch.to_pylist()

"""Draw random rows of one table from an outputs folder and print each beside its source.

    scripts/sample_rows.py deadlines outputs --n 30 --seed 1

For every drawn row: its columns, then the source line it cites (`line`, with `page` for PDFs)
and `--context` lines either side, read again from the input file named in documents.csv
(so .docx/.pdf rows show the lines the pipeline numbered). Rows are drawn with `random.Random(seed)`,
so a sample can be drawn again and read by someone else.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import ingest  # noqa: E402

SKIP = {"text", "doc_id", "line", "page"}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def source_lines(source: str, cache: dict) -> list:
    if source not in cache:
        try:
            cache[source] = ingest.read_document(source).lines
        except Exception as exc:  # the sample goes on; the row says why its source is missing
            cache[source] = exc
    return cache[source]


def show(row: dict, source: str | None, cache: dict, context: int) -> str:
    out = [f"{row['doc_id']}  line {row.get('line')}" + (f" page {row['page']}" if row.get("page") else "")]
    out.append("  " + "  ".join(f"{k}={v}" for k, v in row.items() if k not in SKIP and v not in ("", None)))
    if not source:
        return "\n".join(out + ["  (source unknown)"])
    lines = source_lines(source, cache)
    if isinstance(lines, Exception):
        return "\n".join(out + [f"  (cannot read {source}: {lines})"])
    page = int(row["page"]) if row.get("page") else None
    no = int(row["line"]) if row.get("line") else 0
    here = [k for k, sl in enumerate(lines) if sl.no == no and sl.page == page]
    if not here:
        return "\n".join(out + [f"  (line {no} not found in {source})"])
    k = here[0]
    for sl in lines[max(0, k - context):k + context + 1]:
        mark = ">>" if sl.no == no else "  "
        out.append(f"  {mark} {sl.no:>5} | {sl.text[:300]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", help="table name: deadlines, agencies, citations, indicators, documents, …")
    parser.add_argument("outdir", type=Path, help="an outputs folder written by `plans run`")
    parser.add_argument("--n", type=int, default=30, help="rows to draw (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--context", type=int, default=1, help="source lines shown either side (default 1)")
    args = parser.parse_args(argv)
    path = args.outdir / f"{args.table}.csv"
    if not path.exists():
        print(f"sample_rows: {path} not found (run `plans run … --out {args.outdir}` first)", file=sys.stderr)
        return 1
    rows = read_csv(path)
    sources = {d["doc_id"]: d["source"] for d in read_csv(args.outdir / "documents.csv")}
    drawn = random.Random(args.seed).sample(range(len(rows)), min(args.n, len(rows)))
    cache: dict = {}
    print(f"{len(drawn)} of {len(rows)} {args.table} rows, seed {args.seed}\n")
    for i, k in enumerate(drawn, 1):
        print(f"[{i}] " + show(rows[k], sources.get(rows[k]["doc_id"]), cache, args.context) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

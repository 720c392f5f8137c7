"""Draw random rows of one output table and print each beside its source, to judge them by hand.

    .venv/bin/python scripts/sample_rows.py deadlines /tmp/real --n 30 --seed 7
    .venv/bin/python scripts/sample_rows.py documents /tmp/real --n 20 --seed 11

The source file comes from `documents.csv` (`source` by `doc_id`) and is read with the pipeline's
own ingest, so line numbers (and PDF pages) are the ones the tables cite. A row with a `line` (or
`line_start`) is printed with the lines around it; a row without one (`documents`) with the first
and last lines of its file, where the header and the signature stand.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import ingest  # noqa: E402
from pipeline.errors import InputError  # noqa: E402


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def show(lines, first: int, last: int, mark: int | None, page: str | None) -> None:
    for ln in lines:
        if page and ln.page is not None and str(ln.page) != page:
            continue
        if first <= ln.no <= last and ln.text.strip():
            print(f"{'>>' if ln.no == mark else '  '} {ln.no:5d} | {ln.text.strip()[:220]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("table", help="table name: documents, sections, deadlines, …")
    parser.add_argument("outdir", type=Path, help="an outputs folder written by `plans run`")
    parser.add_argument("--n", type=int, default=40, help="rows to draw (default 40)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--context", type=int, default=3, help="lines shown either side (default 3)")
    parser.add_argument("--head", type=int, default=30, help="first lines shown for a row without a line")
    parser.add_argument("--tail", type=int, default=25, help="last lines shown for a row without a line")
    parser.add_argument("--columns", help="comma-separated columns to print (default: all non-empty)")
    args = parser.parse_args()

    rows = read_csv(args.outdir / f"{args.table}.csv")
    sources = {d["doc_id"]: d["source"] for d in read_csv(args.outdir / "documents.csv")}
    picked = random.Random(args.seed).sample(range(len(rows)), min(args.n, len(rows)))
    cache: dict[str, list] = {}
    for k, index in enumerate(picked, 1):
        row = rows[index]
        print(f"=== {k}/{len(picked)} {args.table} row {index + 2}")
        keys = args.columns.split(",") if args.columns else [k for k, v in row.items() if v]
        for key in keys:
            print(f"  {key}: {row.get(key, '')}")
        source = sources.get(row.get("doc_id", ""))
        if not source:
            print("  (no source for this doc_id)")
            continue
        if source not in cache:
            try:
                cache[source] = ingest.read_document(source).lines
            except InputError as exc:
                print(f"  ({source}: {exc.reason})")
                continue
        lines = cache[source]
        line = row.get("line") or row.get("line_start")
        if line:
            mark = int(line)
            show(lines, mark - args.context, mark + args.context, mark, row.get("page"))
        elif lines:
            show(lines[:args.head], 1, 10**9, None, None)
            print("   ...")
            show(lines[-args.tail:], 1, 10**9, None, None)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Draw random rows of one table from a `plans run` output folder and show each with its source
line and neighbours, so that a person can read and judge them.

    python scripts/sample_rows.py indicators outputs --n 40 --seed 7
    python scripts/sample_rows.py deadlines /tmp/out --n 30 --seed 1 --context 2

The source is read again through the pipeline's own ingest (so that `.docx`/`.pdf` line numbers
are the ones the rows cite). A row without a line (`documents`) is shown with the first and last
lines of its file, where the header and the signature stand (`--head`, `--tail`). Write your verdict beside each row; the precision is the share you
judge right.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHOW = {
    "indicators": ("comparator", "value", "value_max", "unit", "unit_text", "target_year", "year_inferred", "metric"),
    "deadlines": ("kind", "date", "month_day", "recurrence", "start", "end", "subject", "responsible"),
    "agencies": ("agency", "agency_canonical", "agency_level", "role", "indicator_nos"),
    "citations": ("key", "doc_type", "issue_date", "issuer", "relation"),
    "documents": ("doc_type", "number", "issuer", "admin_level", "locality", "province", "issue_date", "title",
                  "period_start", "period_end", "signer", "signer_title", "parent_key", "draft"),
    "sections": ("section_id", "level", "heading", "kind"),
}


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def source_lines(source: str, cache: dict) -> list[tuple[int, int | None, str]]:
    if source not in cache:
        from pipeline.ingest import read_document

        try:
            raw = read_document(source)
            cache[source] = [(ln.no, ln.page, ln.text) for ln in raw.lines]
        except Exception as exc:  # the row's file may have moved; say so and go on
            cache[source] = [(0, None, f"(cannot read {source}: {exc})")]
    return cache[source]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("table", choices=sorted(SHOW))
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--context", type=int, default=1, help="lines shown before and after the cited line")
    ap.add_argument("--head", type=int, default=25, help="first lines shown for a row without a line")
    ap.add_argument("--tail", type=int, default=20, help="last lines shown for a row without a line")
    args = ap.parse_args(argv)
    rows = read(args.outdir / f"{args.table}.csv")
    documents = {d["doc_id"]: d for d in read(args.outdir / "documents.csv")}
    rng = random.Random(args.seed)
    sample = rng.sample(rows, min(args.n, len(rows)))
    print(f"# {len(sample)} of {len(rows)} {args.table} rows, seed {args.seed}\n")
    cache: dict = {}
    for k, row in enumerate(sample, 1):
        doc = documents.get(row["doc_id"], {})
        fields = " | ".join(f"{f}={row.get(f, '')}" for f in SHOW[args.table] if row.get(f, "") != "")
        print(f"[{k}] {row['doc_id']} ({doc.get('doc_type') or '?'})  {fields}")
        line = row.get("line") or row.get("line_start")
        if line and doc.get("source"):
            page = row.get("page") or None
            for no, pg, text in source_lines(doc["source"], cache):
                if page and pg is not None and str(pg) != str(page):
                    continue
                if abs(no - int(line)) <= args.context:
                    mark = ">>" if no == int(line) else "  "
                    print(f"   {mark} {no:5d}: {text[:400]}")
        elif doc.get("source"):
            lines = [x for x in source_lines(doc["source"], cache) if x[2].strip()]
            shown = lines if len(lines) <= args.head + args.tail else lines[:args.head] + [None] + lines[-args.tail:]
            for item in shown:
                print("      ..." if item is None else f"      {item[0]:5d}: {item[2][:400]}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

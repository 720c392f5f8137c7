"""Scanned copies of dev plans against the gold: how much OCR costs in quality and time.

    .venv/bin/python scripts/ocr_eval.py [STEM ...] [--jobs N] [--pages N] [--work DIR]

Each plan is printed to a PDF (`tests/conftest.make_pdf`), rendered at 200 dpi, turned by up to
0.6°, given grain and specks and JPEG-compressed (`make_scan`): an image-only PDF. `plans run`
reads the copies (OCR with Tesseract, no cache: `PLANS_CACHE_DIR` points at a fresh folder) and
the tables are scored against ../shared/gold. Line numbers of a PDF count lines per page, so
rows are matched without them: documents by field, sections by id and heading (tone marks,
dashes, spacing folded), indicators by value + unit + year. Prints the scores of the text copies
for comparison, and pages per second.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from conftest import CORPUS, GOLD, corpus_lines, make_scan  # noqa: E402

from pipeline.evaluate import DOC_FIELDS, load_gold, norm_value  # noqa: E402
from pipeline.normalize import fold  # noqa: E402

DEFAULT = ["000_af98d75339ed8083", "002_cb41b1295af3bb46", "003_2bd3cd32362b3bc4"]


def table(out: Path, name: str) -> list[dict]:
    with (out / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def num(v) -> str:
    if v in (None, ""):
        return ""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return str(v)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def score(out: Path, stems: list[str]) -> dict[str, tuple]:
    gold = {k: v for k, v in load_gold(GOLD).items() if k in stems}
    docs = {r["doc_id"]: r for r in table(out, "documents")}
    correct = total = 0
    for doc_id, g in gold.items():
        row = docs.get(doc_id, {})
        for key in DOC_FIELDS:
            if key in (g.get("document") or {}):
                total += 1
                want = g["document"][key]
                alts = want if isinstance(want, list) else [want]
                correct += any(norm_value(row.get(key)) == norm_value(a) for a in alts)
    def variants(item: dict) -> list[dict]:
        alt = item.get("alt") or {}
        alts = alt if isinstance(alt, list) else [alt]
        return [item] + [{**item, **a} for a in alts if isinstance(a, dict)]

    def match(gold_items: dict, rows: dict, key) -> tuple[float, float, float]:
        tp = n_gold = n_rows = 0
        for doc_id in gold:
            items, out = gold_items.get(doc_id, []), [key(r) for r in rows.get(doc_id, [])]
            n_gold += len(items)
            n_rows += len(out)
            used = set()
            for item in items:
                keys = {key(v) for v in variants(item)}
                for k, got in enumerate(out):
                    if k not in used and got in keys:
                        used.add(k)
                        tp += 1
                        break
        p = tp / n_rows if n_rows else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def by_doc(rows: list[dict]) -> dict:
        out: dict[str, list] = {}
        for r in rows:
            out.setdefault(r["doc_id"], []).append(r)
        return out

    sec_key = lambda r: (str(r["section_id"]), fold(str(r.get("heading") or "")).lower())  # noqa: E731
    ind_key = lambda r: (num(r.get("value")), r.get("unit") or "", num(r.get("target_year")))  # noqa: E731
    sections = match({d: g.get("sections") or [] for d, g in gold.items()}, by_doc(table(out, "sections")), sec_key)
    targets = match({d: g.get("indicators") or [] for d, g in gold.items()}, by_doc(table(out, "indicators")), ind_key)
    return {"documents": (correct / total if total else 0.0, correct, total),
            "sections": sections, "indicators": targets}


def run(inputs: Path, out: Path, jobs: int, cache: Path) -> float:
    env = {**os.environ, "PLANS_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/plans"), "run", str(inputs), "--out", str(out), "--jobs", str(jobs), "-q"],
                   env=env, check=False)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stems", nargs="*", default=DEFAULT)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1])
    ap.add_argument("--work", type=Path, default=None, help="keep the copies and outputs here")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="ocr-eval-"))
    scans, texts = work / "scans", work / "texts"
    scans.mkdir(parents=True, exist_ok=True)
    texts.mkdir(parents=True, exist_ok=True)
    pages = 0
    import pypdfium2 as pdfium

    for stem in args.stems:
        path = make_scan(corpus_lines(stem), scans / f"{stem}.pdf")
        pages += len(pdfium.PdfDocument(str(path)))
        (texts / f"{stem}.txt").write_bytes((CORPUS / f"{stem}.txt").read_bytes())
    run(texts, work / "out-text", 1, work / "cache-text")
    print(f"{len(args.stems)} plans, {pages} scanned pages")
    for jobs in args.jobs:
        seconds = run(scans, work / f"out-scan-{jobs}", jobs, work / f"cache-{jobs}")
        print(f"--jobs {jobs}: {seconds:.0f} s, {pages / seconds:.2f} pages/s")
    text_scores = score(work / "out-text", args.stems)
    scan_scores = score(work / f"out-scan-{args.jobs[0]}", args.stems)
    print(f"{'table':<11} {'text':>22} {'scan':>22}")
    for name in ("documents", "sections", "indicators"):
        fmt = (lambda s: f"acc {s[0]:.3f} ({s[1]}/{s[2]})") if name == "documents" else \
              (lambda s: f"P {s[0]:.2f} R {s[1]:.2f} F1 {s[2]:.3f}")
        print(f"{name:<11} {fmt(text_scores[name]):>22} {fmt(scan_scores[name]):>22}")
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()

"""Benchmark: the whole pipeline (`plans run`: extraction, audit, CSV, SQLite, XLSX, HTML) over N
copies of the corpus, in one process.

    .venv/bin/python scripts/benchmark.py --copies 50

Prints plans/s, MB/s, ms per plan (extraction alone and end to end) and peak memory. Not a test:
numbers depend on the machine; the README quotes them for the 2-core CI machine.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import api, cli  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=50, help="copies of the corpus (default 50)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--jobs", type=int, default=1, help="processes for `plans run` (default 1)")
    args = parser.parse_args()
    files = api.find_inputs([args.corpus])
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for k in range(args.copies):
            for f in files:
                shutil.copy(f, src / f"{f.stem}_{k:04d}{f.suffix}")
        inputs = api.find_inputs([src])
        size = sum(p.stat().st_size for p in inputs)
        start = time.perf_counter()
        api.extract(files[0])  # loads rules, patterns and the spaCy matcher once
        startup = time.perf_counter() - start
        start = time.perf_counter()
        results = list(api.extract_many(inputs))
        extraction = time.perf_counter() - start
        del results
        start = time.perf_counter()
        code = cli.main(["run", str(src), "--out", str(Path(tmp) / "out"), "-q", "--jobs", str(args.jobs)])
        total = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(inputs)
    print(f"{n} plans ({size / 1e6:.1f} MB), exit code {code}; start-up {startup:.2f} s")
    print(f"extraction: {n / extraction:.1f} plans/s, {size / 1e6 / extraction:.2f} MB/s, "
          f"{1000 * extraction / n:.1f} ms per plan")
    print(f"plans run --jobs {args.jobs} (extraction + audit + CSV + SQLite + XLSX + HTML): {n / total:.1f} plans/s, "
          f"{1000 * total / n:.1f} ms per plan; peak memory {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

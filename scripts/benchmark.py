"""Benchmark: run the whole pipeline (`plans run`) over N copies of the corpus.

    .venv/bin/python scripts/benchmark.py --copies 50

Prints plans/s, MB/s, ms per plan and peak memory. Not a test: numbers depend on the machine;
the README quotes them for the 2-core CI machine.
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

from pipeline import api, export  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=50, help="copies of the corpus (default 50)")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
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
        results = list(api.extract_many(inputs))
        export.write_tables(Path(tmp) / "out", export.table_rows(results))
        elapsed = time.perf_counter() - start
    failed = sum(isinstance(r, api.ErrorRow) for r in results)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(inputs)} plans ({size / 1e6:.1f} MB) in {elapsed:.2f} s, {failed} failed")
    print(f"{len(inputs) / elapsed:.1f} plans/s, {size / 1e6 / elapsed:.2f} MB/s, "
          f"{1000 * elapsed / len(inputs):.1f} ms per plan, peak memory {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

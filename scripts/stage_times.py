"""Where the time of `plans run` goes, without a profiler: CPU time (inclusive) of each stage and
output step, per plan, over copies of the corpus in one process (`--jobs 1`, cache on and cold).

    .venv/bin/python scripts/stage_times.py --size 400

Each named function is wrapped with a CPU-time counter (a function that calls another includes
it). Not a test: the figures depend on the machine, and on a shared virtual machine vary by a
quarter from one hour to the next; compare two versions by running them one after the other.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

TIMED = {  # module -> functions (Class.method for methods)
    "api": ["extract"], "ingest": ["read_document"], "normalize": ["normalize_document"],
    "segment": ["paragraphs_to_sections"], "metadata": ["read_metadata"], "indicators": ["read_indicators"],
    "citations": ["read_citations"], "agencies": ["read_agencies"], "deadlines": ["read_deadlines"],
    "cache": ["Cache.put"], "report": ["render_source"], "duplicates": ["_text_key"],
    "batch": ["extract_chunk", "audit_chunk", "_Outputs.append_part", "_Outputs.add_findings", "write_workbook",
              "write_report", "_write_csv_part"],
    "parquet": ["write_part"], "store": ["insert_rows", "insert_passages", "finish"],
    "audit": ["compare_plan", "plan_findings", "plan_comparisons"], "export": ["OutputFolder.commit"],
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=400)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    args = ap.parse_args()

    import benchmark
    from pipeline import api, batch

    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)

    def wrap(owner, name: str, label: str) -> None:
        fn = getattr(owner, name)

        @functools.wraps(fn)
        def timed(*a, **k):
            start = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[label] += time.process_time() - start
                calls[label] += 1

        setattr(owner, name, timed)

    for module, names in TIMED.items():
        mod = importlib.import_module(f"pipeline.{module}")
        for name in names:
            owner, attr = (getattr(mod, name.split(".")[0]), name.split(".")[1]) if "." in name else (mod, name)
            wrap(owner, attr, f"{module}.{name}")

    work = Path(tempfile.mkdtemp(prefix="plans-stages-"))
    try:
        files = benchmark.make_inputs(Path(args.corpus), args.size, work / "in")
        api.extract(files[0])  # start-up (rules, patterns, spaCy) outside the figures
        spent.clear()
        calls.clear()
        start = time.process_time()
        batch.run(files, work / "out", jobs=1, cache_dir=work / "cache")
        total = time.process_time() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(files)
    print(f"{n} plans, one process, CPU ms per plan (inclusive):")
    for label, t in sorted(spent.items(), key=lambda x: -x[1]):
        print(f"  {label:32s} {1000 * t / n:7.2f}   ({calls[label]} calls)")
    print(f"  {'the whole run':32s} {1000 * total / n:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

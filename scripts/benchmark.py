"""Benchmark: `plans run` end to end (extraction, audit, CSV, Parquet, SQLite with FTS, XLSX, HTML,
source pages, cache) over copies of the corpus, at several sizes and numbers of worker processes.
Copy k > 0 of a plan gets its number changed and a last line added, so that it is a document of its
own and not a copy (which `plans run` would count once).

    .venv/bin/python scripts/benchmark.py --sizes 400 4000 --jobs 1 2      (make bench)
    .venv/bin/python scripts/benchmark.py --sizes 400 --profile             (where the time goes)

Each run is a fresh `plans run` process. Reported: wall time, plans/s, MB/s, ms per plan, CPU time
of all its processes (CPU ms per plan does not depend on how busy the machine is; wall time does),
and peak memory: the largest total over the run's processes (driver and workers, sampled every
50 ms, proportional set sizes: a page shared by the processes counts once) and the largest single
process (its peak resident size). `--profile` runs the 400-plan case in one process under
cProfile and prints the share of each stage. Not a test: the figures depend on the machine; the
README keeps them with the machine's load at the time.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_inputs(corpus: Path, size: int, folder: Path) -> list[Path]:
    from pipeline import api

    files = api.find_inputs([corpus])
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    texts = {f: f.read_text(encoding="utf-8") for f in files}
    for k in range(math.ceil(size / len(files))):
        for f in files:
            if len(made) == size:
                break
            target = folder / f"{f.stem}_{k:05d}{f.suffix}"
            text = texts[f]
            if k:  # a document of its own, not a copy of one (`duplicates` would count copies once)
                text = re.sub(r"(Số:\s*)(\d+)", lambda m: f"{m.group(1)}{m.group(2)}{k:05d}", text, count=1)
                text += f"\n\n(Bản số {k}.)\n"
            target.write_text(text, encoding="utf-8")
            made.append(target)
    return made


def _tree_pss_kb(pid: int) -> int:
    """Memory of a process and its descendants: the sum of their proportional set sizes (a page
    shared by n processes counts 1/n in each, so shared libraries and forked pages count once)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration, PermissionError):
            continue
    return total


def run_once(src: Path, out: Path, jobs: int, engine: str = "local") -> dict:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(src), "--out", str(out), "-q", "--jobs", str(jobs),
           "--engine", engine]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_tree_mb": peak[0] / 1024,
            "peak_proc_mb": usage.ru_maxrss / 1024, "code": proc.returncode, "load": load}


STAGES = [  # (label, module file, function): cumulative time of each, from the profile
    ("read files (ingest)", "ingest.py", "read_document"),
    ("normalize", "normalize.py", "normalize_document"),
    ("segment", "segment.py", "paragraphs_to_sections"),
    ("metadata", "metadata.py", "read_metadata"),
    ("indicators", "indicators.py", "read_indicators"),
    ("citations", "citations.py", "read_citations"),
    ("agencies", "agencies.py", "read_agencies"),
    ("deadlines", "deadlines.py", "read_deadlines"),
    ("all of extraction", "api.py", "extract"),
    ("worker: rows to parts (CSV, Parquet, SQLite, pickle)", "batch.py", "extract_chunk"),
    ("worker: link + audit + parts", "batch.py", "audit_chunk"),
    ("driver: append parts (CSV, Parquet, SQLite)", "batch.py", "append_part"),
    ("driver: findings in order, written", "batch.py", "add_findings"),
    ("driver: full-text index + indexes", "store.py", "finish"),
    ("side: plans.xlsx", "batch.py", "write_workbook"),
    ("side: report.html", "batch.py", "write_report"),
    ("commit (sha256 of every output)", "export.py", "commit"),
    ("the whole run", "batch.py", "run"),
]


def profile(src: Path, out: Path) -> None:
    import cProfile
    import pstats

    from pipeline import api, batch

    files = api.find_inputs([src])
    api.extract(files[0])  # start-up (rules, patterns, spaCy) outside the figures
    prof = cProfile.Profile()
    prof.enable()
    batch.run(files, out, jobs=1)
    prof.disable()
    stats = pstats.Stats(prof).stats
    cum = {}
    for (filename, _, name), (_, _, _, ct, _) in stats.items():
        for label, module, func in STAGES:
            if name == func and filename.endswith("/pipeline/" + module):
                cum[label] = cum.get(label, 0.0) + ct
    total = cum.get("the whole run", 1.0)
    extract_all = cum.get("all of extraction", 0.0)
    print(f"\nprofile, {len(files)} plans in one process (cProfile slows Python code ~2x; shares are what counts):")
    for label, _, _ in STAGES:
        t = cum.get(label, 0.0)
        if label == "worker: rows to parts (CSV, Parquet, SQLite, pickle)":
            t -= extract_all  # extract_chunk includes the extraction
        print(f"  {label:55s} {t:7.2f} s  {100 * t / total:5.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 4000], help="numbers of plans (default 400 4000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker processes (default 1 2)")
    parser.add_argument("--engine", default="local", choices=["local", "dask"])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--profile", action="store_true", help="profile the first size in one process")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            src = Path(tmp) / f"in{size}"
            inputs = make_inputs(Path(args.corpus), size, src)
            mb = sum(p.stat().st_size for p in inputs) / 1e6
            if args.profile:
                profile(src, Path(tmp) / "profile-out")
                break
            for jobs in args.jobs:
                out = Path(tmp) / f"out{size}-{jobs}"
                r = run_once(src, out, jobs, args.engine)
                results[(size, jobs)] = r
                n = len(inputs)
                print(f"{n:6d} plans ({mb:5.1f} MB) --jobs {jobs}: {r['wall']:6.1f} s, {n / r['wall']:6.1f} plans/s, "
                      f"{mb / r['wall']:5.2f} MB/s, {1000 * r['wall'] / n:6.1f} ms/plan; CPU {r['cpu']:6.1f} s "
                      f"({1000 * r['cpu'] / n:5.1f} ms/plan); peak memory {r['peak_tree_mb']:5.0f} MB all processes, "
                      f"{r['peak_proc_mb']:4.0f} MB largest; load {r['load']:.1f}; exit {r['code']}", flush=True)
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(src, ignore_errors=True)
    for size in args.sizes:
        if (size, 1) in results and (size, 2) in results:
            a, b = results[(size, 1)], results[(size, 2)]
            print(f"{size} plans: --jobs 2 is {a['wall'] / b['wall']:.2f}x --jobs 1 (wall), "
                  f"CPU {b['cpu'] / a['cpu']:.2f}x")
    if len(args.sizes) >= 2:
        small, large = min(args.sizes), max(args.sizes)
        for jobs in args.jobs:
            if (small, jobs) in results and (large, jobs) in results:
                ratio = results[(large, jobs)]["peak_tree_mb"] / results[(small, jobs)]["peak_tree_mb"]
                print(f"--jobs {jobs}: peak memory at {large} plans is {ratio:.2f}x the peak at {small}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())

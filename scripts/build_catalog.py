"""Fill the national targets of rules/indicator_catalog.yaml by running the pipeline on the
national programme (the catalog's `source` document in corpus/).

    .venv/bin/python scripts/build_catalog.py          # rewrite the `national` entries
    .venv/bin/python scripts/build_catalog.py --check  # exit 1 when the file is stale

Codes, names and matching phrases are edited by hand; only `national` is generated (each target
with its source line and sentence, so that findings quote the programme even when it is not in the
run).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import catalog, extract, rules  # noqa: E402

CATALOG = ROOT / "rules" / "indicator_catalog.yaml"


def national_targets(data: dict) -> dict[str, dict]:
    result = extract(ROOT / "corpus" / f"{data['source']}.txt")
    out: dict[str, dict] = {}
    for t in result.indicators:
        if t.code is None:
            continue
        entry = out.setdefault(t.code, {})
        target = {"comparator": t.comparator, "value": t.value, "unit": t.unit, "line": t.line}
        if getattr(t, "value_max", None) is not None:
            target["value_max"] = t.value_max  # a range: `từ 2 đến 3%`
        target["text"] = " ".join(t.text.split())  # the sentence, quoted by the audit's findings
        entry[t.target_year or "any"] = target
    return out


def render(data: dict, targets: dict[str, dict]) -> str:
    text = CATALOG.read_text(encoding="utf-8")
    header = text[:text.index("source:")]
    lines = [header.rstrip("\n")]
    for key, value in data.items():
        if key != "indicators":
            lines.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=200).rstrip("\n"))
    lines.append("indicators:")
    for e in data["indicators"]:
        e = {k: v for k, v in e.items() if k != "national"}
        if e["code"] in targets:
            e["national"] = {year: targets[e["code"]][year] for year in sorted(targets[e["code"]], key=str)}
        block = yaml.safe_dump([e], allow_unicode=True, sort_keys=False, width=10000, default_flow_style=None)
        lines.append(block.rstrip("\n"))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when the catalog is stale")
    args = parser.parse_args()
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    new = render(data, national_targets(data))
    if args.check:
        stale = new != CATALOG.read_text(encoding="utf-8")
        print("rules/indicator_catalog.yaml is stale: run scripts/build_catalog.py" if stale else "catalog up to date")
        return 1 if stale else 0
    CATALOG.write_text(new, encoding="utf-8")
    rules.clear_cache()
    catalog.entries.cache_clear()
    print(f"wrote {CATALOG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The indicator catalog: derived from the national programme, and the codes each plan gets."""
from __future__ import annotations

import subprocess
import sys

import yaml

from conftest import ROOT, corpus_file
from pipeline import catalog, extract


def test_catalog_national_targets_are_what_the_pipeline_reads():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_catalog.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_catalog_quantity_has_a_national_target():
    data = yaml.safe_load((ROOT / "rules" / "indicator_catalog.yaml").read_text(encoding="utf-8"))
    assert sorted({e["number"] for e in data["indicators"]}) == list(range(1, 25))
    assert [e["code"] for e in data["indicators"] if not e.get("national")] == []
    te3b = next(e for e in data["indicators"] if e["code"] == "TE03B")
    target = dict(te3b["national"][2025])
    quote = target.pop("text")  # the programme's sentence ships with the catalog
    assert target == {"comparator": "<=", "value": 12.5, "unit": "per_1000", "line": 23}
    assert "dưới 1 tuổi trên 1.000 trẻ đẻ sống xuống 12,5 vào năm 2025" in quote


def codes(stem):
    return sorted({r.code for r in extract(corpus_file(stem)).indicators if r.code})


def test_codes_per_plan():
    assert codes("002_cb41b1295af3bb46") == sorted(
        {"TE01", "TE02", "TE03A", "TE03B", "TE03C", "TE04A", "TE04B", "TE04C", "TE04D", "TE05A", "TE05B", "TE06",
         "TE07", "TE08A", "TE08B", "TE09", "TE10", "TE11A", "TE11B", "TE12", "TE13", "TE14", "TE15", "TE16",
         "TE17A", "TE18A", "TE18B", "TE19", "TE20A", "TE20B", "TE21", "TE22", "TE23", "TE24"})
    assert codes("001_aa895cb07729ff69") == ["TE01", "TE04A", "TE08B", "TE20B"]
    assert codes("003_2bd3cd32362b3bc4") == ["TE02", "TE08A", "TE08B", "TE11A", "TE11B", "TE22"]
    assert "TE17A" not in codes("000_af98d75339ed8083")  # 000 measures enrolment at the right age instead


def test_unnumbered_malnutrition_bullet_is_the_underweight_quantity():
    assert catalog.code_for("Tỷ lệ suy dinh dưỡng của trẻ em dưới 5 tuổi (cân nặng theo tuổi)") == "TE04A"
    assert catalog.code_for("Tỷ suất tử vong của trẻ em dưới 01 tuổi trên 1.000 trẻ đẻ sống") == "TE03B"
    assert catalog.code_for("Cha mẹ, người chăm sóc trẻ em được cung cấp thông tin về lao động trẻ em") is None

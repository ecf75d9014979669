"""The seed against its gold annotation (scored by the shared scorer), and the bundled sample's golden output."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from plantool import extract
from plantool.serialize import to_json, to_yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/000_ac99830143e30ec3.txt"
GOLD = "gold/000_ac99830143e30ec3.yaml"


@pytest.fixture(scope="module")
def scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("shared_score", shared / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_scores_full_marks(shared: Path, scorer, rules) -> None:
    doc = extract(shared / SEED, rules=rules)
    gold = yaml.safe_load((shared / GOLD).read_text(encoding="utf-8"))
    text = scorer.read_text(shared / SEED)
    result = scorer.score(gold, text, json.loads(to_json(doc)))
    assert result["f1"] == 1.0, (result["missed"], result["false_positives"])
    assert result["unit_acc"] == 1.0 and result["comparator_acc"] == 1.0
    assert result["indicator_f1"] >= 0.9
    assert result["kind_acc"] >= 0.9 and result["strength_acc"] >= 0.9
    assert result["pillar_recall"] == 1.0 and result["measure_count_acc"] == 1.0
    assert [len(p.measures) for p in doc.pillars] == [3, 2, 4, 3, 3, 3]
    assert doc.title == gold["title"]


def test_bundled_sample_matches_golden_output(request: pytest.FixtureRequest, rules) -> None:
    doc = extract(ROOT / "data" / "sample.txt", rules=rules)
    doc.source.path = "data/sample.txt"  # independent of where the checkout lives
    golden = ROOT / "tests" / "golden" / "sample.yaml"
    if request.config.getoption("--update-golden"):
        golden.write_text(to_yaml(doc), encoding="utf-8")
    assert to_yaml(doc) == golden.read_text(encoding="utf-8"), "output changed: review, then run pytest --update-golden"

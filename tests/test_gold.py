"""The seed against its gold annotation (scored by the shared scorer), and the bundled sample's golden output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import load_module

from plantool import extract
from plantool.output.serialize import to_json, to_yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SEED = "seeds/000_ac99830143e30ec3.txt"
GOLD = "gold/000_ac99830143e30ec3.yaml"




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


# Floors under the development set's figures (tests/gold, docs/accuracy.md): a change that drops
# below one has broken something. The held-out set (tests/holdout) is never asserted on: it is
# scored on demand (python docs/accuracy.py --holdout), so that no test tunes the rules to it.
DEV_FLOORS = {
    "f1": 0.95,
    "unit_acc": 0.98,
    "comparator_acc": 0.95,
    "indicator_f1": 0.85,
    "kind_acc": 0.9,
    "strength_acc": 0.95,
    "pillar_recall": 0.9,
    "horizon_acc": 0.97,
    # over matched period items: national 1960's programme goals (…在十二年内…) count in it since they are
    # found, and several give their span's years without the year it starts (0.936 -> 0.926)
    "period_acc": 0.92,
    "role_acc": 0.98,
}


def test_development_set_meets_its_marks(shared: Path, rules) -> None:
    from plantool.workflows.evaluate import evaluate

    figures = evaluate([ROOT / "tests" / "gold"], rules).total.figures()
    assert figures["gold"] >= 800
    low = {k: figures[k] for k, floor in DEV_FLOORS.items() if figures[k] < floor}
    assert not low, low


def test_accuracy_doc_is_current(shared: Path) -> None:
    module = load_module(ROOT / "docs" / "accuracy.py", "accuracy_doc")
    doc, readme = module.render()
    assert doc == (ROOT / "docs" / "accuracy.md").read_text(encoding="utf-8"), "run python docs/accuracy.py"
    assert readme == (ROOT / "README.md").read_text(encoding="utf-8"), "run python docs/accuracy.py"

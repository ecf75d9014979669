"""plantool eval agrees with the shared scorer, and reads gold files carefully."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from plantool import PlantoolError, extract
from plantool.cli import app
from plantool.output.serialize import to_json
from plantool.pipeline.read import read_source
from plantool.workflows.evaluate import evaluate, load_gold, score_document

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIRS = [ROOT / "tests" / "gold", ROOT / "tests" / "holdout"]




def _gold_files(shared: Path) -> list[tuple[Path, Path]]:
    pairs = [(shared / "gold" / "000_ac99830143e30ec3.yaml", shared / "seeds" / "000_ac99830143e30ec3.txt")]
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.yaml")):
            pairs.append((path, (path.parent / load_gold(path).document).resolve()))  # type: ignore[operator]
    return pairs


def test_figures_agree_with_shared_scorer(shared: Path, scorer, rules) -> None:
    pairs = _gold_files(shared)
    assert len(pairs) >= 2
    for gold_path, doc_path in pairs:
        if load_gold(gold_path).scope:
            continue  # score.py scores whole documents; a gold of some passages only is ours to score
        source = read_source(doc_path)
        doc = extract(source, rules=rules)
        ours = score_document(load_gold(gold_path), source.text, doc, gold_path.stem, gold_path).figures()
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        theirs = scorer.score(gold, scorer.read_text(doc_path), json.loads(to_json(doc)))
        assert set(theirs) - {"missed", "false_positives"} <= set(ours), gold_path.name
        for key in set(ours) & set(theirs):
            if ours["gold"] == ours["predicted"] == 0 and key in ("precision", "recall", "f1"):
                # nothing to find and nothing found: ours has no figure, score.py writes 0
                assert ours[key] is None and theirs[key] == 0, (gold_path.name, key)
                continue
            assert theirs[key] == ours[key], (gold_path.name, key)


def test_micro_average_sums_counts(shared: Path, rules, tmp_path: Path) -> None:
    seed_gold = yaml.safe_load((shared / "gold" / "000_ac99830143e30ec3.yaml").read_text(encoding="utf-8"))
    seed_gold["document"] = str(shared / "seeds" / "000_ac99830143e30ec3.txt")
    for name, keep in (("a.yaml", slice(0, 10)), ("b.yaml", slice(10, None))):
        part = dict(seed_gold, targets=seed_gold["targets"][keep])
        (tmp_path / name).write_text(yaml.safe_dump(part, allow_unicode=True), encoding="utf-8")
    result = evaluate([tmp_path], rules)
    assert [s.name for s in result.documents] == ["a", "b"]
    total = result.total.figures()
    assert total["gold"] == 20 and total["tp"] == 20
    # each half leaves the other half's targets as false positives
    assert total["fp"] == 20 and total["precision"] == 0.5


def test_missing_quote_names_the_gold_file(tmp_path: Path, shared: Path, rules) -> None:
    gold = tmp_path / "g.yaml"
    gold.write_text(
        f"document: {shared / 'seeds' / '000_ac99830143e30ec3.txt'}\ntargets:\n  - {{quote: 不在文中的句子, value: 1}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlantoolError, match=r"g\.yaml: gold quote not found"):
        evaluate([gold], rules)


def test_bad_gold_file_is_reported(tmp_path: Path) -> None:
    gold = tmp_path / "g.yaml"
    gold.write_text("targets:\n  - {value: 1}\n", encoding="utf-8")
    with pytest.raises(PlantoolError, match=r"targets.0.quote"):
        load_gold(gold)


def test_cli_eval_formats_and_threshold(shared: Path) -> None:
    runner = CliRunner()
    args = ["eval", str(shared / "gold" / "000_ac99830143e30ec3.yaml"), "--doc", str(shared / "seeds" / "000_ac99830143e30ec3.txt")]
    md = runner.invoke(app, [*args, "-f", "md"])
    assert md.exit_code == 0, md.output
    assert "| **micro average** | 20 | 20 | 1.000 |" in md.stdout
    js = runner.invoke(app, [*args, "-f", "json", "--show"])
    data = json.loads(js.stdout)
    assert data["micro_average"]["f1"] == 1.0 and data["documents"][0]["missed"] == []
    table = runner.invoke(app, args)
    assert "micro average" in table.stdout


def test_nothing_to_find_and_nothing_found_has_no_f1(tmp_path: Path) -> None:
    """A report whose gold holds no target, and from which none is extracted, is no failure: its
    precision, recall and F1 are shown as – and --min-f1 passes."""
    report = tmp_path / "r.txt"
    report.write_text("青禾区2026年政府工作报告\n一、2025年工作回顾\n去年新建学校3所。\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_text(f"document: {report}\ntargets: []\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "g.yaml"), "-f", "md", "--min-f1", "0.9"])
    assert result.exit_code == 0, result.output
    assert "| g | 0 | 0 | – | – | – |" in result.stdout


def test_a_scope_scores_only_the_passages_annotated(tmp_path: Path) -> None:
    """A gold file of a report's five-year passage: targets elsewhere neither count nor cost, and one
    layer is scored alone."""
    from plantool import extract_text, load_rules
    from plantool.workflows.evaluate import Gold, score_document

    text = "今年地区生产总值增长6%左右。\n今后五年，城镇新增就业500万人以上，森林覆盖率达到45%。\n"
    doc = extract_text(text, rules=load_rules())
    where = tmp_path / "gold.yaml"
    gold = Gold.model_validate(
        {
            "scope": [{"from": "今后五年", "to": "达到45%。"}],
            "targets": [{"quote": "城镇新增就业500万人以上", "value": 5000000, "horizon": "period", "basis": "cumulative"}],
        }
    )
    s = score_document(gold, text, doc, "gold", where)
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)  # 森林覆盖率 is in the scope and not in the gold; 6% is outside it
    assert s.field_hits["basis"] == s.field_totals["basis"] == 1
    annual = score_document(gold, text, doc, "gold", where, horizon="annual")
    assert (annual.tp, annual.fp, annual.fn) == (0, 0, 0)
    with pytest.raises(PlantoolError, match="scope end not found"):
        score_document(gold.model_copy(update={"scope": [gold.scope[0].model_copy(update={"to": "无此句"})]}), text, doc, "g", where)

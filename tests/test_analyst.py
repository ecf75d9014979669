"""summarize, query and validate, from Python and from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import run_main
from typer.testing import CliRunner

from plantool import PlantoolError, extract, extract_text, load_rules
from plantool.analysis.query import Filters, query
from plantool.analysis.summarize import summarize
from plantool.cli import app
from plantool.output.serialize import to_json
from plantool.rules.identity import naming

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample.txt"
runner = CliRunner()

PLAN_OLD = """甲省2025年政府工作报告
一、2025年重点工作
（一）扩大内需
力争新增高新技术企业20家。地区生产总值增长5%左右。
（二）改善民生
确保城镇新增就业1万人以上，新建幼儿园5所。经济增长预期目标为5%左右。
"""


@pytest.fixture(scope="module")
def doc():
    return extract_text(PLAN_OLD, name="甲省.txt")


def test_summary_counts_pillars_and_groups(doc) -> None:
    s = summarize(doc)
    assert (s.title, s.year, s.region) == ("甲省2025年政府工作报告", 2025, "甲省")
    assert s.counts["targets"] == 4 and s.counts["restatements"] == 1 and s.counts["pillars"] == 2
    assert [(p.title, p.targets) for p in s.pillars] == [("扩大内需", 2), ("改善民生", 2)]
    assert s.by_kind == {"increase": 4}
    # 确保 governs the rest of its sentence: 新建幼儿园5所 is binding too
    assert s.by_strength == {"binding": 2, "aspirational": 1, "planned": 1}
    assert s.by_unit_family == {"count": 2, "people": 1, "percent": 1}


def test_query_filters_compose(doc) -> None:
    names = load_rules().derived(naming)
    assert [t.indicator for _, t in query([doc], Filters(unit="count"))] == ["高新技术企业", "幼儿园"]
    assert [t.value for _, t in query([doc], Filters(unit="count", min=10))] == [20]
    assert [t.indicator for _, t in query([doc], Filters(pillar="民生", kind="increase", unit="人"))] == ["城镇新增就业"]
    assert query([doc], Filters(year=2024)) == []
    assert len(query([doc], Filters(indicator="生产总值"), names)) == 1
    # 经济增长 is a synonym: its restatement shows only when asked for
    found = query([doc], Filters(indicator="生产总值", restatements=True), names)
    assert [t.restates for _, t in found] == [None, "t2"]


def test_query_cli_formats(tmp_path: Path, doc) -> None:
    saved = tmp_path / "甲省.json"
    saved.write_text(to_json(doc), encoding="utf-8")
    out = runner.invoke(app, ["query", str(saved), "--unit", "count", "-f", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["region"], r["indicator"], r["value"]) for r in rows] == [("甲省", "高新技术企业", "20"), ("甲省", "幼儿园", "5")]
    lines = runner.invoke(app, ["query", str(saved), "-f", "jsonl"]).stdout.splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["indicator"] == "高新技术企业"
    as_yaml = yaml.safe_load(runner.invoke(app, ["query", str(saved), "-f", "yaml"]).stdout)
    assert len(as_yaml["targets"]) == 4
    table = runner.invoke(app, ["query", str(saved), "--kind", "increase"])
    assert "高新技术企业" in table.stdout


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [("--kind", "increasing", "increase, decrease, level"), ("--strength", "must", "binding, aspirational, planned"),
     ("--horizon", "yearly", "annual, period")],
)  # fmt: skip
def test_query_refuses_words_outside_the_vocabulary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], doc, option: str, value: str, words: str
) -> None:
    saved = tmp_path / "甲省.json"
    saved.write_text(to_json(doc), encoding="utf-8")
    code, out, err = run_main(monkeypatch, capsys, "query", str(saved), option, value)
    assert (code, out) == (2, "")
    assert err == f"Error: {option[2:]} {value!r} is not one of {words}\n"
    with pytest.raises(PlantoolError, match="is not one of"):
        Filters(kind="increasing")


@pytest.mark.parametrize(
    ("args", "indicators"),
    [
        # numbers and units as people write them, read into base units
        (["--unit", "亿元"], []),
        (["--unit", "万人"], ["城镇新增就业"]),
        (["--min", "1万"], ["城镇新增就业"]),
        (["--min", "0.5万人"], ["城镇新增就业"]),
        (["--max", "5%"], ["地区生产总值"]),
        (["--min", "十", "--unit", "count"], ["高新技术企业"]),
    ],
)
def test_query_reads_numbers_and_units_as_people_write_them(tmp_path: Path, doc, args: list[str], indicators: list[str]) -> None:
    saved = tmp_path / "甲省.json"
    saved.write_text(to_json(doc), encoding="utf-8")
    out = runner.invoke(app, ["query", str(saved), *args, "-f", "csv"])
    assert out.exit_code == 0, out.output
    assert [r["indicator"] for r in csv.DictReader(io.StringIO(out.stdout))] == indicators


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min", "很多"], "Error: '很多': not a number (write 5, 1.5万, 3.5亿元 or 5%)"),
        (["--unit", "斗"], "Error: '斗': no unit of the rules"),
        (["--unit", "人", "--min", "5%"], "Error: '5%' is in %, not in --unit 人"),
    ],
)
def test_query_says_what_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], doc, args: list[str], message: str
) -> None:
    saved = tmp_path / "甲省.json"
    saved.write_text(to_json(doc), encoding="utf-8")
    code, out, err = run_main(monkeypatch, capsys, "query", str(saved), *args)
    assert (code, out) == (2, "") and err.startswith(message) and err.count("\n") == 1


def test_query_across_provinces_lists_every_gdp_target(shared: Path) -> None:
    folder = shared / "corpus" / "provincial-2026"
    out = runner.invoke(app, ["query", str(folder), "--indicator", "生产总值", "--unit", "%", "--kind", "increase", "-f", "json"])
    assert out.exit_code == 0, out.output
    rows = [r for r in json.loads(out.stdout)["targets"] if r["deadline"] is None and "比" not in r["indicator"]]
    regions = {r["region"] for r in rows}
    assert len(regions) == 31
    anhui = [r for r in rows if r["region"] == "安徽省"][0]
    assert (anhui["comparator"], anhui["low"], anhui["high"]) == ("range", 5, 5.5)


def test_summarize_cli_md_and_json(doc, tmp_path: Path) -> None:
    md = runner.invoke(app, ["summarize", str(SAMPLE), "-f", "md"])
    assert md.exit_code == 0, md.output
    assert "## 青禾区2026年政府工作报告" in md.stdout and "| p1 |" in md.stdout
    js = json.loads(runner.invoke(app, ["summarize", str(SAMPLE), "-f", "json"]).stdout)
    sample = extract(SAMPLE)
    assert js["documents"][0]["counts"]["pillars"] == len(sample.pillars)
    assert runner.invoke(app, ["summarize", str(SAMPLE), "-f", "xml"]).exit_code != 0


REVIEW_ONLY = """乙省2025年政府工作报告
一、2024年工作回顾
全年地区生产总值增长5.1%，城镇新增就业2万人。
"""


def test_summarize_several_documents_one_row_each(
    doc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "甲省.json").write_text(to_json(doc), encoding="utf-8")
    (tmp_path / "乙省.txt").write_text(REVIEW_ONLY, encoding="utf-8")
    code, out, err = run_main(monkeypatch, capsys, "summarize", str(tmp_path), "-f", "csv")
    assert code == 0
    rows = {Path(r["document"]).name: r for r in csv.DictReader(io.StringIO(out))}
    assert sorted(rows) == ["乙省.txt", "甲省.txt"]  # the reports, as their extractions name them
    plan = rows["甲省.txt"]
    # 地区生产总值增长5%左右 is the headline; 经济增长预期目标为5%左右 restates it
    assert (plan["targets"], plan["restatements"], plan["annual"], plan["headline"], plan["flag"]) == (
        "4", "1", "4", "≈5%", ""
    )  # fmt: skip
    review = rows["乙省.txt"]
    assert (review["targets"], review["results"], review["headline"], review["flag"]) == ("0", "2", "", "no targets")
    assert err.splitlines()[-1] == f"warning: 1 yield no targets: {tmp_path / '乙省.txt'}"
    # the whole of each, on demand
    code, out, _ = run_main(monkeypatch, capsys, "summarize", str(tmp_path), "--details", "-f", "md")
    assert code == 0 and out.count("\n## ") + out.startswith("## ") == 2


def test_validate_reports_each_problem_with_its_path(tmp_path: Path, doc) -> None:
    good = tmp_path / "good.json"
    good.write_text(to_json(doc), encoding="utf-8")
    data = json.loads(to_json(doc))
    data["targets"][1]["value"] = "many"
    data["targets"][2]["kind"] = "sideways"
    del data["pillars"][0]["title"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    out = runner.invoke(app, ["validate", str(good), str(bad), str(unsafe)])
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert any("bad.yaml: targets[1].value" in line for line in lines)
    assert any("bad.yaml: targets[2].kind" in line for line in lines)
    assert any("bad.yaml: pillars[0].title: Field required" in line for line in lines)
    assert any("unsafe.yaml" in line and "invalid YAML" in line for line in lines)
    assert not any("good.json" in line for line in lines)
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0


def test_commands_read_extractions_safely(tmp_path: Path) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text("!!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    out = runner.invoke(app, ["query", str(evil)])
    assert out.exit_code != 0 and not (tmp_path / "pwned").exists()


def test_diff_cli_exit_codes_and_formats(tmp_path: Path, doc) -> None:
    old = tmp_path / "old.json"
    old.write_text(to_json(doc), encoding="utf-8")
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.exit_code == 0, same.output
    new_text = PLAN_OLD.replace("2025年", "2026年").replace("5%左右", "5.5%左右").replace("新建幼儿园5所", "新建托育机构8所")
    new = tmp_path / "乙.txt"
    new.write_text(new_text, encoding="utf-8")
    js = runner.invoke(app, ["diff", str(old), str(new), "-f", "json"])
    assert js.exit_code == 1
    data = json.loads(js.stdout)
    changed = [m for m in data["matched"] if m["status"] == "changed"]
    assert [(m["old"]["value"], m["new"]["value"]) for m in changed] == [(5, 5.5)]
    assert [t["indicator"] for t in data["added"]] == ["托育机构"]
    assert [t["indicator"] for t in data["dropped"]] == ["幼儿园"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["diff", str(old), str(new), "-f", "csv"]).stdout)))
    assert {r["status"] for r in rows} == {"changed", "unchanged", "added", "dropped"}
    md = runner.invoke(app, ["diff", str(old), str(new), "-f", "md"]).stdout
    assert "| changed | 地区生产总值 | 地区生产总值 | ≈5% | ≈5.5% | +0.5个百分点 |" in md
    assert yaml.safe_load(runner.invoke(app, ["diff", str(old), str(new), "-f", "yaml"]).stdout)["same"] is False


def test_render_cli_from_report_and_from_extraction(tmp_path: Path) -> None:
    report = tmp_path / "甲省.txt"
    report.write_text(PLAN_OLD + "注：<script>window.x=1</script>\n", encoding="utf-8")
    page = tmp_path / "page.html"
    out = runner.invoke(app, ["render", str(report), "-o", str(page)])
    assert out.exit_code == 0, out.output
    html = page.read_text(encoding="utf-8")
    assert html.count('class="target ') == 5 and "&lt;script&gt;window.x=1" in html
    saved = tmp_path / "甲省.json"
    assert runner.invoke(app, ["extract", str(report), "-o", str(saved)]).exit_code == 0
    again = tmp_path / "again.html"
    assert runner.invoke(app, ["render", str(saved), "-o", str(again)]).exit_code == 0
    assert again.read_text(encoding="utf-8") == html
    report.write_text(PLAN_OLD, encoding="utf-8")  # the source changed since it was extracted
    changed = runner.invoke(app, ["render", str(saved), "-o", str(tmp_path / "x.html")])
    assert changed.exit_code != 0 and "has changed since it was extracted" in str(changed.exception)


def test_diff_html_page(tmp_path: Path, doc) -> None:
    old = tmp_path / "old.json"
    old.write_text(to_json(doc), encoding="utf-8")
    page = tmp_path / "diff.html"
    out = runner.invoke(app, ["diff", str(old), str(old), "--html", str(page)])
    assert out.exit_code == 0 and "<table" in page.read_text(encoding="utf-8")


def test_track_cli_pair_series_and_page(shared: Path, tmp_path: Path) -> None:
    national = shared / "corpus" / "national"
    pair = runner.invoke(app, ["track", str(national / "2024.txt"), str(national / "2025.txt"), "-f", "json"])
    assert pair.exit_code == 0, pair.output
    rows = {r["target"]["indicator"]: r for r in json.loads(pair.stdout)["rows"]}
    assert rows["国内生产总值"]["verdict"] == "met" and rows["国内生产总值"]["result"]["value"] == 5
    page = tmp_path / "track.html"
    md = runner.invoke(app, ["track", str(national / "2024.txt"), str(national / "2025.txt"), "-f", "md"])
    assert "| met | 居民消费价格涨幅 |" in md.stdout  # a ceiling, kept
    written = runner.invoke(app, ["track", str(national / "2024.txt"), str(national / "2025.txt"), "-o", str(page)])
    assert written.exit_code == 0 and written.stdout == "" and "(html)" in written.stderr
    html = page.read_text(encoding="utf-8")
    assert '<span class="chip met">met</span>' in html
    assert "<th>The plan says</th>" in html and "target_text" not in html  # names people read
    assert '<td class="num">≈5%</td><td class="num">5%</td>' in html  # GDP's target and outcome, as written
    years = [str(national / f"{y}.txt") for y in (2022, 2023, 2024)]
    series = runner.invoke(app, ["track", *years, "-f", "csv"])
    table = list(csv.DictReader(io.StringIO(series.stdout)))
    gdp = {r["year"]: r["verdict"] for r in table if r["indicator"] == "国内生产总值"}
    assert gdp == {"2022": "missed", "2023": "met", "2024": "no report"}
    assert runner.invoke(app, ["track", years[0]]).exit_code != 0

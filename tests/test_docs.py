"""The README stays true: every command, option, output field and exit code is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from plantool.cli import app
from plantool.model import SCHEMA_VERSION, Document, Target

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, object]:
    return typer.main.get_command(app).commands  # type: ignore[attr-defined, no-any-return]


def test_every_command_has_help_and_a_readme_section() -> None:
    for name, command in _commands().items():
        assert command.help, name  # type: ignore[attr-defined]
        assert f"### `plantool {name}" in README, name


def test_every_option_is_documented() -> None:
    for name, command in _commands().items():
        for param in command.params:  # type: ignore[attr-defined]
            for opt in param.opts:
                if opt.startswith("--"):
                    assert f"`{opt}" in README or f" {opt}" in README, f"{name} {opt}"


def test_every_output_field_is_documented() -> None:
    for field in [*Target.model_fields, *Document.model_fields]:
        if field != "id":
            assert f"`{field}`" in README, field
    assert f"(`schema_version` `{SCHEMA_VERSION}`)" in README


def test_exit_codes_are_documented() -> None:
    table = README.split("## Exit codes", 1)[1]
    assert re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE) == ["0", "1", "2", "3", "130"]


def _block(marker: str) -> str:
    """The code block after a README marker, whole."""
    return README.split(f"<!-- ci:{marker} -->", 1)[1].split("```", 2)[1].split("\n", 1)[1]


def test_ci_commands_are_marked() -> None:
    assert "<!-- ci:install -->" in README and "<!-- ci:test -->" in README
    assert "plantool extract data/sample.txt" in _block("install")


@pytest.mark.parametrize("marker", ["install", "system", "test"])
def test_ci_runs_each_readme_block_whole(marker: str) -> None:
    """.ci/run reads each marked block as the README shows it, every line, not its first alone."""
    import subprocess

    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    function = re.search(r"^command_after\(\) \{.*?^\}", ci, flags=re.MULTILINE | re.DOTALL)
    assert function is not None
    read = subprocess.run(
        ["bash", "-c", f"{function.group(0)}\ncommand_after {marker}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert read.stdout == _block(marker)


def test_readme_test_command_is_the_whole_suite() -> None:
    """The README's test command (which CI runs) selects nothing away: no marker, keyword, path or
    deselection, on the command or in pytest's configuration, and every test module is under testpaths."""
    assert _block("test").split() == [".venv/bin/python", "-m", "pytest"]
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[tool.pytest.ini_options]", 1)[1]
    config = config.split("\n[", 1)[0]
    assert re.search(r'^testpaths = \["tests"\]$', config, flags=re.MULTILINE)
    addopts = re.search(r'^addopts = "(.*)"$', config, flags=re.MULTILINE)
    assert addopts is None or not re.search(r"(^|\s)(-m|-k|--deselect|--ignore)", addopts.group(1))
    tops = [d for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".") and d.name != "tests"]
    assert not [p for top in tops for p in top.rglob("test_*.py")]


def test_readme_output_excerpt_is_real() -> None:
    import json

    from plantool import extract

    doc = extract(Path(__file__).resolve().parent.parent / "data" / "sample.txt")
    excerpt = json.loads(README.split("```json", 1)[1].split("```", 1)[0])
    [actual] = [t for t in doc.targets if t.id == excerpt["id"]]
    assert actual.model_dump(mode="json") == excerpt
    counts = re.search(
        r"sample.json: (\d+) sections, (\d+) pillars, (\d+) measures, (\d+) targets, (\d+) restatements, "
        r"(\d+) results, (\d+) milestones",
        README,
    )
    assert counts is not None
    from plantool.analysis.summarize import counts as document_counts

    assert [int(n) for n in counts.groups()] == list(document_counts(doc).values())


@pytest.mark.slow
def test_readme_examples_print_what_they_show() -> None:
    """Every console example of the README, run: it prints what the README shows (docs/examples.py)."""
    from conftest import load_module

    examples = load_module(Path(__file__).resolve().parent.parent / "docs" / "examples.py", "readme_examples")
    assert len(examples.examples(README)) >= 8
    problems = examples.differing()
    assert not problems, "\n".join(problems)

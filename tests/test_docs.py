"""The README stays true: every command, option, output field and exit code is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from plantool.cli import app
from plantool.model import SCHEMA_VERSION, Document, Target

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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
    assert re.findall(r"^\| (\d) \|", table, flags=re.MULTILINE) == ["0", "1", "2", "3"]


def test_ci_commands_are_marked() -> None:
    assert "<!-- ci:install -->" in README and "<!-- ci:test -->" in README
    assert "plantool extract data/sample.txt" in README.split("<!-- ci:install -->", 1)[1].split("```", 2)[1]


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

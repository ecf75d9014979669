"""Serialization: deterministic bytes, JSON numbers, atomic writes, a schema that validates output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from plantool import PlantoolError, extract
from plantool.model import Document
from plantool.output.serialize import dump, format_for, json_schema, to_json, to_yaml, write_atomic

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample.txt"


@pytest.fixture(scope="module")
def doc(rules) -> Document:
    return extract(SAMPLE, rules=rules)


def test_json_and_yaml_hold_the_same_document(doc: Document) -> None:
    as_json = json.loads(to_json(doc))
    as_yaml = yaml.safe_load(to_yaml(doc))
    assert as_json == as_yaml == doc.model_dump(mode="json")
    assert Document.model_validate(as_json) == doc


def test_output_is_byte_identical_across_runs(doc: Document, rules) -> None:
    again = extract(SAMPLE, rules=rules)
    assert to_json(again) == to_json(doc)
    assert to_yaml(again) == to_yaml(doc)


def test_numbers_are_json_numbers_integers_without_fraction(doc: Document) -> None:
    text = to_json(doc)
    assert text.endswith("}\n") and '\n  "schema_version"' in text
    values = [t["value"] for t in json.loads(text)["targets"] if t["value"] is not None]
    assert all(isinstance(v, (int, float)) for v in values)
    assert not any(isinstance(v, float) and v.is_integer() for v in values)
    assert "人" in text  # ensure_ascii is off


def test_format_by_extension_and_override() -> None:
    assert format_for("a.json") == "json"
    assert format_for("a.YML") == "yaml"
    assert format_for("a.txt", "json") == "json"
    with pytest.raises(PlantoolError, match="extension"):
        format_for("a.txt")
    with pytest.raises(PlantoolError, match="unknown format"):
        format_for("a.json", "xml")


def test_write_atomic_leaves_no_partial_file(tmp_path: Path, doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.json"
    write_atomic(out, dump(doc, "json"))
    assert json.loads(out.read_text(encoding="utf-8"))["targets"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("plantool.output.serialize.os.replace", fail)
    with pytest.raises(PlantoolError, match="No space left"):
        write_atomic(tmp_path / "half.json", "{}")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_write_atomic_errors(tmp_path: Path) -> None:
    with pytest.raises(PlantoolError, match="does not exist"):
        write_atomic(tmp_path / "no" / "out.json", "{}")
    with pytest.raises(PlantoolError, match="is a directory"):
        write_atomic(tmp_path, "{}")


def test_schema_describes_the_output(doc: Document) -> None:
    schema = json.loads(json_schema())
    assert schema["title"] == "plantool extraction"
    target = schema["$defs"]["Target"]["properties"]
    for field in ("span", "text", "indicator", "value", "low", "high", "unit", "comparator", "kind", "strength"):
        assert field in target
    assert set(schema["required"]) >= {"source", "sections", "pillars", "measures", "targets", "results"}


def test_the_json_schema_describes_every_field() -> None:
    """Every property of the published schema, of the document and of every item in it, says what it is."""
    schema = json.loads(json_schema())
    models = {"Document": schema, **schema["$defs"]}
    undescribed = [f"{name}.{prop}" for name, model in models.items() for prop, spec in model["properties"].items() if not spec.get("description")]
    assert not undescribed, undescribed
    assert {"Target", "Change", "Span", "Milestone", "Diagnostic"} <= set(models)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("report", ["data/sample.txt", "national/2025.txt", "county/唐县-2024.txt"])
def test_an_output_written_item_by_item_is_the_whole_documents(fmt: str, report: str, rules, shared: Path) -> None:
    """A report is written out an item at a time (a large one's Document is never held): byte for
    byte what dumping its whole Document gives, an empty list (no targets) included."""
    import io

    from plantool.analysis.summarize import counted, counts
    from plantool.output.serialize import write_streamed
    from plantool.pipeline import extract_grounded
    from plantool.pipeline.read import read_source

    root = Path(__file__).resolve().parent.parent
    path = root / report if report.startswith("data/") else next((shared).rglob(Path(report).name))
    grounded = extract_grounded(read_source(str(path), None, rules), rules=rules)
    doc = grounded.document()
    out = io.StringIO()
    written = write_streamed(out, grounded.outline(), {n: grounded.items(n) for n in grounded.lists}, fmt)  # type: ignore[arg-type]
    assert out.getvalue() == dump(doc, fmt)  # type: ignore[arg-type]
    assert counted(written, grounded.restatements) == counts(doc)

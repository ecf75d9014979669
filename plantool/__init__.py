"""plantool: structured, validated, grounded targets from Chinese government plan documents.

    >>> from plantool import extract
    >>> doc = extract("report.txt")
    >>> [(t.indicator, t.value, t.unit) for t in doc.targets]

The package is its layers. Each imports only what it builds on: rules the model; pipeline and
analysis the rules (never each other: analysis takes Documents, not text); output the analysis;
workflows and commands all of these (tests/test_layers.py keeps it so).

    model.py     the output contract: Document, Target … and the vocabularies of their fields
    errors.py    the one error type a user can fix, PlantoolError
    rules/       the rules engine: schema (one model per YAML file), load, tokenizer (jieba,
                 trimmed), patterns (what a regex's parsed form allows), identity (when two
                 indicator names are the same thing)
    pipeline/    read (bytes -> text; readers/ for PDF, DOCX, web pages) -> normalize (with an
                 offset map back) -> structure -> roles (what each passage is for) ->
                 quantities -> targets (with clauses, indicators) and milestones -> ground
                 (the Document); __init__ chains them
    analysis/    Documents in, results out: match, diff, verdict, track, query, summarize
    output/      serialize (YAML, JSON, schema), tables (flat rows), export (SQLite, CSV,
                 JSONL), render (HTML pages)
    workflows/   what drives the pipeline for the commands: inputs, batch, evaluate
    commands/    the CLI's commands, plain functions that cli.py registers

The names below are imported when first used, so that `plantool --help` and the commands
that need little start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plantool.errors import PlantoolError
    from plantool.model import Document, Measure, Pillar, Section, Target
    from plantool.pipeline import extract, extract_text
    from plantool.rules import Rules, load_rules

_HOME = {
    "PlantoolError": "plantool.errors",
    "extract": "plantool.pipeline",
    "extract_text": "plantool.pipeline",
    "Document": "plantool.model",
    "Measure": "plantool.model",
    "Pillar": "plantool.model",
    "Section": "plantool.model",
    "Target": "plantool.model",
    "Rules": "plantool.rules",
    "load_rules": "plantool.rules",
}

__all__ = [
    "Document",
    "Measure",
    "Pillar",
    "PlantoolError",
    "Rules",
    "Section",
    "Target",
    "extract",
    "extract_text",
    "load_rules",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'plantool' has no attribute {name!r}")
    return getattr(import_module(_HOME[name]), name)

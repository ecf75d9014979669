"""plantool: structured, validated, grounded targets from Chinese government plan documents.

    >>> from plantool import extract
    >>> doc = extract("report.txt")
    >>> [(t.indicator, t.value, t.unit) for t in doc.targets]

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

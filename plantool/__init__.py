"""plantool: structured, validated, grounded targets from Chinese government plan documents.

>>> from plantool import extract
>>> doc = extract("report.txt")
>>> [(t.indicator, t.value, t.unit) for t in doc.targets]
"""

from plantool.errors import PlantoolError
from plantool.extract import extract, extract_text
from plantool.model import Document, Measure, Pillar, Section, Target
from plantool.rules import Rules, load_rules

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

"""The entry point: chains read -> normalize -> structure -> quantities -> targets (and milestones) -> model."""

from __future__ import annotations

import os
import re
from pathlib import Path

from plantool.model import Document
from plantool.pipeline.clauses import Boundaries
from plantool.pipeline.ground import Grounded
from plantool.pipeline.milestones import find_milestones
from plantool.pipeline.normalize import normalize
from plantool.pipeline.quantities import find_quantities
from plantool.pipeline.read import Source, decode_source, read_source
from plantool.pipeline.roles import plans_next_year, read_roles
from plantool.pipeline.structure import Structure, parse_structure
from plantool.pipeline.targets import build_targets
from plantool.rules import Rules, load_rules


def extract(
    source: str | os.PathLike[str] | Source,
    *,
    rules: Rules | None = None,
    encoding: str | None = None,
    year: int | None = None,
    region: str | None = None,
) -> Document:
    """Extract a report (a path, `-` for stdin, or a decoded Source) into a Document."""
    return extract_grounded(source, rules=rules, encoding=encoding, year=year, region=region).document()


def extract_grounded(
    source: str | os.PathLike[str] | Source,
    *,
    rules: Rules | None = None,
    encoding: str | None = None,
    year: int | None = None,
    region: str | None = None,
) -> Grounded:
    """Extract a report into its findings, grounded as they are read (for writing a large report
    item by item). What only the stages need, the normalized text among them, is gone by then."""
    rules = rules or load_rules()
    src = source if isinstance(source, Source) else read_source(Path(source) if str(source) != "-" else "-", encoding, rules)
    norm = normalize(src.text, rules)
    structure = parse_structure(norm.text, rules)
    quantities = find_quantities(norm.text, rules)
    h = rules.headings
    late = plans_next_year(norm.text, rules)
    if year is None:
        year = _year(norm.text, structure, src.path, late, rules)
    if region is None:
        region = _region(norm.text, structure, rules) or _from_file_name(src.path, h.file_region_pattern, "region")
    roles = read_roles(norm.text, structure, year, late, rules)
    bounds = Boundaries(norm.text, rules)  # sentences and clauses, for targets and milestones alike
    extraction = build_targets(norm.text, structure, roles, quantities, rules, bounds)
    milestones = find_milestones(norm.text, structure, roles, quantities, rules, bounds)
    return Grounded(
        src, norm.map, norm.debris(), structure, roles, extraction, milestones, year=year, region=region, rules=rules
    )


def extract_text(
    text: str, *, name: str = "<text>", rules: Rules | None = None, year: int | None = None, region: str | None = None
) -> Document:
    """Extract a report given as a string; `name` stands for its path in the output."""
    return extract(decode_source(text.encode("utf-8"), name, rules=rules), rules=rules, year=year, region=region)


def _year(text: str, structure: Structure, path: str, late: bool, rules: Rules) -> int | None:
    """The plan's year: the year the heading of its plan (or goals) part names (2022年工作安排),
    else the report's own year (`_dated`), or the year after it where the report was given `late`
    in a year and plans the next (明年的主要任务). The plan's own heading outranks a title a web
    page set above it."""
    h = rules.headings
    heads = [(s.title_start, s.title_end) for s in structure.sections if s.role in ("plan", "goals")]
    for start, end in heads:
        m = h.year_pattern.search(text, start, end)
        if m:
            return rules.numerals.digit_by_digit(m.group("year"))
    dated = _dated(text, structure, path, rules)
    return dated + 1 if dated is not None and late else dated


def _dated(text: str, structure: Structure, path: str, rules: Rules) -> int | None:
    """The year the report was given: from the date it was delivered on (（2022年1月24日在…人民代表
    大会…会议上）), else the title, else the file name."""
    h = rules.headings
    delivered = h.delivery_pattern.search(text, 0, h.delivery_within)
    if delivered:
        return int(delivered.group("year"))
    titled = h.year_pattern.search(text, *structure.title) if structure.title else None
    if titled:
        return rules.numerals.digit_by_digit(titled.group("year"))
    named = _from_file_name(path, h.file_year_pattern, "year")
    return int(named) if named is not None else None


def _region(text: str, structure: Structure, rules: Rules) -> str | None:
    """The region: from the title, else from the line it was delivered on (在贵州省第十四届人民代表
    大会…), else from a phrase near the top (我代表国务院, 第十四届全国人民代表大会: 全国)."""
    h = rules.headings
    m = h.region_pattern.search(text, *structure.title) if structure.title else None
    if m:
        return m.group("region")
    delivered = h.delivery_pattern.search(text, 0, h.delivery_within)
    if delivered and delivered.groupdict().get("region"):
        return delivered.group("region")
    return next((p.region for p in h.region_phrases if p.pattern.search(text, 0, 2000)), None)


def _from_file_name(path: str, pattern: re.Pattern[str], group: str) -> str | None:
    """A year or region from the report's file name (河南省.txt, national/2025.txt)."""
    if path in ("-", "<text>"):
        return None
    m = pattern.search(Path(path).stem)
    return m.group(group) if m else None


__all__ = ["extract", "extract_grounded", "extract_text"]

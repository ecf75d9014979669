"""Roles: what each passage of a report is for. Its numbers are results where it looks back, this
year's targets where it sets the plan, a period's targets where it sets a multi-year plan's goals;
none of either outside the report's parts or in a glossary. Decided here, once, for targets,
results and milestones. Offsets are into the normalized text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from plantool.pipeline.structure import Structure
from plantool.rules import Rules


@dataclass(frozen=True)
class Reading:
    """How the text at a position is read."""

    counts: bool  # whether its numbers are targets or results at all
    looks_back: bool  # its numbers are results
    period_end: int | None = None  # the end of the plan period it is about, if any
    why: str = ""  # why its numbers do not count


@dataclass(frozen=True)
class Roles:
    text: str
    structure: Structure
    year: int | None
    rules: Rules
    looking_back: tuple[tuple[int, int], ...]  # paragraphs that open looking back (一年来…), in order
    paragraph_periods: tuple[tuple[int, int, int], ...]  # (start, end, end year) of paragraphs about a period
    section_periods: dict[int, int]  # section index -> end year of the period its heading names

    def at(self, pos: int) -> Reading:
        """How a number at `pos` is read. The innermost context decides: a paragraph about a
        period, then one that opens looking back, then a section about a period, then the
        section's role."""
        structure, rules, year = self.structure, self.rules, self.year
        section = structure.section_at(pos)
        if structure.sections and section is None:
            return Reading(False, False, why="quantity outside any section; not a target")
        if section is not None and _quiet(self.text, structure, section, rules):
            return Reading(False, False, why="quantity in a glossary; not a target")
        paragraph = _end_at(self.paragraph_periods, pos)
        if paragraph is not None:
            return Reading(True, True) if year is not None and paragraph < year else Reading(True, False, paragraph)
        if _span_at(self.looking_back, pos):
            return Reading(True, True)
        if section is not None and structure.sections[section].role in rules.sections.result_roles:
            return Reading(True, True)
        period = self.section_periods.get(section) if section is not None else None
        if period is not None and year is not None and period < year:
            return Reading(True, True)
        return Reading(True, False, period)

    def in_review(self, pos: int) -> bool:
        """Whether a commitment at `pos` stands in a part or paragraph that looks back (or outside
        the report's parts): milestones are only looked for elsewhere."""
        section = self.structure.section_at(pos)
        if self.structure.sections and section is None:
            return True
        if section is not None and self.structure.sections[section].role in self.rules.sections.result_roles:
            return True
        return _span_at(self.looking_back, pos)


def read_roles(text: str, structure: Structure, year: int | None, rules: Rules) -> Roles:
    """The passages of `text` that look back or are about a plan period, for asking by position."""
    r = rules.sections
    lines = [(m.start(), m.end(), m.group(0).strip()) for m in _LINE.finditer(text)]
    periods = []
    for start, end, line in lines:
        m = r.period_paragraph.match(line)
        if m and m.group("period") in r.periods:
            periods.append((start, end, r.periods[m.group("period")]))
    section_periods = {}
    for i, s in enumerate(structure.sections):
        m = r.period_heading.search(text[s.title_start : s.title_end])
        if m and m.group("period") in r.periods:
            section_periods[i] = r.periods[m.group("period")]
    return Roles(
        text=text,
        structure=structure,
        year=year,
        rules=rules,
        looking_back=tuple((s, e) for s, e, line in lines if r.review_paragraph.match(line)),
        paragraph_periods=tuple(periods),
        section_periods=section_periods,
    )


def _quiet(text: str, structure: Structure, section: int, rules: Rules) -> bool:
    s = structure.sections[section]
    return bool(rules.sections.quiet_heading.search(text, s.title_start, s.title_end))


def _span_at(spans: tuple[tuple[int, int], ...], pos: int) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _end_at(spans: tuple[tuple[int, int, int], ...], pos: int) -> int | None:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return spans[i][2] if i >= 0 and spans[i][0] <= pos < spans[i][1] else None


_LINE = re.compile(r"[^\n]*\S[^\n]*")

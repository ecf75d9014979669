"""Structure: the normalized text -> title, sections, pillars and measures.

Sections are the report's parts (一、2025年工作回顾), each with a role from the rules.
Pillars are the task headings inside plan parts, in the first heading style found there (where
no plan part holds any, the plan's parts named for a task: 三、加强农业基础地位…);
measures are the numbered items under a pillar, or else its paragraphs that open with a
short lead sentence. Offsets are into the normalized text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from plantool.model import Role
from plantool.rules import PillarStyle, Rules
from plantool.rules.patterns import scanning


@dataclass(frozen=True)
class Block:
    """A titled stretch of text: [start, end) is the whole block, [title_start, title_end) its title."""

    start: int
    end: int
    title_start: int
    title_end: int
    style: str


@dataclass(frozen=True)
class SectionBlock(Block):
    role: Role = "other"
    part_of: int | None = None  # the part it falls in, whose numbering its 一、 restarted (its index)


@dataclass(frozen=True)
class PillarBlock(Block):
    section: int | None = None  # index into sections
    measures: tuple[Block, ...] = field(default=())


@dataclass(frozen=True)
class Structure:
    title: tuple[int, int] | None
    sections: tuple[SectionBlock, ...]
    pillars: tuple[PillarBlock, ...]

    _section_starts: list[int] = field(init=False, repr=False, compare=False)
    _pillar_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_section_starts", [s.start for s in self.sections])
        object.__setattr__(self, "_pillar_starts", [p.start for p in self.pillars])

    def section_at(self, pos: int) -> int | None:
        return _block_at(self.sections, self._section_starts, pos)

    def pillar_at(self, pos: int) -> int | None:
        return _block_at(self.pillars, self._pillar_starts, pos)

    def measure_at(self, pillar: int | None, pos: int) -> int | None:
        """The index of the measure of pillar `pillar` that holds `pos`."""
        if pillar is None:
            return None
        return next((i for i, m in enumerate(self.pillars[pillar].measures) if m.start <= pos < m.end), None)



def _block_at(blocks: tuple[Block, ...], starts: list[int], pos: int) -> int | None:
    """The index of the block holding `pos`, for blocks in order that do not overlap."""
    i = bisect_right(starts, pos) - 1
    return i if i >= 0 and pos < blocks[i].end else None



@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str, start: int = 0, end: int | None = None) -> list[_Line]:
    end = len(text) if end is None else end
    return [
        _Line(m.start() + start, m.end() + start, m.group(0)) for m in re.finditer(r"[^\n]*\S[^\n]*", text[start:end])
    ]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def parse_structure(text: str, rules: Rules) -> Structure:
    """Find the title, the sections with their roles, and the pillars and measures of plan parts."""
    lines = _lines(text)
    heads, marker_style = _section_heads(lines, rules)
    sections = _sections(text, heads, marker_style, rules)
    title = _title(text, lines, sections[0].start if sections else len(text), rules)
    skip = {ln.start for ln in heads} | ({title[0]} if title else set())
    pillars: list[PillarBlock] = []
    for roles, otherwise in ((rules.sections.pillar_roles, False), (rules.sections.pillar_roles_otherwise, True)):
        pillars = _pillars_of(text, sections, roles, title, skip, marker_style, otherwise, rules)
        if pillars or not sections:
            break
    return Structure(
        title=title,
        sections=sections,
        pillars=tuple(pillars),
    )


def _pillars_of(
    text: str,
    sections: tuple[SectionBlock, ...],
    roles: list[Role],
    title: tuple[int, int] | None,
    skip: set[int],
    marker_style: str,
    restarted_are_tasks: bool,
    rules: Rules,
) -> list[PillarBlock]:
    """The pillars of the parts of these roles (of the whole text where it has no parts). A part
    headed by a task whose headings are its points (三、千方百计促进经济增长 with 第一，…) is the pillar;
    so are parts that restart the numbering inside a part (二、“七五”时期的基本任务… then 一、确定…),
    where `restarted_are_tasks` (the goals of a report on a five-year plan: inside a plan part they
    are a list appended to it, 十件民生实事)."""
    scopes: list[tuple[int | None, int, int]]
    if sections:
        scopes = [(i, s.title_end, s.end) for i, s in enumerate(sections) if s.role in roles]
    else:
        scopes = [(None, title[1] if title else 0, len(text))]
    measure_like = {s.name for s in rules.headings.pillar_styles if s.measures_in_task_part}
    inner = [_pillars(text, index, start, end, skip, marker_style, rules) for index, start, end in scopes]
    headed = [bool(found) and found[0].style not in measure_like for found in inner]  # task headings inside
    row = None if any(headed) or not sections else _row_of_parts(inner, [end for _, _, end in scopes], rules)
    return row or _task_parts(text, sections, scopes, inner, headed, restarted_are_tasks, rules)


def _task_parts(
    text: str,
    sections: tuple[SectionBlock, ...],
    scopes: list[tuple[int | None, int, int]],
    inner: list[list[PillarBlock]],
    headed: list[bool],
    restarted_are_tasks: bool,
    rules: Rules,
) -> list[PillarBlock]:
    """The pillars found inside each scope where it holds task headings (`headed`), else the part
    itself where it is a task (`_task_part`)."""
    pillars: list[PillarBlock] = []
    for (index, _, _), found, has_tasks in zip(scopes, inner, headed):
        if has_tasks:
            pillars.extend(found)
            continue
        # the plan's tasks are parts of the report (三、加强农业基础地位…) where no part holds task headings
        restarted = index is not None and restarted_are_tasks and sections[index].part_of is not None
        task = _task_part(text, index, sections[index], rules) if index is not None and (found or not any(headed) or restarted) else None
        pillars.extend([task] if task else found)
    return pillars


def _section_heads(lines: list[_Line], rules: Rules) -> tuple[list[_Line], str]:
    """The lines that head the report's parts, and their marker style.

    Unmarked part headings (2025年工作回顾) outrank 一、 lines, which are then pillars; else 一、
    lines that name a part are the sections, with any unmarked ones (结束语).
    """
    h = rules.headings
    short = [ln for ln in lines if len(ln.text.strip()) <= h.heading_max_length]
    numbered = [head for ln in lines if (head := _marked_heading(ln, h.section_marker, False, rules))]
    bare = [ln for ln in short if h.bare_section.match(ln.text.strip())]
    if any(h.motto_section.match(ln.text.strip()) for ln in bare):
        bare = [ln for ln in short if h.bare_section.match(ln.text.strip()) or h.motto_section.match(ln.text.strip())]

    def has_role(heads: list[_Line]) -> bool:
        return any(_role(ln.text, rules) not in (None, "other") for ln in heads)

    if has_role(bare):
        return bare, "bare"
    if has_role(numbered):
        return sorted(numbered + bare, key=lambda ln: ln.start), "numbered"
    return [], ""


def _sections(text: str, heads: list[_Line], marker_style: str, rules: Rules) -> tuple[SectionBlock, ...]:
    """Each part from its heading to the next, with the role its heading gives: by the rules,
    else a review where it names a year before the latest one named, else the role of the part it
    falls in where an 一、 before it restarted the numbering inside that part (二、“七五”时期的基本任务…
    then 一、确定适度的经济增长率…), else the plan's where it follows a part of
    `sections.plan_follows` (a review, the goals, the plan), else `other`."""
    years = [
        rules.numerals.digit_by_digit(m.group("year")) if (m := rules.headings.year_pattern.search(ln.text)) else None
        for ln in heads
    ]
    latest = max((y for y in years if y is not None), default=None)
    own: list[Role | None] = []
    for ln, year in zip(heads, years):
        role = _role(ln.text, rules)
        if role is None and rules.sections.earlier_year_is_review and year is not None and latest and year < latest:
            role = "review"
        own.append(role)
    roles, parts = _inherited_roles(heads, own, rules)
    return tuple(
        SectionBlock(
            ln.start,
            heads[i + 1].start if i + 1 < len(heads) else len(text),
            *_strip(text, ln.start, ln.end),
            style=marker_style,
            role=role,
            part_of=part,
        )
        for i, (ln, role, part) in enumerate(zip(heads, roles, parts))
    )


def _inherited_roles(
    heads: list[_Line], own: list[Role | None], rules: Rules
) -> tuple[list[Role], list[int | None]]:
    """Each part's role where its heading gives none, and the part it falls in, if any: the role of
    the part whose numbering an 一、 restarted, else the plan's after a part of `plan_follows`."""
    roles: list[Role] = []
    parts: list[int | None] = []
    within: int | None = None  # the part whose numbering an 一、 restarted
    for ln, role in zip(heads, own):
        if role is not None:
            within = None
        elif within is None and roles and _first_mark(ln.text, rules):
            within = len(roles) - 1
        if role is None and within is not None:
            role = roles[within]
        if role is None:
            role = "plan" if roles and roles[-1] in rules.sections.plan_follows else "other"
        roles.append(role)
        parts.append(within)
    return roles, parts


def _first_mark(heading: str, rules: Rules) -> bool:
    """Whether a numbered heading is marked as the first of its list (一、)."""
    mark = rules.headings.section_marker.match(heading.strip())
    numeral = re.match(f"[{re.escape(rules.numerals.chinese_body)}]+", mark.group(0).strip()) if mark else None
    return numeral is not None and rules.numerals.digits.get(numeral.group(0)) == 1


def _role(heading: str, rules: Rules) -> Role | None:
    """The role the first matching rule gives, or None when no rule matches."""
    for r in rules.sections.roles:
        if r.pattern.search(heading):
            return r.role
    return None


def _title(text: str, lines: list[_Line], before: int, rules: Rules) -> tuple[int, int] | None:
    """The report's own title: a short line above its text (before the first paragraph and the
    first part), never a numbered heading or another document's title (rules/headings.yaml)."""
    h = rules.headings
    for ln in lines[: h.title_search_lines]:
        line = ln.text.strip()
        if ln.start >= before or len(line) > h.heading_max_length and "。" in line:
            break  # the text has begun: a line below it is a heading, not the title
        if len(line) <= h.heading_max_length and (
            h.title_pattern.search(line)
            and len(line) >= h.title_min_length
            and not h.title_forbidden.search(line)
            and not h.section_marker.match(line)
            and not h.title_other.search(line)
        ):
            return _strip(text, ln.start, ln.end)
    return None


def _style_lines(style: PillarStyle, lines: list[_Line], skip: set[int], rules: Rules) -> list[_Line]:
    return [head for ln in lines if ln.start not in skip and (head := _marked_heading(ln, style.pattern, style.inline, rules))]


def _marked_heading(ln: _Line, marker: re.Pattern[str], inline: bool, rules: Rules) -> _Line | None:
    """Line `ln` as a heading opened by `marker`: whole where it (or, `inline`, its text up to the
    first 。) is short enough, else only the heading a scrape ran its paragraph into, else (a long
    task heading of an old report, `inline_heading_max_length`) whole, else None."""
    h = rules.headings
    line = ln.text.strip()
    m = marker.match(line)
    if m is None:
        return None
    head = len(line.split("。", 1)[0] if inline else line)
    if head <= h.heading_max_length:
        return ln
    run_on = h.run_on_heading.match(line, m.end())
    if run_on is None:
        return ln if inline and head <= h.inline_heading_max_length else None
    end = len(ln.text) - len(ln.text.lstrip()) + run_on.end()
    return _Line(ln.start, ln.start + end, ln.text[:end])


def _pillars(
    text: str, section: int | None, start: int, end: int, skip: set[int], section_style: str, rules: Rules
) -> list[PillarBlock]:
    """The pillars of one part: headings of the style that opens first in it (the outermost: 第一、
    over the 一、 items inside it), else the first of `pillar_styles`. Where the report has no parts
    (`section` None), the style that opens first is of its parts: there the order alone decides."""
    lines = _lines(text, start, end)
    found: list[tuple[int, int, PillarStyle, list[_Line]]] = []
    for i, style in enumerate(rules.headings.pillar_styles):
        if style.name != section_style and len(heads := _style_lines(style, lines, skip, rules)) >= style.min_count:
            found.append((heads[0].start if section is not None else 0, i, style, heads))
            if section is None:
                break  # the order decides: the styles after it need not be read
    if not found:
        return []
    _, _, style, heads = min(found, key=lambda f: (f[0], f[1]))
    if section is None and not style.measures_in_task_part:
        style, heads, end = _task_row(lines, heads, end, skip, rules) or (style, heads, end)
    out = []
    for i, ln in enumerate(heads):
        next_head = heads[i + 1].start if i + 1 < len(heads) else end
        marker = style.pattern.match(ln.text)
        title_start = ln.start + (marker.end() if marker and style.inline else 0)
        dot = text.find("。", title_start, ln.end) if style.inline else -1
        title = (title_start, dot if dot >= 0 else ln.end)
        out.append(_pillar(text, ln, title, dot + 1 if dot >= 0 else ln.end, next_head, style.name, section, rules))
    return out


def _task_row(
    lines: list[_Line], parts: list[_Line], end: int, skip: set[int], rules: Rules
) -> tuple[PillarStyle, list[_Line], int] | None:
    """Where a report's parts name no role and are one row (一、…四、, never restarted), the row of
    headings one of its parts alone holds, whose items are long (二、打好第一个战役 with 第一、…第十、):
    the report's tasks, not the points of a task (`headings.task_row`), with the end of that part."""
    row = rules.headings.task_row
    if sum(_first_mark(p.text, rules) for p in parts) > 1:
        return None  # its 一、 restart: lists inside parts (…十项主要任务), not one row of parts
    starts = [p.start for p in parts]
    for style in rules.headings.pillar_styles:
        if not style.measures_in_task_part:
            continue
        by_part: dict[int, list[_Line]] = {}
        for head in _style_lines(style, lines, skip, rules):
            by_part.setdefault(bisect_right(starts, head.start) - 1, []).append(head)
        ends = {part: starts[part + 1] if part + 1 < len(starts) else end for part in by_part}
        rows = [
            (heads, ends[part])
            for part, heads in by_part.items()
            if len(heads) >= row.min_count and _long_items([h.start for h in heads], ends[part], row.length)
        ]
        if len(rows) == 1:
            return style, *rows[0]
    return None


def _row_of_parts(inner: list[list[PillarBlock]], ends: list[int], rules: Rules) -> list[PillarBlock] | None:
    """Where one plan part alone holds a row of long task headings (三、加快社会主义经济建设 with
    第一，全国动员，大办农业… of a page each), that row: the report's tasks, as `_task_row` finds
    them where parts name no role; the points of a task are a sentence or two."""
    row = rules.headings.task_row
    rows = [found for found, end in zip(inner, ends) if len(found) >= row.min_count and _long_items([p.start for p in found], end, row.plan_length)]
    return rows[0] if len(rows) == 1 else None


def _long_items(starts: list[int], end: int, length: int) -> bool:
    """Whether most of the items opening at `starts` run to `length` characters (the last up to `end`)."""
    bounds = [*starts, end]
    return sum(b - a >= length for a, b in pairwise(bounds)) * 2 > len(starts)


def _pillar(
    text: str, head: _Line, title: tuple[int, int], body: int, end: int, style: str, section: int | None, rules: Rules
) -> PillarBlock:
    """The pillar headed by line `head` (its title at `title`), its measures from `body` on, up to
    `end` or a closing paragraph before it."""
    stop = _closing(text, head.end, end, rules)
    before = _marked_measures(text, body, stop, rules)
    beyond = _marked_measures(text, body, end, rules) if stop < end else before
    measures = _measures(text, body, stop, before, rules)
    if before and len(beyond) > len(before) and beyond[0].style == before[0].style:
        # the numbered items go on after it (一是… 各位代表… 二是…): that 各位代表 closed nothing
        stop = _closing(text, beyond[-1].start, end, rules)
        measures = _measures(text, body, stop, _marked_measures(text, body, stop, rules), rules)
    return PillarBlock(head.start, stop, *_strip(text, *title), style, section, measures)


def _task_part(text: str, index: int, section: SectionBlock, rules: Rules) -> PillarBlock | None:
    """A plan part headed by a task (三、加强农业基础地位，努力增加农民收入), not by the plan's
    name or year, is a pillar itself where no plan part holds task headings."""
    heading = text[section.title_start : section.title_end]
    if _role(heading, rules) is not None or rules.headings.year_pattern.search(heading):
        return None
    marker = rules.headings.section_marker.match(heading)
    title = (section.title_start + (marker.end() if marker else 0), section.title_end)
    head = _Line(section.start, section.title_end, heading)
    return _pillar(text, head, title, section.title_end, section.end, section.style, index, rules)


def _closing(text: str, start: int, stop: int, rules: Rules) -> int:
    """A pillar ends early at a closing paragraph (各位代表！…), which belongs to no pillar."""
    for ln in _lines(text, start, stop):
        if rules.headings.closing_paragraph.match(ln.text.strip()):
            return ln.start
    return stop


def _measures(text: str, start: int, end: int, marked: tuple[Block, ...], rules: Rules) -> tuple[Block, ...]:
    """Numbered items (`marked`, found by the caller), or paragraphs that open with a lead
    sentence where there are none.

    Numbered items that all stand inside one of several lead-sentence paragraphs are that
    measure's sub-items (多措并举降成本。一是…二是…), not the pillar's measures.
    """
    led = _lead_sentence_measures(text, start, end, rules)
    if marked and len(led) >= 2 and any(m.start <= marked[0].start and marked[-1].start < m.end for m in led):
        return led
    return marked or led


def _measure_markers(rules: Rules) -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """Each measure style's marker where a line (or, inline, a sentence) opens, compiled once,
    with the style's pattern alone: a search for it, cheaper than for the marker, tells where
    the marker can not be."""
    markers = []
    for style in rules.headings.measure_styles:
        opener = r"(?:^|(?<=\n))[ \t]*" if style.line else r"(?:^|(?<=[\n。；]))[ \t]*"
        markers.append((style.name, scanning(opener + f"(?:{style.pattern.pattern})"), style.pattern))
    return markers


def _marked_measures(text: str, start: int, end: int, rules: Rules) -> tuple[Block, ...]:
    stretch = text[start:end]
    for name, marker, bare in rules.derived(_measure_markers):
        if not bare.search(stretch):
            continue  # no marker of this style can open a line here
        marks = list(marker.finditer(stretch))
        if not marks or not re.search(r"[一1]", marks[0].group(0)):
            continue
        out = []
        for i, m in enumerate(marks):
            m_start, m_end = start + m.start(), start + m.end()
            stop = start + marks[i + 1].start() if i + 1 < len(marks) else end
            title_end = _sentence_end(text, m_end, stop)
            out.append(Block(*_strip(text, m_start, stop), *_strip(text, m_end, title_end), name))
        return tuple(out)
    return ()


def _lead_sentence_measures(text: str, start: int, end: int, rules: Rules) -> tuple[Block, ...]:
    h = rules.headings
    out = []
    for ln in _lines(text, start, end):
        if ln.start > 0 and text[ln.start - 1] != "\n":
            continue  # the rest of an inline heading's line frames the pillar; it is no measure
        lead_end = text.find("。", ln.start, ln.end)
        if lead_end < 0:
            continue
        lead = text[ln.start : lead_end]
        if len(lead.strip()) <= h.lead_sentence_max_length and not h.lead_sentence_forbidden.search(lead):
            out.append(Block(*_strip(text, ln.start, ln.end), *_strip(text, ln.start, lead_end), "lead_sentence"))
    return tuple(out)


_TITLE_END = re.compile(r"[。；\n]")


def _sentence_end(text: str, start: int, stop: int) -> int:
    m = _TITLE_END.search(text, start, stop)
    return m.start() if m else stop

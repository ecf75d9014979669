"""Roles: what each passage of a report is for. Its numbers are results where it looks back, this
year's targets where it sets the plan, a period's targets where it sets a multi-year plan's goals,
and count for nothing outside the report's parts or in a glossary. Decided here, once, for
targets, results and milestones, from cues weighed together (rules/roles.yaml): how a sentence
opens (过去一年, 今年, “十四五”时期, 今后五年, a year named against the plan's), the role the
part's heading gives, the role of the passage before, and words that look back or commit. A
paragraph turns where one of its sentences opens with a cue (过去五年…。今后五年…). Offsets are
into the normalized text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

from plantool.model import Role
from plantool.pipeline.structure import SectionBlock, Structure
from plantool.rules import Rules
from plantool.rules.schema import Opening

Years = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of text read as one thing (slotted: a report has one or more for every paragraph)."""

    start: int
    end: int
    role: Role  # review, plan or goals; other: its numbers are neither targets nor results
    period: Years | None  # the years it is about, where it names several (None: one year)
    cue: str  # what decided the role
    sure: bool = True  # decided by an opening or a heading (or carried from one), not by words alone


@dataclass(frozen=True)
class Roles:
    """The passages of a text, in order, covering it, for asking by position."""

    passages: tuple[Passage, ...]
    year: int | None
    committing: re.Pattern[str]  # the words that commit (rules.roles.committing)

    def at(self, pos: int) -> Passage:
        i = bisect_right(self._starts, pos) - 1
        return self.passages[max(i, 0)]

    @cached_property
    def _starts(self) -> list[int]:
        return [p.start for p in self.passages]

    def lost(self, text: str, targets: int) -> list[tuple[int, int, str]]:
        """Where the plan may have been lost: a report with no target although a passage commits to
        its year or period (its words commit: 要, 力争, 确保 …), or one read as nothing but a review.
        Said as warnings, so that no plan disappears without a word."""
        if targets:
            return []
        ahead = [p for p in self.passages if p.role in ("plan", "goals")]
        committing = [p for p in ahead if self.committing.search(text, p.start, p.end)]
        if committing:
            p = committing[0]
            return [(p.start, p.end, "the text commits to its plan here, yet no target was found in the report")]
        if not ahead:
            looked = [p for p in self.passages if p.role == "review"]
            where = looked[-1] if looked else self.passages[-1]
            return [(where.start, where.end, "every passage looks back: no plan found in the report (a review only?)")]
        return []

    def in_review(self, pos: int) -> bool:
        """Whether a commitment at `pos` stands where nothing is committed (a review, or outside the
        report's parts): milestones are only looked for elsewhere."""
        return self.at(pos).role in ("review", "other")


@dataclass(frozen=True)
class _Cue:
    role: Role
    period: Years | None
    words: str
    end: int = -1  # where an opening's words end in the text (-1 for a heading's cue)


def read_roles(text: str, structure: Structure, year: int | None, late: bool, rules: Rules) -> Roles:
    """Every passage of `text` with its role and years; `late`: the report was given late in a year
    and plans the next (`plans_next_year`), so 今年 looks back."""
    openings = rules.roles.openings_for(late)
    passages: list[Passage] = []
    parts: list[tuple[int, int, SectionBlock | None]] = [(s.title_end, s.end, s) for s in structure.sections]
    if structure.sections and structure.sections[0].start > 0:
        passages.append(Passage(0, structure.sections[0].start, "other", None, "outside any part"))
    for start, end, section in parts or [(0, len(text), None)]:
        if section is not None:
            passages.append(Passage(section.start, section.title_end, "other", None, "a heading"))
        parent = structure.sections[section.part_of] if section is not None and section.part_of is not None else None
        passages += _part(text, start, end, section, parent, year, openings, rules)
    return Roles(_tidy(text, passages), year, rules.roles.marker_patterns[1])


def plans_next_year(text: str, rules: Rules) -> bool:
    """Whether the report was given late in a year and plans the next (明年的主要任务是…): its date
    then names the year before the plan's, and 今年 is the year it looks back on."""
    return rules.roles.next_year_plan.search(text) is not None


def _tidy(text: str, passages: list[Passage]) -> tuple[Passage, ...]:
    """The passages covering the text in order: each starts at its first character (white space
    before it goes to the passage before), none empty."""
    out: list[Passage] = []
    for p in passages:
        start = p.start
        while start < p.end and text[start].isspace():
            start += 1
        if start >= p.end:
            continue
        _extend_last(out, start)
        out.append(replace(p, start=start) if start != p.start else p)
    if not out:
        return (Passage(0, len(text), "other", None, "no text"),)
    out[0] = replace(out[0], start=0)
    out[-1] = replace(out[-1], end=len(text))
    return tuple(out)


def _part(
    text: str,
    start: int,
    end: int,
    section: SectionBlock | None,
    parent: SectionBlock | None,
    year: int | None,
    openings: list[Opening],
    rules: Rules,
) -> list[Passage]:
    """The passages of one part of the report (`parent`: the part it falls in, if any), paragraph
    by paragraph, sentence by sentence."""
    if section is not None and rules.sections.quiet_heading.search(text, section.title_start, section.title_end):
        return [Passage(start, end, "other", None, "a glossary")]
    glossary = _glossary_line(text, start, end, rules)
    if glossary is not None:  # ※名词解释※ on a line of its own, no part's heading
        opened = _part(text, start, glossary, section, parent, year, openings, rules)
        return [*opened, Passage(glossary, end, "other", None, "a glossary")]
    prior = _heading(text, section, parent, year, openings, rules) if section is not None else None
    out: list[Passage] = []
    reached = 0  # where the passage being read ends, as sentences without a cue join it
    turned = False  # a cue has moved the part forward (review, then a period's goals, then the plan)
    for p_start, p_end in _paragraphs(text, start, end):
        for i, (s_start, s_end) in enumerate(_sentences(text, p_start, p_end)):
            cue = _opening(text, s_start, s_end, year, openings, rules)
            if cue is None and i > 0:
                reached = s_end
                continue
            _extend_last(out, reached)
            cue, aside = _forward_in_review(text, s_end, cue, prior, year, rules)
            if cue is not None:
                out.append(Passage(s_start, s_end, cue.role, cue.period, cue.words))
                turned = prior is not None and _ORDER[cue.role] > _ORDER[prior.role] and not aside
            else:
                out.append(_weighed(text, p_start, p_end, prior, out[-1] if out else None, turned, year, rules))
            reached = out[-1].end
    _extend_last(out, reached)
    if not out:
        return [Passage(start, end, prior.role if prior else "plan", prior.period if prior else None, "the heading")]
    return out


def _glossary_line(text: str, start: int, end: int, rules: Rules) -> int | None:
    """Where the first short line of its own in [start, end) that names a glossary (`sections.quiet_heading`:
    ※名词解释※, 附：名词解释) starts, if one does."""
    for m in rules.sections.quiet_heading.finditer(text, start, end):
        line = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end(), end)
        if line >= start and len(text[line : line_end if line_end >= 0 else end].strip()) <= rules.sections.quiet_line_length:
            return line
    return None


def _forward_in_review(
    text: str, end: int, cue: _Cue | None, prior: _Cue | None, year: int | None, rules: Rules
) -> tuple[_Cue | None, bool]:
    """A sentence of a review part that opens with the plan's own year by its number (一九八二年预计…
    in a report given late in that year) or with the plan period it runs in (第六个五年计划已经执行了
    近两年) looks back unless it commits (将, 要…); either way it does not turn the part forward
    (True: such a sentence). 今年 there still opens the plan: 今年是…开局之年."""
    if cue is None or prior is None or prior.role != "review":
        return cue, False
    running = cue.role == "goals" and cue.period is not None and year is not None and cue.period[0] < year
    dated = cue.role == "plan" and rules.headings.year_pattern.match(cue.words) is not None
    if not (running or dated):
        return cue, False
    if rules.roles.marker_patterns[1].search(text, cue.end, end):  # 计划 of 第六个五年计划 commits nothing
        return cue, True
    return _Cue("review", None, cue.words), True


def _extend_last(out: list[Passage], end: int) -> None:
    """Let the last passage run to `end`, where the sentences that joined it end (one copy per
    passage, not one per sentence)."""
    if out and out[-1].end != end:
        out[-1] = replace(out[-1], end=end)


def _heading(
    text: str,
    section: SectionBlock,
    parent: SectionBlock | None,
    year: int | None,
    openings: list[Opening],
    rules: Rules,
) -> _Cue | None:
    """The role a part's heading gives its passages until a cue turns them: the role of the first
    year or period it names (“十五五”时期目标任务和2026年工作安排 opens with a period's goals),
    else the role its words give (2025年工作回顾, 重点工作); the goals of a part that names no
    period are this year's. A review that names last year is of one year, whatever period it
    names beside (2025年和“十四五”时期工作回顾). A heading that names none inside another part (一、确定
    适度的经济增长率 in 二、“七五”时期的基本任务) takes that part's."""
    heading = text[section.title_start : section.title_end]
    why = f"the heading ({heading.strip()})"
    named: list[tuple[int, _Cue]] = []
    for opening in openings:
        for m in opening.pattern.finditer(heading):
            cue = _cue(opening.kind, opening.years, m, year, rules)
            if cue is not None:
                named.append((m.start(), cue))
    if named:
        first = min(named, key=lambda n: n[0])[1]
        if section.role == "review" and first.role != "review":
            return _Cue("review", None, why)  # the years so far of a running plan (六五计划前两年的执行情况)
        single = any(c.role == "review" and c.period is None for _, c in named)
        period = None if first.role == "review" and single else first.period
        return _Cue(first.role, period, why)
    if parent is not None:
        return _heading(text, parent, None, year, openings, rules)
    if section.role not in ("review", "plan", "goals"):
        return None
    return _Cue("plan" if section.role == "goals" else section.role, None, why)


def _opening(
    text: str, start: int, end: int, year: int | None, openings: list[Opening], rules: Rules
) -> _Cue | None:
    """The cue a sentence opens with, if any."""
    r = rules.roles
    lead = r.lead.match(text, start, end)
    at = lead.end() if lead else start
    if not r.any_opening.match(text, at, end):
        return None
    for opening in openings:
        m = opening.pattern.match(text, at, end)
        if m is not None:
            cue = _cue(opening.kind, opening.years, m, year, rules)
            if cue is not None:
                return replace(cue, end=m.end())
    return None


def _cue(kind: str, years: int, m: re.Match[str], year: int | None, rules: Rules) -> _Cue | None:
    """The role and years an opening gives, against the plan's `year` (dated ones need it): a
    period or year before it looks back, the plan's year is the plan, a later one a period's goals;
    a period in its last year is mostly done and looks back (第一个五年期间…共新建… in 1957)."""
    words = m.group(0)
    if kind in ("review", "plan", "goals"):
        if years <= 1 or year is None:
            return _Cue(kind, None, words)  # type: ignore[arg-type]
        span = (year - years, year - 1) if kind == "review" else (year, year + years - 1)
        return _Cue(kind, span, words)  # type: ignore[arg-type]
    if year is None:
        return None
    groups = m.groupdict()
    if groups.get("period"):
        first, last = rules.roles.period_years[groups["period"]]
        return _Cue("review" if last < year or first < last == year else "goals", (first, last), words)
    if groups.get("until"):
        until = rules.numerals.digit_by_digit(groups["until"])
        if until < year:
            return _Cue("review", None, words)
        return _Cue("plan", None, words) if until == year else _Cue("goals", (year, until), words)
    named = rules.numerals.digit_by_digit(groups["year"])
    if named < year:
        return _Cue("review", None, words)
    return _Cue("plan", None, words) if named == year else _Cue("goals", (year, named), words)


def _weighed(
    text: str,
    start: int,
    end: int,
    prior: _Cue | None,
    before: Passage | None,
    turned: bool,
    year: int | None,
    rules: Rules,
) -> Passage:
    """A paragraph that opens with no cue: the role its heading gives, the role of the passage
    before it, and its words that look back or commit, weighed. The passage before weighs more
    where a cue turned the part forward (a report looks back, then sets a period's goals, then the
    year's plan), and only as much as a word where words alone decided it."""
    w = rules.roles.weights
    weight: dict[Role, float] = {}
    periods: dict[Role, Years | None] = {}
    cues: dict[Role, str] = {}

    def weigh(role: Role, much: float, period: Years | None, why: str) -> None:
        weight[role] = weight.get(role, 0) + much
        periods.setdefault(role, period)
        cues.setdefault(role, why)

    if prior is not None:
        weigh(prior.role, w.heading, prior.period, prior.words)
    if before is not None and before.role != "other":
        carried = (w.turned if turned else w.carried) if before.sure else w.marker
        weigh(before.role, carried, before.period, "carried on")
    back_words, commit_words = rules.roles.marker_patterns
    past = _past_years(text, start, end, year, rules)
    back = min((len(back_words.findall(text, start, end)) + past) * w.marker, w.markers_max)
    commit = min(len(commit_words.findall(text, start, end)) * w.marker, w.markers_max)
    if back:
        weigh("review", back, None, _WORDS[0])
    if commit:
        weigh(max(("plan", "goals"), key=lambda r: weight.get(r, -1)), commit, None, _WORDS[1])
    if not weight or (prior is None and before is None and max(back, commit) < w.markers_alone):
        return Passage(start, end, "plan", None, "no cue: taken for the plan", sure=False)
    # most weight wins; on a tie, the passage before, then the heading, then the plan
    order = [r for r in (before.role if before else None, prior.role if prior else None, "plan", "goals") if r]
    role = max(weight, key=lambda r: (weight[r], -order.index(r) if r in order else -9))
    sure = cues[role] not in _WORDS and (cues[role] != "carried on" or before is not None and before.sure)
    return Passage(start, end, role, periods.get(role), cues[role], sure)


def _past_years(text: str, start: int, end: int, year: int | None, rules: Rules) -> int:
    """How many times a passage names a year before the plan's (在1952年为…, 1953年至1956年), each a
    marker of looking back."""
    if year is None:
        return 0
    return sum(1 for named, _ in named_years(text, start, end, rules) if named < year)


def named_years(text: str, start: int, end: int, rules: Rules) -> list[tuple[int, re.Match[str]]]:
    """The years text[start:end] names, each with its value, but for the base of a comparison
    (比2020年下降…: `roles.base_year_before`), which dates nothing."""
    bases = rules.roles.base_year_before
    return [
        (rules.numerals.digit_by_digit(m.group("year")), m)
        for m in rules.headings.year_pattern.finditer(text, start, end)
        if not text.endswith(bases, start, m.start())
    ]


# The order in which a report's passages come: it looks back, then sets a period's goals, then
# this year's plan. A cue that moves a part forward in this order turns it for good.
_ORDER: dict[Role, int] = {"other": -1, "review": 0, "goals": 1, "plan": 2}
_WORDS = ("words that look back", "words that commit")
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _PARAGRAPH.finditer(text, start, end)]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    at = start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((at, m.end()))
        at = m.end()
    if at < end:
        out.append((at, end))
    return out

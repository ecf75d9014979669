"""Targets: quantities in context -> targets (and results) with indicator, kind and strength.

The quantities are read one at a time, in order, by a reader that keeps what the next one may
need (its cursor): the quantity before, the target found before, the kind an enumeration's
opening verb gives its items, an old level (由60%…) waiting for its new one. Each quantity is
read in its clause: the words before it (or after it) name the indicator (`indicators`), a verb
gives the kind, the nearest strength word of the sentence gives the strength (`clauses`). A
change against last year (比上年提高1个百分点) or an old level (由60%提高到65%) is attached to its
target. Quantities of review parts are results. Offsets are into the normalized text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Literal

from plantool.model import Basis, Horizon, Kind, Strength
from plantool.pipeline.clauses import Boundaries, item_start, strength_at
from plantool.pipeline.indicators import (
    Token,
    Trim,
    ending_change,
    is_blank,
    is_single_word,
    named_change,
    skip_space,
    tokens,
    trim,
    trim_after,
    verb_kind,
)
from plantool.pipeline.quantities import Quantity, to_number, unread_signs
from plantool.pipeline.roles import Passage, Roles, Years, named_years
from plantool.pipeline.structure import Structure
from plantool.rules import Rules
from plantool.rules.identity import naming


@dataclass(frozen=True)
class Change:
    """A change stated beside a target: against last year (`previous`) or from an old level (`from`)."""

    start: int
    end: int
    quantity: Quantity
    kind: Kind
    basis: Literal["previous", "from"]
    since: int | None = None  # the year a change is against when it names one (比2002年)


@dataclass(frozen=True)
class Found:
    """A target or a result, before it is grounded in the original text."""

    start: int
    end: int
    quantity: Quantity
    indicator: tuple[int, int]
    kind: Kind
    strength: Strength
    deadline: int | None
    change: Change | None
    section: int | None
    pillar: int | None
    measure: int | None
    horizon: Horizon = "annual"  # the plan year's, or a period's (several years)
    period: Years | None = None  # the years of a period item, where known
    basis: Basis = "end_level"  # how the number is meant (rules/basis.yaml)
    base_year: int | None = None  # the base year of a relative item
    shared: tuple[int, int] | None = None  # an item of 分别: the words its indicator shares with the others
    shared_follows: bool = False  # the shared words follow its own though they stand before (县级教师500名、市级60名)
    restates: int | None = None  # index of the earlier target this one states again


@dataclass(frozen=True)
class Diagnostic:
    start: int
    end: int
    message: str
    level: Literal["info", "warning"] = "info"


@dataclass(frozen=True)
class Extraction:
    targets: tuple[Found, ...]
    results: tuple[Found, ...]
    diagnostics: tuple[Diagnostic, ...]


def build_targets(
    text: str,
    structure: Structure,
    roles: Roles,
    quantities: list[Quantity],
    rules: Rules,
    bounds: Boundaries | None = None,
) -> Extraction:
    """Read every quantity in its clause; split them into targets and results, as `roles` reads
    the passage each stands in. `bounds` are the text's sentences and clauses, if the caller has
    found them already.
    """
    bounds = bounds or Boundaries(text, rules)
    kept, qualifiers = _drop_vague_and_qualifiers(text, quantities, bounds, rules)
    reader = _Reader(text, structure, roles, kept, rules, bounds)
    for q in reader.quantities:
        reader.read(q)
    lost = [*unread_signs(text, rules), *roles.lost(text, len(reader.targets))]
    warnings = [Diagnostic(start, end, why, "warning") for start, end, why in lost]
    return Extraction(
        tuple(_link_restatements(text, _grades_share(text, _distribute(text, reader.targets, rules), rules), rules)),
        tuple(_grades_share(text, _distribute(text, reader.results, rules), rules)),
        tuple(sorted([*reader.diagnostics, *qualifiers], key=lambda d: d.start)) + tuple(warnings),
    )


@dataclass
class _Cursor:
    """What reading one quantity leaves for the next."""

    quantity: Quantity | None = None  # the quantity read last (None after one that stands outside the plan)
    found: Found | None = None  # the target or result found last
    shared_kind: Kind | None = None  # the kind an enumeration's opening verb gives its items
    # 由60%…: the old levels waiting for their new ones (从209元、280元提高到…: two, in order), each with
    # where its words start (None for a later one of a list: its new level's own words do) and end
    old_levels: list[tuple[Quantity, int | None, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Place:
    """Where a quantity stands: its section and role, its clause and sentence, where its words start."""

    section: int | None
    passage: Passage  # what the passage it stands in is for, and the years it is about
    clause: tuple[int, int]
    sentence_start: int
    start: int  # where the words of this quantity begin (its clause, or its item of an enumeration)
    in_enumeration: bool
    number_start: int  # the number, with a comparator word right before it (不低于)


_Delta = tuple[re.Match[str], Trim]  # 比上年增长 before a number, and the words before it, trimmed


@dataclass
class _Reader:
    """Reads quantities one at a time, in text order, into targets, results and diagnostics."""

    text: str
    structure: Structure
    roles: Roles
    quantities: list[Quantity]
    rules: Rules
    bounds: Boundaries
    starts: list[int] = field(init=False)
    cursor: _Cursor = field(default_factory=_Cursor)
    targets: list[Found] = field(default_factory=list)
    results: list[Found] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [q.start for q in self.quantities]

    def read(self, q: Quantity) -> None:
        """Read one quantity: a target, a result, a change of the one before, an old level, or nothing."""
        place = self._place(q)
        if place is None:
            self.cursor.quantity = None
            return
        if not (self.cursor.quantity and self.cursor.quantity.end > place.clause[0]):
            self.cursor.shared_kind = None
        old_level = self._old_level(q, place)
        if old_level is not None:
            self.cursor.old_levels.append(old_level)
        else:
            delta = self._delta(place)
            if not self._is_change(q, place, delta):
                self._read_target(q, place, delta)
        self.cursor.quantity = q

    def _place(self, q: Quantity) -> _Place | None:
        """Where `q` stands; None (with a diagnostic) where no quantity is a target or a result."""
        text = self.text
        passage = self.roles.at(q.start)
        if passage.role == "other":
            self._diagnose(q.start, q.end, f"quantity in no part of the plan ({passage.cue}); not a target")
            return None
        clause = self.bounds.clause(q.start, len(text))
        start, in_enumeration = item_start(text, clause[0], self.cursor.quantity, q, self.rules)
        return _Place(
            section=self.structure.section_at(q.start),
            passage=passage,
            clause=clause,
            sentence_start=self.bounds.sentence(q.start, len(text))[0],
            start=start,
            in_enumeration=in_enumeration,
            number_start=q.start - len(q.before_word),
        )

    def _old_level(self, q: Quantity, place: _Place) -> tuple[Quantity, int | None, int] | None:
        """由60%提高到65%: the first number is the old level of the target that follows, with where
        its words start and where the 由/从 before it stands (the indicator's words end there:
        全员劳动生产率从人均8.7万元…); 从209元、280元提高到217元、290元: a number listed right after an old
        level is one too. None for any other number."""
        pending = self.cursor.old_levels
        if pending and _listed_after(self.text, pending[-1][0], q, self.rules):
            level: tuple[Quantity, int | None, int] = (q, None, pending[-1][2])
        elif match := self.rules.kinds.from_before.search(self.text, place.start, q.start):
            level = (q, place.start, match.start())
        else:
            return None  # most numbers: no new level is looked for
        reach = self._level_clause_after(place.clause[1])
        new_level = _next_is_new_level(self.text, q, self.starts, self.quantities, reach, self.rules)
        return level if new_level else None

    def _level_clause_after(self, end: int) -> int:
        """Where the new level of an old one in the clause ending at `end` may stand: to the end of
        the next clause where that one opens with it (由一九八二年的五万人，增加到…: `kinds.level_goes_on`),
        else in its own clause."""
        opened = skip_space(self.text, end + 1, len(self.text))
        same_sentence = self.bounds.sentence(end, len(self.text))[1] > end  # a clause's break, no sentence's end
        if same_sentence and self.rules.kinds.level_goes_on.match(self.text, opened):
            return self.bounds.clause(opened, len(self.text))[1]
        return end

    def _is_change(self, q: Quantity, place: _Place, delta: _Delta | None) -> bool:
        """比上年提高1个百分点 after a target is its change, not a target of its own (but 比上年增长6%
        or 比现在增加两、三倍 after an indicator is a growth target: `kinds.growth_families`): attach
        it to the target found before."""
        if delta is None:
            return False
        match, before = delta
        if not before.empty and q.family in self.rules.kinds.growth_families:
            return False
        since = match.groupdict().get("since")
        kind = verb_kind(_delta_verb(match), self.rules) or "level"
        change = Change(match.start(), q.end, q, kind, "previous", self.rules.numerals.digit_by_digit(since) if since else None)
        found = self.cursor.found
        if (found is None or found.start < place.sentence_start) and self._topic(place):
            return False  # 木材和水泥的产量，也将分别比上年增长…: a growth of what the sentence opens with
        items = self.results if place.passage.role == "review" else self.targets
        at = self._changed_item(items, q, place)
        if at is not None:
            last = at == len(items) - 1  # the amount before a share keeps its span: items never overlap
            updated = replace(items[at], change=change, end=max(items[at].end, q.end) if last else items[at].end)
            items[at] = updated
            self.cursor.found = updated if last else self.cursor.found
        else:
            self._diagnose(match.start(), q.end, "a change with no target before it")
        return True

    def _changed_item(self, items: list[Found], q: Quantity, place: _Place) -> int | None:
        """Which item of the sentence a change belongs to: the one just found, or, where that is a
        share and the change is a growth rate, the amount before it (…收入为N元，占…的47%，比上年
        增长9.8%: a share changes in points, an amount by a rate: `kinds.growth_families`)."""
        found = self.cursor.found
        if found is None or found.start < place.sentence_start or found.change is not None or not items:
            return None
        growth = self.rules.kinds.growth_families
        if found.quantity.family in growth and q.family in growth and len(items) >= 2 and items[-1] is found:
            amount = items[-2]
            if amount.start >= place.sentence_start and amount.change is None and amount.quantity.family not in growth:
                return len(items) - 2
        return len(items) - 1 if items[-1] is found else None

    def _delta(self, place: _Place) -> _Delta | None:
        """The words that make the number a change (比上年增长), and the words before them, trimmed."""
        match = self.rules.kinds.delta_before.search(self.text, place.start, place.number_start)
        return None if match is None else (match, trim(self.text, place.start, match.start(), self.rules))

    def _read_target(self, q: Quantity, place: _Place, delta: _Delta | None) -> None:
        from_change, words_end, start = self._old_level_for(q, place)
        found = self._indicator(q, place, delta, from_change, words_end, start)
        before = self.cursor.found
        if not found.empty and found.start < start and not (before and (found.start, found.end) == before.indicator):
            start = found.start  # named in the clause before (…的宏观调控目标，定为…): the target starts there
        self._target(q, place, found, from_change, start)

    def _target(self, q: Quantity, place: _Place, found: Trim, from_change: Change | None, start: int) -> None:
        """The target `found` names, with its kind, unless it is none."""
        if found.empty:
            self._diagnose(q.start, q.end, "no indicator found for this quantity")
            return
        if found.lead_kind:
            self.cursor.shared_kind = found.lead_kind
        shared = self.cursor.shared_kind if place.in_enumeration else None
        kind = self._kind(q, found, shared, found.start >= place.start)
        governed = bool(found.lead_kind or found.trail_kind and not found.closed or shared)  # 有三个优势: no verb
        if q.spelled and not governed and not self._next_in_list(q, place) and _is_slogan(q, self.rules):
            self._diagnose(q.start, q.end, "a small count in words that no verb governs (三件大事); not a target")
            return
        if q.comparator == "eq" and found.lead_comparator:
            q = replace(q, comparator=found.lead_comparator)
        told = self._dated_before_the_plan(place, q) or self._reported(place, q)
        if told or self._looks_back(place, q, min(start, place.clause[0])):  # a fact told inside the plan: a result
            place = replace(place, passage=replace(place.passage, role="review", period=None))
        why_not = self._why_not(place, q, found, min(start, place.clause[0]))
        if why_not:
            self._diagnose(q.start, q.end, why_not)
            return
        self._emit(q, place, found, kind, from_change, start)

    def _next_in_list(self, q: Quantity, place: _Place) -> bool:
        """Whether `q` goes on a list of counts its sentence holds (…，三十个大电站，六条铁路新干线和五个
        重点港口; …火电站四十五个，核电站一个): the target just found is a count, and only its name and
        a list's break stand between (no verb)."""
        before = self.cursor.found
        if before is None or before.start < place.sentence_start or before.quantity.family != q.family:
            return False
        between = self.text[before.quantity.end : place.number_start]
        k = self.rules.kinds
        listed = (
            k.enumeration_break.search(between)
            or k.clause_break.fullmatch(between.rstrip()[-1:])
            or k.clause_break.fullmatch(between.lstrip()[:1])  # …火电站四十五个，…核电站一个
        )
        return bool(listed) and verb_kind(between, self.rules) is None

    def _kind(self, q: Quantity, found: Trim, shared: Kind | None, own: bool) -> Kind:
        """Whether the target raises, lowers or sets a level (rules/kinds.yaml); `own`: its name
        stands in the number's own clause or item, after the verb trimmed before it."""
        worded = verb_kind(self.text[q.start : q.end], self.rules)  # 翻一番: the number is worded as a verb
        verb = found.trail_kind or found.lead_kind or shared
        name = self.text[found.start : found.end]
        # 经济增长预期目标为7%左右: a level verb before a name that ends in a change is that change;
        # 实现城镇新增就业…: so is a level verb the name follows, where the name holds one
        named = ending_change(name, self.rules) if verb == "level" else None
        if own and verb == "level" and "level" in (found.trail_kind, found.lead_kind):
            named = named or named_change(name, self.rules)
        if verb == "level" and worded:
            verb = worded  # 实现工农业年总产值翻两番: the number worded as a change says how it changes
        return named or verb or found.inner_kind or worded or "level"

    def _looks_back(self, place: _Place, q: Quantity, start: int) -> bool:
        """A clause of a plan that speaks of the past (由于已经连续三年增长速度在百分之十一以上: words of
        `roles.past_in_plan` and none that commits), read from `start`, where its words begin; not past
        words in a modifier of what a count counts (已经确定规划建设的32个聚集区)."""
        roles, text = self.rules.roles, self.text
        end = place.clause[1]  # 在四百多个工业企业中进行了…试点: the clause's verb after the number, too
        if place.passage.role == "review" or roles.marker_patterns[1].search(text, start, end):
            return False
        modifier = q.family in self.rules.kinds.count_families and bool(
            roles.past_in_modifier.search(text, start, q.start)
        )
        return not modifier and bool(roles.past_in_plan_pattern.search(text, start, end)) or self._told_before(place, start, end)

    def _told_before(self, place: _Place, start: int, end: int) -> bool:
        """全国小铁厂由466个减少到现在的276个，…，结果炼铁焦比由950公斤降到705公斤: a clause of a sentence
        whose clauses before it speak of the past, none of them committing, goes on telling it, unless
        the plan's own time is named after them (`roles.plan_time`)."""
        roles, text, opened = self.rules.roles, self.text, place.sentence_start
        if opened >= place.clause[0] or roles.marker_patterns[1].search(text, opened, start):
            return False
        pasts = list(roles.past_in_plan_pattern.finditer(text, opened, place.clause[0]))
        if pasts:  # not 象去年那样, 在目前条件下: a circumstance's time
            asides = [m.span() for m in self.rules.kinds.aside.finditer(text, opened, place.clause[0])]
            pasts = [m for m in pasts if not _inside(m.span(), asides)]
        return bool(pasts) and not any(w in text[pasts[0].end() : end] for w in roles.plan_time)

    def _why_not(self, place: _Place, q: Quantity, found: Trim, start: int) -> str | None:
        """Why a quantity with an indicator is still no target, if it is not: a clause of a plan that
        speaks of what is expected (有望; 今年高校毕业生795万人: `kinds.forecast_names`), a
        number of a circumstance (在现有3条线路基础上), or a count of the items just listed
        (`kinds.listed_items`) or pointed back to (这三项改革: `kinds.anaphora_before`). Its clause is
        read from `start`, where its words begin (an old level's clause before it, too)."""
        roles, text = self.rules.roles, self.text
        committed = place.passage.role == "review" or bool(roles.marker_patterns[1].search(text, start, q.end))
        if not committed and roles.expected_in_plan_pattern.search(text, *place.clause):
            return "a plan's clause that expects, not commits (有望…); not a target"
        if place.passage.role != "review" and self._conditional(place, q):
            return "a condition or what would follow from it (只要…就可以…); not a target"
        forecast = place.passage.role == "plan" and text[found.start : found.end].endswith(self.rules.kinds.forecast_names)
        if forecast and not committed:  # a period's graduates are what its plan trains: a target
            return "a forecast of what the year brings (今年高校毕业生…), not a commitment; not a target"
        if not committed and any(w in text[q.end : place.clause[1]] for w in self.rules.kinds.source_words):
            return "a statement of where something comes from (…的60%以上来自国有企业); not a target"
        if any(m.start() < q.start and q.end <= m.end() for m in self.rules.kinds.aside.finditer(text, *place.clause)):
            return "a quantity of a circumstance (在…的基础上); not a target"
        return self._repeated_count(q, start) if q.family == "count" else None

    def _repeated_count(self, q: Quantity, start: int) -> str | None:
        """Why a count in the clause from `start` only repeats what the text names, if it does: the
        items just listed (甲、乙、丙3个: `kinds.listed_items`) or named before (这三项改革)."""
        kinds, text = self.rules.kinds, self.text
        if text.endswith(kinds.anaphora_before, start, q.start):
            return "a count of things named before (这三项改革); not a target"
        if self._counts_items_after(q):
            return "a count of the items listed after it (实施三项工程。一是…); not a target"
        listed = kinds.listed_items.search(text, start, q.start)
        counted_before = self.cursor.quantity is not None and self.cursor.quantity.end > start
        if listed and not counted_before and q.value in _list_lengths(listed.group(0), kinds.enumeration_break):
            return "a count of the items just listed (甲、乙、丙3个); not a target"
        if (q.value or 0) >= 2 and q.value == _items_listed_after(text, q, kinds.list_after):
            return "a count of the items listed right after it (三个基地（甲、乙、丙）); not a target"
        return None

    def _counts_items_after(self, q: Quantity) -> bool:
        """实施三项工程。一是…, 重点提高六种能力：一是…: a small count (at most `kinds.spelled_count_max`),
        the last number of its clause, whose clause the first item of a list follows (`kinds.first_item`)."""
        k, text = self.rules.kinds, self.text
        end = self.bounds.clause(q.start, len(text))[1]
        i = bisect_left(self.starts, q.end)
        if q.number > k.spelled_count_max or i < len(self.starts) and self.starts[i] < end:
            return False
        return k.first_item.match(text, skip_space(text, end + 1, len(text))) is not None

    def _conditional(self, place: _Place, q: Quantity) -> bool:
        """Whether `q` stands in a condition (只要降低1%) or after one in a sentence that says what
        would follow from it (…，一年就可以节省开支三十亿元): `roles.condition`, `roles.consequence`."""
        roles, text = self.rules.roles, self.text
        condition = roles.condition.search(text, place.sentence_start, q.start)
        if condition is None:
            return False
        if condition.start() >= place.clause[0]:
            return True
        end = self.bounds.sentence(q.start, len(text))[1]
        return roles.consequence.search(text, condition.end(), end) is not None

    def _dated_before_the_plan(self, place: _Place, q: Quantity) -> bool:
        """A sentence of a plan that dates the number to a year before the plan's (全国职工的工资总额
        一九八○年为七百七十三亿元; 从1900年到1948年，49年合计…): a fact of the past, unless it commits after
        that year (2016年…提出…，力争培养…); not a base (比2020年…: `roles.base_year_before`; 由一九八○年的
        一千四百万吨增加到…: an old level). The year of a new level (…下降到一九八二年的百分之二十:
        `kinds.new_level_year`) dates it; a span's start (从1956年开始: `roles.start_year_after`) does not."""
        first = place.passage.period[0] if place.passage.period else self.roles.year
        if first is None or place.passage.role == "review":
            return False
        rules, text = self.rules, self.text
        years = [
            (named, m)
            for named, m in named_years(text, self._period_start(place), q.start, rules)
            if not rules.kinds.attributive_after.match(text, m.end()) or self._dates_new_level(m, place)
            if not text.startswith(rules.roles.start_year_after, m.end())  # 从一九五六年开始: a span runs on
        ]
        if not years or any(named >= first for named, _ in years):
            return False
        return not rules.roles.marker_patterns[1].search(text, years[-1][1].end(), q.end)

    def _period_start(self, place: _Place) -> int:
        """Where the sentence of `place` begins, past the parts before it that a ； joins to it (从一九六六
        年到一九七六年的十一年中，…；也有…: the parts after the ； are dated as the first)."""
        start = place.sentence_start
        while start > 0 and self.text[start - 1] in self.rules.roles.sentence_joins:
            start = self.bounds.sentence(start - 2, len(self.text))[0]
        return start

    def _reported(self, place: _Place, q: Quantity) -> bool:
        """A sentence of a plan that reports what a survey or a count found (据对176个在建项目的检查，
        现在要花的投资就比原来的概算增加185亿元: `roles.reported_opening`): a fact, where no word
        commits after its opening."""
        if place.passage.role == "review":
            return False
        rules, text = self.rules, self.text
        opening = rules.roles.reported_opening.match(text, skip_space(text, place.sentence_start, q.start))
        return opening is not None and not rules.roles.marker_patterns[1].search(text, opening.end(), q.end)

    def _dates_new_level(self, year: re.Match[str], place: _Place) -> bool:
        """Whether `year` dates the new level its clause reaches (…下降到一九八二年的百分之二十)."""
        return year.start() >= place.clause[0] and self.text.endswith(self.rules.kinds.new_level_year, 0, year.start())

    def _old_level_for(self, q: Quantity, place: _Place) -> tuple[Change | None, int, int]:
        """The old level waiting for `q`, if it stands in q's clause (or the one before, where q's
        opens with the new level: `kinds.level_goes_on`): the change it makes, where the words naming
        the indicator end (before 由/从) and start."""
        levels = self.cursor.old_levels
        if not levels:
            return None, place.number_start, place.start
        reach = place.clause[0]
        if self.rules.kinds.level_goes_on.match(self.text, skip_space(self.text, reach, q.start)):
            reach = self.bounds.clause(max(0, reach - 2), len(self.text))[0]  # 由…的五万人，增加到…
        while levels and levels[0][0].start < reach:
            levels.pop(0)  # the old level of an earlier clause waits for nothing
        if not levels or levels[0][0].end > q.start:
            return None, place.number_start, place.start
        old, start, words_end = levels.pop(0)
        return Change(old.start, old.end, old, "level", "from"), words_end, place.start if start is None else start

    def _indicator(
        self, q: Quantity, place: _Place, delta: _Delta | None, from_change: Change | None, words_end: int, start: int
    ) -> Trim:
        """What `q` measures: the words before it, or after it (新建200个智能车间), or the indicator
        just named (一般公共预算收入78.2亿元，增长4.3%; 分别增长5%和6.5%)."""
        text, rules = self.text, self.rules
        found = self._words_before(q, delta, from_change, words_end, start)
        i = bisect_left(self.starts, q.end)  # its words end where another number starts (共搬迁438户1669人)
        numbered = i < len(self.starts) and self.starts[i] < place.clause[1]
        counted = q.family in rules.kinds.count_families
        after = trim_after(text, q.end, self.starts[i] if numbered else place.clause[1], found, rules, numbered, counted)
        if not after.empty and self._named_after(q, place, found, after, start):
            found = after
        elif q.family in rules.kinds.spent_families and (purpose := self._purpose(q, place, found)) is not None:
            found = purpose  # 拿出396亿元用于转移支付: an amount spent is named by what it is for
        elif text[found.start : found.end] in rules.kinds.spending_names and (topic := self._named_topic(place)):
            found = replace(found, start=topic[0], end=topic[1])  # 煤炭工业建设，五年投资179亿元: what is spent on
        elif after.empty and not delta and self._amount_of_work(q, start, words_end):
            found = trim(text, start, words_end, rules, amount=True)  # 棚户区住房改造600万套: the work is measured
        found = self._named_later(q, place, found) if found.empty else found
        found = self._aspect_of_before(q, place, found)
        scoped = self._bracketed_after(q)  # 百分之四（包括村办工业为百分之六）: the same measure, scoped otherwise
        if scoped is not None:
            return replace(found, start=scoped.indicator[0], end=scoped.indicator[1], trail_kind=scoped.kind)
        return self._named_before(place, found) if found.empty else found

    def _words_before(
        self, q: Quantity, delta: _Delta | None, from_change: Change | None, words_end: int, start: int
    ) -> Trim:
        """The words before `q`, trimmed, with the verb that says its kind: the change's (比上年增长),
        the new level's (由…提高到), or a comparator word's right before the number (人口增长率，必须
        控制在1.3%以下: a level, of what the clause before names)."""
        text, rules = self.text, self.rules
        found = delta[1] if delta and from_change is None else trim(text, start, words_end, rules)
        if from_change is not None:
            trail = verb_kind(text[from_change.end : q.start], rules)
            found = replace(found, trail_kind=trail or found.trail_kind)
        if delta:
            floor = rules.comparators.before.get(delta[0].groupdict().get("comparator") or "", found.lead_comparator)
            return replace(found, trail_kind=verb_kind(_delta_verb(delta[0]), rules) or found.trail_kind, lead_comparator=floor)
        if found.empty and q.before_word and not (found.lead_kind or found.trail_kind):
            return replace(found, trail_kind=verb_kind(q.before_word, rules) or "level")
        return found

    def _purpose(self, q: Quantity, place: _Place, found: Trim) -> Trim | None:
        """What an amount is for, named right after it (…396亿元用于转移支付: `kinds.purpose_before`),
        or, where the words before it only say it is spent (投资, 总投资: `kinds.spending_names`),
        in the clause after it, up to its own number, where the amount ends its own clause and a
        verb opens that one (投资300万元，继续实施…工程; 投资1000万元，建设通信基站16个)."""
        text, rules = self.text, self.rules
        word = next((w for w in rules.kinds.purpose_before if text.startswith(w, q.end)), None)
        if word is not None:
            purpose = trim_after(text, q.end + len(word), place.clause[1], found, rules)
            return None if purpose.empty else purpose
        if text[found.start : found.end] not in rules.kinds.spending_names:
            return None
        if text[q.end : place.clause[1]].strip() or place.clause[1] + 1 >= self.bounds.sentence(q.end, len(text))[1]:
            return None  # words follow the amount in its clause, or its sentence ends with it
        start, end = self.bounds.clause(place.clause[1] + 1, len(text))
        i = bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] < end:
            end = self.starts[i]  # 建设通信基站16个: what it counts names the amount too
        named = trim(text, start, end, rules)
        spent_again = text[named.start : named.end] in rules.kinds.spending_names  # …，年内完成投资N亿元
        if named.empty or named.lead_kind is None or spent_again:
            return None
        return replace(named, lead_kind=found.lead_kind, trail_kind=found.trail_kind, inner_kind=None)  # spent: its kind

    def _aspect_of_before(self, q: Quantity, place: _Place, found: Trim) -> Trim:
        """A name that is only an aspect of something (规模: `kinds.aspect_names`) measures what the
        target before it in the sentence names, in the same unit (中央对地方转移支付增加约1.5万亿元、规模
        近9.8万亿元)."""
        before = self.cursor.found
        if self.text[found.start : found.end] not in self.rules.kinds.aspect_names:
            return found
        if before is None or before.start < place.sentence_start or before.quantity.family != q.family:
            return found
        return replace(found, start=before.indicator[0], end=before.indicator[1])

    def _named_topic(self, place: _Place) -> tuple[int, int] | None:
        """The clause a sentence or line opens with, right before the number's, where it only names a
        thing (煤炭工业建设，五年投资179亿元): nouns, no verb and no number (`kinds.name_tags`)."""
        text, rules = self.text, self.rules
        if place.clause[0] - 2 < place.sentence_start:
            return None
        start, end = self.bounds.clause(place.clause[0] - 2, len(text))
        opens = start == place.sentence_start or "\n" in text[start : skip_space(text, start, end)]
        start = skip_space(text, start, end)
        if not opens or bisect_left(self.starts, start) != bisect_left(self.starts, end):
            return None
        words = tokens(text, start, end, rules)
        named = words and all((rules.word_tag(w) or "x").startswith(rules.kinds.name_tags) for w, _, _ in words)
        return (words[0][1], words[-1][2]) if named else None

    def _bracketed_after(self, q: Quantity) -> Found | None:
        """The target just found, if `q` stands in brackets right after its number that give it in
        another scope (`kinds.scope_aside`)."""
        before = self.cursor.found
        if before is None or before.quantity is not self.cursor.quantity:
            return None
        k = self.rules.kinds
        opened = skip_space(self.text, before.quantity.end, q.start)
        if self.text[opened : opened + 1] not in k.aside_opening or k.aside_closing & set(self.text[opened : q.start]):
            return None
        return before if k.scope_aside.match(self.text, opened + 1, q.start) else None

    def _named_after(self, q: Quantity, place: _Place, found: Trim, after: Trim, start: int) -> bool:
        """Whether the words after the number name what it measures rather than those before it:
        none before, a lone verb before, a place or a means before (`_place_or_means`), a name after,
        examples before (商丘等5个基地), or a count right after its verb (`_counts_a_thing`); never
        words in brackets, an aside (（不包括…）)."""
        text, rules = self.text, self.rules
        if text[after.start : after.start + 1] in rules.kinds.aside_opening:
            return False  # an aside in brackets (（不包括…）)
        if found.empty or is_single_word(text, found, rules) or self._place_or_means(found, place):
            return True
        if q.family in rules.basis.level_families:
            return False  # a rate is named before it (加计扣除75%政策, 基站覆盖90%的乡镇)
        if after.names_thing:
            return True
        if text[start : place.number_start].rstrip().endswith(rules.kinds.examples_end):
            return True
        if q.family in rules.kinds.count_families and text.endswith(rules.kinds.attributive, 0, place.number_start):
            return True  # 总投资52亿元的34个配套项目: what is said before 的 describes the things counted
        return (found.trail_kind is not None or self._ends_in_verb(q, found)) and self._counts_a_thing(q, place, after)

    def _ends_in_verb(self, q: Quantity, found: Trim) -> bool:
        """Words before the number that end in a verb the rules do not list (重点抓好, 提质升级), before
        a number that is no amount spent (`kinds.spent_families`)."""
        if q.family in self.rules.kinds.spent_families:
            return False
        toks = tokens(self.text, found.start, found.end, self.rules)
        return bool(toks) and (self.rules.word_tag(toks[-1][0]) or "").startswith("v")

    def _place_or_means(self, found: Trim, place: _Place) -> bool:
        """Whether the words before the number say where (在城镇集体企业安排…: opened by
        a word of `kinds.place_before`) or with what (用八亿元建设…: the number right after a word
        of `kinds.means_before`) rather than what is measured."""
        k, text = self.rules.kinds, self.text
        words = tokens(text, place.start, place.number_start, self.rules)
        first = next((i for i, (_, a, _) in enumerate(words) if a >= found.start), len(words))
        if any(self._opens_place(w) for w, _, _ in words[max(0, first - 1) : first + 1]):
            return True  # the place word right before the name, or opening it
        return bool(words) and words[-1][0] in k.means_before and words[-1][1] >= found.start

    def _opens_place(self, word: str) -> bool:
        """Whether `word` is a place word of `kinds.place_before`, or one run into the place it opens
        (在城镇), not a verb that starts with it (在建, 在校)."""
        opener = next((p for p in self.rules.kinds.place_before if word.startswith(p)), None)
        return opener is not None and (word == opener or not (self.rules.word_tag(word) or "").startswith(("v", "t")))

    def _counts_a_thing(self, q: Quantity, place: _Place, after: Trim) -> bool:
        """为退役军人提供5万个就业岗位: a count right after its verb counts what follows, not whom it
        is given to, when the number, first of its clause and in a unit that adds up, is followed by
        a name of several words ending in a noun or a verbal noun (not 达到57亿人公里, 从15个…扩大到57个)."""
        text, rules = self.text, self.rules
        if not self._adds_up(q) or any(ch.isdigit() for ch in text[place.clause[0] : place.number_start]):
            return False
        tags = [tag for w, _, _ in tokens(text, after.start, after.end, rules) if (tag := rules.word_tag(w))]
        return len(tags) >= 2 and (tags[-1].startswith("n") or tags[-1] == "vn")  # a noun or 建设, 改造

    def _amount_of_work(self, q: Quantity, start: int, end: int) -> bool:
        """Words ending in an action word before an amount in a unit that adds up (`kinds.action_nouns`)."""
        return self._adds_up(q) and self.text[start:end].rstrip().endswith(self.rules.kinds.action_nouns)

    def _adds_up(self, q: Quantity) -> bool:
        """Whether `q` is in a unit that adds up: not a rate or a level (`basis.level_families`)."""
        return q.family not in self.rules.basis.level_families

    def _named_later(self, q: Quantity, place: _Place, found: Trim) -> Trim:
        """新建103个、修缮60个农村互助幸福院: a number with no words of its own, then a list's break, a
        verb and a number of its family: what that one counts, this one counts too."""
        i = bisect_left(self.starts, q.end)
        if i >= len(self.quantities) or self.quantities[i].start > place.clause[1]:
            return found
        nxt, rules = self.quantities[i], self.rules
        sep = rules.kinds.enumeration_break.match(self.text, q.end)
        if nxt.family != q.family or sep is None or not trim(self.text, sep.end(), nxt.start, rules).empty:
            return found
        after = trim_after(self.text, nxt.end, place.clause[1], found, rules)
        return found if after.empty else replace(found, start=after.start, end=after.end)

    def _named_before(self, place: _Place, found: Trim) -> Trim:
        """No words name it: the indicator of the target just found in the sentence (…78.2亿元，增长
        4.3%; a bare number of an enumeration), or what the clause before names (`_framed`)."""
        before = self.cursor.found
        if before is not None and before.start >= place.sentence_start:
            if before.quantity is self.cursor.quantity and not self.text[before.quantity.end : place.number_start].strip():
                # right after the number before it (搬迁438户1669人): a second measure of the same thing
                return replace(found, start=before.indicator[0], end=before.indicator[1], trail_kind=before.kind)
            if found.lead_kind or found.trail_kind:
                return replace(found, start=before.indicator[0], end=before.indicator[1])
            if place.in_enumeration:  # a bare number in an enumeration repeats the one before it
                return replace(found, start=before.indicator[0], end=before.indicator[1], trail_kind=before.kind)
        return self._framed(place, found) if found.lead_kind or found.trail_kind else found

    def _framed(self, place: _Place, found: Trim) -> Trim:
        """今年经济增长速度的宏观调控目标，定为百分之八至九: a clause of a verb and the number only, after
        one that names a target (`kinds.framing_end`): the indicator is what that one names; else
        the subject of a clause before that says how it changes (`_subject_of`); else what the
        sentence opens with (`_topic`)."""
        if place.clause[0] - 2 < place.sentence_start:
            return found
        start, end = self.bounds.clause(place.clause[0] - 2, len(self.text))
        framing = self.rules.kinds.framing_end.search(self.text, start, end)
        if framing:
            named: Trim | None = trim(self.text, start, framing.start(), self.rules)
        else:  # a level its clause sets (控制在…) bounds what the clause before compares
            bound = (found.trail_kind or found.lead_kind) == "level"
            named = (self._subject_of(start, end) if bound else None) or self._topic(place) or self._object_before(start, end)
        return found if named is None or named.empty else replace(found, start=named.start, end=named.end)

    def _object_before(self, start: int, end: int) -> Trim | None:
        """深化中欧班列市场化运营改革，全年开行3000列以上: where no clause names what the sentence is about
        (`_topic`), what the clause right before the number's acts on, if it holds no number."""
        if bisect_left(self.starts, start) != bisect_left(self.starts, end):
            return None
        named = trim(self.text, start, end, self.rules)
        return None if named.empty or _says_a_change(self.text[named.start : named.end], self.rules) else named

    def _subject_of(self, start: int, end: int) -> Trim | None:
        """确保物价上涨幅度比去年有明显回落，力争控制在百分之十五左右: the clause before, with no number
        of its own, compares something with a base (`kinds.comparison_words` after its first
        words): that something is what the number bounds."""
        text, rules = self.text, self.rules
        if bisect_left(self.starts, start) != bisect_left(self.starts, end):
            return None
        words = tokens(text, start, end, rules)
        said = next((a for w, a, _ in words[1:] if w in rules.kinds.comparison_words), None)
        if said is None:
            return None
        subject = trim(text, start, said, rules)
        return None if subject.empty else subject

    def _verbs_apart(self, start: int, end: int, place: _Place) -> bool:
        """Whether the words [start, end) before a topic hold a verb the number's clause does not say,
        nor one of its kind (扩大人工草场面积，计划由…增加到…: 扩大 says what 增加 does)."""
        text, kinds = self.text, self.rules.kinds.verb_kind
        own = tokens(text, place.clause[0], place.number_start, self.rules)
        own_kinds = {kinds[w] for w, _, _ in own if w in kinds}
        verbs = [w for w, _, _ in tokens(text, start, end, self.rules) if w in kinds]
        return any(v not in text[place.clause[0] : place.number_start] and kinds[v] not in own_kinds for v in verbs)

    def _topic(self, place: _Place) -> Trim | None:
        """行政经费预算，从中央到地方，一律削减10%; 发行超长期特别国债，…，今年先发行1万亿元: a sentence
        that opens (after purposes and circumstances, 为…，在…) with a clause naming what it is about, with no number before
        this one and no verb but this clause's own."""
        text, rules = self.text, self.rules
        start, end = self.bounds.clause(place.sentence_start, len(text))
        start = skip_space(text, start, end)
        topic = trim(text, start, end, rules)
        while start < place.clause[0] and (rules.kinds.not_a_topic.match(text, start, end) or topic.empty or self._leads_in(end, place)):
            start, end = self.bounds.clause(end + 1, len(text))  # 为了…，在…的同时; 从今年起: what it is about follows
            start = skip_space(text, start, end)
            topic = trim(text, start, end, rules)
        if start >= place.clause[0] or bisect_left(self.starts, start) != bisect_left(self.starts, place.clause[0]):
            return None  # the number's own clause, or a number stands before: not about one thing
        own = text[place.clause[0] : place.number_start]
        if topic.trail_kind or self._verbs_apart(start, topic.start, place):
            return None
        said = rules.kinds.topic_end.search(text, topic.start, topic.end)  # 经济增速是综合性指标: what it says
        if said:
            topic = trim(text, topic.start, said.start(), rules)
        if _says_a_change(text[topic.start : topic.end], rules):
            return None
        inside = [e for w, _, e in tokens(text, topic.start, topic.end, rules) if w in rules.kinds.verb_kind and w in own]
        return trim(text, inside[-1], topic.end, rules) if inside else topic  # 发行X，…，先发行: what is issued

    def _leads_in(self, end: int, place: _Place) -> bool:
        """国务院规定：在今后三年内，造价…节约百分之十: a clause ending in a colon, with clauses after it
        before the number's, introduces what is said (not 钢：从…增加到…, which names the number's)."""
        return self.text.startswith(("：", ":"), end) and self.bounds.clause(end + 1, len(self.text))[1] < place.clause[0]

    def _emit(self, q: Quantity, place: _Place, found: Trim, kind: Kind, change: Change | None, start: int) -> None:
        text, rules = self.text, self.rules
        deadline = self._deadline(place, q)
        horizon, period = self._horizon(place, deadline, text[place.clause[0] : place.clause[1]], q.start)
        if deadline is None and place.passage.role == "goals" and period is not None:
            deadline = period[1]
        pillar = self.structure.pillar_at(q.start)
        basis, base_year = self._basis(q, place, found, horizon)
        i = bisect_left(self.starts, q.end)  # named after the next number (新建35个、修缮20个…站): its span stops
        beyond = i < len(self.starts) and found.start >= self.starts[i] or found.start > place.clause[1]  # or a later clause
        before = self.cursor.found
        if before is not None and start < before.end <= min(place.number_start, found.start):
            start = before.end  # 8个小区260户的…改造: the words the count before is named by are its own
        item = Found(
            start=skip_space(text, start, max(start, min(found.start, place.number_start))),
            end=q.end if beyond else max(q.end, found.end),
            quantity=q,
            indicator=(found.start, found.end),
            kind=kind,
            strength=strength_at(text, q.start, self.starts, self.bounds, rules),
            deadline=deadline,
            change=change,
            section=place.section,
            pillar=pillar,
            measure=self.structure.measure_at(pillar, q.start),
            horizon=horizon,
            period=period,
            basis=basis,
            base_year=base_year,
        )
        (self.results if place.passage.role == "review" else self.targets).append(item)
        self.cursor.found = item

    def _deadline(self, place: _Place, q: Quantity) -> int | None:
        """The year the last deadline before `q` in its sentence names (到2027年), but in a clause of
        grounds (根据到本世纪末…的目标: `kinds.grounds`); 本世纪末 is the last year of the plan year's
        century. Without one, a year after the plan's that q's clause names before it (争取1997年粮食
        产量达到…), not as a base (比…) or an attribute (…年的)."""
        rules, text, year = self.rules, self.text, self.roles.year
        found = rules.kinds.deadline.finditer(text, place.sentence_start, q.start)
        deadlines = [m for m in found if not self._in_grounds(m.start())]
        if deadlines and deadlines[-1].group("century"):
            return None if year is None else (year - 1) // 100 * 100 + 100
        if deadlines:
            return rules.numerals.digit_by_digit(deadlines[-1].group("year") or deadlines[-1].group("year2"))
        if place.passage.role == "review":
            return None  # a result is dated by its passage
        later = [
            named
            for named, m in named_years(text, place.clause[0], q.start, rules)
            if year is not None and named > year and not rules.kinds.attributive_after.match(text, m.end())
        ]
        return later[-1] if later else None

    def _in_grounds(self, at: int) -> bool:
        """Whether `at` stands in a clause that gives the grounds of what follows (根据…, 按照…)."""
        opened = skip_space(self.text, self.bounds.clause(at, len(self.text))[0], at)
        return self.rules.kinds.grounds.match(self.text, opened) is not None

    def _horizon(self, place: _Place, deadline: int | None, clause: str, at: int) -> tuple[Horizon, Years | None]:
        """Whether an item is of one year or of a period, and which years: the plan period its clause
        names before the number at `at` (在“六五”期间), or the years ahead it counts there (今后五年,
        在三年内: `_own_years`); a goals passage's period, to its item's deadline if that is later;
        a plan's target due after the plan's year (到2027年) runs from the plan's year to then; a
        review of several years, or a result worded as one (年均, 累计), covers several years."""
        passage, year = place.passage, self.roles.year
        own = self._own_years(place, deadline, at) if passage.role != "review" else None
        if own is not None:
            return "period", own
        if passage.role == "goals":
            if passage.period is not None:  # a deadline beyond it ends the period (为到2010年…翻一番 in 十五)
                start, end = passage.period
                return "period", (start, deadline) if deadline is not None and deadline > end else passage.period
            return "period", (year, deadline) if year is not None and deadline is not None else None
        if passage.role == "plan":
            if year is not None and deadline is not None and deadline > year:
                return "period", (year, deadline)
            return "annual", None
        if passage.period is not None:
            return "period", passage.period
        if self.rules.roles.several_years_pattern.search(clause):
            return "period", None
        return "annual", None

    def _own_years(self, place: _Place, deadline: int | None, at: int) -> Years | None:
        """The years a target's clause gives it before its number at `at`: a plan period it names
        (计划在“六五”期间进行的三十八个重点攻关项目) or a span its sentence starts at a year (从1956年开始，
        在十二年内), else, with no deadline, the years from the plan's
        it counts (争取在三年内…, 五年新增…), where fewer than its passage's period."""
        before, year, period = self.text[place.clause[0] : at], self.roles.year, place.passage.period
        named = self._period_named(before) or self._span_from_year(place, at)
        if named is not None:
            return named
        years = self._years_ahead(before)
        if years is None or year is None or deadline is not None or period and years >= period[1] - period[0] + 1:
            return None
        return year, year + years - 1

    def _span_from_year(self, place: _Place, at: int) -> Years | None:
        """从1956年开始，在十二年内…分别达到: the years of a span its sentence starts at a year
        (`roles.start_year_after`) and counts from there."""
        text, rules = self.text, self.rules
        if not any(w in text[place.sentence_start : at] for w in rules.roles.start_year_after):
            return None  # the common case: no span is started
        for first, m in named_years(text, place.sentence_start, at, rules):
            if text.startswith(rules.roles.start_year_after, m.end()):
                years = self._years_ahead(text[m.end() : at])
                return None if years is None else (first, first + years - 1)
        return None

    def _period_named(self, clause: str) -> Years | None:
        """The years of a plan period the clause names as its time (在“六五”期间…), not as a base
        (比“五五”期间…) or what a figure goes on into (结转到…期间): `kinds.period_named`."""
        m = self.rules.kinds.period_named.search(clause)
        if m is None or clause.endswith((*self.rules.roles.base_year_before, *self.rules.kinds.new_level_year), 0, m.start()):
            return None  # 比“五五”期间…: a base; 结转到第七个五年计划期间…: where it goes on
        return self.rules.roles.period_years[m.group("period")]

    def _years_ahead(self, clause: str) -> int | None:
        """How many years from the plan's a clause gives its target (在三年内, 今后八年, 五年新增):
        `kinds.years_ahead`, more than one."""
        m = self.rules.kinds.years_ahead.search(clause)
        value = to_number(m.group("years"), self.rules.numerals) if m else None
        return int(value) if value is not None and 1 < value <= 50 else None

    def _basis(self, q: Quantity, place: _Place, found: Trim, horizon: Horizon) -> tuple[Basis, int | None]:
        """How the number is meant (rules/basis.yaml), read in its item's words and what it names
        after the number; a bare number of an enumeration (和8.9%) is meant as the one before it."""
        text, rules, before = self.text, self.rules.basis, self.cursor.found
        bare = verb_kind(text[place.start : q.start], self.rules) is None
        if place.in_enumeration and bare and before is not None and before.indicator == (found.start, found.end):
            return before.basis, before.base_year
        words = text[place.start : max(q.start, found.end)]
        if rules.annual_average.search(words):
            return "annual_average", None
        base_year = self._base_year(words, horizon)
        if base_year is not None:
            return "relative", base_year
        if rules.cumulative.search(words) or (
            horizon == "period" and self._adds_up(q) and rules.flow_pattern.search(words)
        ):
            return "cumulative", None
        return "end_level", None

    def _base_year(self, words: str, horizon: Horizon) -> int | None:
        """The base year a number is against (比2010年; 比“十三五”期末: 2020); of the plan year's items,
        only one far enough before the plan's year (not 比上年's year)."""
        match = self.rules.basis.relative.search(words)
        if match is None:
            return None
        period = self.rules.roles.period_years.get(match.group("period") or "")
        named = match.group("year") or match.group("on")
        base = self.rules.numerals.digit_by_digit(named) if named else period[1] if period else None
        year = self.roles.year
        gap = self.rules.basis.relative_min_gap if horizon == "annual" else 1
        if base is None or (year is not None and year - base < gap):
            return None
        return base

    def _diagnose(self, start: int, end: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(start, end, message))


def _link_restatements(text: str, targets: list[Found], rules: Rules) -> list[Found]:
    """Mark each target that states an earlier one again (same numbers, unit, deadline, horizon and period, and
    indicator)."""
    names = rules.derived(naming)
    out: list[Found] = []
    earlier: dict[tuple[object, ...], list[int]] = {}  # same numbers, unit and deadline -> indexes into out
    for f in targets:
        q = f.quantity
        key = (q.value, q.low, q.high, q.unit, f.deadline, f.horizon, f.period)
        for i in earlier.get(key, []):
            e = out[i]
            if e.restates is not None or e.indicator == f.indicator or e.quantity is q:
                continue
            name, before = (names.words(text[x.indicator[0] : x.indicator[1]]) for x in (f, e))
            if names.similarity(before, name) >= rules.kinds.restate_similarity:
                f = replace(f, restates=i)
                break
        earlier.setdefault(key, []).append(len(out))
        out.append(f)
    return out


def _distribute(text: str, items: list[Found], rules: Rules) -> list[Found]:
    """A、B、C分别下降23%、15%、18%: the items read one after another all name the enumeration;
    give each number its own item (and one number said of 分别 or 均 to every item)."""
    out: list[Found] = []
    i = 0
    while i < len(items):
        j = i + 1
        while j < len(items) and items[j].indicator == items[i].indicator:
            j += 1
        group = items[i:j]
        out.extend(_distributed(text, group, rules) or _runs_paired(text, group, rules))
        i = j
    return out


def _runs_paired(text: str, group: list[Found], rules: Rules) -> list[Found]:
    """A和B年均递增27.7%，分别达到439亿元、36亿元，力争达到700亿元、60亿元: items named alike, where a
    run of numbers in one unit family listed together (、) is as long as the names' enumeration, take
    the names one by one."""
    if len(group) < 2:
        return group
    out: list[Found] = []
    k = 0
    while k < len(group):
        m = k + 1
        while m < len(group) and _listed_together(text, group[m - 1], group[m], rules):
            m += 1
        run = group[k:m]
        parts = _parts(text, *run[0].indicator, rules, len(run)) if len(run) > 1 else []
        named = parts and all(b - a > 1 for a, b in parts)  # 中、省衔接资金: grades, not names
        out.extend(_named_apart(text, run, parts, rules) if named else run)
        k = m
    return out


def _listed_together(text: str, a: Found, b: Found, rules: Rules) -> bool:
    """Whether two numbers in one unit family stand side by side, an enumeration's break between."""
    return a.quantity.family == b.quantity.family and _listed_after(text, a.quantity, b.quantity, rules)


def _distributed(text: str, group: list[Found], rules: Rules) -> list[Found] | None:
    """The items of one enumeration with their own indicators, or None where it is no such enumeration."""
    k, first = rules.kinds, group[0]
    start, end = first.indicator
    between = text[end : first.quantity.start]
    inside = k.distributive.search(text, start, end) if len(group) > 1 else None
    if inside is not None and not k.distributive.search(between):
        # A、B、C三大主导产业分别实现年产值X、Y、Z: the list ends before 分别, and a count that sums it
        # up (三大主导产业) is no part of its last item
        end = inside.start()
        summary = k.list_summary.search(text, start, end)
        parts = _parts(text, start, summary.start() if summary else end, rules, len(group))
    elif k.distributive.search(between):
        parts = _parts(text, start, end, rules, len(group)) or (_parts(text, start, end, rules) if len(group) == 1 else [])
    elif len(group) == 1 and k.each.search(between):
        parts = _parts(text, start, end, rules)
    else:
        return None
    if len(parts) < 2:
        return None
    return _named_apart(text, group if len(group) == len(parts) else group * len(parts), parts, rules)


def _named_apart(text: str, items: list[Found], parts: list[tuple[int, int]], rules: Rules) -> list[Found]:
    """Each item named by its part of the enumeration, with the head or tail the parts share."""
    first = items[0]
    head, tail = _shared(text, parts, rules)
    last = len(parts) - 1
    return [
        replace(
            item,
            indicator=part,
            shared=head if head and n > 0 else tail if tail and n < last else None,  # the middle ones too
            basis=first.basis,
            base_year=first.base_year,
        )
        for n, (item, part) in enumerate(zip(items, parts))
    ]


def _grades_share(text: str, items: list[Found], rules: Rules) -> list[Found]:
    """6个国家级、20个省级临床重点专科: an item named by a grade alone (`kinds.bare_grade`), listed right
    before the next, shares what the next one's grade qualifies (临床重点专科); read from the last, so
    that a row of grades (6个世界级、7个国家级、9个区域级产业集群) shares it throughout. Where the
    names stand before their numbers (培训县级骨干教师500名、市级60名), a grade alone listed right
    after an item shares what that item's grade qualifies, read from the first."""
    out = list(items)
    for n in range(len(out) - 2, -1, -1):
        out[n] = _grade_shares(text, out[n], out[n + 1], text[out[n].indicator[1] : out[n + 1].quantity.start], rules)
    for n in range(1, len(out)):
        out[n] = _grade_shares(text, out[n], out[n - 1], text[out[n - 1].quantity.end : out[n].indicator[0]], rules)
    return out


def _grade_shares(text: str, item: Found, other: Found, between: str, rules: Rules) -> Found:
    """`item`, named by a grade alone and listed right beside `other` (`between` them), sharing what
    the grade of `other` qualifies."""
    grade = rules.kinds.bare_grade
    if item.shared or not grade.fullmatch(text, *item.indicator) or not rules.kinds.enumeration_break.fullmatch(between.strip()):
        return item
    opens, follows = grade.match(text, *other.indicator), other.start < item.start
    if opens and opens.end() < other.indicator[1]:
        return replace(item, shared=(opens.end(), other.indicator[1]), shared_follows=follows)
    return replace(item, shared=other.shared, shared_follows=other.shared_follows) if opens and other.shared else item


def _parts(text: str, start: int, end: int, rules: Rules, count: int | None = None) -> list[tuple[int, int]]:
    """The items of the enumeration text[start:end], split at the list separator, else at an
    enumeration break: as many as `count` (or at least two), or none."""
    for separator in (rules.kinds.list_separator, rules.kinds.enumeration_break):
        cuts = [start, *(x for m in separator.finditer(text, start, end) for x in m.span()), end]
        parts = [(a, b) for a, b in zip(cuts[::2], cuts[1::2])]
        if all(not is_blank(text[a:b]) for a, b in parts) and (len(parts) == count if count else len(parts) > 1):
            return parts
    return []


def _shared(
    text: str, parts: list[tuple[int, int]], rules: Rules
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The head the first item opens with, or the tail the last one ends with, that the items share."""
    names = [text[a:b] for a, b in parts]
    for head in sorted(rules.kinds.shared_heads, key=len, reverse=True):
        if len(names[0]) > len(head) and names[0].startswith(head) and not any(n.startswith(head) for n in names[1:]):
            return (parts[0][0], parts[0][0] + len(head)), None
    parallel = _parallel_tail(text, parts, rules)
    if parallel is not None:
        return None, parallel
    for tail in sorted(rules.kinds.shared_tails, key=len, reverse=True):
        if len(names[-1]) > len(tail) and names[-1].endswith(tail) and not any(n.endswith(tail) for n in names[:-1]):
            return None, (parts[-1][1] - len(tail), parts[-1][1])
    return None, None


def _parallel_tail(text: str, parts: list[tuple[int, int]], rules: Rules) -> tuple[int, int] | None:
    """交通、水利、能源领域投资额 (文化及相关产业、旅游及相关产业增加值…比重): items of one length, and a
    last that opens with words as theirs are (all but the first alike) and goes on: what it goes on
    with is what they all measure."""
    lengths = {b - a for a, b in parts[:-1]}
    (start, end), size = parts[-1], min(lengths)
    if len(lengths) != 1 or size < 2 or end - start < size + 2:
        return None
    words = tokens(text, start, end, rules)
    opening = [w for w, _, b in words if b <= start + size]
    first = [w for w, _, _ in tokens(text, *parts[0], rules)]
    if sum(map(len, opening)) != size or len(opening) != len(first) or opening[1:] != first[1:]:
        return None  # 城乡居民医保和基本公共卫生服务经费…: no item as the others are, with a tail after it
    if text.startswith(rules.kinds.attributive, start + size):
        return None  # 木材和水泥的产量: the 的 of a name both share, whole
    if rules.kinds.list_summary.match(text, start + size) or any(text.endswith(words[-1][0], a, b) for a, b in parts[:-1]):
        return None  # 全部财政收入和地方一般预算收入: each names itself whole; 两个…集群: a count of the list
    return start + size, end


def _list_lengths(listed: str, joins: re.Pattern[str]) -> set[int]:
    """How many items a list split at 、 holds: as many as its 、 plus one, or one more where its last
    item joins two (甲、乙和丙: `kinds.enumeration_break`). Without 等, the count may hold only its last
    items (“省市共建、一室一策”支持甲、乙、丙3个: the words before them run into the first)."""
    n = listed.count("、") + 1
    lengths = {n, n + 1} if joins.search(listed.rsplit("、", 1)[-1]) else {n}
    return lengths if listed.endswith("等") else lengths | set(range(2, n))


def _items_listed_after(text: str, q: Quantity, list_after: re.Pattern[str]) -> int:
    """How many items the list right after a count and its noun names (`kinds.list_after`), or 0."""
    m = list_after.match(text, q.end)
    if m is None:
        return 0
    if m.group("bracketed") is not None:  # a note in brackets is no list: its items are split at 、 alone
        return m.group("bracketed").count("、") + 1 if "、" in m.group("bracketed") else 0
    said = m.group("said").strip()
    return said.count("、") + 1 if "、" in said else said.count("，") + 1 if said else 0


def _is_slogan(q: Quantity, rules: Rules) -> bool:
    """三件大事, 九项改革, 两个市场: a small spelled-out count that no verb of the rules governs."""
    k = rules.kinds
    return q.family in k.spelled_count_families and q.number <= k.spelled_count_max


def _drop_vague_and_qualifiers(
    text: str, quantities: list[Quantity], bounds: Boundaries, rules: Rules
) -> tuple[list[Quantity], list[Diagnostic]]:
    """Leave out quantities said only roughly (几十倍: `kinds.vague_before` right before the number)
    and those that only qualify a noun (10亿元以上项目5个, 3岁以下婴幼儿托位数), each with a
    diagnostic that says so.

    A quantity qualifies what follows when the next quantity stands in the same clause with
    no enumeration break, no verb and no bracket opening the words between (百分之四（包括村办工业为
    百分之六）: an aside, not a noun), unless it is an old level (从15个县扩大到57个县) or both count things (12个小区360户: the households of
    the estates); a quantity of a qualifier family (ages) does so whenever a word other than a verb
    follows it directly; one before 的 does, unless an action word follows (360户的改造: the work
    measured).
    """
    kept: list[Quantity] = []
    dropped: list[Diagnostic] = []
    for q, nxt in zip(quantities, [*quantities[1:], None]):
        vague = text.endswith(rules.kinds.vague_before, 0, q.start)
        why = "an amount said only roughly (几十倍); not a target" if vague else _qualifies(text, q, nxt, bounds, rules)
        if why:
            dropped.append(Diagnostic(q.start, q.end, why))
        else:
            kept.append(q)
    return kept, dropped


def _qualifies(text: str, q: Quantity, nxt: Quantity | None, bounds: Boundaries, rules: Rules) -> str | None:
    """Why `q` only qualifies a noun, if it does (see `_drop_vague_and_qualifiers`)."""
    c_start, c_end = bounds.clause(q.start, len(text))
    stop = nxt.start if nxt is not None and nxt.start < c_end else c_end
    between = text[q.end : stop]
    before_next = stop < c_end and not rules.kinds.enumeration_break.search(between)
    if not before_next and q.family not in rules.units.qualifier_families:
        return _sizes_a_noun(text, q, c_start, rules)  # no words to read: the checks below need them
    toks = tokens(text, q.end, stop, rules)
    opens_with_word = _opens_with_word(between, toks, rules)
    counts = (  # 12个小区360户: a count, one noun, a count
        nxt is not None and len(toks) == 1 and q.family in rules.kinds.count_families and nxt.family in rules.kinds.count_families
    )
    if opens_with_word and before_next and not counts:
        old_level = rules.kinds.from_before.search(text, c_start, q.start) and verb_kind(between, rules)
        if not old_level:  # 从15个县扩大到57个县: the old level of the next
            return "a quantity that qualifies the noun after it (10亿元以上项目5个); not a target"
    if opens_with_word and q.family in rules.units.qualifier_families and between[:1] == toks[0][0][:1]:
        return "a quantity of a qualifier (3岁以下婴幼儿); not a target"
    return _sizes_a_noun(text, q, c_start, rules)


def _opens_with_word(between: str, toks: list[Token], rules: Rules) -> bool:
    """Whether the words after a quantity open with a word of a name: no blank, aside or verb."""
    return (
        bool(toks)
        and not is_blank(toks[0][0])
        and toks[0][0][:1] not in rules.kinds.aside_opening
        and toks[0][0] not in rules.kinds.verb_kind
        and not rules.kinds.verb_pattern.match(between)
    )


def _sizes_a_noun(text: str, q: Quantity, clause_start: int, rules: Rules) -> str | None:
    """Why `q` only says how big the things a noun names are, if it does: before 的 and the noun, or
    after a count that says no number (一批超50亿元大项目)."""
    if _attributive(text, q, rules):
        return "a quantity that qualifies the noun after 的 (50万元以上的经济强村); not a target"
    if rules.kinds.vague_count_before.search(text, max(clause_start, q.start - 8), q.start):
        return "the size of what a count with no number counts (一批超50亿元大项目); not a target"
    return None


def _attributive(text: str, q: Quantity, rules: Rules) -> bool:
    """50万元以上的经济强村, 作为翻一番的重要引擎: a quantity before 的 and a noun; not a share (一半以上的
    乡镇), the people taking part, the amount of work named after 的 (360户的改造), or the level
    itself (一亿吨的水平). A change worded as a verb (翻一番) is no share."""
    attributive = rules.kinds.attributive_after.match(text, q.end)
    return (
        attributive is not None
        and (q.family != "percent" or verb_kind(text[q.start : q.end], rules) is not None)
        and not _participants(text, q, rules)
        and not _names_work(text, attributive.end(), q.family in rules.kinds.count_families, rules)
        and not rules.kinds.level_after.match(text, q.end)
    )


_NAME_AFTER = re.compile(r"[^，。；：、,;:\n]{1,24}")


def _names_work(text: str, pos: int, counted: bool, rules: Rules) -> bool:
    """Whether the name after 的 at `pos` is an amount of work, opening with an action noun (360户的
    改造) or, after a count, ending with one (575户的老旧小区改造), rather than a thing the quantity
    sizes (投资8000万元的污水处理厂建设, 占地150亩的公园建设: the project's size)."""
    name = _NAME_AFTER.match(text, pos)
    work = rules.kinds.action_nouns
    return name is not None and (name.group(0).startswith(work) or counted and name.group(0).endswith(work))


def _participants(text: str, q: Quantity, rules: Rules) -> bool:
    """开展2000万人次以上的职业技能培训: people counted right after a verb, before 的 and their activity."""
    return q.family in rules.units.participant_families and bool(
        re.search(f"(?:{rules.kinds.verb_pattern.pattern})$", text[max(0, q.start - 4) : q.start])
    )


def _next_is_new_level(
    text: str, q: Quantity, starts: list[int], quantities: list[Quantity], c_end: int, rules: Rules
) -> bool:
    """由60%提高到65%: a verb, then another quantity in the same clause (past the other old levels
    listed with it: 从209元、280元提高到217元)."""
    i = bisect_left(starts, q.end)
    while i < len(quantities) and quantities[i].start <= c_end and _listed_after(text, q, quantities[i], rules):
        q, i = quantities[i], i + 1
    if i >= len(quantities) or quantities[i].start > c_end:
        return False
    return verb_kind(text[q.end : quantities[i].start], rules) is not None


def _says_a_change(words: str, rules: Rules) -> bool:
    """Whether a clause's words say how something changes (增长速度比原来预计的高一些): a statement,
    no name of what a number after it measures."""
    return named_change(words, rules) is not None and not ending_change(words, rules)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether `span` lies within one of `spans`."""
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _delta_verb(match: re.Match[str]) -> str:
    """The words of a change (比上年增长) that say its kind: its verb where the rule names one."""
    return match.groupdict().get("verb") or match.group(0)


def _listed_after(text: str, before: Quantity, q: Quantity, rules: Rules) -> bool:
    """Whether `q` is listed right after `before`, an enumeration break alone between (209元、280元)."""
    between = text[before.end : q.start].strip()
    return bool(between) and rules.kinds.enumeration_break.fullmatch(between) is not None

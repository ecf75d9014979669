"""The rule files' schemas: one pydantic model per YAML file of `rules/`, every field described.

Regular expressions are compiled (and refused if they can take exponential time) as a file is
validated; word lists that are matched as alternatives are tried longest first.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from plantool.model import Comparator, Kind, Role, Strength
from plantool.rules.patterns import nested_unbounded

RULE_FILES = (
    "normalize",
    "headings",
    "sections",
    "roles",
    "numerals",
    "units",
    "comparators",
    "kinds",
    "strength",
    "exclusions",
    "milestones",
    "track",
    "basis",
)


def _compile(value: Any) -> re.Pattern[str]:
    if isinstance(value, re.Pattern):
        return value
    if not isinstance(value, str):
        raise ValueError("a regular expression must be a string")  # noqa: TRY004 - pydantic reports ValueError
    try:
        compiled = re.compile(value, re.MULTILINE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from exc
    if nested_unbounded(value):
        raise ValueError("a repeat inside a repeat, like (a+)+, can take exponential time on a long line; rewrite it")
    return compiled


Regex = Annotated[re.Pattern[str], BeforeValidator(_compile)]


def _two_characters_each(pairs: list[str]) -> list[str]:
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"{pair!r} must be two characters")
    return pairs


Pairs = Annotated[list[str], AfterValidator(_two_characters_each)]  # opening and closing characters


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words that tries the longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _words_outside(words: list[str], hosts: list[str]) -> str:
    """An alternation of `words` (longest first), each where it does not stand inside one of `hosts`
    as part of it: 要 but not the 要 of 主要."""
    out = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        guards = ""  # after the word, so that the word itself leads (a fast scan for its first character)
        for host in hosts:
            at = host.find(word)
            while at >= 0:
                before, after = host[:at], host[at + len(word) :]
                if not after:
                    guards += f"(?<!{re.escape(before + word)})"
                else:
                    behind = f"(?<={re.escape(before + word)})" if before else ""
                    guards += f"(?!{behind}{re.escape(after)})"
                at = host.find(word, at + 1)
        out.append(re.escape(word) + guards)
    return "|".join(out)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)
    version: Literal[1] = Field(description="Format version of the rules file; always 1.")


class StandIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="What it is, as the record of what normalizing removed says.")
    pattern: Regex = Field(description="What a scrape wrote in place of the character.")
    char: str = Field(min_length=1, max_length=1, description="The character it stands for.")
    shown: bool = Field(default=False, description="Whether an item's text shows it as written (a sign), or drops it.")


class NormalizeRules(RuleFile):
    fold: dict[str, str] = Field(
        description="One character replaced by another (full-width digits, ASCII punctuation)."
    )
    traditional: list[str] = Field(
        default=[], description="Traditional characters, each with the simplified one it folds to, in pairs (點点)."
    )
    thousands_separator: Regex = Field(description="A comma between digits that is dropped (1,256).")
    spaced_digits: Regex = Field(description="A space inside a number a scrape spaced out (1 9 9 8 年), dropped.")
    stand_ins: list[StandIn] = Field(
        default=[], description="What a scrape wrote in place of a character (a literal \\r\\n for a newline)."
    )
    invisible: Regex = Field(description="Invisible characters that are dropped (zero-width spaces).")
    lost_characters: Regex = Field(description="What a scraper left for characters it lost (??), dropped.")
    split_mark: Regex = Field(description="A line break after an opening quote or before a closing or clause mark.")
    footnote_marker: Regex = Field(description="A footnote marker pointing into a glossary ([6]), dropped.")
    soft_break_ratio: float = Field(gt=0, description="How many more blank-line breaks make single newlines soft.")
    soft_break_min_paragraphs: int = Field(ge=0, description="How many blank-line breaks a text needs for that.")
    subscript_break: Regex = Field(
        default=re.compile("(?!)"), description="Line breaks around a subscript on a line of its own (M / 2 / 预期增长)."
    )
    page_number_line: Regex = Field(description="A line that holds only a page number.")
    chrome_line: Regex = Field(description="A line of web-page chrome (widgets, breadcrumbs) a reader leaves out.")
    debris_lines: list[Regex] = Field(description="Lines of web-page chrome dropped near the top.")
    debris_head_lines: int = Field(ge=0, description="How many lines from the top debris_lines apply to.")
    tail_markers: list[Regex] = Field(description="A line that starts the chrome or licence at the end of a page.")
    tail_window: int = Field(ge=0, description="How near the end (characters) a tail marker must stand.")
    trailing_line_max_length: int = Field(ge=0, description="Short lines after the last sentence are page chrome.")
    sentence_final: Regex = Field(description="How a line that ends a sentence ends.")
    sentence_end: Regex = Field(description="How a line that is not broken by page layout ends.")
    join_min_length: int = Field(ge=1, description="Shortest line that may be joined to the next one.")
    join_requires: Regex = Field(description="What a line joined to the next must hold (clause punctuation).")
    paragraph_indent: Regex = Field(
        default=re.compile("(?!)"), description="A paragraph's indent opening a line: no layout break joins it to the line before."
    )

    @field_validator("fold")
    @classmethod
    def _one_for_one(cls, fold: dict[str, str]) -> dict[str, str]:
        for key, value in fold.items():
            if len(key) != 1 or len(value) != 1:
                raise ValueError(f"{key!r} -> {value!r}: both sides must be one character")
        return fold

    @field_validator("traditional")
    @classmethod
    def _pairs(cls, pairs: list[str]) -> list[str]:
        folded: dict[str, str] = {}
        for pair in pairs:
            if len(pair) != 2 or pair[0] == pair[1]:
                raise ValueError(f"{pair!r}: a pair is a traditional character and the simplified one it folds to")
            if folded.setdefault(pair[0], pair[1]) != pair[1]:
                raise ValueError(f"{pair!r}: {pair[0]} folds to {folded[pair[0]]} in another pair")
        return pairs

    @cached_property
    def folds(self) -> dict[str, str]:
        """Every one-for-one replacement: `fold` and the pairs of `traditional`."""
        return {**{pair[0]: pair[1] for pair in self.traditional}, **self.fold}

    @cached_property
    def fold_pattern(self) -> re.Pattern[str]:
        """Any character `folds` replaces (one that matches nothing when there is none)."""
        return re.compile(f"[{''.join(map(re.escape, sorted(self.folds)))}]" if self.folds else "(?!)")


class PillarStyle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="Name of the heading style, shown in the output.")
    pattern: Regex = Field(description="The marker (or whole line, for bare headings) at the start of a line.")
    inline: bool = Field(description="Whether the heading may run on into its paragraph.")
    min_count: int = Field(
        default=1, ge=1, description="How many such headings a part needs for them to be its pillars."
    )
    measures_in_task_part: bool = Field(
        default=False,
        description="Inside a plan part headed by a task (三、千方百计促进经济增长), these headings are its "
        "measures and the part is the pillar.",
    )


class MeasureStyle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="Name of the marker style, shown in the output.")
    pattern: Regex = Field(description="The marker of one numbered measure.")
    line: bool = Field(description="Whether the marker must open a line (else also after 。 or ；).")


class RegionPhrase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pattern: Regex = Field(description="A phrase near the top of the report.")
    region: str = Field(description="The region it gives.")


class TaskRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_count: int = Field(ge=2, description="Fewest headings in the row.")
    length: int = Field(ge=1, description="Fewest characters most of its items run to, their headings included.")
    plan_length: int = Field(ge=1, description="The same, for a row inside a part named or following a plan part.")


class HeadingRules(RuleFile):
    heading_max_length: int = Field(ge=1, description="Longest line still taken for a heading.")
    inline_heading_max_length: int = Field(
        ge=1, description="Longest pillar heading still taken for one, up to its first 。 where it runs on."
    )
    section_marker: Regex = Field(description="Marker of a numbered part of the report (一、).")
    bare_section: Regex = Field(description="A heading line with no marker that names a part (2025年工作回顾).")
    run_on_heading: Regex = Field(
        description="After a marker, the heading a scrape ran its paragraph into (up to a space, …)."
    )
    motto_section: Regex = Field(
        description="A bare heading's shape (站在新起点：…) that marks lines of the same shape as parts too."
    )
    pillar_styles: list[PillarStyle] = Field(description="Pillar heading styles, in order of preference.")
    task_row: TaskRow = Field(
        description="In a report whose parts name no role, a row of a task part's point headings in one part "
        "alone, whose items are long (第一、…第十、): the report's tasks, its pillars."
    )
    measure_styles: list[MeasureStyle] = Field(description="Measure marker styles, in order of preference.")
    lead_sentence_max_length: int = Field(ge=1, description="Longest lead sentence that titles an unmarked measure.")
    lead_sentence_forbidden: Regex = Field(description="Characters a lead sentence may not contain.")
    closing_paragraph: Regex = Field(description="A paragraph that closes the plan body.")
    title_pattern: Regex = Field(description="Words that mark a line as the document title.")
    title_search_lines: int = Field(ge=0, description="How many lines from the top the title is looked for in.")
    title_min_length: int = Field(ge=1, description="Shortest line taken for the title.")
    title_forbidden: Regex = Field(description="Characters a title line may not hold (sentence punctuation).")
    title_other: Regex = Field(description="The title of another document (关于…的建议), never the report's.")
    year_pattern: Regex = Field(description="The plan's year, with group `year`.")
    delivery_pattern: Regex = Field(description="The date a report was delivered to its congress, group `year`.")
    delivery_within: int = Field(ge=0, description="How far from the top (characters) the delivery date is looked for.")
    region_units: list[str] = Field(
        min_length=1, description="What a region's name ends with (省, 市, 县); patterns write them `{region_unit}`."
    )
    region_pattern: Regex = Field(description="The region in the title, with group `region`.")
    region_phrases: list[RegionPhrase] = Field(description="Phrases that give the region where the title does not.")
    file_year_pattern: Regex = Field(description="The year in a file name, with group `year`.")
    file_region_pattern: Regex = Field(description="The region at the start of a file name, with group `region`.")

    def opens_heading(self, text: str, pos: int) -> bool:
        """Whether the line starting at `pos` is a section, pillar or line-opening measure heading."""
        end = text.find("\n", pos)
        line = text[pos : end if end >= 0 else len(text)].strip()
        patterns = [self.section_marker, self.bare_section, *(s.pattern for s in self.pillar_styles)]
        patterns += [s.pattern for s in self.measure_styles if s.line]
        return any(p.match(line) for p in patterns)


class SectionRole(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role = Field(description="The role a matching heading gives.")
    pattern: Regex = Field(description="Words in a section heading that give it this role.")


class SectionRules(RuleFile):
    roles: list[SectionRole] = Field(description="Section roles, the first match wins.")
    earlier_year_is_review: bool = Field(
        description="An unmatched heading naming an earlier year than the latest is a review."
    )
    plan_follows: list[Role] = Field(
        description="Roles after which an unmatched heading is taken for more of the plan."
    )
    quiet_heading: Regex = Field(description="A heading of a part whose numbers are neither targets nor results.")
    quiet_line_length: int = Field(ge=1, description="Longest line of its own that opens a glossary with a quiet_heading.")
    pillar_roles: list[Role] = Field(description="Roles whose sections hold pillars.")
    pillar_roles_otherwise: list[Role] = Field(description="Roles whose sections hold pillars where no pillar_roles one does.")


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, description="The period's name (十四五).")
    start: int = Field(description="Its first year.")
    end: int = Field(description="Its last year.")
    bare: bool = Field(description="Whether the name alone names the period; else only beside guard_before/after.")


class Opening(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["review", "plan", "goals", "dated"] = Field(
        description="The role it gives, or `dated`: the role the year or period it names gives against the plan's year."
    )
    years: int = Field(ge=0, description="How many years a review or goals opening covers (0: one year).")
    pattern: Regex = Field(description="How a sentence opens; groups `period`, `year` or `until` for dated ones.")


class RoleWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    opening: float = Field(ge=0, description="Weight of a sentence's opening cue.")
    heading: float = Field(ge=0, description="Weight of the role the part's heading gives.")
    carried: float = Field(ge=0, description="Weight of the role of the passage before, in the same part.")
    turned: float = Field(ge=0, description="The same, once a cue moved the part forward (review, goals, plan).")
    marker: float = Field(ge=0, description="Weight of each marker of looking back or committing.")
    markers_max: float = Field(ge=0, description="The most markers weigh on either side.")
    markers_alone: float = Field(ge=0, description="What markers must weigh to decide a passage nothing else decides.")


class RoleRules(RuleFile):
    periods: list[Period] = Field(min_length=1, description="Named plan periods and their years.")
    guard_before: Regex = Field(description="What stands before a period name that is not bare (a quote).")
    guard_after: Regex = Field(description="What stands after a period name that is not bare (a quote, 时期, 计划).")
    lead: Regex = Field(description="What is read off a sentence's start before its opening (item markers).")
    openings: list[Opening] = Field(description="Openings of a sentence that give a role; the first that matches.")
    next_year_plan: Regex = Field(
        description="Words that show a report given late in a year, planning the next (明年的主要任务)."
    )
    late_openings: list[Opening] = Field(
        default=[], description="Openings tried first in such a report (今年 looks back, 明年 opens the plan)."
    )
    looking_back: list[str] = Field(description="Words of a passage that look back.")
    committing: list[str] = Field(description="Words of a passage that commit.")
    plan_time: tuple[str, ...] = Field(
        default=(), description="Words of the plan's own time (今年): a clause with one does not go on telling the past."
    )
    not_committing: list[str] = Field(
        default=[], description="Words that hold a committing word and commit nothing (主要, 五年计划)."
    )
    past_in_plan: list[str] = Field(
        description="Words that put a clause of a plan in the past (已经): with no committing word, no target."
    )
    not_past_in_plan: list[str] = Field(
        default=[], description="Words that hold a word of `past_in_plan` and look back on nothing (项目前期)."
    )
    past_in_plan_mark: Regex = Field(
        default=re.compile("(?!)"), description="A pattern of the past beside `past_in_plan` (已 before a verb and its number)."
    )
    past_in_modifier: Regex = Field(
        default=re.compile("(?!)"),
        description="What ends a modifier right before a count, with the past words inside it (已经确定的32个).",
    )
    sentence_joins: list[str] = Field(
        default=[], description="Sentence ends that join the parts of one sentence (；): they share the years it opens with."
    )
    reported_opening: Regex = Field(
        default=re.compile("(?!)"), description="A sentence's opening that reports what a survey found (据…统计): facts."
    )
    expected_in_plan: list[str] = Field(
        description="Words that make a clause of a plan an expectation (有望): with no committing word, no target."
    )
    condition: Regex = Field(
        default=re.compile("(?!)"), description="A word that opens a condition (如果, 只要): its numbers are no targets."
    )
    consequence: Regex = Field(
        default=re.compile("(?!)"),
        description="Words of what follows from a condition (就可以, 则): the sentence's numbers after it are none.",
    )
    several_years: list[str] = Field(description="Words in a result's clause that make it a figure of several years.")
    base_year_before: tuple[str, ...] = Field(
        default=(), description="Words before a year that make it a comparison's base (比2020年), not a time looked back on."
    )
    start_year_after: tuple[str, ...] = Field(
        default=(), description="Words after a year that make it a span's start (从1956年开始), no date of a number."
    )
    weights: RoleWeights = Field(description="How much each cue weighs.")

    @cached_property
    def any_opening(self) -> re.Pattern[str]:
        """Matches where some opening does (their alternation, groups unnamed), so that most
        sentences, which open with none, are passed over in one match."""
        unnamed = (re.sub(r"\(\?P<\w+>", "(?:", o.pattern.pattern) for o in [*self.late_openings, *self.openings])
        return re.compile("|".join(f"(?:{u})" for u in unnamed) or "(?!)")

    def openings_for(self, late: bool) -> list[Opening]:
        """The openings of a report given early in its plan's year, or late in the year before it."""
        return [*self.late_openings, *self.openings] if late else self.openings

    @cached_property
    def several_years_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.several_years) or "(?!)")

    @cached_property
    def period_years(self) -> dict[str, tuple[int, int]]:
        return {p.name: (p.start, p.end) for p in self.periods}

    @cached_property
    def marker_patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """The looking-back and committing words, each list as one pattern; a committing word does
        not match inside a word of `not_committing` (the 要 of 主要, the 计划 of 五年计划)."""
        return re.compile(alternation(self.looking_back)), re.compile(_words_outside(self.committing, self.not_committing))

    @cached_property
    def past_in_plan_pattern(self) -> re.Pattern[str]:
        words = _words_outside(self.past_in_plan, self.not_past_in_plan)
        return re.compile(f"{words}|{self.past_in_plan_mark.pattern}")

    @cached_property
    def expected_in_plan_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.expected_in_plan) or "(?!)")


class NumeralRules(RuleFile):
    digits: dict[str, int] = Field(min_length=1, description="Each Chinese digit's value (两: 2).")
    place_units: dict[str, int] = Field(min_length=1, description="Units within a group of places (十, 百, 千).")
    group_units: dict[str, int] = Field(min_length=1, description="Units that close a group of places (万, 亿).")
    decimal_point: str = Field(min_length=1, max_length=1, description="Between whole and decimal digits (点).")
    year: Regex = Field(description="A year as reports write it, in figures or in Chinese digits (the `{year}` of patterns).")
    chinese_start: str = Field(min_length=1, description="Chinese numeral characters that may open a number.")
    chinese_body: str = Field(min_length=1, description="Chinese numeral characters that may continue one.")
    magnitudes: dict[str, int] = Field(description="Magnitude words (万, 亿) and their factors.")
    fraction_words: dict[str, float] = Field(description="Words for a share or a growth, read as percent (一半, 翻一番).")
    fraction_pattern: Regex = Field(description="X分之Y with groups `den` and `num`.")
    range_separators: list[str] = Field(min_length=1, description="What stands between the bounds of a range.")
    neighbour_separator: str = Field(
        default="", description="What joins two neighbouring digits into a rough range (两、三倍, 二、三十亿斤)."
    )
    more_than: list[str] = Field(description="Words between number and unit meaning 'more than' (多, 余).")
    readable_magnitudes: list[str] = Field(
        description="The magnitudes (of `magnitudes`) numbers are shown with to people: 1.4万亿斤, 56万人."
    )

    @field_validator("readable_magnitudes")
    @classmethod
    def _known_magnitudes(cls, words: list[str], info: ValidationInfo) -> list[str]:
        if unknown := [w for w in words if w not in info.data.get("magnitudes", {})]:
            raise ValueError(f"{', '.join(unknown)}: not in magnitudes")
        return words

    def digit_by_digit(self, written: str) -> int:
        """A number written one digit after another, in figures or Chinese digits (二〇二五: 2025)."""
        return int("".join(ch if ch.isdigit() else str(self.digits[ch]) for ch in written))

    def readable(self, x: float | None, unit: str = "", signed: bool = False) -> str:
        """A number in base units as people write it, with its unit: 1300000000000 斤 as 1.3万亿斤,
        560000 人 as 56万人, 5 % as 5%; with `signed`, a rise as +1.6万亿元. The one way plantool
        shows a number to people, in tables and pages alike; data formats keep base units."""
        if x is None:
            return ""
        sign = "+" if signed and x > 0 else ""
        for word in sorted(self.readable_magnitudes, key=lambda w: -self.magnitudes[w]):
            if abs(x) >= self.magnitudes[word]:
                return f"{sign}{x / self.magnitudes[word]:g}{word}{unit}"
        return f"{sign}{x:g}{unit}"

    @field_validator("chinese_start", "chinese_body")
    @classmethod
    def _characters_have_values(cls, value: str, info: ValidationInfo) -> str:
        """Every character a numeral may hold is worth something, so each match converts."""
        known = {*info.data.get("digits", ()), *info.data.get("place_units", ()), info.data.get("decimal_point")}
        if unknown := "".join(sorted(set(value) - known)):
            raise ValueError(f"{unknown}: no digit, place unit or decimal point")
        return value


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    surface: str = Field(min_length=1, description="The unit as written.")
    unit: str = Field(min_length=1, description="The unit as emitted.")
    family: str = Field(min_length=1, description="A group of comparable units (money, people, percent).")
    after: Regex | None = Field(
        default=None, description="Where given, the unit only counts after words that match this (…年限达到)."
    )


class ImpliedUnit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit: str = Field(description="The unit it takes, one of `units`.")
    before: Regex = Field(description="What must follow the number (…人口).")
    after: list[str] = Field(min_length=1, description="Or words one of which stands right before it (人口800万, 员额20万).")
    between: Regex = Field(
        default=re.compile("(?!)"), description="A verb that may stand between such a word and it (人口控制在十二亿以内)."
    )


class TimesAsPercent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit: str = Field(description="The unit of times (倍).")
    before: Regex = Field(description="What stands right before the number when it is a change (增长, 增加了).")


class UnitRules(RuleFile):
    units: list[Unit] = Field(min_length=1, description="Units a number may carry.")
    denominators: list[str] = Field(description="Units that may stand after / in a compound unit.")
    word_breakers: list[str] = Field(description="Words that a unit character may open, where it is no unit.")
    implied: ImpliedUnit = Field(description="The unit of a number with a magnitude and none written (1亿农业转移人口).")
    per_base: Regex = Field(description="The amount a price or a rate is per (每50公斤; the `{per_base}` of patterns).")
    times_as_percent: TimesAsPercent | None = Field(
        default=None, description="A change in times (增长1.2倍) written as the percent it is (120%)."
    )
    participant_families: list[str] = Field(
        description="Families whose count right after a verb and before 的 counts an activity's people (开展2000万人次以上的培训)."
    )
    qualifier_families: list[str] = Field(
        description="Families whose quantities before a noun only qualify it (3岁以下婴幼儿)."
    )
    unit_note: Regex = Field(description="A bracketed note right after a unit (套（间）), part of the quantity.")
    unread_sign: Regex = Field(
        default=re.compile("(?!)"), description="Symbols glued to a number that no unit reads (13.3_M_M_): a stand-in?"
    )
    unread_sign_min: int = Field(default=3, ge=1, description="How many numbers one such token follows to be warned of.")

    @cached_property
    def by_surface(self) -> dict[str, Unit]:
        return {u.surface: u for u in self.units}

    @field_validator("implied")
    @classmethod
    def _implied_known(cls, implied: ImpliedUnit, info: ValidationInfo) -> ImpliedUnit:
        if implied.unit not in {u.surface for u in info.data.get("units", [])}:
            raise ValueError(f"unit {implied.unit!r} is not one of `units`")
        return implied

    @field_validator("times_as_percent")
    @classmethod
    def _times_known(cls, times: TimesAsPercent | None, info: ValidationInfo) -> TimesAsPercent | None:
        surfaces = {u.surface for u in info.data.get("units", [])}
        if times is not None and not {times.unit, "%"} <= surfaces:
            raise ValueError(f"unit {times.unit!r} and % must be units of `units`")
        return times


class ComparatorWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comparator: Literal["ge", "le", "approx"] = Field(description="The comparator these words give.")
    before: list[str] = Field(description="Words just before the number.")
    after: list[str] = Field(description="Words just after the number and unit.")


class ComparatorRules(RuleFile):
    comparators: list[ComparatorWords] = Field(description="Comparator words, before and after a number.")
    word_openings: Regex = Field(description="Words an `after` word opens, where it is no comparator (多功能).")
    word_endings: Regex = Field(description="Words a `before` word ends, where it is no comparator (节约).")

    @cached_property
    def before(self) -> dict[str, Comparator]:
        return {w: c.comparator for c in self.comparators for w in c.before}

    @cached_property
    def after(self) -> dict[str, Comparator]:
        return {w: c.comparator for c in self.comparators for w in c.after}


class KindVerbs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind = Field(description="The kind these verbs give.")
    verbs: list[str] = Field(description="Verbs that give this kind.")


class WrittenVerb(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pattern: Regex = Field(description="A verb written with its alternatives (新（改、扩）建).")
    kind: Kind = Field(description="The kind it gives.")


class Headline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str = Field(min_length=1, description="Its indicator, read as a name (synonyms as one).")
    unit: str = Field(min_length=1, description="Its unit, as targets carry it.")


class KindRules(RuleFile):
    kinds: list[KindVerbs] = Field(description="Verbs by the kind of target they make.")
    dictionary_min_freq: int = Field(
        ge=0, description="jieba's words at least this frequent (and any holding a word of these rules) are kept."
    )
    name_verbs: list[str] = Field(
        description="Verbs that, inside an indicator's name, make it a change (城镇新增就业)."
    )
    rate_ends: tuple[str, ...] = Field(
        default=(), description="What follows a change word inside a name that makes the name a rate, a level (增长率)."
    )
    fillers: list[str] = Field(description="Words trimmed from either end of an indicator.")
    closing_words: list[str] = Field(
        default=[], description="Words trimmed from an indicator's end only (项目有 of 项目有73个; 有国际竞争力的 keeps it)."
    )
    per_words: list[str] = Field(
        default=[], description="Words naming what a level is per, right before its number (提高到每人每年240元)."
    )
    end_fillers: list[str] = Field(default=[], description="Fillers trimmed from an indicator's end only (收入全部达到).")
    saying_verbs: list[str] = Field(
        description="Verbs that introduce what is said (提出): an indicator starts after the last one before it."
    )
    written_verbs: list[WrittenVerb] = Field(
        description="Verbs written with their alternatives in brackets, trimmed like verbs (新（改）建)."
    )
    aside_brackets: Pairs = Field(description="Brackets around an aside (（不包括…）), two characters each.")
    scope_aside: Regex = Field(
        description="How an aside right after a target's number opens when it gives the figure in another scope (包括…)."
    )
    examples_end: tuple[str, ...] = Field(
        description="Words that close a list of examples right before a number (商丘等5个基地 counts 基地)."
    )
    level_goes_on: Regex = Field(
        default=re.compile("(?!)"),
        description="How a clause opens that gives the new level of the old one in the clause before (，增加到…).",
    )
    vague_before: tuple[str, ...] = Field(
        default=(), description="Right before a number, what makes it a rough amount (几 of 几十倍): no target."
    )
    level_after: Regex = Field(
        default=re.compile("(?!)"), description="Right after a number, words that make it the level itself (的水平)."
    )
    level_nouns: list[str] = Field(
        description="Nouns after a number that say a level is reached (迈上6万亿元台阶), not what it counts."
    )
    clause_break: Regex = Field(description="Characters that end a clause.")
    enumeration_break: Regex = Field(description="What separates the items of an enumeration in one clause.")
    distributive: Regex = Field(description="After an enumeration of indicators, gives each its number (分别).")
    each: Regex = Field(description="After an enumeration of indicators, gives one number to each (均).")
    list_separator: Regex = Field(description="What separates the items of such an enumeration first (、).")
    shared_heads: list[str] = Field(description="Words an enumeration's first item opens with that every item shares.")
    shared_tails: list[str] = Field(description="Words an enumeration's last item ends with that every item shares.")
    comparison_words: list[str] = Field(
        default=[], description="Words that compare a subject with a base (比, 较): its name ends before them."
    )
    growth_families: list[str] = Field(
        default=["percent"], description="Unit families of a growth rate: after a name, 比上年增长6% is a target."
    )
    delta_before: Regex = Field(
        description="Text before a number that makes it a change (比上年提高); group `since`, a year it names (比2002年)."
    )
    from_before: Regex = Field(description="Text before a number that makes it an old level (由).")
    period_named: Regex = Field(
        default=re.compile("(?!)"), description="A plan period a clause names as its time (在“六五”期间), group `period`."
    )
    years_ahead: Regex = Field(
        default=re.compile("(?!)"), description="The years from the plan's a clause gives (在三年内), group `years`."
    )
    grounds: Regex = Field(
        default=re.compile("(?!)"), description="How a clause of grounds opens (根据…的目标): its deadline is not the target's."
    )
    deadline: Regex = Field(
        description="A deadline, with group `year` or `year2`, or `century` for the end of the plan year's century."
    )
    time_before: Regex = Field(description="A time an indicator's words may open with (“十三五”时期), trimmed off.")
    time_after: Regex = Field(description="A year an indicator's words may end with (…总额一九八五年), trimmed off.")
    framing_end: Regex = Field(description="How a clause naming a target whose number follows ends (…的调控目标).")
    action_nouns: tuple[str, ...] = Field(
        description="Action words that stay at an indicator's end right after their object, before an amount."
    )
    aside: Regex = Field(description="A circumstance inside an indicator's words (在…的基础上), left out of it.")
    bare_grade: Regex = Field(description="A name that is a grade alone (国家级, 千亿级): it shares the next item's noun.")
    item_marker: Regex = Field(description="The marker of an item a clause opens with (二是, （一）, 2.), left out of it.")
    not_a_topic: Regex = Field(description="How a sentence's first clause opens when it names no topic (为了…).")
    topic_end: Regex = Field(description="Where the name a sentence opens with ends and what it says of it starts (是).")
    listed_items: Regex = Field(description="A list of names right before a count that only repeats it (甲、乙、丙3个).")
    list_after: Regex = Field(description="A count's noun and the list right after it that names its items (三个基地（甲、乙、丙）).")
    restate_similarity: float = Field(ge=0, le=1, description="How alike two indicators must be for a restatement.")
    restate_cut: list[str] = Field(description="Words cut from indicators before they are compared.")
    synonyms: list[list[str]] = Field(
        description="Groups of indicator names that mean the same; the first stands for all."
    )
    headline: Headline = Field(description="The target summarize shows for each document (the growth target).")
    contrasts: list[list[str]] = Field(
        description="Groups of words that tell measured things apart: names holding different words of one group "
        "(收入, 支出) are never the same indicator."
    )
    head_tails: list[str] = Field(
        description="Words left off the end of a name (beside the name verbs) before its last two characters are "
        "read as its head, the thing measured; names whose heads share no character are never the same indicator."
    )
    spelled_count_max: int = Field(ge=0, description="Largest spelled-out count that may be a slogan (三件大事).")
    spelled_count_families: list[str] = Field(description="Unit families the spelled-out count rule applies to.")
    forecast_names: tuple[str, ...] = Field(
        default=(), description="What a plan forecasts, not commits to (高校毕业生): with no committing word, no target."
    )
    source_words: tuple[str, ...] = Field(
        default=(), description="Words after a number that say where what it measures comes from (来自): a fact."
    )
    place_before: list[str] = Field(
        default=[], description="Words that open a place before the number (在…安排…人就业): what follows names it."
    )
    means_before: list[str] = Field(
        default=[], description="Words right before an amount that make it a means (用…元建设…): what follows names it."
    )
    new_level_year: tuple[str, ...] = Field(
        default=(), description="Words right before a year that date a new level (下降到一九八二年的…)."
    )
    first_item: Regex = Field(
        default=re.compile("(?!)"), description="The marker of a list's first item (一是, （一）, 1., ①)."
    )
    anaphora_before: tuple[str, ...] = Field(
        default=(), description="Words right before a count that point back to things named (这三项改革): no target."
    )
    list_summary: Regex = Field(
        default=re.compile("(?!)"), description="A count that sums up the list before it (三大主导产业), at its end."
    )
    spending_names: list[str] = Field(
        default=[], description="Words that only say an amount is spent (投资): what it is spent on names it."
    )
    purpose_before: list[str] = Field(
        default=[], description="Words right after an amount that say what it is for (用于): that names it."
    )
    count_families: list[str] = Field(
        default=[], description="Unit families of counts: a count, a noun, another count (12个小区360户) are two."
    )
    counted_actions: list[str] = Field(
        default=[], description="Action words that end no count's name: 150套公租房建设 counts 公租房."
    )
    aspect_names: list[str] = Field(
        default=[], description="Names of an aspect only (规模): alone, they measure what the target before names."
    )
    name_tags: tuple[str, ...] = Field(
        default=(), description="Parts of speech (prefixes) of the words of a clause that only names a thing."
    )
    work_framing: list[str] = Field(
        default=[], description="Words that frame the action before them as work (改造任务): not in its name."
    )
    spent_families: list[str] = Field(
        default=[], description="Unit families of amounts spent (投资450万元实施…): what follows is their use, not their name."
    )
    attributive: str = Field(default="的", min_length=1, description="The particle that ends a modifier of a noun (的).")
    vague_count_before: Regex = Field(description="A count with no number right before a quantity that sizes what it counts.")

    @cached_property
    def synonym_names(self) -> frozenset[str]:
        return frozenset(w for group in self.synonyms for w in group)

    @cached_property
    def verb_kind(self) -> dict[str, Kind]:
        return {v: k.kind for k in self.kinds for v in k.verbs}

    @cached_property
    def verb_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(list(self.verb_kind)))

    @cached_property
    def attributive_after(self) -> re.Pattern[str]:
        """`attributive` before a word: what follows a quantity that describes the noun after it."""
        return re.compile(re.escape(self.attributive) + r"(?=[\u4e00-\u9fff])")

    @cached_property
    def name_verb_pattern(self) -> re.Pattern[str]:
        """Any of `name_verbs`: a name without one needs no closer look."""
        return re.compile(alternation(self.name_verbs))

    @cached_property
    def aside_opening(self) -> frozenset[str]:
        return frozenset(pair[0] for pair in self.aside_brackets)

    @cached_property
    def aside_closing(self) -> frozenset[str]:
        return frozenset(pair[1] for pair in self.aside_brackets)

class StrengthWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    strength: Literal["binding", "aspirational"] = Field(description="The strength these words give.")
    words: list[str] = Field(description="Words that give this strength.")


class StrengthRules(RuleFile):
    strengths: list[StrengthWords] = Field(description="Strength words.")
    sentence_end: Regex = Field(description="Where a strength word's reach ends.")

    @cached_property
    def word_strength(self) -> dict[str, Strength]:
        return {w: s.strength for s in self.strengths for w in s.words}

    @cached_property
    def word_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(list(self.word_strength)))


class ExclusionPattern(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="Why numbers matching this are not quantities.")
    pattern: Regex = Field(description="Text a number may not overlap.")


class ExclusionRules(RuleFile):
    patterns: list[ExclusionPattern] = Field(description="Names, grades, codes, dates and idioms.")
    quoted_name_max_length: int = Field(ge=0, description="Longest quotation that is taken for a name.")
    quote_pairs: Pairs = Field(description="Opening and closing quotation marks, two characters each.")


class MilestoneRules(RuleFile):
    verbs: list[str] = Field(min_length=1, description="Verbs of completion or achievement (建成, 创建).")
    object_min_length: int = Field(ge=1, description="Shortest object taken.")
    object_max_length: int = Field(ge=1, description="Longest object taken.")
    object_stop: Regex = Field(description="An object opening like this is an aim, not a thing.")
    noun_after: Regex = Field(description="What follows a verb that is used as a noun (创建、…).")

    @cached_property
    def verb_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.verbs))


class Tolerance(BaseModel):
    """How far from a target a result may be and still meet it (approx, eq), or must be to exceed it (ge, le)."""

    unit_family: str | None = Field(description="The unit family it applies to; null: every other family.")
    absolute: float | None = Field(description="± this much, in the target's unit (percentage points for %).")
    relative: float | None = Field(description="± this share of the target's value.")
    model_config = ConfigDict(extra="forbid")


class TrackRules(RuleFile):
    result_cut: list[str] = Field(
        description="Words cut from indicators before matching, as `kinds.restate_cut`: how results are worded "
        "(城镇调查失业率平均为5.1%, 居民消费价格上涨0.2%, 能耗降幅超过3%)."
    )
    synonyms: list[list[str]] = Field(
        description="More groups of names that mean the same, joined to `kinds.synonyms` (a group sharing a word "
        "with one there extends it)."
    )
    ceilings: list[str] = Field(
        description="A target whose indicator holds one of these caps it: 居民消费价格涨幅3%左右 is met by any rise "
        "up to 3.5%, 能耗降低4%左右 by any fall from 3.5% (unless the comparator says otherwise)."
    )
    not_achieved: Regex = Field(
        description="Words in a result that say its target was not achieved (没有实现…目标): the verdict is missed."
    )
    tolerances: list[Tolerance] = Field(
        min_length=1,
        description="Tolerances, the first that fits the unit family applies; the last with unit_family null.",
    )


class BasisRules(RuleFile):
    annual_average: Regex = Field(description="Words that make a number an average yearly change (年均增长).")
    relative: Regex = Field(
        description="A named base year (比2010年), group `year` or `on`, or a period's end (比“十三五”期末), group "
        "`period`."
    )
    relative_min_gap: int = Field(
        ge=1, description="How many years before the plan's year a base year must lie to be one (比上年 is not)."
    )
    cumulative: Regex = Field(description="Words that make a number a sum over the period (累计).")
    flows: list[str] = Field(
        description="Words of work done or things added (新增, 改造): in a period's item, its amount is a sum."
    )
    level_families: list[str] = Field(description="Unit families whose numbers never add up over years (percent).")

    @cached_property
    def flow_pattern(self) -> re.Pattern[str]:
        return re.compile(alternation(self.flows))


MODELS: dict[str, type[RuleFile]] = {
    "normalize": NormalizeRules,
    "headings": HeadingRules,
    "sections": SectionRules,
    "roles": RoleRules,
    "numerals": NumeralRules,
    "units": UnitRules,
    "comparators": ComparatorRules,
    "kinds": KindRules,
    "strength": StrengthRules,
    "exclusions": ExclusionRules,
    "milestones": MilestoneRules,
    "track": TrackRules,
    "basis": BasisRules,
}

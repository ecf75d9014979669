"""The model: the output contract, as pydantic types, and the closed vocabularies of its fields.

Every object that came from text carries a `span` into the original decoded text and the
text there, as read: without the page debris normalization dropped inside it (zero-width
characters, line breaks of the layout, page numbers), so that 全员劳动生\n\u200b\n产率 reads
全员劳动生产率. Lists are flat and linked by ids (s1, p1, m1, t1, r1). This module imports
nothing of plantool: the rules, the pipeline and every command build on it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3"  # 1.1: passages, a target's horizon and period, a diagnostic's level; 1.2: a change's since;
# 1.3: a target's basis and base_year, and the shared words of an item of 分别
Number = int | float

# The closed vocabularies of the output, shared by the rules that produce them and the model.
Role = Literal["review", "goals", "plan", "other"]
Comparator = Literal["eq", "ge", "le", "approx", "range"]
Kind = Literal["increase", "decrease", "level"]
Strength = Literal["binding", "aspirational", "planned"]
Horizon = Literal["annual", "period"]
Basis = Literal["end_level", "annual_average", "cumulative", "relative"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Span(_Model):
    """Half-open character offsets into the original decoded text."""

    start: int = Field(ge=0, description="Offset of the first character (a Python str index).")
    end: int = Field(ge=0, description="Offset just past the last character.")


class Period(_Model):
    """The years a multi-year item is about, first and last included."""

    start: int = Field(description="The first year (2021 for 十四五).")
    end: int = Field(description="The last year (2025 for 十四五).")

    def __str__(self) -> str:
        """The years for people: 2021–2025."""
        return f"{self.start}–{self.end}"


class SourceInfo(_Model):
    """Where a document came from."""

    path: str = Field(description="The file read, or - for standard input.")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    encoding: str = Field(description="The encoding the bytes were decoded with.")
    format: str = Field(default="text", description="text, pdf, docx or html: what the file was, by its content.")


class Section(_Model):
    """A part of the report (一、2025年工作回顾), from its heading to the next one."""

    id: str = Field(description="s1, s2, … in document order.")
    title: str = Field(description="The heading line as written.")
    role: Role = Field(description="review (last year's results), goals, plan (tasks) or other.")
    span: Span = Field(description="The whole part, heading included.")
    title_span: Span = Field(description="The heading.")


class Passage(_Model):
    """A stretch of the report read as one thing: looking back, this year's plan, or a period's goals."""

    span: Span = Field(description="Where it stands; the passages cover the text in order.")
    role: Role = Field(
        description="review (its numbers are results), plan (this year's targets), goals (a period's targets), "
        "or other (outside the report's parts, headings, a glossary: its numbers count for nothing)."
    )
    period: Period | None = Field(description="The years it is about, where it names several; null for one year.")
    cue: str = Field(description="What decided its role: the words it opens with, its part's heading, the passage before.")


class Pillar(_Model):
    """A heading of the plan's work tasks (（一）加快建设现代化产业体系) and what it heads."""

    id: str = Field(description="p1, p2, … in document order.")
    title: str = Field(description="The heading without its marker, up to the first 。.")
    style: str = Field(description="The heading style (rules/headings.yaml pillar_styles).")
    section: str | None = Field(description="Id of the section it stands in.")
    span: Span = Field(description="The heading and the text under it, up to the next pillar.")
    title_span: Span = Field(description="The title.")
    measures: list[str] = Field(description="Ids of its measures, in order.")


class Measure(_Model):
    """One numbered item under a pillar (一是…), or a paragraph that opens with a lead sentence."""

    id: str = Field(description="m1, m2, … in document order.")
    title: str = Field(description="Its lead sentence (一是…。 up to 。).")
    style: str = Field(description="The marker style (rules/headings.yaml measure_styles).")
    pillar: str = Field(description="Id of its pillar.")
    span: Span = Field(description="The whole item.")
    title_span: Span = Field(description="The lead sentence.")


class Change(_Model):
    """A change stated beside a target: against last year, or from an old level."""

    text: str = Field(description="The document text at span (比上年提高1个百分点, or the old level 60%).")
    span: Span = Field(description="Where the change stands.")
    value: Number | None = Field(description="The change (or old level) in base units; null for a range.")
    low: Number | None = Field(description="The lower bound of a range; null otherwise.")
    high: Number | None = Field(description="The upper bound of a range; null otherwise.")
    unit: str = Field(description="Its base unit.")
    kind: Kind = Field(description="increase, decrease or level, by its verb.")
    basis: Literal["previous", "from"] = Field(description="previous: 比上年…; from: the old level of 由…提高到.")
    since: int | None = Field(
        default=None,
        description="The year a change is against when it names one (比2002年增长65.5%: 2002); null for 比上年.",
    )


class Target(_Model):
    """A quantitative target (or, in `results`, a reported result), fields as spec/targets.md names them."""

    id: str = Field(description="t1, t2, … for targets, r1, r2, … for results, in document order.")
    span: Span = Field(description="From the indicator (or the verb before it) through the number and its unit.")
    text: str = Field(
        description="The document text at span, as read (without page debris: line breaks, zero-width marks)."
    )
    indicator: str = Field(description="What is measured: the shortest document substring naming it.")
    indicator_span: Span = Field(description="Where the indicator stands.")
    value: Number | None = Field(description="The number in base units; null for a range.")
    low: Number | None = Field(description="The lower bound of a range, in base units; null otherwise.")
    high: Number | None = Field(description="The upper bound of a range, in base units; null otherwise.")
    unit: str = Field(description="The base unit (%, 百分点, 元, 人, 家, 公里, 元/人 …); magnitudes are in the value.")
    unit_family: str = Field(description="The unit's family (percent, money, people, count …), rules/units.yaml.")
    comparator: Comparator = Field(description="eq, approx (左右, 约), ge (以上), le (以下, 以内) or range.")
    kind: Kind = Field(description="increase (增长, 新增), decrease (下降) or level (达到, a number with no verb).")
    strength: Strength | None = Field(description="binding, aspirational or planned; null for results.")
    raw: str = Field(description="The number as written, with its unit.")
    deadline: int | None = Field(description="The year a target is due by (到2027年, a period's end), if known.")
    horizon: Horizon = Field(
        default="annual",
        description="annual: the plan year's target (or a result of one year); period: a target of a multi-year "
        "plan (十五五, 今后五年, 到2027年) or a result that covers several years (过去五年, 年均)."
    )
    period: Period | None = Field(
        default=None,
        description="The years of a period item (十四五: 2021–2025; 到2027年 in a 2025 report: 2025–2027); null for "
        "an annual one, or where the text does not say."
    )
    basis: Basis = Field(
        default="end_level",
        description="How the number is meant: end_level (the level or change to reach), annual_average (年均增长), "
        "cumulative (累计; a period's sum of work done or things added: 新增就业5000万人) or relative (against "
        "base_year: 比2010年翻一番)."
    )
    base_year: int | None = Field(
        default=None, description="The base year of a relative item (比2010年: 2010; 比“十三五”期末: 2020); null otherwise."
    )
    shared_span: Span | None = Field(
        default=None,
        description="For an item of A、B、C分别…: where the words its indicator shares with the others stand "
        "(单位国内生产总值 of 单位国内生产总值能耗, 排放量 of 氨氮排放量); the indicator is they and its own words "
        "at indicator_span, in text order. Null otherwise."
    )
    change: Change | None = Field(description="A change stated beside it (比上年…, or the old level of 由…提高到).")
    restates: str | None = Field(description="Id of the earlier target this one states again, if it is a restatement.")
    section: str | None = Field(description="Id of the section it stands in.")
    pillar: str | None = Field(description="Id of the pillar it stands in, if any.")
    measure: str | None = Field(description="Id of the measure it stands in, if any.")


class Milestone(_Model):
    """A qualitative commitment (创建三级综合性医院): tracked beside the targets, never among them."""

    id: str = Field(description="ms1, ms2, … in document order.")
    span: Span = Field(description="The verb and its object.")
    text: str = Field(description="The document text at span.")
    verb: str = Field(description="The verb of completion or achievement (建成投用, 创建).")
    object: str = Field(description="What it is done to.")
    object_span: Span = Field(description="Where the object stands.")
    strength: Strength = Field(description="binding, aspirational or planned, by the strength word of its sentence.")
    section: str | None = Field(description="Id of the section it stands in.")
    pillar: str | None = Field(description="Id of the pillar it stands in, if any.")


class Diagnostic(_Model):
    """Something the parser could not place (shown with -v) or that needs a reader's look (a warning,
    always shown); either fails `--strict`."""

    span: Span = Field(description="Where it stands.")
    text: str = Field(description="The document text at span.")
    message: str = Field(description="What could not be placed, or what looks wrong, and why.")
    level: Literal["info", "warning"] = Field(
        default="info", description="info: an item left unplaced; warning: the document may have lost its plan."
    )


class Document(_Model):
    """One report, extracted: its items in flat lists, linked by ids."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="The version of this output's format.")
    source: SourceInfo = Field(description="The file it was read from.")
    title: str | None = Field(description="The report's title, if the text gives one.")
    year: int | None = Field(description="The plan's year: from the title, the headings or the file name.")
    region: str | None = Field(description="The region the plan is for (全国 for the State Council's reports).")
    sections: list[Section] = Field(description="The report's parts, in order.")
    passages: list[Passage] = Field(default=[], description="What each stretch of the text is for, in order.")
    pillars: list[Pillar] = Field(description="The plan's task headings, in order.")
    measures: list[Measure] = Field(description="The items under the pillars, in order.")
    targets: list[Target] = Field(description="The quantitative targets, in order.")
    results: list[Target] = Field(description="The quantities of review parts (what was achieved), in order.")
    milestones: list[Milestone] = Field(description="Qualitative commitments, in order.")
    diagnostics: list[Diagnostic] = Field(description="What could not be placed.")


class DocumentRef(_Model):
    """A document as a comparison (diff, track) names it."""

    path: str = Field(description="The file the document was read from (its source path).")
    title: str | None = Field(description="The report's title.")
    year: int | None = Field(description="The plan's year.")
    region: str | None = Field(description="The region the plan is for.")

    @classmethod
    def of(cls, doc: Document) -> DocumentRef:
        return cls(path=doc.source.path, title=doc.title, year=doc.year, region=doc.region)

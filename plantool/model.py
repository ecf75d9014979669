"""The model: the output contract, as pydantic types, and the closed vocabularies of its fields.

Every object that came from text carries a `span` into the original decoded text and the
exact `text` there. Lists are flat and linked by ids (s1, p1, m1, t1, r1). This module imports
nothing of plantool: the rules, the pipeline and every command build on it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"
Number = int | float

# The closed vocabularies of the output, shared by the rules that produce them and the model.
Role = Literal["review", "goals", "plan", "other"]
Comparator = Literal["eq", "ge", "le", "approx", "range"]
Kind = Literal["increase", "decrease", "level"]
Strength = Literal["binding", "aspirational", "planned"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Span(_Model):
    """Half-open character offsets into the original decoded text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SourceInfo(_Model):
    path: str = Field(description="The file read, or - for standard input.")
    sha256: str = Field(description="SHA-256 of the file's bytes.")
    encoding: str = Field(description="The encoding the bytes were decoded with.")
    format: str = Field(default="text", description="text, pdf, docx or html: what the file was, by its content.")


class Section(_Model):
    id: str
    title: str = Field(description="The heading line as written.")
    role: Role = Field(description="review (last year's results), goals, plan (tasks) or other.")
    span: Span
    title_span: Span


class Pillar(_Model):
    id: str
    title: str = Field(description="The heading without its marker, up to the first 。.")
    style: str = Field(description="The heading style (rules/headings.yaml pillar_styles).")
    section: str | None = Field(description="Id of the section it stands in.")
    span: Span
    title_span: Span
    measures: list[str] = Field(description="Ids of its measures, in order.")


class Measure(_Model):
    id: str
    title: str = Field(description="Its lead sentence (一是…。 up to 。).")
    style: str = Field(description="The marker style (rules/headings.yaml measure_styles).")
    pillar: str
    span: Span
    title_span: Span


class Change(_Model):
    """A change stated beside a target: against last year, or from an old level."""

    text: str
    span: Span
    value: Number | None
    low: Number | None
    high: Number | None
    unit: str
    kind: Kind
    basis: Literal["previous", "from"] = Field(description="previous: 比上年…; from: the old level of 由…提高到.")


class Target(_Model):
    """A quantitative target (or, in `results`, a reported result), fields as spec/targets.md names them."""

    id: str
    span: Span
    text: str = Field(description="The document text at span.")
    indicator: str = Field(description="What is measured: the shortest document substring naming it.")
    indicator_span: Span
    value: Number | None = Field(description="The number in base units; null for a range.")
    low: Number | None
    high: Number | None
    unit: str
    unit_family: str
    comparator: Comparator
    kind: Kind
    strength: Strength | None = Field(description="binding, aspirational or planned; null for results.")
    raw: str = Field(description="The number as written, with its unit.")
    deadline: int | None = Field(description="The year a target is due by (到2027年), if stated.")
    change: Change | None
    restates: str | None = Field(description="Id of the earlier target this one states again, if it is a restatement.")
    section: str | None
    pillar: str | None
    measure: str | None


class Milestone(_Model):
    """A qualitative commitment (创建三级综合性医院): tracked beside the targets, never among them."""

    id: str
    span: Span
    text: str
    verb: str = Field(description="The verb of completion or achievement (建成投用, 创建).")
    object: str = Field(description="What it is done to.")
    object_span: Span
    strength: Strength
    section: str | None
    pillar: str | None


class Diagnostic(_Model):
    span: Span
    text: str
    message: str


class Document(_Model):
    schema_version: str = SCHEMA_VERSION
    source: SourceInfo
    title: str | None
    year: int | None
    region: str | None
    sections: list[Section]
    pillars: list[Pillar]
    measures: list[Measure]
    targets: list[Target]
    results: list[Target]
    milestones: list[Milestone]
    diagnostics: list[Diagnostic]

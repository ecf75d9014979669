"""Diff: what changed between two plans of one place (last year's and this year's).

Targets are paired by what they measure (`plantool.analysis.match`), restatements left out;
each pair is changed (value, bounds, unit, comparator, strength, kind, deadline, basis) or
unchanged, and the rest of either plan is added or dropped. One layer may be compared alone: the
plan years' targets, or the five-year plans' (2016's 十三五 against 2021's 十四五). Pillars are paired by their titles and may be
renamed. The same two documents always give the same diff.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from plantool.analysis.match import NUMBERS, equal, match_pillars, match_targets, places, tidy
from plantool.analysis.query import check_word
from plantool.model import Document, DocumentRef, Horizon, Number, Pillar, Target
from plantool.rules import Rules
from plantool.rules.identity import naming, strip_punct

ChangedField = Literal["value", "low", "high", "unit", "comparator", "kind", "strength", "deadline", "basis"]
COMPARED: tuple[ChangedField, ...] = (
    "value", "low", "high", "unit", "comparator", "kind", "strength", "deadline", "basis",
)  # fmt: skip


class FieldChange(BaseModel):
    field: ChangedField
    old: Number | str | None
    new: Number | str | None
    difference: Number | None = Field(
        default=None, description="new − old, for numbers of the same unit (values are in base units)."
    )


class Match(BaseModel):
    """A target of the old plan and the one of the new plan that measures the same."""

    old: Target
    new: Target
    status: Literal["changed", "unchanged"]
    changes: list[FieldChange] = Field(description="What differs, in the order of COMPARED.")
    similarity: float = Field(description="How alike the indicators are, 0-1 (character F1 of their keys).")


class PillarRef(BaseModel):
    id: str
    title: str


class PillarRename(BaseModel):
    old: PillarRef
    new: PillarRef
    similarity: float = Field(description="Character F1 of the titles.")


class Diff(BaseModel):
    old: DocumentRef
    new: DocumentRef
    horizon: Horizon | None = Field(
        default=None, description="The layer compared: annual (the plan years'), period (the plans' periods) or null for both."
    )
    same: bool = Field(description="No target changed, none added, none dropped (pillars aside).")
    matched: list[Match] = Field(description="In the new document's order.")
    added: list[Target] = Field(description="Targets of the new document with no match, in its order.")
    dropped: list[Target] = Field(description="Targets of the old document with no match, in its order.")
    pillars_added: list[PillarRef]
    pillars_dropped: list[PillarRef]
    pillars_renamed: list[PillarRename] = Field(description="Matched pillars whose titles differ, in new order.")
    places: list[str] = Field(
        default_factory=list,
        description="The places compared when they are not one (only with allow_regions: 保定市, 河北省); empty for one.",
    )


def diff_documents(
    old: Document, new: Document, rules: Rules, allow_regions: bool = False, horizon: Horizon | None = None
) -> Diff:
    """Match the original targets (of one `horizon`, if given) and the pillars of two documents and
    say what changed; plans of two places only with `allow_regions`."""
    check_word("horizon", horizon)
    mixed = places([old, new], rules, allow_regions)
    olds = [t for t in old.targets if t.restates is None and horizon in (None, t.horizon)]
    news = [t for t in new.targets if t.restates is None and horizon in (None, t.horizon)]
    pairs = {p.new: p for p in match_targets(olds, news, old.pillars, new.pillars, rules.derived(naming))}
    matched_old = {p.old for p in pairs.values()}
    matched = [_match(olds[pairs[j].old], t, pairs[j].similarity) for j, t in enumerate(news) if j in pairs]
    added = [t for j, t in enumerate(news) if j not in pairs]
    dropped = [t for i, t in enumerate(olds) if i not in matched_old]
    pillar_pairs = sorted(match_pillars(old.pillars, new.pillars), key=lambda p: p.new)
    old_kept = {p.old for p in pillar_pairs}
    new_kept = {p.new for p in pillar_pairs}
    return Diff(
        old=DocumentRef.of(old),
        new=DocumentRef.of(new),
        horizon=horizon,
        same=not added and not dropped and all(m.status == "unchanged" for m in matched),
        matched=matched,
        added=added,
        dropped=dropped,
        pillars_added=[_pillar(p) for j, p in enumerate(new.pillars) if j not in new_kept],
        pillars_dropped=[_pillar(p) for i, p in enumerate(old.pillars) if i not in old_kept],
        pillars_renamed=[
            PillarRename(
                old=_pillar(old.pillars[p.old]), new=_pillar(new.pillars[p.new]), similarity=round(p.similarity, 4)
            )
            for p in pillar_pairs
            if strip_punct(old.pillars[p.old].title) != strip_punct(new.pillars[p.new].title)
        ],
        places=mixed,
    )


def target_changes(old: Target, new: Target) -> list[FieldChange]:
    """What differs between two matched targets; the difference of numbers in the same unit."""
    changes = []
    for name in COMPARED:
        a, b = getattr(old, name), getattr(new, name)
        if name in NUMBERS:
            if equal(a, b):
                continue
            comparable = a is not None and b is not None and old.unit == new.unit
            changes.append(FieldChange(field=name, old=a, new=b, difference=tidy(b - a) if comparable else None))
        elif a != b:
            changes.append(FieldChange(field=name, old=a, new=b))
    return changes


def _match(old: Target, new: Target, similarity: float) -> Match:
    changes = target_changes(old, new)
    return Match(
        old=old,
        new=new,
        status="changed" if changes else "unchanged",
        changes=changes,
        similarity=round(similarity, 4),
    )


def _pillar(p: Pillar) -> PillarRef:
    return PillarRef(id=p.id, title=p.title)

"""Diff: what changed between two plans of one place (last year's and this year's).

Targets are matched by what they measure, not by where they stand: each pair of original
targets (restatements left out) of one unit family is scored by how alike their indicators
are once framing words are cut and synonyms read as one name, with the same kind and the
pillars they stand in as tie-breakers; pairs are then taken greedily, best first, each target
at most once. Pillars are matched by their titles the same way. Ties are broken by document
order, so the same two documents always give the same diff.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

from plantool.model import Comparator, Document, Kind, Number, Pillar, Strength, Target
from plantool.rules import Rules
from plantool.rules.identity import char_f1, strip_punct

# Thresholds chosen on the national reports 2016→2025 (eight pairs of consecutive years).
# A pair of targets is a candidate when their indicator keys share at least this much
# (character F1). The same indicator reworded scores 0.64-0.9 (居民医保人均财政补助标准 vs
# 居民医保和基本公共卫生服务经费人均财政补助标准 0.69, 铁路投资 vs 铁路建设投资 0.8); below 0.6
# the pairs are different indicators (化学需氧量、氨氮排放量 vs 二氧化硫、氮氧化物排放量 0.57) or
# junk (的 vs 的幅度 0.5). Some pairs above it are still different (城镇登记失业率 vs 城镇调查失业率
# 0.71), which is why the exact names are taken first.
MIN_SIMILARITY = 0.6
# What orders the candidates besides the similarity: the same words once synonyms are read
# as one (an exact name), the same kind, alike pillars. They break near ties only: together
# they are worth less than one character of a short name.
SAME_WORDS_BONUS = 0.1
SAME_KIND_BONUS = 0.05
PILLAR_WEIGHT = 0.05
# Pillar titles are reworded every year. From 0.4 character F1 up, every greedy pair of the
# eight year pairs is the same pillar; below, false pairs appear (积极主动扩大对外开放 vs
# 积极扩大消费和促进有效投资 0.35), beside some true ones (0.36-0.38) that are given up.
MIN_PILLAR_SIMILARITY = 0.4

ChangedField = Literal["value", "low", "high", "unit", "comparator", "kind", "strength", "deadline"]
COMPARED: tuple[ChangedField, ...] = ("value", "low", "high", "unit", "comparator", "kind", "strength", "deadline")
NUMBERS = ("value", "low", "high")


class DocumentRef(BaseModel):
    path: str
    title: str | None
    year: int | None
    region: str | None


class TargetRef(BaseModel):
    """A target as a diff shows it: enough to read it without the extraction beside."""

    id: str
    indicator: str
    value: Number | None
    low: Number | None
    high: Number | None
    unit: str
    comparator: Comparator
    kind: Kind
    strength: Strength | None
    deadline: int | None
    text: str


class FieldChange(BaseModel):
    field: ChangedField
    old: Number | str | None
    new: Number | str | None
    difference: Number | None = Field(
        default=None, description="new − old, for numbers of the same unit (values are in base units)."
    )


class Match(BaseModel):
    """A target of the old plan and the one of the new plan that measures the same."""

    old: TargetRef
    new: TargetRef
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
    same: bool = Field(description="No target changed, none added, none dropped (pillars aside).")
    matched: list[Match] = Field(description="In the new document's order.")
    added: list[TargetRef] = Field(description="Targets of the new document with no match, in its order.")
    dropped: list[TargetRef] = Field(description="Targets of the old document with no match, in its order.")
    pillars_added: list[PillarRef]
    pillars_dropped: list[PillarRef]
    pillars_renamed: list[PillarRename] = Field(description="Matched pillars whose titles differ, in new order.")


class Pair(NamedTuple):
    old: int  # index in the old list
    new: int  # index in the new list
    similarity: float


def diff_documents(old: Document, new: Document, rules: Rules) -> Diff:
    """Match the original targets and the pillars of two documents and say what changed."""
    olds = [t for t in old.targets if t.restates is None]
    news = [t for t in new.targets if t.restates is None]
    pairs = {p.new: p for p in match_targets(olds, news, old.pillars, new.pillars, rules)}
    matched_old = {p.old for p in pairs.values()}
    matched = [_match(olds[pairs[j].old], t, pairs[j].similarity) for j, t in enumerate(news) if j in pairs]
    added = [target_ref(t) for j, t in enumerate(news) if j not in pairs]
    dropped = [target_ref(t) for i, t in enumerate(olds) if i not in matched_old]
    pillar_pairs = sorted(match_pillars(old.pillars, new.pillars), key=lambda p: p.new)
    old_kept = {p.old for p in pillar_pairs}
    new_kept = {p.new for p in pillar_pairs}
    return Diff(
        old=_document(old),
        new=_document(new),
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
    )


def indicator_words(indicator: str, rules: Rules) -> tuple[str, ...]:
    """The words of an indicator's name, framing words (`kinds.restate_cut`: 预期目标, 全年) cut
    and each synonym (`kinds.synonyms`) read as the first of its group: 经济增长 → 国内生产总值.

    Synonyms count at word boundaries only, so that one inside a longer word (数字经济) stays
    what it is.
    """
    k = rules.kinds
    words = [w for w in rules.tokenizer(indicator).lcut(indicator) if strip_punct(w)]
    canonical = {w: group[0] for group in k.synonyms for w in group}
    cut = set(k.restate_cut)
    out: list[str] = []
    i = 0
    while i < len(words):
        # the longest run of whole words that is a synonym, else the word itself
        for j in range(len(words), i, -1):
            name = canonical.get("".join(words[i:j]))
            if name is not None:
                out.append(name)
                i = j
                break
        else:
            if words[i] not in cut:
                out.append(words[i])
            i += 1
    return tuple(out)


def indicator_names(t: Target, rules: Rules) -> list[tuple[str, ...]]:
    """The words of a target's indicator and, when a name verb (`kinds.name_verbs`: 新增, 涨幅)
    stands just before it in the target's text, of the indicator with it.

    The extraction reads 新增就业2万人 as 就业, increased, while next year's 城镇新增就业 keeps the
    verb in its name; either reading may match.
    """
    names = [indicator_words(t.indicator, rules)]
    offset = t.indicator_span.start - t.span.start
    if 0 < offset <= len(t.text):
        verbs = [v for v in rules.kinds.name_verbs if t.text[:offset].endswith(v)]
        if verbs:
            names.append(indicator_words(max(verbs, key=len) + t.indicator, rules))
    return names


def indicator_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two indicators are, given as their words: character F1 of the names."""
    return char_f1("".join(a), "".join(b))


def match_targets(
    olds: list[Target], news: list[Target], old_pillars: list[Pillar], new_pillars: list[Pillar], rules: Rules
) -> list[Pair]:
    """Pairs of targets that measure the same, best first, each target at most once.

    Only targets of one unit family pair up, and only from MIN_SIMILARITY on. The same
    words, the same kind and alike pillars break near ties, then equal numbers, then order.
    """
    old_titles = {p.id: p.title for p in old_pillars}
    new_titles = {p.id: p.title for p in new_pillars}
    old_names = [indicator_names(t, rules) for t in olds]
    new_names = [indicator_names(t, rules) for t in news]
    ranked: list[tuple[float, bool, int, int, float]] = []
    for i, o in enumerate(olds):
        for j, n in enumerate(news):
            if o.unit_family != n.unit_family:
                continue
            similarity = max(indicator_similarity(a, b) for a in old_names[i] for b in new_names[j])
            if similarity < MIN_SIMILARITY:
                continue
            same_words = any(set(a) == set(b) for a in old_names[i] for b in new_names[j])
            pillars = _pillar_similarity(old_titles.get(o.pillar or ""), new_titles.get(n.pillar or ""))
            score = (
                similarity
                + SAME_WORDS_BONUS * same_words
                + SAME_KIND_BONUS * (o.kind == n.kind)
                + PILLAR_WEIGHT * pillars
            )
            ranked.append((round(score, 9), _same_numbers(o, n), j, i, similarity))
    ranked.sort(key=lambda c: (-c[0], not c[1], c[2], c[3]))
    return _greedy(Pair(i, j, similarity) for _, _, j, i, similarity in ranked)


def match_pillars(olds: list[Pillar], news: list[Pillar]) -> list[Pair]:
    """Pairs of pillars that are the same, perhaps renamed: titles alike from MIN_PILLAR_SIMILARITY on."""
    ranked = sorted(
        (Pair(i, j, char_f1(o.title, n.title)) for i, o in enumerate(olds) for j, n in enumerate(news)),
        key=lambda p: (-p.similarity, p.new, p.old),
    )
    return _greedy(p for p in ranked if p.similarity >= MIN_PILLAR_SIMILARITY)


def target_changes(old: Target, new: Target) -> list[FieldChange]:
    """What differs between two matched targets; the difference of numbers in the same unit."""
    changes = []
    for name in COMPARED:
        a, b = getattr(old, name), getattr(new, name)
        if name in NUMBERS:
            if _equal(a, b):
                continue
            comparable = a is not None and b is not None and old.unit == new.unit
            changes.append(FieldChange(field=name, old=a, new=b, difference=_number(b - a) if comparable else None))
        elif a != b:
            changes.append(FieldChange(field=name, old=a, new=b))
    return changes


def _greedy(ranked: Iterable[Pair]) -> list[Pair]:
    """Take pairs in the order given, each item of either side at most once."""
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for p in ranked:
        if p.old not in used_old and p.new not in used_new:
            used_old.add(p.old)
            used_new.add(p.new)
            pairs.append(p)
    return pairs


def _pillar_similarity(a: str | None, b: str | None) -> float:
    """Both outside any pillar (the goals part) counts as the same place."""
    if a is None or b is None:
        return float(a is None and b is None)
    return char_f1(a, b)


def _equal(a: Number | None, b: Number | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _same_numbers(a: Target, b: Target) -> bool:
    return all(_equal(getattr(a, n), getattr(b, n)) for n in NUMBERS)


def _number(x: Number) -> Number:
    """A difference without float noise (3 − 2.5 stays 0.5), an integral one as an int."""
    rounded = round(float(x), 9)
    return int(rounded) if rounded.is_integer() else rounded


def _match(old: Target, new: Target, similarity: float) -> Match:
    changes = target_changes(old, new)
    return Match(
        old=target_ref(old),
        new=target_ref(new),
        status="changed" if changes else "unchanged",
        changes=changes,
        similarity=round(similarity, 4),
    )


def target_ref(t: Target) -> TargetRef:
    """A target as a comparison (diff, track) shows it."""
    return TargetRef(**t.model_dump(include=set(TargetRef.model_fields)))


def _pillar(p: Pillar) -> PillarRef:
    return PillarRef(id=p.id, title=p.title)


def _document(doc: Document) -> DocumentRef:
    return DocumentRef(path=doc.source.path, title=doc.title, year=doc.year, region=doc.region)


ROW_COLUMNS = [
    "status",
    "old_indicator",
    "new_indicator",
    "old",
    "new",
    "difference",
    "unit",
    "changes",
    "old_text",
    "new_text",
]


def diff_rows(diff: Diff) -> list[dict[str, object]]:
    """The diff as flat rows, one per target (matched, added, dropped), for tables and CSV."""

    def shown(t: TargetRef | None) -> str:
        if t is None:
            return ""
        number = readable(t.value) if t.value is not None else f"{readable(t.low)}–{readable(t.high)}"
        return f"{number}{t.unit} {t.comparator}"

    rows: list[dict[str, object]] = []
    for m in diff.matched:
        value = next((c for c in m.changes if c.field == "value"), None)
        rows.append(
            {
                "status": m.status,
                "old_indicator": m.old.indicator,
                "new_indicator": m.new.indicator,
                "old": shown(m.old),
                "new": shown(m.new),
                "difference": value.difference if value else None,
                "unit": m.new.unit,
                "changes": ", ".join(f"{c.field} {c.old} → {c.new}" for c in m.changes),
                "old_text": m.old.text,
                "new_text": m.new.text,
            }
        )
    for status, refs in (("added", diff.added), ("dropped", diff.dropped)):
        for t in refs:
            old, new = (None, t) if status == "added" else (t, None)
            rows.append(
                {
                    "status": status,
                    "old_indicator": old.indicator if old else "",
                    "new_indicator": new.indicator if new else "",
                    "old": shown(old),
                    "new": shown(new),
                    "difference": None,
                    "unit": t.unit,
                    "changes": "",
                    "old_text": old.text if old else "",
                    "new_text": new.text if new else "",
                }
            )
    return rows


def readable(x: Number | None) -> str:
    """A base-unit number as people write it: 1300000000000 as 1.3万亿, 12000000 as 1200万."""
    if x is None:
        return ""
    for factor, word in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")):
        if abs(x) >= factor:
            return f"{x / factor:g}{word}"
    return f"{x:g}"

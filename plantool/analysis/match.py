"""Match: which targets of two documents measure the same thing, and which pillars are the same.

Targets are matched by what they measure, not by where they stand: each pair of one unit family
is scored by how alike their indicators are once read as names (`plantool.rules.identity`), with
the same kind and the pillars they stand in as tie-breakers; pairs are then taken greedily, best
first, each target at most once. Pillars are matched by their titles the same way. Ties are
broken by document order, so the same two documents always give the same pairs. diff pairs a
plan with the next one, track a plan's targets with the results of the next report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from plantool.errors import PlantoolError
from plantool.model import Document, Number, Pillar, Target
from plantool.rules import Rules
from plantool.rules.identity import Naming, Words, char_f1, same_region

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

NUMBERS = ("value", "low", "high")


class Pair(NamedTuple):
    old: int  # index in the old list
    new: int  # index in the new list
    similarity: float


def target_names(t: Target, naming: Naming) -> list[Words]:
    """The words of a target's indicator and, when a name verb (`kinds.name_verbs`: 新增, 涨幅)
    stands just before it in the target's text, of the indicator with it.

    The extraction reads 新增就业2万人 as 就业, increased, while next year's 城镇新增就业 keeps the
    verb in its name; either reading may match.
    """
    names = [naming.words(t.indicator)]
    offset = t.indicator_span.start - t.span.start
    if 0 < offset <= len(t.text):
        verbs = [v for v in naming.rules.kinds.name_verbs if t.text[:offset].endswith(v)]
        if verbs:
            names.append(naming.words(max(verbs, key=len) + t.indicator))
    return names


def match_targets(
    olds: list[Target],
    news: list[Target],
    old_pillars: list[Pillar],
    new_pillars: list[Pillar],
    naming: Naming,
    any_horizon: bool = False,
) -> list[Pair]:
    """Pairs of targets that measure the same, best first, each target at most once.

    Only targets of one unit family and (unless `any_horizon`) one horizon pair up (a year's with
    a year's, a period's with a period's), and only from MIN_SIMILARITY on. The same words, the
    same kind and alike pillars break near ties, then equal numbers, then order.
    """
    old_titles = {p.id: p.title for p in old_pillars}
    new_titles = {p.id: p.title for p in new_pillars}
    old_names = [target_names(t, naming) for t in olds]
    new_names = [target_names(t, naming) for t in news]
    ranked: list[tuple[float, bool, int, int, float]] = []
    for i, o in enumerate(olds):
        for j, n in enumerate(news):
            if o.unit_family != n.unit_family or (o.horizon != n.horizon and not any_horizon):
                continue
            alike = max(naming.similarity(a, b) for a in old_names[i] for b in new_names[j])
            if alike < MIN_SIMILARITY:
                continue
            same_words = any(set(a) == set(b) for a in old_names[i] for b in new_names[j])
            pillars = _pillar_similarity(old_titles.get(o.pillar or ""), new_titles.get(n.pillar or ""))
            score = alike + SAME_WORDS_BONUS * same_words + SAME_KIND_BONUS * (o.kind == n.kind) + PILLAR_WEIGHT * pillars
            ranked.append((round(score, 9), same_numbers(o, n), j, i, alike))
    ranked.sort(key=lambda c: (-c[0], not c[1], c[2], c[3]))
    return _greedy(Pair(i, j, alike) for _, _, j, i, alike in ranked)


def places(docs: list[Document], rules: Rules, allow_regions: bool) -> list[str]:
    """The places of documents to be compared, when they are not one (保定市 and 河北省; 唐县 and
    高唐县); empty when they are. Refused unless `allow_regions`: plans of different places are
    never compared without a word."""
    named = [d for d in docs if d.region]
    differ = any(not same_region(a.region, b.region, rules) for a in named for b in named)
    if not differ:
        return []
    regions = list(dict.fromkeys(d.region for d in named if d.region))
    if not allow_regions:
        shown = "; ".join(f"{d.region} ({d.source.path})" for d in named)
        raise PlantoolError(f"reports of different places: {shown}; give --allow-regions to compare them anyway")
    return regions


def match_pillars(olds: list[Pillar], news: list[Pillar]) -> list[Pair]:
    """Pairs of pillars that are the same, perhaps renamed: titles alike from MIN_PILLAR_SIMILARITY on."""
    ranked = sorted(
        (Pair(i, j, char_f1(o.title, n.title)) for i, o in enumerate(olds) for j, n in enumerate(news)),
        key=lambda p: (-p.similarity, p.new, p.old),
    )
    return _greedy(p for p in ranked if p.similarity >= MIN_PILLAR_SIMILARITY)


def equal(a: Number | None, b: Number | None) -> bool:
    """Two numbers (or their absence) are the same, float noise aside."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def same_numbers(a: Target, b: Target) -> bool:
    return all(equal(getattr(a, n), getattr(b, n)) for n in NUMBERS)


def tidy(x: float) -> Number:
    """A computed number without float noise (3 − 2.5 is 0.5, 5.1 − 5.5 is −0.4), an integral one
    as an int."""
    rounded = round(float(x), 9)
    return int(rounded) if rounded.is_integer() else rounded


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

"""Milestones: qualitative commitments (创建三级综合性医院, 建成投用郑上会展中心).

They are not quantitative targets, but analysts track them. A milestone is a clause in a
part that is not a review, with a verb of completion from the rules and its object, and no
number of a target or result in it. Only clauses that hold such a verb are segmented.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from plantool.model import Strength
from plantool.pipeline.clauses import Boundaries, strength_at
from plantool.pipeline.indicators import trim_words
from plantool.pipeline.quantities import Quantity
from plantool.pipeline.roles import Roles
from plantool.pipeline.structure import Structure
from plantool.rules import Rules


@dataclass(frozen=True)
class FoundMilestone:
    start: int
    end: int
    verb: tuple[int, int]
    object: tuple[int, int]
    strength: Strength
    section: int | None
    pillar: int | None


def find_milestones(
    text: str,
    structure: Structure,
    roles: Roles,
    quantities: list[Quantity],
    rules: Rules,
    bounds: Boundaries | None = None,
) -> tuple[FoundMilestone, ...]:
    """Each clause outside review parts whose completion verb has an object and no number
    (`bounds`: the text's sentences and clauses, if the caller has found them already)."""
    m = rules.milestones
    ctx = bounds or Boundaries(text, rules)
    numbers = [q.start for q in quantities]  # sorted
    found: list[FoundMilestone] = []
    last_clause = -1
    for verb in m.verb_pattern.finditer(text):
        c_start, c_end = ctx.clause(verb.start(), len(text))
        if c_start == last_clause or roles.in_review(verb.start()):
            continue
        if bisect_left(numbers, c_end) > bisect_left(numbers, c_start):  # the clause holds a number
            continue
        if not _is_word(text, verb.start(), verb.end(), c_start, c_end, rules):
            continue
        if m.noun_after.match(text, verb.end()):
            continue
        obj = trim_words(text, verb.end(), c_end, rules)
        if obj is None and not text[verb.end() : c_end].strip():  # 门诊楼建成投用: the verb ends it
            obj = trim_words(text, c_start, verb.start(), rules)
        if obj is None or not m.object_min_length <= obj[1] - obj[0] <= m.object_max_length:
            continue
        if m.object_stop.match(text, obj[0]):
            continue
        last_clause = c_start
        start = min(obj[0], verb.start())
        found.append(
            FoundMilestone(
                start,
                max(obj[1], verb.end()),
                verb.span(),
                obj,
                strength_at(text, verb.end(), numbers, ctx, rules),  # 争创 is itself aspirational
                structure.section_at(verb.start()),
                structure.pillar_at(verb.start()),
            )
        )
    return tuple(found)


def _is_word(text: str, start: int, end: int, c_start: int, c_end: int, rules: Rules) -> bool:
    """Whether jieba reads the verb as a word of its clause (not 建成区 or 开通道)."""
    offset = c_start
    for word, a, b in rules.words(text[c_start:c_end]):
        if offset + a >= end:
            break
        if offset + a <= start < offset + b:
            return offset + a == start and offset + b <= end
    return False

"""Clauses: where a text's sentences and clauses end, where an item of an enumeration starts, and
which strength word governs a position. Found once per text and asked by bisection, for targets
and milestones alike. Offsets are into the normalized text.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

from plantool.model import Strength
from plantool.pipeline.quantities import Quantity
from plantool.rules import Rules


class Boundaries:
    """Boundary positions of one text, found once, for bisection: a few for every sentence, kept
    as machine integers (8 bytes each, where a list of ints takes 40)."""

    def __init__(self, text: str, rules: Rules) -> None:
        self.sentences = array("q", (m.end() for m in rules.strength.sentence_end.finditer(text)))
        self.clauses = array("q", (m.end() for m in rules.kinds.clause_break.finditer(text)))

    @staticmethod
    def _bounds(ends: array[int], pos: int, length: int) -> tuple[int, int]:
        i = bisect_right(ends, pos)
        start = ends[i - 1] if i else 0
        j = bisect_left(ends, pos + 1)
        end = ends[j] - 1 if j < len(ends) else length
        return start, end

    def sentence(self, pos: int, length: int) -> tuple[int, int]:
        return self._bounds(self.sentences, pos, length)

    def clause(self, pos: int, length: int) -> tuple[int, int]:
        return self._bounds(self.clauses, pos, length)



def strength_at(text: str, pos: int, starts: list[int], ctx: Boundaries, rules: Rules) -> Strength:
    """The strength of the nearest strength word before `pos` in its sentence.

    `starts` are the sorted starts of the text's quantities. A word after an earlier number of
    the sentence whose own clause holds no number after it is a hedge
    (5%左右、在实际工作中努力争取更好结果): it is about doing better, and governs nothing.
    """
    s_start, _ = ctx.sentence(pos, len(text))
    for word in reversed(list(rules.strength.word_pattern.finditer(text, s_start, pos))):
        _, c_end = ctx.clause(word.start(), len(text))
        earlier = bisect_left(starts, word.start()) > bisect_left(starts, s_start)
        own = bisect_left(starts, c_end) > bisect_right(starts, word.start())
        if earlier and not own:
            continue
        return rules.strength.word_strength[word.group(0)]
    return "planned"



def item_start(text: str, c_start: int, prev: Quantity | None, q: Quantity, rules: Rules) -> tuple[int, bool]:
    """Where the words of this quantity begin, and whether it continues an enumeration."""
    if prev is None or prev.end <= c_start or prev.end > q.start:
        return c_start, False
    sep = rules.kinds.enumeration_break.search(text, prev.end, q.start)
    if sep:
        return sep.end(), True
    return prev.end, False

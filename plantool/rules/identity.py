"""Identity: what makes two indicator names the same thing. Restatements, query, diff and track all ask
here, so that a name means one thing everywhere.

A name is read as its words (the rule set's tokenizer), with framing words cut (预期目标, 全年) and
each synonym read as the first of its group at word boundaries (经济增长 is 国内生产总值, while 数字经济
stays 数字经济); two names are as alike as the characters of those words (F1). `char_f1` is also
the measure the gold scorer gives an indicator against its gold name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from plantool.rules.load import Rules

# What score.py leaves out before comparing characters: spaces and punctuation.
_PUNCT = re.compile(r"[\s\u3000，。、；：,.;:“”\"'（）()《》·—\-]")

Words = tuple[str, ...]


def strip_punct(text: str) -> str:
    return _PUNCT.sub("", text)


def char_f1(a: str, b: str) -> float:
    """Character F1 of two strings, punctuation and spaces left out."""
    ca, cb = Counter(strip_punct(a)), Counter(strip_punct(b))
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


@dataclass(frozen=True)
class Naming:
    """How names are read for comparing: the words cut and each synonym's canonical name."""

    rules: Rules
    cut: frozenset[str]
    canonical: dict[str, str]
    _read: dict[str, Words] = field(default_factory=dict, repr=False, compare=False)  # names read before
    REMEMBERED: ClassVar[int] = 20000  # names kept, well under a MB: plans repeat their indicators

    def words(self, name: str) -> Words:
        """The words of a name, framing words cut, each synonym read as the first of its group
        (the longest run of whole words that is one)."""
        found = self._read.get(name)
        if found is None:
            if len(self._read) >= self.REMEMBERED:
                self._read.clear()
            found = self._read[name] = self._words(name)
        return found

    def _words(self, name: str) -> Words:
        words = [piece for w in self.rules.tokenizer(name).lcut(name) if strip_punct(w) for piece in self._split(w)]
        out: list[str] = []
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                canonical = self.canonical.get("".join(words[i:j]))
                if canonical is not None:
                    out.append(canonical)
                    i = j
                    break
            else:
                if words[i] not in self.cut:
                    out.append(words[i])
                i += 1
        return tuple(out)

    def _split(self, word: str) -> list[str]:
        """A word that opens or ends with a framing word, in pieces (全省生产总值: 全省, 生产总值), so
        that the framing is cut and the rest read as a name; other words whole (数字经济)."""
        if word in self.canonical or word in self.cut:
            return [word]
        for cut in self._longest_first:
            if word.startswith(cut) and len(word) > len(cut):
                return [cut, *self._split(word[len(cut) :])]
            if word.endswith(cut) and len(word) > len(cut):
                return [*self._split(word[: -len(cut)]), cut]
        return [word]

    @cached_property
    def _longest_first(self) -> list[str]:
        return sorted(self.cut, key=lambda w: (-len(w), w))

    def same(self, a: str, b: str) -> bool:
        """Whether two names are the same name once read (生产总值 and 经济增长预期目标 are)."""
        return self.words(a) == self.words(b)

    def similarity(self, a: Words, b: Words) -> float:
        """How alike two names are, given as their words: the character F1 of the names, or 0
        when they measure different things (`distinct`)."""
        return 0.0 if self.distinct(a, b) else char_f1("".join(a), "".join(b))

    def distinct(self, a: Words, b: Words) -> bool:
        """Whether two names measure different things however alike they are: they hold
        different words of one group of `kinds.contrasts`, or their heads share no character."""
        joined_a, joined_b = "".join(a), "".join(b)
        for group in self.rules.kinds.contrasts:
            in_a = {w for w in group if w in joined_a}
            in_b = {w for w in group if w in joined_b}
            if in_a and in_b and not in_a & in_b:
                return True
        return not set(self._head(joined_a)) & set(self._head(joined_b))

    def _head(self, name: str) -> str:
        """The last two characters of a name once what is said of the thing measured (`kinds.head_tails`,
        改造, 全面完成, and the name verbs, 增长) is left off its end: 零售 of 社会消费品零售总额."""
        return self._tails.sub("", name)[-2:] or name[-2:]

    @cached_property
    def _tails(self) -> re.Pattern[str]:
        kinds = self.rules.kinds
        tails = sorted({*kinds.head_tails, *kinds.name_verbs}, key=lambda w: (-len(w), w))
        return re.compile("(?:" + "|".join(map(re.escape, tails)) + ")+$")


def same_region(a: str | None, b: str | None, rules: Rules) -> bool:
    """Whether two regions are one place: the same name, or one the other with the regions above
    it (保定市清苑区 and 清苑区; not 高唐县 and 唐县). An unknown region is no evidence either way."""
    if a is None or b is None or a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return longer.endswith(shorter) and rules.derived(_regions_above).fullmatch(longer[: -len(shorter)]) is not None


def _regions_above(rules: Rules) -> re.Pattern[str]:
    """One or more names of regions in a row (河北省保定市), each ending with a region unit."""
    units = "|".join(map(re.escape, sorted(rules.headings.region_units, key=lambda u: (-len(u), u))))
    return re.compile(f"(?:[^\\s]+?(?:{units}))+")


def naming(rules: Rules) -> Naming:
    """Names as plans write them: `kinds.restate_cut` cut, `kinds.synonyms` read as one."""
    return Naming(rules, frozenset(rules.kinds.restate_cut), _canonical(rules.kinds.synonyms))


def result_naming(rules: Rules) -> Naming:
    """Names of targets and of the results that report on them: also `track.result_cut` cut (how
    results are worded: 平均, 上涨) and `track.synonyms` joined to the synonyms (a group sharing a
    name with one there extends it)."""
    groups = [list(g) for g in rules.kinds.synonyms]
    for extra in rules.track.synonyms:
        group = next((g for g in groups if set(g) & set(extra)), None)
        if group is None:
            groups.append(list(extra))
        else:
            group.extend(w for w in extra if w not in group)
    return Naming(rules, frozenset([*rules.kinds.restate_cut, *rules.track.result_cut]), _canonical(groups))


def _canonical(groups: list[list[str]]) -> dict[str, str]:
    return {w: group[0] for group in groups for w in group}

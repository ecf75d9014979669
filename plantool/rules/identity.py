"""How alike two indicator names are: the measure eval scores with and restatements use."""

from __future__ import annotations

import re
from collections import Counter

# What score.py leaves out before comparing characters: spaces and punctuation.
_PUNCT = re.compile(r"[\s\u3000，。、；：,.;:“”\"'（）()《》·—\-]")


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


def indicator_key(indicator: str, cut: list[str], synonyms: list[list[str]]) -> str:
    """An indicator with framing words cut (预期目标) and synonyms read as the first of their group."""
    for word in cut:
        indicator = indicator.replace(word, "")
    for group in synonyms:
        for word in sorted(group[1:], key=len, reverse=True):
            if word in indicator:
                return indicator.replace(word, group[0])
    return indicator

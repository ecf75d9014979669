"""patterns: what a regex's parsed form tells, and that running a rule faster changes no match."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from plantool.rules.patterns import reach_past_match, scanning


def _patterns_in(value: object) -> typing.Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _patterns_in(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _patterns_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item)


def test_scanning_patterns_find_what_the_rules_find(rules, shared: Path) -> None:
    """Every rule regex led by its first characters matches exactly where it did, over real reports."""
    from plantool.pipeline.quantities import _patterns

    patterns = [p for f in dataclasses.fields(rules) for p in _patterns_in(getattr(rules, f.name))]
    patterns += [rules.derived(_patterns).quantity, rules.derived(_patterns).percent_words]
    text = "\n".join(
        (shared / name).read_text(encoding="utf-8")
        for name in ("corpus/national/2025.txt", "corpus/provincial-2026/广东省.txt", "corpus/national/1955.txt")
    )
    led = 0
    for pattern in patterns:
        fast = scanning(pattern)
        led += fast is not pattern
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in pattern.finditer(text)], pattern.pattern
    assert led > len(patterns) / 2


@pytest.mark.parametrize(
    ("pattern", "led"),
    [
        (r"\d+年", r"(?=[\d])"), (r"(?:(?P<lo>\d+)至)?(?P<num>\d+)个", r"(?=[\d])"), (r"a*b", "(?=[ab])"),
        (r"(?<![一])一(?!二)", "(?=[一])"), (r"届\d+次|\d+次", r"(?=[\d届])"),
        (r"a*", None), (r".x", None), (r"[^a]b", None), (r"\w+x", None), (r"(?x) a b", None), (r"(?i)ab", None),
        (r"第\d+", None),
    ],
)  # fmt: skip
def test_scanning_leads_with_first_characters_only_when_they_are_known(pattern: str, led: str | None) -> None:
    compiled = re.compile(pattern)
    fast = scanning(compiled)
    assert fast.pattern.startswith(led) if led else fast is compiled


def test_catastrophic_shapes_are_told_from_safe_ones() -> None:
    from plantool.rules.patterns import nested_unbounded

    assert nested_unbounded(r"(a+)+$") and nested_unbounded(r"(\w+\s?)+")
    assert not nested_unbounded(r"\d+(?:\s*[+×]\s*\d+)*") and not nested_unbounded(r"(?:x*y)*z")


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [
        (r"第\d+", 0), (r"(?<![一])一(?![二三])", 1), (r"\d+(?=年\d月)", 3), (r"x$", 1), (r"[一二]+期|\d+号", 0),
        (r"“[^”]*”", None), (r"\d+\s*[+]\d+", None), (r"a.b", None), (r"x(?=.*y)", None), (r"a*", None), (r"。x", None),
    ],
)  # fmt: skip
def test_reach_past_match_only_for_patterns_that_keep_within_a_sentence(pattern: str, reach: int | None) -> None:
    assert reach_past_match(re.compile(pattern), "。；\n") == reach

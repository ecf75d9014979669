"""What a regular expression's parsed form tells before it runs: whether it can take
exponential time, which characters its matches start with, whether its matches stay within
a sentence. Rules use these to refuse dangerous patterns and to run the others faster."""

from __future__ import annotations

import re
import sys
from typing import Any

# The regex parser: re._parser from Python 3.11 on, sre_parse before (the same module, renamed);
# its parsed forms are read as plain tuples here.
if sys.version_info >= (3, 11):
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser
_parser: Any = _sre_parser
_constants: Any = _sre_constants


def nested_unbounded(pattern: str) -> bool:
    """Whether an unbounded repeat holds, with nothing mandatory beside it, another unbounded
    repeat: (a+)+, (\\w+\\s?)+, the shapes of catastrophic backtracking. A mandatory character
    between them ((?:\\s*\\+\\d+)*) keeps the matching unambiguous enough."""
    return _nested(_parser.parse(pattern))


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_MAXREPEAT = _constants.MAXREPEAT


def _nested(parsed: Any) -> bool:
    for op, arg in parsed:
        name = str(op)
        if name in _REPEATS:
            body = arg[2]
            if arg[1] == _MAXREPEAT and _has_unbounded(body) and not _has_mandatory(body):
                return True
            if _nested(body):
                return True
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            if _nested(arg[-1]):
                return True
        elif name == "BRANCH" and any(_nested(b) for b in arg[1]):
            return True
    return False


def _has_unbounded(parsed: Any) -> bool:
    for op, arg in parsed:
        name = str(op)
        if name in _REPEATS and arg[1] == _MAXREPEAT or any(_has_unbounded(p) for p in _inner(name, arg)):
            return True
    return False


def _inner(name: str, arg: Any) -> list[Any]:
    """The sequences inside a group, an alternation or a repeat; none for other nodes."""
    if name in ("SUBPATTERN", "ATOMIC_GROUP"):
        return [arg[-1]]
    if name == "BRANCH":
        return list(arg[1])
    return [arg[2]] if name in _REPEATS else []


def _has_mandatory(parsed: Any) -> bool:
    """Whether every match of this sequence must take some character outside a repeat."""
    for op, arg in parsed:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY"):
            return True
        if name in _REPEATS and arg[0] > 0 and arg[1] != _MAXREPEAT and _has_mandatory(arg[2]):
            return True
        if name in ("SUBPATTERN", "ATOMIC_GROUP") and _has_mandatory(arg[-1]):
            return True
        if name == "BRANCH" and all(_has_mandatory(b) for b in arg[1]):
            return True
    return False


def scanning(pattern: re.Pattern[str] | str) -> re.Pattern[str]:
    """A pattern (or a pattern's source, compiled here) made faster to run over a whole
    report: led by a lookahead of the characters a match can start with, which lets the regex
    engine skip every other position instead of trying the whole pattern there (3x for the
    quantity pattern). Patterns whose first character cannot be told (a match may start with
    anything, or be empty), or that start with a plain character, stay as they are."""
    source, flags = (pattern, 0) if isinstance(pattern, str) else (pattern.pattern, pattern.flags)
    parsed = _parser.parse(source, flags)
    first, empty = _first_characters(parsed)
    plain = flags & re.IGNORECASE or (parsed and str(parsed[0][0]) == "LITERAL")  # already searched for fast
    if not (plain or first is None or empty):
        try:
            return re.compile(f"(?=[{''.join(sorted(first))}])(?:{source})", flags)
        except re.error:  # an inline global flag, (?x), must stay first
            pass
    return re.compile(source, flags) if isinstance(pattern, str) else pattern


def _first_characters(parsed: Any) -> tuple[set[str] | None, bool]:
    """The characters (as class items: a, a-z) a match of this sequence can start with, None
    if any; and whether the match can be empty, so that what follows can start it too."""
    first: set[str] = set()
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            return first | {re.escape(chr(arg))}, False
        if name == "IN":
            items = _class_items(arg)
            return (None, False) if items is None else (first | items, False)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width: what follows starts the match
        if name == "SUBPATTERN":
            chars, empty = _first_characters(arg[-1])
        elif name == "BRANCH":
            branches = [_first_characters(b) for b in arg[1]]
            if any(c is None for c, _ in branches):
                return None, False
            chars = set().union(*(c for c, _ in branches if c is not None))
            empty = any(e for _, e in branches)
        elif name in _REPEATS:
            chars, empty = _first_characters(arg[2])
            empty = empty or arg[0] == 0
        else:
            return None, False
        if chars is None:
            return None, False
        first |= chars
        if not empty:
            return first, False
    return first, True


def _class_items(items: Any) -> set[str] | None:
    """A character class as items of a new one; None for negated classes and categories (\\w)."""
    out = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.add(re.escape(chr(arg)))
        elif name == "RANGE":
            out.add(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif name == "CATEGORY" and str(arg) == "CATEGORY_DIGIT":
            out.add(r"\d")
        else:
            return None
    return out


def class_characters(pattern: re.Pattern[str]) -> str | None:
    """The characters of a pattern that is one class of plain characters ([。；\\n]); else None."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if len(parsed) != 1:
        return None
    op, arg = parsed[0]
    if str(op) == "LITERAL":
        return chr(arg)
    if str(op) == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
        return "".join(chr(a) for _, a in arg)
    return None


def reach_past_match(pattern: re.Pattern[str], separators: str) -> int | None:
    """How many characters past the end of a match its lookarounds may read, for a pattern
    that never takes one of `separators` and never matches empty: such a pattern can be run
    over each stretch between separators alone (reading that many more). None otherwise."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0:
        return None
    return _reach(parsed, set(separators))


def _reach(parsed: Any, separators: set[str]) -> int | None:
    reach = 0
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            if chr(arg) in separators:
                return None
        elif name == "IN":
            if _class_may_take(arg, separators):
                return None
        elif name == "AT":
            reach = max(reach, 1)  # $ and \\b look at the next character
        elif name in ("ASSERT", "ASSERT_NOT"):
            direction, body = arg
            if direction == 1:  # a lookahead reads past; a lookbehind reads before, as a stretch's scan can
                if any(str(o) in ("ASSERT", "ASSERT_NOT") for o, _ in body) or body.getwidth()[1] >= _MAXREPEAT:
                    return None
                reach = max(reach, body.getwidth()[1])
        else:
            parts = _inner(name, arg)
            if not parts:  # any character (.), a back reference…: cannot tell
                return None
            for part in parts:
                inner = _reach(part, separators)
                if inner is None:
                    return None
                reach = max(reach, inner)
    return reach


def _class_may_take(items: Any, separators: set[str]) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and chr(arg) in separators:
            return True
        if name == "RANGE" and any(arg[0] <= ord(c) <= arg[1] for c in separators):
            return True
        if name == "CATEGORY":
            probe = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}.get(str(arg))
            if probe is None or any(re.fullmatch(probe, c) for c in separators):
                return True
        if name not in ("LITERAL", "RANGE", "CATEGORY"):  # a negated class (NEGATE) may take anything
            return True
    return False


def required_strings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` holds (the rarest such set the parsed form
    shows: 圈 of …分钟…圈, 落实|贯彻|执行), so that a stretch holding none of them need not be
    searched; None where nothing is required or it cannot be told (lookarounds are not read)."""
    found = _required(_parser.parse(pattern.pattern, pattern.flags))
    return tuple(sorted(found)) if found else None


def _required(parsed: Any) -> set[str] | None:
    """The best set of strings one of which every match of this sequence holds."""
    candidates: list[set[str]] = []
    run = ""
    for op, arg in [*parsed, (None, None)]:
        name = str(op)
        if name == "LITERAL":
            run += chr(arg)
            continue
        if run:
            candidates.append({run})
            run = ""
        if name == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
            candidates.append({chr(a) for _, a in arg})
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            inner = _required(arg[-1])
            if inner:
                candidates.append(inner)
        elif name == "BRANCH":
            branches = [_required(b) for b in arg[1]]
            if all(branches):
                candidates.append(set().union(*(b for b in branches if b)))
        elif name in _REPEATS and arg[0] > 0:
            inner = _required(arg[2])
            if inner:
                candidates.append(inner)
    # the rarest: the longest shortest string, then the fewest strings
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)), default=None)

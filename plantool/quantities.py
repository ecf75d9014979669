"""Quantities: numbers with their units in the normalized text, as exact values.

One compiled pattern per rule set finds a number (Arabic, Chinese or mixed), its
magnitude (万, 亿), unit and any comparator word around it; ranges (5%—5.5%, 3至5个),
百分之五 and fractions (三分之一) become percent. cn2an converts only the numeral; the
magnitude is applied here, exactly, with Decimal. Numbers that are names, grades, codes,
dates and idioms (the exclusion rules) or stand in a short quotation are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from plantool.rules import Comparator, Rules, alternation

Number = int | float


@dataclass(frozen=True)
class Quantity:
    """A number with its unit; offsets are into the normalized text."""

    start: int  # first character of the number (of the lower bound, for a range)
    end: int  # just past the unit and any comparator word after it
    value: Number | None
    low: Number | None
    high: Number | None
    unit: str
    family: str
    comparator: Comparator
    before_word: str  # a comparator word right before the number, part of the clause text
    spelled: bool = False  # written in Chinese numerals (三所), not digits

    @property
    def number(self) -> Number:
        """One number to compare with: the value, or the upper bound of a range."""
        number = self.value if self.value is not None else self.high
        assert number is not None  # a quantity has a value or a range's bounds
        return number


@dataclass(frozen=True)
class _Patterns:
    quantity: re.Pattern[str]
    percent_words: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]


@lru_cache(maxsize=8)
def _patterns(rules: Rules) -> _Patterns:
    n = rules.numerals
    # 1万2千: digits with 万/亿 inside and more digits after (a trailing 万 is a magnitude)
    arabic = r"(?<![\dA-Za-z.])\d+(?:\.\d+)?(?:[万亿]\d+[千百十]?)*"
    body = re.escape(n.chinese_body)
    # 一万二千: 万 or 亿 inside a Chinese numeral, with more of it after; at its end they are magnitudes
    chinese = rf"(?<![{body}])[{re.escape(n.chinese_start)}][{body}]*(?:[万亿][{body}]+)*"
    num = rf"(?:{arabic}|{chinese})"
    mag = alternation(list(n.magnitudes))
    breakers = alternation(rules.units.word_breakers) if rules.units.word_breakers else "(?!)"
    unit = rf"(?!{breakers})(?:{alternation([u.surface for u in rules.units.units])})"
    denominator = alternation(rules.units.denominators)
    seps = alternation(n.range_separators)
    more = alternation(n.more_than) if n.more_than else "(?!)"
    quantity = (
        rf"(?:(?P<lo>{num})(?P<lomag>{mag})?(?P<lounit>{unit})?\s*(?:{seps})\s*)?"
        rf"(?P<num>{num})(?P<mag>{mag})?(?P<more>{more})?[ ]?(?P<unit>{unit})(?:/(?P<den>{denominator}))?"
    )
    percent_words = rf"百分之(?P<pct>{num})|{n.fraction_pattern.pattern}" + (
        rf"|(?P<word>{alternation(list(n.fraction_words))})" if n.fraction_words else ""
    )
    c = rules.comparators
    return _Patterns(
        quantity=re.compile(quantity),
        percent_words=re.compile(percent_words),
        before=re.compile(rf"(?:{alternation(list(c.before))})[ \t]*$"),  # 控制在 3.3%: a space may stand between
        after=re.compile(alternation(list(c.after))),
    )


# Plans count in 万亿 at most: a numeral of more digits than this is a code or noise, not a quantity
# (and could not be written as a JSON number a spreadsheet reads).
MAX_DIGITS = 15


def to_number(numeral: str, factor: int = 1) -> Number | None:
    """An Arabic or Chinese numeral times a magnitude, exactly; None if it is no number."""
    if sum(ch.isdigit() for ch in numeral) > MAX_DIGITS:
        return None
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
            exact = Decimal(numeral)
        else:
            import cn2an  # only for Chinese numerals; its import is slow

            exact = Decimal(str(cn2an.cn2an(numeral, "smart")))
        return _plain(exact * factor)
    except (ValueError, InvalidOperation, KeyError, IndexError, TypeError, ArithmeticError):
        return None


def _plain(exact: Decimal) -> Number:
    """An exact number as JSON writes it: whole numbers as integers, others to 6 places."""
    rounded = round(exact, 6)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def excluded_spans(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of names, codes, dates, idioms and short quotations, where no number is a quantity."""
    ex = rules.exclusions
    spans = [m.span() for p in ex.patterns for m in p.pattern.finditer(text)]
    for pair in ex.quote_pairs:
        o, c = (re.escape(ch) for ch in pair)
        quoted = re.compile(rf"{o}[^{o}{c}\n]{{0,{ex.quoted_name_max_length}}}{c}")
        spans.extend(m.span() for m in quoted.finditer(text))
    return sorted(spans)


def excluded_mask(text: str, rules: Rules) -> bytearray:
    """One byte per character: 1 where a number would be part of a name, code, date or idiom."""
    mask = bytearray(len(text))
    for s, e in excluded_spans(text, rules):
        mask[s:e] = b"\x01" * (e - s)
    return mask


def find_quantities(text: str, rules: Rules) -> list[Quantity]:
    """Every quantity in `text`, in order, names and idioms left out."""
    pats = _patterns(rules)
    magnitudes = rules.numerals.magnitudes
    units = rules.units.by_surface
    excluded = excluded_mask(text, rules)
    found: list[Quantity] = []
    for m in pats.quantity.finditer(text):
        start = m.start("lo") if m.group("lo") else m.start("num")
        if any(excluded[start : m.end("num")]):
            continue
        unit = units[m.group("unit")]
        unit_name = unit.unit + (f"/{m.group('den')}" if m.group("den") else "")
        factor = magnitudes.get(m.group("mag") or "", 1)
        high = to_number(m.group("num"), factor)
        if high is None:
            continue
        end, comparator = _after(text, m.end(), rules, pats)
        if m.group("more"):
            comparator = comparator or "ge"
        before = pats.before.search(text, max(0, start - 8), start)
        before_word = before.group(0) if before else ""
        if m.group("lo"):
            lounit = m.group("lounit")
            if lounit and units[lounit].unit != unit.unit:
                continue
            # a bound written without magnitude shares the other's (1.2—1.5万亿)
            low_factor = magnitudes[m.group("lomag")] if m.group("lomag") else factor
            low = to_number(m.group("lo"), low_factor)
            if low is None or low > high:
                continue
            found.append(Quantity(start, end, None, low, high, unit_name, unit.family, "range", before_word))
            continue
        if not comparator and before_word:
            comparator = rules.comparators.before[before_word.strip()]
        spelled = not m.group("num")[0].isdigit()
        found.append(
            Quantity(start, end, high, None, None, unit_name, unit.family, comparator or "eq", before_word, spelled)
        )
    found.extend(_percent_words(text, rules, pats, excluded))
    found.sort(key=lambda q: (q.start, q.end))
    return _drop_nested(found)


def _after(text: str, pos: int, rules: Rules, pats: _Patterns) -> tuple[int, Comparator | None]:
    """Where a quantity ends, and the comparator a word right after it gives (以上, 左右)."""
    m = pats.after.match(text, pos)
    return (m.end(), rules.comparators.after[m.group(0)]) if m else (pos, None)


def _percent_words(text: str, rules: Rules, pats: _Patterns, excluded: bytearray) -> list[Quantity]:
    out = []
    for m in pats.percent_words.finditer(text):
        if any(excluded[m.start() : m.end()]):
            continue
        if m.group("pct"):
            value = to_number(m.group("pct"))
        elif m.group("word"):
            value = _plain(Decimal(str(rules.numerals.fraction_words[m.group("word")])))
        else:
            num, den = to_number(m.group("num")), to_number(m.group("den"))
            value = _plain(Decimal(num) / Decimal(den) * 100) if num is not None and den else None
        if value is None:
            continue
        end, comparator = _after(text, m.end(), rules, pats)
        before = pats.before.search(text, max(0, m.start() - 8), m.start())
        before_word = before.group(0) if before else ""
        comparator = comparator or rules.comparators.before.get(before_word.strip())
        out.append(Quantity(m.start(), end, value, None, None, "%", "percent", comparator or "eq", before_word))
    return out


def _drop_nested(found: list[Quantity]) -> list[Quantity]:
    """Keep the first of overlapping matches (百分之五 inside 百分之五十 cannot both stand)."""
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out

"""Quantities: numbers with their units in the normalized text, as exact values.

One compiled pattern per rule set finds a number (Arabic, Chinese or mixed), its
magnitude (万, 亿), unit and any comparator word around it; ranges (5%—5.5%, 3至5个),
百分之五 and fractions (三分之一) become percent. Values are exact (Decimal): digits, Chinese
numerals read by their place values from the numeral rules, magnitudes applied after. Numbers
that are names, grades, codes, dates and idioms (the exclusion rules) or stand in a short
quotation are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from plantool.errors import PlantoolError
from plantool.model import Comparator
from plantool.rules import NumeralRules, Rules, Unit, alternation
from plantool.rules.patterns import class_characters, reach_past_match, required_strings, scanning

Number = int | float


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit; offsets are into the normalized text. Slotted: a report holds one
    for every few sentences, and a dict each would triple their size."""

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
    counted: re.Pattern[str]  # 贫困人口800万: a number with a magnitude after the people it counts
    listed_bare: re.Pattern[str]  # 1.28万亿、: a bare magnitude listed right before the quantity it ends at
    before: re.Pattern[str]
    after: re.Pattern[str]
    # the exclusion rules and the short quotations, each with how far past a match it reads when
    # it can be run over the sentences around numbers alone (None: it must see the whole text),
    # and a few strings one of which each match holds, if the pattern shows them
    exclusions: list[tuple[re.Pattern[str], int | None, re.Pattern[str] | None]]
    sentence_ends: str  # the characters that end a sentence, if the rule is one class of them


def _patterns(rules: Rules) -> _Patterns:
    n = rules.numerals
    # 1万2千: digits with 万/亿 inside and more digits after (a trailing 万 is a magnitude)
    groups, places = re.escape("".join(n.group_units)), re.escape("".join(n.place_units))
    arabic = rf"(?<![\dA-Za-z.])\d+(?:\.\d+)?(?:[{groups}]\d+[{places}]?)*"
    body = re.escape(n.chinese_body)
    # 一万二千: 万 or 亿 inside a Chinese numeral, with more of it after; at its end they are magnitudes
    chinese = rf"(?<![{body}])[{re.escape(n.chinese_start)}][{body}]*(?:[{groups}][{body}]+)*"
    num = rf"(?:{arabic}|{chinese})"
    mag = alternation(list(n.magnitudes))
    breakers = alternation(rules.units.word_breakers) if rules.units.word_breakers else "(?!)"
    unit = rf"(?!{breakers})(?:{alternation([u.surface for u in rules.units.units])})"
    denominator = alternation(rules.units.denominators)
    seps = alternation(n.range_separators)
    more = alternation(n.more_than) if n.more_than else "(?!)"
    quantity = (
        rf"(?:(?P<lo>{num})(?P<lomag>{mag})?(?P<lounit>{unit})?\s*(?:{seps})\s*)?"
        rf"(?P<num>{num})(?P<more_before>{more})?(?P<mag>{mag})?(?P<more>{more})?[ ]?(?:(?P<unit>{unit})(?:/(?P<den>{denominator}))?"
        # only after a magnitude that ends the number: 五百万人才, not 三百六十行人才
        rf"|(?(mag)(?![{body}])(?={rules.units.implied.before.pattern})|(?!)))"
    )
    # 百分之七至八 (and 百分之七至百分之八) is a range of percents; 百分之七 one percent
    percent_range = rf"百分之(?P<plo>{num})\s*(?:{seps})\s*(?:百分之)?(?P<phi>{num})"
    percent_words = rf"{percent_range}|百分之(?P<pct>{num})|{n.fraction_pattern.pattern}" + (
        rf"|(?P<word>{alternation(list(n.fraction_words))})" if n.fraction_words else ""
    )
    c = rules.comparators
    ex = rules.exclusions
    ends = class_characters(rules.strength.sentence_end)
    quoted = [
        rf"{o}[^{o}{e}\n]{{0,{ex.quoted_name_max_length}}}{e}"
        for o, e in (map(re.escape, pair) for pair in ex.quote_pairs)
    ]
    exclusions = [p.pattern for p in ex.patterns] + [re.compile(q) for q in quoted]
    return _Patterns(
        quantity=scanning(quantity),
        percent_words=scanning(percent_words),
        counted=scanning(
            # a unit written after it makes it an ordinary quantity, which takes the place of this one
            # (the naming word leads the match: a scan for it is faster than a lookbehind at every place)
            rf"(?:{alternation(rules.units.implied.after)})(?:{rules.units.implied.between.pattern})?"
            rf"(?P<num>{num})(?P<mag>{mag})(?P<more>{more})?"
        ),
        listed_bare=re.compile(rf"(?P<num>{arabic})(?P<mag>{mag})(?:{rules.kinds.list_separator.pattern})$"),
        before=re.compile(rf"(?:{alternation(list(c.before))})[ \t]*$"),  # 控制在 3.3%: a space may stand between
        after=re.compile(alternation(list(c.after))),
        exclusions=[(scanning(p), reach_past_match(p, ends) if ends else None, _holds(required_strings(p))) for p in exclusions],
        sentence_ends=ends or "",
    )


# How far before a number a unit's `after` words are looked for.
UNIT_CONTEXT = 24
# How far before a number of times the change verb that makes it a percent is looked for (增加了将近).
CHANGE_CONTEXT = 8

# Plans count in 万亿 at most: a numeral of more digits than this is a code or noise, not a quantity
# (and could not be written as a JSON number a spreadsheet reads).
MAX_DIGITS = 15


def to_number(numeral: str, numerals: NumeralRules, magnitude: str = "") -> Number | None:
    """A numeral (3.5, 三点五, 一万二千, 1万6千) times its magnitude word (亿), exactly; None if
    it is no number. A Chinese numeral is read with its magnitude as one (七百六十六亿四千 with 万
    is 766亿 and 4000万), so a group unit inside it scales only the places before it."""
    if sum(ch.isdigit() for ch in numeral) > MAX_DIGITS:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        return _plain(Decimal(numeral) * numerals.magnitudes.get(magnitude, 1))
    whole, point, decimals = numeral.partition(numerals.decimal_point)
    if point and not (decimals and set(decimals) <= set(numerals.digits)):
        return None
    if not point and set(magnitude) <= {*numerals.place_units, *numerals.group_units}:
        whole, magnitude = whole + magnitude, ""
    value = _chinese_whole(whole, numerals)
    if value is None:
        return None
    fraction = Decimal("0." + "".join(str(numerals.digits[ch]) for ch in decimals)) if point else Decimal(0)
    return _plain((value + fraction) * numerals.magnitudes.get(magnitude, 1))


def _chinese_whole(numeral: str, numerals: NumeralRules) -> int | None:
    """A whole Chinese (or mixed) numeral's value: 十五 15, 一百零五 105, 一万五 15000, 二〇二五
    2025, 1万6千 16000; None if it is malformed (一二十, 十百)."""
    parts = re.findall(r"\d+|.", numeral)
    if not parts:
        return None
    if all(p.isdigit() or p in numerals.digits for p in parts):  # digit by digit: 二〇二五
        if len(parts) > 1 and any(p.isdigit() for p in parts):
            return None
        return numerals.digit_by_digit(numeral)
    return _by_places(parts, numerals)


def _by_places(parts: list[str], numerals: NumeralRules) -> int | None:
    """Digit × place unit summed within a group, each group scaled by its group unit (万, 亿)."""
    total = group = 0
    top = 0  # the largest group unit so far: a larger one scales all before it (二万亿)
    place = 0  # the last place unit in this group: the next must be smaller (三百五十, not 十百)
    unit = 0  # the unit just before, if the last part was one
    short = 0  # the unit before a Chinese digit: 一万五 is 15000, 三百五 is 350
    digit: int | None = None
    for part in parts:
        if part.isdigit() or part in numerals.digits:
            if digit:  # two digits in a row, 一二十, say no number
                return None
            digit, short, unit = (int(part), 0, 0) if part.isdigit() else (numerals.digits[part], unit, 0)
        elif part in numerals.place_units:
            value = numerals.place_units[part]
            if place and value >= place:
                return None
            group += (digit or 1) * value  # 十五, 一千零十七: no digit, or 零, means one
            digit, place, unit = None, value, value
        elif part in numerals.group_units:
            value = numerals.group_units[part]
            if digit is None and group == total == 0:
                return None
            if value > top:
                total, top = (total + group + (digit or 0)) * value, value
            else:
                total += (group + (digit or 0)) * value
            group, digit, place, unit = 0, None, 0, value
        else:
            return None
    if digit and short >= 100:
        digit *= short // 10  # spoken short, the last digit stands one place below the unit
    return total + group + (digit or 0)


def _plain(exact: Decimal) -> Number:
    """An exact number as JSON writes it: whole numbers as integers, others to 6 places."""
    rounded = round(exact, 6)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def excluded_spans(text: str, rules: Rules, near: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of names, codes, dates, idioms and short quotations that touch the spans `near`
    (the numbers found), where no number is a quantity.

    An exclusion that never takes a sentence's end is run over the sentences that hold one of
    `near` only: it finds there just what it finds running over the whole text, at a fraction
    of the reading."""
    pats = rules.derived(_patterns)
    stretches = (
        _sentences_around(text, near, pats.sentence_ends, rules.strength.sentence_end) if pats.sentence_ends else None
    )
    spans: list[tuple[int, int]] = []
    for pattern, reach, required in pats.exclusions:
        if reach is None or stretches is None:
            spans.extend(m.span() for m in pattern.finditer(text))
            continue
        for start, end in stretches:
            if required is not None and not required.search(text, start, end):
                continue  # a match lies within its stretch and holds one of these
            for m in pattern.finditer(text, start, min(len(text), end + reach)):
                if m.start() >= end:
                    break
                spans.append(m.span())
    return sorted(spans)


def _holds(strings: tuple[str, ...] | None) -> re.Pattern[str] | None:
    """A search for any of `strings`, cheaper than the pattern that requires one of them."""
    return None if strings is None else re.compile(alternation(list(strings)))


def _sentences_around(
    text: str, near: list[tuple[int, int]], ends: str, sentence_end: re.Pattern[str]
) -> list[tuple[int, int]]:
    """The stretches of whole sentences (each with its end character) that hold the spans `near`;
    one stretch runs on over a short gap, which costs less to read than a scan to start. `ends`
    are the characters the `sentence_end` rule matches, one of which ends each sentence."""
    stretches: list[tuple[int, int]] = []
    for start, end in sorted(near):
        if stretches and start < stretches[-1][1] + _GAP_READ_THROUGH:
            if end > stretches[-1][1]:
                stretches[-1] = (stretches[-1][0], _sentence_end(text, end - 1, sentence_end))
            continue
        floor = stretches[-1][1] if stretches else 0
        opening = max(text.rfind(ch, floor, start) for ch in ends) + 1
        stretches.append((max(opening, floor), _sentence_end(text, max(start, end - 1), sentence_end)))
    return stretches


_GAP_READ_THROUGH = 80  # characters: starting a scan costs about as much as reading this many (measured)


def _sentence_end(text: str, pos: int, sentence_end: re.Pattern[str]) -> int:
    m = sentence_end.search(text, pos)
    return m.end() if m else len(text)


def excluded_mask(text: str, rules: Rules, near: list[tuple[int, int]]) -> bytearray:
    """One byte per character: 1 where a number in `near` would be part of a name, code, date or idiom."""
    mask = bytearray(len(text))
    for s, e in excluded_spans(text, rules, near):
        mask[s:e] = b"\x01" * (e - s)
    return mask


def find_quantities(text: str, rules: Rules) -> list[Quantity]:
    """Every quantity in `text`, in order, names and idioms left out."""
    pats = rules.derived(_patterns)
    numbers = [m for m in pats.quantity.finditer(text) if _unit_in_context(text, m, rules)]
    words = list(pats.percent_words.finditer(text))
    counted = list(pats.counted.finditer(text))
    excluded = excluded_mask(text, rules, [m.span() for m in numbers + words] + [m.span("num") for m in counted])
    found: list[Quantity] = []
    for m in numbers:
        start = _start(m)
        if any(excluded[start : m.end("num")]):
            continue
        unit, unit_name = _unit(m, rules)
        magnitude = m.group("mag") or ""
        high = to_number(m.group("num"), rules.numerals, magnitude)
        if high is None:
            continue
        more = bool(m.group("more") or m.group("more_before"))  # 3万余人, 8000余万元
        end, comparator, before_word = _around(text, start, m.end(), more, rules, pats)
        near = None if m.group("lo") else _neighbour(text, m, rules)
        if m.group("lo") or near is not None:
            low = _low(m, high, unit.unit, rules) if near is None else _plain(Decimal(str(high)) * near[1])
            if low is not None:
                start = start if near is None else near[0]
                found.append(Quantity(start, end, None, low, high, unit_name, unit.family, "range", before_word))
            continue
        spelled = not m.group("num")[0].isdigit()
        found.append(
            Quantity(start, end, high, None, None, unit_name, unit.family, comparator or "eq", before_word, spelled)
        )
    found = [_as_percent(text, q, rules) for q in found]
    found.extend(_percent_words(text, words, rules, pats, excluded))
    found.extend(_counted(text, counted, rules, pats, excluded))
    found.extend(_listed_bare(text, found, rules, pats, excluded))
    found.sort(key=lambda q: (q.start, -q.end))  # of two at one place, the longer
    return _drop_nested(found)


# How far before a quantity a bare magnitude listed with it is looked for (1.28万亿、): its number,
# magnitude and separator.
_BARE_REACH = 16


def _listed_bare(text: str, found: list[Quantity], rules: Rules, pats: _Patterns, excluded: bytearray) -> list[Quantity]:
    """分别达1.28万亿、1.18万亿、8200亿元: numbers with a magnitude and no unit, listed right before a
    quantity that has one, are in its unit too."""
    bare: list[Quantity] = []
    for q in found:
        pos = q.start
        while q.value is not None and (m := pats.listed_bare.search(text, max(0, pos - _BARE_REACH), pos)):
            value = to_number(m.group("num"), rules.numerals, m.group("mag"))
            if value is None or any(excluded[m.start() : m.end("num")]):
                break
            bare.append(Quantity(m.start(), m.end("mag"), value, None, None, q.unit, q.family, "eq", ""))
            pos = m.start()
    return bare


def unread_signs(text: str, rules: Rules) -> list[tuple[int, int, str]]:
    """Symbols glued to numbers that no unit reads (13.3_M_M_: `units.unread_sign`), where one token
    follows `units.unread_sign_min` numbers or more: a warning at its first, for a site's stand-in
    for a sign loses every target written with it."""
    u = rules.units
    seen: dict[str, list[tuple[int, int]]] = {}
    for m in u.unread_sign.finditer(text):
        if m.start() and text[m.start() - 1].isdigit():
            seen.setdefault(m.group(0), []).append(m.span())
    why = (
        "{n} numbers are followed by “{token}”, which no unit reads: if it stands for a sign, their targets "
        "are missed (an overlay's normalize `stand_ins` can read it)"
    )
    return [
        (spans[0][0], spans[0][1], why.format(n=len(spans), token=token))
        for token, spans in seen.items()
        if len(spans) >= u.unread_sign_min
    ]


def _neighbour(text: str, m: re.Match[str], rules: Rules) -> tuple[int, Decimal] | None:
    """二、三十亿斤: where a digit joined to the number by `numerals.neighbour_separator` starts, and
    the low bound's share of the high one (2/3), where that digit is the one before the number's first."""
    n = rules.numerals
    sep = n.neighbour_separator
    at = m.start("num") - len(sep) - 1
    if not sep or at < 0 or not text.startswith(sep, at + 1) or at and text[at - 1] in n.chinese_body:
        return None  # not 十二、三十: a numeral of more places
    first, second = n.digits.get(text[at]), n.digits.get(m.group("num")[0])
    if first is None or second is None or second != first + 1 or not 1 <= first <= 8:
        return None
    return at, Decimal(first) / Decimal(second)


def _low(m: re.Match[str], high: Number, unit: str, rules: Rules) -> Number | None:
    """The low bound of a range match with `high`, or None where it is no range: a bound in
    another unit, or above the high one."""
    lounit = m.group("lounit")
    if lounit and rules.units.by_surface[lounit].unit != unit:
        return None
    # a bound written without magnitude shares the other's (1.2—1.5万亿)
    low = to_number(m.group("lo"), rules.numerals, m.group("lomag") or m.group("mag") or "")
    return None if low is None or low > high else low


def _as_percent(text: str, q: Quantity, rules: Rules) -> Quantity:
    """增长1.2倍 as the change in percent it is (120%): `units.times_as_percent`."""
    times = rules.units.times_as_percent
    if times is None or q.unit != times.unit or not times.before.search(text, max(0, q.start - CHANGE_CONTEXT), q.start):
        return q
    percent = rules.units.by_surface["%"]

    def scaled(n: Number | None) -> Number | None:
        return None if n is None else _plain(Decimal(str(n)) * 100)

    return replace(q, value=scaled(q.value), low=scaled(q.low), high=scaled(q.high), unit=percent.unit, family=percent.family)


def _unit_in_context(text: str, m: re.Match[str], rules: Rules) -> bool:
    """Whether a quantity's unit may stand where it does: 10.5年 of 受教育年限, not the 3年 of 用3年时间
    (`units[].after`). Asked before anything else is read of it: most years are no quantity."""
    after = _unit(m, rules)[0].after
    return after is None or after.search(text, max(0, _start(m) - UNIT_CONTEXT), _start(m)) is not None


def _start(m: re.Match[str]) -> int:
    """Where a quantity match starts: at its low bound, if it is a range."""
    return m.start("lo") if m.group("lo") else m.start("num")


def _unit(m: re.Match[str], rules: Rules) -> tuple[Unit, str]:
    """A quantity's unit (the implied one where none is written: 1亿农业转移人口) and its name, with
    the denominator of a compound unit (万元/人)."""
    unit = rules.units.by_surface[m.group("unit") or rules.units.implied.unit]
    return unit, unit.unit + (f"/{m.group('den')}" if m.group("den") else "")


def _around(
    text: str, start: int, end: int, more: bool, rules: Rules, pats: _Patterns
) -> tuple[int, Comparator | None, str]:
    """Where a quantity found at [start, end) ends, its comparator and the comparator word right
    before it (不低于 5%): a word after it wins (以上, 左右), then 多/余 written in it (ge), then the
    word before."""
    end, after = _after(text, end, rules, pats)
    near = max(0, start - 8)
    before = pats.before.search(text, near, start)
    if before and rules.comparators.word_endings.search(text, near, before.end()):
        before = None  # 节约10%: 约 ends another word
    word = before.group(0) if before else ""
    return end, after or ("ge" if more else None) or rules.comparators.before.get(word.strip()), word


def _after(text: str, pos: int, rules: Rules, pats: _Patterns) -> tuple[int, Comparator | None]:
    """Where a quantity ends (past a note on its unit: 15万套（间）), and the comparator a word
    right after it gives (以上, 左右)."""
    note = rules.units.unit_note.match(text, pos)
    pos = note.end() if note else pos
    m = pats.after.match(text, pos)
    if m is None or rules.comparators.word_openings.match(text, pos):
        return pos, None  # 2座多功能书院: 多 opens the next word
    return m.end(), rules.comparators.after[m.group(0)]


def _percent_words(
    text: str, words: list[re.Match[str]], rules: Rules, pats: _Patterns, excluded: bytearray
) -> list[Quantity]:
    out = []
    for m in words:
        if any(excluded[m.start() : m.end()]):
            continue
        if m.group("plo"):
            ranged = _percent_range(text, m, rules, pats)
            out.extend([ranged] if ranged else [])
            continue
        if m.group("pct"):
            value = to_number(m.group("pct"), rules.numerals)
        elif m.group("word"):
            value = _plain(Decimal(str(rules.numerals.fraction_words[m.group("word")])))
        else:
            num, den = to_number(m.group("num"), rules.numerals), to_number(m.group("den"), rules.numerals)
            value = _plain(Decimal(num) / Decimal(den) * 100) if num is not None and den else None
        if value is None:
            continue
        end, comparator, before_word = _around(text, m.start(), m.end(), False, rules, pats)
        out.append(Quantity(m.start(), end, value, None, None, "%", "percent", comparator or "eq", before_word))
    return out


def _counted(
    text: str, counted: list[re.Match[str]], rules: Rules, pats: _Patterns, excluded: bytearray
) -> list[Quantity]:
    """贫困人口800万以上: people counted with a magnitude and no unit, after the word that names them."""
    unit = rules.units.by_surface[rules.units.implied.unit]
    out = []
    for m in counted:
        start = m.start("num")
        value = to_number(m.group("num"), rules.numerals, m.group("mag"))
        if value is None or any(excluded[start : m.end()]):
            continue
        end, comparator, before_word = _around(text, start, m.end(), bool(m.group("more")), rules, pats)
        out.append(Quantity(start, end, value, None, None, unit.unit, unit.family, comparator or "eq", before_word))
    return out


def _percent_range(text: str, m: re.Match[str], rules: Rules, pats: _Patterns) -> Quantity | None:
    """百分之七至八: a range of percents, its bounds in order."""
    low, high = to_number(m.group("plo"), rules.numerals), to_number(m.group("phi"), rules.numerals)
    if low is None or high is None or low >= high:
        return None
    end, _, before_word = _around(text, m.start(), m.end(), False, rules, pats)
    return Quantity(m.start(), end, None, low, high, "%", "percent", "range", before_word)


def _drop_nested(found: list[Quantity]) -> list[Quantity]:
    """Keep the first of overlapping matches (百分之五 inside 百分之五十 cannot both stand)."""
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out


def read_amount(text: str, rules: Rules) -> tuple[Number, str | None]:
    """A number a person typed, read as the reports' numbers are: 1万亿 (10^12), 3.5亿元
    (350000000, 元), 5% (5, %), 一千 (1000). The value in base units, and the base unit if one is
    written; a PlantoolError names what cannot be read."""
    written = text.strip()
    found = find_quantities(written, rules)
    if len(found) == 1 and (found[0].start, found[0].end) == (0, len(written)) and found[0].value is not None:
        return found[0].value, found[0].unit
    magnitudes = alternation(list(rules.numerals.magnitudes))
    bare = re.fullmatch(rf"(?P<sign>[-+]?)(?P<numeral>[^\s]+?)(?P<magnitude>{magnitudes})?", written)
    value = None if bare is None else to_number(bare.group("numeral"), rules.numerals, bare.group("magnitude") or "")
    if bare is None or value is None:
        raise PlantoolError(f"{text!r}: not a number (write 5, 1.5万, 3.5亿元 or 5%)")
    return (-value if bare.group("sign") == "-" else value), None


def read_unit(text: str, rules: Rules) -> str:
    """A unit a person typed, as the targets carry it: a unit as written (名 is 人), with a
    magnitude before it (亿元 is 元), a base unit or a unit family (money); else a PlantoolError
    listing the families."""
    units = rules.units
    families = sorted({u.family for u in units.units})
    if text in families or text in {u.unit for u in units.units}:
        return text
    for magnitude in ["", *sorted(rules.numerals.magnitudes, key=len, reverse=True)]:
        if text.startswith(magnitude) and text[len(magnitude) :] in units.by_surface:
            return units.by_surface[text[len(magnitude) :]].unit
    raise PlantoolError(f"{text!r}: no unit of the rules; give a unit (%, 元, 亿元, 人…) or a family ({', '.join(families)})")

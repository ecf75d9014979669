"""Indicators: the words around a quantity -> what it measures, and the verbs that say its kind.

The words before a quantity (or, for 新建200个智能车间, after it) are segmented by the rule set's
tokenizer and trimmed at word boundaries: fillers, strength and comparator words and verbs come
off both ends, and the verbs trimmed say whether the target raises, lowers or reaches a level.
Offsets are into the normalized text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from plantool.model import Comparator, Kind
from plantool.rules import Rules


@dataclass(frozen=True)
class Trim:
    """An indicator region after trimming: where it is, and the verbs trimmed around it."""

    start: int
    end: int
    lead_kind: Kind | None
    trail_kind: Kind | None
    inner_kind: Kind | None
    lead_comparator: Comparator | None = None  # 至少新建2个: a comparator word among the words trimmed at the start
    names_thing: bool = False  # it follows the number and opens with a noun (建设11个自贸试验区)
    closed: bool = False  # a closing word ends it (项目有: `kinds.closing_words`), a level no verb commits to

    @property
    def empty(self) -> bool:
        return self.end <= self.start


def verb_kind(words: str, rules: Rules) -> Kind | None:
    """The kind of the first kind verb in `words` (longest verb first)."""
    m = rules.kinds.verb_pattern.search(words)
    return rules.kinds.verb_kind[m.group(0)] if m else None


def tokens(text: str, start: int, end: int, rules: Rules) -> list[tuple[str, int, int]]:
    """The words of [start, end) with their offsets in `text`."""
    if end <= start:
        return []
    return [(w, start + a, start + b) for w, a, b in rules.words(text[start:end])]


_TRIMMED_PUNCTUATION = " \t\n，、。；：！？,.;:!?—-·…"


def is_blank(word: str) -> bool:
    """White space and separators, trimmed from an indicator's ends; quotes and brackets stay."""
    return not word.strip(_TRIMMED_PUNCTUATION)


def trim_words(text: str, start: int, end: int, rules: Rules) -> tuple[int, int] | None:
    """[start, end) without fillers, strength words and verbs at its ends; None if nothing is left."""
    found = trim(text, start, end, rules)
    return None if found.empty else (found.start, found.end)


Token = tuple[str, int, int]  # a word and its offsets in the text


def trim(
    text: str,
    start: int,
    end: int,
    rules: Rules,
    trailing_verbs: bool = True,
    toks: list[Token] | None = None,
    amount: bool = False,
) -> Trim:
    """Trim fillers, strength words and verbs off both ends of [start, end), noting the verbs.

    With `trailing_verbs` false, an action word at the end stays (实施3条排水管线改造 names 排水管线改造;
    …落户目标顺利实现 names …落户);
    with `amount` (the number is an amount of work, in a unit that adds up), an action word right
    after its object stays (棚户区住房改造600万套: `kinds.action_nouns`). `toks` are the words of
    [start, end), if the caller has them already.
    """
    dated = _undated(text, start, end, rules)
    aside = rules.kinds.aside.search(text, dated, end)  # 在…的基础上: a circumstance, not what is measured
    if aside is not None:
        return _around_aside(text, dated, aside, end, rules, trailing_verbs)
    if toks is None or dated > start:
        start = dated
        toks = tokens(text, start, end, rules)
    toks = _split_strength(toks, rules)
    said = _saying_verbs(text, toks, rules)
    i, lead, comparator = _trim_start(text, toks, end, rules)
    j, trail, closed = _trim_end(toks, i, trailing_verbs, rules, amount)
    i, lead = _with_rate_verb(toks, i, j, lead, rules)
    comparator = _with_trimmed_comparator(comparator, toks[j:], rules)
    if said and said[-1] + 1 > i:  # 中央提出今年经济增长预期目标为7%左右: what is said names it, not who says it
        first, (k, lead_said, comparator_said) = _said(text, toks, said[-1], end, rules)
        if k < j:
            i, lead, comparator, start = k, lead_said, comparator_said or comparator, toks[min(first, k)][1]
        elif said[-1] > i:  # nothing said after it (大豆要求增长4.4%): what comes before is the name
            j = said[-1]
    named_end, j = j, _undated_end(text, toks, i, j, rules)
    i = j if trailing_verbs and _said_alone(toks, i, j, rules) else i
    if i >= j:
        return Trim(end, end, lead or verb_kind(text[start:end], rules), trail, None, comparator, closed=closed)
    # read the trimmed ends as text too, so that split words still count (提升/至 is 提升至)
    lead = verb_kind(text[start : toks[i][1]], rules) or lead
    if trail in (None, "level"):  # a raising or lowering verb found among the words stays
        # past a time left off (棉花的亩产量在十二年内: its 在 is no verb)
        trail = _last_verb_kind(text[toks[named_end - 1][2] : end], rules) or trail
    inner = named_change(text[toks[i][1] : toks[j - 1][2]], rules)
    if inner is None:  # 龙头企业牵头组建创新联合体: the last verb word inside gives the kind
        verbs = rules.kinds.verb_kind
        inner = next((verbs[w] for w, _, _ in reversed(toks[i:j]) if verbs.get(w, "level") != "level"), None)
    return Trim(toks[i][1], toks[j - 1][2], lead, trail, inner, comparator, closed=closed)


def _with_rate_verb(toks: list[Token], i: int, j: int, lead: Kind | None, rules: Rules) -> tuple[int, Kind | None]:
    """Where the words start, and the kind of the verb trimmed before them: the word trimmed right
    before a rate's end it would leave alone stays, and says no kind (发放率, 下降率: what the rate
    is of)."""
    if j == i + 1 and i > 0 and toks[i][0] in rules.kinds.rate_ends:
        return i - 1, None
    return i, lead


def _with_trimmed_comparator(comparator: Comparator | None, trimmed: list[Token], rules: Rules) -> Comparator | None:
    """The comparator of the words trimmed at the start, else of those trimmed before the number
    (每个县至少打造2座书院)."""
    before = rules.comparators.before
    return comparator or next((before[w] for w, _, _ in trimmed if w in before), None)


def _around_aside(text: str, start: int, aside: re.Match[str], end: int, rules: Rules, trailing_verbs: bool) -> Trim:
    """The words before an aside trimmed, with the verb after it; the words after it where none stand
    before, or where a verb and its object follow it (…在…的基础上节约钢材百分之三到四)."""
    after = trim(text, aside.end(), end, rules, trailing_verbs)
    before = trim(text, start, aside.start(), rules, trailing_verbs)
    if before.empty or after.lead_kind and not after.empty:
        return after
    trail = _last_verb_kind(text[aside.end() : end], rules) or before.trail_kind
    return replace(before, trail_kind=trail, lead_comparator=before.lead_comparator or after.lead_comparator)


def _said(
    text: str, toks: list[Token], verb: int, end: int, rules: Rules
) -> tuple[int, tuple[int, Kind | None, Comparator | None]]:
    """The first word of what saying verb `verb` says, past a time it opens with (提出“十四五”时期…
    dates it, as at the start), and what `_trim_start` takes off from there."""
    undated = _undated(text, toks[verb + 1][1], end, rules)
    first = next((k for k in range(verb + 1, len(toks)) if toks[k][1] >= undated), len(toks))
    return first, _trim_start(text, toks, end, rules, first)


def _saying_verbs(text: str, toks: list[Token], rules: Rules) -> list[int]:
    """Where the saying verbs stand among `toks` (not last), those that say which left out."""
    verbs = rules.derived(_saying_words)
    return [k for k, t in enumerate(toks[:-1]) if t[0] in verbs and not _said_which(text, toks, k, rules)]


def _saying_words(rules: Rules) -> frozenset[str]:
    """`kinds.saying_verbs` as a set: asked of every word of every indicator's words."""
    return frozenset(rules.kinds.saying_verbs)


def _said_which(text: str, toks: list[Token], k: int, rules: Rules) -> bool:
    """Whether saying verb `k` stands before 的 and a name (国家预算内直接安排的投资): it says which,
    not who says what; not before a time (《建议》提出的2010年人均国内生产总值: a target said before)."""
    if k + 2 >= len(toks) or toks[k + 1][0] != rules.kinds.attributive:
        return False
    return not (rules.kinds.time_before.match(text, toks[k + 2][1]) or rules.kinds.deadline.match(text, toks[k + 2][1]))


def _said_alone(toks: list[Token], i: int, j: int, rules: Rules) -> bool:
    """A saying verb left alone before a number, word `i` of `toks` up to `j` (六五计划期间要求每年
    递增…): who asks names nothing."""
    return j - i == 1 and toks[i][0] in rules.derived(_saying_words)


def _undated(text: str, start: int, end: int, rules: Rules) -> int:
    """Where the words start once the item marker (二是…: `kinds.item_marker`) and the time they
    open with are left off (到2030年, “十五五”时期, after strength words, fillers and verbs: 力争
    “十五五”时期…): the one numbers the item, the other dates the target; neither names it."""
    marker = rules.kinds.item_marker.match(text, start, end)
    start = marker.end() if marker else start
    for time in (rules.kinds.deadline, rules.kinds.time_before):
        match = time.search(text, start, end)
        before = tokens(text, start, match.start(), rules) if match else []
        if match and all(w in rules.derived(_before_time) or is_blank(w) for w, _, _ in before):
            start = match.end()
    return start


def _undated_end(text: str, toks: list[Token], i: int, j: int, rules: Rules) -> int:
    """Where the words end once a year they end with is left off (社会商品零售总额一九八五年将达到…:
    `kinds.time_after`), if words remain before it."""
    if i >= j:
        return j
    m = rules.kinds.time_after.search(text, toks[i][1], toks[j - 1][2])
    if m is None:
        return j
    k = next((k for k in range(i, j) if toks[k][1] >= m.start()), j)
    return k if k > i and toks[k][1] == m.start() else j


def _trim_start(
    text: str, toks: list[Token], end: int, rules: Rules, i: int = 0
) -> tuple[int, Kind | None, Comparator | None]:
    """How many words come off the start (from word `i` on), the kind of the first verb among them
    and the first comparator word (至少新建2个)."""
    verbs, strip = rules.kinds.verb_kind, rules.derived(_end_words)
    lead: Kind | None = None
    comparator: Comparator | None = None
    while i < len(toks):
        skipped = _skipped_at(text, toks[i][1], toks[i][2], end, lead, rules)
        if skipped is not None:  # a verb in pieces (新（改、扩）建, 升级改造), or a time after a verb: skip them all
            lead, stop = lead or skipped[0], skipped[1]
            while i < len(toks) and toks[i][1] < stop:
                i += 1
            continue
        word = toks[i][0]
        if not (word in strip or word in verbs or is_blank(word)) or _names_spending(toks, i, rules):
            break
        lead = lead or verbs.get(word)
        comparator = comparator or rules.comparators.before.get(word)
        i += 1
    return i, lead, comparator


def _skipped_at(
    text: str, pos: int, word_end: int, end: int, lead: Kind | None, rules: Rules
) -> tuple[Kind | None, int] | None:
    """What comes off the start at `pos` (a word up to `word_end`) as one, and where it ends: a verb
    written in pieces (新（改、扩）建) or a listed verb that jieba splits (升级改造), with its kind; or,
    after a verb, the time it reaches to (增加到2030年的80万亩: `kinds.time_before`)."""
    written = _written_verb(text, pos, end, rules)
    listed = None if written is not None else rules.kinds.verb_pattern.match(text, pos, end)
    if listed is not None and listed.end() > word_end:
        written = rules.kinds.verb_kind[listed.group(0)], listed.end()
    if written is not None or lead is None:
        return written
    time = rules.kinds.time_before.match(text, pos, end)
    return (None, time.end()) if time is not None and time.end() > pos else None


def _names_spending(toks: list[Token], i: int, rules: Rules) -> bool:
    """Whether word `i` is an action word that names a kind of spending with the next (更新改造投资)."""
    return i + 1 < len(toks) and toks[i][0] in rules.derived(_action_words) and toks[i + 1][0] in rules.kinds.spending_names


def _trim_end(
    toks: list[Token], i: int, trailing_verbs: bool, rules: Rules, amount: bool = False
) -> tuple[int, Kind | None, bool]:
    """Where the words end once trimmed from the end (not past word `i`), and the kind of the
    last verb trimmed: the one nearest the number, unless it reaches a level and one before it
    raises or lowers (经济年均增长保持在6.5%以上 is a growth). An amount's action word right after
    its object stays (森林抚育提升200万亩; not 城镇化率年均提升1个百分点, a rate's change). A closing
    word (项目有, 农户只占) is trimmed as a verb of a level, and said (True). `kinds.end_fillers` go
    with the verbs; `kinds.per_words` only right before the number."""
    verbs, strip = rules.kinds.verb_kind, rules.derived(_tail_words)
    trail: Kind | None = None
    j = _before_per_words(toks, i, rules)
    actions = rules.derived(_action_words)
    k = j  # the action words at the end (农村公路提档升级改造): they stay after their object
    while amount and k - i >= 2 and toks[k - 1][0] in actions:
        k -= 1
    if k < j:
        before = toks[k - 1][0]
        if not (before in strip or before in verbs or is_blank(before)):
            return j, None, False
    closing = rules.derived(_closing_words)
    closed = False
    while j > i and (
        toks[j - 1][0] in strip
        or toks[j - 1][0] in closing
        or toks[j - 1][0] in verbs and (trailing_verbs or toks[j - 1][0] not in actions)
        or is_blank(toks[j - 1][0])
    ):
        closed = closed or toks[j - 1][0] in closing
        kind = "level" if toks[j - 1][0] in closing else verbs.get(toks[j - 1][0])
        trail = kind if trail in (None, "level") and kind not in (None, "level") else trail or kind
        j -= 1
    return j, trail, closed


def _before_per_words(toks: list[Token], i: int, rules: Rules) -> int:
    """Where the words end before those of what a level is per, right before its number
    (补助标准提高到每人每年240元: between the verb and the number; not 人均达到, a name's own)."""
    j = len(toks)
    while j > i + 1 and toks[j - 1][0] in rules.kinds.per_words:
        j -= 1
    return j


def _written_verb(text: str, pos: int, end: int, rules: Rules) -> tuple[Kind, int] | None:
    """A verb written with its alternatives (新（改、扩）建) at `pos`: its kind and where it ends."""
    for verb in rules.kinds.written_verbs:
        m = verb.pattern.match(text, pos, end)
        if m:
            return verb.kind, m.end()
    return None


def _before_time(rules: Rules) -> frozenset[str]:
    """Words that may stand before the time an indicator's words open with: the end words and
    the verbs of no change, whose kind is lost with them (为到2010年国内生产总值…翻一番)."""
    return rules.derived(_end_words) | {w for w, kind in rules.kinds.verb_kind.items() if kind == "level"}


def _action_words(rules: Rules) -> frozenset[str]:
    """`kinds.action_nouns` as a set: asked of every word at an indicator's end."""
    return frozenset(rules.kinds.action_nouns)


def _closing_words(rules: Rules) -> frozenset[str]:
    """`kinds.closing_words` as a set: asked of every word at an indicator's end."""
    return frozenset(rules.kinds.closing_words)


def _end_words(rules: Rules) -> frozenset[str]:
    """Words trimmed off an indicator's ends wherever they stand: fillers, strength and comparator words."""
    return frozenset(rules.kinds.fillers) | set(rules.strength.word_strength) | set(rules.comparators.before)


def _tail_words(rules: Rules) -> frozenset[str]:
    """Words trimmed off an indicator's end: those of either end and `kinds.end_fillers`."""
    return rules.derived(_end_words) | set(rules.kinds.end_fillers)


def _last_verb_kind(words: str, rules: Rules) -> Kind | None:
    """The kind of the last kind verb in `words` (the one nearest the number)."""
    found = list(rules.kinds.verb_pattern.finditer(words))
    return rules.kinds.verb_kind[found[-1].group(0)] if found else None


def named_change(indicator: str, rules: Rules) -> Kind | None:
    """A raising or lowering verb inside the indicator's name (城镇新增就业), if any; not one that
    names a rate (人口自然增长率: `kinds.rate_ends`), a level like any rate, nor one that describes
    the rate the name ends in (对经济增长的贡献率)."""
    if not rules.kinds.name_verb_pattern.search(indicator):
        return None
    rates, of = rules.kinds.rate_ends, rules.kinds.attributive
    described = bool(rates) and indicator.endswith(rates)
    for word in rules.kinds.name_verbs:
        at = indicator.find(word)
        while at >= 0 and rates and indicator.startswith((*rates, *((of,) if described else ())), at + len(word)):
            at = indicator.find(word, at + 1)
        if at >= 0:
            return rules.kinds.verb_kind.get(word)
    return None


def ending_change(indicator: str, rules: Rules) -> Kind | None:
    """The kind of the change a name ends in (经济增长, 经济增长速度), if it ends in one: the name
    says the change even after a level verb (经济增长预期目标为7%左右)."""
    for word in rules.kinds.name_verbs:
        if indicator.endswith(word):
            return named_change(word, rules)  # (增长速度: the kind of the 增长 it holds)
    return None


def _split_strength(toks: list[Token], rules: Rules) -> list[Token]:
    """jieba's dictionary joins some strength words to the next word (确保重点): split them off."""
    if not toks:
        return toks
    word, a, b = toks[0]
    for s in rules.strength.word_strength:
        if word.startswith(s) and len(word) > len(s):
            return [(s, a, a + len(s)), (word[len(s) :], a + len(s), b), *toks[1:]]
    return toks


def is_single_word(text: str, found: Trim, rules: Rules) -> bool:
    """A lone word before the number (引育1000名…) is a verb the rules lack, not an indicator, unless
    it is a name the rules know (`kinds.synonyms`: 经济 of 经济增长目标定为7.5%左右)."""
    words = tokens(text, found.start, found.end, rules)
    return len(words) == 1 and text[found.start : found.end] not in rules.kinds.synonym_names


def trim_after(
    text: str, q_end: int, end: int, before: Trim, rules: Rules, numbered: bool = True, counted: bool = False
) -> Trim:
    """For 新建200个智能车间: the indicator follows the number, up to `end` (the clause's end or
    the next number's start), or an aside in brackets that closes it (农村校舍（中央补助的在外）), or
    an enumeration's break where a number comes after it (`numbered`: 新建200个智能车间、100个智能
    工厂) or after no words of its own, or a verb of the rules inside.

    A verb that ends the item stays (实施3条排水管线改造); one inside it ends the indicator
    (为8000名孤独症儿童提供康复 names 孤独症儿童); a list the number counts together, with no number
    after it, stays whole (为1万名困境、留守儿童…). After a count (`counted`), the building of what it
    counts is not what is counted (150套公租房建设 names 公租房: `kinds.counted_actions`).
    """
    end = _before_closing_aside(text, q_end, end, rules)
    tagged = _tagged(text, q_end, end, rules)
    end = _item_end(text, q_end, end, tagged, rules, numbered)
    tagged = [t for t in tagged if t[2] < end]
    end = _inner_verb_end(tagged, end, rules)
    verbs = rules.kinds.verb_kind
    words = [(w, s, s + len(w)) for w, _, s in tagged if s < end]  # the same words, not segmented again
    after = trim(text, q_end, end, rules, trailing_verbs=False, toks=words)
    after = _without_framing(text, after, words, counted, rules)
    level = rules.kinds.level_after.match(text, q_end) or any(
        w in rules.kinds.level_nouns for w, a, b in words if after.start <= a and b <= after.end
    )
    if level:  # 迈上6万亿元台阶, 跨越3个千亿元台阶, 一亿吨的水平: it says a level is reached, names nothing
        return replace(before, start=q_end, end=q_end, inner_kind=None, names_thing=False)
    opens_noun = bool(tagged) and tagged[0][0] not in verbs and tagged[0][1][:1] == "n"
    return Trim(
        after.start,
        after.end,
        before.lead_kind or after.lead_kind,
        # 等140项重点项目开工: with no verb before the number, the one trimmed off after it tells the kind
        before.trail_kind or (None if before.lead_kind else after.trail_kind),
        after.inner_kind,
        before.lead_comparator,
        names_thing=opens_noun and after.start == tagged[0][2],
        closed=before.closed,
    )


def _without_framing(text: str, found: Trim, words: list[Token], counted: bool, rules: Rules) -> Trim:
    """`found` without the word of work that frames an action it ends with (重点村改造提升任务 names
    重点村改造提升: `kinds.work_framing`) and, after a count, without the building of what it counts
    (150套公租房建设 names 公租房: `kinds.counted_actions`), if words stand before them."""
    if not rules.derived(_framing_words).intersection(w[0] for w in words):
        return found  # most words after a number: nothing to take off
    inside = [w for w in words if found.start <= w[1] and w[2] <= found.end]
    actions = rules.derived(_action_tuple)
    if len(inside) >= 2 and inside[-1][0] in rules.kinds.work_framing and text.endswith(actions, 0, inside[-2][2]):
        inside.pop()
    if counted and len(inside) >= 2 and inside[-1][0] in rules.kinds.counted_actions:
        inside.pop()
        strip = rules.derived(_end_words)
        while len(inside) >= 2 and (inside[-1][0] in strip or is_blank(inside[-1][0])):  # 项目要加快建设
            inside.pop()
    return replace(found, end=inside[-1][2]) if inside else found


def _framing_words(rules: Rules) -> frozenset[str]:
    """`kinds.work_framing` and `kinds.counted_actions` as one set: asked of the words after every number."""
    return frozenset(rules.kinds.work_framing) | frozenset(rules.kinds.counted_actions)


def _action_tuple(rules: Rules) -> tuple[str, ...]:
    """`kinds.action_nouns` as a tuple, for str.endswith (not built anew for every number)."""
    return tuple(rules.kinds.action_nouns)


def _before_closing_aside(text: str, start: int, end: int, rules: Rules) -> int:
    """Where words in brackets that run to `end` begin (…校舍（中央补助的在外）), else `end`; brackets
    inside a name (乡镇（街道）区域养老服务中心) stay in it."""
    last = end - 1
    while last > start and text[last].isspace():
        last -= 1
    if last <= start or text[last] not in rules.kinds.aside_closing:
        return end
    pair = next(p for p in rules.kinds.aside_brackets if p[1] == text[last])
    opened = text.rfind(pair[0], start + 1, last)
    return opened if opened > start else end


def _item_end(text: str, q_end: int, end: int, tagged: list[tuple[str, str, int]], rules: Rules, numbered: bool) -> int:
    """Where an enumeration's break ends the words after a number: when a number follows it, or
    the number has no words of its own before it (…安排、比去年…). A break is a word of its own,
    not the 和 of 和美乡村."""
    words = {(start, start + len(w)) for w, _, start in tagged}
    sep = next((m for m in rules.kinds.enumeration_break.finditer(text, q_end, end) if m.span() in words), None)
    if sep and (numbered or trim(text, q_end, sep.start(), rules).empty):
        return sep.start()
    return end


def _inner_verb_end(tagged: list[tuple[str, str, int]], end: int, rules: Rules) -> int:
    """Where a verb inside the words after a number ends them (为8000名孤独症儿童提供康复), unless
    they end in a noun (长期建设国债, 托育综合服务中心: one name, verbs and all) or in action words
    only (农村公路提档升级改造: they stay)."""
    verbs, actions = rules.kinds.verb_kind, rules.derived(_action_words)
    if tagged and tagged[-1][1][:1] == "n":
        return end
    for k, (word, _, start) in enumerate(tagged[1:-1], 1):
        if word in verbs and not all(w in actions for w, _, _ in tagged[k:]):
            return start
    return end


def _tagged(text: str, start: int, end: int, rules: Rules) -> list[tuple[str, str, int]]:
    """Words with their part of speech (from the dictionary; x when it has none) and offset;
    only the short stretch after a number is tagged."""
    return [(word, rules.word_tag(word) or "x", s) for word, s, _ in tokens(text, start, end, rules)]


def skip_space(text: str, start: int, limit: int) -> int:
    """The first position from `start` (before `limit`) that is no white space or separator."""
    while start < limit and is_blank(text[start]):
        start += 1
    return start

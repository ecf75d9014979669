"""Targets: quantities in context -> targets (and results) with indicator, kind and strength.

Each quantity is read in its clause: the words before it name the indicator (trimmed of
verbs and fillers at jieba word boundaries), a verb gives the kind, the nearest strength
word of the sentence gives the strength. Items of an enumeration share the verb that opens
it; a change against last year (比上年提高1个百分点) or an old level (由60%提高到65%) is
attached to its target. Quantities of review parts are results. Offsets are normalized.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Literal

from plantool.model import Comparator, Kind, Strength
from plantool.pipeline.quantities import Quantity
from plantool.pipeline.structure import Structure
from plantool.rules import Rules
from plantool.rules.identity import char_f1, indicator_key


@dataclass(frozen=True)
class Change:
    """A change stated beside a target: against last year (`previous`) or from an old level (`from`)."""

    start: int
    end: int
    quantity: Quantity
    kind: Kind
    basis: Literal["previous", "from"]


@dataclass(frozen=True)
class Found:
    """A target or a result, before it is grounded in the original text."""

    start: int
    end: int
    quantity: Quantity
    indicator: tuple[int, int]
    kind: Kind
    strength: Strength
    deadline: int | None
    change: Change | None
    section: int | None
    pillar: int | None
    measure: int | None
    restates: int | None = None  # index of the earlier target this one states again


@dataclass(frozen=True)
class Diagnostic:
    start: int
    end: int
    message: str


@dataclass(frozen=True)
class Extraction:
    targets: tuple[Found, ...]
    results: tuple[Found, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class _Trim:
    """An indicator region after trimming: where it is, and the verbs trimmed around it."""

    start: int
    end: int
    lead_kind: Kind | None
    trail_kind: Kind | None
    inner_kind: Kind | None
    lead_comparator: Comparator | None = None  # 至少新建2个: a comparator word among the words trimmed at the start
    names_thing: bool = False  # it follows the number and opens with a noun (建设11个自贸试验区)

    @property
    def empty(self) -> bool:
        return self.end <= self.start


class Boundaries:
    """Boundary positions of one text, found once, for bisection."""

    def __init__(self, text: str, rules: Rules) -> None:
        self.sentences = [m.end() for m in rules.strength.sentence_end.finditer(text)]
        self.clauses = [m.end() for m in rules.kinds.clause_break.finditer(text)]

    @staticmethod
    def _bounds(ends: list[int], pos: int, length: int) -> tuple[int, int]:
        i = bisect_right(ends, pos)
        start = ends[i - 1] if i else 0
        j = bisect_left(ends, pos + 1)
        end = ends[j] - 1 if j < len(ends) else length
        return start, end

    def sentence(self, pos: int, length: int) -> tuple[int, int]:
        return self._bounds(self.sentences, pos, length)

    def clause(self, pos: int, length: int) -> tuple[int, int]:
        return self._bounds(self.clauses, pos, length)


def build_targets(
    text: str,
    structure: Structure,
    quantities: list[Quantity],
    rules: Rules,
    year: int | None = None,
    bounds: Boundaries | None = None,
) -> Extraction:
    """Read every quantity in its clause; split them into targets and results.

    `year` is the plan's: text about a plan period that ended before it looks back. `bounds`
    are the text's sentences and clauses, if the caller has found them already.
    """
    ctx = bounds or Boundaries(text, rules)
    starts = [q.start for q in quantities]
    k = rules.kinds
    targets: list[Found] = []
    results: list[Found] = []
    diagnostics: list[Diagnostic] = []
    prev: Quantity | None = None
    prev_found: Found | None = None
    prev_shared_kind: Kind | None = None  # the kind an enumeration's opening verb gives its items
    pending_from: tuple[Quantity, int] | None = None  # an old level (由60%…) and its clause start
    for q in _drop_qualifiers(text, quantities, ctx, rules):
        section = structure.section_at(q.start)
        if structure.sections and section is None:
            diagnostics.append(Diagnostic(q.start, q.end, "quantity outside any section; not a target"))
            prev = None
            continue
        if section is not None and _quiet(text, structure, section, rules):
            diagnostics.append(Diagnostic(q.start, q.end, "quantity in a glossary; not a target"))
            prev = None
            continue
        is_result, period_end = _looks_back(structure, section, q.start, year, rules)
        c_start, c_end = ctx.clause(q.start, len(text))
        s_start, _ = ctx.sentence(q.start, len(text))
        start, in_enumeration = _item_start(text, c_start, prev, q, rules)
        if not (prev and prev.end > c_start):
            prev_shared_kind = None
        number_start = q.start - len(q.before_word)

        if k.from_before.search(text, start, q.start) and _next_is_new_level(text, q, starts, quantities, c_end, rules):
            pending_from = (q, start)
            prev = q
            continue

        delta = k.delta_before.search(text, start, number_start)
        before_delta = _trim(text, start, delta.start(), rules) if delta else None
        # 比上年增长6% after an indicator is a growth target; any other 比上年… is a change
        if delta and before_delta and (before_delta.empty or q.family != "percent"):
            change = Change(delta.start(), q.end, q, _verb_kind(delta.group(0), rules) or "level", "previous")
            if prev_found is not None and prev_found.start >= s_start and prev_found.change is None:
                updated = replace(prev_found, change=change, end=max(prev_found.end, q.end))
                (results if is_result else targets)[-1] = updated
                prev_found = updated
            else:
                diagnostics.append(Diagnostic(delta.start(), q.end, "a change with no target before it"))
            prev = q
            continue
        verb_end = number_start
        from_change: Change | None = None
        if pending_from is not None and pending_from[0].end <= q.start and pending_from[0].start >= c_start:
            old, start = pending_from
            from_change = Change(old.start, old.end, old, "level", "from")
            verb_end = old.start - 1  # before 由/从
        pending_from = None
        trim = before_delta if before_delta and from_change is None else _trim(text, start, verb_end, rules)
        if from_change is not None:
            trail = _verb_kind(text[from_change.end : q.start], rules)
            trim = replace(trim, trail_kind=trail or trim.trail_kind)
        if delta:
            trim = replace(trim, trail_kind=_verb_kind(delta.group(0), rules) or trim.trail_kind)
        after = _trim_after(text, q.end, c_end, trim, rules)
        examples = text[start:number_start].rstrip().endswith(tuple(k.examples_end))  # 商丘等5个物流基地
        if not after.empty and (trim.empty or _is_single_word(text, trim, rules) or after.names_thing or examples):
            trim = after
        if trim.empty and prev_found is not None and prev_found.start >= s_start:
            if trim.lead_kind or trim.trail_kind:
                # 一般公共预算收入78.2亿元，增长4.3%: the growth of the indicator just named
                trim = replace(trim, start=prev_found.indicator[0], end=prev_found.indicator[1])
            elif in_enumeration:
                # 分别增长5%和6.5%: a bare number in an enumeration repeats the one before it
                trim = replace(
                    trim, start=prev_found.indicator[0], end=prev_found.indicator[1], trail_kind=prev_found.kind
                )
        if trim.empty:
            diagnostics.append(Diagnostic(q.start, q.end, "no indicator found for this quantity"))
            prev = q
            continue
        if trim.lead_kind:
            prev_shared_kind = trim.lead_kind
        kind: Kind = (
            trim.trail_kind
            or trim.lead_kind
            or trim.inner_kind
            or (prev_shared_kind if in_enumeration else None)
            or "level"
        )
        governed = bool(trim.lead_kind or trim.trail_kind or (in_enumeration and prev_shared_kind))
        if q.spelled and not governed and _is_slogan(q, rules):
            prev = q
            continue
        if q.comparator == "eq" and trim.lead_comparator:
            q = replace(q, comparator=trim.lead_comparator)
        strength = strength_at(text, q.start, starts, ctx, rules)
        deadlines = list(k.deadline.finditer(text, s_start, q.start))
        deadline = int(deadlines[-1].group("year") or deadlines[-1].group("year2")) if deadlines else period_end
        pillar = structure.pillar_at(q.start)
        measure = _measure_at(structure, pillar, q.start)
        span_start = _skip_space(text, start, max(start, min(trim.start, number_start)))
        found = Found(
            span_start,
            max(q.end, trim.end),
            q,
            (trim.start, trim.end),
            kind,
            strength,
            deadline,
            from_change,
            section,
            pillar,
            measure,
        )
        (results if is_result else targets).append(found)
        prev, prev_found = q, found
    return Extraction(tuple(_link_restatements(text, targets, rules)), tuple(results), tuple(diagnostics))


def _link_restatements(text: str, targets: list[Found], rules: Rules) -> list[Found]:
    """Mark each target that states an earlier one again (same numbers, unit, deadline, indicator)."""
    out: list[Found] = []
    earlier: dict[tuple[object, ...], list[int]] = {}  # same numbers, unit and deadline -> indexes into out
    for f in targets:
        q = f.quantity
        key = (q.value, q.low, q.high, q.unit, f.deadline)
        name = _indicator_key(text[f.indicator[0] : f.indicator[1]], rules)
        for i in earlier.get(key, []):
            e = out[i]
            if e.restates is not None or e.indicator == f.indicator:
                continue
            if (
                char_f1(_indicator_key(text[e.indicator[0] : e.indicator[1]], rules), name)
                >= rules.kinds.restate_similarity
            ):
                f = replace(f, restates=i)
                break
        earlier.setdefault(key, []).append(len(out))
        out.append(f)
    return out


def _indicator_key(indicator: str, rules: Rules) -> str:
    return indicator_key(indicator, rules.kinds.restate_cut, rules.kinds.synonyms)


def _quiet(text: str, structure: Structure, section: int, rules: Rules) -> bool:
    s = structure.sections[section]
    return bool(rules.sections.quiet_heading.search(text, s.title_start, s.title_end))


def _is_slogan(q: Quantity, rules: Rules) -> bool:
    """三件大事, 九项改革, 两个市场: a small spelled-out count that no verb of the rules governs."""
    k = rules.kinds
    return q.family in k.spelled_count_families and q.number <= k.spelled_count_max


def _looks_back(
    structure: Structure, section: int | None, pos: int, year: int | None, rules: Rules
) -> tuple[bool, int | None]:
    """Whether a quantity at `pos` is a result, and the end of the plan period it is due by.

    The innermost context decides: a paragraph about a period, then one that opens looking
    back, then a section about a period, then the section's role.
    """
    paragraph = structure.paragraph_period_at(pos)
    if paragraph is not None:
        return (True, None) if year is not None and paragraph < year else (False, paragraph)
    if structure.looks_back_at(pos):
        return True, None
    if section is not None and structure.sections[section].role in rules.sections.result_roles:
        return True, None
    period = structure.section_periods.get(section) if section is not None else None
    if period is not None and year is not None and period < year:
        return True, None
    return False, period


def _drop_qualifiers(text: str, quantities: list[Quantity], ctx: Boundaries, rules: Rules) -> list[Quantity]:
    """Leave out quantities that only qualify a noun (10亿元以上项目5个, 3岁以下婴幼儿托位数).

    A quantity qualifies what follows when the next quantity stands in the same clause with
    no enumeration break and no verb opening the words between; a quantity of a qualifier
    family (ages) does so whenever a word other than a verb follows it directly.
    """
    kept = []
    for q, nxt in zip(quantities, [*quantities[1:], None]):
        _, c_end = ctx.clause(q.start, len(text))
        stop = nxt.start if nxt is not None and nxt.start < c_end else c_end
        between = text[q.end : stop]
        toks = _tokens(text, q.end, stop, rules)
        opens_with_word = (
            bool(toks)
            and not _is_blank(toks[0][0])
            and toks[0][0] not in rules.kinds.verb_kind
            and not rules.kinds.verb_pattern.match(between)
        )
        if opens_with_word and stop < c_end and not rules.kinds.enumeration_break.search(between):
            continue
        if opens_with_word and q.family in rules.units.qualifier_families and between[:1] == toks[0][0][:1]:
            continue
        if q.family != "percent" and rules.kinds.attributive_after.match(text, q.end):
            continue  # 50万元以上的经济强村 (a share before 的 is still one: 一半以上的乡镇)
        kept.append(q)
    return kept


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


def _item_start(text: str, c_start: int, prev: Quantity | None, q: Quantity, rules: Rules) -> tuple[int, bool]:
    """Where the words of this quantity begin, and whether it continues an enumeration."""
    if prev is None or prev.end <= c_start or prev.end > q.start:
        return c_start, False
    sep = rules.kinds.enumeration_break.search(text, prev.end, q.start)
    if sep:
        return sep.end(), True
    return prev.end, False


def _next_is_new_level(
    text: str, q: Quantity, starts: list[int], quantities: list[Quantity], c_end: int, rules: Rules
) -> bool:
    """由60%提高到65%: a verb, then another quantity in the same clause."""
    i = bisect_left(starts, q.end)
    if i >= len(quantities) or quantities[i].start > c_end:
        return False
    return _verb_kind(text[q.end : quantities[i].start], rules) is not None


def _verb_kind(words: str, rules: Rules) -> Kind | None:
    """The kind of the first kind verb in `words` (longest verb first)."""
    m = rules.kinds.verb_pattern.search(words)
    return rules.kinds.verb_kind[m.group(0)] if m else None


def _tokens(text: str, start: int, end: int, rules: Rules) -> list[tuple[str, int, int]]:
    if end <= start:
        return []
    return [(w, start + a, start + b) for w, a, b in rules.words(text[start:end])]


_TRIMMED_PUNCTUATION = frozenset(" \t\n，、。；：！？,.;:!?—-·…")


def _is_blank(word: str) -> bool:
    """White space and separators, trimmed from an indicator's ends; quotes and brackets stay."""
    return all(ch in _TRIMMED_PUNCTUATION for ch in word)


def trim_words(text: str, start: int, end: int, rules: Rules) -> tuple[int, int] | None:
    """[start, end) without fillers, strength words and verbs at its ends; None if nothing is left."""
    trim = _trim(text, start, end, rules)
    return None if trim.empty else (trim.start, trim.end)


def _trim(
    text: str,
    start: int,
    end: int,
    rules: Rules,
    trailing_verbs: bool = True,
    toks: list[tuple[str, int, int]] | None = None,
) -> _Trim:
    """Trim fillers, strength words and verbs off both ends of [start, end), noting the verbs.

    With `trailing_verbs` false, a verb at the end stays (实施3条排水管线改造 names 排水管线改造).
    """
    k = rules.kinds
    verbs = k.verb_kind
    strip = rules.derived(_end_words)
    deadline = k.deadline.match(text, start, end)
    if deadline:  # 到2030年 dates the target; it does not name it
        start = deadline.end()
    if toks is None or deadline:
        toks = _tokens(text, start, end, rules)
    toks = _split_strength(toks, rules)
    lead: Kind | None = None
    trail: Kind | None = None
    comparator: Comparator | None = None
    i, j = 0, len(toks)
    while i < j:
        written = _written_verb(text, toks[i][1], end, rules)
        if written is not None:  # 新（改、扩）建, in pieces: skip them all
            lead, stop = lead or written[0], written[1]
            while i < j and toks[i][1] < stop:
                i += 1
            continue
        if not (toks[i][0] in strip or toks[i][0] in verbs or _is_blank(toks[i][0])):
            break
        lead = lead or verbs.get(toks[i][0])
        comparator = comparator or rules.comparators.before.get(toks[i][0])
        i += 1
    while j > i and (
        toks[j - 1][0] in strip or trailing_verbs and toks[j - 1][0] in verbs or _is_blank(toks[j - 1][0])
    ):
        trail = trail or verbs.get(toks[j - 1][0])
        j -= 1
    if i >= j:
        return _Trim(end, end, lead or _verb_kind(text[start:end], rules), trail, None, comparator)
    # read the trimmed ends as text too, so that split words still count (提升/至 is 提升至)
    lead = _verb_kind(text[start : toks[i][1]], rules) or lead
    trail = _last_verb_kind(text[toks[j - 1][2] : end], rules) or trail
    inner = _inner_kind(text[toks[i][1] : toks[j - 1][2]], rules)
    if inner is None:  # 龙头企业牵头组建创新联合体: the last verb word inside gives the kind
        inner = next((verbs[w] for w, _, _ in reversed(toks[i:j]) if verbs.get(w, "level") != "level"), None)
    return _Trim(toks[i][1], toks[j - 1][2], lead, trail, inner, comparator)


def _written_verb(text: str, pos: int, end: int, rules: Rules) -> tuple[Kind, int] | None:
    """A verb written with its alternatives (新（改、扩）建) at `pos`: its kind and where it ends."""
    for verb in rules.kinds.written_verbs:
        m = verb.pattern.match(text, pos, end)
        if m:
            return verb.kind, m.end()
    return None


def _end_words(rules: Rules) -> frozenset[str]:
    """Words trimmed off an indicator's ends wherever they stand: fillers, strength and comparator words."""
    return frozenset(rules.kinds.fillers) | set(rules.strength.word_strength) | set(rules.comparators.before)


def _last_verb_kind(words: str, rules: Rules) -> Kind | None:
    """The kind of the last kind verb in `words` (the one nearest the number)."""
    found = list(rules.kinds.verb_pattern.finditer(words))
    return rules.kinds.verb_kind[found[-1].group(0)] if found else None


def _inner_kind(indicator: str, rules: Rules) -> Kind | None:
    """A raising or lowering verb inside the indicator's name (城镇新增就业), if any."""
    for word in rules.kinds.name_verbs:
        if word in indicator:
            return rules.kinds.verb_kind.get(word)
    return None


def _split_strength(toks: list[tuple[str, int, int]], rules: Rules) -> list[tuple[str, int, int]]:
    """jieba's dictionary joins some strength words to the next word (确保重点): split them off."""
    if not toks:
        return toks
    word, a, b = toks[0]
    for s in rules.strength.word_strength:
        if word.startswith(s) and len(word) > len(s):
            return [(s, a, a + len(s)), (word[len(s) :], a + len(s), b), *toks[1:]]
    return toks


def _is_single_word(text: str, trim: _Trim, rules: Rules) -> bool:
    """A lone word before the number (引育1000名…) is a verb the rules lack, not an indicator."""
    return len(_tokens(text, trim.start, trim.end, rules)) == 1


def _trim_after(text: str, q_end: int, c_end: int, before: _Trim, rules: Rules) -> _Trim:
    """For 新建200个智能车间: the indicator follows the number, up to a verb inside its item.

    A verb that ends the item stays (实施3条排水管线改造); one inside it ends the indicator
    (为8000名孤独症儿童提供康复 names 孤独症儿童).
    """
    sep = rules.kinds.enumeration_break.search(text, q_end, c_end)
    end = sep.start() if sep else c_end
    tagged = _tagged(text, q_end, end, rules)
    verbs = rules.kinds.verb_kind
    ends_in_noun = bool(tagged) and tagged[-1][1][:1] == "n"  # 托育综合服务中心: one name, verbs and all
    for word, flag, start in tagged[1:-1]:
        if word in verbs or (flag == "v" and not ends_in_noun):
            end = start
            break
    words = [(w, s, s + len(w)) for w, _, s in tagged if s < end]  # the same words, not segmented again
    after = _trim(text, q_end, end, rules, trailing_verbs=False, toks=words)
    if any(w in rules.kinds.level_nouns for w, a, b in words if after.start <= a and b <= after.end):
        # 迈上6万亿元台阶, 跨越3个千亿元台阶: what follows says a level is reached; it names no thing
        return replace(before, start=q_end, end=q_end, inner_kind=None, names_thing=False)
    opens_noun = bool(tagged) and tagged[0][0] not in verbs and tagged[0][1][:1] == "n"
    return _Trim(
        after.start,
        after.end,
        before.lead_kind or after.lead_kind,
        before.trail_kind,
        after.inner_kind,
        before.lead_comparator,
        names_thing=opens_noun and after.start == tagged[0][2],
    )


def _tagged(text: str, start: int, end: int, rules: Rules) -> list[tuple[str, str, int]]:
    """Words with their part of speech (from the dictionary; x when it has none) and offset;
    only the short stretch after a number is tagged."""
    return [(word, rules.word_tag(word) or "x", s) for word, s, _ in _tokens(text, start, end, rules)]


def _skip_space(text: str, start: int, limit: int) -> int:
    while start < limit and _is_blank(text[start]):
        start += 1
    return start


def _measure_at(structure: Structure, pillar: int | None, pos: int) -> int | None:
    if pillar is None:
        return None
    for i, m in enumerate(structure.pillars[pillar].measures):
        if m.start <= pos < m.end:
            return i
    return None

"""normalize: folding, deletions and the offset map back to the original text."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Case, cases

from plantool import Rules
from plantool.pipeline.normalize import Normalized, normalize


def _fold_counterparts(rules: Rules) -> dict[str, set[str]]:
    """For each normalized character, the original characters it may have been folded from."""
    back: dict[str, set[str]] = {}
    for original, folded in rules.normalize.folds.items():
        back.setdefault(folded, set()).add(original)
    return back


def check_map(original: str, norm: Normalized, rules: Rules) -> None:
    """Every normalized character maps to itself, its fold counterpart or the last character of a
    stand-in for it in the original."""
    back = _fold_counterparts(rules)
    stand_ins = {s.name: s.char for s in rules.normalize.stand_ins}
    # a stand-in's last character takes the place of what it stands for (13.3_M_M_ -> 13.3%)
    replaced = {e: stand_ins[why] for _, e, why in norm.removed if why in stand_ins}
    assert norm.map.length == len(norm.text)
    assert norm.map.original_length == len(original)
    previous = -1
    for i, ch in enumerate(norm.text):
        j = norm.map.to_original(i)
        assert 0 <= j < len(original), f"normalized {i} ({ch!r}) maps outside the original: {j}"
        assert j > previous, f"the map is not increasing at normalized {i}"
        previous = j
        assert original[j] == ch or original[j] in back.get(ch, set()) or replaced.get(j) == ch, (
            f"normalized {i} {ch!r} maps to original {j} {original[j]!r}"
        )
        assert norm.span(i, i + 1) == (j, j + 1)
    # the end maps to the end
    assert norm.map.to_original(len(norm.text)) == len(original)


def _removed(original: str, norm: Normalized) -> list[tuple[str, str]]:
    return [(original[s:e], reason) for s, e, reason in norm.removed]


@pytest.mark.parametrize("case", cases("normalize"))
def test_normalize_case(case: Case, rules: Rules) -> None:
    norm = normalize(case.text, rules)
    expect: dict[str, Any] = case.expect
    assert norm.text == expect["text"]
    if "removed" in expect:
        got = _removed(case.text, norm)
        want = expect["removed"]
        assert [g for g, _ in got] == [w["text"] if isinstance(w, dict) else w for w in want]
        for (_, reason), w in zip(got, want):
            if isinstance(w, dict) and "reason" in w:
                assert reason == w["reason"]
    check_map(case.text, norm, rules)


def test_a_sign_a_scrape_stored_as_a_placeholder(placeholder_rules: Rules) -> None:
    """增长8.5_M_M_ with a site's stand-in added by an overlay: the placeholder for % reads as %, and
    maps back over the whole placeholder."""
    text = "地区生产总值增长8.5_M_M_，失业率控制在4_M_M_以内。\n"
    norm = normalize(text, placeholder_rules)
    assert norm.text == "地区生产总值增长8.5%，失业率控制在4%以内。\n"
    assert _removed(text, norm) == [("_M_M", "percent placeholder"), ("_M_M", "percent placeholder")]
    check_map(text, norm, placeholder_rules)


# --- the offset map over constructed texts -------------------------------------------------

MAP_TEXTS = [
    "打印\n【字号：大 中 小】\n来源：云溪县人民政府\n云溪县2026年政府工作报告\n",
    "全县生产总值增长５．５％,完成投资1,256,000万元(含债券);目标:新增就业３,２００人!\n",
    "全年要突出抓好重点项目建设，安排区级重点项目120个、年度计划\n\n— 7 —\n\n投资260亿元，确保开工率达到95%以上。\n",
    "\u3000\u3000各位代表：新征程上，我们要凝心聚力，\n奋勇前进。\n本作品来自网络，仅供学习。\n",
    "一\n二\n三\n四\n五\n六\n七\n八\n九\n十\n十一\n十二\n十三\n十四\n十五\n十六\n第18页\n城乡居民人均可支配收入增长６％，城乡居民收入比缩小到\n1.9。\n",
]


@pytest.mark.parametrize("text", MAP_TEXTS, ids=[f"text{i}" for i in range(len(MAP_TEXTS))])
def test_map_back_to_same_or_folded_char(text: str, rules: Rules) -> None:
    check_map(text, normalize(text, rules), rules)


@pytest.mark.parametrize("text", MAP_TEXTS, ids=[f"text{i}" for i in range(len(MAP_TEXTS))])
def test_kept_and_removed_cover_the_original(text: str, rules: Rules) -> None:
    """Each original character is either kept (some normalized char maps to it) or removed."""
    norm = normalize(text, rules)
    kept = {norm.map.to_original(i) for i in range(len(norm.text))}
    removed = set()
    for s, e, _ in norm.removed:
        removed.update(range(s, e))
    assert not kept & removed, "a character both kept and removed"
    assert kept | removed == set(range(len(text)))


def test_removed_debris_spans_point_at_the_debris(rules: Rules) -> None:
    text = "下载\n打印\n【字号：大 中 小】\n青禾区2026年政府工作报告\n全年增长5%。\n3\n完成投资1,200亿元。\n"
    norm = normalize(text, rules)
    by_text = {text[s:e]: (s, e, reason) for s, e, reason in norm.removed}
    for debris in ("下载", "打印", "【字号：大 中 小】"):
        s, e, reason = by_text[debris]
        assert (s, e) == (text.index(debris), text.index(debris) + len(debris))
        assert reason == "web debris"
    # the title survives and maps back to where it stands in the original
    title = "青禾区2026年政府工作报告"
    i = norm.text.index(title)
    assert norm.span(i, i + len(title)) == (text.index(title), text.index(title) + len(title))
    # a span across a deleted thousands separator maps to the whole original number
    n = norm.text.index("1200亿元")
    s, e = norm.span(n, n + len("1200亿元"))
    assert text[s:e] == "1,200亿元"


def test_span_across_joined_line_break(rules: Rules) -> None:
    text = "过去一年，全县经济运行稳中有进，城乡居民人均可支配收\n入增长6.2%，城乡收入差距继续缩小。\n"
    norm = normalize(text, rules)
    i = norm.text.index("人均可支配收入")
    s, e = norm.span(i, i + len("人均可支配收入"))
    assert text[s:e] == "人均可支配收\n入"


def test_empty_text(rules: Rules) -> None:
    norm = normalize("", rules)
    assert norm.text == ""
    assert norm.removed == ()
    assert norm.span(0, 0) == (0, 0)

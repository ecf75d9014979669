"""Render: a document or a year-over-year diff as one self-contained HTML page, for people.

The page is a single file with its CSS and script inline and nothing fetched, so it can be
mailed, archived or opened from disk. A Content-Security-Policy allows only that inline CSS
and script (by hash) and no network: every piece of document text is escaped as well, so a
report that contains markup shows it and runs nothing. The same input gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import get_args

from plantool.analysis.diff import Diff, FieldChange, Match, TargetRef
from plantool.model import Document, Kind, Milestone, Number, Span, Strength, Target

COMPARATOR_SIGNS: dict[str, str] = {"eq": "", "approx": "≈", "ge": "≥", "le": "≤", "range": ""}
NAV_TITLE_CHARS = 40  # measure lead sentences run long; the nav shows their start

CSS = """
:root{--ink:#1d1f23;--muted:#5d6470;--line:#d9dce1;--bg:#fff;--soft:#f5f6f8;--accent:#1a56b8;
--binding:#ffd0cc;--binding-edge:#c62828;--aspirational:#ffe8b0;--aspirational-edge:#b26a00;
--planned:#d6e6ff;--planned-edge:#1a56b8;--result:#e8e8e8;--milestone:#d8f3dc;--milestone-edge:#2e7d32;
--up:#1b7f3b;--down:#c62828}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:var(--bg);line-height:1.6;
font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
header.top{padding:1rem 1.25rem;border-bottom:1px solid var(--line);background:var(--soft)}
h1{font-size:1.35rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.meta{color:var(--muted);font-size:.9rem;margin:0;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.6rem 0 0}
.counts li{background:var(--bg);border:1px solid var(--line);border-radius:999px;padding:.1rem .65rem;font-size:.85rem}
.counts b{font-variant-numeric:tabular-nums}
.layout{display:grid;grid-template-columns:minmax(14rem,18rem) minmax(0,1fr);gap:0 1.5rem;padding:0 1.25rem 3rem}
.layout.single{grid-template-columns:minmax(0,1fr)}
nav.outline{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:.75rem 0;font-size:.88rem}
nav.outline summary{font-weight:600;cursor:pointer}
nav.outline ol{list-style:none;margin:0;padding-left:.9rem}
nav.outline>details>ol{padding-left:0}
nav.outline a{display:block;color:var(--accent);text-decoration:none;padding:.1rem 0;
white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav.outline a:hover,nav.outline a:focus{text-decoration:underline}
nav.outline .n{color:var(--muted);font-variant-numeric:tabular-nums}
main{min-width:0}
.legend{display:flex;flex-wrap:wrap;gap:.5rem;font-size:.85rem;margin:.5rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.filters select,.filters input{font:inherit;font-size:.9rem;padding:.25rem .4rem;border:1px solid var(--line);
border-radius:4px;min-width:8rem;max-width:100%;background:var(--bg);color:var(--ink)}
.filters output{font-size:.85rem;color:var(--muted);padding-bottom:.3rem}
.tablebox{max-height:55vh;overflow:auto;border:1px solid var(--line);border-radius:6px}
.tablebox.tall{max-height:none}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:var(--soft);z-index:1}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
td.quote{color:var(--muted);min-width:12rem}
tbody tr[data-target]{cursor:pointer}
tbody tr[data-target]:hover,tbody tr:focus{background:#eef4ff;outline:none}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:1.02rem;line-height:1.9;max-width:48rem}
.text [id]{scroll-margin-top:4rem}
.h-section{font-size:1.25em;font-weight:700}
.h-pillar{font-size:1.1em;font-weight:700;color:#0f3d82}
.h-measure{font-weight:600}
a.anchor{display:inline}
mark{color:inherit;border-radius:3px;padding:0 .05em;position:relative}
mark:focus{outline:2px solid var(--accent);outline-offset:1px}
mark.target{border-bottom:2px solid}
mark.binding{background:var(--binding);border-color:var(--binding-edge)}
mark.aspirational{background:var(--aspirational);border-color:var(--aspirational-edge)}
mark.planned{background:var(--planned);border-color:var(--planned-edge)}
mark.restatement{border-bottom-style:dashed}
mark.result{background:var(--result);border-bottom:2px dotted #777}
mark.milestone{background:var(--milestone);border-bottom:2px solid var(--milestone-edge)}
mark[data-tip]:hover::after,mark[data-tip]:focus::after{content:attr(data-tip);position:absolute;left:0;top:100%;
z-index:5;margin-top:.2rem;width:max-content;max-width:min(22rem,80vw);white-space:pre-line;
background:#22252b;color:#fff;font-size:.8rem;line-height:1.45;font-weight:400;padding:.35rem .55rem;
border-radius:5px;box-shadow:0 2px 8px rgba(0,0,0,.25);pointer-events:none}
mark.flash{animation:flash 1.6s ease-out}
@keyframes flash{0%,30%{box-shadow:0 0 0 4px #ffb300}100%{box-shadow:0 0 0 0 transparent}}
.chip{display:inline-block;border-radius:4px;padding:0 .35rem;font-size:.8rem;white-space:nowrap}
.chip.binding{background:var(--binding)}.chip.aspirational{background:var(--aspirational)}
.chip.planned{background:var(--planned)}.chip.result{background:var(--result)}
.chip.milestone{background:var(--milestone)}
.chip.changed{background:#ffe8b0}.chip.unchanged{background:var(--soft)}
.chip.met{background:#cdeed4}.chip.exceeded{background:#cfe0fa}.chip.missed{background:#f8cfcf}
.chip.added{background:#d8f3dc}.chip.dropped{background:#ffd0cc}
.delta.up,tr.up td.new b{color:var(--up)}.delta.down,tr.down td.new b{color:var(--down)}
.delta{font-weight:700;white-space:nowrap}
td.side{min-width:11rem}
td.side .ind{font-weight:600}
td.side .q{color:var(--muted);font-size:.82rem}
tr.added td.old,tr.dropped td.new{background:repeating-linear-gradient(135deg,var(--soft) 0 6px,#fff 6px 12px)}
tr.added{box-shadow:inset 4px 0 0 #2e7d32}tr.dropped{box-shadow:inset 4px 0 0 var(--down)}
tr.changed{box-shadow:inset 4px 0 0 #b26a00}
ul.plain{padding-left:1.2rem;margin:.25rem 0}
.empty{color:var(--muted)}
@media (max-width:800px){
.layout{grid-template-columns:1fr;padding:0 .75rem 2rem}
header.top{padding:.75rem}
nav.outline{position:static;max-height:none;border-bottom:1px solid var(--line)}
.tablebox{max-height:60vh}
.text{font-size:1rem}
}
@media (prefers-reduced-motion:reduce){mark.flash{animation:none;outline:3px solid #ffb300}}
"""

# One script for both pages: tables with [data-table] filter by their selects (by the row's
# data attribute of the same name) and free text; a row with data-target jumps to that mark.
SCRIPT = """
(function () {
  "use strict";
  var nav = document.querySelector("nav.outline details");
  if (nav && window.matchMedia("(max-width: 800px)").matches) { nav.open = false; }
  function jump(row) {
    var el = row.dataset.target ? document.getElementById(row.dataset.target) : null;
    if (!el) { return; }
    el.scrollIntoView({block: "center", inline: "nearest"});
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
    el.focus({preventScroll: true});
    window.setTimeout(function () { el.classList.remove("flash"); }, 1700);
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-table]"), function (box) {
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-filter]"));
    var text = box.querySelector("input[data-filter-text]");
    var shown = box.querySelector("output[data-shown]");
    function apply() {
      var q = text ? text.value.trim().toLowerCase() : "";
      var n = 0;
      rows.forEach(function (row) {
        var ok = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
        selects.forEach(function (s) {
          if (s.value !== "*" && row.getAttribute("data-" + s.dataset.filter) !== s.value) { ok = false; }
        });
        row.hidden = !ok;
        if (ok) { n += 1; }
      });
      if (shown) { shown.textContent = n + " of " + rows.length + " shown"; }
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    if (text) { text.addEventListener("input", apply); }
    box.addEventListener("click", function (e) {
      var row = e.target.closest("tbody tr[data-target]");
      if (row) { e.preventDefault(); jump(row); }
    });
    box.addEventListener("keydown", function (e) {
      var row = e.target.closest("tbody tr[data-target]");
      if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); jump(row); }
    });
    apply();
  });
})();
"""


def render_document(doc: Document, text: str) -> str:
    """A page of the report's text with its targets, results and milestones marked in place,
    an outline of its sections, pillars and measures, and a filterable table of the targets.

    `text` is the original decoded text the spans index (`read_source(path).text`); marks that
    would overlap an earlier one are left out, so that the markup always nests.
    """
    marks = [_target_mark(t) for t in doc.targets]
    marks += [_result_mark(r) for r in doc.results]
    marks += [_milestone_mark(m) for m in doc.milestones]
    headings = [
        _Element(s.id, s.title_span, f'<span class="h-section" id="{_e(s.id)}">', "</span>") for s in doc.sections
    ]
    headings += [
        _Element(p.id, p.title_span, f'<span class="h-pillar" id="{_e(p.id)}">', "</span>") for p in doc.pillars
    ]
    headings += [
        _Element(m.id, m.title_span, f'<span class="h-measure" id="{_e(m.id)}">', "</span>") for m in doc.measures
    ]
    anchors = {s.id: s.span.start for s in doc.sections}
    anchors.update({p.id: p.span.start for p in doc.pillars})
    anchors.update({m.id: m.span.start for m in doc.measures})
    body, placed = _markup(text, marks, headings, anchors)

    title = doc.title or doc.source.path
    meta = " · ".join(x for x in (doc.source.path, f"year {doc.year}" if doc.year else "", doc.region or "") if x)
    strengths = Counter(t.strength for t in doc.targets)
    restatements = sum(t.restates is not None for t in doc.targets)
    counts = [
        ("targets", len(doc.targets), ""),
        ("restatements", restatements, ""),
        *((s, strengths[s], s) for s in get_args(Strength)),
        ("results", len(doc.results), "result"),
        ("milestones", len(doc.milestones), "milestone"),
        ("sections", len(doc.sections), ""),
        ("pillars", len(doc.pillars), ""),
        ("measures", len(doc.measures), ""),
    ]
    parts = [
        '<header class="top">',
        f'<h1 lang="zh">{_e(title)}</h1>',
        f'<p class="meta">{_e(meta)}</p>',
        '<ul class="counts" id="ui-counts">',
        *(
            f'<li data-count="{_e(name)}"><b>{n}</b> {_e(name)}</li>'
            if not cls
            else f'<li data-count="{_e(name)}"><span class="chip {cls}"><b>{n}</b> {_e(name)}</span></li>'
            for name, n, cls in counts
        ),
        "</ul>",
        "</header>",
        '<div class="layout">',
        _outline(doc),
        "<main>",
        _targets_table(doc, placed),
        '<h2 id="ui-text-title">Text</h2>',
        '<p class="legend">'
        + "".join(f'<span class="chip {s}">{s}</span>' for s in get_args(Strength))
        + '<span class="chip result">result</span><span class="chip milestone">milestone</span></p>',
        f'<article class="text" id="ui-text" lang="zh">{body}</article>',
        "</main>",
        "</div>",
    ]
    return _page(title, "\n".join(parts))


def render_diff(diff: Diff) -> str:
    """A page of two plans' targets side by side: matched ones on one row with what changed
    (up or down by arrow and colour), then those added and dropped, and the pillar changes."""
    old, new = diff.old, diff.new
    old_name, new_name = _doc_name(old.title, old.year, old.path), _doc_name(new.title, new.year, new.path)
    changed = sum(m.status == "changed" for m in diff.matched)
    counts = [
        ("matched", len(diff.matched)),
        ("changed", changed),
        ("unchanged", len(diff.matched) - changed),
        ("added", len(diff.added)),
        ("dropped", len(diff.dropped)),
        ("pillars added", len(diff.pillars_added)),
        ("pillars dropped", len(diff.pillars_dropped)),
        ("pillars renamed", len(diff.pillars_renamed)),
    ]
    rows = [_match_row(m) for m in diff.matched]
    rows += [_one_side_row("added", t) for t in diff.added]
    rows += [_one_side_row("dropped", t) for t in diff.dropped]
    statuses = ("changed", "unchanged", "added", "dropped")
    title = f"{old_name} → {new_name}"
    parts = [
        '<header class="top">',
        f'<h1 lang="zh">{_e(title)}</h1>',
        f'<p class="meta">old: {_e(old.path)} · new: {_e(new.path)}</p>',
        f'<p class="meta" id="ui-verdict">{"the targets are the same" if diff.same else "the targets differ"}</p>',
        '<ul class="counts" id="ui-counts">',
        *(f'<li data-count="{_e(name)}"><b>{n}</b> {_e(name)}</li>' for name, n in counts),
        "</ul>",
        "</header>",
        '<div class="layout single"><main>',
        '<section data-table id="ui-targets">',
        "<h2>Targets</h2>",
        '<div class="filters">',
        _select("status", "Status", [(s, s) for s in statuses]),
        '<label>Search<input type="search" data-filter-text placeholder="indicator, text…"></label>',
        "<output data-shown></output>",
        "</div>",
        '<div class="tablebox tall"><table>',
        (
            f'<thead><tr><th>Status</th><th lang="zh">{_e(old_name)}</th><th>Change</th>'
            f'<th lang="zh">{_e(new_name)}</th><th>What changed</th></tr></thead>'
        ),
        "<tbody>",
        *rows,
        "</tbody></table></div>",
        "</section>",
        _pillar_changes(diff),
        "</main></div>",
    ]
    return _page(title, "\n".join(parts))


def render_tracking(title: str, subtitle: str, rows: list[dict[str, object]], columns: list[str]) -> str:
    """A page of verdicts (plantool track): one row per target (or indicator and year), the
    verdict as a coloured chip, filtering by verdict and text."""
    verdicts = sorted({str(r["verdict"]) for r in rows})
    counts = [(v, sum(1 for r in rows if r["verdict"] == v)) for v in verdicts]
    body = [
        '<header class="top">',
        f'<h1 lang="zh">{_e(title)}</h1>',
        f'<p class="meta">{_e(subtitle)}</p>',
        '<ul class="counts" id="ui-counts">',
        *(f'<li data-count="{_e(v)}"><b>{n}</b> {_e(v)}</li>' for v, n in counts),
        "</ul>",
        "</header>",
        '<div class="layout single"><main>',
        '<section data-table id="ui-verdicts">',
        "<h2>Targets and outcomes</h2>",
        '<div class="filters">',
        _select("verdict", "Verdict", [(v, v) for v in verdicts]),
        '<label>Search<input type="search" data-filter-text placeholder="indicator, text…"></label>',
        "<output data-shown></output>",
        "</div>",
        '<div class="tablebox tall"><table>',
        "<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr></thead>",
        "<tbody>",
        *(
            f'<tr data-verdict="{_e(str(r["verdict"]))}">'
            + "".join(_tracking_cell(c, r.get(c)) for c in columns)
            + "</tr>"
            for r in rows
        ),
        "</tbody></table></div>",
        "</section>",
        "</main></div>",
    ]
    return _page(title, "\n".join(body))


def _tracking_cell(column: str, value: object) -> str:
    text = "" if value is None else str(value)
    if column == "verdict":
        return f'<td><span class="chip {_e(text.replace(" ", "-"))}">{_e(text)}</span></td>'
    return f'<td lang="zh">{_e(text)}</td>'


@dataclass(frozen=True)
class _Element:
    """Markup around a span of the text: a highlight or a heading."""

    id: str
    span: Span
    open: str
    close: str


def _markup(
    text: str, marks: Sequence[_Element], headings: Sequence[_Element], anchors: dict[str, int]
) -> tuple[str, set[str]]:
    """The escaped text with marks and headings inserted, and the ids of the marks placed.

    Marks are placed in the order given, each only where it overlaps none placed before (so
    the targets, given first, are never crowded out). A heading is placed, carrying its item's
    id, where it nests with every placed element; an item whose heading cannot be gets an empty
    anchor with its id at its start instead (moved to the start of a mark it would split).
    """
    size = len(text)
    placed: list[_Element] = []
    for m in marks:
        if _valid(m.span, size) and all(_disjoint(m.span, p.span) for p in placed):
            placed.append(m)
    marked = list(placed)
    for h in headings:
        if _valid(h.span, size) and all(_disjoint(h.span, p.span) or _nested(h.span, p.span) for p in placed):
            placed.append(h)
    with_heading = {h.id for h in placed[len(marked) :]}
    points: dict[int, list[str]] = {}
    for id_, offset in anchors.items():
        if id_ in with_heading:
            continue
        offset = min(max(offset, 0), size)
        offset = next((m.span.start for m in marked if m.span.start < offset < m.span.end), offset)
        points.setdefault(offset, []).append(f'<a class="anchor" id="{_e(id_)}"></a>')
    # Outer before inner where two start together; a heading around a mark of the same span.
    order = sorted(range(len(placed)), key=lambda k: (placed[k].span.start, -placed[k].span.end, k < len(marked), k))
    opens = [placed[k] for k in order]
    stops = sorted({0, size, *points, *(e.span.start for e in placed), *(e.span.end for e in placed)})
    out: list[str] = []
    stack: list[_Element] = []
    pos = i = 0
    for stop in stops:
        out.append(escape(text[pos:stop]))
        pos = stop
        while stack and stack[-1].span.end == stop:
            out.append(stack.pop().close)
        out.extend(points.get(stop, []))
        while i < len(opens) and opens[i].span.start == stop:
            out.append(opens[i].open)
            stack.append(opens[i])
            i += 1
    return "".join(out), {m.id for m in marked}


def _valid(span: Span, size: int) -> bool:
    return 0 <= span.start < span.end <= size


def _disjoint(a: Span, b: Span) -> bool:
    return a.end <= b.start or b.end <= a.start


def _nested(a: Span, b: Span) -> bool:
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _target_mark(t: Target) -> _Element:
    classes = f"target {t.strength or 'planned'}" + (" restatement" if t.restates else "")
    attrs = _attrs(
        {
            "class": classes,
            "id": t.id,
            "tabindex": "0",
            "data-indicator": t.indicator,
            "data-value": _num(t.value),
            "data-low": _num(t.low),
            "data-high": _num(t.high),
            "data-unit": t.unit,
            "data-comparator": t.comparator,
            "data-kind": t.kind,
            "data-strength": t.strength,
            "data-deadline": None if t.deadline is None else str(t.deadline),
            "data-pillar": t.pillar,
            "data-measure": t.measure,
            "data-restates": t.restates,
            "data-tip": _tip(t, t.strength or ""),
        }
    )
    return _Element(t.id, t.span, f"<mark {attrs}>", "</mark>")


def _result_mark(r: Target) -> _Element:
    attrs = _attrs(
        {
            "class": "result",
            "id": r.id,
            "tabindex": "0",
            "data-indicator": r.indicator,
            "data-value": _num(r.value),
            "data-low": _num(r.low),
            "data-high": _num(r.high),
            "data-unit": r.unit,
            "data-comparator": r.comparator,
            "data-kind": r.kind,
            "data-tip": _tip(r, "result"),
        }
    )
    return _Element(r.id, r.span, f"<mark {attrs}>", "</mark>")


def _milestone_mark(m: Milestone) -> _Element:
    tip = f"{m.id} · milestone · {m.strength}\n{m.verb} {m.object}"
    attrs = _attrs(
        {
            "class": "milestone",
            "id": m.id,
            "tabindex": "0",
            "data-verb": m.verb,
            "data-object": m.object,
            "data-strength": m.strength,
            "data-pillar": m.pillar,
            "data-tip": tip,
        }
    )
    return _Element(m.id, m.span, f"<mark {attrs}>", "</mark>")


def _tip(t: Target, label: str) -> str:
    """What a highlight says on hover or focus: the parsed target, its number in base units."""
    lines = [f"{t.id} · {label}" if label else t.id, t.indicator, f"{_amount(t)}  (as written: {t.raw})"]
    detail = [f"comparator {t.comparator}", f"kind {t.kind}"]
    if t.deadline is not None:
        detail.append(f"by {t.deadline}")
    lines.append(" · ".join(detail))
    if t.change is not None:
        lines.append(f"change: {t.change.text}")
    if t.restates:
        lines.append(f"restates {t.restates}")
    return "\n".join(lines)


def _amount(t: Target | TargetRef) -> str:
    """The normalized number with its comparator and base unit: ≥ 100 列, 5–5.5 %."""
    if t.value is None:
        number = f"{_grouped(t.low) or '?'}–{_grouped(t.high) or '?'}"
    else:
        number = _grouped(t.value)
    sign = COMPARATOR_SIGNS.get(t.comparator, t.comparator)
    return " ".join(x for x in (sign, number, t.unit) if x)


def _num(x: Number | None) -> str | None:
    """A number as the JSON output writes it: integral floats without .0, others shortest."""
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)


def _grouped(x: Number | None) -> str:
    """A number for reading: 1300000000000 as 1,300,000,000,000."""
    text = _num(x) or ""
    whole, dot, fraction = text.partition(".")
    if not whole.lstrip("-").isdigit():
        return text
    return f"{int(whole):,}{dot}{fraction}"


def _outline(doc: Document) -> str:
    """Sections, the pillars in them and the measures in those, as nested links."""
    per_pillar = Counter(t.pillar for t in doc.targets)
    measures = {m.id: m for m in doc.measures}

    def pillar_item(p_id: str) -> str:
        p = next(x for x in doc.pillars if x.id == p_id)
        items = [
            f'<li><a href="#{_e(m.id)}" title="{_e(m.title)}" lang="zh">{_e(_short(m.title))}</a></li>'
            for mid in p.measures
            if (m := measures.get(mid)) is not None
        ]
        sub = f"<ol>{''.join(items)}</ol>" if items else ""
        n = per_pillar[p.id]
        return (
            f'<li><a href="#{_e(p.id)}" title="{_e(p.title)}"><span lang="zh">{_e(_short(p.title))}</span>'
            f' <span class="n">{n}</span></a>{sub}</li>'
        )

    items: list[str] = []
    section_ids = {s.id for s in doc.sections}
    loose = [p.id for p in doc.pillars if p.section not in section_ids]
    items.extend(pillar_item(pid) for pid in loose)
    for s in doc.sections:
        inner = [pillar_item(p.id) for p in doc.pillars if p.section == s.id]
        sub = f"<ol>{''.join(inner)}</ol>" if inner else ""
        items.append(f'<li><a href="#{_e(s.id)}" title="{_e(s.title)}" lang="zh">{_e(_short(s.title))}</a>{sub}</li>')
    if not items:
        items.append('<li class="empty">no sections or pillars found</li>')
    return (
        '<nav class="outline" aria-label="Outline"><details open><summary>Outline</summary><ol>'
        '<li><a href="#ui-targets">Targets table</a></li><li><a href="#ui-text-title">Text</a></li>'
        + "".join(items)
        + "</ol></details></nav>"
    )


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= NAV_TITLE_CHARS else title[: NAV_TITLE_CHARS - 1] + "…"


def _targets_table(doc: Document, placed: set[str]) -> str:
    """Every target as a row that filters by pillar, kind, strength and text, and jumps to its mark."""
    pillars = {p.id: p.title for p in doc.pillars}
    pillar_options = [(p.id, f"{p.id} {_short(p.title)}") for p in doc.pillars]
    if any(t.pillar is None for t in doc.targets):
        pillar_options.append(("", "(outside any pillar)"))
    rows = []
    for t in doc.targets:
        attrs = _attrs(
            {
                "data-id": t.id,
                "data-target": t.id if t.id in placed else None,
                "data-pillar": t.pillar or "",
                "data-kind": t.kind,
                "data-strength": t.strength or "",
                "tabindex": "0" if t.id in placed else None,
            }
        )
        pillar = pillars.get(t.pillar or "", "")
        restates = f' <span class="chip">restates {_e(t.restates)}</span>' if t.restates else ""
        rows.append(
            f"<tr {attrs}>"
            f'<td><a href="#{_e(t.id)}">{_e(t.id)}</a></td>'
            f'<td lang="zh">{_e(t.indicator)}{restates}</td>'
            f'<td class="num">{_e(_amount(t))}</td>'
            f"<td>{_e(t.kind)}</td>"
            f'<td><span class="chip {_e(t.strength or "")}">{_e(t.strength or "")}</span></td>'
            f'<td lang="zh" title="{_e(pillar)}">{_e(t.pillar or "")}</td>'
            f"<td>{_e(t.measure or '')}</td>"
            f'<td class="num">{"" if t.deadline is None else t.deadline}</td>'
            f'<td class="quote" lang="zh">{_e(t.text)}</td>'
            "</tr>"
        )
    empty = '<tr><td colspan="9" class="empty">no targets</td></tr>' if not rows else ""
    return "\n".join(
        [
            '<section data-table id="ui-targets">',
            "<h2>Targets</h2>",
            '<div class="filters">',
            _select("pillar", "Pillar", pillar_options),
            _select("kind", "Kind", [(k, k) for k in get_args(Kind)]),
            _select("strength", "Strength", [(s, s) for s in get_args(Strength)]),
            '<label>Search<input type="search" data-filter-text placeholder="indicator, text, unit…"></label>',
            "<output data-shown></output>",
            "</div>",
            '<div class="tablebox"><table>',
            (
                "<thead><tr><th>ID</th><th>Indicator</th><th>Target</th><th>Kind</th><th>Strength</th>"
                "<th>Pillar</th><th>Measure</th><th>By</th><th>Text</th></tr></thead>"
            ),
            "<tbody>",
            *rows,
            empty,
            "</tbody></table></div>",
            "</section>",
        ]
    )


def _select(field: str, label: str, options: Iterable[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{_e(v)}">{_e(text)}</option>' for v, text in options)
    return f'<label>{_e(label)}<select data-filter="{_e(field)}"><option value="*">all</option>{opts}</select></label>'


def _doc_name(title: str | None, year: int | None, path: str) -> str:
    return str(year) if year else (title or path)


def _side(t: TargetRef) -> str:
    strength = f' <span class="chip {_e(t.strength)}">{_e(t.strength)}</span>' if t.strength else ""
    deadline = f" · by {t.deadline}" if t.deadline is not None else ""
    return (
        f'<div class="ind" lang="zh">{_e(t.indicator)}</div>'
        f"<div><b>{_e(_amount(t))}</b> · {_e(t.kind)}{deadline}{strength}</div>"
        f'<div class="q" lang="zh">{_e(t.text)}</div>'
    )


def _match_row(m: Match) -> str:
    direction = _direction(m.old, m.new)
    value = next((c for c in m.changes if c.field == "value" and c.difference is not None), None)
    if direction == "up":
        delta = f'<span class="delta up" title="higher">▲ {_e(_signed(value, m.new.unit))}</span>'
    elif direction == "down":
        delta = f'<span class="delta down" title="lower">▼ {_e(_signed(value, m.new.unit))}</span>'
    elif m.status == "changed":
        delta = '<span class="delta">→</span>'
    else:
        delta = '<span class="delta">=</span>'
    attrs = _attrs(
        {"class": f"{m.status} {direction}".strip(), "data-status": m.status, "data-direction": direction or None}
    )
    return (
        f"<tr {attrs}>"
        f'<td><span class="chip {m.status}">{m.status}</span></td>'
        f'<td class="side old">{_side(m.old)}</td>'
        f"<td>{delta}</td>"
        f'<td class="side new">{_side(m.new)}</td>'
        f"<td>{_changes(m.changes)}</td>"
        "</tr>"
    )


def _one_side_row(status: str, t: TargetRef) -> str:
    old, new = ("", _side(t)) if status == "added" else (_side(t), "")
    sign = "+" if status == "added" else "−"
    return (
        f'<tr class="{status}" data-status="{status}">'
        f'<td><span class="chip {status}">{status}</span></td>'
        f'<td class="side old">{old}</td>'
        f'<td><span class="delta">{sign}</span></td>'
        f'<td class="side new">{new}</td>'
        "<td></td>"
        "</tr>"
    )


def _direction(old: TargetRef, new: TargetRef) -> str:
    """up or down when the level moved in the same unit (a range counts at its middle), else empty."""
    a, b = _level(old), _level(new)
    if a is None or b is None or old.unit != new.unit or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return ""
    return "up" if b > a else "down"


def _level(t: TargetRef) -> float | None:
    if t.value is not None:
        return float(t.value)
    bounds = [float(x) for x in (t.low, t.high) if x is not None]
    return sum(bounds) / len(bounds) if bounds else None


def _signed(change: FieldChange | None, unit: str) -> str:
    if change is None or not isinstance(change.difference, int | float):
        return ""
    d = change.difference
    return f"{'+' if d > 0 else ''}{_grouped(d)} {unit}".strip()


def _changes(changes: list[FieldChange]) -> str:
    if not changes:
        return ""
    items = [f"<li>{_e(c.field)}: {_e(_value(c.old))} → {_e(_value(c.new))}</li>" for c in changes]
    return f'<ul class="plain">{"".join(items)}</ul>'


def _value(x: Number | str | None) -> str:
    if x is None:
        return "–"
    return x if isinstance(x, str) else _grouped(x)


def _pillar_changes(diff: Diff) -> str:
    def listing(items: list[str]) -> str:
        return f'<ul class="plain" lang="zh">{"".join(items)}</ul>' if items else '<p class="empty">none</p>'

    added = [f"<li>{_e(p.id)} {_e(p.title)}</li>" for p in diff.pillars_added]
    dropped = [f"<li>{_e(p.id)} {_e(p.title)}</li>" for p in diff.pillars_dropped]
    renamed = [
        f'<li>{_e(r.old.title)} → {_e(r.new.title)} <span class="n">({r.similarity:.2f})</span></li>'
        for r in diff.pillars_renamed
    ]
    return "\n".join(
        [
            '<section id="ui-pillars"><h2>Pillars</h2>',
            '<h3 class="added">Added</h3>',
            listing(added),
            '<h3 class="dropped">Dropped</h3>',
            listing(dropped),
            "<h3>Renamed</h3>",
            listing(renamed),
            "</section>",
        ]
    )


def _attrs(values: dict[str, str | None]) -> str:
    """Escaped attributes, in the order given; None leaves one out."""
    return " ".join(f'{k}="{_e(v)}"' for k, v in values.items() if v is not None)


def _e(s: str) -> str:
    return escape(s, quote=True)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title: str, body: str) -> str:
    """The page around a body: inline CSS and script, both allowed by hash and nothing else."""
    policy = (
        f"default-src 'none'; style-src {_hash(CSS)}; script-src {_hash(SCRIPT)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="plantool">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>{CSS}</style>\n"
        f"</head>\n<body>\n{body}\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )

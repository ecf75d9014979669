"""Evaluate: score an extraction against a gold annotation, as ../shared/eval/score.py does.

A gold file (spec/targets.md) locates each target by a quote; a prediction matches a gold
target when their spans overlap and their numbers agree. Detection precision, recall and
F1 count required gold only; field accuracies (unit, comparator, kind, strength) and the
indicator's character F1 are taken over all matched pairs; pillars are matched by title.
Several documents are summed into a micro average. A gold file that annotates part of its report
(`scope`: the stretches annotated) is scored there only; one layer (the plan years' targets, or the
periods') may be scored alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from plantool.errors import PlantoolError
from plantool.model import Document, Horizon, Target
from plantool.output.serialize import to_json
from plantool.pipeline import extract
from plantool.pipeline.read import read_source
from plantool.rules import Rules, read_yaml
from plantool.rules.identity import char_f1, strip_punct

UNIT_ALIASES = {"名": "人", "位": "人", "千米": "公里", "度": "千瓦时"}
COMPARATOR_ALIASES = {"gt": "ge", "lt": "le"}
FIVE_YEAR_FIELDS = ("horizon", "basis", "period")
FIELDS = ("unit", "comparator", "kind", "strength", *FIVE_YEAR_FIELDS)
# The role of an item: a result (review), or a target of the plan year (annual) or of a period.
ROLES = ("annual", "period", "review")


class GoldTarget(BaseModel):
    model_config = ConfigDict(extra="allow")
    quote: str
    occurrence: int = 1
    indicator: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    comparator: str | None = None
    kind: str | None = None
    strength: str | None = None
    horizon: str | None = None
    period: dict[str, int] | None = None
    basis: str | None = None
    optional: bool = False


class GoldPillar(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str
    measures: int | None = None


class GoldScope(BaseModel):
    """A stretch of the report that is annotated: from the start of `from` to the end of `to` (the
    first occurrence of each, `to` after `from`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: str = Field(alias="from")
    to: str


class Gold(BaseModel):
    model_config = ConfigDict(extra="allow")
    document: str | None = None
    title: str | None = None
    scope: list[GoldScope] = []
    pillars: list[GoldPillar] = []
    targets: list[GoldTarget] = []
    results: list[GoldTarget] = []


@dataclass
class Score:
    """The counts behind one document's figures; counts add up into a micro average."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    field_hits: Counter[str] = field(default_factory=Counter)
    field_totals: Counter[str] = field(default_factory=Counter)
    indicator_f1s: list[float] = field(default_factory=list)
    pillars_gold: int = 0
    pillars_predicted: int = 0
    pillars_hit: int = 0
    measure_counts_right: int = 0
    role_hits: Counter[str] = field(default_factory=Counter)  # gold items read in their role, by role
    role_totals: Counter[str] = field(default_factory=Counter)  # gold items found (as target or result), by role
    results_gold: int = 0  # required gold results
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "tp",
            "fp",
            "fn",
            "pillars_gold",
            "pillars_predicted",
            "pillars_hit",
            "measure_counts_right",
            "results_gold",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.field_hits.update(other.field_hits)
        self.field_totals.update(other.field_totals)
        self.role_hits.update(other.role_hits)
        self.role_totals.update(other.role_totals)
        self.indicator_f1s.extend(other.indicator_f1s)

    def figures(self) -> dict[str, Any]:
        """The figures in score.py's names and rounding; a document with no target to find and none
        found has no precision, recall or F1 (None), where score.py writes 0."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        empty = not (self.tp or self.fp or self.fn)
        out: dict[str, Any] = {
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": None if empty else round(precision, 4),
            "recall": None if empty else round(recall, 4),
            "f1": None if empty else round(f1, 4),
        }
        for name in FIELDS:
            total = self.field_totals[name]
            if total or name not in FIVE_YEAR_FIELDS:  # as score.py: the five-year layer where gold gives it
                out[f"{name}_acc"] = round(self.field_hits[name] / total, 4) if total else None
        if self.role_totals:
            out["role_acc"] = round(sum(self.role_hits.values()) / sum(self.role_totals.values()), 4)
            for role in ROLES:
                if self.role_totals[role]:
                    out[f"role_{role}"] = round(self.role_hits[role] / self.role_totals[role], 4)
        if self.results_gold:
            out["results_found"] = round(self.role_totals["review"] / self.results_gold, 4)
        out["indicator_f1"] = (
            round(sum(self.indicator_f1s) / len(self.indicator_f1s), 4) if self.indicator_f1s else None
        )
        if self.pillars_gold:
            out["pillar_recall"] = round(self.pillars_hit / self.pillars_gold, 4)
            out["pillar_precision"] = (
                round(self.pillars_hit / self.pillars_predicted, 4) if self.pillars_predicted else 0.0
            )
            out["measure_count_acc"] = round(self.measure_counts_right / self.pillars_gold, 4)
        return out


def load_gold(path: Path) -> Gold:
    """Read a gold file safely and check its shape; errors name the file and key."""
    data = read_yaml(path)
    try:
        return Gold.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise PlantoolError(f"{path}: {where}: {err['msg']}") from exc


def gold_document(gold_path: Path, gold: Gold) -> Path:
    """The report a gold file annotates: its `document`, relative to the gold file."""
    if not gold.document:
        raise PlantoolError(f"{gold_path}: no `document` key; give the report as DOC")
    return (gold_path.parent / gold.document).resolve()


def _locate(text: str, quote: str, occurrence: int, where: Path) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise PlantoolError(f"{where}: gold quote not found (occurrence {occurrence}): {quote}")
    return start, start + len(quote)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _numbers_agree(g: GoldTarget, p: Target) -> bool:
    if g.value is not None:
        return _same_number(g.value, _float(p.value))
    return _same_number(g.low, _float(p.low)) and _same_number(g.high, _float(p.high))


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)


def _canon(name: str, value: object) -> str:
    text = str(value or "")
    if name == "unit":
        text = strip_punct(text)
        return UNIT_ALIASES.get(text, text)
    if name == "comparator":
        return COMPARATOR_ALIASES.get(text.lower(), text.lower())
    if name == "period":  # as score.py: the period's last year
        end = value.get("end") if isinstance(value, dict) else getattr(value, "end", None)
        return str(end)
    return text.lower()


def _stretches(gold: Gold, text: str, where: Path) -> list[tuple[int, int]]:
    """Where the gold's scope lies in `text`; the whole text where it has none."""
    out = []
    for stretch in gold.scope:
        start = _locate(text, stretch.start, 1, where)[0]
        end = text.find(stretch.to, start)
        if end < 0:
            raise PlantoolError(f"{where}: scope end not found after its start: {stretch.to}")
        out.append((start, end + len(stretch.to)))
    return out or [(0, len(text))]


def _scoped(gold: Gold, doc: Document, text: str, where: Path, horizon: Horizon | None) -> tuple[Gold, Document]:
    """The gold and the extraction within the gold's scope, of one `horizon` if given (gold targets
    without one are annual)."""
    stretches = _stretches(gold, text, where)

    def inside(start: int) -> bool:
        return any(a <= start < b for a, b in stretches)

    targets = [t for t in doc.targets if inside(t.span.start) and horizon in (None, t.horizon)]
    results = [r for r in doc.results if inside(r.span.start)]
    golds = [g for g in gold.targets if horizon in (None, g.horizon or "annual")]
    return gold.model_copy(update={"targets": golds}), doc.model_copy(update={"targets": targets, "results": results})


def score_document(
    gold: Gold, text: str, doc: Document, name: str, where: Path, horizon: Horizon | None = None
) -> Score:
    """Score one extraction against its gold annotation of `text` (of one layer, if `horizon` is given)."""
    s = Score(name)
    gold, doc = _scoped(gold, doc, text, where, horizon)
    spans = [_locate(text, g.quote, g.occurrence, where) for g in gold.targets]
    preds = list(doc.targets)
    unmatched = set(range(len(preds)))
    pairs: list[tuple[GoldTarget, Target]] = []
    for g, (gs, ge) in zip(gold.targets, spans):
        best, best_overlap = None, 0
        for i in unmatched:
            p = preds[i]
            overlap = min(ge, p.span.end) - max(gs, p.span.start)
            if overlap > best_overlap and _numbers_agree(g, p):
                best, best_overlap = i, overlap
        if best is None:
            if not g.optional:
                s.fn += 1
                s.missed.append(g.quote)
            continue
        unmatched.discard(best)
        pairs.append((g, preds[best]))
        s.tp += not g.optional
    optional_spans = [span for g, span in zip(gold.targets, spans) if g.optional]
    for i in sorted(unmatched):
        p = preds[i]
        if any(min(ge, p.span.end) - max(gs, p.span.start) > 0 for gs, ge in optional_spans):
            continue
        s.fp += 1
        s.false_positives.append(text[p.span.start : p.span.end])
    for g, p in pairs:
        for name_ in FIELDS:
            expected = getattr(g, name_)
            if expected is not None:
                s.field_totals[name_] += 1
                s.field_hits[name_] += _canon(name_, expected) == _canon(name_, getattr(p, name_, None))
        if g.indicator:
            s.indicator_f1s.append(char_f1(p.indicator, g.indicator))
    _score_roles(gold, text, doc, where, s)
    if gold.pillars:
        got = {strip_punct(p.title): len(p.measures) for p in doc.pillars}
        want = [(strip_punct(p.title), p.measures) for p in gold.pillars]
        s.pillars_gold = len(want)
        s.pillars_predicted = len(doc.pillars)
        s.pillars_hit = sum(1 for title, _ in want if title in got)
        s.measure_counts_right = sum(got.get(title) == count for title, count in want)
    return s


def _score_roles(gold: Gold, text: str, doc: Document, where: Path, s: Score) -> None:
    """How each required gold item the extraction found, as a target or as a result, was read:
    a result (review), or a target of the plan year (annual) or of a period."""
    found = [(p, "review") for p in doc.results] + [(p, p.horizon) for p in doc.targets]
    for items, review in ((gold.targets, False), (gold.results, True)):
        for g in items:
            if g.optional:
                continue
            s.results_gold += review
            gs, ge = _locate(text, g.quote, g.occurrence, where)
            overlapping = [
                (min(ge, p.span.end) - max(gs, p.span.start), role)
                for p, role in found
                if min(ge, p.span.end) > max(gs, p.span.start) and _numbers_agree(g, p)
            ]
            if not overlapping:
                continue
            want = "review" if review else (g.horizon or "annual")
            s.role_totals[want] += 1
            s.role_hits[want] += max(overlapping, key=lambda o: o[0])[1] == want


@dataclass
class Evaluation:
    documents: list[Score]
    total: Score


def evaluate(
    gold_paths: list[Path], rules: Rules, document: Path | None = None, horizon: Horizon | None = None
) -> Evaluation:
    """Score each gold file (or every *.yaml of a folder) against the extraction of its report
    (its targets of one `horizon` only, if given).

    `document` overrides the report of a single gold file.
    """
    files: list[Path] = []
    for path in gold_paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            raise PlantoolError(f"{path}: gold file or folder not found")
    if not files:
        raise PlantoolError(f"no gold files (*.yaml) in {', '.join(map(str, gold_paths))}")
    if document is not None and len(files) > 1:
        raise PlantoolError("DOC goes with one gold file, not several")
    total = Score("micro average")
    scores = []
    for path in files:
        gold = load_gold(path)
        source = read_source(document if document is not None else gold_document(path, gold), rules=rules)
        s = score_document(gold, source.text, extract(source, rules=rules), path.stem, path, horizon)
        scores.append(s)
        total.add(s)
    return Evaluation(scores, total)


# (figure, short label for the terminal, label for Markdown)
EVAL_COLUMNS = (
    ("gold", "gold", "gold"),
    ("predicted", "pred", "pred"),
    ("precision", "P", "P"),
    ("recall", "R", "R"),
    ("f1", "F1", "F1"),
    ("unit_acc", "unit", "unit"),
    ("comparator_acc", "cmp", "comparator"),
    ("kind_acc", "kind", "kind"),
    ("strength_acc", "str", "strength"),
    ("indicator_f1", "ind", "indicator F1"),
    ("pillar_recall", "pil", "pillar recall"),
    ("measure_count_acc", "meas", "measure counts"),
)


def evaluation_rows(evaluation: Evaluation) -> list[tuple[str, dict[str, Any]]]:
    """One row per document, then the micro average."""
    return [(s.name, s.figures()) for s in [*evaluation.documents, evaluation.total]]


def evaluation_json(evaluation: Evaluation, show: bool = False) -> str:
    docs = []
    for s in evaluation.documents:
        row = {"document": s.name, **s.figures()}
        if show:
            row |= {"missed": s.missed, "false_positives": s.false_positives}
        docs.append(row)
    return to_json({"documents": docs, "micro_average": evaluation.total.figures()})


def eval_cell(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def evaluation_markdown(evaluation: Evaluation) -> str:
    head = "| document | " + " | ".join(label for _, _, label in EVAL_COLUMNS) + " |"
    rule = "| --- |" + " ---: |" * len(EVAL_COLUMNS)
    lines = [head, rule]
    for name, fig in evaluation_rows(evaluation):
        shown = f"**{name}**" if name == evaluation.total.name else name
        lines.append(f"| {shown} | " + " | ".join(eval_cell(fig.get(key)) for key, _, _ in EVAL_COLUMNS) + " |")
    return "\n".join(lines) + "\n"

"""plantool eval: score extractions against gold annotations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plantool.commands.options import RulesOption
from plantool.errors import PlantoolError

if TYPE_CHECKING:
    from plantool.workflows.evaluate import Evaluation


def eval_(
    gold: Annotated[
        list[Path],
        typer.Argument(metavar="GOLD...", help="Gold files (spec/targets.md format), or folders of them."),
    ],
    document: Annotated[
        Path | None,
        typer.Option(
            "--doc", metavar="REPORT", help="The report, for one gold file whose `document` is not right."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table (for people), md or json.")
    ] = "table",
    show: Annotated[bool, typer.Option("--show", help="List each miss and false positive.")] = False,
    min_f1: Annotated[
        float | None,
        typer.Option("--min-f1", metavar="F1", help="Exit 1 if micro-averaged F1 is below this."),
    ] = None,
    rules_dir: RulesOption = None,
) -> None:
    """Score extractions against gold annotations: per document and micro-averaged."""
    from plantool.rules import load_rules
    from plantool.workflows.evaluate import evaluate, evaluation_json, evaluation_markdown

    if fmt not in ("table", "md", "json"):
        raise PlantoolError(f"--format {fmt}: use table, md or json")
    result = evaluate(gold, load_rules(rules_dir), document)
    if fmt == "json":
        sys.stdout.write(evaluation_json(result, show))
    elif fmt == "md":
        sys.stdout.write(evaluation_markdown(result))
    else:
        _print_evaluation(result)
    if show and fmt != "json":
        for s in result.documents:
            for quote in s.missed:
                typer.echo(f"{s.name}: missed: {quote}")
            for text in s.false_positives:
                typer.echo(f"{s.name}: false positive: {text}")
    f1 = result.total.figures()["f1"]  # None where no gold target was to be found and none was: nothing missed
    if min_f1 is not None and f1 is not None and f1 < min_f1:
        raise PlantoolError(f"micro-averaged F1 {f1} is below --min-f1 {min_f1}", 1)


def _print_evaluation(result: Evaluation) -> None:
    from rich.console import Console
    from rich.table import Table

    from plantool.workflows.evaluate import EVAL_COLUMNS, eval_cell, evaluation_rows

    table = Table(
        title="plantool eval",
        caption="cmp comparator, str strength, ind indicator F1, pil pillar recall, meas measure counts",
    )
    table.add_column("document", no_wrap=True)
    for _, short, _ in EVAL_COLUMNS:
        table.add_column(short, justify="right", no_wrap=True)
    rows = evaluation_rows(result)
    for i, (name, fig) in enumerate(rows):
        last = i == len(rows) - 1
        table.add_row(
            name,
            *(eval_cell(fig.get(k)) for k, _, _ in EVAL_COLUMNS),
            style="bold" if last else None,
            end_section=i == len(rows) - 2,
        )
    Console(width=max(120, Console().width)).print(table)

"""The command line: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plantool.errors import PlantoolError

if TYPE_CHECKING:
    from plantool.evaluate import Evaluation

app = typer.Typer(
    name="plantool",
    help="Turn Chinese government plan documents into structured, validated, grounded targets.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="A directory of rule files that add to or override the packaged rules."),
]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", help="Output format: yaml or json (default: by -o's extension, else yaml)."),
]


class _QuietJieba(logging.Filter):
    """jieba announces its dictionary loading at DEBUG level on stderr; the CLI keeps stderr for people."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


@app.command()
def extract(
    report: Annotated[str, typer.Argument(help="The report: a .txt file (UTF-8, UTF-16 or GB18030), or - for stdin.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (.yaml/.yml/.json) instead of stdout.")
    ] = None,
    fmt: FormatOption = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Decode the report with this encoding.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="The plan's year, if it is not in the text.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="The region, if it is not in the title.")] = None,
    rules_dir: RulesOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show what the parser could not place.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) if the parser could not place something.")
    ] = False,
) -> None:
    """Extract sections, pillars, measures, targets and results from one report."""
    from plantool.extract import extract as run
    from plantool.rules import load_rules
    from plantool.serialize import dump, format_for, write_atomic

    chosen = format_for(output, fmt) if output is not None else format_for("-", fmt or "yaml")
    doc = run(report, rules=load_rules(rules_dir), encoding=encoding, year=year, region=region)
    if verbose or strict:
        for d in doc.diagnostics:
            typer.echo(f"{report}:{d.span.start}-{d.span.end}: {d.message}: {d.text}", err=True)
    if strict and doc.diagnostics:
        raise PlantoolError(f"{report}: {len(doc.diagnostics)} unplaced item(s) under --strict; nothing written", 1)
    text = dump(doc, chosen)
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text)
    from rich.console import Console

    Console(stderr=True).print(
        f"[bold]{output}[/]: {len(doc.sections)} sections, {len(doc.pillars)} pillars, {len(doc.measures)} measures, "
        f"[green]{len(doc.targets)} targets[/], {len(doc.results)} results, {len(doc.milestones)} milestones",
        soft_wrap=True,
    )


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (spec/targets.md format), or folders of them.")],
    document: Annotated[
        Path | None, typer.Option("--doc", help="The report, for one gold file whose `document` is not right.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (for people), md or json.")] = "table",
    show: Annotated[bool, typer.Option("--show", help="List each miss and false positive.")] = False,
    min_f1: Annotated[float | None, typer.Option("--min-f1", help="Exit 1 if micro-averaged F1 is below this.")] = None,
    rules_dir: RulesOption = None,
) -> None:
    """Score extractions against gold annotations: per document and micro-averaged."""
    from plantool.evaluate import evaluate
    from plantool.rules import load_rules
    from plantool.serialize import evaluation_json, evaluation_markdown

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
    f1 = result.total.figures()["f1"]
    if min_f1 is not None and f1 < min_f1:
        raise PlantoolError(f"micro-averaged F1 {f1} is below --min-f1 {min_f1}", 1)


def _print_evaluation(result: Evaluation) -> None:
    from rich.console import Console
    from rich.table import Table

    from plantool.serialize import EVAL_COLUMNS, eval_cell, evaluation_rows

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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the extraction output."""
    from plantool.serialize import json_schema

    sys.stdout.write(json_schema())


def main() -> None:
    """Run the app; a user error is one line on stderr and its exit code, a bug one line and 3."""
    logging.getLogger("jieba").addFilter(_QuietJieba())
    try:
        app()
    except PlantoolError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - a bug: still one line, never a traceback
        typer.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        sys.exit(3)

"""plantool extract (one report, or many into a folder) and plantool schema."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plantool.commands.options import (
    EncodingOption,
    RegionOption,
    RulesOption,
    YearOption,
    bold,
    status,
    stderr_console,
    warn,
)
from plantool.errors import PlantoolError

if TYPE_CHECKING:
    from rich.progress import Progress

    from plantool.workflows.batch import BatchOptions


def extract(
    reports: Annotated[
        list[str],
        typer.Argument(
            metavar="REPORT...",
            help="Reports: text (UTF-8, UTF-16 or GB18030), PDF with a text layer, Word .docx or a web page (.html), "
            "told apart by their content; folders or globs of them; - for stdin.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="One report: write this file (.yaml/.json). Several: write one file each into this folder.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="yaml or json (default: by -o's extension; json in a folder)."
        ),
    ] = None,
    encoding: EncodingOption = None,
    year: YearOption = None,
    region: RegionOption = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=0, metavar="N", help="Processes for several reports (0, the default: the cores)."
        ),
    ] = 0,
    resume: Annotated[
        bool, typer.Option("--resume", help="Several reports: skip those whose output is already there and newer.")
    ] = False,
    emit_text: Annotated[
        Path | None,
        typer.Option(
            "--emit-text",
            metavar="FILE",
            help="One report: also write the text the spans index (from a PDF, DOCX or page).",
        ),
    ] = None,
    rules_dir: RulesOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show what the parser could not place.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) if the parser could not place something.")
    ] = False,
) -> None:
    """Extract sections, pillars, measures, targets, results and milestones from reports."""
    from plantool.pipeline.read import is_report
    from plantool.workflows.inputs import expand_inputs

    inputs = [Path(p) for p in reports] if reports == ["-"] else expand_inputs(reports, is_report)
    several = len(inputs) != 1 or any(Path(r).is_dir() or any(c in r for c in "*?[") for r in reports)
    if not inputs:
        raise PlantoolError("no reports found in " + " ".join(reports))
    if several or (output is not None and output.is_dir()):
        if output is None:
            raise PlantoolError("several reports need -o FOLDER, where one output per report is written")
        if output.suffix.lower() in (".json", ".yaml", ".yml") and not output.is_dir():
            raise PlantoolError(f"{output}: several reports go into a folder, one output each; give -o FOLDER")
        from plantool.output.serialize import format_for
        from plantool.workflows.batch import BatchOptions

        options = BatchOptions(
            format_for("-", fmt or "json"), str(rules_dir) if rules_dir else None, encoding, year, region
        )
        _batch(inputs, output, options, jobs or os.cpu_count() or 1, resume)
        return
    _single(str(inputs[0]), output, fmt, encoding, year, region, rules_dir, verbose, strict, emit_text)


def _single(
    report: str,
    output: Path | None,
    fmt: str | None,
    encoding: str | None,
    year: int | None,
    region: str | None,
    rules_dir: Path | None,
    verbose: bool,
    strict: bool,
    emit_text: Path | None,
) -> None:
    from plantool.analysis.summarize import counted
    from plantool.output.serialize import format_for, open_atomic, write_atomic, write_streamed
    from plantool.pipeline import extract_grounded
    from plantool.pipeline.read import read_source
    from plantool.rules import load_rules

    chosen = format_for(output, fmt) if output is not None else format_for("-", fmt or "yaml")
    rules = load_rules(rules_dir)
    source = read_source(report, encoding, rules)
    grounded = extract_grounded(source, rules=rules, year=year, region=region)
    if emit_text is not None:
        write_atomic(emit_text, source.text)
    unplaced = 0
    for d in grounded.items("diagnostics"):
        unplaced += 1
        if verbose or strict or d.level == "warning":
            shown = d.text if d.level == "info" else d.text[:60] + ("…" if len(d.text) > 60 else "")
            status(f"{report}:{d.span.start}-{d.span.end}: {d.level}: {d.message}: {shown}")
    if strict and unplaced:
        raise PlantoolError(f"{report}: {unplaced} unplaced item(s) or warning(s) under --strict; nothing written", 1)
    # written an item at a time: a large report's Document would take several times its size
    items = {name: grounded.items(name) for name in grounded.lists}
    if output is None:
        with contextlib.suppress(BrokenPipeError):  # a reader that went away (| head) read all it wanted
            write_streamed(sys.stdout, grounded.outline(), items, chosen)
        return
    with open_atomic(output) as fh:
        n = write_streamed(fh, grounded.outline(), items, chosen)
    shown = counted(n, grounded.restatements)
    said = [typer.style(f"{k} {name}", fg="green") if name == "targets" else f"{k} {name}" for name, k in shown.items()]
    status(f"{bold(output)}: " + ", ".join(said))


def _batch(inputs: list[Path], out_dir: Path, options: BatchOptions, jobs: int, resume: bool) -> None:
    from plantool.workflows.batch import BatchResult, run_batch

    if out_dir.exists() and not out_dir.is_dir():
        raise PlantoolError(f"{out_dir}: not a folder; several reports need -o FOLDER")
    finished: list[BatchResult] = []
    progress = _progress_bar(len(inputs)) if sys.stderr.isatty() else None
    order = {src: i for i, src in enumerate(inputs)}

    def report(result: BatchResult) -> None:
        finished.append(result)
        if progress is not None:
            progress.advance(progress.task_ids[0])

    def tell(results: list[BatchResult]) -> list[BatchResult]:
        """Warnings and failures in the order the reports were given, whichever worker finished
        first: the same input prints the same lines. The failures, returned."""
        for result in sorted(results, key=lambda r: order[r.source]):
            for warning in result.warnings:
                warn(f"{result.source}: {warning}")
            if not result.ok:
                status(f"{typer.style('failed:', fg='red')} {result.error}")
        return [r for r in results if not r.ok]

    try:
        results = run_batch(inputs, out_dir, options, jobs, report, resume)
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        tell(finished)
        # run_batch has reported every output written by the time it is interrupted
        status(
            f"interrupted: {sum(r.ok for r in finished)} of {len(inputs)} reports done, each output whole; "
            "run the same command with --resume to finish"
        )
        raise typer.Exit(130) from None
    finally:
        if progress is not None:
            progress.stop()
    failures = tell(results)
    done = [r for r in results if r.ok and not r.skipped]
    skipped = sum(r.skipped for r in results)
    status(
        f"{len(done)} of {len(results)} reports extracted into {bold(out_dir)}, {sum(r.targets for r in done)} targets, "
        f"{sum(r.restatements for r in done)} restatements"
        + (f"; {skipped} already done" if skipped else "")
        + (f"; {typer.style(f'{len(failures)} failed', fg='red')}" if failures else "")
    )
    if failures:
        raise typer.Exit(1)


def _progress_bar(total: int) -> Progress:
    """A bar on a terminal's stderr (rich is imported only then); lines written to stderr
    meanwhile print above it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=stderr_console()
    )
    progress.add_task("extract", total=total)
    progress.start()
    return progress


def schema() -> None:
    """Print the JSON Schema of the extraction output."""
    from plantool.output.serialize import json_schema

    sys.stdout.write(json_schema())

"""The analyst commands: summarize, query, validate, diff, track, export, render."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plantool.commands.options import (
    AllowRegionsOption,
    EncodingOption,
    HorizonOption,
    HtmlAliasOption,
    InputsArgument,
    RegionOption,
    RulesOption,
    YearOption,
    bold,
    output_file,
    status,
    stdout_console,
    warn,
)
from plantool.errors import PlantoolError

if TYPE_CHECKING:
    from collections.abc import Callable

    from plantool.analysis.summarize import Summary
    from plantool.model import Document, Target
    from plantool.rules import Rules
    from plantool.rules.schema import NumeralRules
    from plantool.workflows.inputs import Reading

DiffOutputOption = Annotated[Path | None, output_file("the plans side by side", ".json, .yaml, .md or .csv")]
TrackOutputOption = Annotated[Path | None, output_file("the verdicts as a page", ".json, .md or .csv")]
# Where -o/--output writes what: by the file's extension.
OUTPUT_FORMATS = {
    ".html": "html", ".htm": "html", ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".md": "md", ".csv": "csv",
}  # fmt: skip


def _reading(encoding: str | None, year: int | None, region: str | None) -> Reading:
    from plantool.workflows.inputs import Reading

    return Reading(encoding, year, region)


def _documents(inputs: list[str], rules: Rules, reading: Reading) -> list[Document]:
    from plantool.workflows.inputs import load_documents

    return load_documents(inputs, rules, reading)


def _deliver(
    fmt: str, output: Path | None, formats: tuple[str, ...], text: Callable[[str], str], table: Callable[[], None]
) -> None:
    """The result to stdout in `fmt` (a table for people), or to `output` in the format its
    extension names (one of `formats`), written whole or not at all."""
    if output is None:
        if fmt == "table":
            table()
        else:
            sys.stdout.write(text(fmt))
        return
    from plantool.output.serialize import write_atomic

    chosen = OUTPUT_FORMATS.get(output.suffix.lower())
    if chosen is None or chosen not in formats:
        names = ", ".join(sorted(s for s, f in OUTPUT_FORMATS.items() if f in formats))
        raise PlantoolError(f"{output}: unknown output format; name the file {names}")
    write_atomic(output, text(chosen))
    status(f"{bold(output)}: written ({chosen})")


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise PlantoolError(f"--format {fmt}: use {', '.join(allowed)}")


def summarize(
    inputs: InputsArgument,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table (for people), md, csv or json.")
    ] = "table",
    details: Annotated[
        bool, typer.Option("--details", help="For several documents, each in full rather than one row each.")
    ] = False,
    encoding: EncodingOption = None,
    year: YearOption = None,
    region: RegionOption = None,
    rules_dir: RulesOption = None,
) -> None:
    """What each plan commits to: one row per document for several; for one (or with --details),
    counts, its parts, a row per pillar, targets by kind, strength and unit."""
    from plantool.analysis.summarize import summarize as run
    from plantool.output.serialize import to_json
    from plantool.rules import load_rules

    _check_format(fmt, ("table", "md", "csv", "json"))
    rules = load_rules(rules_dir)
    docs = _documents(inputs, rules, _reading(encoding, year, region))
    if len(docs) > 1 and not details:
        _overview(docs, fmt, rules)
        return
    if fmt == "csv":
        raise PlantoolError("--format csv: one row per document is for several documents; use table, md or json")
    summaries = [run(doc) for doc in docs]
    if fmt == "json":
        sys.stdout.write(to_json({"documents": [s.model_dump(mode="json") for s in summaries]}))
    elif fmt == "md":
        sys.stdout.write("\n".join(_summary_markdown(s) for s in summaries))
    else:
        for s in summaries:
            _print_summary(s)


def _overview(docs: list[Document], fmt: str, rules: Rules) -> None:
    """Several documents, one row each; those that yield no target flagged, and said on stderr."""
    from plantool.analysis.summarize import overview
    from plantool.output.serialize import to_csv, to_json, to_markdown_table
    from plantool.output.tables import OVERVIEW_COLUMNS, overview_rows

    overviews = [overview(doc, rules) for doc in docs]
    rows = overview_rows(overviews, rules.numerals)
    if fmt == "json":
        sys.stdout.write(to_json({"documents": [o.model_dump(mode="json") for o in overviews]}))
    elif fmt == "md":
        sys.stdout.write(to_markdown_table(rows, OVERVIEW_COLUMNS))
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows, OVERVIEW_COLUMNS))
    else:
        _print_overview(rows)
    empty = [o.path for o in overviews if o.no_targets]
    status(f"{len(overviews)} documents, {sum(o.counts['targets'] for o in overviews)} targets")
    if empty:
        warn(f"{len(empty)} yield no targets: {', '.join(empty)}")


def _print_overview(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from plantool.output.tables import OVERVIEW_COLUMNS

    table = Table(*OVERVIEW_COLUMNS)
    for r in rows:
        table.add_row(*("" if r[c] is None else str(r[c]) for c in OVERVIEW_COLUMNS), style="red" if r["flag"] else None)
    stdout_console().print(table)


def _summary_markdown(s: Summary) -> str:
    from plantool.output.serialize import to_markdown_table

    head = f"## {s.title or s.path}\n\n{s.path} · year {s.year or '–'} · region {s.region or '–'}\n\n"
    counts = ", ".join(f"{n} {name}" for name, n in s.counts.items())
    parts = to_markdown_table(
        [{**p.model_dump(), "read_as": " → ".join(p.read_as)} for p in s.parts],
        ["id", "title", "heading_role", "read_as", "targets", "results"],
    )
    pillars = to_markdown_table(
        [p.model_dump() for p in s.pillars], ["id", "title", "measures", "targets", "milestones"]
    )
    groups = "\n".join(f"- by {name}: " + ", ".join(f"{k} {v}" for k, v in group.items()) for name, group in _groups(s))
    return f"{head}{counts}\n\n{parts}\n{pillars}\n{groups}\n"


def _groups(s: Summary) -> list[tuple[str, dict[str, int]]]:
    return [
        ("horizon", s.by_horizon),
        ("kind", s.by_kind),
        ("strength", s.by_strength),
        ("unit family", s.by_unit_family),
    ]


def _print_summary(s: Summary) -> None:
    from rich.table import Table

    console = stdout_console()
    console.print(f"[bold]{s.title or s.path}[/]  {s.path} · year {s.year or '–'} · region {s.region or '–'}")
    console.print(", ".join(f"{n} {name}" for name, n in s.counts.items()), highlight=False)
    parts = Table("part", "heading says", "read as", "targets", "results")
    for part in s.parts:
        parts.add_row(part.title, part.heading_role, " → ".join(part.read_as), str(part.targets), str(part.results))
    if s.parts:
        console.print(parts)
    table = Table("pillar", "measures", "targets", "milestones")
    for p in s.pillars:
        table.add_row(p.title, str(p.measures), str(p.targets), str(p.milestones))
    if s.pillars:
        console.print(table)
    for name, group in _groups(s):
        console.print(f"by {name}: " + ", ".join(f"{k} {v}" for k, v in group.items()), highlight=False)
    console.print()


def query(
    inputs: InputsArgument,
    indicator: Annotated[
        str | None,
        typer.Option(
            "--indicator", metavar="NAME", help="Indicator measures this (synonyms read as one: 生产总值 finds 经济增长)."
        ),
    ] = None,
    indicator_contains: Annotated[
        str | None, typer.Option("--indicator-contains", metavar="TEXT", help="Indicator contains this text.")
    ] = None,
    pillar: Annotated[
        str | None, typer.Option("--pillar", metavar="TEXT", help="Its pillar's title contains this.")
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="UNIT", help="Unit as written (%, 元, 亿元, 万人…) or unit family (money, percent…)."
        ),
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", help="increase, decrease or level.")] = None,
    strength: Annotated[
        str | None, typer.Option("--strength", metavar="STRENGTH", help="binding, aspirational or planned.")
    ] = None,
    horizon: HorizonOption = None,
    min_value: Annotated[
        str | None,
        typer.Option(
            "--min", metavar="NUMBER", help="Value (or a range's upper bound) at least this: 5, 1万亿, 3.5亿元, 5%."
        ),
    ] = None,
    max_value: Annotated[
        str | None,
        typer.Option(
            "--max", metavar="NUMBER", help="Value (or a range's lower bound) at most this, written the same way."
        ),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", metavar="YEAR", help="The document's year.")] = None,
    region: Annotated[
        str | None, typer.Option("--region", metavar="TEXT", help="The document's region contains this.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="The target's text contains this.")
    ] = None,
    restatements: Annotated[
        bool, typer.Option("--restatements", help="Also list targets that restate another.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table, csv, json, jsonl or yaml.")
    ] = "table",
    encoding: EncodingOption = None,
    rules_dir: RulesOption = None,
) -> None:
    """Targets across documents that pass every filter given."""
    from plantool.analysis.query import Filters
    from plantool.analysis.query import query as run
    from plantool.output.serialize import to_csv, to_json, to_jsonl, to_yaml
    from plantool.output.tables import TARGET_COLUMNS, target_rows
    from plantool.rules import load_rules
    from plantool.rules.identity import naming

    _check_format(fmt, ("table", "csv", "json", "jsonl", "yaml"))
    rules = load_rules(rules_dir)
    low, high, unit = _bounds(min_value, max_value, unit, rules)
    filters = Filters(
        indicator,
        indicator_contains,
        pillar,
        unit,
        kind,
        strength,
        horizon,
        low,
        high,
        year,
        region,
        text,
        restatements,
    )
    found = run(_documents(inputs, rules, _reading(encoding, None, None)), filters, rules.derived(naming))
    rows = target_rows(found, rules)
    if fmt == "csv":
        sys.stdout.write(to_csv(rows, list(TARGET_COLUMNS)))
    elif fmt == "json":
        sys.stdout.write(to_json({"targets": rows}))
    elif fmt == "jsonl":
        sys.stdout.write(to_jsonl(rows))
    elif fmt == "yaml":
        sys.stdout.write(to_yaml({"targets": rows}))
    else:
        _print_targets(found, rules.numerals)


def _bounds(
    low: str | None, high: str | None, unit: str | None, rules: Rules
) -> tuple[float | None, float | None, str | None]:
    """--min, --max and --unit as written (1万亿, 5%, 亿元) read into base units; a unit written with
    a bound (3.5亿元) filters by that unit unless --unit names another."""
    from plantool.pipeline.quantities import read_amount, read_unit

    unit = read_unit(unit, rules) if unit else None
    bounds: list[float | None] = []
    for written in (low, high):
        if written is None:
            bounds.append(None)
            continue
        value, said = read_amount(written, rules)
        families = {u.family for u in rules.units.units if u.unit == said}
        if said is not None and unit is not None and unit != said and unit not in families:
            raise PlantoolError(f"{written!r} is in {said}, not in --unit {unit}")
        unit = unit or said
        bounds.append(value)
    return bounds[0], bounds[1], unit


def _print_targets(found: list[tuple[Document, Target]], numerals: NumeralRules) -> None:
    from rich.table import Table

    from plantool.output.tables import amount, horizon

    table = Table("year", "region", "indicator", "target", "horizon", "kind", "strength", "text")
    for doc, t in found:
        table.add_row(
            str(doc.year or ""), doc.region or "", t.indicator, amount(t, numerals), horizon(t), t.kind,
            t.strength or "", t.text,
        )  # fmt: skip
    stdout_console().print(table)
    status(f"{len(found)} targets")


def validate(
    files: Annotated[
        list[str], typer.Argument(metavar="FILE...", help="Extraction files (.json/.yaml), folders or globs of them.")
    ],
) -> None:
    """Check extraction files against the schema; each problem with its path in the document."""
    from plantool.workflows.inputs import expand_inputs, is_extraction, validation_problems

    paths = expand_inputs(files, is_extraction)
    if not paths:
        raise PlantoolError("no extraction files (.json, .yaml) given")
    for path in paths:  # what is no extraction at all is a wrong call, not an invalid extraction
        if not path.exists():
            raise PlantoolError(f"{path}: file not found")
        if not is_extraction(path):
            raise PlantoolError(f"{path}: not an extraction (JSON/YAML) file; extract it first")
    bad = 0
    for path in paths:
        problems = validation_problems(path)
        bad += bool(problems)
        for problem in problems:
            typer.echo(f"{path}: {problem}")
    status(f"{len(paths) - bad} of {len(paths)} valid")
    if bad:
        raise typer.Exit(1)


def export(
    inputs: InputsArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="OUT", help="OUT: .sqlite/.db (a database), .csv (Excel-ready) or .jsonl."
        ),
    ] = None,
    to: Annotated[Path | None, typer.Option("--to", hidden=True, help="The old name of --output.")] = None,
    encoding: EncodingOption = None,
    year: YearOption = None,
    region: RegionOption = None,
    rules_dir: RulesOption = None,
) -> None:
    """Load documents into a SQLite database, or write their targets as CSV or JSONL."""
    from plantool.output.export import export_documents, export_format
    from plantool.rules import load_rules

    to = output or to
    if to is None:
        raise PlantoolError("give the file to write with -o OUT (.sqlite, .csv or .jsonl)")
    export_format(to)  # a wrong extension fails before any report is extracted
    rules = load_rules(rules_dir)
    summary = export_documents(_documents(inputs, rules, _reading(encoding, year, region)), to, rules)
    rows = ", ".join(f"{n} {table}" for table, n in summary.rows.items())
    status(f"{bold(to)}: {summary.added} documents added, {summary.replaced} replaced; rows: {rows}")


def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="Last year's plan: an extraction or a report.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="This year's plan: an extraction or a report.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table (for people), json, yaml, md or csv.")
    ] = "table",
    output: DiffOutputOption = None,
    html: HtmlAliasOption = None,
    allow_regions: AllowRegionsOption = False,
    horizon: HorizonOption = None,
    encoding: EncodingOption = None,
    rules_dir: RulesOption = None,
) -> None:
    """Compare two plans: targets changed, unchanged, added and dropped; pillars renamed. Exit 1 if they differ."""
    from plantool.analysis.diff import diff_documents
    from plantool.output.serialize import to_csv, to_json, to_markdown_table, to_yaml
    from plantool.output.tables import DIFF_COLUMNS, diff_rows
    from plantool.rules import load_rules
    from plantool.workflows.inputs import load_document

    _check_format(fmt, ("table", "json", "yaml", "md", "csv"))
    rules = load_rules(rules_dir)
    reading = _reading(encoding, None, None)
    olds, news = (load_document(Path(p), rules, reading) for p in (old, new))
    result = diff_documents(olds, news, rules, allow_regions, horizon)  # type: ignore[arg-type]
    _warn_places(result.places)

    def text(chosen: str) -> str:
        if chosen == "html":
            from plantool.output.render import render_diff

            return render_diff(result, rules)
        if chosen in ("json", "yaml"):
            return to_json(result) if chosen == "json" else to_yaml(result)
        rows = diff_rows(result, rules.numerals)
        return to_csv(rows, DIFF_COLUMNS) if chosen == "csv" else to_markdown_table(rows, DIFF_COLUMNS[:7]) + _pillar_lines(result)

    formats = ("html", "json", "yaml", "md", "csv")
    _deliver(fmt, output or html, formats, text, lambda: _print_diff(result, rules.numerals))
    if not result.same:
        raise typer.Exit(1)


def _pillar_lines(result: Any) -> str:
    lines = [f"- pillar renamed: {r.old.title} → {r.new.title}" for r in result.pillars_renamed]
    lines += [f"- pillar added: {p.title}" for p in result.pillars_added]
    lines += [f"- pillar dropped: {p.title}" for p in result.pillars_dropped]
    return ("\n" + "\n".join(lines) + "\n") if lines else ""


def _print_diff(result: Any, numerals: NumeralRules) -> None:
    from rich.table import Table

    from plantool.output.tables import diff_rows

    console = stdout_console()
    console.print(
        f"[bold]{result.old.path}[/] ({result.old.year or '–'}) → [bold]{result.new.path}[/] ({result.new.year or '–'})"
    )
    styles = {"changed": "yellow", "unchanged": "dim", "added": "green", "dropped": "red"}
    table = Table("", "indicator", "old", "new", "difference", "what changed")
    rows = diff_rows(result, numerals)
    for row in rows:
        indicator = row["new_indicator"] or row["old_indicator"]
        table.add_row(
            str(row["status"]), str(indicator), str(row["old"]), str(row["new"]), str(row["difference"]),
            str(row["changes"]), style=styles[str(row["status"])],
        )  # fmt: skip
    console.print(table)
    pillars = _pillar_lines(result).strip()
    if pillars:
        console.print(pillars, highlight=False)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in styles}
    status(", ".join(f"{n} {s}" for s, n in counts.items()))


def render(
    source: Annotated[
        str,
        typer.Argument(metavar="REPORT", help="A report, or an extraction whose report is still where it was."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="PAGE", help="The HTML page to write.")],
    encoding: EncodingOption = None,
    year: YearOption = None,
    region: RegionOption = None,
    rules_dir: RulesOption = None,
) -> None:
    """Write one self-contained HTML page: the report with every item highlighted where it stands."""
    from plantool.output.render import render_document
    from plantool.output.serialize import write_atomic
    from plantool.rules import load_rules
    from plantool.workflows.inputs import load_with_text

    rules = load_rules(rules_dir)
    doc, text = load_with_text(Path(source), rules, _reading(encoding, year, region))
    write_atomic(output, render_document(doc, text, rules.numerals))
    from plantool.analysis.summarize import counts

    n = counts(doc)
    status(f"{bold(output)}: {n['targets']} targets and {n['restatements']} restatements highlighted")


def track(
    reports: Annotated[
        list[str],
        typer.Argument(
            metavar="REPORT...",
            help="PLAN NEXT_REPORT, or several years of one region (reports or extractions).",
        ),
    ],
    series: Annotated[bool, typer.Option("--series", help="Treat two reports as a series too.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="table (for people), md, csv or json.")
    ] = "table",
    output: TrackOutputOption = None,
    html: HtmlAliasOption = None,
    allow_regions: AllowRegionsOption = False,
    encoding: EncodingOption = None,
    rules_dir: RulesOption = None,
) -> None:
    """Did they deliver? A plan's targets against the next report's results; or targets and outcomes year by year."""
    from plantool.analysis.track import track_pair, track_series
    from plantool.output.serialize import to_csv, to_json, to_markdown_table
    from plantool.output.tables import SERIES_COLUMNS, TRACKING_COLUMNS, series_rows, tracking_rows
    from plantool.rules import load_rules

    _check_format(fmt, ("table", "md", "csv", "json"))
    rules = load_rules(rules_dir)
    docs = _documents(reports, rules, _reading(encoding, None, None))
    if len(docs) < 2:
        raise PlantoolError("give a plan and the next year's report, or several years of reports")
    if len(docs) == 2 and not series:
        pair = track_pair(docs[0], docs[1], rules, allow_regions)
        result: Any = pair
        rows, columns = tracking_rows(pair, rules.numerals), TRACKING_COLUMNS
        title = f"{pair.plan.region or ''} {pair.plan.year} plan against the {pair.next.year} report"
    else:
        result = track_series(docs, rules, allow_regions)
        rows, columns = series_rows(result, rules.numerals), SERIES_COLUMNS
        title = f"{result.region or ''} targets and outcomes, {result.years[0]}–{result.years[-1]}"
    _warn_places(result.places)

    def text(chosen: str) -> str:
        if chosen == "html":
            from plantool.output.render import render_tracking

            return render_tracking(result, title.strip(), rules)
        if chosen == "json":
            return to_json(result)
        return to_csv(rows, columns) if chosen == "csv" else to_markdown_table(rows, columns)

    _deliver(fmt, output or html, ("html", "json", "md", "csv"), text, lambda: _print_verdicts(title, rows, columns))


def _warn_places(places: list[str]) -> None:
    if places:
        warn(f"reports of different places compared: {', '.join(places)}")


def _print_verdicts(title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    from rich.table import Table

    styles = {"met": "green", "exceeded": "cyan", "missed": "red"}
    shown = [c for c in columns if not c.endswith("_text")]
    table = Table(*shown, title=title.strip())
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(r[c]) for c in shown), style=styles.get(str(r["verdict"])))
    stdout_console().print(table)

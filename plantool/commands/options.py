"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

# One name for one idea across commands: these options mean the same wherever they stand.
RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules", metavar="DIR", help="A directory of rule files that add to or override the packaged rules."
    ),
]
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE...",
        help="Extractions (.json/.yaml) or reports (extracted on the fly: text, PDF, DOCX, HTML); folders and globs too.",
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", metavar="NAME", help="Read reports in this encoding (gb18030, utf-16…) instead of sniffing it."),
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", metavar="YEAR", help="The plan's year of the reports given, instead of the one read from them."),
]
RegionOption = Annotated[
    str | None,
    typer.Option("--region", metavar="NAME", help="The region of the reports given, instead of the one read from them."),
]


def status(message: str) -> None:
    """One line on stderr for people (what was written, how many): plain click output, which
    drops the styling when stderr is no terminal, so rich is imported only for tables and bars."""
    typer.echo(message, err=True)


def warn(message: str) -> None:
    """A warning line on stderr: something the output holds that people must not miss."""
    status(f"{typer.style('warning:', fg='yellow')} {message}")


def output_file(page: str, others: str) -> Any:
    """-o/--output of a command that prints a result (diff, track): a file instead of stdout, in
    the format its extension names."""
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write here instead of stdout, in the format its extension names: .html ({page}), {others}.",
    )


HtmlAliasOption = Annotated[Path | None, typer.Option("--html", hidden=True, help="The old name of -o PAGE.html.")]

AllowRegionsOption = Annotated[
    bool,
    typer.Option("--allow-regions", help="Compare reports of different places (refused otherwise), with a warning."),
]

HorizonOption = Annotated[
    str | None,
    typer.Option("--horizon", metavar="HORIZON", help="annual (the plan year's targets) or period (a multi-year plan's)."),
]


def bold(text: object) -> str:
    """Text set in bold, which status() shows only on a terminal."""
    return typer.style(str(text), bold=True)


def stderr_console() -> Console:
    """A rich console on stderr, for people; machine output keeps stdout."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def stdout_console() -> Console:
    """A rich console on stdout, for tables people read; wide when piped, so cells stay whole."""
    from rich.console import Console

    console = Console(soft_wrap=True)
    return console if console.is_terminal else Console(soft_wrap=True, width=200)

"""The command line: the typer app, its commands registered in the order users meet them, and
its entry point. The commands are plain functions in plantool/commands/: each parses its
arguments, calls one library function and prints. User errors are the one PlantoolError,
caught here and shown as one line."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated, Any

import typer
import typer.core

from plantool.commands import analyst, evaluate, extract
from plantool.errors import PlantoolError

app = typer.Typer(
    name="plantool",
    help="Turn Chinese government plan documents into structured, validated, grounded targets.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, each option with its own metavar (FILE, YEAR), as man pages show them
)


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"plantool {version('plantool')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show plantool's version and exit.")
    ] = False,
) -> None:
    """Turn Chinese government plan documents into structured, validated, grounded targets."""
# (name, function), in the order a user meets them: extract a report, look at it, compare, export
COMMANDS = (
    ("extract", extract.extract),
    ("summarize", analyst.summarize),
    ("query", analyst.query),
    ("diff", analyst.diff),
    ("track", analyst.track),
    ("export", analyst.export),
    ("render", analyst.render),
    ("validate", analyst.validate),
    ("eval", evaluate.eval_),
    ("schema", extract.schema),
)


class _Command(typer.core.TyperCommand):
    """Help as man pages write it: arguments by their metavar (REPORT..., OLD NEW, [FILE]), options
    with theirs (-o FILE), rather than typer's {reports}... and <list[str]>."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        arguments = [_argument(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return [self.options_metavar or "", *arguments]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        arguments = [(_argument(p), getattr(p, "help", None) or "") for p in params if p.param_type_name == "argument"]
        options = [r for p in params if p.param_type_name == "option" and (r := p.get_help_record(ctx))]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument(param: Any) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


for _name, _command in COMMANDS:
    app.command(_name, cls=_Command)(_command)


# click's UsageError (a bad option or argument), found through typer's public BadParameter, whose
# parent it is in every click typer has shipped with, vendored or not.
_UsageError: type[Exception] = typer.BadParameter.__bases__[0]


class _QuietJieba(logging.Filter):
    """jieba announces its dictionary loading at DEBUG level on stderr; the CLI keeps stderr for people."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def main() -> None:
    """Run the app; a user error (a bad call included) is one line on stderr and its exit code, a
    bug one line and 3."""
    logging.getLogger("jieba").addFilter(_QuietJieba())
    try:
        code = app(standalone_mode=False, prog_name="plantool")
        sys.exit(code if isinstance(code, int) else 0)
    except _UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `plantool`: the help, as --help shows it
            app(["--help"], prog_name="plantool")
        ctx = getattr(exc, "ctx", None)
        where = f" — see '{ctx.command_path} --help'" if ctx is not None else ""
        typer.echo(f"Error: {exc.format_message()}{where}", err=True)  # type: ignore[attr-defined]
        sys.exit(2)
    except PlantoolError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - a bug: still one line, never a traceback
        typer.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        sys.exit(3)


def run() -> None:
    """The console entry point: main(), then the process ends at once.

    By then every output is whole and closed (written by write_atomic) and the streams are
    flushed here; tearing the interpreter down object by object, the tokenizer's dictionary
    and the pydantic models among them, would add a tenth to a short run."""
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        typer.echo(code, err=True)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (| head): what it read is all it wanted
        pass
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)

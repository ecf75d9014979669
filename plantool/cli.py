"""The command line: the typer app, its commands registered in the order users meet them, and
its entry point. The commands are plain functions in plantool/commands/: each parses its
arguments, calls one library function and prints. User errors are the one PlantoolError,
caught here and shown as one line."""

from __future__ import annotations

import logging
import os
import sys

import typer

from plantool.commands import analyst, evaluate, extract
from plantool.errors import PlantoolError

app = typer.Typer(
    name="plantool",
    help="Turn Chinese government plan documents into structured, validated, grounded targets.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
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
for _name, _command in COMMANDS:
    app.command(_name)(_command)


class _QuietJieba(logging.Filter):
    """jieba announces its dictionary loading at DEBUG level on stderr; the CLI keeps stderr for people."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


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

"""The command line: the typer app and its entry point; the commands live in plantool/commands/.

Each command parses its arguments, calls one library function and prints. User errors are the
one PlantoolError, caught here and shown as one line."""

from __future__ import annotations

import logging
import sys

import typer

from plantool.errors import PlantoolError

app = typer.Typer(
    name="plantool",
    help="Turn Chinese government plan documents into structured, validated, grounded targets.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


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


# the commands register themselves on `app` when imported
from plantool.commands import analyst, evaluate, extract  # noqa: F401

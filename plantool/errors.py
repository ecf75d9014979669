"""The one exception type for problems a user can fix (bad input, bad rules, bad usage)."""

from __future__ import annotations


class PlantoolError(Exception):
    """A user-facing error: `message` says what, where and how to fix it; `exit_code` is for the CLI."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message

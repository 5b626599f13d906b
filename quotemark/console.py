"""What commands tell the user: messages and diagnostics on stderr, and the exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from quotemark.model import Problem
from quotemark.model import has_errors as has_errors

EXIT_OK, EXIT_CONTENT, EXIT_SETUP = 0, 1, 2


def note(message: str) -> None:
    """One line for the user on stderr."""
    print(message, file=sys.stderr)


def notes(lines: Iterable[str]) -> None:
    for line in lines:
        note(line)


def fail(message: str) -> int:
    """A usage or setup error: one line, exit code 2."""
    note(f"quotemark: error: {message}")
    return EXIT_SETUP


def report(problems: Sequence[Problem]) -> None:
    """Diagnostics, compiler style, one per line."""
    notes(p.format() for p in problems)


def refuse(command: str, problems: Sequence[Problem], message: str) -> int:
    """A command that will not go on: its diagnostics, why, and exit code 1."""
    report(problems)
    note(f"{command}: {message}")
    return EXIT_CONTENT

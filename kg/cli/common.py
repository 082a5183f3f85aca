"""Helpers shared by the commands: one-line user errors on stderr and exit codes."""

from __future__ import annotations

import sys

from kg.errors import InputError

EXIT_OK = 0
EXIT_FINDINGS = 1      # e.g. validation found a Violation
EXIT_BAD_INPUT = 2     # a user mistake: unreadable file, unknown statute, bad parameter


def report(error: InputError) -> None:
    """Print a user error as one line `kg: file:line: reason` on stderr."""
    print(f"kg: {error.describe()}", file=sys.stderr)

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


def checked_base(base: str | None) -> str:
    """The configured IRI base (--base, else $KG_BASE, else the default) if it is an absolute IRI
    every graph and resource name can be minted from; InputError otherwise."""
    import pyoxigraph as ox  # the graph stage's imports, paid only by the commands that mint IRIs

    from kg.graph.iris import BASE_ENV, configured_base

    chosen = configured_base(base)
    try:
        ox.NamedNode(chosen + "x")
    except ValueError as error:
        raise InputError("--base" if base else BASE_ENV, f"not an absolute IRI: {chosen!r} ({error})") from None
    return chosen

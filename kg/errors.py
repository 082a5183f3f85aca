"""Errors a user can cause: each names the file, the line (when known) and the reason."""

from __future__ import annotations

import os


class InputError(Exception):
    """Unusable input: printed as one line `file:line: reason`, exit code 2, never a traceback."""

    def __init__(self, path: str | os.PathLike[str], reason: str, line: int | None = None):
        self.path = str(path)
        self.reason = reason
        self.line = line
        super().__init__(self.describe())

    def __reduce__(self):                 # picklable: errors come back from worker processes
        return type(self), (self.path, self.reason, self.line)

    def describe(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"

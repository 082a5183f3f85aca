"""A report as data, whatever it is written as: a header block saying what it is, notices that
must be seen first (files that could not be read), then tables (合计 first, then the details).

Cells are plain values (str, int, float, bool, None: numbers stay numbers), or `Marked` text (a
difference: deleted and inserted runs), or `Shaded` (a value with a background colour).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg.statutes import Registry


@dataclass(frozen=True)
class Marked:
    """Text with changes marked: runs of ("=", kept), ("-", deleted), ("+", inserted)."""

    segments: tuple[tuple[str, str], ...]

    @property
    def plain(self) -> str:
        """[-deleted-]{+inserted+} within the kept text (for CSV and JSON)."""
        return "".join(text if kind == "=" else f"[-{text}-]" if kind == "-" else f"{{+{text}+}}"
                       for kind, text in self.segments)


@dataclass(frozen=True)
class Shaded:
    """A value shown on a coloured background (a severity, a verdict)."""

    value: object
    colour: str                 # RRGGBB


def plain(cell) -> object:
    """A cell's value without its styling."""
    if isinstance(cell, Marked):
        return cell.plain
    if isinstance(cell, Shaded):
        return plain(cell.value)
    return cell


@dataclass
class Table:
    """One table: a sheet of the workbook, a section of the page."""

    title: str                            # section heading (and sheet name, 31 characters at most)
    columns: tuple[str, ...]
    rows: list[list] = field(default_factory=list)
    note: str | None = None               # one line under the heading: what the table shows
    wide: tuple[str, ...] = ()            # columns of long text (wrapped, wider)
    sheet: str | None = None              # the sheet's name when not the title

    @property
    def sheet_name(self) -> str:
        return self.sheet or self.title


@lru_cache(maxsize=1)
def tool_version() -> str:
    """quanze-kg 0.1.0 (the installed distribution's version)."""
    try:
        return f"quanze-kg {metadata.version('quanze-kg')}"
    except metadata.PackageNotFoundError:
        return "quanze-kg (not installed)"


@dataclass
class Header:
    """What the report is, whose lists, from which files, when, with which registry and tool."""

    what: str                             # 报告
    whose: str                            # 清单 / 实施主体
    sources: list[str]
    registry: str                         # the registry's version (see registry_version)
    date: str = field(default_factory=lambda: datetime.date.today().isoformat())
    tool: str = field(default_factory=tool_version)
    extra: list[tuple[str, str]] = field(default_factory=list)   # e.g. (参数, statute=社会保险法)
    sources_label: str = "来源文件"        # what the sources are (a query's: 数据来源, the store)

    def rows(self) -> list[tuple[str, str]]:
        sources = "；".join(self.sources) if len(self.sources) <= 5 else \
            "；".join(self.sources[:5]) + f" 等 {len(self.sources)} 个文件"
        return [("报告", self.what), ("清单", self.whose or "—"), (self.sources_label, sources or "—"),
                *self.extra, ("生成日期", self.date), ("法规库版本", self.registry),
                ("工具版本", self.tool)]


@dataclass
class Report:
    header: Header
    tables: list[Table]
    notices: list[str] = field(default_factory=list)   # shown above everything (unreadable files)


def registry_version(registry: Registry) -> str:
    """The statute registry a report was made with: its number of documents and a digest of its
    file, so two reports can be told to rest on the same registry or not."""
    file = Path(registry.root) / "registry.yaml"
    try:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:12]
    except OSError:
        digest = "unknown"
    return f"{len(registry.statutes)} 部文件，registry.yaml sha256:{digest}"


def number_or_text(value):
    """A number as printed ("12") as a number, a whole float as an int, so spreadsheets sort and sum it;
    other text as is."""
    if isinstance(value, str) and value.isdigit() and value.isascii() and len(value) < 16:
        return int(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)       # 2.0 倍 reads 2 倍
    return value

"""Records of the ingest stage: raw rows with source positions, then items and catalogs.

Rows are worked on while a file is read; items, catalogs and documents are frozen once built
(a later stage makes changed copies with dataclasses.replace)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.cite.records import Citation


@dataclass(frozen=True)
class Cell:
    """One table cell as read, with the (1-based) source line it starts on."""

    text: str
    line: int


@dataclass
class Row:
    """One table row as read from any format; `sheet` names the sheet/table for multi-table files."""

    cells: list[Cell]
    line: int
    sheet: str | None = None
    last_line: int | None = None     # last source line of a row printed over several lines
    page: int | None = None          # the page (1-based) a row of a PDF starts on

    @property
    def end_line(self) -> int:
        """The last source line the row occupies."""
        return self.last_line if self.last_line is not None else self.line


BASIS_AS_ABOVE = "basis-as-above"   # item flag: its basis cell printed 同上, the basis above stands for it
UNREADABLE = "\ufffd"     # stands in the text for a byte or a cell value that could not be read
UNREADABLE_TEXT = "unreadable-text"  # item flag: its text holds UNREADABLE (a damaged byte or cell)


@dataclass(frozen=True)
class Item:
    """One power (事项) of a list, as printed; the `kg extract` JSONL contract."""

    source: str
    seq: str | None                  # 序号 as printed
    name: str                        # 事项名称 / 项目名称, whitespace collapsed
    sub_item: str | None = None      # 子项名称
    category: str | None = None      # 职权类别 as printed
    category_norm: str | None = None # one of the ten standard categories, else None (flagged)
    code: str | None = None          # 事项编码
    agency: str | None = None        # 实施主体
    department: str | None = None    # 责任科室 / 承办机构
    basis: str = ""                  # 实施依据 / 设定依据, HTML removed, line breaks kept
    duties: str | None = None        # 责任事项 / 履职方式
    accountability: str | None = None  # 追责情形 / 追责形式
    lines: tuple[int, int] = (0, 0)  # first and last source line
    sheet: str | None = None         # the sheet (or Word table) it is on: a sheet numbers its own rows
    flags: list[str] = field(default_factory=list)
    # where each row's basis cell sits: (offset in `basis`, first line, last line of its row)
    basis_lines: tuple[tuple[int, int, int], ...] = ()
    pages: tuple[int, int] | None = None  # first and last page of an item of a PDF
    citations: list[Citation] = field(default_factory=list)
    unattributed: list[Citation] = field(default_factory=list)  # nothing to look up: see kg.pipeline

    def to_json(self) -> dict:
        """The item as one `kg extract` JSONL object."""
        return {
            "type": "item",
            "source": self.source,
            "seq": self.seq,
            "name": self.name,
            "sub_item": self.sub_item,
            "category": self.category,
            "category_norm": self.category_norm,
            "code": self.code,
            "agency": self.agency,
            "department": self.department,
            "basis": self.basis,
            "duties": self.duties,
            "accountability": self.accountability,
            "lines": list(self.lines),
            "sheet": self.sheet,
            "pages": list(self.pages) if self.pages else None,
            "flags": list(self.flags),
            "citations": [c.to_json() for c in self.citations],
            "unattributed_citations": [c.to_json() for c in self.unattributed],
        }


@dataclass(frozen=True)
class CatalogEntry:
    """One item named in a catalog (目录 / 事项总表)."""

    seq: str | None
    name: str
    category: str | None
    category_norm: str | None
    line: int


@dataclass(frozen=True)
class CategoryCount:
    """A per-category heading of a catalog: 二、行政处罚（2项） / 二、行政处罚 共 3 项."""

    category: str
    category_norm: str | None
    declared_count: int | None
    line: int


@dataclass(frozen=True)
class Catalog:
    """A catalog part of a list with its declared totals (共12项, 共六类、二十五项)."""

    source: str
    title: str | None
    agency: str | None
    declared_total: int | None
    declared_categories: int | None
    categories: list[CategoryCount]
    entries: list[CatalogEntry]
    lines: tuple[int, int]

    def to_json(self) -> dict:
        """The catalog as one `"type": "catalog"` JSONL object."""
        return {
            "type": "catalog",
            "source": self.source,
            "title": self.title,
            "agency": self.agency,
            "declared_total": self.declared_total,
            "declared_categories": self.declared_categories,
            "categories": [
                {"category": c.category, "category_norm": c.category_norm,
                 "declared_count": c.declared_count, "line": c.line}
                for c in self.categories
            ],
            "entries": [
                {"seq": e.seq, "name": e.name, "category": e.category,
                 "category_norm": e.category_norm, "line": e.line}
                for e in self.entries
            ],
            "lines": list(self.lines),
        }


@dataclass(frozen=True)
class ListDocument:
    """Everything read from one list file: its items in document order and its catalogs."""

    source: str
    agency: str | None
    title: str | None
    items: list[Item]
    catalogs: list[Catalog] = field(default_factory=list)

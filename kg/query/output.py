"""Query results for machines (JSON: variables and plain values, IRIs included) and for people
(CSV, xlsx, html, the terminal table: the columns' Chinese labels, codes in words, 是/否, provisions
as 第八条, no IRI columns unless asked for)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal

from rdflib import Literal
from rdflib.term import Node
from rich.console import Console
from rich.table import Table as RichTable

from kg.query.named import NamedQuery
from kg.query.runners import QueryResult
from kg.reports.document import Header, Report, Table, number_or_text
from kg.reports.values import in_words

BOM = "\ufeff"        # what Excel needs to read a CSV file as UTF-8 (else Chinese is mojibake)
AGENCY_LABEL = "实施主体"


def plain_value(term: Node | None):
    """A term as a plain value: IRIs as strings, literals as Python values (int, bool, str …)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return str(term)


def as_records(result: QueryResult) -> list[dict]:
    """Rows as dicts keyed by variable name."""
    return [{name: plain_value(term) for name, term in zip(result.variables, row, strict=True)}
            for row in result.rows]


def to_json(result: QueryResult) -> str:
    return json.dumps(as_records(result), ensure_ascii=False, indent=1)


def for_people(result: QueryResult, query: NamedQuery | None, iris: bool = False) -> Table:
    """The answer as people read it. A query that labels its columns (@columns) shows those, with
    their codes in words; its unlabelled (IRI) columns only with `iris`. Other queries show every
    column under its variable name."""
    shown = []
    for index, name in enumerate(result.variables):
        column = query.column(name) if query else None
        if column is None and query is not None and query.columns and not iris:
            continue
        shown.append((index, column.label if column else name, column.vocabulary if column else None))
    rows = [[number_or_text(in_words(plain_value(row[index]), vocabulary)) for index, _, vocabulary in shown]
            for row in result.rows]
    title = (query.title or query.name) if query else "查询结果"
    return Table(title, tuple(label for _, label, _ in shown), rows,
                 wide=tuple(label for _, label, _ in shown if label in ("法规原文", "条文", "处罚原文", "实施依据")))


def to_csv(table: Table | QueryResult, bom: bool = False) -> str:
    """CSV of a people's table (a BOM first when `bom`: for Excel)."""
    if isinstance(table, QueryResult):
        table = for_people(table, None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return (BOM if bom else "") + buffer.getvalue()


def query_report(table: Table, query: NamedQuery, header: Header) -> Report:
    """A report of one answer: 合计 (rows, and rows per agency when the answer names agencies), then the rows."""
    totals = Table("合计", ("项目", "行数"), [["全部行", len(table.rows)]])
    if AGENCY_LABEL in table.columns:
        at = table.columns.index(AGENCY_LABEL)
        for agency, count in sorted(Counter(row[at] or "（未知实施主体）" for row in table.rows).items()):
            totals.rows.append([agency, count])
    table.sheet = "查询结果"
    return Report(header, [totals, table])


TABLE_ROWS = 200      # a terminal table stops here: 50,000 rows take minutes to lay out, and no one reads them


def print_table(result: QueryResult | Table, title: str, console: Console | None = None,
                max_rows: int = TABLE_ROWS) -> None:
    """The first `max_rows` rows as a terminal table, captioned with the number of rows."""
    table = result if isinstance(result, Table) else for_people(result, None)
    total = len(table.rows)
    if total > max_rows:
        caption = f"the first {max_rows:,} of {total:,} rows: --format csv or json gives them all"
    else:
        caption = f"{total:,} row{'' if total == 1 else 's'}"
    shown = RichTable(title=title, caption=caption)
    for name in table.columns:
        shown.add_column(name, overflow="fold")
    for row in table.rows[:max_rows]:
        shown.add_row(*("" if value is None else str(value) for value in row))
    (console or Console()).print(shown)

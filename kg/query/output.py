"""Query results as a terminal table, CSV or JSON (a list of row objects keyed by variable)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from rdflib import Literal
from rdflib.term import Node
from rich.console import Console
from rich.table import Table

from kg.query.runners import QueryResult


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
    return [{name: plain_value(term) for name, term in zip(result.variables, row)}
            for row in result.rows]


def to_json(result: QueryResult) -> str:
    return json.dumps(as_records(result), ensure_ascii=False, indent=1)


def to_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.variables)
    for record in as_records(result):
        writer.writerow(["" if value is None else value for value in record.values()])
    return buffer.getvalue()


TABLE_ROWS = 200      # a terminal table stops here: 50,000 rows take minutes to lay out, and no one reads them


def print_table(result: QueryResult, title: str, console: Console | None = None,
                max_rows: int = TABLE_ROWS) -> None:
    """The first `max_rows` rows as a terminal table, captioned with the number of rows."""
    total = len(result.rows)
    shown = QueryResult(result.variables, result.rows[:max_rows])
    if total > max_rows:
        caption = f"the first {max_rows:,} of {total:,} rows: --format csv or json gives them all"
    else:
        caption = f"{total:,} row{'' if total == 1 else 's'}"
    table = Table(title=title, caption=caption)
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for record in as_records(shown):
        table.add_row(*("" if value is None else str(value) for value in record.values()))
    (console or Console()).print(table)

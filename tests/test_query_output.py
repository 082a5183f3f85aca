"""Query results on the terminal: a table of the first rows, captioned with how many there are."""

from __future__ import annotations

import io

from rdflib import Literal
from rich.console import Console

from kg.query.output import TABLE_ROWS, print_table, to_csv
from kg.query.runners import QueryResult


def rendered(result: QueryResult) -> str:
    console = Console(file=io.StringIO(), width=160)
    print_table(result, "items-citing: items citing a provision", console)
    return " ".join(console.file.getvalue().split())      # the caption wraps at the table's width


def numbered(count: int) -> QueryResult:
    return QueryResult(("seq", "name"), tuple((Literal(n), Literal(f"事项{n:05d}")) for n in range(1, count + 1)))


def test_a_large_answer_shows_its_first_rows_and_says_how_to_get_all():
    result = numbered(TABLE_ROWS + 50)
    text = rendered(result)
    assert f"事项{TABLE_ROWS:05d}" in text and f"事项{TABLE_ROWS + 1:05d}" not in text
    assert f"the first {TABLE_ROWS} of {TABLE_ROWS + 50} rows: --format csv or json gives them all" in text
    assert to_csv(result).count("\n") == TABLE_ROWS + 51          # csv: header and every row


def test_a_small_answer_is_shown_whole_with_its_count():
    assert "3 rows" in rendered(numbered(3)) and "事项00003" in rendered(numbered(3))
    assert "1 row" in rendered(numbered(1))

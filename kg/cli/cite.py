"""`kg cite [TEXT]`: the citations found in free text (argument or stdin) as JSONL or a table."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from kg.cite.extract import extract_citations
from kg.cite.records import Citation
from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.ingest.decode import decode_bytes


class CiteFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


@app.command()
def cite(
    text: str = typer.Argument(None, help="text to read; standard input when left out"),
    format: CiteFormat = typer.Option(CiteFormat.jsonl, "--format", "-f", help="jsonl or table"),
) -> None:
    """Citations in a legal-basis text, one per provision (references inside quotes nested)."""
    try:
        source = text if text is not None else decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error
    citations = extract_citations(source)            # spans index the text as given (\r\n kept)
    if format is CiteFormat.jsonl:
        for citation in citations:
            sys.stdout.write(json.dumps(citation.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        _write_table(citations)


def _write_table(citations: list[Citation]) -> None:
    table = Table(show_lines=False)
    for column in ("原文", "法规", "文号", "章", "条", "款", "项", "全文", "位置", "引用条文内的援引", "标记"):
        table.add_column(column)
    for c in citations:
        table.add_row(
            c.raw, c.statute or "", c.doc_number or "",
            *(str(v) if v is not None else "" for v in (c.chapter, c.article, c.paragraph, c.item)),
            "是" if c.whole_document else "", f"{c.span[0]}–{c.span[1]}",
            "；".join(x.raw for x in c.cross_references), ",".join(c.flags),
        )
    Console().print(table)

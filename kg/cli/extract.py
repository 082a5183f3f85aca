"""`kg extract FILE...`: items (+ catalog records) of lists as JSONL or a terminal table."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.ingest.read import read_list
from kg.ingest.records import ListDocument
from kg.pipeline import cite_document
from kg.statutes import load_registry


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


@app.command()
def extract(
    files: list[Path] = typer.Argument(...,
                                       help="list files (.txt .tsv .md .csv .xlsx .xls .ods .doc .docx .html .pdf)"),
    format: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="jsonl or table"),
) -> None:
    """Items of each list, in document order (catalog records first, as `"type": "catalog"`)."""
    failed = False
    try:
        registry = load_registry()
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    for path in files:
        try:
            document = read_list(path)
        except InputError as error:
            report(error)
            failed = True
            continue
        document = cite_document(document, registry)
        if format is ExtractFormat.jsonl:
            _write_jsonl(document)
        else:
            _write_table(document)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _write_jsonl(document: ListDocument) -> None:
    out = sys.stdout
    for catalog in document.catalogs:
        out.write(json.dumps(catalog.to_json(), ensure_ascii=False) + "\n")
    for item in document.items:
        out.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
    out.flush()


def _write_table(document: ListDocument) -> None:
    table = Table(title=f"{document.agency or ''} {document.source}", show_lines=False)
    for column in ("序号", "事项名称", "类别", "规范类别", "依据条文", "行", "标记"):
        table.add_column(column)
    for item in document.items:
        cited = "；".join(c.raw for c in item.citations) or ("（无）" if not item.basis else "")
        table.add_row(
            item.seq or "", item.name + (f"（{item.sub_item}）" if item.sub_item else ""),
            item.category or "", item.category_norm or "", cited,
            f"{item.sheet + ' ' if item.sheet else ''}{item.lines[0]}–{item.lines[1]}", ",".join(item.flags),
        )
    Console().print(table)

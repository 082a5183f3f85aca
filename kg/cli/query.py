"""`kg query [NAME|FILE.rq] [--param k=v ...] [--format …] [-o FILE]` over the local store or
`--endpoint URL`; with no name, the named queries and their parameters."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import GraphStore, configured_store_path
from kg.query.bind import parse_assignments
from kg.query.hints import empty_answer_hint
from kg.query.named import NamedQuery, find_query, named_queries
from kg.query.output import for_people, print_table, query_report, to_csv, to_json
from kg.query.run import run_named_query
from kg.query.runners import OxigraphRunner, QueryRunner
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.reports import html as html_report
from kg.reports import xlsx as xlsx_report
from kg.reports.document import Header, registry_version
from kg.reports.files import check_directory, emit, output_format
from kg.statutes import load_registry


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    html = "html"


FORMATS = tuple(f.value for f in QueryFormat)


@app.command()
def query(
    name: str = typer.Argument(None, help="a named query in queries/ (e.g. items-citing) or a .rq file; "
                               "left out: the list of named queries"),
    param: list[str] = typer.Option([], "--param", "-p", help="a parameter NAME=VALUE (repeatable)"),
    format: QueryFormat = typer.Option(None, "--format", "-f", help="table, csv, json, xlsx or html "
                                       "(default: from the -o file's extension, else table)"),
    output: Path = typer.Option(None, "--output", "-o", help="write the answer to FILE (.xlsx .html .csv .json)"),
    excel: bool = typer.Option(False, "--excel", help="csv on stdout with a BOM, for Excel (files always have one)"),
    iris: bool = typer.Option(False, "--iris", help="keep the IRI columns (json always has them)"),
    help_params: bool = typer.Option(False, "--help-params", help="the query's purpose, parameters and columns"),
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
    endpoint: str = typer.Option(None, "--endpoint", help="query this remote SPARQL endpoint instead of "
                                 "the local store (see README: Remote SPARQL stores)"),
) -> None:
    """Run a named SPARQL query; parameters are bound as RDF terms, never pasted into the text."""
    try:
        if name is None:
            _list_queries()
            return
        named = find_query(name)
        if help_params:
            _describe(named)
            return
        chosen = output_format(output, format.value if format else None, FORMATS, "table")
        if output is not None:
            if chosen == "table":
                raise InputError(str(output), "a table is for the terminal: give --format csv, xlsx, html or json")
            check_directory(output)
        elif chosen == "xlsx":
            raise InputError("--format xlsx", "a workbook needs --output FILE.xlsx")
        values = parse_assignments(param)
        registry = load_registry()
        runner: QueryRunner
        if endpoint:
            client = SparqlClient(endpoint_for(endpoint))
            runner, base, where = client, client.base(), endpoint
        else:
            graph_store = GraphStore(configured_store_path(store), read_only=True)
            runner, base, where = OxigraphRunner(graph_store.oxigraph), graph_store.base(), str(graph_store.path)
        result = run_named_query(named, values, runner, registry, Iris(base or configured_base()))
        hint = empty_answer_hint(named, values, registry) if not result.rows else None
        if hint:
            print(f"kg: no rows: {hint}", file=sys.stderr)
        if chosen == "json":
            emit(to_json(result) + "\n", output)
            return
        table = for_people(result, named, iris)
        if chosen == "csv":
            emit(to_csv(table, bom=excel or output is not None), output)
        elif chosen == "table":
            print_table(table, f"{named.name}: {named.purpose}")
        else:
            header = Header(f"查询结果：{named.title or named.name}", _whose(values), [where],
                            registry_version(registry), sources_label="数据来源",
                            extra=[("查询", named.name), ("参数", " ".join(param) or "（无）")])
            document = query_report(table, named, header)
            if hint:
                document.notices.append(f"注意：查询结果为空，因为所问的法规或条款不存在：{hint}")
            content = xlsx_report.to_xlsx(document) if chosen == "xlsx" else html_report.to_html(document)
            emit(content, output)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error


def _whose(values: dict[str, str]) -> str:
    scope = [f"实施主体含“{values['agency']}”" if values.get("agency") else "",
             f"地区含“{values['region']}”" if values.get("region") else ""]
    return "，".join(part for part in scope if part) or "存储库中的全部清单"


def _list_queries() -> None:
    table = RichTable(title="named queries (kg query NAME --help-params for one)", show_lines=True)
    for column in ("query", "purpose", "parameters"):
        table.add_column(column, overflow="fold")
    for named in named_queries().values():
        parameters = "\n".join(f"{p.name}{'' if p.optional else ' (required)'}" for p in named.parameters)
        table.add_row(named.name, "\n".join(filter(None, (named.title, named.purpose))), parameters or "—")
    Console().print(table)


def _describe(named: NamedQuery) -> None:
    lines = [f"{named.name}{f'（{named.title}）' if named.title else ''}: {named.purpose}", ""]
    if named.parameters:
        lines.append("parameters (--param NAME=VALUE):")
        for p in named.parameters:
            need = f"default {p.default}" if p.default else "optional" if p.optional else "required"
            lines.append(f"  {p.name:<10} {p.kind:<9} {need:<14} {p.description}")
    else:
        lines.append("parameters: none")
    if named.columns:
        lines += ["", "columns: " + "，".join(f"{c.label} ({c.name})" for c in named.columns)]
    if named.examples:
        lines += ["", "examples:", *(f"  {example}" for example in named.examples)]
    typer.echo("\n".join(lines))

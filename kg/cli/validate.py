"""`kg validate FILE... | --all`: SHACL report of lists (files, built graphs, or the whole store)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, report
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import GraphStore, configured_store_path
from kg.statutes import load_registry
from kg.validate import report as render
from kg.validate.findings import Finding, agency_of, item_count
from kg.validate.inputs import ListGraph, list_graphs_of_file, list_graphs_of_store
from kg.validate.run import ListValidator
from kg.validate.shapes import checks


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    ttl = "ttl"
    xlsx = "xlsx"
    html = "html"


@app.command()
def validate(
    files: list[Path] = typer.Argument(None, help="lists (.txt .tsv .md .csv .xlsx .xls .docx .html) or built graphs (.ttl .trig .nq .nt)"),
    all_lists: bool = typer.Option(False, "--all", help="every list in the local store; a summary per agency"),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="text, json, ttl, xlsx or html"),
    output: Path = typer.Option(None, "--output", "-o", help="write the report to FILE (required for xlsx)"),
    store: Path = typer.Option(None, "--store", help="store directory for --all (default $KG_STORE or ./.kg/store)"),
    check: list[str] = typer.Option(None, "--check", help="only these checks (e.g. --check ArticleOutOfRange)"),
) -> None:
    """Check lists for missing and inconsistent legal bases; exit 1 when any Violation is found."""
    if not files and not all_lists:
        report(InputError("kg validate", "give list files, or --all for the store"))
        raise typer.Exit(EXIT_BAD_INPUT)
    unknown = sorted(set(check or ()) - {c.identifier for c in checks().values()})
    if unknown:
        report(InputError("kg validate", f"unknown check {', '.join(unknown)}; known: "
                                         + ", ".join(sorted({c.identifier for c in checks().values()}))))
        raise typer.Exit(EXIT_BAD_INPUT)
    if format is ReportFormat.xlsx and output is None:
        report(InputError("kg validate", "--format xlsx needs --output FILE.xlsx"))
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        registry = load_registry()
        lists = _from_store(store) if all_lists else None
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT)

    validator = ListValidator(registry)
    results: list[tuple[ListGraph, list[Finding]]] = []
    failed = False
    for list_graph in lists if lists is not None else _from_files(files, registry):
        if isinstance(list_graph, InputError):
            report(list_graph)
            failed = True
            continue
        results.append((list_graph, [f for f in validator(list_graph) if not check or f.check in check]))

    findings = [f for _, of_list in results for f in of_list]
    if all_lists and format is ReportFormat.text:
        _print_summary(results)
    else:
        try:
            _write(findings, format, output)
        except OSError as error:
            report(InputError(str(output), f"cannot write the report: {error.strerror or error}"))
            raise typer.Exit(EXIT_BAD_INPUT)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)
    raise typer.Exit(EXIT_FINDINGS if any(f.severity == "Violation" for f in findings) else EXIT_OK)


def _from_files(files: list[Path], registry):
    """Each file's list graphs; an unusable file yields its InputError instead (the others go on)."""
    for path in files:
        try:
            yield from list_graphs_of_file(path, registry, Iris(configured_base(None)))
        except InputError as error:
            yield error


def _from_store(store: Path | None) -> list[ListGraph]:
    graph_store = GraphStore(configured_store_path(store), read_only=True)
    lists = list(list_graphs_of_store(graph_store))
    if not lists:
        raise InputError(str(graph_store.path), "the store holds no list; run `kg build` first")
    return lists


def _write(findings: list[Finding], format: ReportFormat, output: Path | None) -> None:
    """The report on stdout, or in `output` (written whole to a temporary file, then renamed)."""
    if format is ReportFormat.xlsx:
        content = render.to_xlsx(findings)
    else:
        text = {ReportFormat.text: render.to_text, ReportFormat.json: render.to_json,
                ReportFormat.ttl: render.to_ttl, ReportFormat.html: render.to_html}[format](findings)
        if output is None:
            sys.stdout.write(text)
            return
        content = text.encode("utf-8")
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(content)
    partial.replace(output)


def _print_summary(results: list[tuple[ListGraph, list[Finding]]]) -> None:
    summaries = render.summarize(
        (agency_of(lg.graph, lg.list_iri), item_count(lg.graph, lg.list_iri), findings)
        for lg, findings in results)
    table = Table(title="校验汇总（按实施主体）")
    for column in ("实施主体", "清单数", "事项数", "违规", "警告", "提示", "主要问题"):
        table.add_column(column)
    for summary in summaries:
        top = "，".join(f"{check} {count}" for check, count in summary.by_check.most_common(4))
        table.add_row(summary.agency, str(summary.lists), str(summary.items),
                      str(summary.by_severity["Violation"]), str(summary.by_severity["Warning"]),
                      str(summary.by_severity["Info"]), top)
    Console().print(table)

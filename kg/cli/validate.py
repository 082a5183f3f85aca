"""`kg validate FILE... | --all`: SHACL report of lists (files, built graphs, or the whole store)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, report
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import configured_store_path
from kg.statutes import load_registry
from kg.validate import report as render
from kg.remote.endpoint import endpoint_for
from kg.validate.corpus import ListReport, report_of, validate_corpus, workers_for
from kg.validate.findings import Finding
from kg.validate.inputs import endpoint_lists, list_graphs_of_file, store_lists
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
    all_lists: bool = typer.Option(False, "--all", help="every list in the local store (or at --endpoint); a summary per agency"),
    endpoint: str = typer.Option(None, "--endpoint", help="with --all: the lists of this SPARQL 1.1 query endpoint instead of the local store"),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1, help="with --all: worker processes (default: one per CPU)"),
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
    if endpoint and not all_lists:
        report(InputError("kg validate", "--endpoint validates the lists of a store: use it with --all"))
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        registry = load_registry()
        reports = _from_store(store, endpoint, registry, jobs) if all_lists else _from_files(files, registry)
        results: list[ListReport] = []
        failed = False
        for list_report in reports:
            if isinstance(list_report, InputError):
                report(list_report)
                failed = True
                continue
            list_report.findings = [f for f in list_report.findings if not check or f.check in check]
            results.append(list_report)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT)

    findings = [f for list_report in results for f in list_report.findings]
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


def _from_files(files: list[Path], registry) -> Iterator[ListReport | InputError]:
    """Each file's lists validated; an unusable file yields its InputError instead (the others go on)."""
    validator = ListValidator(registry)
    for path in files:
        try:
            list_graphs = list_graphs_of_file(path, registry, Iris(configured_base(None)))
        except InputError as error:
            yield error
            continue
        for list_graph in list_graphs:
            yield report_of(validator, list_graph)


def _from_store(store: Path | None, endpoint: str | None, registry, jobs: int) -> list[ListReport | InputError]:
    """Every list of the local store or of the endpoint, validated by up to `jobs` workers."""
    source = endpoint_lists(endpoint_for(endpoint)) if endpoint else store_lists(configured_store_path(store))
    names = source.names()
    if not names:
        raise InputError(source.where, "the store holds no list; run `kg build` (and `kg push`) first")
    return list(validate_corpus(source, names, registry, workers_for(len(names), jobs)))


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


def _print_summary(results: list[ListReport]) -> None:
    summaries = render.summarize((r.agency, r.items, r.findings) for r in results)
    table = Table(title="校验汇总（按实施主体）")
    for column in ("实施主体", "清单数", "事项数", "违规", "警告", "提示", "主要问题"):
        table.add_column(column)
    for summary in summaries:
        top = "，".join(f"{check} {count}" for check, count in summary.by_check.most_common(4))
        table.add_row(summary.agency, str(summary.lists), str(summary.items),
                      str(summary.by_severity["Violation"]), str(summary.by_severity["Warning"]),
                      str(summary.by_severity["Info"]), top)
    Console().print(table)

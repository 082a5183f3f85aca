"""`kg validate FILE... | --all`: SHACL report of lists (files, built graphs, or the whole store)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, report
from kg.errors import InputError
from kg.graph.iris import Iris, configured_base
from kg.graph.store import configured_store_path
from kg.remote.endpoint import endpoint_for
from kg.reports.document import registry_version
from kg.reports.files import check_directory, emit, output_format
from kg.reports.progress import progress_bar
from kg.statutes import load_registry
from kg.validate import report as render
from kg.validate.corpus import ListReport, report_of, validate_corpus, workers_for
from kg.validate.inputs import endpoint_lists, list_graphs_of_file, store_lists
from kg.validate.report import Unreadable
from kg.validate.run import ListValidator
from kg.validate.shapes import checks


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    ttl = "ttl"
    xlsx = "xlsx"
    html = "html"


FORMATS = tuple(f.value for f in ReportFormat)


@app.command()
def validate(
    files: list[Path] = typer.Argument(None, help="lists (.txt .tsv .md .csv .xlsx .xls .ods .doc .docx .html .pdf) "
                                                  "or built graphs (.ttl .trig .nq .nt)"),
    all_lists: bool = typer.Option(False, "--all",
                                   help="every list in the local store (or at --endpoint); a summary per agency"),
    endpoint: str = typer.Option(None, "--endpoint",
                                 help="with --all: the lists of this SPARQL 1.1 query endpoint "
                                      "instead of the local store"),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1,
                             help="with --all: worker processes (default: one per CPU)"),
    format: ReportFormat = typer.Option(None, "--format", "-f", help="text, json, ttl, xlsx or html "
                                        "(default: from the -o file's extension, else text)"),
    output: Path = typer.Option(None, "--output", "-o", help="write the report to FILE (required for xlsx)"),
    store: Path = typer.Option(None, "--store", help="store directory for --all (default $KG_STORE or ./.kg/store)"),
    check: list[str] = typer.Option(None, "--check", help="only these checks (e.g. --check ArticleOutOfRange)"),
) -> None:
    """Check lists for missing and inconsistent legal bases; exit 1 when any Violation is found.

    A file that cannot be read is named on stderr and in the report (exit 2); a report is never
    written when no list could be read."""
    try:
        chosen = ReportFormat(output_format(output, format.value if format else None, FORMATS, "text"))
        if not files and not all_lists:
            raise InputError("kg validate", "give list files, or --all for the store")
        unknown = sorted(set(check or ()) - {c.identifier for c in checks().values()})
        if unknown:
            raise InputError("kg validate", f"unknown check {', '.join(unknown)}; known: "
                                            + ", ".join(sorted({c.identifier for c in checks().values()})))
        if chosen is ReportFormat.xlsx and output is None:
            raise InputError("kg validate", "--format xlsx needs --output FILE.xlsx")
        if endpoint and not all_lists:
            raise InputError("kg validate", "--endpoint validates the lists of a store: use it with --all")
        if output is not None:
            check_directory(output)
        registry = load_registry()
        results: list[ListReport] = []
        unreadable: list[Unreadable] = []
        reports, total, where = _from_store(store, endpoint, registry, jobs) if all_lists else \
            (_from_files(files, registry), len(files), None)
        with progress_bar("validating", total) as bar:
            for list_report in reports:
                if isinstance(list_report, InputError):
                    bar.message(f"kg: {list_report.describe()}")
                    unreadable.append(Unreadable(list_report.path, list_report.reason))
                    bar.advance(Path(list_report.path).name)
                    continue
                list_report.findings = [f for f in list_report.findings if not check or f.check in check]
                results.append(list_report)
                bar.advance(Path(list_report.source).name)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error

    findings = [f for list_report in results for f in list_report.findings]
    if all_lists and chosen is ReportFormat.text and output is None:
        _print_summary(results, unreadable)
    else:
        try:
            _write(results, unreadable, chosen, output, registry, sources=[where] if where else
                   [str(path) for path in files], per_agency=all_lists, checks_chosen=check)
        except InputError as error:
            report(error)
            raise typer.Exit(EXIT_BAD_INPUT) from error
    if unreadable:
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


def _from_store(store: Path | None, endpoint: str | None, registry,
                jobs: int) -> tuple[Iterator[ListReport | InputError], int, str]:
    """Every list of the local store or of the endpoint, validated by up to `jobs` workers; with
    their number and where they are."""
    source = endpoint_lists(endpoint_for(endpoint)) if endpoint else store_lists(configured_store_path(store))
    names = source.names()
    if not names:
        raise InputError(source.where, "the store holds no list; run `kg build` (and `kg push`) first")
    return validate_corpus(source, names, registry, workers_for(len(names), jobs)), len(names), str(source.where)


def _write(results: list[ListReport], unreadable: list[Unreadable], format: ReportFormat,
           output: Path | None, registry, sources: list[str], per_agency: bool,
           checks_chosen: list[str] | None) -> None:
    """The report on stdout, or in `output` (written whole, or not at all). No report file is
    written when no list could be read, nor in json or ttl (which cannot say so) when some could not."""
    findings = [f for r in results for f in r.findings]
    if output is not None and unreadable and (not results or format in (ReportFormat.json, ReportFormat.ttl)):
        why = "no list could be read" if not results else f"{len(unreadable)} input(s) could not be read " \
              f"and {format.value} cannot say so (xlsx, html or text can)"
        raise InputError(str(output), f"no report written: {why}")
    if format in (ReportFormat.xlsx, ReportFormat.html):
        agencies = {r.agency for r in results}
        document = render.build_report(results, unreadable, registry_version(registry), sources,
                                       per_agency or len(agencies) > 1, checks_chosen,
                                       "数据来源" if per_agency else "来源文件")
        content = render.to_xlsx(document) if format is ReportFormat.xlsx else render.to_html(document)
    elif format is ReportFormat.text:
        content = render.to_text(findings, unreadable)
    else:
        content = {ReportFormat.json: render.to_json, ReportFormat.ttl: render.to_ttl}[format](findings)
    emit(content, output)


def _print_summary(results: list[ListReport], unreadable: list[Unreadable]) -> None:
    """The per-agency table of `--all`, and the count of list graphs that could not be read."""
    summaries = render.summarize((r.agency, r.items, r.findings) for r in results)
    table = Table(title="校验汇总（按实施主体）")
    for column in ("实施主体", "清单数", "事项数", "违规", "警告", "提示", "主要问题"):
        table.add_column(column)
    for summary in summaries:
        table.add_row(summary.agency, str(summary.lists), str(summary.items),
                      str(summary.by_severity["Violation"]), str(summary.by_severity["Warning"]),
                      str(summary.by_severity["Info"]), render.top_checks(summary))
    Console().print(table)
    if unreadable:
        typer.echo(f"无法读取、未经校验的清单：{len(unreadable)} 份（原因见 stderr）")

"""`kg impact STATUTE --from V1 --to V2 | --spec FILE`: the items an amendment affects, in the
local store, a remote store (`--endpoint URL`) or the list files given (`--lists`)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.cli.statutes import versions_known
from kg.errors import InputError
from kg.impact.affected import CitedProvision, check_impact, cited_in_documents
from kg.impact.align import amendment_by_alignment
from kg.impact.records import Amendment
from kg.impact.report import (
    alignment_json,
    print_alignment,
    print_table,
    render_csv,
    render_html,
    render_json,
    render_xlsx,
)
from kg.impact.spec import read_spec
from kg.impact.stores import cited_at_endpoint, cited_in_local_store
from kg.ingest.read import read_list
from kg.pipeline import cite_document
from kg.remote.client import SparqlClient
from kg.remote.endpoint import endpoint_for
from kg.reports.document import registry_version
from kg.reports.files import check_directory, output_format, write_whole
from kg.reports.progress import progress_bar, working
from kg.statutes import Registry, load_registry
from kg.statutes.records import Statute, StatuteVersion


class ImpactFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"
    xlsx = "xlsx"


FORMATS = tuple(f.value for f in ImpactFormat)


@app.command()
def impact(
    statute: str = typer.Argument(..., help="the amended statute as users write it (社会保险法)"),
    files: list[Path] = typer.Argument(None, help="list files, after --lists"),
    from_version: str = typer.Option(None, "--from", help="version amended: date, year or version id"),
    to_version: str = typer.Option(None, "--to", help="version produced: date, year or version id"),
    spec: Path = typer.Option(None, "--spec", help="amendment spec file (.yaml or .ttl) for a 修改决定"),
    lists: bool = typer.Option(False, "--lists", help="check the list files given instead of the store"),
    alignment: bool = typer.Option(False, "--alignment", help="show the article alignment for review"),
    format: ImpactFormat = typer.Option(None, "--format", "-f", help="table, json, csv, html or xlsx "
                                        "(default: from the -o file's extension, else table)"),
    output: Path = typer.Option(None, "--output", "-o", help="write here (required for xlsx)"),
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or .kg/store)"),
    endpoint: str = typer.Option(None, "--endpoint", help="check the lists of this remote SPARQL store "
                                 "instead of the local one (see README: Remote SPARQL stores)"),
    record: bool = typer.Option(True, "--record/--no-record", help="record the amendment in the store "
                                "(its own named graph, for `kg query items-affected-after`)"),
) -> None:
    """Every item whose cited articles of STATUTE the amendment changed, renumbered or repealed;
    the other citations of STATUTE are listed as checked and unchanged."""
    try:
        registry = load_registry()
        found = registry.find(statute)
        if spec is None and not from_version and not to_version:
            typer.echo(f"{found.title}: versions {versions_known(found)}; give --from and --to "
                       "(versions with text), or --spec FILE")
            return
        amendment = _amendment(found, registry, from_version, to_version, spec)
        if alignment:
            if format is ImpactFormat.json:
                _emit(alignment_json(amendment), output)
            else:
                print_alignment(amendment.changes, found.version(amendment.old_version),
                                found.version(amendment.new_version))
            return
        if files and not lists:
            raise InputError(str(files[0]), "give --lists before list files (or none, to use the store)")
        if endpoint and (lists or store):
            raise InputError("--endpoint", f"give --endpoint or {'--lists' if lists else '--store'}, not both")
        format = ImpactFormat(output_format(output, format.value if format else None, FORMATS, "table"))
        if format is ImpactFormat.xlsx and output is None:
            raise InputError("--output", "xlsx needs --output FILE")
        if output is not None:
            check_directory(output)         # before the store is read or written
        if lists:
            cited = _cited_in_lists(files or [], registry, found)
        elif endpoint:
            with working(f"reading the citations of {found.title} at {endpoint}"):
                cited = cited_at_endpoint(SparqlClient(endpoint_for(endpoint)), found, amendment, record)
        else:
            with working(f"reading the citations of {found.title} in the store"):
                cited = cited_in_local_store(store, found, amendment, record)
        result = check_impact(cited, amendment, found)
        # the list files the citations come from (whichever store holds them)
        sources = [str(path) for path in files] if lists else sorted({c.source for c in cited})
        if format is ImpactFormat.table:
            print_table(result)
        elif format is ImpactFormat.xlsx:
            write_whole(output, render_xlsx(result, sources, registry_version(registry)))
        elif format is ImpactFormat.html:
            _emit(render_html(result, sources, registry_version(registry)), output)
        elif format is ImpactFormat.csv:
            _emit(render_csv(result, bom=output is not None), output)
        else:
            _emit(render_json(result), output)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error


def _amendment(statute: Statute, registry: Registry, from_version: str | None, to_version: str | None,
               spec: Path | None) -> Amendment:
    if spec is not None:
        amendment = read_spec(spec, registry.find)
        if amendment.statute_id != statute.id:
            raise InputError(str(spec), f"the spec amends {amendment.statute_title}, not {statute.title}")
        return amendment
    if not from_version or not to_version:
        raise InputError(statute.title, f"give --from and --to versions (known: {versions_known(statute)}), "
                                        "or --spec FILE")
    old, new = (_version(statute, wanted) for wanted in (from_version, to_version))
    for version in (old, new):
        if not version.has_text:
            raise InputError(statute.title, f"the registry has no text of the {version.date} version; "
                                            "describe the amendment with --spec FILE")
    if (old.date or "") >= (new.date or ""):
        raise InputError(statute.title, f"--from {old.date} is not older than --to {new.date}")
    return amendment_by_alignment(statute, old, new)


def _version(statute: Statute, wanted: str) -> StatuteVersion:
    version = statute.version(wanted) or statute.version_in_force(wanted)
    if version is None:
        raise InputError(statute.title, f"no version '{wanted}' (known: {versions_known(statute)})")
    return version


def _cited_in_lists(files: list[Path], registry: Registry, statute: Statute) -> list[CitedProvision]:
    """The provisions of `statute` the files cite; every unreadable file named, then exit 2 (no
    report is written from part of the lists)."""
    documents, failed = [], None
    with progress_bar("reading lists", len(files)) as bar:
        for path in files:
            try:
                document = read_list(path)
            except InputError as error:     # report every bad file, then stop
                bar.message(f"kg: {error.describe()}")
                failed = error
                continue
            finally:
                bar.advance(path.name)
            documents.append(cite_document(document, registry))
    if failed is not None:
        raise typer.Exit(EXIT_BAD_INPUT)
    return cited_in_documents(documents, statute.id)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    write_whole(output, text)

"""`kg statutes list|search|show|import`: what the statute registry knows, and an article's text."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError
from kg.paths import STATUTES
from kg.reports.provisions import provision_zh
from kg.statutes import Registry, Statute, load_registry
from kg.statutes.corpus import CORPUS_DIR
from kg.statutes.normalize import normalize_title

statutes_app = typer.Typer(help="The statute registry: list, search, show an article, import the corpus.",
                           no_args_is_help=True)
app.add_typer(statutes_app, name="statutes")


@statutes_app.command("list")
def list_statutes(
    level: str = typer.Option(None, "--level", help="only this level (法律, 行政法规, 地方性法规 …)"),
    region: str = typer.Option(None, "--region", help="only local documents of this province (河南省)"),
) -> None:
    """Every statute of the registry (id, level, versions, status, title), by level and title."""
    registry = _registry()
    chosen = [s for s in registry.statutes.values()
              if (level is None or s.level == level) and (region is None or (s.region or "").startswith(region))]
    _table(chosen, f"{len(chosen)} of {len(registry.statutes)} statutes")


@statutes_app.command("search")
def search(words: list[str] = typer.Argument(..., help="words the title contains (all of them)")) -> None:
    """Statutes whose title or an alias contains every word, then the closest title if none does."""
    registry = _registry()
    keys = [normalize_title(word) for word in words]
    found = [s for s in registry.statutes.values()
             if any(all(k in normalize_title(name) for k in keys) for name in (s.title, *s.aliases))]
    if found:
        _table(found, f"{len(found)} statutes")
        return
    resolution = registry.resolve("".join(words))
    hint = f"; did you mean 《{resolution.suggestion}》?" if resolution.suggestion else ""
    typer.echo(f"no statute's title contains {' '.join(words)}{hint}")


@statutes_app.command("show")
def show(
    title: str = typer.Argument(..., help="title, alias, 文号 or registry id"),
    version: str = typer.Option(None, "--version", help="version date, year or id (default: the latest with text)"),
    article: int = typer.Option(None, "--article", help="print this article (条)"),
) -> None:
    """A statute's level, issuer, 文号 and versions; with --article, that article's text."""
    try:
        registry = _registry()
        statute = registry.find(title)
        chosen = statute.version(version) if version else (statute.latest_text_version or statute.current)
        if version and chosen is None:
            raise InputError(title, f"no version '{version}' (known: {versions_known(statute)})")
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if article is None:
        typer.echo(f"{statute.title}  [{statute.id}]")
        for label, value in (("level", statute.level), ("issuer", statute.issuer), ("region", statute.region),
                             ("status", statute.status), ("文号", "、".join(statute.doc_numbers)),
                             ("aliases", "、".join(statute.aliases))):
            if value:
                typer.echo(f"  {label}: {value}")
        for each in statute.versions:
            marks = [each.status or "未核实", "有全文" if each.has_text else "无全文"]
            if each.effective:
                marks.append(f"施行 {each.effective}")
            typer.echo(f"  {each.date or 'undated'}  {' · '.join(marks)}")
        return
    found = chosen.articles.get(article) if chosen is not None else None
    if chosen is None or found is None:
        where = f"the {chosen.date} version" if chosen is not None and chosen.has_text else "the registry's texts"
        report(InputError(statute.title, f"{provision_zh(article)} is not in {where}"))
        raise typer.Exit(EXIT_BAD_INPUT)
    typer.echo(f"《{statute.title}》（{chosen.date}）{provision_zh(article)}")
    typer.echo(found.text)


@statutes_app.command("import")
def import_corpus(
    source: Path = typer.Argument(..., help="the folder of a LawRefBook snapshot (its Markdown texts and db.sqlite3)"),
    out: Path = typer.Option(STATUTES / CORPUS_DIR, "--out", help="where the compact corpus goes"),
) -> None:
    """Convert the statute corpus into the compact form the registry reads (deterministic)."""
    from kg.statutes.convert import convert
    try:
        manifest = convert(source, out, STATUTES / "registry.yaml")
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    counts = manifest["counts"]
    typer.echo(f"{counts['documents']} documents, {counts['versions']} versions, {counts['texts']} texts "
               f"({len(manifest['unparsed'])} texts left out, see {out / 'manifest.yaml'})")


def versions_known(statute: Statute) -> str:
    """The versions of a statute, as users give them: 2009-06-27（有全文）, 2024-09-13（有全文）."""
    return ", ".join(f"{v.date or 'undated'}（{'有全文' if v.has_text else '无全文'}）" for v in statute.versions)


def _registry() -> Registry:
    try:
        return load_registry()
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _table(statutes: list[Statute], caption: str) -> None:
    table = Table(caption=caption)
    for column in ("id", "level", "versions", "status", "title"):
        table.add_column(column)
    order = {level: n for n, level in enumerate(("宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规"))}
    for statute in sorted(statutes, key=lambda s: (order.get(s.level or "", 9), s.title)):
        table.add_row(statute.id, statute.level or "", ", ".join(v.date or "undated" for v in statute.versions),
                      statute.status or "", statute.title)
    Console(width=200).print(table)

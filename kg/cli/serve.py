"""`kg serve [--store DIR | --endpoint URL] [--host 127.0.0.1] [--port 8800]`: the web workspace."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from kg.cli import app
from kg.cli.common import EXIT_BAD_INPUT, report
from kg.errors import InputError


@app.command()
def serve(
    store: Path = typer.Option(None, "--store", help="store directory (default $KG_STORE or ./.kg/store)"),
    endpoint: str = typer.Option(None, "--endpoint", help="serve this remote SPARQL store instead of the local one"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (default: this computer only)"),
    port: int = typer.Option(8800, "--port", min=1, max=65535, help="port to listen on"),
) -> None:
    """A workspace in the browser (Chinese pages): which items rest on an article, article texts,
    amendment impact, checking a draft list, named queries and a read-only SPARQL console."""
    import uvicorn

    from kg.web.app import create_app
    from kg.web.workspace import Workspace

    if store and endpoint:
        report(InputError("kg serve", "give --store or --endpoint, not both"))
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        workspace = Workspace(store, endpoint)
    except InputError as error:
        report(error)
        raise typer.Exit(EXIT_BAD_INPUT) from error
    if not _loopback(host):
        typer.echo(f"kg serve: warning: listening on {host}: other computers can open the workspace "
                   "(and add lists to the store); it has no log-in", err=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"工作台已启动：请在浏览器中打开 http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/ "
               "（按 Ctrl+C 停止）", err=True)
    uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

"""A real Oxigraph server for tests and benchmarks: `oxigraph serve` from the virtualenv on
127.0.0.1, a free port and a temporary directory, union default graph (as the named queries
expect); stopped afterwards.

Use the session fixture `oxigraph_server` (its query URL) from a test module with
`from oxigraph_server import oxigraph_server  # noqa: F401`, or `running_oxigraph_server(dir)`.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
STARTUP_SECONDS = 30


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_oxigraph_server(location: Path, timeout_s: float | None = None,
                            union_default_graph: bool = True) -> Iterator[str]:
    """Start `oxigraph serve` on `location`, wait until it answers, yield its base URL, stop it.
    `timeout_s`: the server stops a query running longer."""
    port = free_port()
    location.mkdir(parents=True, exist_ok=True)
    log = open(location.parent / f"{location.name}.log", "wb")
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         *(["--union-default-graph"] if union_default_graph else []),
         *(["--timeout-s", str(int(timeout_s))] if timeout_s else [])],
        stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_answering(base_url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = urllib.request.Request(f"{base_url}/query", data=b"ASK {}", method="POST",
                                   headers={"Content-Type": "application/sparql-query"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer within {STARTUP_SECONDS} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    """The query URL of a running Oxigraph server, shared by the whole test session."""
    with running_oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as base_url:
        yield f"{base_url}/query"

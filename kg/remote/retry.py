"""Bounded retries with exponential backoff for transient endpoint failures.

Transient: nothing listening yet (connection refused while a server starts), the connection
dropped, no answer within the timeout, HTTP 502/503/504 from a proxy or a busy server. Anything
else (401, 400 for a malformed query, 404, 500, a redirected write) is final and reported at once.
A request is tried at most `endpoint.attempts` times and never past `endpoint.deadline` seconds.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
from collections.abc import Callable
from typing import TypeVar

from kg.errors import InputError
from kg.remote.endpoint import Endpoint

T = TypeVar("T")
TRANSIENT_STATUS = (502, 503, 504)
FIRST_BACKOFF = 0.25          # seconds before the second try; doubled for each further try


def with_retries(call: Callable[[], T], endpoint: Endpoint, url: str,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """`call()`, retried on transient failures; any failure left becomes a one-line InputError."""
    started = time.monotonic()
    delay = FIRST_BACKOFF
    for attempt in range(1, endpoint.attempts + 1):
        try:
            return call()
        except Exception as error:     # classified below; unknown errors are re-raised
            reason, transient = describe_failure(error, endpoint)
            if reason is None:
                raise
            out_of_time = time.monotonic() - started + delay > endpoint.deadline
            if not transient or attempt == endpoint.attempts or out_of_time:
                tries = f" ({attempt} attempts)" if attempt > 1 else ""
                raise InputError(url, reason + tries) from error
        sleep(delay)
        delay *= 2
    raise AssertionError("unreachable: the loop returns or raises")


def describe_failure(error: Exception, endpoint: Endpoint) -> tuple[str | None, bool]:
    """(one-line reason, transient?) for a failed request; (None, False) for a non-HTTP error."""
    if isinstance(error, urllib.error.HTTPError):
        if 300 <= error.code < 400:
            return (f"the endpoint redirects this request (HTTP {error.code}) to "
                    f"{error.headers.get('Location', 'an unnamed URL')}; name the final URL with "
                    "--endpoint or in the endpoints config"), False
        return _http_reason(error.code, _body(error)), error.code in TRANSIENT_STATUS
    if isinstance(error, json.JSONDecodeError):
        return ("the endpoint's answer is not complete SPARQL JSON (did the server stop the query "
                "at its time limit?)"), False
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, Exception) else error
    if isinstance(error, ConnectionRefusedError):
        return "connection refused: is the server running and the URL right?", True
    if isinstance(error, (TimeoutError, socket.timeout)):
        return f"no answer within {endpoint.timeout:g} s (timeout)", True
    if isinstance(error, (ConnectionError, http.client.HTTPException)):
        return f"connection failed: {type(error).__name__}", True
    if isinstance(error, urllib.error.URLError):
        return f"cannot reach the endpoint: {error.reason}", False
    if isinstance(error, OSError):
        return f"cannot reach the endpoint: {error.strerror or error}", False
    return None, False


def _http_reason(status: int, body: str) -> str:
    detail = f": {body}" if body else ""
    if status in (401, 403):
        return (f"the endpoint refused the credentials (HTTP {status}); set KG_ENDPOINT_USER and "
                "KG_ENDPOINT_PASSWORD or the endpoints config file")
    if status == 400:
        return f"the endpoint rejected the request (HTTP 400){detail}"
    if status == 404:
        return "no SPARQL service at this URL (HTTP 404)"
    if status in TRANSIENT_STATUS:
        return f"the endpoint is unavailable (HTTP {status})"
    return f"the endpoint failed (HTTP {status}){detail}"


def _body(error: urllib.error.HTTPError) -> str:
    try:
        return _first_line(error.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def _first_line(text: str, limit: int = 200) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line[:limit] + ("…" if len(line) > limit else "")

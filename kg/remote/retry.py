"""Bounded retries with exponential backoff for transient endpoint failures.

Transient: nothing listening yet (connection refused while a server starts), the connection
dropped, no answer within the timeout, HTTP 502/503/504 from a proxy or a busy server. Anything
else (401, 400 for a malformed query, 404, 500, a redirected write) is final and reported at once.
A request is tried at most `endpoint.attempts` times and never past `endpoint.deadline` seconds
(a wall-clock bound on the whole exchange, body included: kg.remote.exchange).

A server's error text is shown only after anything that looks like a credential is removed: the
endpoint's own user name, password and Basic token, and any Authorization header, token, key or
password a server may echo back.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
import urllib.error
from collections.abc import Callable
from typing import TypeVar

from kg.errors import InputError
from kg.remote.endpoint import Endpoint
from kg.remote.exchange import DeadlineExceeded

T = TypeVar("T")
TRANSIENT_STATUS = (502, 503, 504)
FIRST_BACKOFF = 0.25          # seconds before the second try; doubled for each further try
HIDDEN = "[hidden]"
_REDACTED_PREFIX = 10_000     # characters of an error line scanned for credentials (200 are shown)
_CREDENTIAL_LIKE = re.compile(
    r"(?i)\b(?:(?:proxy-)?authorization|cookie|set-cookie)\s*[:=]\s*.*"          # a header echoed: all of it
    r"|\b(?:basic|bearer|digest|negotiate|token)\s+[A-Za-z0-9+/=._~-]{4,}"      # a scheme and its token
    r"|\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth)\w*\s*[:=]\s*\S+"
    r"|(?<=//)[^/\s:@]+:[^/\s@]+(?=@)")                                      # user:password@ in a URL


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
            location = redacted(error.headers.get("Location", "an unnamed URL"), endpoint)
            return (f"the endpoint redirects this request (HTTP {error.code}) to {location}; name "
                    "the final URL with --endpoint or in the endpoints config"), False
        return _http_reason(error.code, _body(error, endpoint)), error.code in TRANSIENT_STATUS
    if isinstance(error, DeadlineExceeded):
        return f"the exchange did not finish within the deadline of {endpoint.deadline:g} s", False
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


def redacted(text: str, endpoint: Endpoint) -> str:
    """`text` with the endpoint's credentials and anything credential-like replaced by [hidden]."""
    if endpoint.basic_token:
        for secret in sorted({endpoint.basic_token, endpoint.password or ""} - {""}, key=len, reverse=True):
            text = text.replace(secret, HIDDEN)
    return _CREDENTIAL_LIKE.sub(HIDDEN, text)


def _body(error: urllib.error.HTTPError, endpoint: Endpoint) -> str:
    """The first line of an error answer's body, redacted, then shortened."""
    try:
        text = error.read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):      # cut, or past the deadline
        return ""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return _shortened(redacted(line[:_REDACTED_PREFIX], endpoint))


def _shortened(line: str, limit: int = 200) -> str:
    return line[:limit] + ("…" if len(line) > limit else "")

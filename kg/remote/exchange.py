"""One HTTP exchange with a remote store, bounded in wall-clock time from the first byte sent to
the last byte of the body read, and never redirected.

A socket timeout alone bounds each read, not the exchange: a server sending one byte a second
keeps every read short and the answer endless. Here the connection's socket is wrapped so that
each send and receive waits at most the time left before the deadline (and at most `timeout`,
the stall limit), and none starts after it.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
import urllib.request


class DeadlineExceeded(TimeoutError):
    """The exchange did not finish before its wall-clock deadline."""


class _DeadlineSocket:
    """A connected socket whose operations end by `deadline` (time.monotonic() seconds)."""

    def __init__(self, sock, deadline: float, stall: float):
        self._sock, self._deadline, self._stall = sock, deadline, stall
        self._readers, self._closed = 0, False

    def _bounded(self, operation, *args):
        """`operation(*args)` waiting at most until the deadline (and at most the stall limit)."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("deadline passed")
        self._sock.settimeout(min(left, self._stall))
        try:
            return operation(*args)
        except TimeoutError:
            if time.monotonic() >= self._deadline:
                raise DeadlineExceeded("deadline passed") from None
            raise

    def sendall(self, data, *flags):
        view = memoryview(data).cast("B")
        while view:                 # in slices, so a server reading slowly meets the deadline too
            view = view[self._bounded(self._sock.send, view[:65536], *flags):]

    def recv_into(self, buffer, *args):
        return self._bounded(self._sock.recv_into, buffer, *args)

    def makefile(self, mode="r", *args, **kwargs):
        self._readers += 1
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """Closed once it is closed and its readers too (urllib closes the connection before the
        body is read, as a plain socket's makefile allows)."""
        self._closed = True
        if not self._readers:
            self._sock.close()

    def reader_closed(self) -> None:
        self._readers -= 1
        if self._closed and not self._readers:
            self._sock.close()

    def __getattr__(self, name):
        return getattr(self._sock, name)


class _Reader(io.RawIOBase):
    def __init__(self, sock: _DeadlineSocket):
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._sock.reader_closed()
        super().close()


def _connection_class(base: type[http.client.HTTPConnection], deadline: float, stall: float):
    class DeadlineConnection(base):  # type: ignore[valid-type,misc]  # base chosen at runtime
        sock: socket.socket | _DeadlineSocket | None       # the base's socket, wrapped once connected

        def connect(self):
            self.timeout = max(0.001, min(stall, deadline - time.monotonic()))
            try:
                super().connect()
            except TimeoutError:
                if time.monotonic() >= deadline:
                    raise DeadlineExceeded("deadline passed") from None
                raise
            self.sock = _DeadlineSocket(self.sock, deadline, stall)
    return DeadlineConnection


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """No request is redirected: urllib would resend a POST as a GET without its body (an update
    lost, yet "succeeded"; a query sent empty) and forward the Authorization header to wherever
    Location points, another host included. The 3xx answer is raised as an HTTPError instead and
    reported with its Location."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def exchange(request: urllib.request.Request, deadline: float, stall: float) -> tuple[bytes, str]:
    """The body of the answer to `request` and its content type, the body read whole by `deadline`
    (time.monotonic() seconds), no socket operation waiting longer than `stall` seconds. HTTP errors are raised as
    urllib.error.HTTPError (their body readable, under the same deadline); a passed deadline as
    DeadlineExceeded."""
    if deadline - time.monotonic() <= 0:
        raise DeadlineExceeded("deadline passed")

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(_connection_class(http.client.HTTPConnection, deadline, stall), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req):
            # no context given: the connection makes the default one, as the handler would
            return self.do_open(_connection_class(http.client.HTTPSConnection, deadline, stall), req)

    opener = urllib.request.build_opener(Http, Https, _NoRedirect)
    with opener.open(request, timeout=stall) as response:
        return response.read(), response.headers.get("Content-Type") or "no content type"

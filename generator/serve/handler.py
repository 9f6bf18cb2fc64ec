"""The HTTP side of the preview: files from the output folder, the event stream, 403 and 404.

Files are read per request from the output folder's path (not a held handle), so after the build
swaps a new site in, the next request sees it. HTML gets the reload script (and the error overlay
while the last build is broken) only here, at response time.
"""

from __future__ import annotations

import http.server
from http import HTTPStatus
from pathlib import Path
from typing import Protocol

from generator.problems import Problem
from generator.serve import inject
from generator.serve.events import EventHub
from generator.serve.hosts import host_allowed
from generator.serve.paths import Forbidden, resolve

PING_SECONDS = 15.0
HTML_TYPES = ("text/html",)


class ServeState(Protocol):
    output: Path
    hub: EventHub
    port: int

    @property
    def host(self) -> str: ...

    def current_problems(self) -> list[Problem] | None: ...


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler, confined: every path goes through `paths.resolve`."""

    server_version = "artsite-preview"
    protocol_version = "HTTP/1.1"
    state: ServeState  # set on the subclass the server makes
    log_requests = False

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        if self.log_requests:
            super().log_message(format, *args)

    def _respond(self, head: bool) -> None:
        host = self.headers.get("Host")
        if not host_allowed(host, self.state.host, self.state.port):
            status = HTTPStatus.BAD_REQUEST if not host else HTTPStatus.MISDIRECTED_REQUEST
            self._send(status, f"{status.value} this preview answers only to its own address\n".encode(),
                       "text/plain; charset=utf-8", head)
            return
        if self.path.split("?", 1)[0] == inject.EVENTS_PATH:
            self._events()
            return
        try:
            target = resolve(self.state.output, self.path)
        except Forbidden:
            self._send(HTTPStatus.FORBIDDEN, b"403 forbidden\n", "text/plain; charset=utf-8", head)
            return
        if target.redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", target.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # The version and problems are taken before the file is read. If a rebuild swaps the site in
        # between, the page is newer than its stamp, which costs one needless reload; stamped with
        # a version newer than its content, the tab would never reload to the new site.
        version, problems = self.state.hub.version, self.state.current_problems()
        status = HTTPStatus.OK
        body = self._read(target.path)
        kind = self.guess_type(str(target.path)) if target.path else "text/html"
        if body is None:
            status, kind = HTTPStatus.NOT_FOUND, "text/html"
            body = self._read(self.state.output / "404.html") or b"<!doctype html><title>404</title><h1>404</h1>"
        if kind.startswith(HTML_TYPES):
            kind = "text/html; charset=utf-8"
            body = inject.inject(body, version, problems)
        self._send(status, body, kind, head)

    def _read(self, path: Path | None) -> bytes | None:
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:  # swapped away by a build between resolve and read
            return None

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """One browser's stream: `hello` with the current version, then each change as it happens."""
        hub = self.state.hub
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = hub.version
        try:
            self._event("hello", seen)
            while not hub.closed:
                news = hub.wait(seen, PING_SECONDS)
                if news is None:
                    if hub.closed:
                        break
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
                    continue
                seen, kind = news
                self._event(kind, seen)
        except OSError:  # the tab was closed
            return

    def _event(self, kind: str, version: int) -> None:
        self.wfile.write(f"retry: 1000\nevent: {kind}\ndata: {version}\n\n".encode())
        self.wfile.flush()

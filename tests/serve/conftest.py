from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.serve import DevServer, ServeOptions

POST = "---\ntitle: {title}\ndate: 2025-01-0{n}\ntags: [t{n}]\n---\n{body}\n"


def write_post(site: Path, n: int, title: str, body: str, extra: str = "") -> Path:
    path = site / "content" / "posts" / f"p{n}.md"
    path.write_text(POST.format(title=title, n=n, body=body).replace("---\n", "---\n" + extra, 1), encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert main(["init", str(root)]) == 0
    for n in (1, 2, 3):
        write_post(root, n, f"Post {n}", f"Body number {n}.")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    dev = DevServer(ServeOptions(source=site, port=0, debounce=0.05))
    outcome = dev.start()
    assert outcome.ok, outcome.problems.items
    yield dev
    dev.stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class EventStream:
    """Reads the server's SSE stream line by line with a deadline."""

    def __init__(self, url: str) -> None:
        self.response = urllib.request.urlopen(url, timeout=8)
        self.events: list[tuple[str, str]] = []

    def next_event(self, deadline: float) -> tuple[str, str]:
        kind, data = "message", ""
        while time.monotonic() < deadline:
            line = self.response.readline().decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "" and data:
                self.events.append((kind, data))
                return kind, data
        raise TimeoutError("no event in time")

    def wait_for(self, kind: str, timeout: float = 8.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            got, data = self.next_event(deadline)
            if got == kind:
                return data

    def close(self) -> None:
        self.response.close()


@pytest.fixture
def events(server: DevServer) -> Iterator[Callable[[], EventStream]]:
    opened: list[EventStream] = []

    def open_stream() -> EventStream:
        stream = EventStream(server.url + "__artsite/events")
        opened.append(stream)
        return stream

    yield open_stream
    for stream in opened:
        stream.close()

"""The read log of the page being rendered: the light half of generator.render.reads.

Its own module, free of imports, so that `SiteConfig` can note the settings Python code reads
while a page renders without importing Jinja (the no-change check runs before Jinja is needed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Read = tuple[str, str, str]  # (kind, key, attribute): ("page", "/posts/a/", "title"), ("config", "", "author")

active: ReadLog | None = None  # rendering is one page at a time in each process


class ReadLog:
    """The reads of one page's render."""

    def __init__(self, own: Any) -> None:
        self.own = own
        self.reads: set[Read] = set()


@contextmanager
def recording(own: Any) -> Iterator[ReadLog]:
    """Log reads while one page renders; `own` is that page (its own fields are hashed whole)."""
    global active
    outer, log = active, ReadLog(own)
    active = log
    try:
        yield log
    finally:
        active = outer


def note(kind: str, key: str, attribute: str) -> None:
    """Called by the objects that know they are read (SiteConfig, UrlSet)."""
    if active is not None:
        active.reads.add((kind, key, attribute))



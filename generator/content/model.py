"""The page model every stage shares: a plain dataclass that keeps its raw input.

Templates see `page` directly, so field names are the template API documented in
docs/theming.md. `data` keeps every front-matter key, including ones artsite does not know,
because Eleventy posts carry their own keys and themes may use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    url: str


@dataclass
class Page:
    kind: str  # post, page, home, tag, tags, archive, gallery, galleries, work, openness, 404, ...
    title: str
    url: str  # site path, "/posts/hello/" (base path not included); "" when not published
    source: Path | None = None
    rel: str = ""  # content-relative source path, posix
    slug: str = ""
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    tags: list[Tag] = field(default_factory=list)
    terms: dict[str, list[Tag]] = field(default_factory=dict)  # other taxonomies: "categories" -> its terms
    redirects: list[str] = field(default_factory=list)  # old site paths that send readers here
    body: str = ""  # Markdown source
    body_line: int = 1
    content: str = ""  # rendered HTML
    content_key: str = ""  # what the rendered HTML was made from (set by the Markdown stage)
    excerpt: str = ""  # HTML
    description: str = ""  # plain text, for meta tags and feeds
    layout: str = "page"
    draft: bool = False
    listed: bool = True  # in collections (home, tags, feeds); eleventyExcludeFromCollections: true -> False
    data: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # data plugins attach
    source_hash: str = ""
    deps: list[str] = field(default_factory=list)  # what a plugin says the page depends on, besides its reads
    context: dict[str, Any] = field(default_factory=dict)  # extra template variables (paginator, gallery, work)
    prev: Page | None = None
    next: Page | None = None

    @property
    def output_path(self) -> str | None:
        """Where the page goes inside the output folder: "/a/" -> "a/index.html", "/x.xml" -> "x.xml"."""
        if not self.url:
            return None
        path = self.url.lstrip("/")
        if not path or path.endswith("/"):
            return path + "index.html"
        return path

    @property
    def published(self) -> bool:
        return bool(self.url)

    def fresh_copy(self) -> Page:
        """A copy whose lists and dicts are its own, so a build that fills them in (neighbours,
        plugin data) leaves this page as it was read; `serve` keeps read pages between builds."""
        copy = object.__new__(type(self))
        copy.__dict__.update({name: type(value)(value) if isinstance(value, (list, dict)) else value
                              for name, value in self.__dict__.items()})
        return copy

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

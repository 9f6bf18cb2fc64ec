"""Gallery and Work records: plain data the loader fills and plugins and templates read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.model import Page, Tag


@dataclass
class Work:
    """One artwork: an image with its own page, and whatever its sidecar says about it."""

    source: Path
    rel: str  # content-relative path of the image
    slug: str
    title: str
    alt: str
    caption: str  # HTML (rendered from Markdown)
    tags: list[Tag]
    date: dt.datetime | None
    data: dict[str, Any]  # sidecar or images: entry, merged over the gallery's settings
    source_hash: str = ""
    gallery: Gallery | None = None
    page: Page | None = None
    image: Any = None  # ResponsiveImage for the work page
    thumb: Any = None  # ResponsiveImage for grids
    video: Any = None  # VideoView for a video work: its address and size (image and thumb show its poster)
    extra: dict[str, Any] = field(default_factory=dict)  # plugins: provenance, openness, consent ...
    originals: str = "none"  # how the original file is published: none, exact or clean (see galleries.pages)
    prev: Work | None = None
    next: Work | None = None

    def setting(self, key: str, default: Any = None) -> Any:
        """A per-work value, else the gallery's, else `default` (site values are the caller's)."""
        if key in self.data:
            return self.data[key]
        if self.gallery is not None and key in self.gallery.data:
            return self.gallery.data[key]
        return default

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@dataclass
class Gallery:
    name: str  # folder name
    slug: str
    folder: Path
    title: str
    description: str
    date: dt.datetime | None
    tags: list[Tag]
    data: dict[str, Any]
    works: list[Work] = field(default_factory=list)
    cover: Work | None = None
    page: Page | None = None
    body_html: str = ""  # index.md's text, rendered (see build.site.render_fragment)

    @property
    def url(self) -> str:
        return self.page.url if self.page else ""

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

"""`/tags/<tag>/feed.xml` and `feed.json`: one feed per tag, with the posts and the works it holds.

A follower interested in one subject ("ink", "flow-fields") subscribes to that tag alone. Works
enter as in the works feed (image and disclosure, never an image behind a content warning).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.outputs import _feedformat
from generator.outputs._feeditems import post_entry, post_key, work_entry

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter


def tag_pages(site: Site, pages: list[Page]) -> list[Page]:
    """The newest listed pages of one tag, at most `feeds.limit`."""
    listed = [p for p in pages if p.published and not p.draft and p.listed]
    listed.sort(key=lambda p: (p.date is not None, p.date or 0), reverse=True)
    return listed[: site.config["feeds"]["limit"]]


class _Entries:
    """Each page's entry made at most once a build, however many tags it has, and only for a
    feed that changed: a post's entry absolutizes its whole HTML."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._made: dict[int, dict[str, Any]] = {}

    def entry(self, page: Page) -> dict[str, Any]:
        made = self._made.get(id(page))
        if made is None:
            work = page.context.get("work") if page.kind == "work" else None
            made = work_entry(self._site, work) if work is not None else post_entry(self._site, page)
            self._made[id(page)] = made
        return made

    def key(self, pages: list[Page]) -> str | None:
        """What the tag's documents are made from, or None when one shows the build's own time."""
        parts = []
        for page in pages:
            if page.kind == "work" and page.context.get("work") is not None:
                entry = self.entry(page)  # small: an image, a caption and a disclosure line
                if entry["date"] is None and entry["updated"] is None:
                    return None
                parts.append(json.dumps(entry, sort_keys=True, default=str))
            elif page.date is None and page.updated is None:
                return None
            else:
                parts.append(post_key(page))
        return "\x1e".join(parts)


def write(site: Site, writer: OutputWriter) -> None:
    from generator.pipeline.render import write_output

    feeds = site.config["feeds"]
    if not feeds["tags"]:
        return
    made = _Entries(site)
    for tag, pages in site.tags.values():
        listed = tag_pages(site, pages)
        if not listed:
            continue
        key = made.key(listed)
        title = f"{site.config['title']}: tagged “{tag.name}”"
        for kind, name, make in (("atom", "feed.xml", _feedformat.atom), ("json", "feed.json", _feedformat.jsonfeed)):
            if feeds[kind]:
                path = tag.url.lstrip("/") + name
                write_output(site, writer, path, "tag feed",
                             lambda make=make, path=path, url=tag.url, title=title, listed=listed:
                             make(site, title, path, url, [made.entry(p) for p in listed]), key)

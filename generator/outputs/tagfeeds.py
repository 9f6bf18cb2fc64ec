"""`/tags/<tag>/feed.xml` and `feed.json`: one feed per tag, with the posts and the works it holds.

A follower interested in one subject ("ink", "flow-fields") subscribes to that tag alone. Works
enter as in the works feed (image and disclosure, never an image behind a content warning).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.outputs import _feedformat
from generator.outputs._feeditems import post_entry, work_entry

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter


def tag_entries(site: Site, pages: list[Page]) -> list[dict[str, Any]]:
    listed = [p for p in pages if p.published and not p.draft and p.listed]
    listed.sort(key=lambda p: (p.date is not None, p.date or 0), reverse=True)
    entries = []
    for page in listed[: site.config["feeds"]["limit"]]:
        work = page.context.get("work") if page.kind == "work" else None
        entries.append(work_entry(site, work) if work is not None else post_entry(site, page))
    return entries


def write(site: Site, writer: OutputWriter) -> None:
    from generator.pipeline.render import write_output

    feeds = site.config["feeds"]
    for tag, pages in site.tags.values():
        entries = tag_entries(site, pages)
        if not entries:
            continue
        key = _feedformat.entries_key(entries)
        title = f"{site.config['title']}: tagged “{tag.name}”"
        for kind, name, make in (("atom", "feed.xml", _feedformat.atom), ("json", "feed.json", _feedformat.jsonfeed)):
            if feeds[kind]:
                path = tag.url.lstrip("/") + name
                data = make(site, title, path, tag.url, entries)
                write_output(site, writer, path, "tag feed", lambda data=data: data, key)

"""`/feed.xml`: an Atom 1.0 feed (RFC 4287), built as a tree (outputs._xmltext) so every value is escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.dates import rfc3339
from generator.outputs._feeditems import absolute, entry_text, feed_entries, feed_key
from generator.outputs._xmltext import Element, tostring

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

NS = "http://www.w3.org/2005/Atom"
PATH = "feed.xml"


def build_feed(site: Site) -> bytes:
    entries = feed_entries(site)
    feed = Element("feed", {"xmlns": NS, "xml:lang": site.config["language"]})
    feed.sub("title", site.config["title"])
    if site.config["description"]:
        feed.sub("subtitle", site.config["description"])
    feed.sub("id", site.config.base_url)
    feed.sub("link", href=absolute(site, PATH), rel="self", type="application/atom+xml")
    feed.sub("link", href=site.config.base_url, rel="alternate", type="text/html")
    newest = max((p.updated or p.date for p in entries if p.date), default=site.build_time)
    feed.sub("updated", rfc3339(newest))
    author = feed.sub("author")
    author.sub("name", site.config["author"].get("name") or site.config["title"])
    feed.sub("generator", "artsite")
    for page in entries:
        entry = feed.sub("entry")
        entry.sub("title", page.title)
        url = absolute(site, page.url)
        entry.sub("link", href=url, rel="alternate", type="text/html")
        entry.sub("id", url)
        if page.date:
            entry.sub("published", rfc3339(page.date))
        entry.sub("updated", rfc3339(page.updated or page.date or site.build_time))
        for tag in page.tags:
            entry.sub("category", term=tag.name)
        summary, body = entry_text(site, page)
        if summary:
            entry.sub("summary", summary)
        entry.sub("content", body, type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed) + b"\n"


def write(site: Site, writer: OutputWriter) -> None:
    from generator.pipeline.render import write_output

    if site.config["feeds"]["atom"]:
        write_output(site, writer, PATH, "atom feed", lambda: build_feed(site), feed_key(site))

"""Atom 1.0 and JSON Feed 1.1 documents from a list of entries, for the feeds beyond `/feed.xml`.

The site feed (atom.py, jsonfeed.py) lists posts; the works feed and the per-tag feeds list works
too, so they share this one serialiser of plain entry dicts instead of each building XML and JSON.
Every value is escaped by outputs._xmltext or json, never concatenated.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from generator.content.dates import rfc3339
from generator.outputs._feeditems import absolute
from generator.outputs._jsontext import dumps
from generator.outputs._xmltext import Element, tostring
from generator.outputs.atom import NS

if TYPE_CHECKING:
    from generator.pipeline.site import Site

# An entry: {"url": site path, "title", "date", "updated", "tags": [names], "summary", "html",
#            "image": absolute URL or None}


def entries_key(entries: list[dict[str, Any]]) -> str | None:
    """Everything the documents are made from, or None when one shows the build's own time."""
    if not entries or any(e["date"] is None and e["updated"] is None for e in entries):
        return None
    return json.dumps(entries, sort_keys=True, default=str)


def atom(site: Site, title: str, path: str, alternate: str, entries: list[dict[str, Any]]) -> bytes:
    feed = Element("feed", {"xmlns": NS, "xml:lang": site.config["language"]})
    feed.sub("title", title)
    feed.sub("id", absolute(site, path))
    feed.sub("link", href=absolute(site, path), rel="self", type="application/atom+xml")
    feed.sub("link", href=absolute(site, alternate), rel="alternate", type="text/html")
    feed.sub("updated", rfc3339(_newest(site, entries)))
    author = feed.sub("author")
    author.sub("name", site.config["author"].get("name") or site.config["title"])
    feed.sub("generator", "artsite")
    for item in entries:
        entry = feed.sub("entry")
        entry.sub("title", item["title"])
        url = absolute(site, item["url"])
        entry.sub("link", href=url, rel="alternate", type="text/html")
        entry.sub("id", url)
        if item["date"]:
            entry.sub("published", rfc3339(item["date"]))
        entry.sub("updated", rfc3339(item["updated"] or item["date"] or site.build_time))
        for tag in item["tags"]:
            entry.sub("category", term=tag)
        if item["image"]:
            entry.sub("link", href=item["image"], rel="enclosure", type=_mime(item["image"]))
        if item["summary"]:
            entry.sub("summary", item["summary"])
        entry.sub("content", item["html"], type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed) + b"\n"


def jsonfeed(site: Site, title: str, path: str, alternate: str, entries: list[dict[str, Any]]) -> bytes:
    author = {"name": site.config["author"].get("name") or site.config["title"]}
    if site.config["author"].get("url"):
        author["url"] = site.config["author"]["url"]
    items = []
    for entry in entries:
        url = absolute(site, entry["url"])
        item: dict[str, Any] = {"id": url, "url": url, "title": entry["title"], "content_html": entry["html"]}
        if entry["summary"]:
            item["summary"] = entry["summary"]
        if entry["image"]:
            item["image"] = entry["image"]
        if entry["date"]:
            item["date_published"] = entry["date"].isoformat()
        if entry["updated"]:
            item["date_modified"] = entry["updated"].isoformat()
        if entry["tags"]:
            item["tags"] = list(entry["tags"])
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": absolute(site, alternate), "feed_url": absolute(site, path),
            "language": site.config["language"], "authors": [author], "items": items}
    return (dumps(feed) + "\n").encode("utf-8")


def _newest(site: Site, entries: list[dict[str, Any]]) -> dt.datetime:
    return max((e["updated"] or e["date"] for e in entries if e["updated"] or e["date"]), default=site.build_time)


def _mime(url: str) -> str:
    ext = url.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
            "avif": "image/avif", "gif": "image/gif"}.get(ext, "image/*")

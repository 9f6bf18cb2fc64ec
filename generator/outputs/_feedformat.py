"""Atom 1.0 and JSON Feed 1.1 documents from a list of entries, for the feeds beyond `/feed.xml`.

The site feed (atom.py, jsonfeed.py) lists posts; the works feed and the per-tag feeds list works
too, so they share this one serialiser of plain entry dicts instead of each building XML and JSON.
Every value is escaped by ElementTree or json, never concatenated.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from generator.content.dates import rfc3339
from generator.outputs._feeditems import absolute
from generator.outputs.atom import NS, _sub

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
    feed = ET.Element("feed", {"xmlns": NS, "xml:lang": site.config["language"]})
    _sub(feed, "title", title)
    _sub(feed, "id", absolute(site, path))
    _sub(feed, "link", href=absolute(site, path), rel="self", type="application/atom+xml")
    _sub(feed, "link", href=absolute(site, alternate), rel="alternate", type="text/html")
    _sub(feed, "updated", rfc3339(_newest(site, entries)))
    author = _sub(feed, "author")
    _sub(author, "name", site.config["author"].get("name") or site.config["title"])
    _sub(feed, "generator", "artsite")
    for item in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", item["title"])
        url = absolute(site, item["url"])
        _sub(entry, "link", href=url, rel="alternate", type="text/html")
        _sub(entry, "id", url)
        if item["date"]:
            _sub(entry, "published", rfc3339(item["date"]))
        _sub(entry, "updated", rfc3339(item["updated"] or item["date"] or site.build_time))
        for tag in item["tags"]:
            _sub(entry, "category", term=tag)
        if item["image"]:
            _sub(entry, "link", href=item["image"], rel="enclosure", type=_mime(item["image"]))
        if item["summary"]:
            _sub(entry, "summary", item["summary"])
        _sub(entry, "content", item["html"], type="html")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


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
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _newest(site: Site, entries: list[dict[str, Any]]) -> dt.datetime:
    return max((e["updated"] or e["date"] for e in entries if e["updated"] or e["date"]), default=site.build_time)


def _mime(url: str) -> str:
    ext = url.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
            "avif": "image/avif", "gif": "image/gif"}.get(ext, "image/*")

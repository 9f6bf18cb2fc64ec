"""`/feed.xml`: an Atom 1.0 feed (RFC 4287), built with ElementTree so every value is escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from generator.content.dates import rfc3339
from generator.outputs._feeditems import absolute, entry_text, feed_entries, feed_key

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

NS = "http://www.w3.org/2005/Atom"
PATH = "feed.xml"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    """XML 1.0 cannot carry control characters or lone surrogates, even escaped: drop them."""
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def build_feed(site: Site) -> bytes:
    entries = feed_entries(site)
    feed = ET.Element("feed", {"xmlns": NS, "xml:lang": site.config["language"]})
    _sub(feed, "title", site.config["title"])
    if site.config["description"]:
        _sub(feed, "subtitle", site.config["description"])
    _sub(feed, "id", site.config.base_url)
    _sub(feed, "link", href=absolute(site, PATH), rel="self", type="application/atom+xml")
    _sub(feed, "link", href=site.config.base_url, rel="alternate", type="text/html")
    newest = max((p.updated or p.date for p in entries if p.date), default=site.build_time)
    _sub(feed, "updated", rfc3339(newest))
    author = _sub(feed, "author")
    _sub(author, "name", site.config["author"].get("name") or site.config["title"])
    _sub(feed, "generator", "artsite")
    for page in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", page.title)
        url = absolute(site, page.url)
        _sub(entry, "link", href=url, rel="alternate", type="text/html")
        _sub(entry, "id", url)
        if page.date:
            _sub(entry, "published", rfc3339(page.date))
        _sub(entry, "updated", rfc3339(page.updated or page.date or site.build_time))
        for tag in page.tags:
            _sub(entry, "category", term=tag.name)
        summary, body = entry_text(site, page)
        if summary:
            _sub(entry, "summary", summary)
        _sub(entry, "content", body, type="html")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def write(site: Site, writer: OutputWriter) -> None:
    from generator.pipeline.render import write_output

    if site.config["feeds"]["atom"]:
        write_output(site, writer, PATH, "atom feed", lambda: build_feed(site), feed_key(site))

"""`/sitemap.xml` (sitemaps.org 0.9): every published, indexable HTML page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from generator.content.dates import rfc3339
from generator.outputs._feeditems import absolute

if TYPE_CHECKING:
    from generator.build.site import Site
    from generator.build.writer import OutputWriter

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SKIP_KINDS = {"404"}


def build_sitemap(site: Site) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": NS})
    for page in site.pages:
        if not page.published or page.kind in SKIP_KINDS or page.draft or page.data.get("noindex") is True:
            continue
        if not (page.url.endswith("/") or page.url.endswith(".html")):
            continue
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = absolute(site, page.url)
        moment = page.updated or page.date
        if moment:
            ET.SubElement(entry, "lastmod").text = rfc3339(moment)
    ET.indent(urlset)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, encoding="utf-8") + b"\n"


def write(site: Site, writer: OutputWriter) -> None:
    writer.write_bytes("sitemap.xml", build_sitemap(site), "sitemap")

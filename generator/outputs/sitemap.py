"""`/sitemap.xml` (sitemaps.org 0.9): every published, indexable HTML page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.dates import rfc3339
from generator.outputs._feeditems import absolute
from generator.outputs._xmltext import escape_text as escape

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SKIP_KINDS = {"404", "search"}  # nothing of their own for a search engine to list


def build_sitemap(site: Site) -> bytes:
    """Written as text: the format is fixed and flat, and an ElementTree of a few thousand URLs
    cost a noticeable share of a one-post rebuild."""
    lines = []
    for page in site.pages:
        if not page.published or page.kind in SKIP_KINDS or page.draft or page.data.get("noindex"):
            continue
        if not (page.url.endswith("/") or page.url.endswith(".html")):
            continue
        lines.append(f"  <url>\n    <loc>{escape(absolute(site, page.url))}</loc>\n")
        moment = page.updated or page.date
        if moment:
            lines.append(f"    <lastmod>{escape(rfc3339(moment))}</lastmod>\n")
        lines.append("  </url>\n")
    body = f'<urlset xmlns="{NS}">\n' + "".join(lines) + "</urlset>" if lines else f'<urlset xmlns="{NS}" />'
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def write(site: Site, writer: OutputWriter) -> None:
    writer.write_bytes("sitemap.xml", build_sitemap(site), "sitemap")

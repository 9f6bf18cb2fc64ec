"""What the feeds share: which entries they list and how an entry's fields are derived."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.content.warnings import feed_notice, warning_in

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.pipeline.site import Site


def feed_entries(site: Site) -> list[Page]:
    """Newest listed posts, at most `feeds.limit`; drafts never reach a feed, even with --drafts."""
    limit = site.config["feeds"]["limit"]
    return [p for p in site.posts if p.listed and not p.draft and p.published][:limit]


def feed_key(site: Site) -> str | None:
    """Everything a feed is made from, so an unchanged feed is not rebuilt; None when it shows
    the build's own time (an undated entry, or no entry at all)."""
    entries = feed_entries(site)
    if not entries or any(page.date is None for page in entries):
        return None
    from generator.pipeline.cache import digest

    return "\x1e".join(f"{p.url}|{p.title}|{p.date}|{p.updated}|{p.description}|{[t.name for t in p.tags]}|"
                        f"{warning_in(p.data)}|"
                        f"{p.content_key or digest(p.content, p.excerpt)}" for p in entries)


def entry_text(site: Site, page: Page) -> tuple[str, str]:
    """(summary, HTML) of one entry. A warned post's entry carries its warning and a link, and
    no image: a feed reader shows images unasked."""
    body = page.content if site.config["feeds"]["full_content"] else page.excerpt
    warning = warning_in(page.data)
    if warning is None:
        return page.description, absolutize_html(site, body)
    summary = f"Content warning: {warning}." + (f" {page.description}" if page.description else "")
    return summary, feed_notice(warning, absolute(site, page.url))


def absolute(site: Site, path: str) -> str:
    return site.config.base_url + path.lstrip("/")


_URL_ATTR = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolutize_html(site: Site, html: str) -> str:
    """Feed readers have no base URL: root-relative href/src/srcset become absolute URLs.

    Only attribute values are touched, and protocol-relative URLs (`//host/x`) are left alone.
    """
    origin = site.config.base_url.split("://", 1)[0] + "://" + site.config.base_url.split("://", 1)[1].split("/", 1)[0]

    def attr(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{origin}{match.group(2)}"'

    def srcset(match: re.Match[str]) -> str:
        parts = []
        for candidate in match.group(1).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            if url.startswith("/") and not url.startswith("//"):
                url = origin + url
            parts.append(f"{url} {descriptor}".strip())
        return f'srcset="{", ".join(parts)}"'

    return _SRCSET.sub(srcset, _URL_ATTR.sub(attr, html))

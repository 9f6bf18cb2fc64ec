"""What the feeds share: which entries they list and how an entry's fields are derived."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.build.site import Site
    from generator.content.model import Page


def feed_entries(site: Site) -> list[Page]:
    """Newest listed posts, at most `feeds.limit`; drafts never reach a feed, even with --drafts."""
    limit = site.config["feeds"]["limit"]
    return [p for p in site.posts if p.listed and not p.draft and p.published][:limit]


def absolute(site: Site, path: str) -> str:
    return site.config.base_url + path.lstrip("/")


def absolutize_html(site: Site, html: str) -> str:
    """Feed readers have no base URL: turn root-relative src/href into absolute URLs."""
    base = site.config.base_url
    prefix = site.config.base_path
    for attr in ("href", "src", "srcset"):
        html = html.replace(f'{attr}="{prefix}', f'{attr}="{base}')
    return html.replace(", " + prefix, ", " + base)

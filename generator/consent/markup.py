"""The HTML a page carries about consent: meta tags, the licence link, JSON-LD `license`.

Every value is escaped here, because `head_tags` is inserted into the page as ready markup and
the values come from site.yaml and front matter.
"""

from __future__ import annotations

from html import escape
from typing import Any

from generator.consent.licenses import LicenseInfo

NOAI_META = '<meta name="robots" content="noai, noimageai">'
JSONLD_TYPES = {"BlogPosting", "ImageObject", "WebSite", "VisualArtwork", "CreativeWork", "WebPage"}


def meta_tags(tdm: int | None, reserved: bool, policy_url: str) -> list[str]:
    """`tdm` is what the page must declare: 1 reserved, 0 lifting a parent's reservation, None nothing."""
    tags: list[str] = []
    if reserved:
        tags.append(NOAI_META)
    if tdm is not None:
        tags.append(f'<meta name="tdm-reservation" content="{tdm}">')
        if tdm == 1 and policy_url:
            tags.append(f'<meta name="tdm-policy" content="{escape(policy_url, quote=True)}">')
    return tags


def license_link(info: LicenseInfo | None) -> list[str]:
    if info is None or not info.url:
        return []
    return [f'<link rel="license" href="{escape(info.url, quote=True)}">']


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def add_jsonld_license(objects: Any, url: str) -> None:
    """Add `license` to the page's creative-work objects in place; an existing value is the author's."""
    if not url or not isinstance(objects, list):
        return
    for item in objects:
        if isinstance(item, dict) and _types(item) & JSONLD_TYPES and "license" not in item:
            item["license"] = url

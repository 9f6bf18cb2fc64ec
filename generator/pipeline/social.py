"""Share-card images (`og:image` with its width, height and alt) for every page that shows an image.

A link to a gallery or to the home page unfurled in a chat as bare text while the site is about
art (issue 16). Each page kind gets the image a visitor would expect: a work its own picture, a
post its first image (unless its front matter names one), a gallery its cover, a tag page its
newest work, the home page and the galleries index the site's latest work. A content-warned image
is never chosen: a chat app would show it unasked, unblurred.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from generator.content.warnings import warning_in

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.galleries.model import Work
    from generator.pipeline.site import Site

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'\b(src|width|height|alt)="([^"]*)"')


def share_images(site: Site) -> None:
    """Fill `og_image`, `og_image_width`, `og_image_height` and `og_image_alt` in page.extra."""
    latest = newest_shareable(site.works)
    for page in site.pages:
        if page.kind == "work":
            work = page.context.get("work")
            if work is not None and page.extra.get("og_image"):
                _set(site, page, work_card(work))
        elif page.kind in ("post", "page"):
            if warning_in(page.data) is None and not page.extra.get("og_image"):
                _set(site, page, first_content_image(site, page.content))
        elif page.kind == "gallery":
            gallery = page.context.get("gallery")
            if gallery is not None and warning_in(gallery.data) is None:
                cover = gallery.cover if gallery.cover is not None and shareable(gallery.cover) else \
                    newest_shareable(gallery.works)
                _set(site, page, work_card(cover))
        elif page.kind == "tag":
            tag = page.context.get("tag")
            _, tagged = site.tags.get(tag.slug, (None, [])) if tag is not None else (None, [])
            works = [p.context["work"] for p in tagged if p.kind == "work" and "work" in p.context]
            _set(site, page, work_card(newest_shareable(works)))
        elif page.kind in ("home", "galleries"):
            _set(site, page, work_card(latest))


def _set(site: Site, page: Page, card: dict[str, Any] | None) -> None:
    if not card:
        return
    url = card["url"]
    page.extra["og_image"] = url if "://" in url else site.config.base_url + url.lstrip("/")
    page.extra["og_image_width"], page.extra["og_image_height"] = card["width"], card["height"]
    if card.get("alt"):
        page.extra["og_image_alt"] = card["alt"]


def shareable(work: Work) -> bool:
    image = work.image
    return (work.page is not None and image is not None and not getattr(image, "error", None)
            and bool(image.fallback) and not image.warning and "content_warning" not in work.page.extra)


def newest_shareable(works: list[Work]) -> Work | None:
    candidates = [w for w in works if shareable(w)]
    dated = [w for w in candidates if w.date is not None]
    if dated:
        return max(dated, key=lambda w: w.date)
    return candidates[0] if candidates else None


def work_card(work: Work | None) -> dict[str, Any] | None:
    if work is None or not shareable(work):
        return None
    variant = work.image.fallback[-1]
    return {"url": variant.url, "width": variant.width, "height": variant.height, "alt": work.alt}


def first_content_image(site: Site, content: str) -> dict[str, Any] | None:
    """The first local image in a page's rendered HTML, with the size its markup declares."""
    for tag in _IMG.findall(content):
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(tag)}
        src = attrs.get("src", "")
        if not src.startswith("/") or src.startswith("//") or "cw-" in tag:
            continue
        base = site.config.base_path
        path = "/" + src[len(base):] if base != "/" and src.startswith(base) else src
        try:
            width, height = int(attrs.get("width", "")), int(attrs.get("height", ""))
        except ValueError:
            continue
        return {"url": path, "width": width, "height": height, "alt": attrs.get("alt", "")}
    return None

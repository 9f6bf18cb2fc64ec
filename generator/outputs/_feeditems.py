"""What the feeds share: which entries they list and how an entry's fields are derived."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

from generator.content.warnings import feed_notice, warning_in

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.galleries.model import Work
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
    return "\x1e".join(post_key(page) for page in entries)


def post_key(page: Page) -> str:
    """What a post's feed entry is made from, without making it: absolutizing a full post's HTML
    costs more than hashing its render key, and most feeds are unchanged from the last build."""
    from generator.pipeline.cache import digest

    return (f"{page.url}|{page.title}|{page.date}|{page.updated}|{page.description}|{[t.name for t in page.tags]}|"
            f"{warning_in(page.data)}|{page.content_key or digest(page.content, page.excerpt)}")


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


def work_entries(site: Site, works: list[Work]) -> list[dict[str, Any]]:
    """Newest works first, at most `feeds.limit`, as entries for generator.outputs._feedformat."""
    listed = [w for w in works if w.page is not None and w.page.published and not w.page.draft]
    listed.sort(key=lambda w: (w.date is not None, w.date or 0), reverse=True)
    return [work_entry(site, w) for w in listed[: site.config["feeds"]["limit"]]]


def work_entry(site: Site, work: Work) -> dict[str, Any]:
    """A work as a feed entry: its image, caption and disclosure. A content-warned work carries its
    warning and a link only; a feed reader would show the image unasked and unblurred."""
    page = work.page
    url = absolute(site, page.url)
    disclosure = disclosure_line(work)
    warning = (work.image.warning if work.image is not None else None) or page.extra.get("content_warning")
    entry: dict[str, Any] = {"url": page.url, "title": work.title, "date": work.date, "updated": file_time(work),
                             "tags": [t.name for t in page.tags], "image": None}
    if warning:
        entry["summary"] = f"Content warning: {warning}." + (f" {disclosure}" if disclosure else "")
        entry["html"] = feed_notice(warning, url) + (f"<p>{html.escape(disclosure)}</p>" if disclosure else "")
        return entry
    parts = []
    image = work.image
    if image is not None and not getattr(image, "error", None) and image.fallback:
        variant = image.fallback[-1]
        entry["image"] = absolute(site, variant.url)
        parts.append(f'<p><a href="{html.escape(url, quote=True)}"><img src="{html.escape(entry["image"], quote=True)}" '
                     f'width="{variant.width}" height="{variant.height}" alt="{html.escape(work.alt, quote=True)}">'
                     "</a></p>")
    if work.caption:
        parts.append(absolutize_html(site, work.caption))
    if disclosure:
        parts.append(f"<p><em>{html.escape(disclosure)}</em></p>")
    entry["summary"] = disclosure or work.alt
    entry["html"] = "".join(parts)
    return entry


def file_time(work: Work) -> dt.datetime | None:
    """An undated work's `updated` time: its file's modification time, so the feed stays the same
    from one build to the next instead of showing each build's own time."""
    if work.date is not None:
        return None
    try:
        return dt.datetime.fromtimestamp(work.source.stat().st_mtime, dt.timezone.utc).replace(microsecond=0)
    except OSError:
        return None


def disclosure_line(work: Work) -> str:
    """"AI-generated · C Open weights. The settings are embedded in the file, but not signed." or ""."""
    from generator.provenance.glossary import evidence_meaning, records_settings

    disclosure = work.extra.get("disclosure")
    if disclosure is None:
        return ""
    text = disclosure.text
    label = work.extra.get("openness")
    if label is not None and hasattr(label, "display"):
        text += f" · model openness {label.display}"
    return f"{text}. {evidence_meaning(disclosure.evidence, records_settings(work.extra.get('provenance')))}"


def post_entry(site: Site, page: Page) -> dict[str, Any]:
    summary, body = entry_text(site, page)
    return {"url": page.url, "title": page.title, "date": page.date, "updated": page.updated,
            "tags": [t.name for t in page.tags], "summary": summary, "html": body, "image": None}

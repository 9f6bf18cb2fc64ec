"""`/feed.json`: a JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.outputs._feeditems import absolute, entry_text, feed_entries, feed_key
from generator.outputs._jsontext import dumps

if TYPE_CHECKING:
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

PATH = "feed.json"


def build_feed(site: Site) -> dict[str, Any]:
    author = {"name": site.config["author"].get("name") or site.config["title"]}
    if site.config["author"].get("url"):
        author["url"] = site.config["author"]["url"]
    items = []
    for page in feed_entries(site):
        summary, body = entry_text(site, page)
        item: dict[str, Any] = {"id": absolute(site, page.url), "url": absolute(site, page.url), "title": page.title,
                                "content_html": body}
        if summary:
            item["summary"] = summary
        if page.date:
            item["date_published"] = page.date.isoformat()
        if page.updated:
            item["date_modified"] = page.updated.isoformat()
        if page.tags:
            item["tags"] = [t.name for t in page.tags]
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": site.config["title"],
            "home_page_url": site.config.base_url, "feed_url": absolute(site, PATH),
            "language": site.config["language"], "authors": [author], "items": items}
    if site.config["description"]:
        feed["description"] = site.config["description"]
    return feed


def write(site: Site, writer: OutputWriter) -> None:
    from generator.pipeline.render import write_output

    if site.config["feeds"]["json"]:
        write_output(site, writer, PATH, "json feed",
                     lambda: (dumps(build_feed(site)) + "\n").encode("utf-8"),
                     feed_key(site))

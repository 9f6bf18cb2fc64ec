"""Collecting the site: reading posts and pages, then deriving lists, tags and neighbours.

This is Pelican's first phase: nothing renders until everything is read, so tag pages, feeds,
previous/next links and links between posts all see the whole site.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

from generator.content.model import Page, Tag
from generator.content.permalinks import safe_site_path
from generator.galleries.home import attach_latest_works

if TYPE_CHECKING:
    from generator.pipeline.site import Site


def sort_posts(posts: list[Page]) -> list[Page]:
    """Newest first; ties by title so the order never depends on the file system."""
    return sorted(posts, key=lambda p: (-(p.date.timestamp() if p.date else 0), p.title.lower(), p.rel))


def link_neighbours(posts: list[Page]) -> None:
    posts = [p for p in posts if p.listed and p.published]
    for newer, older in zip(posts, posts[1:], strict=False):
        newer.prev, older.next = older, newer  # "previous" is the older post, as in every blog theme


def paginate(items: list[Page], first_url: str, kind: str, title: str, layout: str, per_page: int,
             context: dict | None = None) -> list[Page]:
    """List pages of `per_page` items: first_url, then first_url + "page/2/", ..."""
    count = max(1, math.ceil(len(items) / per_page))
    pages = []
    for number in range(1, count + 1):
        url = first_url if number == 1 else safe_site_path(f"{first_url}page/{number}/")
        page = Page(kind=kind, title=title if number == 1 else f"{title} (page {number})", url=url,
                    layout=layout, context=dict(context or {}))
        pages.append(page)
    for number, page in enumerate(pages, start=1):
        page.context["paginator"] = {
            "items": items[(number - 1) * per_page: number * per_page], "number": number, "count": count,
            "prev_url": pages[number - 2].url if number > 1 else None,
            "next_url": pages[number].url if number < count else None,
        }
    return pages


def taxonomy(posts: list[Page], plural: str = "tags") -> dict[str, tuple[Tag, list[Page]]]:
    """Term slug -> (the first spelling seen, the posts), posts keeping their newest-first order."""
    grouped: dict[str, list[Page]] = defaultdict(list)
    names: dict[str, Tag] = {}
    for post in posts:
        for tag in (post.tags if plural == "tags" else post.terms.get(plural, ())):
            grouped[tag.slug].append(post)
            names.setdefault(tag.slug, tag)
    return {slug: (names[slug], grouped[slug]) for slug in sorted(grouped)}


def list_pages(site: Site) -> list[Page]:
    """Home, tag pages, the tag index, the archive and the 404 page."""
    posts = [p for p in site.posts if p.listed and p.published]
    per_page = site.config["posts_per_page"]
    home = site.config["home"]
    made = paginate(posts, "/", "home", site.config["title"], "home", home.get("posts") or per_page)
    attach_latest_works(made[0], site.works, home)
    tags = taxonomy(posts + [g.page for g in site.galleries if g.page is not None]
                    + [w.page for w in site.works if w.page is not None])
    site.tags = tags
    for _slug, (tag, tagged) in tags.items():
        made += paginate(tagged, tag.url, "tag", f"Tagged “{tag.name}”", "tag", per_page, {"tag": tag})
    index = Page(kind="tags", title="Tags", url="/tags/", layout="tags")
    index.context["all_tags"] = [{"name": t.name, "slug": t.slug, "url": t.url, "count": len(ps)}
                                 for t, ps in tags.values()]
    archive = Page(kind="archive", title="Archive", url="/archive/", layout="archive")
    years: dict[int, list[Page]] = defaultdict(list)
    for post in posts:
        years[post.date.year if post.date else 0].append(post)
    archive.context["years"] = [{"year": y, "posts": ps} for y, ps in sorted(years.items(), reverse=True)]
    not_found = Page(kind="404", title="Page not found", url="/404.html", layout="404")
    return made + [index, archive, not_found] + term_pages(site, posts) + section_pages(site) \
        + redirect_pages(site)


def term_pages(site: Site, posts: list[Page]) -> list[Page]:
    """A page per term of every taxonomy besides tags (categories, series, ...) and an index of
    each; empty taxonomies make no pages."""
    made: list[Page] = []
    per_page = site.config["posts_per_page"]
    for tax in site.reader.taxonomies:
        terms = taxonomy(posts, tax.plural)
        site.terms[tax.plural] = terms
        if not terms:
            continue
        for term, tagged in terms.values():
            made += paginate(tagged, term.url, "term", f"{tax.singular.capitalize()}: {term.name}", "term", per_page,
                             {"term": term, "taxonomy": tax})
        index = Page(kind="terms", title=tax.title, url=safe_site_path(tax.index_url), layout="terms")
        index.context["taxonomy"] = tax
        index.context["all_terms"] = [{"name": t.name, "slug": t.slug, "url": t.url, "count": len(ps)}
                                      for t, ps in terms.values()]
        made.append(index)
    return made


def section_pages(site: Site) -> list[Page]:
    """Hugo's `_index.md`: its own page shows its text above the list of the section's posts
    (every post below its folder, newest first); further pages follow at `page/2/`."""
    made: list[Page] = []
    per_page = site.config["posts_per_page"]
    for section in [p for p in site.plain_pages if p.kind == "section" and p.published]:
        folder = section.rel.rsplit("/", 1)[0] + "/" if "/" in section.rel else ""
        items = [p for p in site.posts if p.listed and p.published and p.rel.startswith(folder)]
        pages = paginate(items, section.url, "section", section.title, section.layout, per_page)
        section.context.update(pages[0].context)
        made += pages[1:]
    return made


def redirect_pages(site: Site) -> list[Page]:
    """A small page at each old address of a post or page (see content.pages._redirects): a meta
    refresh, a canonical link and `noindex`. Its `rel` names the page it stands for, so an address
    also claimed by a real page is reported with both files."""
    made = []
    for page in [*site.posts, *site.plain_pages]:
        if not page.published:
            continue
        for old in page.redirects:
            redirect = Page(kind="redirect", title=page.title, url=old, source=page.source, rel=page.rel,
                            layout="redirect", context={"target": page})
            redirect.data = {"noindex": True}
            made.append(redirect)
    return made

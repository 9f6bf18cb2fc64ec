"""Built-in plugin: offline full-text search with metadata filters, through Pagefind.

Pagefind indexes the finished HTML, so what it can find is exactly what a visitor can read: a
prompt the artist hid is not in any page and therefore not in the index. The plugin only marks
up what to index (`data-pagefind-body` on the main content of posts, pages, galleries and works)
and which facets each page has (tag, gallery, tool, model, openness grade, AI disclosure, year),
then runs the Pagefind binary that the `pagefind[bin]` package ships over the staged site and
writes its bundle through the writer like any other output. The bundle is static files under
`/pagefind/`; searching needs no server and makes no request off the site.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.content.model import Page
from generator.plugins.api import Plugin, pure

if TYPE_CHECKING:
    from generator.galleries.model import Work
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

SEARCH_URL = "/search/"
BUNDLE = "pagefind"
INDEXED_KINDS = frozenset({"post", "page", "gallery", "work"})
INDEX_SECONDS = 120  # a site of thousands of pages indexes in a few seconds; past this it is stuck
# Pagefind writes every UI it offers; the site uses the default one (pagefind-ui.*) and the
# language it forces, so the rest would only be bytes to upload.
UNUSED = re.compile(r"^(pagefind-component-ui\.|pagefind-modular-ui\.|pagefind-highlight\.js$|wasm\.unknown\.)")
MAIN_TAG = re.compile(r"<main\b", re.IGNORECASE)
DISCLOSURE_WORDS = {"generated": "AI-generated", "edited": "AI-edited", "none": "Made without AI",
                    "unknown": "Not disclosed"}


class SearchPlugin(Plugin):
    name = "search"
    config_schema = {
        "search": {
            "oneOf": [
                {"type": "boolean"},
                {"type": "object", "additionalProperties": False,
                 "properties": {"enabled": {"type": "boolean"}, "in_serve": {"type": "boolean"}}},
            ],
        },
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.facets: dict[str, dict[str, list[str]]] = {}

    def on_content(self, site: Site) -> None:
        if not enabled(site):
            return
        self.facets = {}
        pages = [*site.posts, *site.plain_pages, *(g.page for g in site.galleries if g.page is not None)]
        for page in pages:
            if page.kind in INDEXED_KINDS and page.published and not page.draft:
                self.facets[page.url] = page_facets(page)
        for work in site.works:
            if work.page is not None and work.page.published:
                self.facets[work.page.url] = work_facets(site, work)
                work.page.extra["search"] = self.facets[work.page.url]  # in the page signature
        site.add_page(search_page(site, indexed=will_index(site)))

    @pure
    def on_page_html(self, page: Page, html_text: str, site: Site) -> str | None:
        facets = self.facets.get(page.url)
        if facets is None:
            return None
        return mark_for_index(html_text, facets)

    def on_post_build(self, site: Site, writer: OutputWriter) -> None:
        if not enabled(site) or not self.facets:
            return
        if not will_index(site):
            return
        pages = sorted(rel for rel in writer.written if rel.endswith(".html"))
        files = run_pagefind(writer, pages, site)
        for rel, data in files.items():
            writer.write_bytes(f"{BUNDLE}/{rel}", data, owner="search")
        writer.flush()


def enabled(site: Site) -> bool:
    value = site.config.get("search")
    if isinstance(value, dict):
        return value.get("enabled", True) is not False
    return value is not False


def will_index(site: Site) -> bool:
    """`serve` rebuilds on every save, and indexing a large site costs a second, so it indexes only
    when asked (`search: {in_serve: true}`); its search page then says the index comes with `build`."""
    if site.options.memory is None:
        return True
    value = site.config.get("search")
    return isinstance(value, dict) and value.get("in_serve") is True


def page_facets(page: Page) -> dict[str, list[str]]:
    facets: dict[str, list[str]] = {"Type": ["Post" if page.kind == "post" else page.kind.capitalize()]}
    if page.tags:
        facets["Tag"] = sorted({tag.name for tag in page.tags})
    if page.date is not None and page.kind == "post":
        facets["Year"] = [str(page.date.year)]
    return facets


def work_facets(site: Site, work: Work) -> dict[str, list[str]]:
    """The filters a visitor can combine on a work: what made it, how open that is, when."""
    facets: dict[str, list[str]] = {"Type": ["Work"]}
    if work.tags:
        facets["Tag"] = sorted({tag.name for tag in work.tags})
    if work.gallery is not None:
        facets["Gallery"] = [work.gallery.title]
    prov = work.extra.get("provenance")
    tool = work.setting("tool") or (prov.generator if prov is not None else None)
    if tool:
        facets["Tool"] = [str(tool)]
    label = work.extra.get("openness")
    model = work.setting("model")
    if label is not None:
        model = label.label.grade.canonical_name or model or label.label.resolution.read
        facets["Openness"] = [f"{label.letter} {label.name}"]
    elif prov is not None and prov.model is not None:
        model = model or prov.model.name
    if model:
        facets["Model"] = [str(model)]
    disclosure = work.extra.get("disclosure")
    if disclosure is not None:
        facets["AI disclosure"] = [DISCLOSURE_WORDS.get(disclosure.kind, disclosure.kind)]
    if work.date is not None:
        facets["Year"] = [str(work.date.year)]
    return facets


def mark_for_index(page_html: str, facets: dict[str, list[str]]) -> str:
    """`data-pagefind-body` on <main>, and the facets as empty filter elements inside it.

    Pagefind indexes only pages that carry the body marker once any page does, so lists, tag
    pages and the search page itself stay out of results."""
    found = MAIN_TAG.search(page_html)
    if found is None:
        return page_html
    end = page_html.find(">", found.end())
    if end == -1:
        return page_html
    filters = "".join(f'<span data-pagefind-filter="{html.escape(key)}:{html.escape(value, quote=True)}"></span>'
                      for key, values in facets.items() for value in values)
    marked = f" data-pagefind-body>{'<div hidden>' + filters + '</div>' if filters else ''}"
    return page_html[:found.end()] + page_html[found.end():end] + marked + page_html[end + 1:]


def search_page(site: Site, indexed: bool) -> Page:
    page = Page(kind="search", title="Search", url=SEARCH_URL, layout="search",
                description=f"Search the posts and works of {site.config['title']}.")
    page.context["search_indexed"] = page.extra["search_indexed"] = indexed  # extra: in the signature
    # Not `noindex`: Lighthouse's SEO audit fails any page that asks not to be indexed, and the bare
    # form at /search/ is harmless to index. Its canonical link folds every `?q=` address into it,
    # and the sitemap leaves it out (sitemap.SKIP_KINDS), since it has nothing of its own to find.
    return page


def run_pagefind(writer: OutputWriter, pages: list[str], site: Site) -> dict[str, bytes]:
    """The search bundle for this build's pages, as relative path -> bytes.

    Only the pages this build produced are indexed: a reused staging folder still holds the
    pages of the build before last until the final sweep, and a removed post must not be found.
    Pagefind reads them from a scratch tree the writer exports them to and writes beside it, so a failure
    leaves nothing half-written in the site; the bundle reaches the site through the writer."""
    from pagefind_bin import get_executable

    language = str(site.config.get("language") or "en").split("-")[0]
    with tempfile.TemporaryDirectory(prefix="artsite-pagefind-") as scratch:
        tree, bundle = Path(scratch) / "site", Path(scratch) / "bundle"
        writer.export(pages, tree)
        command = [str(get_executable()), "--site", str(tree), "--output-path", str(bundle),
                   "--force-language", language, "--quiet"]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=INDEX_SECONDS,
                           stdin=subprocess.DEVNULL)
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
            site.problems.error(f"search: Pagefind could not index the site: {detail[0][:300]}")
            return {}
        except (OSError, subprocess.TimeoutExpired) as exc:
            site.problems.error(f"search: Pagefind did not run ({exc}); switch search off with `search: false`")
            return {}
        return {path.relative_to(bundle).as_posix(): path.read_bytes()
                for path in sorted(bundle.rglob("*")) if path.is_file() and not UNUSED.match(path.name)}

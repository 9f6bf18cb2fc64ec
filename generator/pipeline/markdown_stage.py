"""Rendering every post's and page's Markdown, cached by content hash, in parallel when cold.

Links are resolved here against the site's map of source files to URLs; a link that resolves to
nothing is reported as a warning naming the page. Results (HTML and broken links) are cached
together, so a warm build reports the same warnings without rendering again. Each result also
records the link targets its render looked up and what they resolved to; it stays valid while
those answers hold, so adding a post does not re-render every other post.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from generator.content.model import Page
from generator.pipeline.cache import BuildCache, MarkdownEntry, digest
from generator.pipeline.workers import can_fork, fork_context
from generator.render import htmlparts, markdown

if TYPE_CHECKING:
    from generator.pipeline.site import Site

PARALLEL_THRESHOLD = 150
Seen = dict[str, "str | bool | None"]  # "md:<target>" -> its URL, "file:<target>" -> whether it exists


class Targets:
    """The site's link targets, remembering which ones one render asked about."""

    def __init__(self, links: dict[str, str], files: frozenset[str]) -> None:
        self.links, self.files = links, files
        self.seen: Seen = {}

    def url(self, target: str) -> str | None:
        value = self.links.get(target)
        self.seen["md:" + target] = value
        return value

    def has_file(self, target: str) -> bool:
        value = target in self.files
        self.seen["file:" + target] = value
        return value

    def still(self, seen: Seen) -> bool:
        """Whether every lookup a cached render made would be answered the same way now."""
        for key, value in seen.items():
            kind, _, target = key.partition(":")
            current = self.links.get(target) if kind == "md" else target in self.files
            if current != value:
                return False
        return True
_worker_links: dict[str, str] = {}
_worker_files: frozenset[str] = frozenset()
_worker_base = "/"
_worker_engine = markdown.DEFAULT_ENGINE


def resolve(href: str, page_rel: str, targets: Targets, base_path: str, broken: list[str],
            site_links: list[str] | None = None) -> str | None:
    """The href to print for a link written in the page at `page_rel`, or None to keep it."""
    if not href or href.startswith(("#", "mailto:", "tel:", "data:", "//")) or ":" in href.split("/", 1)[0]:
        return None
    path, sep, fragment = href.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return None
    if path.startswith("/"):
        target = unquote(path.lstrip("/"))
        if not target.endswith(".md"):
            if site_links is not None:
                site_links.append(href)  # a site path: checked against the output once it is written
            return base_path + href.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), unquote(path)))
    if target.startswith("../"):
        broken.append(href)
        return None
    if target.endswith(".md"):
        url = targets.url(target)
        if url is None:
            broken.append(href)
            return None
        return base_path + url.lstrip("/") + (sep + fragment if sep else "")
    if targets.has_file(target):
        return base_path + target + (sep + fragment if sep else "")
    if targets.has_file(target.rstrip("/")) or targets.url(target + ".md") is not None:
        return None
    broken.append(href)
    return None


def render_one(body: str, page_rel: str, links: dict[str, str], files: frozenset[str],
               base_path: str, engine: str = markdown.DEFAULT_ENGINE) -> MarkdownEntry:
    """The page's HTML and excerpt, its broken links, the root-relative site links to check
    after the build, and the link targets looked up with their answers."""
    broken: list[str] = []
    site_links: list[str] = []
    targets = Targets(links, files)

    def resolver(href: str) -> str | None:
        return resolve(href, page_rel, targets, base_path, broken, site_links)

    html = markdown.render(body, resolver, engine)
    before, has_more = markdown.split_more(body)
    if has_more:  # cut from the full render when the marker is a block of its own: no second parse
        excerpt = markdown.before_more(html) or markdown.render(before, resolver, engine)
    else:
        excerpt = markdown.first_paragraph(html)
    return MarkdownEntry(html, sorted(set(broken)), excerpt, sorted(set(site_links)), targets.seen)


def _init_worker(links: dict[str, str], files: frozenset[str], base_path: str, engine: str) -> None:
    global _worker_links, _worker_files, _worker_base, _worker_engine
    _worker_links, _worker_files, _worker_base, _worker_engine = links, files, base_path, engine


def _work(items: list[tuple[str, str]]) -> tuple[list[MarkdownEntry], dict[str, str]]:
    """In a worker: these bodies rendered, and the code blocks it highlighted for the cache."""
    htmlparts.new_blocks.clear()
    entries = [render_one(body, rel, _worker_links, _worker_files, _worker_base, _worker_engine) for body, rel in items]
    return entries, dict(htmlparts.new_blocks)


def render_all(pages: Iterable[Page], links: dict[str, str], files: frozenset[str], base_path: str,
               cache: BuildCache, workers: int, before_fork: Callable[[], None] = lambda: None,
               engine: str = markdown.DEFAULT_ENGINE,
               ) -> tuple[dict[Page, list[str]], dict[Page, list[str]]]:
    """Fill page.content and page.excerpt; return each page's broken links and its site links."""
    context_key = digest(markdown.RENDERER_VERSION, base_path, engine)
    current = Targets(links, files)
    broken: dict[Page, list[str]] = {}
    site_links: dict[Page, list[str]] = {}
    todo: list[tuple[Page, str]] = []
    pages_list = list(pages)
    for page in pages_list:
        # A page read from a file is keyed by the file's hash (already known) rather than by
        # hashing its body again; pages made by plugins are keyed by their body.
        source = ("file", page.source_hash) if page.source_hash else ("body", page.body)
        key = digest(context_key, page.rel, *source)
        hit = cache.markdown(key)
        if hit is not None and current.still(hit.seen):
            _fill(page, hit, broken, site_links)
        else:
            todo.append((page, key))
    results: list[MarkdownEntry] = []
    items = [(page.body, page.rel) for page, _ in todo]
    htmlparts.known_blocks = cache.code_blocks()  # what this stage highlights lands there too
    htmlparts.new_blocks.clear()  # only workers hand theirs back; in this process they are known_blocks
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1 and can_fork():
        before_fork()
        size = max(8, len(items) // (workers * 4))
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        with ProcessPoolExecutor(workers, mp_context=fork_context(), initializer=_init_worker,
                                 initargs=(links, files, base_path, engine)) as pool:
            for entries, blocks in pool.map(_work, chunks):
                results.extend(entries)
                htmlparts.known_blocks.update(blocks)
    else:
        results = [render_one(body, rel, links, files, base_path, engine) for body, rel in items]
    for (page, key), result in zip(todo, results, strict=True):
        result.content_key = _content_key(key, result.seen)
        _fill(page, result, broken, site_links)
        cache.store_markdown(key, result)
    for page in pages_list:
        declared = page.data.get("excerpt")
        if isinstance(declared, str) and declared.strip():
            page.excerpt = f"<p>{html.escape(declared.strip())}</p>"  # front matter comes first
    return broken, site_links


def _fill(page: Page, result: MarkdownEntry, broken: dict[Page, list[str]],
          site_links: dict[Page, list[str]]) -> None:
    page.content, page.excerpt = result.html, result.excerpt
    broken[page], site_links[page] = result.broken, result.site_links
    # What the HTML depends on: computed once per result and kept with it (a rebuild fills a
    # thousand cached pages, and hashing each one's lookups again was a noticeable share).
    page.content_key = result.content_key


def _content_key(key: str, seen: Seen) -> str:
    return digest(key, sorted(seen.items(), key=lambda item: item[0]))


def render_fragment(site: Site, text: str, source: Path) -> str:
    """Markdown that belongs to no page of its own (a gallery's text, a work's caption), rendered
    as a post's is: links to .md sources become addresses, root-relative links get the base path,
    and broken links are reported on `source`. Images stay placeholders until embed_images."""
    try:
        rel = source.relative_to(site.config.content_dir).as_posix()
    except ValueError:
        rel = source.name
    files = frozenset(f.rel for f in site.tree.files if f.kind in ("static", "image", "video", "camera", "document"))
    rendered = render_one(text, rel, site.links, files, site.config.base_path, site.config["markdown"]["engine"])
    for href in rendered.broken:
        site.problems.warning(f"broken link: {href}", source)
    return rendered.html

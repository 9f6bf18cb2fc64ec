"""Rendering pages through Jinja2, skipping pages whose inputs have not changed.

A page's signature is a hash of everything its HTML depends on: the templates, the site
settings, its own source and rendered Markdown, and the keys of what it lists or links to. When
the signature matches the previous build and that file is still there, it is hard-linked instead
of rendered, which is what makes a small edit cheap.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import jinja2

from generator import __version__, outputs
from generator.build.cache import digest
from generator.build.environment import site_environment
from generator.build.static import markdown_image, social_image
from generator.build.workers import can_fork, fork_context, worker_count
from generator.build.writer import OutputWriter
from generator.render import markdown
from generator.render.dependencies import TemplateDependencies

if TYPE_CHECKING:
    from generator.build.site import BuildResult, Site
    from generator.content.model import Page


def global_key(site: Site) -> str:
    """What every page depends on besides its templates: settings, plugins and build mode."""
    return digest(__version__, json.dumps(site.config.data, sort_keys=True, default=str),
                  site.plugins.names(), site.options.drafts, site.options.serving,
                  json.dumps(site.head_tags), json.dumps(site.body_end),
                  json.dumps(site.data, sort_keys=True, default=str))


def page_signature(key: str, page: Page) -> str:
    """Computed for every page of every build, so it is one hash of one joined string."""
    extra = json.dumps(page.extra, sort_keys=True, default=str) if page.extra else "{}"
    # content_key stands for the rendered Markdown (it is that render's cache key), so the HTML
    # itself, often kilobytes per page, need not be hashed again.
    content = page.content_key or digest(page.content, page.excerpt)
    return digest("\x1f".join((key, page.url, page.layout, page.kind, page.title, page.source_hash, str(page.draft),
                               content, "\x1e".join(map(str, page.deps)), extra,
                               json.dumps(page.data, sort_keys=True, default=str))))


def template_for(env: jinja2.Environment, page: Page) -> jinja2.Template:
    names = [f"{page.layout}.html", f"{page.kind}.html", "page.html"]
    return env.select_template(list(dict.fromkeys(names)))


def site_context(site: Site) -> dict[str, Any]:
    data = dict(site.config.data)
    data.update(base_url=site.config.base_url, posts=[p for p in site.posts if p.listed and p.published],
                galleries=site.galleries, works=site.works, tags=site.tags, pages=site.plain_pages,
                terms=site.terms, data=site.data)
    years = [d.year for d in [*(p.date for p in site.posts), *(w.date for w in site.works)] if d]
    data["copyright_year"] = max(years) if years else site.build_time.year
    data["urls"] = frozenset(p.url for p in site.pages if p.url)  # lets templates link only to pages that exist
    # Whether any image on the site hides behind a content warning: its script is loaded only then.
    data["content_warnings_used"] = any("content_warning" in p.data or "content_warning" in p.extra
                                        for p in site.pages)
    return data


def jsonld_for(site: Site, page: Page, abs_url: Any) -> list[dict[str, Any]]:
    author = site.config["author"]
    person = {"@type": "Person", "name": author.get("name") or site.config["title"]}
    if author.get("url"):
        person["url"] = author["url"]
    if page.kind == "post":
        item: dict[str, Any] = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": page.title,
                                "url": abs_url(page.url), "author": person,
                                "mainEntityOfPage": abs_url(page.url)}
        if page.date:
            item["datePublished"] = page.date.isoformat()
        item["dateModified"] = (page.updated or page.date).isoformat() if page.date else None
        if page.description:
            item["description"] = page.description
        if page.tags:
            item["keywords"] = [t.name for t in page.tags]
        return [{k: v for k, v in item.items() if v is not None}]
    if page.kind == "home":
        return [{"@context": "https://schema.org", "@type": "WebSite", "name": site.config["title"],
                 "url": abs_url("/"), "description": site.config["description"]}]
    return []


def render_pages(site: Site, writer: OutputWriter, result: BuildResult) -> None:
    env = site_environment(site)
    shared = site_context(site)
    nav = [item for item in site.config["menu"] if "://" in item["url"] or item["url"] in shared["urls"]]
    # Site-wide values the theme prints on every page: the menu, the footer year and links.
    key = global_key(site) + json.dumps(nav) + str("/openness/" in shared["urls"]) + str(shared["copyright_year"]) \
        + str(shared["content_warnings_used"])
    templates = TemplateDependencies(env)
    signatures: dict[str, str] = {}
    chosen: dict[tuple[str, str], tuple[jinja2.Template, str]] = {}  # (layout, kind) -> template, its key
    by_path: dict[str, tuple[Page, jinja2.Template]] = {}
    todo: list[tuple[Page, jinja2.Template, str]] = []
    for page in site.pages:
        rel = page.output_path
        if rel is None:
            continue
        found = chosen.get((page.layout, page.kind))
        if found is None:
            try:
                template = template_for(env, page)
            except jinja2.TemplateError as exc:
                site.problems.error(f"no template for {page.url} (layout '{page.layout}'): {exc}", page.source)
                continue
            found = chosen[(page.layout, page.kind)] = (template, key + templates.fingerprint(template.name or ""))
        template, template_key = found
        signature = page_signature(template_key, page)
        signatures[rel] = signature
        if site.cache.page_signature(writer.output, rel) == signature:
            writer.reuse(rel, page.rel or page.kind)
            by_path[rel] = (page, template)
        else:
            todo.append((page, template, rel))
    if len(todo) >= PARALLEL_THRESHOLD and site.plugins.page_hooks_pure() and can_fork():
        _render_in_workers(site, writer, result, todo, shared, nav)
    else:
        for page, template, rel in todo:
            _render_page(site, writer, result, page, template, rel, shared, nav)
    for rel in writer.settle_reused():  # gone from the previous output (deleted by hand): render it
        page, template = by_path[rel]
        _render_page(site, writer, result, page, template, rel, shared, nav)
    result.pages_reused += len(by_path) - sum(1 for rel in result.written if rel in by_path)
    site.signatures, site.render_key = signatures, key  # outputs and static files add theirs (see site.build)


def page_html(site: Site, page: Page, template: jinja2.Template, shared: dict[str, Any],
              nav: list[dict[str, Any]]) -> str | None:
    """One page's HTML, plugins' hooks included; None after reporting a template error."""
    env = site_environment(site)
    context = {"site": shared, "page": page, "nav": nav, "head_tags": list(site.head_tags),
               "body_end": list(site.body_end), "jsonld": jsonld_for(site, page, env.globals["abs_url"]),
               "build_time": site.build_time, **page.context}
    try:
        site.plugins.call("on_page_context", page, context, site)
        html = template.render(context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = getattr(exc, "filename", None) or getattr(exc, "name", None) or "template"
        site.problems.error(f"template error rendering {page.url}: {exc} ({where}"
                            + (f", line {line})" if line else ")"), page.source)
        return None
    return site.plugins.filter("on_page_html", html, page, site)


def _render_page(site: Site, writer: OutputWriter, result: BuildResult, page: Page, template: jinja2.Template,
                 rel: str, shared: dict[str, Any], nav: list[dict[str, Any]]) -> None:
    html = page_html(site, page, template, shared, nav)
    if html is None:
        return
    writer.write_text(rel, html, page.rel or page.kind)
    result.pages_rendered += 1
    result.written.append(rel)


# --- rendering in worker processes ------------------------------------------------------------
# Jinja is pure Python and holds the GIL, so on a clean build of a large site one core rendered
# every page while the others idled. Forked workers inherit the collected site (pages, excerpts,
# compiled templates) without pickling any of it; each renders a share of the pages and sends
# back the HTML and the problems it found. The main process, idle otherwise, hands the HTML to
# the writer threads, whose file-system waits then overlap the workers' rendering.

PARALLEL_THRESHOLD = 150
_job: tuple[Site, list[tuple[Page, jinja2.Template, str]], dict[str, Any], list[dict[str, Any]]] | None = None


def _render_in_workers(site: Site, writer: OutputWriter, result: BuildResult,
                       todo: list[tuple[Page, jinja2.Template, str]], shared: dict[str, Any],
                       nav: list[dict[str, Any]]) -> None:
    global _job
    from concurrent.futures import ProcessPoolExecutor

    writer.flush()  # no writer thread is mid-job when the workers fork
    site.before_fork()
    workers = worker_count()
    size = max(8, len(todo) // (workers * 4))
    chunks = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
    _job = (site, todo, shared, nav)
    try:
        with ProcessPoolExecutor(workers, mp_context=fork_context()) as pool:
            for rendered, problems in pool.map(_render_chunk, chunks):
                site.problems.extend(problems)
                for index, html in rendered:
                    page, _template, rel = todo[index]
                    writer.write_text(rel, html, page.rel or page.kind)
                    result.pages_rendered += 1
                    result.written.append(rel)
    finally:
        _job = None


def _render_chunk(indexes: range) -> tuple[list[tuple[int, str]], list[Any]]:
    """In a worker: these pages' HTML, and the problems found rendering them."""
    assert _job is not None
    site, todo, shared, nav = _job
    before = len(site.problems.items)
    rendered = []
    for index in indexes:
        page, template, _rel = todo[index]
        html = page_html(site, page, template, shared, nav)
        if html is not None:
            rendered.append((index, html))
    return rendered, site.problems.items[before:]


def embed_images(site: Site) -> None:
    """Plan every Markdown image before the pipeline runs, so pages render with final markup
    (including placeholders for images a worker found broken)."""
    for page in site.pages:
        _embed_images(site, page)
        if page.kind in ("post", "page"):
            social_image(site, page)
    for gallery in site.galleries:  # their text and captions are Markdown too (see markdown_stage.render_fragment)
        if gallery.page is not None and "<artsite-image" in gallery.body_html:
            gallery.body_html = markdown.replace_images(
                gallery.body_html, lambda img, _i, page=gallery.page: markdown_image(site, page, img, False))
        for work in gallery.works:
            if work.page is not None and "<artsite-image" in work.caption:
                work.caption = markdown.replace_images(
                    work.caption, lambda img, _i, page=work.page: markdown_image(site, page, img, False))


def _embed_images(site: Site, page: Page) -> None:
    """Turn Markdown image placeholders into responsive markup through the image pipeline."""
    if "<artsite-image" not in page.content and "<artsite-image" not in page.excerpt:
        return
    page.content = markdown.replace_images(page.content, lambda img, i: markdown_image(site, page, img, i == 0))
    page.content_key = ""  # the picture markup depends on the images too: hash the final HTML instead
    page.excerpt = markdown.replace_images(page.excerpt, lambda img, i: markdown_image(site, page, img, False))


def write_outputs(site: Site, writer: OutputWriter) -> None:
    """Every module in generator.outputs that exposes `write(site, writer)`: feeds, sitemap, robots."""
    for info in sorted(pkgutil.iter_modules(outputs.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{outputs.__name__}.{info.name}")
        write = getattr(module, "write", None)
        if callable(write):
            write(site, writer)


def write_output(site: Site, writer: OutputWriter, rel: str, owner: str, make: Callable[[], bytes],
                 key: str | None) -> None:
    """Write an output file, or take it unchanged from the previous build when `key` (everything
    the file is made from, or None when that cannot be told) is what it was then."""
    if key is not None:
        key = digest(site.render_key, rel, key)
        site.signatures[rel] = key
        if site.cache.page_signature(writer.output, rel) == key:
            writer.reuse(rel, owner)
            if not writer.settle_reused():
                return
    writer.write_bytes(rel, make(), owner)

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
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import jinja2

from generator import __version__, outputs
from generator.pipeline.cache import digest
from generator.pipeline.environment import site_environment
from generator.pipeline.social import share_images
from generator.pipeline.static import list_thumbnail_deps, markdown_image, social_image
from generator.pipeline.workers import can_fork, fork_context, worker_count
from generator.pipeline.writer import OutputWriter
from generator.readlog import Read, recording
from generator.render import markdown
from generator.render.dependencies import TemplateDependencies
from generator.render.reads import Answers, SiteValues, UrlSet, value_text

if TYPE_CHECKING:
    from generator.content.model import Page
    from generator.pipeline.site import BuildResult, Site


def global_key(site: Site) -> str:
    """What every output that is not a page (feeds, static files) depends on: all settings,
    plugins and build mode. Pages depend on less: see page_key."""
    return digest(__version__, json.dumps(site.config.data, sort_keys=True, default=str),
                  site.plugins.names(), site.options.drafts, site.options.serving,
                  json.dumps(site.head_tags), json.dumps(site.body_end),
                  json.dumps(site.data, sort_keys=True, default=str))


def page_key(site: Site, nav: list[dict[str, Any]]) -> str:
    """What every page depends on whatever it reads: the values handed to every template by
    Python (menu, head and body snippets), the URL helpers' base, plugins and build mode. The
    settings a page reads are not here: they are logged reads (see generator.render.reads)."""
    return digest(__version__, site.plugins.names(), site.options.drafts, site.options.serving,
                  site.config.data["base_url"], site.config.data["theme"], json.dumps(nav),
                  json.dumps(site.head_tags), json.dumps(site.body_end))


def page_signature(key: str, page: Page) -> str:
    """Computed for every page of every build, so it is one hash of one joined string."""
    extra = json.dumps(page.extra, sort_keys=True, default=str) if page.extra else "{}"
    # content_key stands for the rendered Markdown (it is that render's cache key), so the HTML
    # itself, often kilobytes per page, need not be hashed again.
    content = page.content_key or digest(page.content, page.excerpt)
    return digest("\x1f".join((key, page.url, page.layout, page.kind, page.title, page.source_hash, str(page.draft),
                               content, "\x1e".join(map(str, page.deps)), extra,
                               json.dumps(page.data, sort_keys=True, default=str), value_text(page.context),
                               value_text([page.prev, page.next, page.tags, page.terms, page.date, page.updated,
                                           page.description, page.listed, page.redirects]))))


def with_reads(own: str, answers: Answers, reads: frozenset[Read]) -> str:
    """A page's signature: its own fields and templates (`own`), and the answers to its reads."""
    return digest(own, answers.text(reads)) if reads else own


def template_for(env: jinja2.Environment, page: Page) -> jinja2.Template:
    names = [f"{page.layout}.html", f"{page.kind}.html", "page.html"]
    return env.select_template(list(dict.fromkeys(names)))


def site_context(site: Site) -> SiteValues:
    """The `site` variable of templates; a template's reads of it are logged (render.reads)."""
    data = SiteValues(site.config.data)
    data.update(base_url=site.config.base_url, posts=[p for p in site.posts if p.listed and p.published],
                galleries=site.galleries, works=site.works, tags=site.tags, pages=site.plain_pages,
                terms=site.terms, data=site.data)
    years = [d.year for d in [*(p.date for p in site.posts), *(w.date for w in site.works)] if d]
    data["copyright_year"] = max(years) if years else site.build_time.year
    data["urls"] = UrlSet(p.url for p in site.pages if p.url)  # lets templates link only to pages that exist
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
    """Render every page whose signature changed; take the others from the previous output.

    A page's signature hashes its own fields and templates, and the answers to what its last
    render read (other pages' fields, settings, addresses: generator.render.reads). Those reads
    are logged anew on every render, so a page's dependencies are what it actually looked at."""
    env = site_environment(site)
    shared = site_context(site)
    nav = [item for item in site.config["menu"] if "://" in item["url"] or item["url"] in shared["urls"]]
    key = page_key(site, nav)
    answers = Answers(site.pages, site.works, site.galleries, shared, site.config)
    templates = TemplateDependencies(env)
    chosen: dict[tuple[str, str], tuple[jinja2.Template, str]] = {}  # (layout, kind) -> template, its key
    by_path: dict[str, tuple[Page, jinja2.Template]] = {}
    todo: list[Job] = []
    last_reads = {rel: reads for page in site.pages if (rel := page.output_path)
                  and (reads := site.cache.page_reads(writer.output, rel)) is not None}
    answers.prepare(set().union(*last_reads.values()))  # each distinct read hashed once, up front
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
        own = page_signature(template_key, page)
        reads = last_reads.get(rel)
        signature = with_reads(own, answers, reads) if reads is not None else None
        if signature is not None and site.cache.page_signature(writer.output, rel) == signature:
            writer.reuse(rel, page.rel or page.kind)
            by_path[rel] = (page, template)
            site.internal.signatures[rel], site.internal.reads[rel] = signature, reads
        else:
            todo.append(Job(page, template, rel, own))
    if len(todo) >= PARALLEL_THRESHOLD and site.plugins.page_hooks_pure() and can_fork():
        rendered = _render_in_workers(site, writer, todo, shared, nav)
    else:
        rendered = ((job, page_html(site, job.page, job.template, shared, nav)) for job in todo)
    for job, made in rendered:
        _write_page(site, writer, result, answers, job, made)
    for rel in writer.settle_reused():  # gone from the previous output (deleted by hand): render it
        page, template = by_path[rel]
        job = Job(page, template, rel, page_signature(chosen[(page.layout, page.kind)][1], page))
        _write_page(site, writer, result, answers, job, page_html(site, page, template, shared, nav))
    result.pages_reused += len(by_path) - sum(1 for rel in result.written if rel in by_path)
    site.internal.render_key = global_key(site)  # outputs and static files add theirs (see write_output)


class Job(NamedTuple):
    """A page to render: its template, output path and the signature of its own fields."""

    page: Page
    template: jinja2.Template
    rel: str
    own: str


Rendered = tuple[str, frozenset[Read]] | None  # the HTML and what the render read; None after an error


def page_html(site: Site, page: Page, template: jinja2.Template, shared: dict[str, Any],
              nav: list[dict[str, Any]]) -> Rendered:
    """One page's HTML, plugins' hooks included, and what rendering it read; None after
    reporting a template error."""
    env = site_environment(site)
    with recording(page) as log:
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
        html = site.plugins.filter("on_page_html", html, page, site)
    return html, frozenset(log.reads)


def _write_page(site: Site, writer: OutputWriter, result: BuildResult, answers: Answers, job: Job,
                made: Rendered) -> None:
    if made is None:
        return
    html, reads = made
    writer.write_text(job.rel, html, job.page.rel or job.page.kind)
    site.internal.signatures[job.rel] = with_reads(job.own, answers, reads)
    site.internal.reads[job.rel] = reads
    result.pages_rendered += 1
    result.written.append(job.rel)


# --- rendering in worker processes ------------------------------------------------------------
# Jinja is pure Python and holds the GIL, so on a clean build of a large site one core rendered
# every page while the others idled. Forked workers inherit the collected site (pages, excerpts,
# compiled templates) without pickling any of it; each renders a share of the pages and sends
# back the HTML and the problems it found. The main process, idle otherwise, hands the HTML to
# the writer threads, whose file-system waits then overlap the workers' rendering.

PARALLEL_THRESHOLD = 150
_job: tuple[Site, list[Job], dict[str, Any], list[dict[str, Any]]] | None = None


def _render_in_workers(site: Site, writer: OutputWriter, todo: list[Job], shared: dict[str, Any],
                       nav: list[dict[str, Any]]) -> Iterator[tuple[Job, Rendered]]:
    """Each page with its HTML and reads, rendered in forked workers, as they arrive."""
    global _job
    from concurrent.futures import ProcessPoolExecutor

    writer.flush()  # no writer thread is mid-job when the workers fork
    site.internal.before_fork()
    workers = worker_count()
    size = max(8, len(todo) // (workers * 4))
    chunks = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
    _job = (site, todo, shared, nav)
    try:
        with ProcessPoolExecutor(workers, mp_context=fork_context()) as pool:
            for rendered, problems in pool.map(_render_chunk, chunks):
                site.problems.extend(problems)
                for index, made in rendered:
                    yield todo[index], made
    finally:
        _job = None


def _render_chunk(indexes: range) -> tuple[list[tuple[int, Rendered]], list[Any]]:
    """In a worker: these pages' HTML and reads, and the problems found rendering them."""
    assert _job is not None
    site, todo, shared, nav = _job
    before = len(site.problems.items)
    rendered = []
    for index in indexes:
        job = todo[index]
        made = page_html(site, job.page, job.template, shared, nav)
        if made is not None:
            rendered.append((index, made))
    return rendered, site.problems.items[before:]


def embed_images(site: Site) -> None:
    """Plan every Markdown image before the pipeline runs, so pages render with final markup
    (including placeholders for images a worker found broken)."""
    for page in site.pages:
        _embed_images(site, page)
        if page.kind in ("post", "page"):
            social_image(site, page)
    share_images(site)  # og:image for every other page that shows an image (generator/pipeline/social.py)
    for gallery in site.galleries:  # their text and captions are Markdown too (see markdown_stage.render_fragment)
        if gallery.page is not None and "<artsite-image" in gallery.body_html:
            gallery.body_html = markdown.replace_images(
                gallery.body_html, lambda img, _i, page=gallery.page: markdown_image(site, page, img, False))
        for work in gallery.works:
            if work.page is not None and "<artsite-image" in work.caption:
                work.caption = markdown.replace_images(
                    work.caption, lambda img, _i, page=work.page: markdown_image(site, page, img, False))
    list_thumbnail_deps(site)


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
        key = digest(site.internal.render_key, rel, key)
        site.internal.signatures[rel] = key
        if site.cache.page_signature(writer.output, rel) == key:
            writer.reuse(rel, owner)
            if not writer.settle_reused():
                return
    writer.write_bytes(rel, make(), owner)

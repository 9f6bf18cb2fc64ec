"""The build orchestrator: the only module that knows the order of things.

`build()` is a list of named, timed stages (Zola's shape): read the config, switch on plugins,
collect the whole site, let plugins see it, render Markdown, make list pages, render every page,
write feeds and other outputs, process images, copy static files, and swap the result in. Every
stage records problems instead of stopping, so one build reports everything that is wrong; the
swap happens only when no error was found.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.config import DEFAULTS, SiteConfig, load_config, plugin_entries
from generator.content import defaults as folder_defaults
from generator.content import taxonomies
from generator.content.dates import zone
from generator.content.loader import ContentTree, SourceFile, content_hash, scan, scan_static
from generator.content.model import Page, Tag
from generator.content.native import hugo_addresses, jekyll_addresses
from generator.content.pages import PageReader, is_bundle, parse_source
from generator.content.slugs import SlugStyle
from generator.galleries.loader import GalleryLoader
from generator.galleries.model import Gallery, Work
from generator.galleries.pages import gallery_pages
from generator.pipeline import collect, fastpath
from generator.pipeline.cache import BuildCache, FileEntry, ReadPage, ReadPages
from generator.pipeline.gcpause import collector_paused
from generator.pipeline.memory import BuildMemory
from generator.pipeline.record import BuildRecord
from generator.pipeline.writer import (
    MARKER,
    OutputError,
    OutputWriter,
    check_output_location,
    reserved_conflict,
    spare_folder,
)
from generator.plugins.loader import PluginError, PluginManager, config_schema
from generator.problems import BuildFailed, Problems
from generator.readfile import read_regular, read_regular_text

if TYPE_CHECKING:
    from generator.images import ImagePipeline


@dataclass
class BuildOptions:
    source: Path = Path(".")
    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    use_cache: bool = True
    progress: bool = False
    serving: bool = False  # `artsite serve`: drafts marked, reload script injected by the server
    memory: BuildMemory | None = None


@dataclass
class BuildResult:
    output: Path
    problems: Problems
    pages_rendered: int = 0
    pages_reused: int = 0
    works: int = 0
    images_processed: int = 0
    images_reused: int = 0
    seconds: float = 0.0
    unchanged: bool = False  # the no-change check found the last output still stands
    timings: list[tuple[str, float]] = field(default_factory=list)  # (step, seconds), in STEPS order
    written: list[str] = field(default_factory=list)  # output paths rendered (not reused) this build
    site: Any = None  # the collected Site, for commands that inspect it afterwards (check)


class Site:
    """Everything one build knows; the object plugins receive."""

    def __init__(self, config: SiteConfig, problems: Problems, options: BuildOptions) -> None:
        self.config = config
        self.problems = problems
        self.options = options
        self.root = config.root
        self.tz = zone(config["timezone"])
        self.build_time = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        memory = options.memory
        if memory is not None and memory.cache is not None and memory.cache.folder == config.cache_dir \
                and memory.cache.enabled == options.use_cache:
            self.cache = memory.cache
        else:
            self.cache = BuildCache(config.cache_dir, enabled=options.use_cache)
        if memory is not None:
            memory.cache = None  # handed back only by a build that succeeds (see build())
        self.plugins = PluginManager([])
        self.tree = ContentTree()
        self.posts: list[Page] = []
        self.plain_pages: list[Page] = []
        self.held_back: list[Page] = []  # drafts not built: files only they name stay out (build/static.py)
        self.pages: list[Page] = []  # every page that renders, in render order
        self.galleries: list[Gallery] = []
        self.works: list[Work] = []
        self.tags: dict[str, tuple[Tag, list[Page]]] = {}
        self.terms: dict[str, dict[str, tuple[Tag, list[Page]]]] = {}  # other taxonomies: plural -> slug -> ...
        self.data: dict[str, Any] = {}  # `_data/*.json|yaml`, for templates
        self.head_tags: list[str] = []  # HTML snippets plugins add to every <head>
        self.body_end: list[str] = []
        self.robots_rules: list[str] = []  # extra robots.txt groups plugins add
        self._images: ImagePipeline | None = None
        self._works_by_source: dict[Path, Work] | None = None
        self.env: Any = None  # the Jinja environment, made once per build (see environment.site_environment)
        self.internal = BuildRecord()  # the build's own bookkeeping, not for plugins (pipeline/record.py)
        self.scratch: tempfile.TemporaryDirectory[str] | None = None
        self.site_links: list[tuple[Page, str]] = []  # root-relative links, checked once everything is written
        self.links: dict[str, str] = {}  # content-relative .md source -> URL
        own_post_links = ("permalinks", "post") in config.lines  # else a copied-in blog's own config is followed
        self.reader = PageReader(tz=self.tz, permalinks=config["permalinks"], tag_pattern=config["permalinks"]["tag"],
                                 problems=problems,
                                 taxonomies=taxonomies.from_settings(config.get("taxonomies"),
                                                                     config["permalinks"]["tag"]),
                                 defaults=folder_defaults.from_settings(config.get("defaults")),
                                 slug_style=SlugStyle.from_settings(config.get("slugs")),
                                 jekyll=None if own_post_links else jekyll_addresses([config.content_dir, config.root]),
                                 hugo=None if own_post_links else hugo_addresses(config.root))
        # what a page read depends on besides its file: cached pages are reused only while it holds
        self.reader_key: tuple[Any, ...] = (
            config["timezone"], repr(config["permalinks"]), str(config.content_dir), repr(config.get("posts_dirs")),
            tuple(Page.__dataclass_fields__), repr(config.get("taxonomies")), repr(config.get("slugs")),
            repr(self.reader.jekyll), repr(self.reader.hugo))

    @property
    def images(self) -> ImagePipeline:
        """The image pipeline, made on first use so builds without images never import Pillow."""
        if self._images is None:
            from generator.images import ImagePipeline as Pipeline
            from generator.images import ImageSettings

            settings = self.config["images"]
            if self.options.use_cache:
                cache = self.config.cache_dir / "images"
            else:  # --no-cache: work in a throwaway folder, leave .artsite-cache/ untouched
                self.scratch = tempfile.TemporaryDirectory(prefix="artsite-images-")
                cache = Path(self.scratch.name)
            self._images = Pipeline(
                ImageSettings(thumb_widths=tuple(settings["thumb_widths"]),
                              display_widths=tuple(settings["display_widths"]),
                              formats=tuple(settings["formats"]), quality=settings["quality"],
                              avif_min_width=settings["avif_min_width"],
                              webp_beside_avif=settings["webp_beside_avif"],
                              max_pixels=settings["max_pixels"], originals=settings["originals"],
                              keep_metadata=settings["keep_metadata"],
                              time_limit=settings["time_limit"], memory_limit=settings["memory_limit"]),
                cache, problems=lambda path, message: self.problems.warning(message, path))
        return self._images

    def work_for(self, image: Path) -> Work | None:
        """The gallery work whose image file this is, if any (posts may show works)."""
        if self._works_by_source is None:
            self._works_by_source = {work.source.resolve(): work for work in self.works}
        return self._works_by_source.get(Path(image).resolve())

    @property
    def images_started(self) -> bool:
        return self._images is not None

    def tag(self, name: str) -> Tag:
        return self.reader.tag(name)

    def plugin_store(self, name: str) -> dict[str, Any]:
        """A dict a plugin may fill and find again on the next build (see BuildCache.plugin_store)."""
        return self.cache.plugin_store(name)

    def add_page(self, page: Page) -> None:
        """Plugins call this in on_content to publish extra pages (e.g. the openness report)."""
        self.pages.append(page)

    def setting(self, key: str, page: Page | None = None, work: Work | None = None) -> Any:
        """A value from the most specific place that sets it: work, gallery, page, then site.yaml."""
        if work is not None:
            value = work.setting(key)
            if value is not None:
                return value
        if page is not None and key in page.data:
            return page.data[key]
        return self.config.get(key)


def read_content(site: Site) -> None:
    """Posts, pages and sections from content/ (and static files beside them), in date order."""
    site.tree = scan(site.config.content_dir, site.config["posts_dirs"], site.problems)
    site.tree.files += scan_static(site.root / site.config["static_dir"], {f.rel for f in site.tree.files},
                                   site.problems)
    folder_defaults.prepare(site)
    kept = site.cache.read_pages()
    read: dict[tuple[Any, ...], ReadPage] = {}
    sources = site.tree.of_kind("post") + site.tree.of_kind("page") + site.tree.of_kind("section")
    from generator.pipeline.preparse import preparse
    from generator.pipeline.workers import worker_count

    preparse(sources, site.cache, worker_count(), site.internal.before_fork)
    bundles: dict[str, bool] = {}  # a bundle's folder -> is its page published (see ContentTree.withhold)
    for source in sources:
        page = _read_page(site, source, kept, read)
        if is_bundle(source.rel, source.kind):
            bundles[source.rel.rsplit("/", 1)[0]] = page is not None and page.published and \
                not (page.draft and not site.options.drafts)
        if page is None or (page.draft and not site.options.drafts):
            if page is not None:
                site.held_back.append(page)
            continue
        (site.posts if source.kind == "post" else site.plain_pages).append(page)
        if page.published:
            site.links[source.rel] = page.url
    site.tree.withhold(bundles)
    if not site.options.drafts:
        site.tree.withhold_drafts()
    site.posts = collect.sort_posts(site.posts)
    collect.link_neighbours(site.posts)
    site.cache.keep_read_pages(read)


def _read_page(site: Site, source: SourceFile, kept: ReadPages,
               read: dict[tuple[Any, ...], ReadPage]) -> Page | None:
    """Front matter is parsed once per file version: the parse is cached by size and mtime, and so
    is the page made from it, with the problems making it found (they are reported again). A
    build works on a fresh copy, so what is cached stays as it was read."""
    try:
        stat, entry = site.cache.file_entry(source.path)
        if entry is None:
            entry = _parse_file(site, source.path, stat)
        hit = kept.get((source.rel, source.kind, entry.digest, stat.st_mtime_ns, site.reader_key))
        if hit is None and entry.parsed is None:  # dropped once a page was made from it (below)
            entry = _parse_file(site, source.path, stat)
    except OSError as exc:
        site.problems.error(f"cannot read: {exc.strerror or exc}", source.path)
        return None
    key = (source.rel, source.kind, entry.digest, stat.st_mtime_ns, site.reader_key)
    if hit is not None:
        page, problems = hit.page, hit.problems
        site.problems.extend(problems)
    else:
        before = len(site.problems.items)
        page = site.reader.read(source.path, source.rel, source.kind, entry.parsed, entry.digest)
        problems = site.problems.items[before:]
    read[key] = ReadPage(page, problems)
    # The page holds what it needs of the parse (its body, its front matter), so the cache keeps
    # the parse only until then: keeping both was a third of the cache every edit loads and saves.
    # A build whose reader settings changed reads the file again.
    entry.parsed = None
    return page.fresh_copy() if page is not None else None


def _parse_file(site: Site, path: Path, stat: os.stat_result) -> FileEntry:
    """The file read and its front matter split, kept in the cache by size and mtime. A pipe put
    there since the scan is refused (read_regular), not waited on."""
    raw = read_regular(path)
    entry = FileEntry(stat.st_mtime_ns, stat.st_size, content_hash(raw), parse_source(raw))
    site.cache.store_file(path, entry)
    return entry


def read_galleries(site: Site) -> None:
    loader = GalleryLoader(site.config.content_dir, site.tz, site.problems, site.tag,
                           lambda text, source: render_fragment(site, text, source))
    for folder in site.tree.gallery_dirs:
        gallery = loader.load(folder)
        if gallery is not None and not (gallery.data.get("draft") is True and not site.options.drafts):
            site.galleries.append(gallery)
    site.galleries.sort(key=lambda g: (-(g.date.timestamp() if g.date else 0), g.title.lower()))
    site.works = [w for g in site.galleries for w in g.works]
    gallery_pages(site)


def render_fragment(site: Site, text: str, source: Path) -> str:
    """See markdown_stage.render_fragment; imported on first use (markdown-it costs an import)."""
    from generator.pipeline import markdown_stage

    return markdown_stage.render_fragment(site, text, source)


def render_markdown(site: Site) -> None:
    from generator.pipeline import markdown_stage  # imports markdown-it: only builds that render pay for it
    from generator.pipeline.workers import worker_count
    from generator.render import templating

    templating.expand_pages(site)  # Liquid/Nunjucks tags and shortcodes, before any Markdown renders
    files = frozenset(f.rel for f in site.tree.files if f.kind in ("static", "image", "video", "camera", "document"))
    broken, site_links = markdown_stage.render_all(site.posts + site.plain_pages, site.links, files,
                                                   site.config.base_path, site.cache, worker_count(),
                                                   site.internal.before_fork, site.config["markdown"]["engine"])
    for page, hrefs in broken.items():
        for href in hrefs:
            site.problems.warning(f"broken link: {href}", page.source)
    site.site_links = [(page, href) for page, hrefs in site_links.items() for href in hrefs]


def _check_site_links(site: Site, writer: OutputWriter) -> None:
    """Root-relative links in Markdown must reach something the build wrote."""
    written = writer.written
    for page, href in site.site_links:
        path = unquote(href.split("#", 1)[0].split("?", 1)[0].lstrip("/"))
        if not path or path in written or f"{path.rstrip('/')}/index.html" in written:
            continue
        target = writer.staging / path  # images are placed by the pipeline, not the writer
        if target.is_file() or (target / "index.html").is_file():
            continue
        site.problems.warning(f"broken link: {href} (nothing is published there)", page.source)


def make_lists(site: Site) -> None:
    site.pages = [*site.posts, *site.plain_pages, *site.pages, *collect.list_pages(site)]
    _check_collisions(site)


# artsite's own pages that an author's page at the same address replaces, as blogs moving in have
# them (a tag's own page or the home page is never replaced: a collision there is a mistake)
REPLACEABLE_KINDS = {"404", "archive", "tags", "terms", "search", "galleries"}


def _check_collisions(site: Site) -> None:
    owners: dict[str, Page] = {}
    reserved = generated_files(site)
    for page in list(site.pages):
        if not page.output_path:
            continue
        taken = reserved_conflict(page.output_path, reserved)
        if taken is not None:  # the page would vanish under artsite's own file, or wipe it
            site.problems.error(f"permalink: {page.url} collides with /{taken}, which artsite writes itself; "
                                "choose another permalink", page.source,
                                site.reader.line_of(page.source, "permalink") if page.source else None)
            site.pages.remove(page)
            continue
        other = owners.get(page.output_path)
        if other is not None and (page.source is None) != (other.source is None):
            mine, generated = (other, page) if page.source is None else (page, other)
            if generated.kind in REPLACEABLE_KINDS:  # the author's 404.html or archive.md wins
                site.problems.warning(f"replaces artsite's own {generated.kind} page at {generated.url}", mine.source)
                site.pages.remove(generated)
                owners[page.output_path] = mine
                continue
        if other is not None:
            site.problems.error(f"two pages claim {page.url}: {other.rel or other.kind} and {page.rel or page.kind}",
                                page.source or other.source)
        owners[page.output_path] = page


def generated_files(site: Site) -> frozenset[str]:
    """Output paths artsite writes besides pages: see writer.GENERATED, the feeds that are on,
    and the theme's assets."""
    from generator.pipeline.writer import FEEDS, GENERATED
    from generator.render.themes import theme_dir

    feeds = site.config["feeds"]
    names = {*GENERATED, *(name for kind, name in FEEDS.items() if feeds.get(kind))}
    static = theme_dir(site.config["theme"], site.root) / "static"
    for folder, _dirs, files in os.walk(static):
        rel = Path(folder).relative_to(static).as_posix()
        names.update(f"theme/{name}" if rel == "." else f"theme/{rel}/{name}" for name in files)
    return frozenset(names)


def prepare(options: BuildOptions, problems: Problems) -> Site:
    """Config and plugins: what every later stage needs."""
    root = options.source.resolve()
    names = [name for name, _ in plugin_entries(_peek_plugins(root))]
    config = load_config(root, problems, plugin_schema=config_schema(names), strict=options.strict,
                         overrides={"base_url": options.base_url}, remember=options.use_cache)
    if options.output is not None:
        config.data["output"] = str(options.output.resolve())
    _check_theme(config, problems)
    site = Site(config, problems, options)
    try:
        site.plugins = PluginManager.from_entries(config.plugins)
    except PluginError as exc:
        problems.error(str(exc), config.path, config.lines.get(("plugins",)))
    try:
        site.plugins.call("on_config", config)
    except PluginError as exc:
        problems.error(str(exc), config.path)
    return site


def _check_theme(config: SiteConfig, problems: Problems) -> None:
    """An unknown theme is one error at its line in site.yaml, then the default theme stands in."""
    from generator.render.themes import theme_dir

    if not (theme_dir(config["theme"], config.root) / "templates").is_dir():
        problems.error(f"theme '{config['theme']}' not found (looked in themes/{config['theme']}/ and the "
                       "themes installed with artsite)", config.path, config.lines.get(("theme",)))
        config.data["theme"] = "default"


def _peek_plugins(root: Path) -> Any:
    """The plugin list before validation, so plugins' own keys can join the schema."""
    from generator.yamlsafe import YamlError, load_yaml

    try:
        data = load_yaml(read_regular_text(root / "site.yaml"))
    except (OSError, UnicodeDecodeError, YamlError):
        data = None
    return data.get("plugins", DEFAULTS["plugins"]) if isinstance(data, dict) else DEFAULTS["plugins"]


def save_cache(cache: BuildCache, problems: Problems) -> None:
    try:
        cache.save()
    except OSError as exc:  # the new site is already in place; only the next build gets slower
        problems.warning(f"could not save the build cache ({exc.strerror or exc}); the site was built")


# --- the steps ----------------------------------------------------------------------------------
# Every step takes the build's private state. Read STEPS from top to bottom to follow a build;
# the speed machinery (the no-change check, the spare folder, worker processes, caches) lives
# behind the calls named here, in fastpath.py, writer.py, workers.py and cache.py.


@dataclass
class Build:
    """One build's private state: what the steps hand each other besides the public `Site`."""

    options: BuildOptions
    problems: Problems
    result: BuildResult
    site: Site = field(init=False)
    writer: OutputWriter | None = None
    inputs: str | None = None  # the no-change fingerprint, when the check applies
    done: bool = False  # set by a step when nothing after it needs to run


def _settings_and_plugins(state: Build) -> None:
    state.site = site = prepare(state.options, state.problems)
    state.result.output = site.config.output_dir
    try:
        check_output_location(site.config.output_dir, site.root, site.config.content_dir)
    except OutputError as exc:
        state.problems.error(str(exc))
        raise BuildFailed(state.problems) from None


def _no_change_check(state: Build) -> None:
    """When nothing the build reads changed since the last success, that output stands."""
    site, options, output = state.site, state.options, state.site.config.output_dir
    # A warm `serve` rebuilds because the watcher saw a change, so the check would only cost
    # time; its record is dropped instead, so a stale one can never match later.
    warm = options.memory is not None and options.memory.warm
    if warm:
        fastpath.forget(site, output)
    if not options.use_cache or state.problems.errors or warm:
        return
    state.inputs = fastpath.fingerprint(site)
    last = fastpath.previous(site, output)
    if last is None or last.fingerprint != state.inputs or not (output / MARKER).is_file():
        return
    fastpath.replay(last, state.problems)
    result = state.result
    result.pages_reused, result.works, result.images_reused = last.pages, last.works, last.images
    result.unchanged = state.done = True
    if options.memory is not None:
        options.memory.cache, options.memory.warm = site.cache, True


def _staging_folder(state: Build) -> None:
    """The writer comes first: when it reuses the spare folder, it takes stock of it in the
    background while the content is read."""
    site, options = state.site, state.options
    output = site.config.output_dir
    spare = spare_folder(site.config.cache_dir, output) if options.use_cache else None
    known = same = None
    if options.memory is not None:  # taken away: whatever happens next, this build changes the spare
        known, same = options.memory.take_spare(output), options.memory.take_same(output)
    try:
        state.writer = OutputWriter(output, spare, known, same)
    except OSError as exc:  # a read-only disk, or a folder the artist may not write to
        state.problems.error(f"cannot write to the output folder {output}: {exc.strerror or exc}"
                             + (f" ({exc.filename})" if exc.filename else "") + "; the previous site was kept")
        raise BuildFailed(state.problems) from None
    site.internal.before_fork = state.writer.ready  # no other thread may be mid-work when a step forks workers


def _writer(state: Build) -> OutputWriter:
    assert state.writer is not None, "a step that writes runs after the staging folder is made"
    return state.writer


def _embed_images(state: Build) -> None:
    from generator.pipeline import render  # after the no-change check: Jinja costs an import

    render.embed_images(state.site)


def _encode_images(state: Build) -> None:
    from generator.pipeline import static  # Pillow is imported on first use

    static.run_images(state.site, _writer(state), state.result)


def _render_pages(state: Build) -> None:
    from generator.pipeline import render

    render.render_pages(state.site, _writer(state), state.result)


def _write_outputs(state: Build) -> None:
    from generator.pipeline import render

    render.write_outputs(state.site, _writer(state))


def _copy_static(state: Build) -> None:
    from generator.pipeline import static

    static.copy_static(state.site, _writer(state))
    made = state.site.internal
    state.site.cache.set_page_signatures(_writer(state).output, made.signatures, made.reads)


def _finish(state: Build) -> None:
    """Swap the staging folder in, when no error was found (or, with --strict, no warning)."""
    problems, options = state.problems, state.options
    if problems.errors or (options.strict and problems.warnings):
        raise BuildFailed(problems, "warnings are errors with --strict" if not problems.errors else "errors")
    writer = _writer(state)
    writer.commit()
    if options.memory is not None:
        options.memory.committed(state.site.config.output_dir, writer)


def _remember(state: Build) -> None:
    """What the next build starts from: the no-change record, the cache, the settings memo."""
    site, options, result = state.site, state.options, state.result
    result.works = len(site.works)
    if state.inputs:
        fastpath.remember(site, site.config.output_dir, state.inputs, state.problems,
                          result.pages_rendered + result.pages_reused, result.works,
                          result.images_processed + result.images_reused)
    if options.memory is None or not options.memory.defer_save:
        save_cache(site.cache, state.problems)
    if options.memory is not None:  # a failed build's half-updated cache is never kept
        options.memory.cache = site.cache
        options.memory.warm = True
    if options.use_cache:
        site.config.remember_passed()
    result.site = site


Step = tuple[str, Callable[[Build], None]]

STEPS: list[Step] = [
    ("settings and plugins", _settings_and_plugins),  # site.yaml, plugins' on_config
    ("no-change check", _no_change_check),  # may end the build: the last output stands
    ("staging folder", _staging_folder),
    ("content", lambda state: read_content(state.site)),
    ("galleries", lambda state: read_galleries(state.site)),
    ("plugins: on_content", lambda state: state.site.plugins.call("on_content", state.site)),
    ("markdown", lambda state: render_markdown(state.site)),  # template tags and shortcodes first
    ("lists", lambda state: make_lists(state.site)),  # home, taxonomies, sections, archive, 404
    ("embed images", _embed_images),  # Markdown images planned, social images chosen
    ("images", _encode_images),  # derivatives encoded in the process pool
    ("render", _render_pages),  # on_page_context, the template, on_page_html
    ("outputs", _write_outputs),  # feeds, sitemap, robots, redirects
    ("static", _copy_static),
    ("flush", lambda state: _writer(state).flush()),  # plugins may read what was written
    ("plugins: on_post_build", lambda state: state.site.plugins.call("on_post_build", state.site, _writer(state))),
    ("links", lambda state: _check_site_links(state.site, _writer(state))),
    ("commit", _finish),
    ("remember", _remember),
]


def build(options: BuildOptions) -> BuildResult:
    """Build the site; raises BuildFailed (with every problem) and leaves the old output in place."""
    started = time.perf_counter()
    problems = Problems(root=options.source.resolve())
    state = Build(options, problems, BuildResult(output=options.source, problems=problems))
    try:
        with collector_paused():
            for name, step in STEPS:
                began = time.perf_counter()
                step(state)
                state.result.timings.append((name, time.perf_counter() - began))
                if state.done:
                    break
    except BaseException as exc:
        raise _failed(state, exc) from None
    state.result.seconds = time.perf_counter() - started
    return state.result


def _failed(state: Build, exc: BaseException) -> BaseException:
    """Put the staging folder away after a failed step; what to raise in its place."""
    writer, problems = state.writer, state.problems
    if writer is None:
        if isinstance(exc, PluginError):
            problems.error(str(exc))
            return BuildFailed(problems)
        return exc
    if isinstance(exc, OSError) and not isinstance(exc, OutputError):
        writer.abort(drop_spare=True)
        problems.error(f"could not write the site ({exc.strerror or exc}); the previous site was kept",
                       getattr(exc, "filename", None))
        return BuildFailed(problems)
    writer.abort()
    if isinstance(exc, (OutputError, PluginError)):
        problems.error(str(exc))
        return BuildFailed(problems)
    return exc

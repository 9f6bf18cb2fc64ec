"""Template tags and shortcodes in Markdown bodies, expanded once, just before Markdown renders.

Which processing a page gets (`markdown_templates` in site.yaml, default `auto`):

- `liquid`: Liquid tags and `{{ }}` (Jekyll, and Eleventy's default `markdownTemplateEngine`),
  rendered by a sandboxed Jinja2 after `generator.shortcodes.liquid` translated what differs;
- `nunjucks`: the same, read as Nunjucks (`{# comments #}`, no Liquid translation);
- `hugo`: only Hugo shortcodes; `{{ }}` is left alone, as Hugo leaves it;
- `none`: the body is Markdown and nothing else;
- `auto`: `hugo` for a page that uses `{{< >}}`/`{{% %}}` or has TOML front matter, else
  `liquid` when the body holds `{%` or `{{`, else nothing to do.

A page switches processing off with Eleventy's `templateEngineOverride: md` (or picks `njk`/
`liquid` with it) or Jekyll's `render_with_liquid: false`. Fenced and inline code are processed
too, as Eleventy, Jekyll and Hugo do (that is what `{% raw %}` and `{{</* */>}}` are for).

A template error never stops the build: it is a warning naming the file and line, and the page
keeps its text with the template syntax taken out (shortcodes still rendered), so readers never
see `{% … %}`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.content.loader import inside
from generator.content.model import Page
from generator.pipeline.cache import digest
from generator.shortcodes import hugo, liquid
from generator.shortcodes.call import Bare, Shortcode, ShortcodeSite
from generator.shortcodes.registry import Registry, flatten_html

if TYPE_CHECKING:
    from generator.pipeline.site import Site

MODES = ("auto", "liquid", "nunjucks", "hugo", "none")
INCLUDE_DIRS = ("includes", "_includes")
DATA_DIR = "data"
MAX_INCLUDE_DEPTH = 8


def expand_pages(site: Site) -> None:
    """Expand every post's and page's body in place (the build's one call, before Markdown)."""
    pages = [page for page in site.posts + site.plain_pages if _may_need(page.body)]
    if not pages:
        return
    engine = BodyTemplates(site)
    for page in pages:
        engine.expand(page)


def _may_need(body: str) -> bool:
    return "{{" in body or "{%" in body


class BodyTemplates:
    """One build's template processing: the sandbox, the shortcodes, the site's data in scope."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.problems = site.problems
        setting = site.config.get("markdown_templates", "auto")
        self.setting = setting if setting in MODES else "auto"
        shortcodes = {}
        for plugin in site.plugins.plugins:
            provided = getattr(plugin, "shortcodes", None)
            if callable(provided):
                shortcodes.update(provided() or {})
        self.registry = Registry(site.root, shortcodes, {"include": self._include, "markdown": _markdown})
        self.shortcode_site = ShortcodeSite(links=site.links, base_url=site.config.base_url,
                                            config=dict(site.config.data))
        self._envs: dict[str, Any] = {}
        self._globals: dict[str, Any] | None = None
        self._depth = 0

    # -- which processing -------------------------------------------------------------------
    def mode_for(self, page: Page) -> str:
        override = page.data.get("templateEngineOverride")
        if override is not None:
            engines = [e.strip().lower() for e in str(override or "").split(",")]
            first = engines[0] if engines else ""
            return {"njk": "nunjucks", "liquid": "liquid"}.get(first, "none")
        if page.data.get("render_with_liquid") is False:
            return "none"
        if self.setting != "auto":
            return self.setting
        if hugo.has_shortcodes(page.body) or _toml_front_matter(page.source):
            return "hugo"
        return "liquid" if liquid.has_template_syntax(page.body) else "none"

    # -- expansion --------------------------------------------------------------------------
    def expand(self, page: Page) -> None:
        mode = self.mode_for(page)
        if mode == "none":
            return
        # the body may begin with the newline that ends the front matter's closing fence
        first = page.body_line - 1 if page.body.startswith("\n") else page.body_line
        if mode == "hugo":
            body = hugo.expand(page.body, lambda *a: self._hugo_call(page, *a),
                               lambda offset: first + page.body.count("\n", 0, offset),
                               lambda message, line: self.problems.warning(message, page.source, line))
        else:
            body = self.render_liquid(page.body, page, mode, first - 1, self.page_context(page))
        if body != page.body:
            page.body = body
            # the Markdown cache is keyed by the source file's hash: make it the expanded text's
            page.source_hash = digest(page.source_hash, body) if page.source_hash else ""

    def _hugo_call(self, page: Page, name: str, args: list[Any], kwargs: dict[str, Any], inner: str | None,
                   syntax: str, block: bool, line: int) -> str:
        if not self.registry.knows(name):
            self.problems.warning(f"unknown shortcode '{name}': " + ("its inner content is kept" if inner else "left out")
                                  + f" (add it as shortcodes/{name}.html or through a plugin)", page.source, line)
            return inner or ""
        return self._run(self._call(page, name, args, kwargs, inner, syntax, block, line))

    def _call(self, page: Page, name: str, args: list[Any], kwargs: dict[str, Any], inner: str | None,
              syntax: str, block: bool, line: int) -> Shortcode:
        return Shortcode(name=name, args=args, kwargs=kwargs, inner=inner, syntax=syntax, block=block,
                         page=self.page_vars(page), page_rel=page.rel, site=self.shortcode_site, line=line,
                         warn=lambda message: self.problems.warning(message, page.source, line),
                         render_markdown=_render_markdown)

    def _run(self, call: Shortcode) -> str:
        try:
            return self.registry.render(call)
        except Exception as exc:  # a plugin's shortcode must not stop the build
            call.warn(f"shortcode '{call.name}' failed: {exc}")
            return call.inner or ""

    def render_liquid(self, text: str, page: Page, mode: str, line_offset: int, context: dict[str, Any]) -> str:
        """Liquid/Nunjucks text rendered in the sandbox; on error, the text without its template tags."""
        import jinja2

        is_liquid = mode == "liquid"

        def warn(message: str, line: int | None) -> None:
            self.problems.warning(message, page.source, line)

        translation = liquid.translate(text, liquid=is_liquid, is_shortcode=self.registry.knows, warn=warn,
                                       line_offset=line_offset)
        env = self._env(mode)
        for name in sorted(translation.filters - set(env.filters)):
            warn(f"unknown filter '{name}': its value is shown unfiltered", line_offset + 1)
            env.filters[name] = _passthrough
        calls = translation.calls

        @jinja2.pass_context
        def call_shortcode(ctx: Any, index: int, caller: Any = None) -> str:
            spec = calls[index]
            inner = str(caller()) if caller is not None else None
            if not spec.known:
                return inner or ""
            args = [_resolve(ctx, a) for a in spec.args]
            kwargs = {k: _resolve(ctx, v) for k, v in spec.kwargs.items()}
            return self._run(self._call(page, spec.name, args, kwargs, inner, mode, spec.block, spec.line))

        try:
            template = env.from_string(translation.source)
            return template.render({**context, "__shortcode": call_shortcode})
        except jinja2.TemplateSyntaxError as exc:
            line = line_offset + (exc.lineno or 1)
            warn(f"template syntax: {exc.message}; the text is shown without its template tags", line)
        except Exception as exc:  # a runtime error in the author's template code
            warn(f"template error: {exc}; the text is shown without its template tags",
                 line_offset + _template_line(exc))
        return self._plain(text, translation, page, mode)

    def _plain(self, text: str, translation: liquid.Translation, page: Page, mode: str) -> str:
        """The fallback: raw blocks kept, shortcodes rendered with their literal parameters,
        other tags and expressions left out."""
        calls = {spec.start: spec for spec in translation.calls}
        out: list[str] = []
        pos = 0
        for match, end in liquid._tokens(text):
            out.append(text[pos:match.start()])
            pos = end
            if match.group("rawkind") == "raw":
                out.append(re.sub(r"\{%-?\s*endraw\s*-?%\}$", "", text[match.end():end]))
                continue
            spec = calls.get(match.start())
            if spec is not None and spec.known and not spec.paired:
                args = [a.word if isinstance(a, Bare) else a for a in spec.args]
                kwargs = {k: v.word if isinstance(v, Bare) else v for k, v in spec.kwargs.items()}
                out.append(self._run(self._call(page, spec.name, args, kwargs, None, mode, spec.block, spec.line)))
        out.append(text[pos:])
        return "".join(out)

    def _env(self, mode: str) -> Any:
        env = self._envs.get(mode)
        if env is None:
            import jinja2
            from jinja2.sandbox import ImmutableSandboxedEnvironment

            from generator.shortcodes.filters import filters

            options: dict[str, Any] = {}
            if mode == "liquid":  # `{#` is plain text in Liquid (CSS, kramdown ids), not a comment
                options = {"comment_start_string": "{#\x00artsite", "comment_end_string": "artsite\x00#}"}
            env = ImmutableSandboxedEnvironment(autoescape=False, undefined=jinja2.ChainableUndefined,
                                                keep_trailing_newline=True, extensions=["jinja2.ext.loopcontrols"],
                                                **options)
            env.filters.update(filters(self.shortcode_site.absolute, _render_markdown, mode == "liquid"))
            self._envs[mode] = env
        return env

    # -- what templates see -----------------------------------------------------------------
    def page_vars(self, page: Page) -> dict[str, Any]:
        stem = page.rel.rsplit(".", 1)[0]
        return {**page.data, "url": page.url, "title": page.title, "date": page.date, "slug": page.slug,
                "fileSlug": page.slug, "filePathStem": "/" + stem, "inputPath": f"./{self.site.config['content_dir']}/{page.rel}",
                "outputPath": page.output_path or False, "tags": [t.name for t in page.tags],
                "description": page.description, "path": page.rel, "id": page.url, "data": page.data,
                "lang": page.data.get("lang", self.site.config.get("language"))}

    def page_context(self, page: Page) -> dict[str, Any]:
        return {**self.globals(), **page.data, "page": self.page_vars(page), "title": page.title}

    def globals(self) -> dict[str, Any]:
        if self._globals is None:
            config = self.site.config
            # `data/` (where `artsite import` puts it) over `_data/` (a blog copied in as it was)
            data = {**self.site.data, **_data_files(self.site.root / DATA_DIR, self.problems)}
            # Jekyll's `site.posts` is newest first; Eleventy's collections are oldest first
            listed = [p for p in self.site.posts if p.published and p.listed]  # newest first (collect)
            posts = [self._summary(p) for p in listed]
            oldest_first = posts[::-1]
            collections: dict[str, Any] = {"all": oldest_first, "posts": oldest_first, "post": oldest_first}
            for summary, post in zip(oldest_first, reversed(listed), strict=True):
                for tag in post.tags:
                    collections.setdefault(tag.name, []).append(summary)
            site_vars = {**config.data, "url": config.base_url.rstrip("/"), "baseurl": "", "data": data,
                         "posts": posts, "time": self.site.build_time, "title": config["title"],
                         "description": config.get("description", ""), "author": config.get("author")}
            self._globals = {**data, "site": site_vars, "metadata": {**site_vars, **data.get("metadata", {})},
                             "collections": collections, "eleventy": {"generator": "artsite"},
                             "nil": None, "empty": "", "blank": ""}
        return self._globals

    def _summary(self, page: Page) -> dict[str, Any]:
        return {"url": page.url, "title": page.title, "date": page.date, "data": {**page.data, "title": page.title},
                "tags": [t.name for t in page.tags], "fileSlug": page.slug, "slug": page.slug,
                "excerpt": page.description}

    # -- include ----------------------------------------------------------------------------
    def _include(self, call: Shortcode) -> str:
        """Jekyll's `{% include note.html key="v" %}`, Eleventy's `{% include "x.njk" %}`: a snippet
        from the site's includes/ folder, rendered like the page, with `include.key` in scope."""
        name = call.first("file", 0).strip("'\"")
        page = _page_of(call, self.site)
        path = self._include_path(name) or self._relative_path(name, page)
        if path is None:
            call.warn(f"include: no file '{name}' in {' or '.join(d + '/' for d in INCLUDE_DIRS)}")
            return ""
        if self._depth >= MAX_INCLUDE_DEPTH:
            call.warn(f"include: '{name}' nests deeper than {MAX_INCLUDE_DEPTH} levels")
            return ""
        mode = "nunjucks" if path.suffix == ".njk" else "liquid"
        context = {**(self.page_context(page) if page else self.globals()), **call.kwargs, "include": call.kwargs}
        self._depth += 1
        try:
            text = path.read_text(encoding="utf-8")
            target = page or Page(kind="page", title="", url="", source=path)
            return flatten_html(self.render_liquid(text, target, mode, 0, context), call.block)
        except (OSError, UnicodeDecodeError) as exc:
            call.warn(f"include: cannot read '{name}': {exc}")
            return ""
        finally:
            self._depth -= 1

    def _relative_path(self, name: str, page: Page | None) -> Path | None:
        """Jekyll's `{% include_relative x.md %}` and Eleventy's `{% include "./x.njk" %}`: a file
        beside the page, never outside the content folder (symlinks are resolved first)."""
        if page is None or page.source is None or not name or name.startswith("/") or ".." in name.split("/"):
            return None
        candidate = page.source.parent / name
        content = self.site.config.content_dir
        return candidate if candidate.is_file() and inside(candidate, content) else None

    def _include_path(self, name: str) -> Path | None:
        if not name or ".." in name.split("/") or name.startswith("/"):
            return None
        roots = (self.site.root, self.site.config.content_dir)  # the content folder: a blog copied in as it was
        for base in (root / folder for root in roots for folder in INCLUDE_DIRS):
            for candidate in (base / name, base / f"{name}.html", base / f"{name}.njk", base / f"{name}.liquid"):
                if candidate.is_file():
                    return candidate
        return None


def _page_of(call: Shortcode, site: Site) -> Page | None:
    for page in site.posts + site.plain_pages:
        if page.rel == call.page_rel:
            return page
    return None


def _markdown(call: Shortcode) -> str:
    """Eleventy's common paired `{% markdown %}…{% endmarkdown %}`: the body is Markdown already."""
    import textwrap

    return textwrap.dedent(call.inner or "")


def _render_markdown(text: str) -> str:
    from generator.render import markdown

    return markdown.render(text)


def _passthrough(value: Any, *args: Any, **kwargs: Any) -> Any:
    return value


def _resolve(ctx: Any, value: Any) -> Any:
    """A bare word is the variable of that name when the page defines one, else the word itself."""
    if not isinstance(value, Bare):
        return value
    import jinja2

    head, *rest = re.split(r"\.", value.word)
    found = ctx.resolve_or_missing(head)
    if found is jinja2.runtime.missing or isinstance(found, jinja2.Undefined):
        return value.word
    for part in rest:
        found = ctx.environment.getattr(found, part)
        if isinstance(found, jinja2.Undefined):
            return value.word
    return found


def _template_line(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _toml_front_matter(source: Path | None) -> bool:
    if source is None:
        return False
    try:
        with source.open("rb") as handle:
            return handle.read(3) == b"+++"
    except OSError:
        return False


def _data_files(folder: Path, problems: Any) -> dict[str, Any]:
    """`data/*.json|yaml|yml` (Jekyll's and Eleventy's `_data/`, once imported) by file name."""
    import json

    from generator.yamlsafe import YamlError, load_yaml

    found: dict[str, Any] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        try:
            if path.suffix == ".json":
                found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
            elif path.suffix in (".yaml", ".yml"):
                found[path.stem] = load_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, YamlError) as exc:
            problems.warning(f"data file not read: {exc}", path)
    return found

"""The plugin API: a short list of hooks, each named for the moment it fires.

A plugin is a class derived from `Plugin`, published under the `artsite.plugins` entry-point
group and switched on from `site.yaml`. The built-in provenance, openness and consent features are
plugins on exactly this API, so anything they can do, a third-party plugin can do too.

The build calls the hooks in this order (see `generator.pipeline.site`):

1. `on_config(config)`          site.yaml is loaded and validated; adjust settings.
2. `on_content(site)`           every page, post, gallery and work is collected, nothing rendered
                                yet; add pages or tags, attach data to works.
3. `on_page_context(page, context, site)`  just before one page renders; add template variables.
4. `on_page_html(page, html, site)`        one page rendered; return a new string to replace it.
5. `on_post_build(site, writer)`           everything rendered; write extra files.

Besides the hooks, a plugin may offer shortcodes: `shortcodes()` returns a mapping of name to a
function taking a `generator.shortcodes.Shortcode` (its parameters, inner content, page and
line) and returning HTML or Markdown. They are called from every syntax the site's posts use
(`{{< name >}}`, `{% name %}`), before Markdown renders; the function escapes what it prints.

Hooks that return None leave what they were given unchanged (the MkDocs convention). A hook
that raises fails the build with the plugin's name in the error, never silently.

Where a page hook runs is artsite's business, not the plugin's: a hook only says whether it is
*pure*, with the `@pure` decorator: its result depends on nothing but its arguments, and it
changes nothing but the context (or returns HTML) it was given. artsite may call a pure hook
anywhere and in any order (in a worker process on a large build, say). As long as any page hook
of any plugin is not marked pure, artsite calls page hooks one page after another in one
process, so a hook that keeps state between pages (a list it fills, say) still sees every page.

The other things a plugin touches have their own methods, so a plugin never depends on how the
build works inside: `site.plugin_store(name)` for data kept between builds (key entries with
`stable_hash`), and the writer's `write_text`, `write_bytes`, `read_placed`, `replace_placed`
and `export` for files, never paths inside the staging folder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from generator.pipeline.cache import digest

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from generator.config import SiteConfig
    from generator.content.model import Page
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter
    from generator.shortcodes import Shortcode

HOOKS = ("on_config", "on_content", "on_page_context", "on_page_html", "on_post_build")
PAGE_HOOKS = ("on_page_context", "on_page_html")

Hook = TypeVar("Hook", bound=Callable[..., Any])


def pure(hook: Hook) -> Hook:
    """Mark a page hook as pure (see the module docstring); artsite decides what follows from it."""
    hook.pure = True  # type: ignore[attr-defined]
    return hook


def is_pure(hook: Callable[..., Any]) -> bool:
    return getattr(hook, "pure", False) is True


def stable_hash(*parts: Any) -> str:
    """A short hash of the parts' text, the same in every process and build: a key for
    `site.plugin_store` entries, or a value in `page.extra` that stands for what a page shows."""
    return digest(*parts)


class Plugin:
    """Base class for artsite plugins; override only the hooks you need.

    `config_schema` is a JSON-Schema "properties" mapping for the top-level `site.yaml` keys the
    plugin owns (for example `ai_training` for the consent plugin); the config validator merges
    it, so those keys are checked and are not reported as unknown. `settings` holds the plugin's
    own block from `plugins:` in site.yaml.
    """

    name: ClassVar[str] = ""
    config_schema: ClassVar[dict[str, Any]] = {}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings: dict[str, Any] = dict(settings or {})

    def on_config(self, config: SiteConfig) -> None:
        """site.yaml is valid; the plugin may read or adjust settings."""

    def on_content(self, site: Site) -> None:
        """The whole site is collected; nothing has rendered yet."""

    def on_page_context(self, page: Page, context: dict[str, Any], site: Site) -> None:
        """One page is about to render; `context` is the template context, edit it in place."""

    def on_page_html(self, page: Page, html: str, site: Site) -> str | None:
        """One page has rendered; return replacement HTML or None to keep it."""
        return None

    def on_post_build(self, site: Site, writer: OutputWriter) -> None:
        """Every page is written to the staging folder; write any extra files through `writer`."""

    def shortcodes(self) -> dict[str, Callable[[Shortcode], str]]:
        """Shortcodes this plugin adds, by name; see the module docstring."""
        return {}

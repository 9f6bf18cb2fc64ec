"""The plugin API: a short list of hooks, each named for the moment it fires.

A plugin is a class derived from `Plugin`, published under the `artsite.plugins` entry-point
group and switched on from `site.yaml`. The built-in provenance, openness and consent features are
plugins on exactly this API, so anything they can do, a third-party plugin can do too.

The build calls the hooks in this order (see `generator.build.site`):

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

Pages of a large site render in worker processes, which is where hooks 3 and 4 then run. A
plugin that keeps state between those calls (a list it fills page by page, say) would lose it
there, so a plugin that overrides either hook says `page_hooks_in_workers = True` only when they
edit nothing but what they are given; otherwise pages render in the main process, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from generator.build.site import Site
    from generator.build.writer import OutputWriter
    from generator.config import SiteConfig
    from generator.content.model import Page
    from generator.shortcodes import Shortcode

HOOKS = ("on_config", "on_content", "on_page_context", "on_page_html", "on_post_build")


class Plugin:
    """Base class for artsite plugins; override only the hooks you need.

    `config_schema` is a JSON-Schema "properties" mapping for the top-level `site.yaml` keys the
    plugin owns (for example `ai_training` for the consent plugin); the config validator merges
    it, so those keys are checked and are not reported as unknown. `settings` holds the plugin's
    own block from `plugins:` in site.yaml.
    """

    name: ClassVar[str] = ""
    config_schema: ClassVar[dict[str, Any]] = {}
    page_hooks_in_workers: ClassVar[bool] = False  # see the module docstring

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

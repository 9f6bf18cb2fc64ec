"""Which shortcode a name means: the site's own templates, then plugins, then the built-ins.

A site overrides a built-in by adding `shortcodes/<name>.html` (a Jinja template in a sandbox,
with autoescaping: parameters are escaped, the inner content is the author's own Markdown/HTML and
is not). Plugins add Python functions through `Plugin.shortcodes()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.shortcodes.builtins import BUILTINS, ShortcodeFunction
from generator.shortcodes.call import Shortcode

SHORTCODES_DIR = "shortcodes"


class Registry:
    def __init__(self, site_root: Path | None = None, plugin_shortcodes: dict[str, ShortcodeFunction] | None = None,
                 extra: dict[str, ShortcodeFunction] | None = None) -> None:
        self.functions: dict[str, ShortcodeFunction] = {**BUILTINS, **(extra or {}), **(plugin_shortcodes or {})}
        self.templates: dict[str, Path] = {}
        folder = site_root / SHORTCODES_DIR if site_root else None
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.html")):
                self.templates[path.stem] = path
        self._env: Any = None

    def knows(self, name: str) -> bool:
        return name in self.templates or name in self.functions

    def render(self, call: Shortcode) -> str:
        """The shortcode's output; an unknown one renders its inner content (or nothing)."""
        if call.name in self.templates:
            return self._template(call)
        function = self.functions.get(call.name)
        if function is None:
            return call.inner or ""
        return str(function(call))

    def _template(self, call: Shortcode) -> str:
        import jinja2
        from jinja2.sandbox import ImmutableSandboxedEnvironment
        from markupsafe import Markup

        if self._env is None:
            self._env = ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.ChainableUndefined,
                                                      keep_trailing_newline=False)
        path = self.templates[call.name]
        try:
            template = self._env.from_string(path.read_text(encoding="utf-8"))
            output = template.render(
                {**call.kwargs, "args": call.args, "params": call.kwargs, "inner": Markup(call.inner or ""),
                 "page": call.page, "site": call.site.config, "name": call.name, "get": call.get,
                 "markdownify": lambda text: Markup(call.render_markdown(str(text)))})
        except (jinja2.TemplateError, OSError, UnicodeDecodeError) as exc:
            call.warn(f"shortcode template {SHORTCODES_DIR}/{path.name}: {exc}")
            return call.inner or ""
        return flatten_html(output, call.block)


def flatten_html(output: str, block: bool) -> str:
    """HTML from a template, made safe to stand in Markdown: indentation would turn lines into code
    blocks and blank lines would end an HTML block, so both go (unless it holds preformatted text)."""
    if re.search(r"<(pre|textarea|script|style)\b", output, re.IGNORECASE):
        return output
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return "\n".join(lines) + ("\n" if block and lines else "")


ShortcodeLookup = Callable[[str], bool]

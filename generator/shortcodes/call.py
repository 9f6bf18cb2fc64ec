"""What a shortcode receives: its name, parameters, inner content and where it was written.

Every syntax (Hugo, Liquid, Nunjucks) is turned into this one record, so a shortcode is written
once. Parameters are kept as the author typed them (strings, numbers, booleans); they are not
escaped here, because only the shortcode knows whether a value lands in an attribute, in text or
in a URL. `escape` and `attr` are the helpers for that.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape as _escape


@dataclass(frozen=True)
class Bare:
    """An unquoted word in a Liquid/Nunjucks tag: a variable if the page defines it, else itself
    (Jekyll's `{% post_url 2010-07-21-name %}` and `{% include note.html %}` are words, not names)."""

    word: str


@dataclass
class ShortcodeSite:
    """The site-wide facts shortcodes look things up in: addresses of other pages, settings."""

    links: dict[str, str]  # content-relative source path -> site path, as the Markdown stage uses
    base_url: str  # "https://example.org/blog/"
    config: dict[str, Any] = field(default_factory=dict)
    _stems: dict[str, list[str]] | None = None

    def url_of(self, target: str, from_rel: str = "") -> str | None:
        """The site path of a source file named the way Hugo's `ref`, Jekyll's `link` or a plain
        path would name it: content-relative, relative to the page, without its extension, as a
        bundle folder, or (last) by file name alone when that is unambiguous."""
        target = target.strip().split("#", 1)[0].split("?", 1)[0]
        if not target:
            return None
        cleaned = target.lstrip("/")
        folder = posixpath.dirname(from_rel)
        candidates = [cleaned, _strip_underscore_folder(cleaned)]
        if not target.startswith("/") and folder:
            candidates.insert(0, posixpath.normpath(posixpath.join(folder, cleaned)))
        for base in candidates:
            stem = base.rsplit(".", 1)[0] if base.rsplit("/", 1)[-1].count(".") else base
            for option in (base, f"{stem}.md", f"{stem}.markdown", f"{stem}/index.md", f"{stem}/_index.md",
                           f"{stem}/index.markdown"):
                if option in self.links:
                    return self.links[option]
        name = cleaned.rsplit("/", 1)[-1]
        return self.by_stem(name.rsplit(".", 1)[0] if "." in name else name)

    def by_stem(self, stem: str) -> str | None:
        """A post by its file name without extension (Jekyll's `post_url` names posts so)."""
        if self._stems is None:
            self._stems = {}
            for rel, url in self.links.items():
                parts = rel.rsplit("/", 2)
                name = parts[-1].rsplit(".", 1)[0]
                if name in ("index", "_index") and len(parts) > 1:
                    name = parts[-2]
                self._stems.setdefault(name, []).append(url)
        found = self._stems.get(stem.strip().strip("/").rsplit("/", 1)[-1], [])
        return found[0] if len(found) == 1 else None

    def absolute(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


def _strip_underscore_folder(rel: str) -> str:
    """Jekyll's `_posts/x.md` (and any `_collection/`) is `posts/x.md` once imported."""
    first, sep, rest = rel.partition("/")
    return (first[1:] + sep + rest) if first.startswith("_") and sep else rel


@dataclass
class Shortcode:
    """One use of a shortcode in a page."""

    name: str
    args: list[Any]
    kwargs: dict[str, Any]
    inner: str | None  # None for a shortcode without a closing tag
    syntax: str  # "hugo" ({{< >}}), "hugo-markdown" ({{% %}}), "liquid" or "nunjucks"
    block: bool  # the tag stands alone on its line, so block-level output is safe
    page: dict[str, Any]  # the page's data as templates see it (url, title, date, front matter)
    page_rel: str
    site: ShortcodeSite
    line: int  # line in the source file
    warn: Callable[[str], None] = lambda message: None
    render_markdown: Callable[[str], str] = lambda text: text

    def get(self, key: int | str, default: Any = None) -> Any:
        """Hugo's `.Get`: a position (0, 1, ...) or a name; a name also matches by position
        nowhere, so `get("src", 0)` style fallbacks are written as `get("src") or get(0)`."""
        if isinstance(key, int):
            return self.args[key] if 0 <= key < len(self.args) else default
        return self.kwargs.get(key, default)

    def text(self, key: int | str, default: str = "") -> str:
        value = self.get(key)
        if value is None or value is False:
            return default
        return str(value)

    def first(self, *keys: int | str, default: str = "") -> str:
        """The first of several spellings that is given: `first("src", 0)`."""
        for key in keys:
            value = self.get(key)
            if value not in (None, ""):
                return str(value)
        return default

    @staticmethod
    def escape(value: Any) -> str:
        """Text for HTML content or a double-quoted attribute."""
        return str(_escape("" if value is None else str(value)))

"""Permalinks: turning a pattern or a literal into a safe site path.

A permalink is untrusted text from front matter, so the result is checked to stay inside the
site: no `..`, no backslashes, no control characters, no scheme. Eleventy posts may use a few
Nunjucks expressions in `permalink`; the common ones are understood, anything else is an error
rather than a silently wrong URL.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

_ELEVENTY_VARS = {
    "page.fileSlug": "slug", "fileSlug": "slug", "slug": "slug", "page.date.getFullYear()": "year",
    "title | slugify": "title_slug", "title | slug": "title_slug",
}
_NUNJUCKS = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_TOKEN = re.compile(r"\{([a-z_]+)\}")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\\]")


class PermalinkError(ValueError):
    pass


def expand(pattern: str, values: Mapping[str, str]) -> str:
    """Fill `{slug}`-style tokens (and known Eleventy `{{ page.fileSlug }}` forms)."""

    def nunjucks(match: re.Match[str]) -> str:
        name = _ELEVENTY_VARS.get(match.group(1))
        if name is None:
            raise PermalinkError(f"permalink expression '{{{{ {match.group(1)} }}}}' is not supported; "
                                 "use {slug}, {year}, {month}, {day} or {section}")
        return values[name]

    def token(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise PermalinkError(f"unknown permalink token '{{{match.group(1)}}}'; use {{slug}}, {{year}}, "
                                 "{month}, {day} or {section}")
        return values[match.group(1)]

    return _TOKEN.sub(token, _NUNJUCKS.sub(nunjucks, pattern))


def safe_site_path(path: str) -> str:
    """Normalise to "/a/b/" or "/a/b.html"; raise PermalinkError for anything that could escape."""
    if not isinstance(path, str) or not path.strip():
        raise PermalinkError("permalink is empty")
    if _BAD_CHARS.search(path) or "://" in path or path.startswith("//"):
        raise PermalinkError(f"permalink {path!r} must be a plain site path like /posts/my-post/")
    raw_parts = path.split("/")
    if ":" in next((part for part in raw_parts if part), ""):
        raise PermalinkError(f"permalink {path!r} must be a site path, not a drive or scheme")
    if any(part in ("..", ".") for part in raw_parts):
        raise PermalinkError(f"permalink {path!r} may not contain '.' or '..' segments")
    trailing = path.endswith("/") or "." not in raw_parts[-1]
    clean = posixpath.normpath("/" + path.strip("/"))
    if clean in ("/", "//"):
        return "/"
    return clean + "/" if trailing else clean

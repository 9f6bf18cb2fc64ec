"""Permalinks: turning a pattern or a literal into a safe site path.

A permalink is untrusted text from front matter, so the result is checked to stay inside the
site: no `..`, no backslashes, no control characters, no scheme. Eleventy posts may use a few
Nunjucks expressions in `permalink`; the common ones are understood, anything else is an error
rather than a silently wrong URL.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping
from typing import Any

_ELEVENTY_VARS = {
    "page.fileSlug": "slug", "fileSlug": "slug", "slug": "slug", "page.date.getFullYear()": "year",
    "title | slugify": "title_slug", "title | slug": "title_slug", "page.filePathStem": "file_path_stem",
}
NUNJUCKS = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
_TOKEN = re.compile(r"\{([a-z_]+)\}")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\\]")
# Jekyll's and Hugo's `:name` placeholders; `:title` is Jekyll's (the file's slug), Hugo's slugified
# title is `{title_slug}`.
_COLON = re.compile(r":(year|short_year|month|i_month|day|i_day|hour|minute|second|y_day|title|slug|"
                    r"slugorfilename|filename|contentbasename|categories|section|sections|output_ext|path)\b")
_COLON_NAMES = {"i_month": "i_month", "i_day": "i_day", "title": "slug", "slugorfilename": "slug",
                "filename": "slug", "contentbasename": "slug", "sections": "path", "output_ext": "output_ext"}
JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
# Liquid/Nunjucks `date` filter formats: strftime as it is, and Luxon's tokens Eleventy starters use
_LUXON = [("yyyy", "%Y"), ("yy", "%y"), ("LLLL", "%B"), ("LLL", "%b"), ("LL", "%m"), ("MM", "%m"),
          ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S")]
_DATE_FILTER = re.compile(r"""^(?P<var>[\w.]+)\s*\|\s*(?:date|dateFormat|postDate|readableDate|htmlDateString)"""
                          r"""(?:\s*[:(]\s*(?P<q>['"])(?P<fmt>[^'"]*)(?P=q)\s*\)?)?$""")
_VARIABLE = re.compile(r"^(?P<var>[A-Za-z_][\w.]*)(?P<filters>(?:\s*\|\s*[a-z_]+)*)$")


class PermalinkError(ValueError):
    pass


class UnsupportedExpression(PermalinkError):
    """A `{{ ... }}` artsite cannot evaluate (a global data value, a custom filter): unlike an unsafe
    path, the page can still be published, at its default address, with a warning."""


def strftime(moment: dt.datetime, fmt: str) -> str:
    """A date filter's format: strftime, or Luxon tokens (`yyyy/LL`) when no `%` is present."""
    if "%" not in fmt:
        for luxon, code in _LUXON:
            fmt = fmt.replace(luxon, code)
    return moment.strftime(fmt)


def lookup(name: str, data: Mapping[str, Any]) -> Any:
    """A dotted name (`page.fileSlug`, `title`, `site.title`) in the page's data, or None."""
    value: Any = data
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def render_expression(expression: str, data: Mapping[str, Any], slug: Any = None) -> str | None:
    """One `{{ ... }}` of the forms Eleventy and Jekyll sites write in permalinks and computed
    data: a variable with `slugify`/`slug`/`lower`/`upper`/`url` filters, or a date with a `date`
    format. None when the expression is not one of those (the caller reports it)."""
    match = _DATE_FILTER.match(expression)
    if match is not None:
        moment = lookup(match.group("var"), data)
        if not isinstance(moment, dt.datetime):
            return None
        return strftime(moment, match.group("fmt") or "%Y-%m-%d")
    match = _VARIABLE.match(expression)
    if match is None:
        return None
    value = lookup(match.group("var"), data)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    for name in [f.strip() for f in match.group("filters").split("|") if f.strip()]:
        if name in ("slugify", "slug"):
            text = slug(text) if slug is not None else text
        elif name == "lower":
            text = text.lower()
        elif name == "upper":
            text = text.upper()
        elif name not in ("url", "safe", "strip", "trim"):
            return None
    return text


def expand(pattern: str, values: Mapping[str, str], data: Mapping[str, Any] | None = None,
           slug: Any = None) -> str:
    """Fill `{slug}`-style tokens, Jekyll/Hugo `:year`-style placeholders, and Eleventy/Liquid
    `{{ page.fileSlug }}` or `{{ page.date | date: "%Y" }}` expressions (with `data`, the page's
    data with `page` in it)."""
    pattern = JEKYLL_STYLES.get(pattern, pattern)

    def nunjucks(match: re.Match[str]) -> str:
        name = _ELEVENTY_VARS.get(match.group(1))
        if name is not None and name in values:
            return values[name]
        rendered = render_expression(match.group(1), data, slug) if data is not None else None
        if rendered is None:
            raise UnsupportedExpression(f"permalink expression '{{{{ {match.group(1)} }}}}' is not supported; "
                                        "use {slug}, {year}, {month}, {day} or {section}")
        return rendered

    def colon(match: re.Match[str]) -> str:
        name = _COLON_NAMES.get(match.group(1), match.group(1))
        if name not in values:
            return match.group(0)
        return values[name]

    def token(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise PermalinkError(f"unknown permalink token '{{{match.group(1)}}}'; use {{slug}}, {{year}}, "
                                 "{month}, {day} or {section}")
        return values[match.group(1)]

    expanded = NUNJUCKS.sub(nunjucks, pattern)
    if ":" in expanded:
        expanded = _COLON.sub(colon, expanded)
    return _TOKEN.sub(token, expanded)


def date_values(date: dt.datetime) -> dict[str, str]:
    """Every date token a permalink may use."""
    return {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
            "short_year": f"{date.year % 100:02d}", "i_month": str(date.month), "i_day": str(date.day),
            "hour": f"{date.hour:02d}", "minute": f"{date.minute:02d}", "second": f"{date.second:02d}",
            "y_day": f"{date.timetuple().tm_yday:03d}"}


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


"""The filters Liquid (Jekyll, Eleventy) and Eleventy's Nunjucks posts use, for the Jinja sandbox.

Where a Liquid filter shares a name with a Jinja one but differs (`truncate`, `slice`, `sort`,
`map`, `default`), the Liquid meaning wins in Liquid pages. URL filters return site paths without
the base path: the Markdown stage adds the base path to every root-relative link, so adding it
here too would double it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

from generator.content.slugs import slugify

_LUXON = [("yyyy", "%Y"), ("YYYY", "%Y"), ("LLLL", "%B"), ("MMMM", "%B"), ("EEEE", "%A"), ("dddd", "%A"),
          ("LLL", "%b"), ("MMM", "%b"), ("EEE", "%a"), ("ddd", "%a"), ("yy", "%y"), ("YY", "%y"), ("LL", "%m"),
          ("MM", "%m"), ("dd", "%d"), ("DD", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"), ("L", "%-m"),
          ("M", "%-m"), ("d", "%-d"), ("D", "%-d")]


def to_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        if text in ("now", "today"):
            return dt.datetime.now(dt.timezone.utc)
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def date(value: Any, fmt: str = "%b %-d, %Y") -> str:
    """Liquid's strftime `date`; Eleventy sites' luxon/moment-style formats ("dd LLL yyyy") too."""
    moment = to_datetime(value)
    if moment is None:
        return "" if value is None else str(value)
    fmt = str(fmt)
    if "%" not in fmt:
        fmt = re.sub("|".join(re.escape(token) for token, _ in _LUXON),
                     lambda m: dict(_LUXON)[m.group(0)], fmt)
    try:
        return moment.strftime(fmt)
    except ValueError:
        return moment.isoformat()


def _seq(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [value]


def _field(item: Any, key: str) -> Any:
    for part in str(key).split("."):
        if isinstance(item, dict):
            item = item.get(part, item.get("data", {}).get(part) if isinstance(item.get("data"), dict) else None)
        else:
            item = getattr(item, part, None)
    return item


def where(items: Any, key: str, value: Any = None) -> list[Any]:
    return [i for i in _seq(items) if (_field(i, key) == value if value is not None else _field(i, key))]


def liquid_sort(items: Any, key: str | None = None) -> list[Any]:
    seq = _seq(items)
    return sorted(seq, key=lambda i: (_field(i, key) is None, str(_field(i, key)) if key else str(i)))


def liquid_map(items: Any, key: str) -> list[Any]:
    return [_field(i, key) for i in _seq(items)]


def liquid_slice(value: Any, offset: Any = 0, length: Any = None, reverse: bool = False) -> Any:
    seq = value if isinstance(value, str) else _seq(value)
    start = int(offset or 0)
    if start < 0:
        start = max(len(seq) + start, 0)
    part = seq[start:] if length is None else seq[start:start + int(length)]
    return part[::-1] if reverse else part


def liquid_default(value: Any, fallback: Any = "") -> Any:
    return fallback if value in (None, False, "", [], {}) or _undefined(value) else value


def _undefined(value: Any) -> bool:
    import jinja2

    return isinstance(value, jinja2.Undefined)


def truncate(value: Any, length: Any = 50, ellipsis: str = "...") -> str:
    text = str(value)
    length = int(length)
    return text if len(text) <= length else text[: max(length - len(ellipsis), 0)] + ellipsis


def truncatewords(value: Any, count: Any = 15, ellipsis: str = "...") -> str:
    words = str(value).split()
    return " ".join(words) if len(words) <= int(count) else " ".join(words[: int(count)]) + ellipsis


def _number(value: Any) -> float | int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(number) if number.is_integer() else number


def filters(absolute: Callable[[str], str], render_markdown: Callable[[str], str],
            liquid: bool) -> dict[str, Callable[..., Any]]:
    """The filter table; `absolute` makes a site path absolute, `render_markdown` is `markdownify`."""
    table: dict[str, Callable[..., Any]] = {
        "date": date,
        "readableDate": lambda v, fmt="dd LLL yyyy": date(v, fmt),
        "htmlDateString": lambda v: date(v, "%Y-%m-%d"),
        "date_to_xmlschema": lambda v: (to_datetime(v) or dt.datetime(1970, 1, 1)).isoformat(),
        "date_to_rfc822": lambda v: date(v, "%a, %d %b %Y %H:%M:%S %z"),
        "date_to_string": lambda v, *_: date(v, "%d %b %Y"),
        "date_to_long_string": lambda v, *_: date(v, "%d %B %Y"),
        "url": lambda v: str(v or ""),
        "relative_url": lambda v: "/" + str(v or "").lstrip("/") if not re.match(r"\w+:", str(v or "")) else str(v),
        "absolute_url": lambda v: str(v) if re.match(r"\w+:", str(v or "")) else absolute(str(v or "")),
        "slugify": lambda v, *_: slugify(str(v or "")),
        "slug": lambda v, *_: slugify(str(v or "")),
        "escape_once": lambda v: html.escape(html.unescape(str(v or ""))),
        "xml_escape": lambda v: html.escape(str(v or "")),
        "cgi_escape": lambda v: quote(str(v or ""), safe=""),
        "uri_escape": lambda v: quote(str(v or ""), safe="/:?&=#[]@!$'()*+,;"),
        "url_encode": lambda v: quote(str(v or ""), safe=""),
        "url_decode": lambda v: unquote(str(v or "")),
        "strip_html": lambda v: re.sub(r"<[^>]*>", "", str(v or "")),
        "strip_newlines": lambda v: str(v or "").replace("\r", "").replace("\n", ""),
        "newline_to_br": lambda v: str(v or "").replace("\n", "<br />\n"),
        "markdownify": lambda v: render_markdown(str(v or "")),
        "jsonify": lambda v: json.dumps(v, default=str, ensure_ascii=False),
        "dump": lambda v, *_: json.dumps(v, default=str, ensure_ascii=False),
        "json": lambda v, *_: json.dumps(v, default=str, ensure_ascii=False),
        "append": lambda v, s: f"{'' if v is None else v}{s}",
        "prepend": lambda v, s: f"{s}{'' if v is None else v}",
        "downcase": lambda v: str(v or "").lower(),
        "upcase": lambda v: str(v or "").upper(),
        "remove": lambda v, s: str(v or "").replace(str(s), ""),
        "remove_first": lambda v, s: str(v or "").replace(str(s), "", 1),
        "replace_first": lambda v, a, b="": str(v or "").replace(str(a), str(b), 1),
        "split": lambda v, sep=" ": str(v or "").split(str(sep)) if sep else list(str(v or "")),
        "size": lambda v: len(v) if hasattr(v, "__len__") else 0,
        "plus": lambda v, n: _number(v) + _number(n),
        "minus": lambda v, n: _number(v) - _number(n),
        "times": lambda v, n: _number(v) * _number(n),
        "divided_by": lambda v, n: (_number(v) // _number(n) if isinstance(_number(n), int) else _number(v) / _number(n))
        if _number(n) else 0,
        "modulo": lambda v, n: _number(v) % _number(n) if _number(n) else 0,
        "number_of_words": lambda v: len(str(v or "").split()),
        "truncatewords": truncatewords,
        "where": where,
        "uniq": lambda v: list(dict.fromkeys(_seq(v))),
        "compact": lambda v: [i for i in _seq(v) if i is not None],
        "concat": lambda v, other: _seq(v) + _seq(other),
        "strip": lambda v: str(v or "").strip(),
        "lstrip": lambda v: str(v or "").lstrip(),
        "rstrip": lambda v: str(v or "").rstrip(),
        "inspect": lambda v: repr(v),
        "log": lambda v, *_: "",
        "liquid_slice": liquid_slice,
        "limit": lambda v, n: _seq(v)[: int(n)],
        "head": lambda v, n: _seq(v)[: int(n)] if int(n) >= 0 else _seq(v)[int(n):],
    }
    if liquid:
        table.update({"truncate": truncate, "slice": liquid_slice, "sort": liquid_sort, "map": liquid_map,
                      "default": liquid_default, "capitalize": lambda v: str(v or "")[:1].upper() + str(v or "")[1:]})
    return table

"""The Jinja2 environment: theme lookup, site overrides, and the filters templates rely on.

Lookup order is the site's own `templates/`, then the theme; `theme:NAME` always names the theme's
file, so a site template can extend the very template it overrides. Autoescaping is on for every
template: values from image metadata reach templates and must never become markup.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from generator.content.dates import rfc3339
from generator.content.slugs import slugify
from generator.render.partials import render_partial
from generator.render.reads import RecordingEnvironment


def jsonld_script(items: list[dict[str, Any]] | dict[str, Any]) -> Markup:
    """JSON-LD that no value can break out of: `<`, `>` and `&` are escaped as JSON unicode."""
    if not items:
        return Markup("")
    data = items if isinstance(items, dict) else (items[0] if len(items) == 1 else items)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def format_date(value: dt.datetime | None, fmt: str = "%-d %B %Y") -> str:
    if value is None:
        return ""
    if "%-d" in fmt:  # portable day without padding
        fmt = fmt.replace("%-d", str(value.day))
    return value.strftime(fmt)


class LayeredBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process and on disk in the site's cache folder.

    Jinja keys bytecode by template file and checks the source checksum, so the theme's templates
    compile once per process however many sites it builds (tests, `artsite serve`), and once per
    site on disk across runs.
    """

    _memory: dict[str, bytes] = {}

    def __init__(self, folder: Path | None) -> None:
        self.disk = jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._memory.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:  # kept in memory too: serve makes an environment per rebuild
                self._memory[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._memory[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)


def make_environment(site_templates: Path, theme: Path, cache_dir: Path | None,
                     globals_: dict[str, Any]) -> jinja2.Environment:
    theme_templates = theme / "templates"
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(str(theme_templates))}, delimiter=":"),
        jinja2.FileSystemLoader([str(site_templates), str(theme_templates)]),
    ])
    folder = None
    if cache_dir is not None:
        folder = cache_dir / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
    bytecode = LayeredBytecodeCache(folder)
    # auto_reload off: one build never sees a template change mid-way, and checking every
    # template's mtime on every render costs thousands of stat calls per build.
    env = RecordingEnvironment(loader=loader, autoescape=True, bytecode_cache=bytecode, auto_reload=False,
                               undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update({"date": format_date, "isodate": lambda v: rfc3339(v) if v else "",
                        "jsonld_script": jsonld_script, "slugify": slugify})
    env.globals.update(globals_)
    env.globals["render_partial"] = render_partial
    return env


def url_helpers(base_url: str, base_path: str) -> dict[str, Callable[[str], str]]:
    """`url()` for hrefs (honours a subpath base_url) and `abs_url()` for canonical/feeds."""

    def url(path: str) -> str:
        if not path or "://" in path or path.startswith(("#", "mailto:", "data:")):
            return path
        return base_path + path.lstrip("/")

    def abs_url(path: str) -> str:
        if "://" in path:
            return path
        return base_url + path.lstrip("/")

    def asset(path: str) -> str:
        return url("/theme/" + path.lstrip("/"))

    return {"url": url, "abs_url": abs_url, "asset": asset}

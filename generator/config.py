"""`site.yaml`: defaults, schema validation that reports every problem at once, and `SiteConfig`.

The schema is declarative (JSON Schema) so that validation, `--strict` and the docs all come from
one place, and plugins extend it with the keys they own. Errors carry the line of the offending
key, found from the YAML node tree, so the message points where the artist must look.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import readlog
from generator.problems import Problems
from generator.readfile import read_regular_text
from generator.yamlsafe import YamlError, load_yaml_with_lines

CONFIG_FILE = "site.yaml"

DEFAULTS: dict[str, Any] = {
    "title": "My artsite",
    "description": "",
    "author": {"name": "", "url": "", "email": ""},
    "language": "en",
    "base_url": "http://localhost:8000/",
    "timezone": "UTC",
    "output": "_site",
    "cache_dir": ".artsite-cache",
    "theme": "default",
    "content_dir": "content",
    "static_dir": "static",
    "posts_dirs": ["posts", "blog", "post"],
    "permalinks": {"post": "/{path}/{slug}/", "page": "/{path}/{slug}/", "tag": "/tags/{slug}/"},
    "posts_per_page": 10,
    "home": {"works": 8, "layout": "grid", "posts": None},
    "gallery": {"thumbnails": "justified"},
    "feeds": {"atom": True, "json": True, "limit": 20, "full_content": True, "tags": True},
    "content_warnings": {"blur": "all"},
    "menu": [
        {"title": "Home", "url": "/"},
        {"title": "Galleries", "url": "/galleries/"},
        {"title": "Archive", "url": "/archive/"},
        {"title": "Tags", "url": "/tags/"},
        {"title": "About", "url": "/about/"},
        {"title": "Search", "url": "/search/"},
    ],
    "images": {
        "thumb_widths": [400, 800],
        "display_widths": [800, 1600],
        "formats": ["avif", "webp"],
        "avif_min_width": 1000,
        "webp_beside_avif": False,
        "quality": 80,
        "max_pixels": 100_000_000,
        "originals": "none",
        "keep_metadata": False,
        "time_limit": 10,  # CPU seconds one image may take to convert (issue 12: no file stalls a build over 10 s)
        "memory_limit": 1024,  # MB one image may take to convert
    },
    "markdown": {"engine": "fast"},
    "plugins": ["provenance", "openness", "consent", "aiuse", "reproduce", "search"],
    "license": None,
    "date_format": "%-d %B %Y",
    "taxonomies": ["tags", "categories"],
    "defaults": [],
    "slugs": {"keep_case": False, "unicode": False},
    "markdown_templates": "auto",
}

_STR = {"type": "string"}
_INT_LIST = {"type": "array", "items": {"type": "integer", "minimum": 16, "maximum": 10000}}

CORE_SCHEMA: dict[str, Any] = {
    # Whether prompts may be published: read by the core (loose images, image metadata, originals),
    # so the core owns it, whichever plugins are on.
    "show_prompt": {"type": "boolean"},
    "title": _STR,
    "description": _STR,
    "author": {
        "anyOf": [
            _STR,
            {"type": "object", "additionalProperties": False,
             "properties": {"name": _STR, "url": _STR, "email": _STR}},
        ]
    },
    "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
    "base_url": {"type": "string", "pattern": r"^https?://[^\s/]+(/[^\s]*)?$"},
    "timezone": _STR,
    "output": _STR,
    "cache_dir": _STR,
    "theme": _STR,
    "content_dir": _STR,
    "static_dir": _STR,
    "posts_dirs": {"type": "array", "items": _STR},
    "permalinks": {
        "type": "object", "additionalProperties": False,
        "properties": {"post": _STR, "page": _STR, "tag": _STR},
    },
    "posts_per_page": {"type": "integer", "minimum": 1, "maximum": 1000},
    "home": {
        "type": "object", "additionalProperties": False,
        "properties": {"works": {"type": "integer", "minimum": 0, "maximum": 100},
                       "layout": {"enum": ["grid", "hero"]},
                       "posts": {"type": ["integer", "null"], "minimum": 1, "maximum": 1000}},
    },
    "gallery": {
        "type": "object", "additionalProperties": False,
        "properties": {"thumbnails": {"enum": ["justified", "square"]}},
    },
    "content_warnings": {
        "type": "object", "additionalProperties": False,
        "properties": {"blur": {"oneOf": [{"enum": ["all", "none", True, False]},
                                          {"type": "array", "items": {"type": "string"}}]}},
    },
    "feeds": {
        "type": "object", "additionalProperties": False,
        "properties": {"atom": {"type": "boolean"}, "json": {"type": "boolean"},
                       "limit": {"type": "integer", "minimum": 1}, "full_content": {"type": "boolean"},
                       "tags": {"type": "boolean"}},
    },
    "menu": {
        "type": "array",
        "items": {"type": "object", "required": ["title", "url"], "additionalProperties": False,
                  "properties": {"title": _STR, "url": _STR}},
    },
    "images": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "thumb_widths": _INT_LIST, "display_widths": _INT_LIST,
            "formats": {"type": "array", "items": {"enum": ["avif", "webp"]}},
            "avif_min_width": {"type": "integer", "minimum": 0, "maximum": 10000},
            "webp_beside_avif": {"type": "boolean"},
            "quality": {"type": "integer", "minimum": 1, "maximum": 100},
            "max_pixels": {"type": "integer", "minimum": 1},
            "originals": {"enum": ["none", "exact", "clean"]},
            "keep_metadata": {"type": "boolean"},
            "time_limit": {"type": "number", "minimum": 1, "maximum": 3600},
            "memory_limit": {"type": "integer", "minimum": 128, "maximum": 65536},
        },
    },
    "markdown": {
        "type": "object", "additionalProperties": False,
        "properties": {"engine": {"enum": ["fast", "reference"]}},
    },
    "plugins": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [_STR, {"type": "object", "minProperties": 1, "maxProperties": 1}]}},
            {"type": "object"},
        ]
    },
    "license": {"type": ["string", "null"]},
    "date_format": _STR,
    "taxonomies": {
        "anyOf": [
            {"type": "array", "items": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"}},
            {"type": "object", "additionalProperties": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"}},
        ]
    },
    "defaults": {
        "type": "array",
        "items": {
            "type": "object", "required": ["values"], "additionalProperties": False,
            "properties": {
                "path": _STR,
                "scope": {"type": "object", "properties": {"path": _STR, "type": _STR}},
                "values": {"type": "object"},
            },
        },
    },
    "slugs": {
        "type": "object", "additionalProperties": False,
        "properties": {"keep_case": {"type": "boolean"}, "unicode": {"type": "boolean"}},
    },
    "markdown_templates": {"enum": ["auto", "liquid", "nunjucks", "hugo", "none"]},
}


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Defaults under the user's values; nested settings blocks merge key by key."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def plugin_entries(raw: Any) -> list[tuple[str, dict[str, Any]]]:
    """`plugins:` as a list of names, of {name: settings}, or a mapping; always (name, settings)."""
    if isinstance(raw, dict):
        return [(str(k), dict(v or {}) if isinstance(v, dict) else {}) for k, v in raw.items() if v is not False]
    entries = []
    for item in raw or []:
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, dict):
            for key, value in item.items():
                entries.append((str(key), dict(value) if isinstance(value, dict) else {}))
    return entries


@dataclass
class SiteConfig:
    """The validated settings; `data` holds every key (plugins read their own blocks from it)."""

    root: Path
    data: dict[str, Any]
    path: Path | None = None
    plugins: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lines: dict[tuple, int] = field(default_factory=dict)  # key path -> line in site.yaml, for located problems
    passed: tuple[Path, str] | None = None  # (memo file, key): settings that just passed the schema

    def remember_passed(self) -> None:
        """Note settings that passed the schema, so the next build can skip it. Called only once
        a build has succeeded: a refused build leaves no trace in the site folder."""
        if self.passed is None:
            return
        memo, key = self.passed
        # A few keys are kept: `serve` and `build` of one site validate different settings (the
        # preview's address), and each must not make the other import jsonschema again.
        kept = [line for line in _memo_keys(memo) if line != key][-(MEMO_KEYS - 1):]
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            memo.write_text("\n".join([*kept, key]) + "\n", encoding="ascii")
        except OSError:
            pass  # only the next build's speed depends on it

    def __getitem__(self, key: str) -> Any:
        if readlog.active is not None:  # a page is rendering: what it reads is what it depends on
            readlog.note("config", "", key)
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        if readlog.active is not None:
            readlog.note("config", "", key)
        return self.data.get(key, default)

    @property
    def content_dir(self) -> Path:
        return self.root / self.data["content_dir"]

    @property
    def output_dir(self) -> Path:
        return (self.root / self.data["output"]).resolve()

    @property
    def cache_dir(self) -> Path:
        return (self.root / self.data["cache_dir"]).resolve()

    @property
    def base_url(self) -> str:
        url = self.data["base_url"]
        return url if url.endswith("/") else url + "/"

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/blog/" for https://u.github.io/blog/), used for every href."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


VALID_MEMO = "site-yaml-valid"
MEMO_KEYS = 8  # settings that passed, remembered at once


def validate(data: dict[str, Any], schema: dict[str, Any], lines: dict[tuple, int], file: Path,
             problems: Problems, strict: bool, memo: Path | None = None) -> tuple[set[str], str]:
    """Check every key; each problem names site.yaml and the line of the key at fault.

    Returns the top-level keys whose values are invalid, so the build can go on with their defaults
    and still report every other problem in the site, not just the config's; and, when the schema
    was checked and passed, the key to remember that by. Settings that passed once are remembered
    in `memo` (a file in the cache folder): loading jsonschema costs more than a whole no-change
    build, and settings rarely change between builds.
    """
    passed = ""
    invalid: set[str] = set()
    key = _settings_key(data, schema) if memo is not None else ""
    if not key or not _memo_holds(memo, key):
        import jsonschema

        validator = jsonschema.Draft202012Validator({"type": "object", "properties": schema})
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            path = tuple(err.absolute_path)
            where = ".".join(map(str, path)) or "site.yaml"
            problems.error(f"{where}: {err.message}", file, _line_for(path, lines))
            if path:
                invalid.add(str(path[0]))
        if key and not invalid:
            passed = key
    for key in data:
        if key not in schema:
            message = f"unknown setting '{key}'" + _suggestion(key, schema)
            problems.add("error" if strict else "warning", message, file, lines.get((key,)))
    return invalid, passed


def _settings_key(data: dict[str, Any], schema: dict[str, Any]) -> str:
    import hashlib
    import json

    from generator import __version__

    text = json.dumps([__version__, data, schema], sort_keys=True, default=repr)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _memo_holds(memo: Path | None, key: str) -> bool:
    return memo is not None and key in _memo_keys(memo)


def _memo_keys(memo: Path) -> list[str]:
    try:
        return memo.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return []


def _line_for(path: tuple, lines: dict[tuple, int]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _suggestion(key: str, known: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_config(root: Path, problems: Problems, *, plugin_schema: dict[str, Any] | None = None,
                strict: bool = False, overrides: dict[str, Any] | None = None,
                remember: bool = False) -> SiteConfig:
    """Read `site.yaml` in `root` (optional: defaults apply without it) and validate it; with
    `remember`, settings that passed the schema before skip it (see SiteConfig.remember_passed)."""
    path = root / CONFIG_FILE
    user: dict[str, Any] = {}
    lines: dict[tuple, int] = {}
    if path.exists():
        try:
            loaded, lines = load_yaml_with_lines(read_regular_text(path))
        except YamlError as exc:
            problems.error(exc.message, path, exc.line, exc.column)
            loaded = {}
        except OSError as exc:
            problems.error(f"cannot read: {exc.strerror or exc}", path)
            loaded = {}
        except UnicodeDecodeError as exc:
            problems.error(f"cannot read: {exc}", path)
            loaded = {}
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            problems.error("site.yaml must be a mapping of settings (key: value)", path, 1)
            loaded = {}
        user = loaded
    # Command-line overrides (--base-url) are checked like the settings they replace.
    user = {**user, **{key: value for key, value in (overrides or {}).items() if value is not None}}
    schema = {**CORE_SCHEMA, **(plugin_schema or {})}
    cache_dir = user.get("cache_dir") if isinstance(user.get("cache_dir"), str) else DEFAULTS["cache_dir"]
    memo = root / cache_dir / VALID_MEMO if remember else None
    invalid, passed = validate(user, schema, lines, path, problems, strict, memo)
    data = deep_merge(DEFAULTS, {k: v for k, v in user.items() if k in schema and k not in invalid})
    data.update({k: v for k, v in user.items() if k not in schema})
    if isinstance(data.get("author"), str):
        data["author"] = {"name": data["author"], "url": "", "email": ""}
    config = SiteConfig(root=root, data=data, path=path if path.exists() else None,
                        plugins=plugin_entries(data.get("plugins")))
    config.lines = lines
    if passed and memo is not None:
        config.passed = (memo, passed)
    check_values(config, problems)
    return config


def check_values(config: SiteConfig, problems: Problems) -> None:
    """Values the schema cannot judge: the time zone, folders, link addresses and permalinks."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from generator.content.permalinks import PermalinkError, expand, safe_site_path

    try:
        ZoneInfo(config["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        problems.error(f"timezone: unknown time zone '{config['timezone']}' (use a name like Europe/Amsterdam "
                       "or UTC)", config.path, config.lines.get(("timezone",)))
    check_cache_dir(config, problems)
    check_links(config, problems)
    import datetime as dt

    from generator.content.permalinks import date_values

    sample = {"slug": "x", **date_values(dt.datetime(2025, 1, 1)), "section": "s", "path": "p", "title_slug": "x",
              "categories": "c", "output_ext": ".html", "file_path_stem": "/p/x"}
    for kind, pattern in config["permalinks"].items():
        try:
            safe_site_path(expand(pattern, {"slug": "x"} if kind == "tag" else sample))
        except (PermalinkError, KeyError) as exc:
            problems.error(f"permalinks.{kind}: {exc}", config.path, config.lines.get(("permalinks", kind)))
            config.data["permalinks"][kind] = DEFAULTS["permalinks"][kind]


def check_cache_dir(config: SiteConfig, problems: Problems) -> None:
    """The cache holds every draft's text and every hidden prompt (build-cache.pickle), so it
    must never be published: not the site folder itself, nor inside content/ or the output."""
    cache, root = config.cache_dir, config.root.resolve()
    content, output = config.content_dir.resolve(), config.output_dir

    def within(folder: Path) -> bool:
        return cache == folder or folder in cache.parents

    reason = ("is the site folder" if cache == root else
              "is inside the content folder, so it would be published" if within(content) else
              "is inside the output folder, so it would be published" if within(output) else
              "contains the content folder" if cache in content.parents else None)
    if reason is not None:
        problems.error(f"cache_dir: '{config['cache_dir']}' {reason}; the cache holds drafts and hidden prompts. "
                       "Use a folder of its own, like .artsite-cache", config.path, config.lines.get(("cache_dir",)))
        config.data["cache_dir"] = DEFAULTS["cache_dir"]


LINK_SCHEMES = ("http://", "https://", "mailto:")


def link_problem(url: str, relative: bool) -> str | None:
    """Why `url` may not become a link, or None: only http, https and mailto addresses (and, where
    `relative`, site paths) are allowed, whatever the case or the spaces around the scheme."""
    squeezed = "".join(ch for ch in url if ch > " ").lower()
    if not squeezed or squeezed.startswith(LINK_SCHEMES):
        return None
    if relative and not squeezed.startswith("//") and ":" not in squeezed.split("/", 1)[0].split("?", 1)[0] \
            .split("#", 1)[0]:
        return None
    return f"'{url}' is not an http, https or mailto address" + (" or a site path like /about/" if relative else "")


def check_links(config: SiteConfig, problems: Problems) -> None:
    """Addresses from site.yaml that the theme prints as links (the author's, the menu's): a
    `javascript:` one would run in every visitor's browser, from every page's footer."""
    author = config.get("author")
    if isinstance(author, dict) and isinstance(author.get("url"), str):
        why = link_problem(author["url"], relative=False)
        if why:
            problems.error(f"author.url: {why}", config.path, config.lines.get(("author", "url")))
            author["url"] = ""
    menu = config.get("menu")
    for index, item in enumerate(menu if isinstance(menu, list) else []):
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            why = link_problem(item["url"], relative=True)
            if why:
                problems.error(f"menu.{index}.url: {why}", config.path, _line_for(("menu", index, "url"), config.lines))
                item["url"] = "/"

"""Addresses a blog's own generator gave its posts, for a blog copied into a site as it is.

A Jekyll or Hugo blog moved into `content/` without `artsite import` should still answer at its
old addresses: those are what readers, search engines and other sites link to. The source
generator's config says what they are, so it is read (never run) when site.yaml sets no post
permalink of its own:

- Jekyll: `_config.yml` beside `_posts/` (in `content/` or the site folder), its `permalink` style
  or pattern and its `timezone`; without a config, Jekyll's default `date` style.
- Hugo: `hugo.toml` (or `config.toml`, YAML, JSON, `config/_default/`) in the site folder, its
  `[permalinks]` per section and `uglyURLs`, computed exactly as `artsite import hugo` pins them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.hugo_rules import CONFIG_NAMES as HUGO_CONFIGS
from generator.content.hugo_rules import old_url, read_config, section_permalinks
from generator.content.permalinks import JEKYLL_STYLES

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
MAX_CONFIG_BYTES = 256 * 1024


@dataclass(frozen=True)
class JekyllAddresses:
    """What a copied-in Jekyll blog's `_config.yml` says about its posts' addresses."""

    pattern: str
    timezone: str  # "" when _config.yml names none


def pretty_slug(text: str, cased: bool = True) -> str:
    """Jekyll's `slugify(mode: "pretty")`, as `:title` uses it."""
    slug = re.sub(r"[^\w._~!$&'()+,;=@-]+", "-", text).strip("-")
    return slug if cased else slug.lower()


class _Unreported:
    """A copied-in config that cannot be read only means its addresses are not followed."""

    def add(self, file: str, line: int | None, what: str, todo: str) -> None:
        return None


def jekyll_slug(text: str) -> str:
    """Jekyll's `:title`: the file name's (or `slug:`'s) pretty slug, case kept (`Why-I-Love-X`)."""
    return pretty_slug(text, cased=True)


def jekyll_addresses(folders: Iterable[Path]) -> JekyllAddresses | None:
    """The address pattern and time zone for posts in `_posts`/`_drafts`; None when
    `_config.yml` cannot be read or its permalink is not a path."""
    from generator.yamlsafe import YamlError, load_yaml

    for folder in folders:
        for name in JEKYLL_CONFIGS:
            path = folder / name
            if not path.is_file() or path.stat().st_size > MAX_CONFIG_BYTES:
                continue
            try:
                data = load_yaml(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, YamlError):
                return None
            data = data if isinstance(data, dict) else {}
            permalink = str(data.get("permalink") or "date")
            pattern = JEKYLL_STYLES.get(permalink, permalink)
            if not pattern.startswith("/"):
                return None
            return JekyllAddresses(pattern, str(data.get("timezone") or ""))
    return JekyllAddresses(JEKYLL_STYLES["date"], "")  # a `_posts` folder without a config: Jekyll's default


@dataclass(frozen=True)
class HugoAddresses:
    """The address Hugo gave a page in a section with a `[permalinks]` pattern (its repr is part
    of the page cache key, so editing the config re-reads the pages)."""

    permalinks: tuple[tuple[str, str], ...]
    ugly: bool

    def __call__(self, rel: str, data: dict[str, Any]) -> str | None:
        section = rel.split("/", 1)[0] if "/" in rel else ""
        links = dict(self.permalinks)
        return old_url(rel, data, links, self.ugly) if section in links else None


def hugo_addresses(root: Path) -> HugoAddresses | None:
    """Hugo's addresses for a site folder holding a Hugo config with permalinks; None otherwise
    (a `config.yaml` of something else has no `baseURL` and `permalinks`)."""
    names = [name for name in HUGO_CONFIGS if (root / name).is_file()]
    if not names and not (root / "config" / "_default").is_dir():
        return None
    if any((root / name).stat().st_size > MAX_CONFIG_BYTES for name in names):
        return None
    config, _ = read_config(root, _Unreported())
    permalinks = section_permalinks(config)
    if not permalinks or "baseurl" not in config:
        return None
    return HugoAddresses(tuple(sorted(permalinks.items())), bool(config.get("uglyurls")))

"""The AI-crawler list: one data file, checked on load, extended or trimmed by site.yaml.

The list lives in `crawlers.yaml` rather than in code so that it can be reviewed like a document:
every token carries who runs it, why it crawls and where that was read. Robots groups are built
from it here, so the robots.txt output and the documentation can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

PURPOSES = ("training", "ai-data", "ai-search", "user-fetch")
DEFAULT_BLOCK = ("training", "ai-data", "ai-search")
SOURCE_KINDS = ("operator", "secondary", "site")
REQUIRED = ("user_agent", "operator", "purpose", "source", "checked")
_MAX_TOKEN = 100


class CrawlerDataError(ValueError):
    """The data file (or a site.yaml extension) is malformed; the message names the entry."""


@dataclass(frozen=True)
class Crawler:
    user_agent: str
    operator: str
    purpose: str
    source: str
    checked: str
    source_kind: str = "operator"
    note: str = ""
    block: bool = False  # disallowed whatever the purposes filter says

    def blocked_by(self, purposes: tuple[str, ...]) -> bool:
        return self.block or self.purpose in purposes


def _valid_token(token: Any) -> bool:
    """robots.txt product tokens: no line breaks, no '#', nothing that could start a new directive."""
    return (isinstance(token, str) and 0 < len(token.strip()) <= _MAX_TOKEN
            and not any(ch in token for ch in "\r\n#:") and token == token.strip())


def parse_entry(raw: Any, where: str, *, defaults: dict[str, Any] | None = None) -> Crawler:
    """One entry, validated; `defaults` fills gaps for site.yaml extensions."""
    if not isinstance(raw, dict):
        raise CrawlerDataError(f"{where}: each crawler must be a mapping with a user_agent")
    entry = {**(defaults or {}), **raw}
    missing = [key for key in REQUIRED if entry.get(key) in (None, "")]
    if missing:
        raise CrawlerDataError(f"{where}: missing {', '.join(missing)}")
    if not _valid_token(entry["user_agent"]):
        raise CrawlerDataError(f"{where}: user_agent {entry['user_agent']!r} is not a robots.txt token")
    if entry["purpose"] not in PURPOSES:
        raise CrawlerDataError(f"{where}: purpose must be one of {', '.join(PURPOSES)}")
    kind = entry.get("source_kind", "operator")
    if kind not in SOURCE_KINDS:
        raise CrawlerDataError(f"{where}: source_kind must be one of {', '.join(SOURCE_KINDS)}")
    checked = entry["checked"]
    if isinstance(checked, str):
        try:
            checked = dt.date.fromisoformat(checked)
        except ValueError as exc:
            raise CrawlerDataError(f"{where}: checked must be a date (YYYY-MM-DD)") from exc
    if not isinstance(checked, dt.date):
        raise CrawlerDataError(f"{where}: checked must be a date (YYYY-MM-DD)")
    return Crawler(user_agent=entry["user_agent"], operator=str(entry["operator"]), purpose=entry["purpose"],
                   source=str(entry["source"]), checked=checked.isoformat(), source_kind=kind,
                   note=str(entry.get("note") or ""), block=entry.get("block") is True)


def parse_list(raw: Any, where: str = "crawlers.yaml") -> tuple[Crawler, ...]:
    items = raw.get("crawlers") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise CrawlerDataError(f"{where}: expected a non-empty 'crawlers:' list")
    crawlers = tuple(parse_entry(item, f"{where} entry {i + 1}") for i, item in enumerate(items))
    seen: set[str] = set()
    for crawler in crawlers:
        key = crawler.user_agent.lower()
        if key in seen:
            raise CrawlerDataError(f"{where}: {crawler.user_agent} is listed twice")
        seen.add(key)
    return crawlers


@lru_cache(maxsize=1)
def known_crawlers() -> tuple[Crawler, ...]:
    """The built-in list; read once per process."""
    text = resources.files("generator.consent").joinpath("crawlers.yaml").read_text(encoding="utf-8")
    return parse_list(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))  # noqa: S506


def site_crawlers(extra: list[Any] | None, exclude: list[str] | None,
                  today: dt.date | None = None) -> tuple[tuple[Crawler, ...], list[str]]:
    """The built-in list plus the site's own entries, minus excluded tokens; also the problems found.

    A site entry needs only `user_agent`: it is blocked whatever its purpose, because the artist
    named it on purpose. Problems are returned, not raised, so one bad entry costs only itself.
    """
    problems: list[str] = []
    excluded = {str(token).lower() for token in exclude or []}
    crawlers = [c for c in known_crawlers() if c.user_agent.lower() not in excluded]
    present = {c.user_agent.lower() for c in crawlers}
    defaults = {"operator": "(named in site.yaml)", "purpose": "training", "source": "site.yaml",
                "source_kind": "site", "checked": (today or dt.date.today()).isoformat(), "block": True}
    for i, raw in enumerate(extra or []):
        if isinstance(raw, str):
            raw = {"user_agent": raw}
        try:
            crawler = parse_entry(raw, f"ai_training.crawlers[{i}]", defaults=defaults)
        except CrawlerDataError as exc:
            problems.append(str(exc))
            continue
        if crawler.user_agent.lower() in present:
            continue
        present.add(crawler.user_agent.lower())
        crawlers.append(crawler)
    unknown = excluded - {c.user_agent.lower() for c in known_crawlers()}
    problems.extend(f"ai_training.exclude: '{token}' is not in the built-in crawler list" for token in sorted(unknown))
    return tuple(crawlers), problems


def robots_group(crawlers: tuple[Crawler, ...] | list[Crawler], purposes: tuple[str, ...]) -> str:
    """One robots.txt group naming every blocked token (RFC 9309 allows several user-agent lines)."""
    blocked = [c for c in crawlers if c.blocked_by(purposes)]
    if not blocked:
        return ""
    lines = ["# AI training reserved by the artist; see /.well-known/tdmrep.json"]
    lines += [f"User-agent: {c.user_agent}" for c in blocked]
    lines.append("Disallow: /")
    return "\n".join(lines)

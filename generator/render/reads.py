"""What a page's render read, recorded, so that its dependencies are derived, not declared.

While one page renders (its `on_page_context` hooks, its template, its `on_page_html` hooks), a
`ReadLog` is active. The Jinja environment (`RecordingEnvironment`) notes every attribute or item
a template looks up on another page, a work, a gallery or the `site` values; `SiteConfig` notes
every setting Python code reads; `UrlSet` notes every "is this address published?" question.
The page's own fields are not logged: they are hashed whole, since plugins read them in Python.

The next build hashes the *current* answers to the same reads (`Answers.digest`); when they, the
page's own fields and its templates are unchanged, the page is reused unrendered. So editing a
post's title re-renders the pages that showed that title, and a change to `date_format`
re-renders the pages whose templates printed a date, and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from markupsafe import Markup

from generator import readlog
from generator.content.model import Page, Tag
from generator.galleries.model import Gallery, Work
from generator.readlog import Read, note


def tracked_key(obj: Any) -> tuple[str, str] | None:
    """(kind, key) of an object whose reads are logged, found again by that key next build."""
    kind = type(obj)
    tracked = _TRACKED.get(kind)
    return None if tracked is None else (tracked, _key_of(kind, obj))


def _note_access(obj: Any, attribute: Any) -> None:
    log = readlog.active
    if log is None or obj is log.own or not isinstance(attribute, str):
        return
    found = tracked_key(obj)
    if found is not None:
        log.reads.add((found[0], found[1], attribute))


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that logs what templates look up on tracked objects.

    Every `{{ x.y }}` of every template goes through `getattr`, about 170 times a page, so it
    is written for speed: one dictionary lookup decides whether `x` is tracked, and a setting of
    `site` (a dict, where Jinja's own lookup first fails an attribute lookup and catches the
    AttributeError) is read as the item it is. What it returns is what Jinja's would."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        tracked = _TRACKED.get(kind)
        if tracked is not None:
            log = readlog.active
            if log is not None and obj is not log.own:
                log.reads.add((tracked, _key_of(kind, obj), attribute))
            if kind is SiteValues and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _note_access(obj, argument)
        return super().getitem(obj, argument)


class SiteValues(dict[str, Any]):
    """The `site` variable of templates: settings plus computed values; its reads are logged.
    `partials` holds this build's rendered partials (generator.render.partials)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partials: dict[Any, Any] = {}


_MASK = (1 << 128) - 1
_TRACKED: dict[type, str] = {Page: "page", Work: "work", Gallery: "gallery", SiteValues: "site"}
_DICT_ATTRIBUTES = frozenset(dir(SiteValues))  # `site.items` is the method, as in Jinja


def _key_of(kind: type, obj: Any) -> str:
    """The key of a tracked object of type `kind`: how the next build finds it again."""
    if kind is Page:
        return obj.url or obj.rel or obj.kind
    if kind is Work:
        return obj.rel
    if kind is Gallery:
        return obj.name
    return ""


class UrlSet(frozenset[str]):
    """Every published address; `"/x/" in site.urls` is logged as a read of that one answer."""

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            note("url", "", item)
        return super().__contains__(item)

    def __iter__(self) -> Iterator[str]:  # a template that lists them all depends on them all
        note("url", "", "*")
        return super().__iter__()

    def __len__(self) -> int:
        note("url", "", "*")
        return super().__len__()


def value_text(value: Any, depth: int = 0) -> str:
    """A stable text for a value a page read: tracked objects by their key (their own reads are
    logged separately), containers and dataclasses by their contents. A value with no stable
    text (an object that prints its address) gets a text that differs every time, so the page
    that read it is always rendered: never stale, only slower."""
    kind = type(value)
    if kind is str or kind is Markup:  # the common case first, and without copying the text
        return value
    if value is None or kind is bool or kind is int or kind is float:
        return "\x00" + repr(value)  # never equal to a string a page shows
    # Exact types next: a page's signature asks for ~30 values, and the checks below are a chain
    if kind is Page:
        return f"<page:{_key_of(Page, value)}>"
    if kind is Tag:
        return f"<tag:{value.name}|{value.slug}|{value.url}>"
    if (kind is list or kind is tuple) and depth <= 8:
        return "[" + ",".join(value_text(item, depth + 1) for item in value) + "]"
    if isinstance(value, UrlSet):  # only what is asked of it counts (see UrlSet)
        return "<urls>"
    found = tracked_key(value)
    if found is not None and found[0] != "site":
        return f"<{found[0]}:{found[1]}>"
    if depth > 8:
        return "<deep>"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Tag):
        return f"<tag:{value.name}|{value.slug}|{value.url}>"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(value_text(item, depth + 1) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(value_text(item, depth + 1) for item in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{value_text(k, depth + 1)}:{value_text(v, depth + 1)}"
                              for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__ + "(" + ",".join(
            value_text(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value)) + ")"
    if hasattr(value, "to_json"):
        return type(value).__name__ + value_text(value.to_json(), depth + 1)
    text = repr(value)
    return f"<unstable {id(value)} {dt.datetime.now().timestamp()}>" if " at 0x" in text else text


class Answers:
    """This build's answers to recorded reads, each worked out once per build."""

    def __init__(self, pages: Iterable[Page], works: Iterable[Work], galleries: Iterable[Gallery],
                 site: SiteValues, config: Any) -> None:
        self._objects: dict[tuple[str, str], Any] = {("site", ""): site}
        for kind, items in (("page", pages), ("work", works), ("gallery", galleries)):
            for item in items:
                found = tracked_key(item)
                if found is not None:
                    self._objects.setdefault((kind, found[1]), item)
        self._site, self._config = site, config
        self._memo: dict[Read, str] = {}
        self._hashes: dict[Read, int] = {}

    def answer(self, read: Read) -> str:
        text = self._memo.get(read)
        if text is None:
            text = self._memo[read] = self._work_out(read)
        return text

    def _work_out(self, read: Read) -> str:
        kind, key, attribute = read
        if kind == "url":
            urls = self._site.get("urls", frozenset())
            if attribute == "*":
                return "\x1e".join(sorted(frozenset.__iter__(urls)))
            return str(frozenset.__contains__(urls, attribute))
        if kind == "config":
            return value_text(self._config.data.get(attribute, "<unset>"))
        obj = self._objects.get((kind, key))
        if obj is None:
            return "<gone>"
        if isinstance(obj, dict):
            return value_text(obj[attribute]) if attribute in obj else "<unset>"
        value = getattr(obj, attribute, "<unset>")
        if callable(value) and not isinstance(value, type):  # a method (work.setting): what it may read
            fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
            linked = {name: getattr(item, "data", None) for name, item in fields.items() if tracked_key(item)}
            return value_text([fields, linked])
        return value_text(value)

    def text(self, reads: Iterable[Read]) -> str:
        """The answers to these reads, as one text to hash into the page's signature.

        Each read with its answer is hashed once per build (pages share most of their reads),
        and a page's reads are combined by adding those 128-bit hashes: the sum does not depend
        on the order, so the reads need no sorting, and a page's text costs one lookup and one
        addition a read. A set holds each read once, so a sum of distinct random hashes stands
        for the set as well as a hash of its sorted lines would."""
        hashes = self._hashes
        try:
            total = sum(map(hashes.__getitem__, reads))  # a loop in C, once `prepare` has run
        except KeyError:
            self.prepare(reads)
            total = sum(map(hashes.__getitem__, reads))
        return f"{total & _MASK:032x}"

    def prepare(self, reads: Iterable[Read]) -> None:
        """Hash these reads with their answers now: the build hands over every page's reads at
        once, so that `text` finds each one hashed."""
        hashes = self._hashes
        for read in reads:
            if read not in hashes:
                line = f"{read[0]}|{read[1]}|{read[2]}={self.answer(read)}"
                hashes[read] = int.from_bytes(
                    hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=16).digest(), "big")

"""The build cache: parsed front matter, rendered Markdown and page signatures, by content hash.

It is what makes a no-change rebuild cheap: files whose size and mtime are unchanged are not
re-read or re-parsed, Markdown whose text and link map are unchanged is not re-rendered, and pages
whose inputs all hash the same are hard-linked from the previous output instead of rendered. It
is one pickle file in the cache folder; a missing or damaged cache only costs time, never
correctness, because every entry is keyed by what it was computed from.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__

CACHE_FILE = "build-cache.pickle"
LAST_FILE = "last-build.pickle"  # the no-change check's record, apart so that check reads little
FORMAT = 8
MAX_CODE_BLOCKS = 20_000  # about 40 MB of highlighted code at most


@dataclass(slots=True)
class FileEntry:
    """A source file as last read: valid while its mtime and size are unchanged."""

    mtime_ns: int
    size: int
    digest: str  # content_hash of its bytes, which later caches key on
    parsed: Any  # its front matter and body as split by content.pages.parse_source


@dataclass(slots=True)
class ReadPage:
    """A page as read from its file, with the problems reading it found (reported again on reuse)."""

    page: Any  # generator.content.model.Page, or None when the file could not be made a page
    problems: list[Any]


@dataclass(slots=True)
class MarkdownEntry:
    """One page's rendered Markdown and what the render found and depended on."""

    html: str
    broken: list[str]  # links that lead nowhere, reported as warnings on every build
    excerpt: str
    site_links: list[str]  # root-relative links, checked against the output once it is written
    seen: dict[str, Any]  # the link targets the render looked up, with their answers then
    content_key: str = ""  # a hash of everything the HTML depends on (see markdown_stage)


@dataclass(slots=True)
class LastBuild:
    """The last successful build into one output folder, for the no-change check (fastpath)."""

    fingerprint: str
    pages: int
    works: int
    images: int
    problems: list[tuple[str, str, Any, Any, Any]]  # (severity, message, file, line, column), replayed


def digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


class BuildCache:
    """The build cache, read from disk on first use.

    The record of the last build per output folder lives in a small file of its own
    (`last-build.pickle`), so the no-change check reads a few hundred bytes instead of the
    whole cache; the cache itself is read only when a build goes on to do work."""

    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self._data: dict[str, dict[str, Any]] | None = None
        self._last: dict[str, LastBuild] | None = None
        self.used_markdown: set[str] = set()
        self.used_files: set[str] = set()
        self._packed: dict[int, tuple[Any, Any, bytes]] = {}  # id(page) -> (page, problems, its pickle)

    @property
    def data(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            self._data = {"files": {}, "markdown": {}, "pages": {}, "plugins": {}, "read": {}, "reads": {},
                          "code": {}}
            stored = self._read(CACHE_FILE) if self.enabled else None
            if stored is not None:
                self._data.update(stored)
        return self._data

    def _read(self, name: str) -> Any:
        """What a file of this cache holds, or None when it is missing, damaged or from another version."""
        try:
            with open(self.folder / name, "rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 - our own file in the site's cache folder
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            return None
        if isinstance(stored, dict) and stored.get("format") == (FORMAT, __version__):
            return stored.get("data")
        return None

    def _write(self, name: str, data: Any) -> None:
        tmp = self.folder / (name + ".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump({"format": (FORMAT, __version__), "data": data}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / name)

    def save(self) -> None:
        if not self.enabled:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._data is not None:  # a build that stopped at the no-change check changed nothing here
            # Only what this build used is kept: renamed, deleted and changed files do not pile up.
            data = self._data
            data["markdown"] = {k: v for k, v in data["markdown"].items() if k in self.used_markdown}
            data["files"] = {k: v for k, v in data["files"].items() if k in self.used_files}
            if len(data["code"]) > MAX_CODE_BLOCKS:  # blocks of deleted posts: start again from the site's
                data["code"] = {}
            self.used_markdown, self.used_files = set(), set()  # a process that keeps this cache starts afresh
            # Read pages are saved each as its own pickle, and one unchanged since it was loaded
            # is saved as the very bytes it was loaded from: pickling a thousand pages again was
            # most of the time a one-post edit spent saving the cache.
            packed = {key: self._pack(entry) for key, entry in data["read"].items()}
            self._write(CACHE_FILE, {**data, "read": packed})
            kept = {id(entry.page) for entry in data["read"].values() if isinstance(entry, ReadPage)}
            self._packed = {ident: known for ident, known in self._packed.items() if ident in kept}
        if self._last is not None:
            self._write(LAST_FILE, self._last)

    def file_entry(self, path: Path) -> tuple[os.stat_result, FileEntry | None]:
        """The file's stat, and its cached entry if its size and mtime have not changed."""
        stat = path.stat()
        self.used_files.add(str(path))
        entry: FileEntry | None = self.data["files"].get(str(path))
        if entry and entry.mtime_ns == stat.st_mtime_ns and entry.size == stat.st_size:
            return stat, entry
        return stat, None

    def store_file(self, path: Path, entry: FileEntry) -> None:
        self.used_files.add(str(path))
        self.data["files"][str(path)] = entry

    def read_pages(self) -> ReadPages:
        """The pages the last build read, by (file, kind, hash, mtime, reader settings)."""
        return ReadPages(self.data["read"], self._packed)

    def keep_read_pages(self, read: dict[tuple[Any, ...], ReadPage]) -> None:
        """Only this build's pages are kept, so the cache never grows past the site."""
        self.data["read"] = read

    def _pack(self, entry: ReadPage | bytes) -> bytes:
        if isinstance(entry, bytes):
            return entry
        known = self._packed.get(id(entry.page))
        if known is not None and known[0] is entry.page and known[1] is entry.problems:
            return known[2]
        return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)

    def _last_builds(self) -> dict[str, LastBuild]:
        if self._last is None:
            stored = self._read(LAST_FILE) if self.enabled else None
            self._last = stored if isinstance(stored, dict) else {}
        return self._last

    def last_build(self, output: Path) -> LastBuild | None:
        return self._last_builds().get(str(output))

    def remember_build(self, output: Path, record: LastBuild | None) -> None:
        if record is None:
            self._last_builds().pop(str(output), None)
        else:
            self._last_builds()[str(output)] = record

    def markdown(self, key: str) -> MarkdownEntry | None:
        self.used_markdown.add(key)
        return self.data["markdown"].get(key)

    def store_markdown(self, key: str, entry: MarkdownEntry) -> None:
        self.used_markdown.add(key)
        self.data["markdown"][key] = entry

    def code_blocks(self) -> dict[str, str]:
        """Highlighted code blocks by generator.render.htmlparts.block_key, kept between builds."""
        return self.data["code"]

    def plugin_store(self, name: str) -> dict[str, Any]:
        """A plugin's own corner of the cache, kept between builds; a plugin keys its entries by
        what they were computed from, as the core does, and prunes what it no longer uses."""
        return self.data["plugins"].setdefault(name, {})

    def page_signature(self, output: Path, rel: str) -> str | None:
        """Signatures are kept per output folder, so `serve`, `check` and `build` don't undo each other."""
        return self.data["pages"].get(str(output), {}).get(rel)

    def page_reads(self, output: Path, rel: str) -> frozenset[tuple[str, str, str]] | None:
        """What rendering this page read last time (see generator.render.reads)."""
        return self.data["reads"].get(str(output), {}).get(rel)

    def set_page_signatures(self, output: Path, signatures: dict[str, str],
                            reads: dict[str, frozenset[tuple[str, str, str]]]) -> None:
        self.data["pages"][str(output)] = signatures
        self.data["reads"][str(output)] = _shared(reads, self.data["reads"].get(str(output), {}))


def _shared(reads: dict[str, frozenset[tuple[str, str, str]]],
            before: dict[str, frozenset[tuple[str, str, str]]]) -> dict[str, frozenset[tuple[str, str, str]]]:
    """The same reads, with equal reads and equal sets of reads made one object. Pages read mostly
    the same things (50,000 reads, 8,000 distinct, for 1,370 pages), and pickle writes an object
    it has seen as a reference: the reads then cost 4 ms to save and 12 ms to load, not 28 and 32.
    A page reused unrendered keeps the very set it had (loaded shared), so only the pages rendered
    this build are looked through: a one-post edit shares a few sets, not every page's."""
    one: dict[Any, Any] = {}
    shared = {}
    for rel, group in reads.items():
        if before.get(rel) is group:
            shared[rel] = group
            continue
        found = one.get(group)
        if found is None:
            found = one[group] = frozenset(one.setdefault(read, read) for read in group)
        shared[rel] = found
    return shared


class ReadPages(Mapping[tuple[Any, ...], ReadPage]):
    """The pages the last build read, each unpickled when the build asks for it, and remembered
    with its bytes so that saving it unchanged costs nothing (see BuildCache.save)."""

    def __init__(self, stored: dict[tuple[Any, ...], ReadPage | bytes],
                 packed: dict[int, tuple[Any, Any, bytes]]) -> None:
        self._stored, self._packed = stored, packed

    def __getitem__(self, key: tuple[Any, ...]) -> ReadPage:
        value = self._stored[key]
        if not isinstance(value, bytes):
            return value
        try:
            entry = pickle.loads(value)  # noqa: S301 - our own file in the site's cache folder
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            raise KeyError(key) from None  # a damaged entry only costs reading that file again
        if not isinstance(entry, ReadPage):
            raise KeyError(key)
        self._stored[key] = entry  # unpickled once, even when a build asks twice
        self._packed[id(entry.page)] = (entry.page, entry.problems, value)
        return entry

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)

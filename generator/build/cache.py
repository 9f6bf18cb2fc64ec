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
from pathlib import Path
from typing import Any

from generator import __version__

CACHE_FILE = "build-cache.pickle"
FORMAT = 4


def digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


class BuildCache:
    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.data: dict[str, dict[str, Any]] = {"files": {}, "markdown": {}, "pages": {}, "provenance": {}}
        self.used_markdown: set[str] = set()
        self.used_files: set[str] = set()
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            with open(self.folder / CACHE_FILE, "rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 - our own file in the site's cache folder
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("format") == (FORMAT, __version__):
            self.data.update(stored.get("data", {}))

    def save(self) -> None:
        if not self.enabled:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Only what this build used is kept: renamed, deleted and changed files do not pile up.
        self.data["markdown"] = {k: v for k, v in self.data["markdown"].items() if k in self.used_markdown}
        self.data["files"] = {k: v for k, v in self.data["files"].items() if k in self.used_files}
        self.used_markdown, self.used_files = set(), set()  # a process that keeps this cache starts afresh
        payload = {"format": (FORMAT, __version__), "data": self.data}
        tmp = self.folder / (CACHE_FILE + ".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / CACHE_FILE)

    def file_entry(self, path: Path) -> tuple[os.stat_result, Any | None]:
        """The cached (hash, parsed) for a file whose size and mtime have not changed."""
        stat = path.stat()
        self.used_files.add(str(path))
        entry = self.data["files"].get(str(path))
        if entry and entry[0] == stat.st_mtime_ns and entry[1] == stat.st_size:
            return stat, entry[2]
        return stat, None

    def store_file(self, path: Path, stat: os.stat_result, value: Any) -> None:
        self.used_files.add(str(path))
        self.data["files"][str(path)] = (stat.st_mtime_ns, stat.st_size, value)

    def markdown(self, key: str) -> str | None:
        self.used_markdown.add(key)
        return self.data["markdown"].get(key)

    def store_markdown(self, key: str, html: str) -> None:
        self.used_markdown.add(key)
        self.data["markdown"][key] = html

    def page_signature(self, output: Path, rel: str) -> str | None:
        """Signatures are kept per output folder, so `serve`, `check` and `build` don't undo each other."""
        return self.data["pages"].get(str(output), {}).get(rel)

    def set_page_signatures(self, output: Path, signatures: dict[str, str]) -> None:
        self.data["pages"][str(output)] = signatures

"""On-disk cache: derivatives keyed by source bytes + operation, and a probe index.

Layout under cache_dir:
    probe-index.json                       (path, size, mtime_ns) -> ProbeInfo, so warm runs hash nothing
    objects/<sha[:2]>/<sha>/<kind>-<width>-<opkey>.<ext>
The key includes the pipeline version and every setting that changes the bytes, so a setting change
rebuilds exactly what it affects and nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from .probe import ProbeInfo
from .settings import PIPELINE_VERSION

_INDEX_NAME = "probe-index.json"
_INDEX_VERSION = 2  # 2: probes check decode cost (decodecost.py), so older answers are asked again


class ImageCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self._index: dict[str, dict[str, object]] = self._load_index()
        self._used_index: set[str] = set()
        self._dirty = False

    def _load_index(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads((self.root / _INDEX_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != _INDEX_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def lookup_probe(self, path: Path, stat: os.stat_result) -> ProbeInfo | None:
        key = str(path)
        self._used_index.add(key)
        entry = self._index.get(key)
        if not isinstance(entry, dict):
            return None
        if entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns:
            return None
        try:
            return ProbeInfo.from_json(entry["probe"])  # type: ignore[arg-type]
        except (KeyError, TypeError):
            return None

    def store_probe(self, path: Path, stat: os.stat_result, info: ProbeInfo) -> None:
        key = str(path)
        self._used_index.add(key)
        self._index[key] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "probe": info.to_json()}
        self._dirty = True

    def save_index(self, prune: bool) -> None:
        if prune:
            unused = set(self._index) - self._used_index
            for key in unused:
                del self._index[key]
            self._dirty = self._dirty or bool(unused)
        if not self._dirty:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{_INDEX_NAME}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"version": _INDEX_VERSION, "entries": self._index}), "utf-8")
        os.replace(tmp, self.root / _INDEX_NAME)
        self._dirty = False
        self._used_index = set()

    def object_path(self, sha: str, kind: str, width: int, fmt: str, ext: str, signature: str) -> Path:
        key = hashlib.sha256(f"{PIPELINE_VERSION}|{kind}|{width}|{fmt}|{signature}".encode()).hexdigest()
        return self.objects / sha[:2] / sha / f"{kind}-{width}-{key[:16]}.{ext}"

    def prune(self, used: set[Path]) -> int:
        """Delete cached files not used by this run; return how many went."""
        removed = 0
        if not self.objects.is_dir():
            return 0
        for prefix in list(self.objects.iterdir()):
            for sha_dir in list(prefix.iterdir()) if prefix.is_dir() else []:
                for entry in list(sha_dir.iterdir()) if sha_dir.is_dir() else []:
                    if entry not in used:
                        with contextlib.suppress(OSError):
                            entry.unlink()
                            removed += 1
                with contextlib.suppress(OSError):
                    sha_dir.rmdir()  # only succeeds when empty
            with contextlib.suppress(OSError):
                prefix.rmdir()
        return removed

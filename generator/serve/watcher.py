"""Watching the site's sources and turning bursts of file events into one rebuild.

Editors save in several steps (temp file, rename, chmod), and a `git checkout` touches many files
at once; rebuilding on each event would waste work and show half-saved states, so events are
debounced. The output and cache folders are ignored, or every build would trigger the next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import DirModifiedEvent, FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload", ".kate-swp")
TEMP_NAMES = {"4913", ".DS_Store", "Thumbs.db"}  # 4913: vim's write test file


def is_editor_temp(name: str) -> bool:
    return (name in TEMP_NAMES or name.endswith(TEMP_SUFFIXES) or name.startswith((".#", "~$"))
            or (name.startswith("#") and name.endswith("#")))


class PathFilter:
    """Which changed paths matter: under a watched folder, or one of the watched files."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path], ignored: Iterable[Path]) -> None:
        self.folders = [f.resolve() for f in folders]
        self.files = {f.resolve() for f in files}
        self.ignored = [i.resolve() for i in ignored]

    def wanted(self, raw: str) -> bool:
        path = Path(raw).resolve()
        if is_editor_temp(path.name) or any(path == i or i in path.parents for i in self.ignored):
            return False
        if path in self.files:
            return True
        for folder in self.folders:
            if folder in path.parents:
                rel = path.relative_to(folder).parts
                return not any(part.startswith(".") for part in rel)  # hidden files are never built
        return False


class Debouncer:
    """Calls `action` once events have stopped arriving for `delay` seconds; never two at a time."""

    def __init__(self, action: Callable[[], None], delay: float = 0.15) -> None:
        self.action = action
        self.delay = delay
        self._pending = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="artsite-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def trigger(self) -> None:
        self._pending.set()

    def stop(self) -> None:
        self._stop.set()
        self._pending.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._pending.wait()
            while self._pending.is_set() and not self._stop.is_set():
                self._pending.clear()
                self._stop.wait(self.delay)  # any event in this window restarts the wait
            if self._stop.is_set():
                return
            self.action()


class _Handler(FileSystemEventHandler):
    def __init__(self, wanted: PathFilter, debouncer: Debouncer) -> None:
        self.filter = wanted
        self.debouncer = debouncer

    def on_any_event(self, event: FileSystemEvent) -> None:
        if isinstance(event, DirModifiedEvent) or event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if any(p and self.filter.wanted(str(p)) for p in paths):
            self.debouncer.trigger()


class Watcher:
    """The watchdog observer over the site's folders, feeding a debouncer."""

    def __init__(self, folders: list[Path], files: list[Path], ignored: list[Path],
                 action: Callable[[], None], delay: float = 0.15) -> None:
        self.debouncer = Debouncer(action, delay)
        self.filter = PathFilter(folders, files, ignored)
        self.observer = Observer()
        handler = _Handler(self.filter, self.debouncer)
        scheduled: set[Path] = set()
        for folder in folders:
            if folder.is_dir() and folder.resolve() not in scheduled:
                self.observer.schedule(handler, str(folder), recursive=True)
                scheduled.add(folder.resolve())
        for parent in {f.parent.resolve() for f in files} - scheduled:
            if parent.is_dir():
                self.observer.schedule(handler, str(parent), recursive=False)

    def start(self) -> None:
        self.debouncer.start()
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.debouncer.stop()
        self.observer.join(timeout=10)

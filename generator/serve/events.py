"""Server-sent events: one shared, versioned state that every browser tab waits on.

A version number rather than a queue per client: a tab that connects late, or misses an event,
compares versions and still learns that the site changed, and no client can make the server hold
an ever-growing backlog.
"""

from __future__ import annotations

import threading


class EventHub:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.version = 0
        self.kind = "hello"
        self.closed = False

    def publish(self, kind: str) -> int:
        """Tell every waiting client that the site changed ("reload") or the build broke ("error")."""
        with self._cond:
            self.version += 1
            self.kind = kind
            self._cond.notify_all()
            return self.version

    def wait(self, seen: int, timeout: float) -> tuple[int, str] | None:
        """The newest (version, kind) once it is newer than `seen`; None on timeout or shutdown."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self.version > seen, timeout)
            if self.closed or self.version <= seen:
                return None
            return self.version, self.kind

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

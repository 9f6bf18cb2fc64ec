from __future__ import annotations

import threading
import time
from pathlib import Path

from generator.serve.events import EventHub
from generator.serve.watcher import Debouncer, PathFilter, is_editor_temp


def test_filter_ignores_output_cache_hidden_and_editor_files(tmp_path: Path) -> None:
    content, cache, out = tmp_path / "content", tmp_path / ".artsite-cache", tmp_path / "_site"
    wanted = PathFilter([content, cache.parent / "templates"], [tmp_path / "site.yaml"], [cache, out])
    assert wanted.wanted(str(content / "posts" / "a.md"))
    assert wanted.wanted(str(tmp_path / "site.yaml"))
    assert wanted.wanted(str(tmp_path / "templates" / "post.html"))
    assert not wanted.wanted(str(tmp_path / "notes.txt"))
    assert not wanted.wanted(str(cache / "serve" / "index.html"))
    assert not wanted.wanted(str(out / "index.html"))
    assert not wanted.wanted(str(content / "posts" / ".a.md.swp"))
    assert not wanted.wanted(str(content / ".git" / "HEAD"))
    for name in ("a.md~", ".#a.md", "#a.md#", "4913", "a.md.tmp"):
        assert is_editor_temp(name), name
    assert not is_editor_temp("a.md")


def test_debouncer_turns_a_burst_into_one_action() -> None:
    calls: list[float] = []
    done = threading.Event()

    def action() -> None:
        calls.append(time.monotonic())
        done.set()

    debouncer = Debouncer(action, delay=0.05)
    debouncer.start()
    try:
        for _ in range(20):
            debouncer.trigger()
            time.sleep(0.005)
        assert done.wait(2)
        time.sleep(0.15)
        assert len(calls) == 1
        done.clear()
        debouncer.trigger()
        assert done.wait(2)
        assert len(calls) == 2
    finally:
        debouncer.stop()


def test_hub_wakes_waiters_and_close_releases_them() -> None:
    hub = EventHub()
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(hub.wait(0, 5)))
    waiter.start()
    hub.publish("reload")
    waiter.join(2)
    assert got == [(1, "reload")]
    closer = threading.Thread(target=lambda: got.append(hub.wait(1, 5)))
    closer.start()
    hub.close()
    closer.join(2)
    assert got[-1] is None and not closer.is_alive()

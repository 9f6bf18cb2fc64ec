"""Live editing: how long after an artist saves a post does the browser reload?

Runs the real `artsite serve` on the synthetic blog of `benchmarks/build.py`, listens to the same
server-sent events the browser's reload script listens to, edits one post's body the way an artist
fixes a typo, and times two things per edit:
- **rebuild**: the build's own time, as `serve` prints it (what issue 15's "one-post edit in
  `serve` under 0.2 s" measures: the incremental build, with the process warm);
- **save to reload**: from the file being written to the `reload` event reaching the client,
  which adds the file watcher's debounce and the event delivery.
A cold `artsite build` after the same kind of edit is timed by `benchmarks/build.py`.

    .venv/bin/python benchmarks/serve.py --posts 1000 --edits 15
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _synth  # noqa: E402 - the benchmark's own helper module, beside this file

REPO = HERE.parent
WORK = HERE / "work" / "build"
SUMMARY = re.compile(r"artsite: built .* in (\d+\.\d+) s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def artsite() -> list[str]:
    venv = REPO / ".venv" / "bin" / "artsite"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "generator"]


class Events:
    """The reload stream, read on a thread; `wait_reload()` returns when the next reload arrives."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", "/__artsite/events")
        self.response = self.connection.getresponse()
        self.reloads: list[float] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.response:
            line = raw.decode("utf-8", "replace").strip()
            if line in ("event: reload", "event: error"):
                with self.arrived:
                    self.reloads.append(time.perf_counter() if line.endswith("reload") else -1.0)
                    self.arrived.notify_all()

    def wait_reload(self, count: int, timeout: float = 60.0) -> float:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.reloads) >= count, timeout):
                raise RuntimeError("no reload event arrived")
            moment = self.reloads[count - 1]
        if moment < 0:
            raise RuntimeError("the rebuild failed")
        return moment


def wait_until_serving(port: int, server: subprocess.Popen[str], limit: float = 300.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("artsite serve exited before serving")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("artsite serve did not start")


def measure(count: int, edits: int) -> tuple[list[float], list[float]]:
    site = WORK / f"site-{count}"
    posts = _synth.make_posts(count)
    if not (site / "content" / "posts").is_dir():
        _synth.write_site("artsite", site, posts, HERE / "peers")
    port = free_port()
    log: list[str] = []
    server = subprocess.Popen([*artsite(), "serve", "--port", str(port)], cwd=site, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert server.stdout is not None
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()  # type: ignore[arg-type]
    try:
        wait_until_serving(port, server)
        events = Events(port)
        time.sleep(1.0)  # let the watcher settle after the first build
        latencies = []
        for round_ in range(edits):
            before = len([line for line in log if SUMMARY.search(line)])
            saved = time.perf_counter()
            _synth.edit_post(site, "content/posts", posts, 1000 + round_)
            latencies.append(events.wait_reload(round_ + 1) - saved)
            deadline = time.monotonic() + 10
            while len([line for line in log if SUMMARY.search(line)]) <= before and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.3)  # an artist does not save twice within a rebuild
        rebuilds = [float(m.group(1)) for line in log if (m := SUMMARY.search(line))][1:]
        return latencies, rebuilds[-edits:]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args(argv)
    latencies, rebuilds = measure(args.posts, args.edits)
    print(f"{os.cpu_count()} cpus, {args.posts} posts, {args.edits} edits of one post's body, "
          f"load average {os.getloadavg()[0]:.1f}")
    for label, values in (("rebuild (serve's own timing)", rebuilds), ("save to reload event", latencies)):
        values = sorted(values)
        print(f"  {label:30s} median {statistics.median(values):.3f} s  "
              f"p90 {values[int(len(values) * 0.9) - 1]:.3f} s  min {values[0]:.3f} s  max {values[-1]:.3f} s")
    target = statistics.median(rebuilds)
    print(f"{'PASS' if target < 0.2 else 'FAIL'}  one-post edit rebuild under 0.2 s (issue 15): {target:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

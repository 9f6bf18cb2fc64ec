"""The preview server: build, serve, watch, rebuild, and keep serving the last good site on errors.

The site is built into a preview folder inside the cache folder (not `_site/`), with `base_url`
pointed at the local address: links then work on localhost, drafts never land in the folder that
gets deployed, and `artsite build` output never depends on whether a server ran.
"""

from __future__ import annotations

import errno
import gc
import http.server
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.problems import BuildFailed, Problem, Problems
from generator.serve.events import EventHub
from generator.serve.handler import PreviewHandler
from generator.serve.watcher import Watcher

PREVIEW_DIR = "serve"


class PortInUse(Exception):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"port {port} on {host} is already in use; stop the other server or pick "
                         f"another port, e.g. --port {port + 1 if port else 8001}")
        self.host, self.port = host, port


@dataclass
class ServeOptions:
    source: Path = Path(".")
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False
    output: Path | None = None  # default: <cache_dir>/serve
    debounce: float = 0.05  # editors write a save as a burst of events a few ms apart


@dataclass
class Outcome:
    """One build, for the terminal: the result or the problems, and the problems' objects."""

    ok: bool
    problems: Problems
    result: object | None = None
    crashed: str | None = None


class DevServer:
    def __init__(self, options: ServeOptions, report: Callable[[Outcome], None] | None = None) -> None:
        self.options = options
        self.report = report or (lambda outcome: None)
        self.hub = EventHub()
        self.output = Path()
        self._problems: list[Problem] | None = None
        self._lock = threading.Lock()
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.watcher: Watcher | None = None
        self.port = options.port
        self._memory: object | None = None  # a BuildMemory, kept between rebuilds

    # -- state the handler reads -------------------------------------------------------------
    def current_problems(self) -> list[Problem] | None:
        return self._problems

    @property
    def host(self) -> str:
        """The address the server is bound to, as given (`127.0.0.1`, `::1`, `0.0.0.0`, a name)."""
        return self.options.host

    @property
    def url(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/"

    # -- lifecycle ----------------------------------------------------------------------------
    def bind(self) -> None:
        """Claim the port first, so a busy port is reported before any build work."""
        handler = type("Handler", (PreviewHandler,), {"state": self})
        try:
            self._httpd = http.server.ThreadingHTTPServer((self.options.host, self.options.port), handler)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortInUse(self.options.host, self.options.port) from None
            raise
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]

    def start(self) -> Outcome:
        """Bind, build once, then serve and watch in background threads."""
        if self._httpd is None:
            self.bind()
        assert self._httpd is not None
        self.output = self._output_dir()
        outcome = self.rebuild(first=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="artsite-http", daemon=True)
        self._thread.start()
        self.watcher = self._make_watcher()
        self.watcher.start()
        return outcome

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        self.hub.close()
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
                self._thread.join(timeout=5)
            self._httpd.server_close()

    # -- building -----------------------------------------------------------------------------
    def build_options(self) -> object:
        from generator.pipeline.memory import BuildMemory
        from generator.pipeline.site import BuildOptions

        if self._memory is None:
            self._memory = BuildMemory(defer_save=True)
        return BuildOptions(source=self.options.source, output=self.output, base_url=self.url,
                            drafts=self.options.drafts, serving=True, memory=self._memory)  # type: ignore[arg-type]

    def rebuild(self, first: bool = False) -> Outcome:
        from generator.pipeline.site import build

        with self._lock:
            try:
                result = build(self.build_options())  # type: ignore[arg-type]
            except BuildFailed as failed:
                outcome = Outcome(False, failed.problems)
            except Exception as exc:  # a crash in a plugin or the core must not stop the preview
                problems = Problems()
                problems.error(f"the build crashed: {type(exc).__name__}: {exc}")
                outcome = Outcome(False, problems, crashed=f"{type(exc).__name__}: {exc}")
            else:
                outcome = Outcome(True, result.problems, result)
            self._problems = None if outcome.ok else (outcome.problems.sorted() or [])
            self.hub.publish("reload" if outcome.ok else "error")
            self._save_cache(outcome)
            gc.collect()  # what the last build left in cycles; builds pause the collector (gcpause)
        self.report(outcome)
        return outcome

    def _save_cache(self, outcome: Outcome) -> None:
        """The cache is written after the browser was told to reload: saving it is a good part of
        a one-post rebuild, and nothing the browser asks for depends on it."""
        from generator.pipeline.memory import BuildMemory
        from generator.pipeline.site import save_cache

        memory = self._memory
        if outcome.ok and isinstance(memory, BuildMemory) and memory.cache is not None:
            save_cache(memory.cache, outcome.problems)

    def _output_dir(self) -> Path:
        if self.options.output is not None:
            return self.options.output.resolve()
        return self._config_dirs()[1] / PREVIEW_DIR

    def _config_dirs(self) -> tuple[Path, Path, Path]:
        """(content, cache, configured output) read the same way the build reads them."""
        from generator.config import load_config

        root = self.options.source.resolve()
        config = load_config(root, Problems(root=root))
        return config.content_dir.resolve(), config.cache_dir, config.output_dir

    def _make_watcher(self) -> Watcher:
        from generator.config import load_config
        from generator.render.themes import theme_dir

        root = self.options.source.resolve()
        config = load_config(root, Problems(root=root))
        theme = theme_dir(str(config.get("theme") or "default"), root)
        folders = [config.content_dir, root / "templates", theme, root / "themes"]
        ignored = [self.output, config.cache_dir, config.output_dir]
        return Watcher(folders, [root / "site.yaml"], ignored, self.rebuild, self.options.debounce)

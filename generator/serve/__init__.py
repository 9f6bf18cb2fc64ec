"""`artsite serve`: a local preview server that rebuilds on save and reloads the browser.

Split by job: `inject` (the reload script and the error overlay, added to HTML at response time
only), `events` (server-sent events to the browser), `paths` (which request maps to which file,
never outside the output folder), `handler` (the HTTP side), `watcher` (file events, debounced)
and `server` (ties them to the build).
"""

from __future__ import annotations

from generator.serve.server import DevServer, PortInUse, ServeOptions

__all__ = ["DevServer", "PortInUse", "ServeOptions"]

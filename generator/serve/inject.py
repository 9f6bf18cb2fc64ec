"""What the server adds to HTML it sends: the live-reload script and, after a failed build, an overlay.

Only the server calls this, at response time, so `artsite build` output never contains either.
Every problem text is HTML-escaped: file names and messages come from the artist's files.
"""

from __future__ import annotations

import html
import re

from generator.problems import Problem

EVENTS_PATH = "/__artsite/events"
MARKER_ID = "artsite-live-reload"

_SCRIPT = """<script id="%(id)s">(function () {
  var seen = "%(version)s";
  var source = new EventSource("%(events)s");
  source.addEventListener("hello", function (e) { if (e.data !== seen) { location.reload(); } });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("error", function (e) { if (e.data !== undefined) { location.reload(); } });
})();</script>"""

_OVERLAY_STYLE = (
    "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;"
    "background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace"
)

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def reload_script(version: int) -> str:
    return _SCRIPT % {"id": MARKER_ID, "version": version, "events": EVENTS_PATH}


def overlay(problems: list[Problem]) -> str:
    """The build's problems over the last good page, so the artist sees them where they look."""
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems) or "<li>the build failed</li>"
    return (f'<div id="artsite-error-overlay" role="alert" style="{_OVERLAY_STYLE}">'
            "<h1 style=\"font-size:1.4rem;color:#ff8a8a\">artsite: the build failed</h1>"
            "<p>You are seeing the last good version of this page. Fix the problems below and save; "
            "the page reloads by itself.</p>"
            f'<ul style="padding-left:1.2rem">{items}</ul></div>')


def inject(page: bytes, version: int, problems: list[Problem] | None) -> bytes:
    """`page` with the script (and overlay) placed just before the last </body>, or appended."""
    snippet = ((overlay(problems) if problems is not None else "") + reload_script(version)).encode("utf-8")
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + snippet
    at = matches[-1].start()
    return page[:at] + snippet + page[at:]


def error_page(problems: list[Problem] | None, version: int) -> bytes:
    """Shown when there is no good build at all yet."""
    body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>artsite</title></head><body></body></html>"
    return inject(body.encode("utf-8"), version, problems if problems is not None else [])

"""Lighthouse on every page type of the demo site: issue 16's bar, measured.

Builds the demo (`artsite build`), serves `_site/` with a plain static server (so the numbers
reflect a static host, not `artsite serve` with its reload script), and runs Lighthouse from npm
against the real Debian Chromium on each page type, desktop and mobile. It prints one table of
the four category scores plus CLS, and the audits that failed, because on a loaded 2-core
machine the Performance score is noisy while the failing audits are not.

Lighthouse is NOT in package.json: CI must not need it. When it is missing this script runs
`npm install --no-save lighthouse` (npm's registry or its cache is needed once), or prints how.

    .venv/bin/python benchmarks/lighthouse.py                 # every page type, both presets
    .venv/bin/python benchmarks/lighthouse.py --preset desktop --only home,post
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Bar from issue 16: Performance >= 98, the other three 100, CLS 0.
BAR = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}

# One URL per page type of the demo site. Paths are the demo's; if the demo changes, update here.
PAGES: dict[str, str] = {
    "home": "/",
    "galleries": "/galleries/",
    "gallery": "/galleries/latent-gardens/",
    "work": "/galleries/latent-gardens/koi-pond/",
    "video-work": "/galleries/latent-gardens/koi-ripples/",
    "post": "/posts/how-the-currents-are-drawn/",
    "tag": "/tags/process/",
    "openness": "/openness/",
    "model": "/models/flux1-dev/",
    "ai": "/ai/",
    "about-provenance": "/about-provenance/",
    "search": "/search/",
    "404": "/404.html",
    "archive": "/archive/",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, `404.html` for a missing path, no request log noise."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return


class _Server(http.server.ThreadingHTTPServer):
    """Quiet about a client that hangs up mid-response: Lighthouse closes tabs while images load."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def ensure_lighthouse() -> Path:
    """Find Lighthouse in node_modules, installing it without touching package.json."""
    if LIGHTHOUSE.exists():
        return LIGHTHOUSE
    if shutil.which("npm") is None:
        sys.exit("lighthouse: npm is missing; install Node.js, then run `npm install --no-save lighthouse`")
    print("lighthouse: not installed; running `npm install --no-save lighthouse`", file=sys.stderr)
    done = subprocess.run(["npm", "install", "--no-save", "lighthouse"], cwd=REPO, check=False)
    if done.returncode != 0 or not LIGHTHOUSE.exists():
        sys.exit("lighthouse: install failed; run `npm install --no-save lighthouse` in the repo by hand")
    return LIGHTHOUSE


def build(site: Path) -> None:
    """Build the demo site with this checkout's `artsite`, so the theme measured is this one."""
    artsite = Path(sys.executable).with_name("artsite")
    command = [str(artsite)] if artsite.exists() else [sys.executable, "-m", "generator"]
    subprocess.run([*command, "build"], cwd=REPO, check=True)
    if not (site / "index.html").is_file():
        sys.exit(f"lighthouse: the build wrote no {site / 'index.html'}")


def serve(site: Path) -> tuple[_Server, int]:
    """Serve the built site on a free localhost port in a background thread."""
    handler = functools.partial(_Handler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def run_one(binary: Path, url: str, preset: str, out: Path) -> dict:
    """Run Lighthouse once and return its JSON report (or an `error` entry)."""
    command = [
        str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}", "--throttling-method=simulate",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]}
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict) -> tuple[dict[str, object], list[str]]:
    """The four scores, CLS, and the ids of every failing scored audit."""
    if "error" in report:
        return {"error": report["error"][0]}, []
    row: dict[str, object] = {}
    for name in CATEGORIES:
        score = report["categories"][name]["score"]
        row[name] = None if score is None else round(score * 100)
    cls = report["audits"].get("cumulative-layout-shift", {}).get("numericValue")
    row["cls"] = None if cls is None else round(cls, 3)
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if ref.get("weight", 0) == 0 and mode != "binary":
                continue
            score = audit.get("score")
            if mode in ("binary", "numeric", "metricSavings") and score is not None and score < 0.9:
                failing.append(f"{category}:{ref['id']}")
    return row, failing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=("desktop", "mobile", "both"), default="both")
    parser.add_argument("--only", default="", help="comma-separated page types (default: all)")
    parser.add_argument("--no-build", action="store_true", help="measure the existing _site/")
    parser.add_argument("--json", type=Path, help="also write every row as JSON here")
    args = parser.parse_args()

    binary = ensure_lighthouse()
    site = REPO / "_site"
    if not args.no_build:
        build(site)
    pages = {k: v for k, v in PAGES.items() if not args.only or k in args.only.split(",")}
    presets = ("desktop", "mobile") if args.preset == "both" else (args.preset,)
    server, port = serve(site)
    rows: list[dict[str, object]] = []
    below_bar = 0
    header = f"{'page':<17} {'preset':<8} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'cls':>6}  failing audits"
    print(header)
    print("-" * len(header))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for preset in presets:
                for name, path in pages.items():
                    report = run_one(binary, f"http://127.0.0.1:{port}{path}", preset, Path(tmp) / "r.json")
                    row, failing = summarise(report)
                    row.update(page=name, preset=preset, failing=failing)
                    rows.append(row)
                    if "error" in row:
                        print(f"{name:<17} {preset:<8} error: {row['error']}", flush=True)
                        below_bar += 1
                        continue
                    scores = [row[c] for c in CATEGORIES]
                    if any(s is None or s < BAR[c] for s, c in zip(scores, CATEGORIES, strict=True)) or row["cls"]:
                        below_bar += 1
                    cells = " ".join(f"{'-' if s is None else s:>4}" for s in scores)
                    print(f"{name:<17} {preset:<8} {cells} {row['cls']!s:>6}  {' '.join(failing)}", flush=True)
    finally:
        server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"\n{below_bar} of {len(rows)} runs below the bar (perf>=98, a11y/bp/seo 100, CLS 0)")
    return 1 if below_bar else 0


if __name__ == "__main__":
    sys.exit(main())

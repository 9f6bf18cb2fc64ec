"""The no-change fast path: when nothing a build reads has changed, the last output stands.

A build's inputs are the settings, the templates and theme files, and the content folder. Their
sizes and modification times (what `make` trusts) are hashed into one fingerprint before the
build starts; when the last successful build into the same folder had the same fingerprint, its
output is already exactly what this build would write, so the build stops there and repeats the
problems it reported then. Any edit, added or removed file changes the fingerprint.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.pipeline.cache import LastBuild, digest
from generator.problems import Problem, Problems

if TYPE_CHECKING:
    from generator.pipeline.site import Site

def _tree_state(folder: Path, prefix: str = "") -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every file below `folder`; a missing folder is an empty list."""
    state: list[tuple[str, int, int]] = []
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return state
    for entry in entries:
        try:
            if entry.is_dir():
                if not entry.is_symlink():  # as os.walk: linked folders are not followed
                    state += _tree_state(Path(entry.path), prefix + entry.name + "/")
            else:
                stat = entry.stat()
                state.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            continue
    return state


def fingerprint(site: Site) -> str:
    """Everything the output depends on, as one hash; cheap enough to compute on every build."""
    from generator.render.themes import theme_dir

    config = site.config
    trust = (config.get("provenance") or {}).get("trust_anchors")
    folders = [config.content_dir, site.root / "templates", theme_dir(config["theme"], site.root),
               site.root / config["static_dir"], site.root / "_data",  # Hugo's static/, Jekyll's _data/
               *(site.root / name for name in ("shortcodes", "includes", "_includes", "data"))]
    files = [site.root / "site.yaml", *([site.root / trust] if trust else [])]
    stats = [(str(f), f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else (str(f), -1, -1) for f in files]
    options = site.options
    return digest(__version__, json.dumps(config.data, sort_keys=True, default=str), site.plugins.names(),
                  options.drafts, options.serving, options.strict, stats,
                  *(json.dumps(_tree_state(folder)) for folder in folders))


def previous(site: Site, output: Path) -> LastBuild | None:
    return site.cache.last_build(output)


def remember(site: Site, output: Path, fingerprint_: str, problems: Problems, pages: int, works: int,
             images: int) -> None:
    """Record a successful build, with the problems it reported, for the next build to compare."""
    site.cache.remember_build(output, LastBuild(
        fingerprint_, pages, works, images,
        [(p.severity, p.message, p.file, p.line, p.column) for p in problems.items]))


def forget(site: Site, output: Path) -> None:
    site.cache.remember_build(output, None)


def replay(record: LastBuild, problems: Problems) -> None:
    for severity, message, file, line, column in record.problems:
        problems.extend([Problem(severity, message, file, line, column)])

"""Eleventy's named dates: `date: Last Modified`, `Created`, `git Last Modified`, `git Created`.

Eleventy blogs write these in front matter and, more often, in a folder's data file, so that
every post is dated by its file. Read as ordinary dates they stop the build, so they are resolved
the way Eleventy resolves them: from the file system, or from the Git history of the file.

Git is asked once per repository for the whole history (one `git log`, bounded in time), not once
per file. A checkout's file times are the time of the clone, so a `git` date without Git (no
repository, no `git` command, the file not committed yet) falls back to the file's time, as
Eleventy does for uncommitted files, and the caller is told so it can warn.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

NAMED = {"last modified": "modified", "created": "created", "git last modified": "git-modified",
         "git created": "git-created"}
GIT_TIMEOUT_SECONDS = 30


def named_date(value: object) -> str | None:
    """Which named date `value` is, or None for an ordinary date."""
    return NAMED.get(value.strip().lower()) if isinstance(value, str) else None


def resolve(kind: str, path: Path, tz: dt.tzinfo) -> tuple[dt.datetime, bool]:
    """(the date, whether it came from where the name says): False means Git had no answer and
    the file's own time stands in."""
    if kind.startswith("git-"):
        history = _history(_repository(path.resolve().parent))
        times = history.get(str(path.resolve())) if history else None
        if times:
            first, last = times
            return (last if kind == "git-modified" else first).astimezone(tz), True
    stat = path.stat()
    created = getattr(stat, "st_birthtime", None) or stat.st_ctime
    seconds = stat.st_mtime if kind.endswith("modified") else min(created, stat.st_mtime)
    return dt.datetime.fromtimestamp(seconds, tz=tz).replace(microsecond=0), not kind.startswith("git-")


def _repository(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@lru_cache(maxsize=8)
def _history(top: Path | None) -> dict[str, tuple[dt.datetime, dt.datetime]] | None:
    """Every committed file's (first, last) commit time, by absolute path."""
    git = shutil.which("git")
    if top is None or git is None:
        return None
    try:
        done = subprocess.run([git, "-C", str(top), "-c", "core.quotePath=false", "log", "--format=%x00%cI", "--name-only", "--no-renames"],
                              capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=True,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    found: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for record in done.stdout.decode("utf-8", "replace").split("\0")[1:]:
        lines = [line for line in record.splitlines() if line]
        if not lines:
            continue
        try:
            when = dt.datetime.fromisoformat(lines[0])
        except ValueError:
            continue
        for name in lines[1:]:
            key = str(top / name)
            first, last = found.get(key, (when, when))
            found[key] = (min(first, when), max(last, when))  # log runs newest first
    return found

"""Mapping a request path to a file, refusing anything that would leave the output folder.

Checks happen on the decoded path (so `%2e%2e/` is caught like `../`) and again on the real path
after symlinks are resolved, so a link inside the output that points elsewhere is refused too.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

NAME_MAX = 255  # bytes in one file name on the file systems artsite writes to


class Forbidden(Exception):
    """The request names something outside the output folder (answered with 403)."""


@dataclass(frozen=True)
class Target:
    path: Path | None  # the file to send; None when nothing is there
    redirect: str | None = None  # a folder asked for without its trailing slash


def request_path(raw: str) -> str:
    """The decoded path of a request target, also for absolute-form targets (`http://host/x`)."""
    parts = urlsplit(raw)
    return unquote(parts.path or "/", errors="strict")


def _segments(path: str) -> list[str]:
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        raise Forbidden(path)
    segments = [s for s in path.split("/") if s not in ("", ".")]
    if any(s == ".." or (len(s) >= 2 and s[1] == ":") for s in segments):
        raise Forbidden(path)
    return segments


def resolve(root: Path, raw: str) -> Target:
    """The file for request target `raw` under `root`; Forbidden when it would escape."""
    try:
        path = request_path(raw)
    except UnicodeDecodeError:
        raise Forbidden(raw) from None
    segments = _segments(path)
    if any(len(s.encode("utf-8", "surrogateescape")) > NAME_MAX for s in segments):
        return Target(None)  # no file can have that name; the OS would refuse to look it up
    base = root.resolve()
    candidate = base.joinpath(*segments) if segments else base
    try:
        return _lookup(base, candidate, path, segments, raw)
    except OSError:  # a name the file system refuses (too long a path, say): nothing is there
        return Target(None)


def _lookup(base: Path, candidate: Path, path: str, segments: list[str], raw: str) -> Target:
    real = Path(posixpath.realpath(candidate))
    if real != base and base not in real.parents:
        raise Forbidden(raw)
    if real.is_dir():
        if not path.endswith("/"):
            # Rebuilt from the checked segments: "//posts" would make "//posts/", which a browser
            # reads as another host.
            return Target(None, redirect="/" + "".join(quote(part) + "/" for part in segments))
        index = real / "index.html"
        real_index = index.resolve()
        if base not in real_index.parents:
            raise Forbidden(raw)
        return Target(real_index if real_index.is_file() else None)
    return Target(real if real.is_file() else None)

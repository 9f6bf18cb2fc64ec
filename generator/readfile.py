"""Reading a file only when it is a regular file.

Opening a named pipe blocks until something writes to it, and reading a device such as
/dev/zero never ends: one such entry under `content/` (or given to `artsite provenance`) would
hang the build. The file is opened without blocking and checked with fstat on the open handle,
so no swap between a check and the open can slip a pipe in.
"""

from __future__ import annotations

import errno
import os
import stat

NOT_REGULAR = "not a regular file (a named pipe, device or socket); skipped"


class NotRegularFile(OSError):
    """The path names a pipe, a device, a socket or a folder: nothing artsite reads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, NOT_REGULAR, str(path))


def is_regular(path: str | os.PathLike[str]) -> bool:
    """True for a regular file (a symlink counts by what it points at)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_regular(path: str | os.PathLike[str], limit: int = -1) -> bytes:
    """The bytes of `path` (at most `limit`), or NotRegularFile when it is not a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise NotRegularFile(path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        if limit >= 0 and info.st_size > 0:
            # A buffered read of n bytes allocates n first and shrinks it afterwards: asking a
            # 3 kB file for the 256 MiB metadata limit cost more than reading it. One byte past
            # the size still shows a file that grew while it was read.
            limit = min(limit, info.st_size + 1)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            return handle.read(limit)
    finally:
        if fd >= 0:
            os.close(fd)


def read_regular_text(path: str | os.PathLike[str]) -> str:
    """UTF-8 text of a regular file, line ends translated as `open()` in text mode does
    (UnicodeDecodeError when it is not UTF-8)."""
    return read_regular(path).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def line_containing(path: str | os.PathLike[str] | None, needle: str) -> int | None:
    """The first line of `path` holding `needle`, or None: where a problem found after a file was
    parsed (a sidecar's `resources:`, an image named in a gallery) is reported."""
    if path is None or not needle:
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None

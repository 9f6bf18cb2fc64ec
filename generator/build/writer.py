"""Writing the site atomically: stage everything, then swap it in only when the build succeeded.

A failed or killed build therefore leaves the last good site exactly as it was. The writer also
refuses to write one path twice (two pages claiming a URL) and anything that would land outside
the output folder, whatever a permalink or file name says.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

MARKER = ".artsite-output"  # written into every build so we only ever replace our own output
STAGING_PREFIX = ".artsite-build-"
OLD_PREFIX = ".artsite-old-"


class OutputError(Exception):
    pass


def check_output_location(output: Path, site_root: Path, content: Path) -> None:
    """Refuse outputs that would overwrite or swallow what the artist wrote."""
    output, site_root, content = output.resolve(), site_root.resolve(), content.resolve()
    if output == site_root or output in site_root.parents:
        raise OutputError(f"output folder {output} is, or contains, the site folder; choose a subfolder like _site")
    if output == content or output in content.parents:
        raise OutputError(f"output folder {output} is, or contains, the content folder")
    if content in output.parents:
        raise OutputError(f"output folder {output} is inside the content folder")
    if output.exists() and not output.is_dir():
        raise OutputError(f"output path {output} exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise OutputError(f"output folder {output} exists, is not empty, and was not made by artsite; "
                          "refusing to replace it (delete it or choose another --output)")


def recover(output: Path) -> None:
    """Finish or undo a swap a killed build left half done, and clear stale staging folders."""
    parent = output.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(OLD_PREFIX + output.name + "-*"))
    if olds and not output.exists():
        olds[-1].rename(output)  # the swap was interrupted between its two renames
        olds = olds[:-1]
    for leftover in [*olds, *parent.glob(STAGING_PREFIX + output.name + "-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0


BATCH = 32


def _run_batch(batch: list[tuple[Callable[..., None], tuple[object, ...]]]) -> None:
    for job, args in batch:
        job(*args)


def _write_file(path: Path, data: bytes, new_folder: bool) -> None:
    """Runs in a writer thread. Another thread may still be creating the folder, so a missing
    folder is created here too (mkdir with exist_ok is safe to race)."""
    if new_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = open(path, "wb")  # noqa: SIM115 - reopened below when the folder was not there yet
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "wb")  # noqa: SIM115
    with handle:
        handle.write(data)


def _link_file(previous: Path, path: Path, new_folder: bool) -> None:
    """Runs in a writer thread: link (or, across file systems, copy) an unchanged file."""
    if new_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(previous, path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.link(previous, path)
    except OSError:
        shutil.copyfile(previous, path)


class OutputWriter:
    """Collects the new site in a staging folder beside the output folder (same file system)."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        recover(self.output)
        self.staging = self.output.parent / f"{STAGING_PREFIX}{self.output.name}-{uuid.uuid4().hex[:8]}"
        self.staging.mkdir()
        self.written: dict[str, str] = {}  # relative path -> who wrote it
        self.folders: set[Path] = {self.staging}  # created by this (main) thread
        self.claimed: set[Path] = {self.staging}  # handed to a writer thread, maybe not created yet
        self.reused: set[str] = set()
        # Writing a page is a mkdir and an open: system calls that release the GIL, so a few
        # threads hide the file system's latency while the main thread renders the next page.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="artsite-write")
        self._pending: list[Future[None]] = []
        self._batch: list[tuple[Callable[..., None], tuple[object, ...]]] = []

    def target(self, rel: str, owner: str, create_folder: bool = True) -> Path:
        """The staging path for `rel`, after checking it is new and stays inside the site."""
        clean = rel.replace("\\", "/").lstrip("/")
        parts = clean.split("/")
        if not clean or any(p in ("", ".", "..") for p in parts) or "\x00" in clean:
            raise OutputError(f"{owner}: refusing to write unsafe output path {rel!r}")
        if clean in self.written:
            raise OutputError(f"two outputs claim /{clean}: {self.written[clean]} and {owner}")
        # The checks above are lexical on purpose: the staging folder is new and only this writer
        # (and the image pipeline, which checks its own paths) creates entries in it, so no symlink
        # can be on the way, and resolving every path would cost a second per thousand pages.
        path = self.staging / clean
        self.written[clean] = owner
        folder = path.parent
        if create_folder and folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        return path

    def write_text(self, rel: str, text: str, owner: str) -> None:
        """Queue a text file; `flush()` (and `commit()`) wait for every queued write."""
        path, new_folder = self._claim(rel, owner)
        self._queue(_write_file, path, text.encode("utf-8"), new_folder)

    def _claim(self, rel: str, owner: str) -> tuple[Path, bool]:
        """Like `target()`, but leaves creating the folder to the thread that writes the file."""
        path = self.target(rel, owner, create_folder=False)
        new_folder = path.parent not in self.claimed and path.parent not in self.folders
        self.claimed.add(path.parent)
        return path, new_folder

    def _queue(self, job: Callable[..., None], *args: object) -> None:
        """Jobs go to the threads in batches: a future per file would cost more than the file."""
        self._batch.append((job, args))
        if len(self._batch) >= BATCH:
            self._pending.append(self._pool.submit(_run_batch, self._batch))
            self._batch = []

    def flush(self) -> None:
        """Wait for queued writes; the first failure (a full disk, say) is raised here."""
        if self._batch:
            self._pending.append(self._pool.submit(_run_batch, self._batch))
            self._batch = []
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()

    def write_bytes(self, rel: str, data: bytes, owner: str) -> None:
        self.target(rel, owner).write_bytes(data)

    def copy_file(self, source: Path, rel: str, owner: str) -> None:
        shutil.copyfile(source, self.target(rel, owner))

    def reuse(self, rel: str, owner: str) -> bool:
        """Queue a hard link to an unchanged file of the previous build; False when it is not there."""
        previous = self.output / rel
        if not previous.is_file():
            return False
        path, new_folder = self._claim(rel, owner)
        self._queue(_link_file, previous, path, new_folder)
        self.reused.add(rel)
        return True

    def commit(self) -> None:
        """Swap the staging folder in; the old site is removed only after the new one is in place.

        Where the kernel can exchange two paths in one step (Linux renameat2), there is no moment
        without a site at the output path, even if the process is killed mid-swap; elsewhere the
        two renames leave a window that `recover()` closes on the next build.
        """
        self.flush()
        self._pool.shutdown()
        (self.staging / MARKER).write_text("built by artsite; this folder is replaced on every build\n")
        if self.output.exists() and exchange(self.staging, self.output):
            shutil.rmtree(self.staging, ignore_errors=True)  # now holds the previous site
            return
        old = None
        if self.output.exists():
            old = self.output.parent / f"{OLD_PREFIX}{self.output.name}-{uuid.uuid4().hex[:8]}"
            self.output.rename(old)
        self.staging.rename(self.output)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)
        shutil.rmtree(self.staging, ignore_errors=True)

"""Writing the site atomically: stage everything, then swap it in only when the build succeeded.

A failed or killed build therefore leaves the last good site exactly as it was. The writer also
refuses to write one path twice (two pages claiming a URL) and anything that would land outside
the output folder, whatever a permalink or file name says.

Staging a whole site for a one-post edit would cost a link per page plus deleting the old tree
after the swap. So, when the cache folder is on the output's file system, the tree the swap
moved out is kept as a *spare* and becomes the next build's staging folder: it already holds
nearly every file, and only what changed is written, linked or removed. Nothing about the
spare's state is trusted: each reused file is checked to be the very file (inode) of the live
site, everything written replaces its entry instead of editing it (the spare shares inodes with
the live site), and a final sweep deletes whatever this build did not produce. A killed build
therefore leaves at worst a muddled spare, which the next build puts right.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from generator.fsentry import make_room
from generator.readfile import read_regular

try:
    import fcntl
except ImportError:  # Windows: no spare folder, every build stages afresh
    fcntl = None  # type: ignore[assignment]

MARKER = ".artsite-output"  # written into every build so we only ever replace our own output
STAGING_PREFIX = ".artsite-build-"
OLD_PREFIX = ".artsite-old-"


class OutputError(Exception):
    pass


# Files artsite (and its built-in plugins) writes itself, and files hosts read as settings. A page
# whose permalink lands on one, inside one, or where one's folder must go would be overwritten
# or would wipe it; `reserved_conflict` names the file so that is an error at the permalink.
GENERATED = (MARKER, "robots.txt", "sitemap.xml", "provenance.json", "_headers", "_redirects",
             ".well-known/tdmrep.json")
FEEDS = {"atom": "feed.xml", "json": "feed.json"}


def reserved_conflict(rel: str, reserved: frozenset[str]) -> str | None:
    """The generated file `rel` (an output path) collides with, or None: `rel` is that file, or
    lies inside it (as if it were a folder), or is a folder holding it. Asked for every page, so
    it looks up `rel` and its folders instead of comparing it with every reserved name."""
    if rel in reserved:
        return rel
    parts = rel.split("/")
    for end in range(1, len(parts)):
        folder = "/".join(parts[:end])
        if folder in reserved:
            return folder
    holding = _folders_of(reserved).get(rel)
    if holding is not None:
        return holding
    if parts[0].startswith(MARKER):
        return MARKER
    return None


@functools.lru_cache(maxsize=8)
def _folders_of(reserved: frozenset[str]) -> dict[str, str]:
    """Each folder that holds a reserved file, with one such file (the first in sorted order)."""
    folders: dict[str, str] = {}
    for name in sorted(reserved):
        parts = name.split("/")
        for end in range(1, len(parts)):
            folders.setdefault("/".join(parts[:end]), name)
    return folders


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


def recover(output: Path, spare: Path | None = None) -> None:
    """Finish or undo a swap a killed build left half done, and clear stale staging folders
    (but not the spare, which may sit beside an output that lives in the cache folder).

    Names must match exactly: `_site-dev`'s folders share the prefix of `_site`'s."""
    parent = output.parent
    if not parent.is_dir():
        return
    olds = sorted(_leftovers(parent, OLD_PREFIX, output.name), key=lambda path: path.stat().st_mtime_ns)
    if olds and not output.exists():
        olds[-1].rename(output)  # the swap was interrupted between its two renames: the newest is the site
        olds = olds[:-1]
    for leftover in [*olds, *_leftovers(parent, STAGING_PREFIX, output.name)]:
        if leftover != spare:
            shutil.rmtree(leftover, ignore_errors=True)


def _leftovers(parent: Path, prefix: str, name: str) -> list[Path]:
    pattern = re.compile(re.escape(prefix + name) + r"-[0-9a-f]{8}")
    return [path for path in parent.glob(prefix + name + "-*") if pattern.fullmatch(path.name) and path.is_dir()]


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


def write_file(path: Path, data: bytes, replace: bool = True, new_folder: bool = True) -> None:
    """Runs in a writer thread. An old entry is replaced, never truncated: in a reused staging
    folder it may be the live site's file. Folders are made here too (mkdir is safe to race).

    `replace` (something may stand at the path) and `new_folder` (its folder may be missing) are
    hints from the writer, which knows: every needless system call costs this thread a wait for
    the GIL while the main thread renders. A wrong hint only takes the slower path below."""
    if replace:
        make_room(path)
    elif new_folder:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = open(path, "xb")  # noqa: SIM115 - reopened below when the way was not clear
    except OSError:
        make_room(path)
        handle = open(path, "xb")  # noqa: SIM115
    with handle:
        handle.write(data)


def _link_files(output: str, staging: str, rels: list[str]) -> list[str]:
    """Runs in a writer thread: link (or, across file systems, copy) unchanged files of the live
    site into the staging folder. In a reused staging folder each is usually there already as
    that very file, and then nothing is done. Returns the files the live site did not have."""
    missing = []
    for rel in rels:
        previous, path = f"{output}/{rel}", f"{staging}/{rel}"
        try:
            source = os.stat(previous)
        except OSError:
            missing.append(rel)
            continue
        with contextlib.suppress(OSError):
            if os.path.samestat(os.lstat(path), source):
                continue
        _link_file(Path(previous), Path(path))
    return missing


def _link_file(previous: Path, path: Path) -> None:
    make_room(path)
    try:
        os.link(previous, path)
    except OSError:
        shutil.copyfile(previous, path)


def spare_folder(cache_dir: Path, output: Path) -> Path | None:
    """Where the previous site is kept for reuse: in the cache folder, when that shares the output's
    file system (a swap can only exchange folders on one file system)."""
    output = output.resolve()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        if os.stat(cache_dir).st_dev != os.stat(output.parent).st_dev:
            return None
    except OSError:
        return None
    tag = hashlib.blake2b(str(output).encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return cache_dir.resolve() / f"{STAGING_PREFIX}{output.name}-{tag}"


Inventory = tuple[frozenset[str], frozenset[str]]  # (files, folders) of a tree, relative


class OutputWriter:
    """Collects the new site in a staging folder beside the output folder (same file system)."""

    def __init__(self, output: Path, spare: Path | None = None, known: Inventory | None = None,
                 same: frozenset[str] | None = None) -> None:
        """`known` is what the spare holds, and `same` the files it shares with the live site, when a
        long-running process (serve) knows them for sure: it wrote both trees itself and nothing
        else touched them since. Then the spare is not walked, and those files are not checked."""
        self.output = output.resolve()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        recover(self.output, spare)
        self._present: set[str] = set()  # what a reused staging folder held when this build began
        self._present_folders: set[str] = set()
        self._walk: threading.Thread | None = None
        self._walk_error: BaseException | None = None
        self._lock = _lock(spare) if spare is not None else None
        self.recycled = self._lock is not None
        self.inventory: Inventory | None = None  # of the committed site, once commit() ran
        if self._lock is not None and spare is not None:
            self.staging = spare
            self._recycle(spare, known)
        else:
            self.staging = self.output.parent / f"{STAGING_PREFIX}{self.output.name}-{os.urandom(4).hex()}"
            self.staging.mkdir()
        self.kept: set[str] = set()  # placed in the staging folder by others (the image pipeline)
        self.written: dict[str, str] = {}  # relative path -> who wrote it
        self._folders: dict[str, str] = {}  # folders of written paths -> one file inside (for messages)
        self._claimed: set[str] = set()  # folders a queued write creates, if they are not there yet
        self.reused: list[str] = []  # relative paths taken unchanged from the previous output
        self.settled: frozenset[str] = frozenset()  # reused and now the same file in staging and live site
        self._same = same if self.recycled and same else frozenset()
        # Writing a page is a mkdir and an open: system calls that release the GIL, so a few
        # threads hide the file system's latency while the main thread renders the next page.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="artsite-write")
        self._pending: list[Future[None]] = []
        self._batch: list[tuple[Callable[..., None], tuple[object, ...]]] = []

    def claim(self, rel: str, owner: str) -> str:
        """Check that `rel` is new and stays inside the site, and record who writes it; the clean
        relative path."""
        if self._walk is not None:
            self.ready()
        clean = rel.replace("\\", "/").lstrip("/")
        parts = clean.split("/")
        if not clean or any(p in ("", ".", "..") for p in parts) or "\x00" in clean or parts[0] == MARKER:
            raise OutputError(f"{owner}: refusing to write unsafe output path {rel!r}")
        if clean in self.written:
            raise OutputError(f"two outputs claim /{clean}: {self.written[clean]} and {owner}")
        if clean in self._folders:  # a file where another output's folder is: one would wipe the other
            raise OutputError(f"{owner}: /{clean} is a folder of other outputs (such as "
                              f"/{self._folders[clean]}), so it cannot also be a file")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
        for folder in ancestors:
            if folder in self.written:
                raise OutputError(f"two outputs collide at /{folder}: {self.written[folder]} writes it as a file "
                                  f"and {owner} needs it as a folder (for /{clean})")
        for folder in ancestors:
            self._folders.setdefault(folder, clean)
        self.written[clean] = owner
        return clean

    def target(self, rel: str, owner: str) -> Path:
        """The staging path for `rel`, after checking it is new and stays inside the site, with
        the way cleared: its folder made, and whatever a reused staging folder held there removed.

        The checks in claim() are lexical on purpose: only this writer (and the image pipeline,
        which checks its own paths) creates entries in the staging folder, and a reused one has had
        every symlink removed first (see _recycle), so no symlink can be on the way; resolving
        every path would cost a second per thousand pages."""
        path = self.staging / self.claim(rel, owner)
        make_room(path)
        return path

    def write_text(self, rel: str, text: str, owner: str) -> None:
        """Queue a text file; `flush()` (and `commit()`) wait for every queued write."""
        clean = self.claim(rel, owner)
        path = self.staging / clean  # the writer thread makes the folder
        folder = clean.rsplit("/", 1)[0] if "/" in clean else ""
        new_folder = bool(folder) and folder not in self._present_folders and folder not in self._claimed
        self._claimed.add(folder)
        self._queue(write_file, path, text.encode("utf-8"), clean in self._present, new_folder)

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

    def keep(self, rels: list[str]) -> None:
        """Files someone else placed in the staging folder (images): the final sweep keeps them."""
        self.kept.update(rel.lstrip("/") for rel in rels)

    # --- what plugins use to work on files already in the new site -----------------------------
    # A plugin never touches the staging folder itself: in a reused one a file may be the live
    # site's very inode, or a hard link into the image cache, so editing it in place would change
    # the published site (or the cache) before the swap. These methods keep that rule for it.

    def _placed(self, rel: str) -> Path:
        """The staging path of a file this build already wrote, reused or had placed."""
        clean = rel.replace("\\", "/").lstrip("/")
        if clean not in self.written and clean not in self.kept:
            raise OutputError(f"/{clean} is not part of this build's site")
        self.ready()
        self.flush()
        return self.staging / clean

    def read_placed(self, rel: str) -> bytes | None:
        """The bytes of a file of the new site (a page, an image the pipeline placed), or None
        when the build has no such file on disk."""
        try:
            return read_regular(self._placed(rel))
        except (OSError, OutputError):
            return None

    def replace_placed(self, rel: str, data: bytes) -> None:
        """Give a file of the new site new bytes: a new file under the same name, never an edit."""
        write_file(self._placed(rel), data)

    def export(self, rels: list[str], folder: Path) -> None:
        """Put these files of the new site into `folder` (outside the site) for a tool that reads
        files from disk (Pagefind): hard links where possible, copies otherwise."""
        for rel in rels:
            source, target = self._placed(rel), folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:  # another file system, or links not allowed: a copy does the same
                shutil.copyfile(source, target)

    def reuse(self, rel: str, owner: str) -> None:
        """Take an unchanged file from the previous build. Nothing touches the disk yet: the
        checks and links run in bulk in `settle_reused()`, which says which files were missing."""
        self.reused.append(self.claim(rel, owner))

    def settle_reused(self) -> list[str]:
        """Link every reused file into the staging folder, in the writer threads; returns the ones
        the previous output no longer has (someone deleted them), now free to be written anew."""
        self.settled |= frozenset(self.reused)
        same = self._same
        rels = [rel for rel in self.reused if rel not in same] if same else self.reused
        self.reused = []
        size = max(64, len(rels) // 8)
        jobs = [self._pool.submit(_link_files, str(self.output), str(self.staging), rels[i:i + size])
                for i in range(0, len(rels), size)]
        missing = [rel for job in jobs for rel in job.result()]
        for rel in missing:
            del self.written[rel]
        self.settled -= set(missing)
        return missing

    def commit(self) -> None:
        """Swap the staging folder in; the old site is removed only after the new one is in place.

        Where the kernel can exchange two paths in one step (Linux renameat2), there is no moment
        without a site at the output path, even if the process is killed mid-swap; elsewhere the
        two renames leave a window that `recover()` closes on the next build.
        """
        self.ready()
        self.flush()
        self._pool.shutdown()
        wanted = frozenset(self.written) | self.kept
        folders = {rel.rsplit("/", 1)[0] for rel in wanted if "/" in rel}
        folders |= {"/".join(f.split("/")[:i]) for f in list(folders) for i in range(1, f.count("/") + 1)}
        if self.recycled:
            self._sweep(wanted, frozenset(folders))
        self.inventory = (wanted, frozenset(folders))
        marker = self.staging / MARKER
        make_room(marker)
        marker.write_text("built by artsite; this folder is replaced on every build\n")
        try:
            if self.output.exists() and exchange(self.staging, self.output):
                if not self.recycled:  # the staging path now holds the previous site
                    shutil.rmtree(self.staging, ignore_errors=True)
                return
            old = None
            if self.output.exists():
                old = self.output.parent / f"{OLD_PREFIX}{self.output.name}-{os.urandom(4).hex()}"
                self.output.rename(old)
            self.staging.rename(self.output)
            if old is not None:
                if self.recycled:
                    old.rename(self.staging)
                else:
                    shutil.rmtree(old, ignore_errors=True)
        finally:
            self._unlock()

    def abort(self, drop_spare: bool = False) -> None:
        """Give up the build. A reused staging folder is kept for the next build (it puts right
        whatever this one left), unless the failure was the disk's: then its space is given back."""
        if self._walk is not None:
            self._walk.join()
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)
        if not self.recycled or drop_spare:
            shutil.rmtree(self.staging, ignore_errors=True)
        self._unlock()

    def _recycle(self, spare: Path, known: Inventory | None) -> None:
        """Make the spare usable as a staging folder, whatever a killed build left in it."""
        if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
            spare.unlink()
        spare.mkdir(exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            (spare / MARKER).unlink()  # a half-synced spare must never look like a finished site
        if known is not None:
            self._present, self._present_folders = set(known[0]), set(known[1])
        else:  # walked in the background; nothing is written before it is done (see claim)
            self._walk = threading.Thread(target=self._take_stock, args=(spare,), name="artsite-spare", daemon=True)
            self._walk.start()

    def _take_stock(self, spare: Path) -> None:
        try:
            self._present, self._present_folders = _inventory(spare)
        except BaseException as exc:  # raised again in the thread that waits for it
            self._walk_error = exc

    def ready(self) -> None:
        """Wait until the spare folder has been taken stock of (and its symlinks removed)."""
        if self._walk is not None:
            self._walk.join()
            self._walk = None
            if self._walk_error is not None:
                raise self._walk_error

    def _sweep(self, wanted: frozenset[str], folders: frozenset[str]) -> None:
        """Delete from the reused staging folder everything this build did not produce."""
        for rel in self._present - wanted:
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):  # gone, or its folder now a file
                os.unlink(self.staging / rel)
        for rel in sorted(self._present_folders - folders, key=len, reverse=True):
            shutil.rmtree(self.staging / rel, ignore_errors=True)

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _inventory(root: Path) -> tuple[set[str], set[str]]:
    """The files and folders below `root`, relative; symlinks and other odd entries are removed
    on the way, since a hand edit of the live site could have put one there."""
    files: set[str] = set()
    folders: set[str] = set()
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    stack.append((rel + "/", Path(entry.path)))
                elif entry.is_file(follow_symlinks=False):
                    files.add(rel)
                else:
                    os.unlink(entry.path)
    return files, folders


def _lock(spare: Path) -> IO[bytes] | None:
    """One build at a time may reuse a spare; a second, concurrent one stages afresh."""
    if fcntl is None:
        return None
    try:
        handle = open(spare.with_name(spare.name + ".lock"), "wb")  # noqa: SIM115 - held until commit
    except OSError:
        return None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle

"""Reading and splitting the front matter of many new files at once, in worker processes.

PyYAML's constructor is pure Python: on a clean build of a large blog, parsing front matter was
a tenth of the build on one core while the other idled. When enough files are missing from the
build cache, forked workers read and parse them and send back exactly what the cache stores for
a file (its hash and its parse), so the build then reads every page from the cache as usual.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.content.loader import SourceFile, content_hash
from generator.content.pages import parse_source
from generator.pipeline.cache import BuildCache, FileEntry
from generator.pipeline.workers import can_fork, fork_context
from generator.readfile import read_regular

PARALLEL_THRESHOLD = 150


def preparse(sources: Iterable[SourceFile], cache: BuildCache, workers: int,
             before_fork: Callable[[], None] = lambda: None) -> None:
    """Fill the cache for files it does not hold yet; a file that cannot be read is left for the
    build to report, where it reads that file itself."""
    missing = [str(source.path) for source in sources if _needs_parse(cache, source.path)]
    if len(missing) < PARALLEL_THRESHOLD or workers < 2 or not can_fork():
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(16, len(missing) // (workers * 4))
    before_fork()
    with ProcessPoolExecutor(workers, mp_context=fork_context()) as pool:
        for path, entry in pool.map(_parse_file, missing, chunksize=chunk):
            if entry is not None:
                cache.store_file(Path(path), entry)


def _needs_parse(cache: BuildCache, path: Path) -> bool:
    try:
        return cache.file_entry(path)[1] is None
    except OSError:
        return False


def _parse_file(path: str) -> tuple[str, FileEntry | None]:
    """In a worker: the file's entry exactly as the cache keeps it."""
    try:
        stat = os.stat(path)
        raw = read_regular(path)
    except OSError:
        return path, None
    return path, FileEntry(stat.st_mtime_ns, stat.st_size, content_hash(raw), parse_source(raw))

"""ImagePipeline: plan derivatives quickly at render time, encode them later in a process pool.

request() only reads headers (or nothing at all on a warm run, thanks to the probe index) so page
rendering is not held up; run() does the expensive work once per distinct source (by content hash).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import features

from generator.fsentry import make_room

from .budget import Budget, run_jobs
from .cache import ImageCache
from .decodecost import MAX_FRAMES
from .jobs import ANIMATION_BUDGET, Job, JobResult, Op
from .naming import check_url_dir, output_path, slugify
from .probe import ProbeInfo, file_sha256, probe
from .settings import EXTENSION, MIME, ORIGINALS_MODES, ImageSettings, ImageStats, ResponsiveImage, Variant

Problems = Callable[[str, str], None]
_CLEANABLE = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
_OWN_EXTENSION = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def variant_widths(wanted: Iterable[int], source_width: int) -> list[int]:
    """Requested widths that fit, plus the source width when some requested width would upscale."""
    widths = {w for w in wanted if w <= source_width}
    if any(w > source_width for w in wanted):
        widths.add(source_width)
    return sorted(widths)


def fallback_format(info: ProbeInfo) -> str:
    """JPEG, unless the image has transparency to keep: an opaque PNG's PNG fallback weighed 30x
    its WebP."""
    return "png" if info.alpha else "jpeg"


def fallback_width(widths: list[int], wanted: int) -> int:
    """The one width the fallback is made at: the planned width nearest `wanted` (the smaller on
    a tie), so a thumbnail grid and a work page share one file."""
    return min(widths, key=lambda w: (abs(w - wanted), w))


@dataclass
class _Placement:
    url: str
    cache_path: Path
    sha: str


@dataclass
class _Queue:
    jobs: dict[str, Job] = field(default_factory=dict)
    placements: dict[str, _Placement] = field(default_factory=dict)  # url -> placement
    images: dict[str, list[tuple[Path, ResponsiveImage]]] = field(default_factory=dict)  # sha -> users
    names: dict[str, str] = field(default_factory=dict)  # url_dir + slug -> sha that owns the name
    failed_sources: set[str] = field(default_factory=set)
    reported: set[tuple[str, str]] = field(default_factory=set)


class ImagePipeline:
    def __init__(self, settings: ImageSettings, cache_dir: Path, problems: Problems | None = None) -> None:
        self.settings = settings
        self.cache = ImageCache(Path(cache_dir))
        self._problems = problems
        self._formats = tuple(f for f in settings.formats if f != "avif" or features.check("avif"))
        self._signature = f"q{settings.quality}|meta{int(settings.keep_metadata)}"  # jobs.py's encoders too
        self._queue = _Queue()
        self.placed: list[str] = []  # URLs the last run() put into the output folder

    # ----------------------------------------------------------------- planning (fast)
    def request(self, source: Path, url_dir: str, role: str, originals: str | None = None,
                private_text: bool = False) -> ResponsiveImage:
        """Plan one use of an image. `private_text`: the prompt is hidden where it is shown, so
        derivatives keep no generation text even with keep_metadata."""
        url_dir = check_url_dir(url_dir)
        widths_wanted = self.settings.widths_for(role)
        mode = originals if originals is not None else self.settings.originals
        if mode not in ORIGINALS_MODES:
            raise ValueError(f"originals must be one of {ORIGINALS_MODES}, not {mode!r}")
        path = Path(source)
        info = self._probe(path)
        if info.error:
            return self._failed(path, info.error)
        image = ResponsiveImage(path, info.width, info.height, animated=info.animated)
        self._queue.images.setdefault(info.sha, []).append((path, image))
        job = self._job(path, info, private_text and self.settings.keep_metadata)
        slug = self._slug(path, url_dir, info)
        widths = variant_widths(widths_wanted, info.width)
        if info.animated:
            self._plan_animated(image, job, info, url_dir, slug, widths)
        else:
            self._plan_still(image, job, info, url_dir, slug, widths, role)
        if mode != "none":
            self._plan_original(image, job, info, url_dir, slug, mode)
        return image

    def _probe(self, path: Path) -> ProbeInfo:
        try:
            stat = path.stat()
        except OSError as exc:
            return ProbeInfo("", error=f"cannot read image: {exc.strerror or exc}")
        cached = self.cache.lookup_probe(path, stat)
        if cached is not None:
            return cached
        try:
            sha = file_sha256(path)
        except OSError as exc:
            return ProbeInfo("", error=f"cannot read image: {exc.strerror or exc}")
        info = probe(path, sha, self.settings.max_pixels, self.settings.memory_limit)
        if not info.error:  # a refusal depends on the limits, which the artist may raise
            self.cache.store_probe(path, stat, info)
        return info

    def _failed(self, path: Path, message: str) -> ResponsiveImage:
        self._queue.failed_sources.add(str(path))
        self._report(path, message)
        return ResponsiveImage(path, 0, 0, error=message)

    def _report(self, path: Path, message: str, queue: _Queue | None = None) -> None:
        """Warn once per (file, message) per run, always naming the file."""
        reported = (queue or self._queue).reported
        key = (str(path), message)
        if self._problems is not None and key not in reported:
            reported.add(key)
            self._problems(str(path), message)

    def _job(self, path: Path, info: ProbeInfo, private_text: bool) -> Job:
        key = f"{info.sha}|private" if private_text else info.sha  # a different job: other bytes out
        job = self._queue.jobs.get(key)
        if job is None:
            s = self.settings
            job = Job(info.sha, str(path), info.format, s.quality, s.keep_metadata, s.max_pixels,
                      private_text=private_text, avif_quality=s.avif_quality,
                      pixels=info.width * info.height * max(1, info.frames))
            self._queue.jobs[key] = job
        return job

    def _slug(self, path: Path, url_dir: str, info: ProbeInfo) -> str:
        """Deterministic per request order: the first source keeps the plain slug, later clashes get a hash."""
        slug = slugify(path.stem)
        owner = self._queue.names.setdefault(f"{url_dir}{slug}", info.sha)
        if owner == info.sha:
            return slug
        unique = f"{slug}-{info.sha[:8]}"
        self._queue.names.setdefault(f"{url_dir}{unique}", info.sha)
        return unique

    def _variant(self, job: Job, url: str, kind: str, width: int, height: int, fmt: str) -> Variant:
        ext = EXTENSION.get(fmt, fmt)
        signature = (self._signature + ("|private" if job.private_text else "")) if kind in ("still", "anim") else ""
        cache_path = self.cache.object_path(job.sha, kind, width, fmt, ext, signature)
        op = Op(kind, width, fmt, str(cache_path))
        if op not in job.ops:
            job.ops.append(op)
        taken = self._queue.placements.get(url)
        if taken is not None and taken.cache_path != cache_path:
            # Another file already has this address (an original named "fox-800.png" beside the
            # 800 px fallback of "fox.png"): this one gets its source's hash, never overwrites.
            stem, dot, suffix = url.rpartition(".")
            url = f"{stem}-{job.sha[:8]}{dot}{suffix}"
        self._queue.placements[url] = _Placement(url, cache_path, job.sha)
        return Variant(url, width, height, MIME.get(fmt, "application/octet-stream"))

    def _plan_still(
        self, image: ResponsiveImage, job: Job, info: ProbeInfo, url_dir: str, slug: str, widths: list[int],
        role: str = "display",
    ) -> None:
        formats = [*self._formats]
        fallback = fallback_format(info) if self.settings.fallback or not formats else None
        avif_widths = [w for w in widths if w >= self.settings.avif_min_width and (
            role == "display" or self.settings.avif_min_width == 0)]
        if "webp" not in formats:  # AVIF alone: it must cover every width
            avif_widths = widths
        webp_widths = widths
        if "avif" in formats and not self.settings.webp_beside_avif:
            # One modern file per width: a browser that reads AVIF takes the AVIF <source> and never
            # fetches a WebP of the same width, and one that reads only WebP (Safari 14-15) still
            # gets the narrower WebPs, which the grid makes anyway. The 1024 px WebP beside the
            # 1024 px AVIF was the costliest encode of a default build (benchmarks/README.md#images-benchmarksimagespy).
            webp_widths = [w for w in widths if w not in avif_widths]
        for fmt in [*formats, *([fallback] if fallback else [])]:
            if fmt == fallback:
                fmt_widths = [fallback_width(widths, self.settings.fallback_width)]
            elif fmt == "avif":
                fmt_widths = avif_widths
            else:
                fmt_widths = webp_widths
            variants = [
                self._variant(job, f"{url_dir}{slug}-{w}.{EXTENSION[fmt]}", "still", w, _height(info, w), fmt)
                for w in fmt_widths
            ]
            if fmt == fallback:
                image.fallback = variants
            elif variants:
                image.sources[MIME[fmt]] = variants
        if not image.fallback:
            image.fallback = next(iter(image.sources.values()))

    def _plan_animated(
        self, image: ResponsiveImage, job: Job, info: ProbeInfo, url_dir: str, slug: str, widths: list[int]
    ) -> None:
        if ("webp" in self._formats and info.frames <= MAX_FRAMES
                and info.frames * info.width * info.height <= ANIMATION_BUDGET):
            image.sources[MIME["webp"]] = [
                self._variant(job, f"{url_dir}{slug}-{w}.webp", "anim", w, _height(info, w), "webp")
                for w in widths
            ]
        own = _OWN_EXTENSION.get(info.format, "img")
        url = f"{url_dir}{slug}-{info.width}-anim.{own}"  # distinct from the animated WebP at that width
        passthrough = self._variant(job, url, "strip", 0, 0, own)  # no resize, no re-encode, no metadata
        image.fallback = [Variant(url, info.width, info.height, passthrough.mime)]

    def _plan_original(
        self, image: ResponsiveImage, job: Job, info: ProbeInfo, url_dir: str, slug: str, mode: str
    ) -> None:
        own = _OWN_EXTENSION.get(info.format)
        if own is None or (mode == "clean" and info.format not in _CLEANABLE):
            self._report(
                image.source, f"original not published: cannot {mode}-copy {info.format or 'this'} files"
            )
            return
        url = f"{url_dir}{slug}.{own}"
        image.original_url = self._variant(job, url, "copy" if mode == "exact" else "clean", 0, 0, own).url

    # ----------------------------------------------------------------- execution (slow)
    def run(self, output_dir: Path, progress: bool = False) -> ImageStats:
        started = time.perf_counter()
        queue, self._queue = self._queue, _Queue()
        pending, reused = [], 0
        for job in queue.jobs.values():
            missing = [op for op in job.ops if not os.path.exists(op.cache_path)]
            if missing:
                pending.append(replace(job, ops=missing))
            else:
                reused += 1
        results, complete = self._execute(pending, progress and sys.stdout.isatty())
        for result in results:
            if result.write_error is not None:  # a full disk fails the build; the last good site stays
                raise OSError(*result.write_error)
        failed_shas = {r.sha for r in results if r.error}
        for result in results:
            if result.error:
                for path, image in queue.images.get(result.sha, []):
                    image.error = result.error
                    self._report(path, result.error, queue)
        self._place(queue, Path(output_dir), failed_shas)
        if complete:
            used = {Path(op.cache_path) for job in queue.jobs.values() for op in job.ops}
            self.cache.prune(used)
        self.cache.save_index(prune=complete)
        processed = len(results) - len(failed_shas)
        failed = len(failed_shas) + len(queue.failed_sources)
        return ImageStats(processed, reused, failed, time.perf_counter() - started)

    def _execute(self, jobs: list[Job], show: bool) -> tuple[list[JobResult], bool]:
        """Run jobs, each in a worker under the time and memory budget (budget.py). The bool says
        whether every job ran to an answer; it always does now, since a worker that dies or overruns
        fails only its own job, and the cache may be pruned."""
        if not jobs:
            return [], True
        cores = os.cpu_count() or 1
        workers = min(self.settings.workers or cores, len(jobs))
        # The cores the pool leaves idle go to AVIF's own threads (one each when every core has a job).
        threads = max(1, cores // workers)
        # Largest first: a big picture handed out last would leave the other cores idle while it
        # ran alone; the small ones fill in behind it.
        jobs = sorted((replace(job, avif_threads=threads) for job in jobs),
                      key=lambda job: job.pixels * len(job.ops), reverse=True)
        bar = _ProgressBar(len(jobs)) if show else None
        budget = Budget(self.settings.time_limit, self.settings.memory_limit)
        try:
            results = run_jobs(jobs, workers, budget, done=lambda _result: bar.step() if bar else None)
        finally:
            if bar:
                bar.close()
        return results, True

    def _place(self, queue: _Queue, output_dir: Path, failed: set[str]) -> None:
        self.placed = []
        for placement in queue.placements.values():
            if placement.sha in failed:
                continue
            if not os.path.exists(placement.cache_path):  # an original its cleaner could not handle
                for path, image in queue.images.get(placement.sha, []):
                    if getattr(image, "original_url", None) == placement.url:
                        image.original_url = None
                        self._report(path, "the original file is not published: its location and camera "
                                           "data could not be removed", queue)
                continue
            try:
                target = output_path(output_dir, placement.url)
                _link_or_copy(placement.cache_path, target)
                self.placed.append(placement.url)
            except ValueError as exc:  # an unsafe URL: that image is skipped, the build goes on
                for path, image in queue.images.get(placement.sha, []):
                    self._report(path, f"cannot write {placement.url}: {exc}", queue)
                    image.error = image.error or str(exc)


def _height(info: ProbeInfo, width: int) -> int:
    return max(1, round(info.height * width / info.width))


def _link_or_copy(cache_path: Path, target: Path) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        if os.path.samefile(cache_path, target):
            return
    make_room(target)  # replaced, never edited: the old file may be shared with the live site
    try:
        os.link(cache_path, target)
    except OSError:
        shutil.copyfile(cache_path, target)


class _ProgressBar:
    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def step(self) -> None:
        self.done += 1
        filled = 30 * self.done // self.total
        sys.stderr.write(f"\rimages [{'#' * filled}{' ' * (30 - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()

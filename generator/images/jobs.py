"""The encoder. Runs inside worker processes, so everything here is picklable and self-contained.

A job is one source image and every derivative wanted from it: the source is opened and decoded once,
then sizes are produced largest first, each downscaled from the previous one (cheap and sharp enough
with LANCZOS + reducing_gap). Animated sources keep their animation as animated WebP when the total
frame area fits ANIMATION_BUDGET; otherwise only the original file is passed through unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence

from .privacy import CannotClean, clean_exif, clean_original
from .probe import pixel_limit
from .stealth import MAX_PIXELS as STEALTH_MAX_PIXELS
from .stealth import carries_stealth, scrub
from .strip import strip_all

# Total source pixels over all frames beyond which resizing an animation is not worth it.
ANIMATION_BUDGET = 40_000_000
_REDUCING_GAP = 3.0
# Measured on AI-made PNGs at 400-1024 px (benchmarks/README.md#images-benchmarksimagespy): libavif speed 10
# takes a third of speed 8's CPU for files 13% larger, still ~40% smaller than WebP.
AVIF_SPEED = 10
# WebP method 2 takes about half the CPU of methods 3 and 4 for files within 3% of their size.
WEBP_METHOD = 2
_SRGB = ImageCms.createProfile("sRGB")
_ORIENTATION_TAG = 0x0112


@dataclass(frozen=True)
class Op:
    """One derivative. kind: "still" | "anim" | "copy" (byte passthrough) | "clean" (cleaned original)
    | "strip" (byte passthrough with every piece of metadata removed)."""

    kind: str
    width: int
    fmt: str  # avif | webp | jpeg | png, or the source's own format for copy/clean
    cache_path: str


@dataclass
class Job:
    sha: str
    source: str
    source_format: str
    quality: int
    keep_metadata: bool
    max_pixels: int
    ops: list[Op] = field(default_factory=list)
    private_text: bool = False  # the artist hides the prompt: kept EXIF loses its generation text
    avif_quality: int = 50  # AVIF's own scale (ImageSettings.avif_quality)
    # Encoder threads for AVIF; 0 = libavif's default (every core). The pool already keeps every
    # core busy with one job each, and there libavif's threads cost half again as much CPU.
    avif_threads: int = 0
    pixels: int = 0  # source pixels over all frames, from the header: the pool starts big jobs first


@dataclass(frozen=True)
class JobResult:
    sha: str
    written: int
    error: str | None = None
    write_error: tuple[int, str, str] | None = None  # (errno, strerror, file): the disk failed, not the image


class CacheWriteError(OSError):
    """Writing a derivative failed (a full disk, say): the build must fail, not lose the image."""


def run_job(job: Job) -> JobResult:
    """Never raises: errors are returned so one bad file cannot take the pool down."""
    try:
        data = Path(job.source).read_bytes()
        if hashlib.sha256(data).hexdigest() != job.sha:
            return JobResult(job.sha, 0, "source changed during the build; rebuild to pick it up")
        pixel_ops = [op for op in job.ops if op.kind in ("still", "anim")]
        if not pixel_ops:
            return JobResult(job.sha, _write_byte_ops(job, data))
        with pixel_limit(job.max_pixels), Image.open(io.BytesIO(data)) as im:
            if any(op.kind == "anim" for op in pixel_ops):
                written = _write_byte_ops(job, data)
                written += _encode_animation(im, job, pixel_ops)
            else:
                hidden = _hidden_text(im, job)  # one decode serves the clean original and the sizes
                written = _write_byte_ops(job, data, hidden)
                written += _encode_still(im, job, pixel_ops, hidden)
        return JobResult(job.sha, written)
    except CacheWriteError as exc:
        return JobResult(job.sha, 0, f"cannot write the image cache: {exc.strerror or exc}",
                         write_error=(exc.errno or 0, exc.strerror or str(exc), str(exc.filename or job.source)))
    except MemoryError:  # the worker's memory budget (budget.py) ran out inside a decoder or encoder
        return JobResult(job.sha, 0, "image needs more memory to convert than images.memory_limit allows; "
                                     "it is not published")
    except Exception as exc:
        return JobResult(job.sha, 0, f"cannot convert image: {type(exc).__name__}: {exc}")


def _write_atomic(path: str, data: bytes) -> None:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheWriteError(exc.errno, exc.strerror, str(target.parent)) from exc
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:  # nothing half-written may stay: the cache trusts a file that exists
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise CacheWriteError(exc.errno, exc.strerror, str(target)) from exc


def _hidden_text(im: Image.Image, job: Job) -> bool | None:
    """Whether a still PNG/WebP's pixels carry stealth text, checked on the decoded image (before
    it is turned upright: the bits' order); None where the check is not this job's to make: JPEG
    (decoded smaller, through draft(), and lossy anyway) and images too large for the cleaner."""
    if im.format in ("JPEG", "MPO") or im.width * im.height > STEALTH_MAX_PIXELS:
        return None
    return carries_stealth(im)


def _write_byte_ops(job: Job, data: bytes, hidden: bool | None = None) -> int:
    written = 0
    for op in job.ops:
        if op.kind == "copy":
            _write_atomic(op.cache_path, data)
        elif op.kind == "clean":
            try:
                _write_atomic(op.cache_path, clean_original(data, job.source_format, hidden))
            except CannotClean:
                continue
        elif op.kind == "strip":
            _write_atomic(op.cache_path, strip_all(data, job.source_format))  # CannotClean fails the job
        else:
            continue
        written += 1
    return written


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Bring odd modes to 8-bit L/RGB/RGBA/CMYK so colour management and encoders accept them."""
    alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    if im.mode.startswith("I;16") or im.mode in ("I", "F"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")  # 16-bit: scale, don't clip
    if alpha and im.mode != "RGBA":
        return im.convert("RGBA")
    if im.mode not in ("RGB", "RGBA", "L", "CMYK"):
        return im.convert("RGB")
    return im


def _to_srgb(im: Image.Image) -> tuple[Image.Image, bytes | None]:
    """Convert to sRGB when the source carries another profile; keep the profile if conversion fails."""
    icc = im.info.get("icc_profile")
    im = _normalise_mode(im)
    alpha = im.mode == "RGBA"
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        except Exception:  # not a profile LittleCMS can read: no colour to keep, only bytes (any text)
            icc, profile = None, None
    if icc and profile is not None:
        try:
            is_srgb = "srgb" in ImageCms.getProfileDescription(profile).lower()
            if not (is_srgb and im.mode in ("RGB", "RGBA")):
                im = ImageCms.profileToProfile(im, profile, _SRGB, outputMode="RGBA" if alpha else "RGB")
            icc = None
        except Exception:
            pass  # unusual profile: keep it so colours are still interpreted correctly by browsers
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if alpha else "RGB")
    return im, icc


def _metadata(source_exif: bytes | None, job: Job, icc: bytes | None) -> dict[str, object]:
    params: dict[str, object] = {}
    if icc:
        params["icc_profile"] = icc
    if job.keep_metadata and source_exif:
        cleaned = clean_exif(source_exif, drop_orientation=True, drop_text=job.private_text)
        if cleaned:
            params["exif"] = cleaned
    return params


def _encode(im: Image.Image, fmt: str, quality: int, params: dict[str, object], **extra: object) -> bytes:
    buffer = io.BytesIO()
    im.info = {}  # resize() copies info: never let source EXIF/XMP/comments leak into a derivative
    opts: dict[str, object] = {"quality": quality, **params, **extra}
    if fmt == "jpeg":
        # Baseline with optimised Huffman tables: progressive took twice the CPU for a file within
        # 1% of the size, and the JPEG is only the old-browser fallback and the social card.
        opts.update(optimize=True)
    elif fmt == "png":
        opts = {k: v for k, v in opts.items() if k != "quality"}
    elif fmt == "webp":
        opts.setdefault("method", WEBP_METHOD)
    elif fmt == "avif":
        opts.setdefault("speed", AVIF_SPEED)
    im.save(buffer, format=fmt.upper(), **opts)
    return buffer.getvalue()


def _size(width: int, base: tuple[int, int]) -> tuple[int, int]:
    """Heights come from the full-size image, not the previous step, so they match the probe's plan."""
    w, h = base
    return width, max(1, round(h * width / w))


def _encode_still(im: Image.Image, job: Job, ops: list[Op], hidden: bool | None = None) -> int:
    w, h = im.size
    swap = im.getexif().get(_ORIENTATION_TAG, 1) in (5, 6, 7, 8)
    base = (h, w) if swap else (w, h)  # oriented full size: heights are planned from it
    if im.format in ("JPEG", "MPO"):
        tw, th = _size(max(op.width for op in ops), base)
        im.draft(im.mode, (th, tw) if swap else (tw, th))  # DCT-domain downscale: decode less
    source_exif = im.info.get("exif")
    if hidden is None:  # before rotating: the bits' order
        hidden = im.format not in ("JPEG", "MPO") and carries_stealth(im)
    ImageOps.exif_transpose(im, in_place=True)  # a copy would double the peak memory of a large image
    frame = im
    frame, icc = _to_srgb(frame)
    if hidden:  # a same-width PNG or lossless-alpha WebP would keep every hidden bit
        frame = scrub(frame)
    params = _metadata(source_exif if isinstance(source_exif, bytes) else None, job, icc)
    written = 0
    for width in sorted({op.width for op in ops}, reverse=True):
        size = _size(width, base)
        if size != frame.size:
            frame = frame.resize(size, Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
        for op in (o for o in ops if o.width == width):
            if op.fmt == "avif":
                extra = {"max_threads": job.avif_threads} if job.avif_threads else {}
                data = _encode(frame, "avif", job.avif_quality, params, **extra)
            else:
                data = _encode(frame, op.fmt, job.quality, params)
            _write_atomic(op.cache_path, data)
            written += 1
    return written


def _encode_animation(im: Image.Image, job: Job, ops: list[Op]) -> int:
    frames = [frame.convert("RGBA") for frame in ImageSequence.Iterator(im)]
    if frames and carries_stealth(frames[0]):
        frames = [scrub(frame) for frame in frames]
    durations = [frame.info.get("duration", im.info.get("duration", 100)) or 100 for frame in frames]
    loop = im.info.get("loop", 0)
    base = frames[0].size
    written = 0
    for width in sorted({op.width for op in ops}, reverse=True):
        if width < frames[0].width:
            size = _size(width, base)
            frames = [f.resize(size, Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP) for f in frames]
        for op in (o for o in ops if o.width == width):
            first = frames[0]
            data = _encode(
                first,
                "webp",
                job.quality,
                {},
                save_all=True,
                append_images=frames[1:],
                duration=durations,
                loop=loop,
            )
            _write_atomic(op.cache_path, data)
            written += 1
    return written

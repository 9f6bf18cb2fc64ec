"""Header-only probing: size, orientation, alpha, animation, without decoding pixels.

request() must stay fast (it runs while pages render), so nothing here calls load(); the decompression
bomb check happens on the header's claimed size before any worker decodes the file, and so do the
decode-cost checks (scan counts, decoded bytes, frame counts: see decodecost.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image

from .decodecost import DEFAULT_MEMORY_MB, MAX_FRAMES, decode_problem, gif_frames

_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
_ORIENTATION_TAG = 0x0112
_HASH_CHUNK = 1 << 20
_ANIMATED_FORMATS = {"GIF", "WEBP", "PNG"}


@dataclass(frozen=True)
class ProbeInfo:
    sha: str
    format: str = ""  # Pillow format name: JPEG, PNG, WEBP, GIF, ...
    width: int = 0  # oriented (display) size
    height: int = 0
    alpha: bool = False
    animated: bool = False
    frames: int = 1
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ProbeInfo:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})  # type: ignore[arg-type]


@contextlib.contextmanager
def pixel_limit(limit: int) -> Iterator[None]:
    """Temporarily make Pillow refuse images over `limit` pixels, restoring the global afterwards."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _orientation(im: Image.Image) -> int:
    # PNG keeps eXIf in info only when it precedes IDAT; asking getexif() otherwise would decode.
    if im.format == "PNG" and "exif" not in im.info:
        return 1
    try:
        return int(im.getexif().get(_ORIENTATION_TAG, 1) or 1)
    except Exception:
        return 1


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in _ALPHA_MODES or "transparency" in im.info


def probe(path: Path, sha: str, max_pixels: int, memory_mb: int = DEFAULT_MEMORY_MB) -> ProbeInfo:
    """Never raises: a bad file comes back as ProbeInfo(error=...), including one whose decoding
    would cost more time or memory than a job may spend (`memory_mb`)."""
    try:
        # Bombs bigger than 2x the limit make Image.open itself raise; between 1x and 2x it warns,
        # which pixel_limit turns into an error. The explicit check below covers the rest.
        with pixel_limit(max_pixels), Image.open(path) as im:
            width, height = im.size
            if width * height > max_pixels:
                return ProbeInfo(sha, error=f"image too large ({width}x{height} pixels; limit {max_pixels})")
            # MPO (phone JPEGs with a depth/preview frame) reports frames too, but is a still picture.
            data = path.read_bytes() if im.format in ("JPEG", "MPO", "GIF") else b""
            problem = decode_problem(data, im.format or "", im.mode, width, height, memory_mb)
            if problem:
                return ProbeInfo(sha, error=problem)
            if im.format == "GIF":  # Pillow's n_frames walks every frame in Python: count with a cap
                frames = gif_frames(data, MAX_FRAMES)
                animated = frames > 1
            else:
                animated = im.format in _ANIMATED_FORMATS and bool(getattr(im, "is_animated", False))
                frames = int(getattr(im, "n_frames", 1)) if animated else 1
            if _orientation(im) in _SWAPPING_ORIENTATIONS:
                width, height = height, width
            return ProbeInfo(sha, im.format or "", width, height, _has_alpha(im), animated, frames)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return ProbeInfo(sha, error=f"image too large (decompression bomb): {exc}")
    except Image.UnidentifiedImageError:
        return ProbeInfo(sha, error="not a readable image (unknown or corrupt format)")
    except Exception as exc:  # truncated headers, OSError, struct errors from odd plugins
        return ProbeInfo(sha, error=f"cannot read image header: {type(exc).__name__}: {exc}")

"""Value types shared by the build and the image pipeline.

They are plain frozen/simple dataclasses so the build can cache, compare and pickle them without
knowing anything about Pillow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Bump when encoder behaviour changes: it is part of every cache key, so old derivatives are rebuilt.
PIPELINE_VERSION = "4"  # 3: text hidden in pixels destroyed; 4: baseline JPEG fallback

ROLES = ("thumb", "display")
ORIGINALS_MODES = ("none", "exact", "clean")
MODERN_FORMATS = ("avif", "webp")

MIME = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
}
EXTENSION = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png", "gif": "gif"}


@dataclass(frozen=True)
class ImageSettings:
    thumb_widths: tuple[int, ...] = (400, 800)  # gallery grid (1x and 2x)
    display_widths: tuple[int, ...] = (800, 1600)  # work pages and post images
    formats: tuple[str, ...] = ("avif", "webp")  # avif dropped when Pillow can't write it
    quality: int = 80
    max_pixels: int = 100_000_000  # decompression-bomb limit, checked from the header
    originals: str = "none"  # "none" | "exact" | "clean"
    keep_metadata: bool = False  # artist opt-in: keep (privacy-cleaned) EXIF in derivatives
    workers: int = 0  # 0 = os.cpu_count()
    # Budget of one image job (images/budget.py): CPU seconds, and MB of memory beyond the worker's own.
    time_limit: float = 10.0
    memory_limit: int = 1024
    # AVIF is made only for display-size variants at least this wide, where its ~40% saving over
    # WebP is worth its encode time (benchmarks/README.md#images-benchmarksimagespy); 0 = at every width.
    avif_min_width: int = 1000
    # WebP at the widths that get AVIF too. Off: one modern file per width (every current browser
    # reads AVIF; the rest get the narrower WebPs or the fallback). On: the old, richer output.
    webp_beside_avif: bool = False
    # One JPEG (PNG for images with alpha) for browsers without WebP, at one width: the planned
    # width closest to this one. False: none, and the <img> points at the first modern format.
    fallback: bool = True
    fallback_width: int = 800

    def __post_init__(self) -> None:
        if self.originals not in ORIGINALS_MODES:
            raise ValueError(f"originals must be one of {ORIGINALS_MODES}, not {self.originals!r}")
        unknown = [f for f in self.formats if f not in MODERN_FORMATS]
        if unknown:
            raise ValueError(f"unsupported image formats: {unknown}")
        if not 1 <= self.quality <= 100:
            raise ValueError("quality must be between 1 and 100")
        for width in (*self.thumb_widths, *self.display_widths):
            if width < 1:
                raise ValueError("image widths must be positive")

    @property
    def avif_quality(self) -> int:
        """AVIF's scale runs lower than WebP's and JPEG's for the same look: sharp (behind Eleventy
        Image) pairs AVIF 50 with WebP/JPEG 80; the site's `quality` is on the WebP/JPEG scale."""
        return max(1, round(self.quality * 0.625))

    def widths_for(self, role: str) -> tuple[int, ...]:
        if role == "thumb":
            return self.thumb_widths
        if role == "display":
            return self.display_widths
        raise ValueError(f"image role must be one of {ROLES}, not {role!r}")


@dataclass(frozen=True)
class Variant:
    url: str  # site path, e.g. "/galleries/x/shark-800.webp"
    width: int
    height: int
    mime: str


@dataclass
class ResponsiveImage:
    source: Path
    width: int  # display (oriented) size of the source
    height: int
    sources: dict[str, list[Variant]] = field(default_factory=dict)  # mime -> variants, modern first
    fallback: list[Variant] = field(default_factory=list)  # source's own format family
    original_url: str | None = None
    animated: bool = False
    error: str | None = None  # set when the image is bad: markup renders a placeholder
    warning: str | None = None  # a content warning: markup labels it (generator/content/warnings.py)
    blurred: bool = False  # ... and shows it blurred until the visitor asks
    revealable: bool = True  # False for grid thumbnails: they sit in a link, where no button may go


@dataclass(frozen=True)
class ImageStats:
    processed: int
    reused: int
    failed: int
    seconds: float

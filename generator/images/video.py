"""Video works: a poster frame to show, and a copy that carries no metadata, both through PyAV.

PyAV bundles FFmpeg's libraries, so no container parser is written here and nothing is
installed beside the Python package. Phones and cameras put location, make, model and serial
numbers into a video's container tags and into extra tracks (Apple's `mebx` metadata track,
GoPro's GPMF telemetry with GPS), and ComfyUI's savers put the whole workflow, prompt included,
into a `comment` tag. So a published video is a *remux*: only its video and audio streams are
copied, packet for packet (no re-encoding, no quality lost), into a new container whose tags
are left empty. The poster is decoded pixels only, and goes through the image pipeline like
any other image.

Videos are untrusted files: the frame size is checked before anything is decoded, and the
number of packets read for a poster is bounded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.images.remux import write_remux

MIME = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime"}
# The muxer each published copy is written with, by the source's suffix.
MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".webm": "webm", ".mov": "mov"}
MAX_POSTER_PACKETS = 2_000  # a real file yields its first frame within a few packets
MAX_STREAMS = 16


class VideoError(Exception):
    """A video artsite cannot read or copy; the message says why, for a warning on the file."""


def file_hash(path: Path) -> str:
    """The same content hash the gallery loader gives works, read in chunks: videos are large."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def cached_copy(cache_root: Path, source: Path, source_hash: str) -> Path:
    """The metadata-free copy of `source`, made once per content hash in the image cache."""
    target = cache_root / "video" / source_hash / f"clean{source.suffix.lower()}"
    if not target.is_file():
        write_clean_copy(source, target)
    return target


def cached_poster(cache_root: Path, source: Path, source_hash: str, max_pixels: int) -> Path:
    """The poster frame of `source`, named after the video so its derivatives are too."""
    target = cache_root / "video" / source_hash / f"{source.stem}.png"
    if not target.is_file():
        write_poster(source, target, max_pixels)
    return target


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    duration: float | None
    has_audio: bool
    mime: str


def is_video(path: Path | str) -> bool:
    return Path(path).suffix.lower() in MIME


def _open(path: Path):  # noqa: ANN202 - av's container type is only known once av is imported
    import av  # deferred: only sites with videos load FFmpeg's libraries

    try:
        return av.open(str(path), metadata_errors="ignore")
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise VideoError(f"not a readable video ({exc})") from None


def probe(path: Path, max_pixels: int) -> VideoInfo:
    """Size, length and whether there is sound, from the container's headers."""
    with _open(path) as container:
        if not container.streams.video:
            raise VideoError("the file has no video stream")
        stream = container.streams.video[0]
        width, height = int(stream.codec_context.width or 0), int(stream.codec_context.height or 0)
        if width <= 0 or height <= 0:
            raise VideoError("the video stream has no frame size")
        if width * height > max_pixels:
            raise VideoError(f"frames of {width}×{height} are larger than images.max_pixels")
        duration = float(container.duration) / 1_000_000 if container.duration else None
        return VideoInfo(width, height, duration, bool(container.streams.audio),
                         MIME[path.suffix.lower()])


def write_poster(path: Path, target: Path, max_pixels: int) -> None:
    """The first frame as a PNG with no metadata, for thumbnails, the work page and og:image."""
    info = probe(path, max_pixels)
    with _open(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for count, packet in enumerate(container.demux(stream)):
            if count >= MAX_POSTER_PACKETS:
                break
            try:
                frames = packet.decode()
            except Exception as exc:  # av raises its own error per damaged packet
                raise VideoError(f"could not decode a frame ({exc})") from None
            for frame in frames:
                image = frame.to_image()
                if image.size != (info.width, info.height):
                    image = image.resize((info.width, info.height))
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".part")
                image.save(partial, "PNG")
                os.replace(partial, target)
                return
    raise VideoError("no frame could be decoded")


def write_clean_copy(path: Path, target: Path) -> None:
    """The video and audio streams, copied unchanged into a container with no tags, no other tracks.

    For MP4 the index goes first (`+faststart`), so a browser starts playing before the whole
    file has arrived; `+bitexact` keeps FFmpeg's own version tag out, so the same source always
    gives the same bytes."""
    muxer = MUXERS[path.suffix.lower()]
    options = {"fflags": "+bitexact"}
    if muxer in ("mp4", "mov"):
        options["movflags"] = "+faststart"

    def picture_streams(source: Any) -> list[Any]:
        kept = [s for s in source.streams if s.type in ("video", "audio")][:MAX_STREAMS]
        if not any(s.type == "video" for s in kept):
            raise VideoError("the file has no video stream")
        return kept

    write_remux(lambda: _open(path), target, muxer, options, picture_streams, VideoError,
                "could not copy the video without its metadata")

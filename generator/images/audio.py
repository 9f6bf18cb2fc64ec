"""Sound files beside posts, published as a remux that carries no tags (through PyAV, as videos).

ID3 (MP3), MP4 atoms (M4A), Vorbis comments (FLAC, Ogg) and RIFF INFO (WAV) hold the artist's
name, comments, the recording software and, in an iPhone voice memo, the place it was recorded
(`©xyz`) and the device. Cover art rides along as an attached picture with its own EXIF. The copy
keeps only the audio streams, packet for packet (no re-encoding, nothing lost to the ear), in a
new container whose tags are empty; FFmpeg's own version tag is kept out (`+bitexact`), so the
same source always gives the same bytes. No new dependency: PyAV is already there for video.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.images.remux import write_remux
from generator.images.video import MAX_STREAMS, VideoError

# The muxer each published copy is written with, by the source's suffix, and its options.
MUXERS: dict[str, tuple[str, dict[str, str]]] = {
    ".mp3": ("mp3", {"id3v2_version": "0", "write_id3v1": "0", "write_xing": "0"}),
    ".m4a": ("ipod", {"movflags": "+faststart"}),
    ".flac": ("flac", {}),
    ".ogg": ("ogg", {}),
    ".oga": ("ogg", {}),
    ".opus": ("ogg", {}),
    ".wav": ("wav", {}),
}
AUDIO_SUFFIXES = frozenset(MUXERS)


class AudioError(VideoError):
    """A sound file artsite cannot copy without its tags; the message says why."""


def cached_audio(cache_root: Path, source: Path, source_hash: str) -> Path:
    """The tag-free copy of `source`, made once per content hash in the image cache."""
    target = cache_root / "audio" / source_hash / f"clean{source.suffix.lower()}"
    if not target.is_file():
        write_clean_audio(source, target)
    return target


def write_clean_audio(path: Path, target: Path) -> None:
    """The audio streams of `path`, copied unchanged into a container with no tags."""
    import av

    muxer, extra = MUXERS[path.suffix.lower()]
    options = {"fflags": "+bitexact", **extra}

    def sound_streams(source: Any) -> list[Any]:
        kept = [s for s in source.streams if s.type == "audio"][:MAX_STREAMS]
        if not kept:
            raise AudioError("the file has no sound stream")
        return kept

    write_remux(lambda: av.open(str(path), "r", options={"probesize": str(5 << 20)}), target, muxer, options,
                sound_streams, AudioError, "could not copy the sound without its tags")

"""Copying media streams packet for packet into a new container, their tags left behind.

Videos and sound files are cleaned the same way: nothing is decoded or re-encoded, so the
pictures and sound stay bit for bit, and only what the new container is told survives. Every
container tag (location, device, encoder, a ComfyUI workflow) stays in the source.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def copy_packets(source: Any, copy: Any, kept: list[Any]) -> None:
    """Copy the `kept` streams of an open PyAV `source` into the open `copy`, without their tags."""
    mapping = {}
    for stream in kept:
        out = copy.add_stream_from_template(stream)
        out.metadata.clear()
        mapping[stream.index] = out
    for packet in source.demux(kept):
        if packet.dts is None:  # the demuxer's flush packet
            continue
        packet.stream = mapping[packet.stream.index]
        copy.mux(packet)


def write_remux(open_source: Callable[[], Any], target: Path, muxer: str, options: dict[str, str],
                choose: Callable[[Any], list[Any]], error: type[Exception], failed: str) -> None:
    """`target`: the streams `choose` picks from the opened source, copied into a new `muxer`
    container with no tags. It is written as a `.part` file first and renamed, so a failure (an
    FFmpeg error becomes `error` with the words `failed`) never leaves half a file in the cache."""
    import av

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with open_source() as source, av.open(str(partial), "w", format=muxer, options=options) as copy:
            copy.metadata.clear()
            copy_packets(source, copy, choose(source))
        os.replace(partial, target)
    except av.FFmpegError as exc:
        partial.unlink(missing_ok=True)
        raise error(f"{failed} ({exc})") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

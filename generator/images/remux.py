"""Copying media streams packet for packet into a new container, their tags left behind.

Videos and sound files are cleaned the same way: nothing is decoded or re-encoded, so the
pictures and sound stay bit for bit, and only what the new container is told survives. Every
container tag (location, device, encoder, a ComfyUI workflow) stays in the source.
"""

from __future__ import annotations

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

"""GIF: the Comment Extension and the XMP Application Extension; frames are skipped, never decoded.

Animated GIFs from A1111's AnimateDiff and from ComfyUI savers carry the infotext or workflow in a
comment (Pillow's `comment=`), and Adobe tools put XMP in an "XMP DataXMP" application block.
Blocks are walked by their sub-block lengths, a bounded number of them.
"""

from __future__ import annotations

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.extractors._common import decode_text, set_xmp

MAX_BLOCKS = 200_000
XMP_APP = b"XMP DataXMP"


def _sub_blocks(data: bytes, pos: int) -> tuple[bytes, int]:
    """The joined data of the sub-blocks starting at pos (capped), and the position after them."""
    parts: list[bytes] = []
    have = 0
    for _ in range(MAX_BLOCKS):
        if pos >= len(data):
            break
        size = data[pos]
        pos += 1
        if size == 0:
            break
        if have < MAX_TEXT_BYTES:
            parts.append(data[pos:pos + size])
            have += size
        pos += size
    return b"".join(parts), pos


class GifExtractor:
    name = "gif"
    order = 13

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container != "gif" or len(data) < 13:
            return
        bag.width, bag.height = int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
        packed = data[10]
        pos = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
        for _ in range(MAX_BLOCKS):
            if pos >= len(data) or data[pos] == 0x3B:
                return
            if data[pos] == 0x21 and pos + 1 < len(data):  # extension: label, then sub-blocks
                label = data[pos + 1]
                if label == 0xFF and data[pos + 2:pos + 3] == b"\x0b" and data[pos + 3:pos + 14] == XMP_APP:
                    pos = self._xmp(data, pos + 14, bag)
                    continue
                body, pos = _sub_blocks(data, pos + 2)
                if label == 0xFE and bag.comment is None and body:
                    bag.comment = decode_text(body) or None
            elif data[pos] == 0x2C and pos + 10 <= len(data):  # image: descriptor, colour table, LZW data
                local = data[pos + 9]
                pos += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
                _, pos = _sub_blocks(data, pos)
            else:
                bag.warnings.append("gif: block stream is broken, stopped reading")
                return

    @staticmethod
    def _xmp(data: bytes, pos: int, bag: MetadataBag) -> int:
        """XMP's application block is raw bytes (not sub-blocks) ended by a 258-byte "magic trailer"."""
        end = data.find(b"<?xpacket end=", pos, pos + MAX_TEXT_BYTES)
        close = data.find(b"?>", end) if end >= 0 else -1
        if close < 0:
            _, after = _sub_blocks(data, pos)
            return after
        if bag.xmp is None:
            set_xmp(bag, data[pos:close + 2], "gif XMP")
        trailer_end = data.find(b"\x00\x00", close + 2)  # the trailer's final 0x00 plus the terminator
        return trailer_end + 2 if trailer_end >= 0 else len(data)


EXTRACTOR = GifExtractor()

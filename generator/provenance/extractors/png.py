"""PNG text chunks (tEXt, zTXt, iTXt, before or after IDAT), eXIf, XMP and the IHDR size.

Chunks are walked by their length fields and IDAT is skipped without being read, so a 20 MB
image costs a few dozen struct unpacks. Text found after IDAT counts too: some tools append
their record after the pixels. A total decompression budget keeps many small zip bombs from
adding up to one big one.
"""

from __future__ import annotations

import re
import struct

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.extractors._common import decode_text, inflate, set_xmp, store
from generator.provenance.extractors._containers import PNG_SIGNATURE, png_chunks
from generator.provenance.extractors._exif import decode_exif
from generator.provenance.extractors._iptc import decode_iim, decode_photoshop

XMP_KEYWORD = "XML:com.adobe.xmp"
TOTAL_TEXT_BUDGET = 4 * MAX_TEXT_BYTES  # all text chunks of one file together


# EXIF fields ImageMagick copies into PNG text chunks named "exif:<Tag>" when it converts a JPEG.
MIRRORED_EXIF = frozenset({"UserComment", "ImageDescription", "XPComment"})
_CHARSET_LABEL = re.compile(r"^(?:UNICODE|ASCII|JIS)[.\x00]{0,3}")


def demirror(text: str) -> str:
    """An EXIF text as ImageMagick mirrors it, read back as the text it was.

    ImageMagick prints each byte it cannot show as ".": a UNICODE UserComment arrives as
    "UNICODE..m.a.s.t.e.r" (the charset label, then UTF-16 with its zero bytes shown as dots).
    When nine in ten characters at one parity are dots or NULs, the other parity is the text."""
    body = _CHARSET_LABEL.sub("", text, count=1)
    if len(body) >= 4:
        for parity in (0, 1):
            column = body[parity::2]
            if sum(ch in ".\x00" for ch in column) >= 0.9 * len(column):
                body = body[1 - parity::2]
                break
    return body.rstrip("\x00")


def utf8_or_latin1(raw: bytes) -> str:
    """tEXt/zTXt are Latin-1 by the spec, but Stability Matrix, Tensor.Art and others write UTF-8
    there, and reading that as Latin-1 garbles every non-Latin prompt. Real Latin-1 text with bytes
    over 0x7F is almost never valid UTF-8, so `decode_text`'s UTF-8-first rule is safe here too."""
    return raw.decode("ascii") if raw.isascii() else decode_text(raw)


class PngExtractor:
    name = "png"
    order = 10

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if bag.container != "png" or not data.startswith(PNG_SIGNATURE):
            return
        view = memoryview(data)
        budget = [TOTAL_TEXT_BUDGET]
        problems: list[str] = []
        for ctype, start, end in png_chunks(data, problems):
            if ctype == b"IHDR" and end - start >= 13:
                width, height, _depth, color = struct.unpack_from(">IIBB", data, start)
                bag.width, bag.height = width, height
                bag.has_alpha = bag.has_alpha or color in (4, 6)
            elif ctype == b"tRNS":
                bag.has_alpha = True
            elif ctype in (b"tEXt", b"zTXt", b"iTXt"):
                if budget[0] <= 0:
                    problems.append("png: text budget exhausted, further text chunks ignored")
                    continue
                self._text_chunk(ctype, bytes(view[start:end]), bag, budget)
            elif ctype == b"eXIf":
                decode_exif(bytes(view[start:end]), bag, "png eXIf")
        bag.warnings.extend(problems[:5])

    def _text_chunk(self, ctype: bytes, body: bytes, bag: MetadataBag, budget: list[int]) -> None:
        keyword, sep, rest = body.partition(b"\x00")
        if not sep or not keyword:
            bag.warnings.append(f"png {ctype.decode()}: chunk without keyword, ignored")
            return
        key = keyword.decode("latin-1")
        where = f"png {ctype.decode()}"
        if ctype == b"tEXt":  # cut before decoding: an uncompressed chunk may be any size
            text = utf8_or_latin1(rest[: MAX_TEXT_BYTES + 1])  # one over: store() still says it was cut
        elif ctype == b"zTXt":
            raw = inflate(rest[1:], bag, f"{where} {key!r}", min(MAX_TEXT_BYTES, budget[0]))
            if raw is None:
                return
            text = utf8_or_latin1(raw)
        else:
            decoded = self._itxt_value(rest, bag, f"{where} {key!r}", budget[0])
            if decoded is None:
                return
            text = decoded
        budget[0] -= len(text)
        if key == XMP_KEYWORD:
            set_xmp(bag, text.encode("utf-8"), where)
            return
        if key.startswith("Raw profile type "):
            self._raw_profile(key[len("Raw profile type "):].lower(), text, bag)
        if key[5:] in MIRRORED_EXIF and key.startswith("exif:"):
            store(bag, bag.exif, key[5:], demirror(text), f"{where} {key!r}")
        store(bag, bag.text, key, text, where)

    @staticmethod
    def _itxt_value(rest: bytes, bag: MetadataBag, where: str, budget: int) -> str | None:
        if len(rest) < 2:
            return None
        compressed, _method = rest[0], rest[1]
        _language, sep1, tail = rest[2:].partition(b"\x00")
        _translated, sep2, value = tail.partition(b"\x00")
        if not (sep1 and sep2):
            bag.warnings.append(f"{where}: malformed iTXt chunk, ignored")
            return None
        if compressed:
            raw = inflate(value, bag, where, min(MAX_TEXT_BYTES, budget))
            if raw is None:
                return None
            value = raw
        return value[: MAX_TEXT_BYTES + 1].decode("utf-8", errors="replace")

    @staticmethod
    def _raw_profile(kind: str, text: str, bag: MetadataBag) -> None:
        """ImageMagick's hex-encoded profiles: "\\n<name>\\n   <length>\\n<hex lines>"."""
        lines = text.strip("\n").split("\n", 2)
        if len(lines) < 3:
            return
        try:
            length = max(0, min(int(lines[1].strip()[:12]), MAX_TEXT_BYTES))
            raw = bytes.fromhex("".join(lines[2][: 4 * length + 64].split())[: 2 * length])
        except ValueError:
            bag.warnings.append(f"png raw profile {kind}: bad hex data, ignored")
            return
        if kind == "exif":
            decode_exif(raw, bag, "png raw exif profile")
        elif kind in ("iptc", "8bim"):
            if raw.startswith(b"\x1c"):
                decode_iim(raw, bag, "png raw iptc profile")
            else:
                decode_photoshop(raw, bag, "png raw iptc profile")
        elif kind == "xmp":
            set_xmp(bag, raw, "png raw xmp profile")


EXTRACTOR = PngExtractor()

"""Services that name themselves only in the IPTC Credit line, beside the digital source type.

Google's image models write Credit "Made with Google AI" with DigitalSourceType
trainedAlgorithmicMedia (IPTC's report on Google's labelling, Oct 2024; Google Search Central's
image metadata guide). Both the XMP form (`photoshop:Credit`) and the IPTC-IIM dataset 2:110 in a
JPEG's Photoshop APP13 segment are read.
"""

from __future__ import annotations

import struct

from generator.provenance.reader import read_provenance

from ._h1_fixtures import insert_jpeg_segment, jpeg, xmp_packet

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
PHOTOSHOP_NS = 'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'


def with_xmp(data: bytes, body: str) -> bytes:
    packet = xmp_packet(PHOTOSHOP_NS, body)
    return insert_jpeg_segment(data, 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)


def with_iim_credit(data: bytes, credit: str) -> bytes:
    value = credit.encode("utf-8")
    iim = b"\x1c\x01\x5a\x00\x03\x1b%G" + b"\x1c\x02\x6e" + struct.pack(">H", len(value)) + value
    irb = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim + (b"\x00" if len(iim) % 2 else b"")
    return insert_jpeg_segment(data, 0xED, b"Photoshop 3.0\x00" + irb)


def test_xmp_credit_names_google() -> None:
    body = (f"<Iptc4xmpExt:DigitalSourceType>{DST}</Iptc4xmpExt:DigitalSourceType>"
            "<photoshop:Credit>Made with Google AI</photoshop:Credit>")
    result = read_provenance("gemini.jpg", data=with_xmp(jpeg(), body))
    assert (result.format, result.generator) == ("xmp", "Google AI")
    assert result.ai_generated is True
    assert result.extras["credit"] == "Made with Google AI"


def test_iim_credit_with_xmp_source_type() -> None:
    data = with_iim_credit(with_xmp(jpeg(), f"<Iptc4xmpExt:DigitalSourceType>{DST}</Iptc4xmpExt:DigitalSourceType>"),
                           "Made with Google AI")
    result = read_provenance("pixel.jpg", data=data)
    assert result.generator == "Google AI"


def test_a_photographers_credit_is_not_a_tool() -> None:
    body = (f"<Iptc4xmpExt:DigitalSourceType>{DST}</Iptc4xmpExt:DigitalSourceType>"
            "<photoshop:Credit>Jane Doe / Agency</photoshop:Credit>")
    result = read_provenance("photo.jpg", data=with_xmp(jpeg(), body))
    assert result.generator is None
    assert "credit" not in result.extras


def test_credit_without_source_type_claims_nothing() -> None:
    result = read_provenance("x.jpg", data=with_xmp(jpeg(), "<photoshop:Credit>Made with Google AI</photoshop:Credit>"))
    assert result.generator is None

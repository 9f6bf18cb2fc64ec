"""Container extractors on files built the way real tools write them."""

from __future__ import annotations

import zlib

import piexif
import pytest
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MAX_TEXT_BYTES
from generator.provenance.reader import extract

from ._h1_fixtures import (
    chunk,
    exif_bytes,
    insert_jpeg_segment,
    jpeg,
    pillow_png,
    png_with,
    webp,
    xmp_packet,
)

A1111_TEXT = "photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 1"


def bag_of(data: bytes, name: str = "x.png"):
    return extract(name, data)


def test_png_text_ztxt_itxt_from_pillow() -> None:
    info = PngInfo()
    info.add_text("parameters", A1111_TEXT)
    info.add_text("zipped", "café " * 100, zip=True)
    info.add_itxt("prompt", '{"3": {"inputs": {"text": "雪の日"}}}', zip=True)
    info.add_itxt("plain", "ünïcode", zip=False)
    bag = bag_of(pillow_png(info))
    assert bag.container == "png"
    assert (bag.width, bag.height, bag.has_alpha) == (8, 8, False)
    assert bag.text["parameters"] == A1111_TEXT
    assert bag.text["zipped"] == "café " * 100
    assert bag.text["prompt"] == '{"3": {"inputs": {"text": "雪の日"}}}'
    assert bag.text["plain"] == "ünïcode"


def test_png_text_after_idat_and_first_keyword_wins() -> None:
    ztxt = chunk(b"zTXt", b"parameters\x00\x00" + zlib.compress(A1111_TEXT.encode("latin-1")))
    later = chunk(b"tEXt", b"parameters\x00second copy")
    bag = bag_of(png_with([], [ztxt, later]))
    assert bag.text["parameters"] == A1111_TEXT


def test_png_tEXt_is_latin1() -> None:
    bag = bag_of(png_with([chunk(b"tEXt", b"Comment\x00caf\xe9")]))
    assert bag.text["Comment"] == "café"


def test_png_alpha_from_color_type_and_trns() -> None:
    assert bag_of(pillow_png(mode="RGBA")).has_alpha
    assert bag_of(png_with([chunk(b"tRNS", b"\x00\x00\x00\x00\x00\x00")])).has_alpha


def test_png_exif_chunk_goes_through_exif_decoding() -> None:
    raw = exif_bytes({piexif.ImageIFD.Make: b"workflow:{}", piexif.ImageIFD.Model: b"prompt:{}"})
    bag = bag_of(png_with([chunk(b"eXIf", raw)]))
    assert bag.exif["Make"] == "workflow:{}"
    assert bag.exif["Model"] == "prompt:{}"


def test_png_xmp_itxt_goes_to_xmp_fields() -> None:
    packet = xmp_packet(body="<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/"
                             "trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>")
    itxt = chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet)
    bag = bag_of(png_with([itxt]))
    assert "XML:com.adobe.xmp" not in bag.text
    assert bag.xmp_fields["Iptc4xmpExt:DigitalSourceType"].endswith("/trainedAlgorithmicMedia")


def test_png_imagemagick_raw_iptc_profile() -> None:
    iim = b"\x1c\x02\x6e\x00\x13Made with Google AI"
    irb = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00"
    hexed = irb.hex()
    text = f"\nIPTC profile\n      {len(irb)}\n{hexed[:72]}\n{hexed[72:]}\n"
    ztxt = chunk(b"zTXt", b"Raw profile type iptc\x00\x00" + zlib.compress(text.encode()))
    bag = bag_of(png_with([ztxt]))
    assert bag.iptc["Credit"] == "Made with Google AI"


def test_png_truncated_stream_warns_and_keeps_what_was_read() -> None:
    data = png_with([chunk(b"tEXt", b"parameters\x00hello")], [chunk(b"tEXt", b"late\x00x")])
    bag = bag_of(data[:-30])
    assert bag.text["parameters"] == "hello"
    assert any("truncated" in w for w in bag.warnings)


def test_png_zip_bomb_is_bounded() -> None:
    bomb = zlib.compress(b"\x00" * (100 * 1024 * 1024), 9)
    bag = bag_of(png_with([chunk(b"zTXt", b"parameters\x00\x00" + bomb)]))
    assert len(bag.text.get("parameters", "")) <= MAX_TEXT_BYTES
    assert any("truncated" in w for w in bag.warnings)


def test_user_comment_utf16_big_endian_like_a1111() -> None:
    comment = b"UNICODE\x00" + A1111_TEXT.encode("utf-16-be")
    bag = bag_of(jpeg(exif_bytes(exif={piexif.ExifIFD.UserComment: comment})), "x.jpg")
    assert bag.exif["UserComment"] == A1111_TEXT


def test_user_comment_utf16_little_endian_like_swarmui() -> None:
    text = '{"sui_image_params": {"prompt": "wide shot"}}'
    comment = b"UNICODE\x00" + text.encode("utf-16-le")
    bag = bag_of(jpeg(exif_bytes(exif={piexif.ExifIFD.UserComment: comment})), "x.jpg")
    assert bag.exif["UserComment"] == text


def test_user_comment_utf16_non_ascii_both_orders() -> None:
    text = "夕焼けの海, 1girl, sunset"
    for codec in ("utf-16-be", "utf-16-le"):
        comment = b"UNICODE\x00" + text.encode(codec)
        bag = bag_of(jpeg(exif_bytes(exif={piexif.ExifIFD.UserComment: comment})), "x.jpg")
        assert bag.exif["UserComment"] == text, codec


def test_user_comment_ascii_prefix_and_no_prefix() -> None:
    bag = bag_of(jpeg(exif_bytes(exif={piexif.ExifIFD.UserComment: b"ASCII\x00\x00\x00" + b"hello"})), "x.jpg")
    assert bag.exif["UserComment"] == "hello"
    raw = b'{"prompt": {"12": {}}}'
    bag = bag_of(jpeg(exif_bytes(exif={piexif.ExifIFD.UserComment: raw})), "x.jpg")
    assert bag.exif["UserComment"] == raw.decode()


def test_exif_ifd0_text_and_xpcomment() -> None:
    zeroth = {
        piexif.ImageIFD.ImageDescription: b"Workflow: {}",
        piexif.ImageIFD.Software: b"GIMP 3.0.6",
        piexif.ImageIFD.Artist: b"someone",
        piexif.ImageIFD.XPComment: "comment ü".encode("utf-16-le") + b"\x00\x00",
    }
    bag = bag_of(jpeg(exif_bytes(zeroth)), "x.jpg")
    assert bag.exif["ImageDescription"] == "Workflow: {}"
    assert bag.exif["Software"] == "GIMP 3.0.6"
    assert bag.exif["Artist"] == "someone"
    assert bag.exif["XPComment"] == "comment ü"
    assert (bag.width, bag.height) == (16, 8)


def test_jpeg_behind_png_name_is_sniffed() -> None:
    comment = b"UNICODE\x00" + "a cat".encode("utf-16-be")
    bag = bag_of(jpeg(exif_bytes(exif={piexif.ExifIFD.UserComment: comment})), "looks_like.png")
    assert bag.container == "jpeg"
    assert bag.exif["UserComment"] == "a cat"


def test_jpeg_xmp_and_iptc_segments() -> None:
    data = jpeg()
    data = insert_jpeg_segment(data, 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp_packet(
        body="<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">a fox --v 6 Job ID: 0a1b2c3d-aaaa</rdf:li>"
             "</rdf:Alt></dc:description>"))
    iim = (b"\x1c\x01\x5a\x00\x03\x1b%G" + b"\x1c\x02\x78\x00\x0dcaption \xc3\xa9t\xc3\xa9"
           + b"\x1c\x02\x19\x00\x03cat" + b"\x1c\x02\x19\x00\x03dog")
    irb = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim
    data = insert_jpeg_segment(data, 0xED, b"Photoshop 3.0\x00" + irb)
    bag = bag_of(data, "x.jpg")
    assert bag.xmp_fields["dc:description"] == "a fox --v 6 Job ID: 0a1b2c3d-aaaa"
    assert bag.iptc["Caption-Abstract"] == "caption été"
    assert bag.iptc["Keywords"] == "cat, dog"


def test_webp_exif_and_xmp_chunks() -> None:
    comment = b"UNICODE\x00" + A1111_TEXT.encode("utf-16-be")
    packet = xmp_packet('exif:UserComment="x"')
    bag = bag_of(webp(exif_bytes(exif={piexif.ExifIFD.UserComment: comment}), packet), "x.webp")
    assert bag.container == "webp"
    assert bag.exif["UserComment"] == A1111_TEXT
    assert bag.xmp_fields["exif:UserComment"] == "x"
    assert (bag.width, bag.height) == (16, 8)


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_webp_size_and_alpha_without_metadata(mode: str) -> None:
    bag = bag_of(webp(mode=mode, size=(33, 17)), "x.webp")
    assert (bag.width, bag.height) == (33, 17)
    assert bag.has_alpha is (mode == "RGBA")
    assert bag.is_empty()

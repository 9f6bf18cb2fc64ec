"""Robustness: hostile and mutated inputs never raise out of read_provenance, and stay fast."""

from __future__ import annotations

import json
import struct
import time
import zlib

import piexif
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.reader import interpret, read_provenance
from generator.provenance.registry import all_parsers

from ._h1_fixtures import PNG_SIGNATURE, chunk, exif_bytes, ihdr, jpeg, png_with, webp

FAST = settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
SEED_PNG = png_with([chunk(b"tEXt", b"parameters\x00a cat\nSteps: 20, Seed: 1"),
                     chunk(b"zTXt", b"prompt\x00\x00" + zlib.compress(b'{"3": {"inputs": {}}}')),
                     chunk(b"iTXt", b"workflow\x00\x01\x00\x00\x00" + zlib.compress(b'{"nodes": []}'))],
                    [chunk(b"eXIf", exif_bytes({piexif.ImageIFD.Make: b"x"}))])
SEED_JPEG = jpeg(exif_bytes({piexif.ImageIFD.ImageDescription: b"d"},
                            {piexif.ExifIFD.UserComment: b"UNICODE\x00" + "hi".encode("utf-16-be")}))
SEED_WEBP = webp(exif_bytes({piexif.ImageIFD.Software: b"s"}), b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")


def assert_survives(data: bytes, name: str = "f.png") -> None:
    started = time.process_time()  # CPU time: the bound holds however busy the machine is
    result = read_provenance(name, data=data)
    assert result.file == name
    assert time.process_time() - started < 1.0


def mutate(seed: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    data = bytearray(seed)
    for position, value in edits:
        data[position % len(data)] = value
    return bytes(data[: max(1, cut % (len(data) + 1))])


edits = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=12)


@FAST
@given(edits, st.integers(0, 1 << 20))
def test_mutated_png(changes: list[tuple[int, int]], cut: int) -> None:
    assert_survives(mutate(SEED_PNG, changes, cut))


@FAST
@given(edits, st.integers(0, 1 << 20))
def test_mutated_jpeg(changes: list[tuple[int, int]], cut: int) -> None:
    assert_survives(mutate(SEED_JPEG, changes, cut), "f.jpg")


@FAST
@given(edits, st.integers(0, 1 << 20))
def test_mutated_webp(changes: list[tuple[int, int]], cut: int) -> None:
    assert_survives(mutate(SEED_WEBP, changes, cut), "f.webp")


@FAST
@given(st.lists(st.tuples(st.sampled_from([b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"IHDR", b"tRNS", b"caBX", b"IDAT"]),
                          st.binary(max_size=200)), max_size=8))
def test_random_png_chunk_streams(chunks: list[tuple[bytes, bytes]]) -> None:
    assert_survives(PNG_SIGNATURE + ihdr() + b"".join(chunk(t, b) for t, b in chunks) + chunk(b"IEND", b""))


@FAST
@given(st.binary(max_size=600))
def test_random_exif_bytes_in_every_container(raw: bytes) -> None:
    for prefix in (b"", b"Exif\x00\x00", b"MM\x00*\x00\x00\x00\x08", b"II*\x00\x08\x00\x00\x00"):
        assert_survives(png_with([chunk(b"eXIf", prefix + raw)]))
        app1 = b"Exif\x00\x00" + prefix + raw
        assert_survives(SEED_JPEG[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + SEED_JPEG[2:], "x.jpg")


@FAST
@given(st.binary(max_size=400))
def test_random_jpeg_segments(raw: bytes) -> None:
    assert_survives(b"\xff\xd8\xff" + raw, "r.jpg")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)
KEYS = ["parameters", "prompt", "workflow", "Comment", "Description", "invokeai_metadata", "sd-metadata",
        "Dream", "Software", "Title", "Source", "fooocus_scheme"]


@FAST
@given(st.sampled_from(KEYS), st.one_of(json_values.map(json.dumps), st.text(max_size=300)))
def test_random_text_into_every_parser(key: str, value: str) -> None:
    bags = [
        MetadataBag(path="b", container="png", text={key: value}),
        MetadataBag(path="b", container="jpeg", exif={"UserComment": value, "Make": value, "ImageDescription": value}),
        MetadataBag(path="b", xmp="<x/>", xmp_fields={"exif:UserComment": value, "dc:description": value,
                                                     "Iptc4xmpExt:DigitalSourceType": value[:80],
                                                     "xmp:CreatorTool": "Draw Things"}),
        MetadataBag(path="b", stealth=value),
        MetadataBag(path="b", iptc={"Caption-Abstract": value + " Job ID: 0a1b2c3d"}),
    ]
    for bag in bags:
        result = interpret(bag)
        assert result.file == "b"


@FAST
@given(json_values)
def test_random_c2pa_store_shapes(value: object) -> None:
    store = {"manifests": {"a": value}, "active_manifest": "a", "validation_status": value}
    interpret(MetadataBag(path="c", c2pa=store))


def test_every_parser_survives_deeply_nested_json() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    deep_obj = '{"a":' * 5000 + "1" + "}" * 5000
    for text in (deep, deep_obj):
        bag = MetadataBag(path="d", text={k: text for k in KEYS}, exif={"UserComment": text},
                          xmp_fields={"exif:UserComment": text, "xmp:CreatorTool": "Draw Things"})
        result = interpret(bag)
        assert result.error is None
    assert all_parsers()


def test_chunk_length_of_2_31_is_a_warning() -> None:
    data = PNG_SIGNATURE + ihdr() + struct.pack(">I4s", 2**31, b"tEXt") + b"parameters\x00x"
    result = read_provenance("huge.png", data=data)
    assert any("truncated" in w for w in result.warnings)


def test_ztxt_zip_bomb_100mb() -> None:
    bomb = zlib.compress(b"\x00" * (100 * 1024 * 1024), 9)
    started = time.process_time()
    result = read_provenance("bomb.png", data=png_with([chunk(b"zTXt", b"parameters\x00\x00" + bomb)] * 3))
    assert time.process_time() - started < 2.0
    assert len(result.raw.get("png:parameters", "")) <= MAX_TEXT_BYTES


def test_ihdr_claiming_60000_square_with_alpha_is_not_decoded() -> None:
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
    data = PNG_SIGNATURE + ihdr(60000, 60000, 6) + idat + chunk(b"IEND", b"")
    started = time.process_time()
    result = read_provenance("giant.png", data=data)
    assert time.process_time() - started < 1.0
    assert result.format is None


def test_huge_text_chunk_is_truncated() -> None:
    big = b"parameters\x00" + b"a" * (MAX_TEXT_BYTES + 1000)
    result = read_provenance("big.png", data=png_with([chunk(b"tEXt", big)]))
    assert any("truncated" in w for w in result.warnings)


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF\xff\xff\xff\xffWEBP", b"GIF89a",
                                  b"\x00" * 50, b"MM\x00*" + b"\xff" * 20])
def test_tiny_and_header_only_files(data: bytes) -> None:
    result = read_provenance("t.bin", data=data)
    assert result.file == "t.bin"


def test_a_huge_uncompressed_chunk_does_not_crowd_out_the_record_after_it() -> None:
    """Only what is kept of a chunk counts against the text budget, which exists for inflated
    text; a 40 MB comment before the parameters must not hide them."""
    huge = chunk(b"tEXt", b"Comment\x00" + b"x" * (40 << 20))
    record = chunk(b"tEXt", b"parameters\x00a fox\nSteps: 20, Sampler: Euler, Seed: 7")
    result = read_provenance("crowded.png", data=png_with([huge, record]))
    assert result.format == "a1111" and result.seed == 7

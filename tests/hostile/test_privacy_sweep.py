"""The privacy sweep: one site holding every format and trap, and every published byte searched.

Each private field (a hidden prompt, a serial number, an owner, a contact address, a camera
model) holds its own marker. After the build, every file in `_site/` is searched for each
marker as raw bytes, as UTF-16 (Windows XP* fields), as hex (ImageMagick raw profiles) and
inside every zlib stream of every PNG chunk; the text hidden in pixels is looked for with the
provenance reader's own stealth decoder; and every image and video is read by three readers
that are not artsite: Pillow, piexif and ExifTool (Debian's libimage-exiftool-perl, installed by
scripts/test.sh). GPS coordinates are numbers, so there the rule is: no GPS tag at all.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import piexif
from PIL import Image, PngImagePlugin

from generator.provenance.reader import extract
from tests.images.document_fixtures import docx_with_author, encoded_audio, mp3_with_tags, pdf_with_author
from tests.images.image_fixtures import noisy, png_chunk
from tests.images.leak_fixtures import (
    as_lossless_webp,
    exiftool_xmp,
    photoshop_irb,
    png_with_chunks,
    raw_profile_chunk,
    stealth_image,
    xmp_text_chunk,
)
from tests.images.svg_fixtures import embedding_svg, illustrator_svg, inkscape_svg
from tests.kit.files import build_site, write_site
from tests.video.videokit import make_video, phone_tags

MARKERS = {
    "prompt": "hidden-prompt-q7z1",
    "serial": "serial-no-k3v8",
    "owner": "owner-name-p2w5",
    "contact": "contact-info-m9d4",
    "model": "camera-model-t6r3",
    "icc": "icc-desc-h4j8",  # as long as "sRGB built-in", the description it replaces
}
PROMPT, SERIAL, OWNER, CONTACT, MODEL, ICC = MARKERS.values()
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".tif", ".tiff", ".bmp", ".jfif", ".jpe"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".webm"}
IDENTITY_TAGS = {"Make", "Model", "SerialNumber", "InternalSerialNumber", "BodySerialNumber", "LensSerialNumber",
                 "OwnerName", "CameraOwnerName", "Artist", "Creator", "By-line", "City", "Location",
                 "CreatorContactInfo", "CreatorCity", "CreatorWorkEmail", "CreatorWorkTelephone",
                 "CreatorAddress", "DroneSerialNumber", "HostComputer", "XPAuthor"}
SITE = """title: Sweep
base_url: https://example.test/
author: {name: Tester}
images:
  formats: [webp]
  thumb_widths: [64]
  display_widths: [64, 96]
  originals: clean
  keep_metadata: true
"""


def camera_exif(prompt_fields: bool) -> bytes:
    """A phone's EXIF (GPS, make, model, serials, owner) plus, for hidden works, every text field
    a generator writes the prompt into."""
    zeroth = {piexif.ImageIFD.Make: f"Make {MODEL}".encode(), piexif.ImageIFD.Model: MODEL.encode(),
              piexif.ImageIFD.Artist: OWNER.encode(), piexif.ImageIFD.CameraSerialNumber: SERIAL.encode(),
              piexif.ImageIFD.HostComputer: OWNER.encode(), piexif.ImageIFD.XPAuthor: OWNER.encode("utf-16-le")}
    exif = {piexif.ExifIFD.BodySerialNumber: SERIAL.encode(), piexif.ExifIFD.LensSerialNumber: SERIAL.encode(),
            piexif.ExifIFD.CameraOwnerName: OWNER.encode(), piexif.ExifIFD.ExposureTime: (1, 60)}
    if prompt_fields:
        zeroth |= {piexif.ImageIFD.Software: f"ComfyUI {PROMPT}".encode(),
                   piexif.ImageIFD.DocumentName: PROMPT.encode(), piexif.ImageIFD.Copyright: PROMPT.encode(),
                   piexif.ImageIFD.ImageDescription: PROMPT.encode(),
                   piexif.ImageIFD.XPComment: PROMPT.encode("utf-16-le")}
        exif[piexif.ExifIFD.UserComment] = b"ASCII\x00\x00\x00" + PROMPT.encode()
    gps = {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: ((52, 1), (22, 1), (1234, 100)),
           piexif.GPSIFD.GPSLongitudeRef: b"E", piexif.GPSIFD.GPSLongitude: ((4, 1), (53, 1), (4321, 100))}
    thumb = io.BytesIO()
    Image.new("RGB", (8, 8)).save(thumb, "JPEG", exif=piexif.dump({"0th": {piexif.ImageIFD.Model: MODEL.encode()}}))
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": gps,
                        "1st": {piexif.ImageIFD.Model: MODEL.encode()}, "thumbnail": thumb.getvalue()})


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def camera_jpeg(prompt_fields: bool = False, size: tuple[int, int] = (120, 90)) -> bytes:
    """A phone JPEG: EXIF with a thumbnail, XMP (DJI GPS, IPTC contact), Photoshop IPTC, a comment,
    a vendor APP segment, and an MPO second picture with its own EXIF after the first."""
    buffer = io.BytesIO()
    noisy(size).save(buffer, "JPEG", exif=camera_exif(prompt_fields), xmp=exiftool_xmp(CONTACT))
    data = buffer.getvalue()
    extra = (segment(0xED, b"Photoshop 3.0\x00" + photoshop_irb(CONTACT)) + segment(0xEC, b"Ducky\x00" + SERIAL.encode())
             + segment(0xE2, b"FPXR\x00" + OWNER.encode()) + segment(0xFE, f"owner {OWNER}".encode())
             + segment(0xEB, b"JP\x00\x00\x00\x00\x00\x01\x00\x00\x00\x20jumb" + SERIAL.encode()))  # JUMBF, no C2PA
    second = io.BytesIO()
    noisy((16, 16), seed=3).save(second, "JPEG", exif=camera_exif(True))
    return data[:2] + extra + data[2:] + second.getvalue()


def marked_icc() -> bytes:
    """LittleCMS's own sRGB profile with its description (UTF-16 in a v4 `mluc` tag) replaced."""
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile.replace("sRGB built-in".encode("utf-16-be"), ICC.encode("utf-16-be"))


def generator_png(size: tuple[int, int] = (96, 64), icc: bool = False) -> bytes:
    """An A1111/ComfyUI PNG whose prompt is in text chunks, with camera EXIF, XMP in tEXt and zTXt,
    ImageMagick raw profiles, and stealth text in the alpha low bits; optionally a colour profile
    whose description is a marker (only for works whose original is not published: cleaned
    originals and stripped copies keep their colour profile)."""
    with Image.open(io.BytesIO(stealth_image(PROMPT, size=size))) as image:
        info = PngImagePlugin.PngInfo()
        info.add_text("parameters", f"{PROMPT}\nSteps: 20, Sampler: Euler, Seed: 1")
        info.add_text("workflow", json.dumps({"1": {"class_type": "CLIPTextEncode", "inputs": {"text": PROMPT}}}))
        info.add_itxt("prompt", PROMPT, zip=True)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", pnginfo=info, exif=camera_exif(True), **({"icc_profile": marked_icc()} if icc else {}))
    data = buffer.getvalue()
    chunks = [xmp_text_chunk(b"tEXt", exiftool_xmp(CONTACT)), raw_profile_chunk("8bim", photoshop_irb(CONTACT)),
              raw_profile_chunk("exif", camera_exif(True))]
    return data[:33] + b"".join(chunks) + data[33:]


def public_png() -> bytes:
    """Generation data that may be shown (no prompt marker) with location and identity that may not."""
    chunks = [xmp_text_chunk(b"zTXt", exiftool_xmp(CONTACT)), raw_profile_chunk("iptc", photoshop_irb(CONTACT)),
              png_chunk(b"prVt", f"device {SERIAL}".encode())]  # a private chunk: nobody knows what it holds
    return png_with_chunks(chunks, size=(96, 64), text={"parameters": "a public fox\nSteps: 20", "Author": OWNER})


def webp_with_chunks() -> bytes:
    buffer = io.BytesIO()
    noisy((96, 64)).save(buffer, "WEBP", exif=camera_exif(False), xmp=exiftool_xmp(CONTACT))
    data = buffer.getvalue()
    vendor = f"owner {OWNER}".encode()
    body = data[12:] + b"META" + struct.pack("<I", len(vendor)) + vendor + (b"\x00" if len(vendor) & 1 else b"")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def gif_with_comment() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (32, 32), 3).save(buffer, "GIF", comment=f"owner {OWNER}".encode())
    data = buffer.getvalue()
    xmp = exiftool_xmp(CONTACT)
    blocks = b"".join(bytes([min(255, len(xmp) - i)]) + xmp[i:i + 255] for i in range(0, len(xmp), 255))
    return data[:-1] + b"\x21\xff\x0bXMP DataXMP" + blocks + b"\x00" + data[-1:]


def encoded(fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    noisy((40, 30)).save(buffer, fmt, **params)
    return buffer.getvalue()


def build_trap_site(root: Path) -> Path:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"Exif\x00\x00MM" + SERIAL.encode()
    files: dict[str, str | bytes] = {
        "site.yaml": SITE,
        # a gallery: public works (cleaned originals, kept EXIF) and works whose prompt is hidden
        "content/galleries/art/index.md": "---\ntitle: Art\n---\n",
        "content/galleries/art/phone.jpg": camera_jpeg(),
        "content/galleries/art/public.png": public_png(),
        "content/galleries/art/chunks.webp": webp_with_chunks(),
        "content/galleries/art/loop.gif": gif_with_comment(),
        "content/galleries/art/hidden.png": generator_png(icc=True),
        "content/galleries/art/hidden.png.md": "---\nalt: hidden\nshow_prompt: false\n---\n",
        "content/galleries/art/hidden-jpeg.jpg": camera_jpeg(prompt_fields=True),
        "content/galleries/art/hidden-jpeg.jpg.md": "---\nalt: hidden jpeg\nshow_prompt: false\n---\n",
        "content/galleries/art/side.heic": heic,  # not a work: never published
        # a gallery whose prompts are all hidden, with a same-width stealth WebP
        "content/galleries/quiet/index.md": "---\ntitle: Quiet\nshow_prompt: false\n---\n",
        "content/galleries/quiet/lossless.webp": as_lossless_webp(stealth_image(PROMPT, size=(64, 64))),
        # a post whose prompt is hidden, with everything beside it
        "content/posts/notes/index.md": ("---\ntitle: Notes\ndate: 2025-03-02\nshow_prompt: false\n---\n"
                                          "![a](art.png)\n\n![b](shot.jpg)\n"),
        "content/posts/notes/art.png": generator_png(),
        "content/posts/notes/shot.jpg": camera_jpeg(prompt_fields=True),
        "content/posts/notes/loose.webp": as_lossless_webp(generator_png()),
        "content/posts/notes/phone.heic": heic,
        "content/posts/notes/scan.tif": encoded("TIFF", exif=camera_exif(True)),
        "content/posts/notes/art.txt": f"{PROMPT}\nSteps: 20, Sampler: Euler",  # A1111's save_txt sidecar
        # a public post with loose camera files and images of every other kind
        "content/posts/trip/index.md": "---\ntitle: Trip\ndate: 2025-03-03\n---\n![p](pic.jfif)\n",
        "content/posts/trip/pic.jfif": camera_jpeg(),
        "content/posts/trip/alt.jpe": camera_jpeg(),
        "content/posts/trip/old.bmp": encoded("BMP"),
        "content/posts/trip/scan.tiff": encoded("TIFF", exif=camera_exif(False)),
        "content/posts/trip/raw.dng": encoded("TIFF", exif=camera_exif(False)),
        "content/posts/trip/layers.psd": b"8BPS\x00\x01" + OWNER.encode(),
        "content/posts/trip/next.jxl": b"\xff\x0a" + SERIAL.encode(),
        "content/posts/trip/apple.HEIF": heic,
        "content/posts/trip/pic.jfif.xmp": exiftool_xmp(CONTACT),  # Lightroom's sidecar
        # others and documents: an Inkscape home path and creator, an Illustrator XMP owner, a
        # PDF author, ID3 artist and comment, a voice memo's location, a DOCX author
        "content/posts/trip/fox.svg": inkscape_svg(OWNER, CONTACT),
        "content/posts/trip/talk.pdf": pdf_with_author(OWNER),
        "content/posts/trip/song.mp3": mp3_with_tags(OWNER, CONTACT),
        "content/posts/trip/memo.m4a": encoded_audio(".m4a", {"location": "+48.8577+002.2950/", "make": MODEL,
                                                               "model": SERIAL, "artist": OWNER}),
        "content/posts/trip/cv.docx": docx_with_author(OWNER),
        "static/img/logo.svg": illustrator_svg(OWNER),
        "static/img/collage.svg": embedding_svg(camera_jpeg(prompt_fields=True)),  # GPS inside base64
        "content/misc/stealth.png": stealth_image(PROMPT),
        "content/misc/public.png": public_png(),
        # drafts: a bundle and a Jekyll _drafts/ folder
        "content/posts/wip/index.md": "---\ntitle: WIP\ndate: 2025-03-04\ndraft: true\n---\n![w](w.png)\n",
        "content/posts/wip/w.png": generator_png(),
        "content/_drafts/idea.md": "---\ntitle: Idea\n---\n![i](idea.png)\n",
        "content/_drafts/idea.png": generator_png(),
        # Hugo's static/ folder
        "static/img/banner.jpg": camera_jpeg(),
        "static/img/phone.heic": heic,
    }
    write_site(root, files)
    for rel in ("content/misc/phone.mov", "content/posts/trip/clip.mp4", "static/clips/cam.mp4"):
        make_video(root / rel, {**phone_tags(), "make": MODEL, "comment": OWNER})
    return root


def inflated_chunks(data: bytes) -> bytes:
    """The text of every compressed PNG chunk (zTXt, compressed iTXt, iCCP), inflated."""
    out = bytearray()
    if not data.startswith(b"\x89PNG"):
        return b""
    pos = 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind in (b"zTXt", b"iTXt", b"iCCP"):
            for start in range(len(body)):
                if body[start:start + 1] in (b"\x78",):
                    try:
                        out += zlib.decompressobj().decompress(body[start:], 1 << 24)
                    except zlib.error:
                        continue
                    break
    return bytes(out)


def embedded_pictures(data: bytes) -> bytes:
    """The pictures an SVG embeds as base64 `data:` addresses, decoded."""
    import base64
    import re

    return b"".join(base64.b64decode(b"".join(found.split()))
                    for found in re.findall(rb"data:image/[a-z+]+;base64,([A-Za-z0-9+/=\s]+)", data))


def forms(marker: str) -> list[bytes]:
    raw = marker.encode()
    return [raw, marker.encode("utf-16-le"), marker.encode("utf-16-be"), raw.hex().encode()]


def exiftool(paths: list[Path]) -> list[dict[str, object]]:
    assert shutil.which("exiftool"), "ExifTool is missing: install libimage-exiftool-perl (scripts/test.sh does)"
    done = subprocess.run(["exiftool", "-j", "-a", "-G1", "-ee", "-u", "-api", "LargeFileSupport=1",
                           *map(str, paths)], capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def test_no_marker_and_no_gps_in_any_published_byte(tmp_path: Path) -> None:
    root = build_trap_site(tmp_path / "site")
    result, out = build_site(root)
    files = [p for p in out.rglob("*") if p.is_file()]
    names = {p.relative_to(out).as_posix() for p in files}
    # the sweep covers what it claims to: derivatives, cleaned originals, loose copies, videos
    for expected in ("galleries/art/phone.jpg", "galleries/art/public.png", "galleries/art/chunks.webp",
                     "galleries/art/hidden-96.png",
                     "galleries/quiet/lossless-64.webp", "posts/notes/art.png", "posts/notes/shot.jpg",
                     "posts/notes/scan.tif", "posts/trip/pic.jfif", "posts/trip/old.bmp", "misc/stealth.png",
                     "misc/phone.mov", "posts/trip/clip.mp4", "clips/cam.mp4", "img/banner.jpg",
                     "posts/trip/fox.svg", "img/logo.svg", "img/collage.svg", "posts/trip/song.mp3", "posts/trip/memo.m4a"):
        assert expected in names, (expected, sorted(names))
    for refused in ("posts/notes/phone.heic", "posts/trip/raw.dng", "posts/trip/layers.psd", "posts/trip/next.jxl",
                    "posts/trip/apple.HEIF", "posts/trip/pic.jfif.xmp", "img/phone.heic", "galleries/art/side.heic", "posts/wip/w.png",
                    "_drafts/idea.png", "galleries/art/hidden.png", "galleries/art/hidden-jpeg.jpg",
                    "posts/trip/talk.pdf", "posts/trip/cv.docx"):
        assert refused not in names, refused
    for name in ("phone.heic", "raw.dng", "layers.psd", "next.jxl", "apple.HEIF", "talk.pdf", "cv.docx"):
        assert any(str(p.file or "").endswith(name) and "originals: exact" in p.message
                   for p in result.problems.warnings), name

    leaks = []
    for path in files:
        data = path.read_bytes()
        haystack = data + inflated_chunks(data) + embedded_pictures(data)
        for field_name, marker in MARKERS.items():
            if any(form in haystack for form in forms(marker)):
                leaks.append((path.relative_to(out).as_posix(), field_name))
    assert leaks == [], leaks

    images = [p for p in files if p.suffix.lower() in IMAGE_SUFFIXES]
    videos = [p for p in files if p.suffix.lower() in VIDEO_SUFFIXES]
    for path in images:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            assert not image.getexif().get_ifd(0x8825), path  # no GPS IFD
            for key in ("parameters", "workflow", "prompt", "Author", "XML:com.adobe.xmp"):
                value = str(image.info.get(key, ""))
                assert PROMPT not in value and CONTACT not in value, (path, key)
            bare = io.BytesIO()
            image.convert("RGBA").save(bare, "PNG")
        assert extract(path.name, bare.getvalue()).stealth is None, path
        if data[:2] == b"\xff\xd8" or data[:4] == b"RIFF":
            try:
                loaded = piexif.load(data)
            except Exception:  # noqa: BLE001 - no EXIF piexif can read means none to leak
                continue
            assert loaded["GPS"] == {} and loaded["thumbnail"] in (None, b""), path
            for ifd in ("0th", "Exif"):
                assert not set(loaded[ifd]) & {piexif.ImageIFD.Make, piexif.ImageIFD.Model,
                                                piexif.ExifIFD.BodySerialNumber}, (path, ifd)
    others = [p for p in files if p.suffix.lower() in (".svg", ".mp3", ".m4a")]
    records = exiftool(images + videos + others)
    assert len(records) == len(images) + len(videos) + len(others) and len(images) >= 20 and len(videos) == 3
    assert len(others) == 5  # three SVGs and two sound files
    for record in records:
        where = record["SourceFile"]
        for key, value in record.items():
            group, _, tag = key.rpartition(":")
            assert "GPS" not in tag and "Gps" not in tag and "Location" not in tag, (where, key, value)
            assert tag not in IDENTITY_TAGS, (where, key, value)
            assert not any(marker in str(value) for marker in MARKERS.values()), (where, key, value)
        assert record.get("Warning") is None or "Error" not in str(record.get("Warning")), where

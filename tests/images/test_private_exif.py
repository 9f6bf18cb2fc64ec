"""A hidden prompt beats `keep_metadata: true`: kept EXIF holds no text field a tool writes into."""

from __future__ import annotations

import io
from pathlib import Path

import piexif
from PIL import Image

from .image_fixtures import noisy

GRAPH = '{"3": {"class_type": "KSampler", "inputs": {"text": "ember-quartz-7731"}}}'


def comfy_exif() -> bytes:
    """ComfyUI-style savers put the graph and prompt into EXIF text fields; cameras add exposure."""
    zeroth = {
        piexif.ImageIFD.Software: f"ComfyUI {GRAPH}".encode(),
        piexif.ImageIFD.DocumentName: b"ember-quartz-7731 document",
        piexif.ImageIFD.Copyright: b"ember-quartz-7731 copyright",
        piexif.ImageIFD.ImageDescription: b"ember-quartz-7731 description",
        piexif.ImageIFD.Make: b"workflow: ember-quartz-7731",
        piexif.ImageIFD.XPComment: "ember-quartz-7731 comment".encode("utf-16-le"),
        piexif.ImageIFD.XPTitle: "ember-quartz-7731 title".encode("utf-16-le"),
    }
    exif = {
        piexif.ExifIFD.UserComment: b"UNICODE\x00" + "ember-quartz-7731 user".encode("utf-16-be"),
        piexif.ExifIFD.ExposureTime: (1, 125),
        piexif.ExifIFD.ImageUniqueID: b"ember-quartz-7731-id",
    }
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": {}, "1st": {}, "thumbnail": None})


def test_keep_metadata_keeps_no_text_field_where_the_prompt_is_hidden(make_pipeline, src: Path) -> None:
    path = src / "ember.jpg"
    noisy((120, 90)).save(path, "JPEG", exif=comfy_exif())
    built = make_pipeline(keep_metadata=True, formats=("webp",), display_widths=(100,))
    private = built.pipeline.request(path, "/p/", "display", private_text=True)
    public = built.pipeline.request(path, "/q/", "display")
    built.pipeline.run(built.out)
    for variant in [*private.fallback, *private.sources["image/webp"]]:
        data = built.file(variant.url).read_bytes()
        assert b"ember-quartz-7731" not in data and "ember-quartz-7731".encode("utf-16-le") not in data
        assert "ember-quartz-7731".encode("utf-16-be") not in data
        with Image.open(io.BytesIO(data)) as im:
            exif = im.getexif()
            assert exif.get_ifd(0x8769).get(piexif.ExifIFD.ExposureTime) == 1 / 125  # numbers stay
    public_data = built.file(public.fallback[0].url).read_bytes()
    assert b"ember-quartz-7731 description" in public_data  # shown prompts keep their text, as before

"""Draw Things: JSON in XMP exif:UserComment (rdf:Alt), A1111-like text in dc:description."""

from __future__ import annotations

import json

from PIL.PngImagePlugin import PngInfo

from generator.provenance.reader import read_provenance

from ._h1_fixtures import pillow_png, xmp_packet

RECORD = {
    "c": "a lighthouse at dusk, <lora:film:0.6>",
    "uc": "blurry, lowres",
    "model": "sd_xl_base_1.0_f16.ckpt",
    "seed": 3141592653,
    "steps": 30,
    "scale": 6.5,
    "sampler": "DPM++ 2M Karras",
    "size": "1024x768",
    "strength": 1,
    "seed_mode": "Scale Alike",
    "lora": [{"file": "film_grain_lora_f16.ckpt", "weight": 0.6}],
}


def drawthings_png(record: dict | str, creator: str = "Draw Things") -> bytes:
    comment = (record if isinstance(record, str) else json.dumps(record)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = (f"<exif:UserComment><rdf:Alt><rdf:li xml:lang=\"x-default\">{comment}</rdf:li></rdf:Alt>"
            "</exif:UserComment><dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">a lighthouse at dusk\n"
            "Negative prompt: blurry, lowres\nSteps: 30, Sampler: DPM++ 2M Karras, Guidance Scale: 6.5"
            "</rdf:li></rdf:Alt></dc:description>")
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(f'xmp:CreatorTool="{creator}"', body).decode())
    return pillow_png(info)


def test_full_record() -> None:
    result = read_provenance("dt.png", data=drawthings_png(RECORD))
    assert (result.format, result.generator) == ("drawthings", "Draw Things")
    assert result.prompt == RECORD["c"]
    assert result.negative_prompt == "blurry, lowres"
    assert result.model.name == "sd_xl_base_1.0_f16.ckpt"
    assert (result.seed, result.steps, result.cfg, result.sampler) == (3141592653, 30, 6.5, "DPM++ 2M Karras")
    assert (result.width, result.height) == (1024, 768)
    assert [(lora.name, lora.weight) for lora in result.loras] == [("film_grain_lora_f16.ckpt", 0.6)]
    assert result.extras["seed_mode"] == "Scale Alike"
    assert result.extras["strength"] == "1"
    assert result.ai_generated is True


def test_missing_and_odd_values_do_not_break() -> None:
    record = {"c": "x", "sampler": "Euler A", "seed": "not a number", "size": "big", "lora": "nope"}
    result = read_provenance("dt.png", data=drawthings_png(record))
    assert result.format == "drawthings"
    assert result.seed is None and result.width is None and result.loras == []


def test_other_json_user_comment_is_not_drawthings() -> None:
    result = read_provenance("x.png", data=drawthings_png({"prompt": "x", "steps": 3}, creator="Some Tool"))
    assert result.format != "drawthings"


def test_broken_json_becomes_warning() -> None:
    broken = json.dumps(RECORD)[:-20]
    result = read_provenance("broken.png", data=drawthings_png(broken))
    assert result.format != "drawthings"
    assert any("drawthings" in w for w in result.warnings)

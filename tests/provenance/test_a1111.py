"""A1111 infotext read end to end from files written the way each tool writes them."""

from __future__ import annotations

import gzip
from pathlib import Path

import piexif
import piexif.helper
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._a1111_text import parse_infotext
from generator.provenance.parsers.a1111 import PARSER, detect_generator
from generator.provenance.reader import read_provenance
from generator.provenance.result import Provenance

FORGE_TEXT = (
    "<lora:ck-shadow-IL:0.78>,\nmasterpiece, 1girl, テスト\n<lora:Gothic_r1:0.45>\n\n"
    "Negative prompt: bad quality, sketch,\n"
    "Steps: 30, Sampler: Euler a, Schedule type: Simple, CFG scale: 5, Seed: 1789290092, "
    "Size: 832x1216, Model hash: 163ac69059, Model: hassakuXL_v13, Denoising strength: 0.35, "
    "Hires upscale: 1.3, Hires upscaler: 4x-AnimeSharp, "
    'Lora hashes: "ck-shadow-IL: 88e247aa8c3d, Gothic_r1: ca72422dcb3e", Version: f2.0.1v1.10.1-1.10.1'
)


def png_with_parameters(path: Path, text: str, zip_it: bool = False) -> Path:
    info = PngInfo()
    info.add_text("parameters", text, zip=zip_it)
    Image.new("RGB", (16, 16), "white").save(path, pnginfo=info)
    return path


def exif_user_comment(text: str) -> bytes:
    """A1111's own way: piexif UserComment with the UNICODE (UTF-16BE) prefix."""
    comment = piexif.helper.UserComment.dump(text, encoding="unicode")
    return piexif.dump({"Exif": {piexif.ExifIFD.UserComment: comment}})


def test_png_text_chunk_all_fields(tmp_path: Path) -> None:
    text = (
        "photo of a duck\nNegative prompt: monochrome\n"
        "Steps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, Size: 512x400, "
        "Model hash: c0d1994c73, Model: realistic_v20"
    )
    result = read_provenance(png_with_parameters(tmp_path / "a.png", text))
    assert (result.format, result.generator, result.reader) == ("a1111", "AUTOMATIC1111", "a1111")
    assert result.prompt == "photo of a duck"
    assert result.negative_prompt == "monochrome"
    assert (result.steps, result.sampler, result.cfg, result.seed) == (15, "UniPC", 5.0, 235284042)
    assert (result.width, result.height) == (512, 400)
    assert result.model is not None
    assert (result.model.name, result.model.hash) == ("realistic_v20", "c0d1994c73")
    assert result.ai_generated is True
    assert result.loras == []
    assert result.extras == {}


def test_jpeg_user_comment_forge_with_loras_and_hires(tmp_path: Path) -> None:
    path = tmp_path / "forge.jpg"
    Image.new("RGB", (16, 16)).save(path, exif=exif_user_comment(FORGE_TEXT))
    result = read_provenance(path)
    assert (result.format, result.generator) == ("a1111", "Forge")
    assert result.prompt is not None and result.prompt.endswith("<lora:Gothic_r1:0.45>")
    assert "テスト" in result.prompt
    assert result.negative_prompt == "bad quality, sketch,"
    assert result.scheduler == "Simple"
    assert (result.width, result.height) == (832, 1216)
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [
        ("ck-shadow-IL", 0.78, "88e247aa8c3d"), ("Gothic_r1", 0.45, "ca72422dcb3e"),
    ]
    assert result.extras["Hires upscaler"] == "4x-AnimeSharp"
    assert result.extras["Denoising strength"] == "0.35"
    assert result.extras["Lora hashes"] == "ck-shadow-IL: 88e247aa8c3d, Gothic_r1: ca72422dcb3e"
    assert result.extras["Version"] == "f2.0.1v1.10.1-1.10.1"


def test_webp_exif_forge_classic(tmp_path: Path) -> None:
    text = "a cat\nSteps: 20, Sampler: DPM++ 2M, CFG scale: 6, Seed: 9, Size: 1024x1024, Model: wai, Version: classic"
    path = tmp_path / "c.webp"
    Image.new("RGB", (16, 16)).save(path, exif=exif_user_comment(text))
    result = read_provenance(path)
    assert (result.format, result.generator, result.seed, result.model.name) == ("a1111", "Forge Classic", 9, "wai")


def test_ztxt_parameters(tmp_path: Path) -> None:
    text = "x\nSteps: 3, Seed: 4, Size: 64x32, Model: m"
    result = read_provenance(png_with_parameters(tmp_path / "z.png", text, zip_it=True))
    assert (result.format, result.steps, result.width, result.height) == ("a1111", 3, 64, 32)


def _stealth_png(path: Path, payload: str, compressed: bool) -> Path:
    """stealth-pnginfo: signature, 32-bit bit length, payload, in alpha LSBs, column by column."""
    data = payload.encode("utf-8")
    signature = b"stealth_pngcomp" if compressed else b"stealth_pnginfo"
    if compressed:
        data = gzip.compress(data)
    body = signature + (len(data) * 8).to_bytes(4, "big") + data
    bits = [(byte >> (7 - i)) & 1 for byte in body for i in range(8)]
    size = 64
    image = Image.new("RGBA", (size, size), (10, 20, 30, 254))
    pixels = image.load()
    for n, bit in enumerate(bits):
        x, y = divmod(n, size)
        pixels[x, y] = (10, 20, 30, 254 | bit)
    image.save(path)
    return path


def test_stealth_alpha_text(tmp_path: Path) -> None:
    text = "a circle\nNegative prompt: a square\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 2015833630, Size: 64x64"
    for compressed in (False, True):
        result = read_provenance(_stealth_png(tmp_path / f"s{compressed}.png", text, compressed))
        assert (result.format, result.prompt, result.negative_prompt) == ("a1111", "a circle", "a square")
        assert result.seed == 2015833630


def test_civitai_resources_give_model_and_generator(tmp_path: Path) -> None:
    text = (
        "girl <lora:Masunya_train:1>\nNegative prompt: ugly\n"
        "Steps: 40, Sampler: Euler a, CFG scale: 5.5, Seed: 1664289237, Size: 832x1216, Clip skip: 2, "
        'Created Date: 2024-05-18T11:28:26.9555996Z, Civitai resources: [{"type":"checkpoint",'
        '"modelVersionId":410539,"modelName":"Toonify","modelVersionName":"Toonify_PonyXL"},'
        '{"type":"lora","modelName":"Masunya","weight":1}]'
    )
    path = tmp_path / "civ.jpg"
    Image.new("RGB", (8, 8)).save(path, exif=exif_user_comment(text))
    result = read_provenance(path)
    assert result.generator == "Civitai"
    assert result.model is not None and result.model.name == "Toonify"
    assert result.extras["Model version"] == "Toonify_PonyXL"
    assert result.extras["Created Date"] == "2024-05-18T11:28:26.9555996Z"
    # the prompt tag names the LoRA as it was applied; Civitai's catalogue name is not added twice
    assert [(x.name, x.weight) for x in result.loras] == [("Masunya_train", 1.0)]


def test_civitai_lora_from_resources_when_prompt_has_no_tags() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": (
        'p\nSteps: 1, Seed: 2, Size: 8x8, Civitai resources: [{"type":"lora","modelName":"Det","weight":0.6}]'
    )})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert [(x.name, x.weight) for x in result.loras] == [("Det", 0.6)]


def test_lora_hashes_without_prompt_tag_still_listed() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": (
        'p\nSteps: 1, Seed: 2, Size: 8x8, Lora hashes: "hidden: abcdef123456"'
    )})
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert [(x.name, x.weight, x.hash) for x in result.loras] == [("hidden", None, "abcdef123456")]


def _gen(settings: str) -> str:
    info = parse_infotext("p\nSteps: 20, " + settings)
    assert info is not None
    return detect_generator(info)


def test_generator_detection_from_settings() -> None:
    assert _gen("Version: v1.10.1") == "AUTOMATIC1111"
    assert _gen("Version: v1.9.4-169-ga30b19dd") == "AUTOMATIC1111"
    assert _gen("Version: f2.0.1v1.10.1-1.10.1") == "Forge"
    assert _gen("Version: f0.0.17v1.8.0rc-latest-276-g29be1da7") == "Forge"
    assert _gen("Version: f1.0.0v2-v1.10.1RC-latest-2498-g5120e679") == "reForge"
    assert _gen("Version: classic") == "Forge Classic"
    assert _gen("Version: neo") == "Forge Neo"
    assert _gen("App: SD.Next, Version: 0d7c025") == "SD.Next"
    assert _gen("Version: 56a8aea, Pipeline: StableDiffusionXLPipeline") == "SD.Next"
    assert _gen("Version: ComfyUI") == "ComfyUI"
    assert _gen("Model: 7923f665-e1d7-4171-8616-6470e44bc86e, Version: 1.10.1") == "Yodayo"
    assert _gen("Seed: 1") == "AUTOMATIC1111"


def test_comfy_image_saver_text_is_a1111_format_from_comfyui(tmp_path: Path) -> None:
    text = (
        "unknown\nNegative prompt: unknown\nSteps: 20, Sampler: euler_simple, CFG Scale: 8.0, Seed: 0, "
        "Size: 512x512, Model hash: 217daae812, Model: JANKU_v50, Version: ComfyUI"
    )
    path = tmp_path / "saver.jpg"
    Image.new("RGB", (8, 8)).save(path, exif=exif_user_comment(text))
    result = read_provenance(path)
    assert (result.format, result.generator, result.cfg, result.seed) == ("a1111", "ComfyUI", 8.0, 0)


def test_json_parameters_are_not_claimed_as_infotext() -> None:
    bag = MetadataBag(path="x", container="png", text={"parameters": '{"Steps: 20, Seed: 1, Size: 8x8": 1}'})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_prompt_without_settings_is_not_claimed() -> None:
    bag = MetadataBag(path="x", container="jpeg", exif={"UserComment": "holiday photo, beach"})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_size_split_into_size_1_and_size_2() -> None:
    """A1111's own infotext parser turns `Size: 1024x768` into `Size-1`/`Size-2`; clients that
    re-serialise its result write those keys instead."""
    text = ("a dog\nNegative prompt: cat\nSteps: 20, Sampler: Euler a, CFG scale: 6, Seed: 9, Size-1: 1024, "
            "Size-2: 768, Model: sdxl_base, App: SD.Next, Version: 3c952675")
    result = Provenance(file="x")
    assert PARSER.parse(MetadataBag(path="x", container="png", text={"parameters": text}), result)
    assert (result.width, result.height, result.seed, result.generator) == (1024, 768, 9, "SD.Next")
    result = Provenance(file="x")
    assert PARSER.parse(MetadataBag(path="x", container="png", text={"parameters": text.replace(", Size-2: 768", "")}),
                        result)
    assert (result.width, result.height) == (None, None)

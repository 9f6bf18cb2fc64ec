"""NovelAI read from PNG text chunks, WebP EXIF JSON and stealth alpha, as NovelAI writes them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.novelai import PARSER
from generator.provenance.reader import read_provenance
from generator.provenance.result import Provenance

PROMPT = "1girl, solo, hatsune miku, #テスト, very aesthetic"
NEGATIVE = "lowres, worst quality"
COMMENT_V45 = {
    "prompt": PROMPT, "steps": 28, "height": 1216, "width": 832, "scale": 5.0, "seed": 2043807047,
    "noise_schedule": "karras", "cfg_rescale": 0.0,
    "v4_prompt": {"caption": {"base_caption": PROMPT, "char_captions": [
        {"char_caption": "girl, red hair", "centers": [{"x": 0.3, "y": 0.5}]},
        {"char_caption": "boy, glasses", "centers": [{"x": 0.7, "y": 0.5}]},
    ]}, "use_coords": True},
    "v4_negative_prompt": {"caption": {"base_caption": NEGATIVE, "char_captions": [
        {"char_caption": "extra arms", "centers": [{"x": 0.3, "y": 0.5}]},
    ]}},
    "sampler": "k_euler_ancestral", "uc": NEGATIVE, "request_type": "PromptGenerateRequest",
    "signed_hash": "abc==",
}


def _png(path: Path, chunks: dict[str, str]) -> Path:
    info = PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    Image.new("RGBA", (16, 16)).save(path, pnginfo=info)
    return path


def test_png_v45_with_character_prompts(tmp_path: Path) -> None:
    path = _png(tmp_path / "nai.png", {
        "Title": "NovelAI generated image", "Description": PROMPT, "Software": "NovelAI",
        "Source": "NovelAI Diffusion V4.5 4BDE2A90", "Generation time": "2.9",
        "Comment": json.dumps(COMMENT_V45),
    })
    result = read_provenance(path)
    assert (result.format, result.generator, result.reader) == ("novelai", "NovelAI", "novelai")
    assert result.model is not None
    assert (result.model.name, result.model.hash) == ("NovelAI Diffusion V4.5", "4BDE2A90")
    assert result.prompt == PROMPT
    assert result.negative_prompt == NEGATIVE
    assert (result.steps, result.cfg, result.seed) == (28, 5.0, 2043807047)
    assert (result.sampler, result.scheduler) == ("k_euler_ancestral", "karras")
    assert (result.width, result.height) == (832, 1216)
    assert result.extras["character_prompts"] == "girl, red hair\nboy, glasses"
    assert result.extras["character_negative_prompts"] == "extra arms"
    assert result.extras["request_type"] == "PromptGenerateRequest"
    assert result.ai_generated is True


def test_png_v1_prompt_comes_from_description(tmp_path: Path) -> None:
    comment = {"steps": 50, "sampler": "k_euler_ancestral", "seed": 2253955223, "strength": 0.4,
               "noise": 0.0, "scale": 10.0, "uc": "lowres"}
    path = _png(tmp_path / "v1.png", {
        "Title": "AI generated image", "Description": "masterpiece, cat, space", "Software": "NovelAI",
        "Source": "Stable Diffusion 1D44365E", "Comment": json.dumps(comment),
    })
    result = read_provenance(path)
    assert result.prompt == "masterpiece, cat, space"
    assert result.negative_prompt == "lowres"
    assert (result.model.name, result.model.hash) == ("Stable Diffusion", "1D44365E")
    assert (result.width, result.height) == (None, None)
    assert result.extras["strength"] == "0.4"


def test_webp_exif_json_in_json(tmp_path: Path) -> None:
    comment = dict(COMMENT_V45, seed=880673757, steps=23, width=1024, height=1024)
    record = {
        "Comment": json.dumps(comment), "Description": "\x00\x00\x00\x00" + PROMPT,
        "Generation time": "2.5", "Software": "NovelAI", "Source": "NovelAI Diffusion V4.5 C02D4F98",
        "Title": "NovelAI generated image",
    }
    user_comment = b"ASCII\x00\x00\x00" + json.dumps(record, ensure_ascii=False).encode("utf-8")
    exif = piexif.dump({
        "0th": {piexif.ImageIFD.Software: b"NovelAI Diffusion V4.5 C02D4F98"},
        "Exif": {piexif.ExifIFD.UserComment: user_comment},
    })
    path = tmp_path / "nai.webp"
    Image.new("RGBA", (16, 16)).save(path, exif=exif, lossless=True)
    result = read_provenance(path)
    assert (result.format, result.seed, result.steps) == ("novelai", 880673757, 23)
    assert (result.model.name, result.model.hash) == ("NovelAI Diffusion V4.5", "C02D4F98")
    assert result.prompt == PROMPT


def test_stealth_json_record() -> None:
    record = {"Software": "NovelAI", "Source": "NovelAI Diffusion V3 7BCCAA2C",
              "Comment": json.dumps({"prompt": "a fox", "seed": 5, "steps": 28, "scale": 5})}
    bag = MetadataBag(path="x", container="png", stealth=json.dumps(record))
    result = Provenance(file="x")
    assert PARSER.parse(bag, result)
    assert (result.prompt, result.seed, result.model.name) == ("a fox", 5, "NovelAI Diffusion V3")


def test_stealth_written_in_alpha_bits(tmp_path: Path) -> None:
    record = {"Software": "NovelAI", "Source": "NovelAI Diffusion V4 37442FCA",
              "Comment": json.dumps({"prompt": "a fox", "seed": 77, "steps": 28, "scale": 6})}
    data = gzip.compress(json.dumps(record).encode())
    body = b"stealth_pngcomp" + (len(data) * 8).to_bytes(4, "big") + data
    bits = [(byte >> (7 - i)) & 1 for byte in body for i in range(8)]
    image = Image.new("RGBA", (48, 48), (0, 0, 0, 254))
    pixels = image.load()
    for n, bit in enumerate(bits):
        x, y = divmod(n, 48)
        pixels[x, y] = (0, 0, 0, 254 | bit)
    image.save(tmp_path / "st.png")
    result = read_provenance(tmp_path / "st.png")
    assert (result.format, result.seed, result.cfg) == ("novelai", 77, 6.0)


def test_other_software_is_not_novelai() -> None:
    bag = MetadataBag(path="x", container="png", text={"Software": "GIMP", "Comment": "{}"})
    assert PARSER.parse(bag, Provenance(file="x")) is False


def test_broken_comment_becomes_a_warning(tmp_path: Path) -> None:
    path = _png(tmp_path / "bad.png", {"Software": "NovelAI", "Comment": '{"prompt": "a", "seed":'})
    result = read_provenance(path)
    assert result.format is None
    assert any(w.startswith("novelai:") for w in result.warnings)


def test_png_v3_sdxl_source(tmp_path: Path) -> None:
    """NovelAI Diffusion V3 (2023) names its SDXL-based model "Stable Diffusion XL <hash>" and has no v4_prompt."""
    comment = {"prompt": "1girl, rain", "steps": 28, "height": 1216, "width": 832, "scale": 5.0, "uncond_scale": 1.0,
               "cfg_rescale": 0.0, "seed": 1234567, "n_samples": 1, "noise_schedule": "native", "sampler": "k_euler",
               "sm": False, "sm_dyn": False, "uc": "lowres"}
    result = read_provenance(_png(tmp_path / "v3.png", {
        "Title": "AI generated image", "Description": "1girl, rain", "Software": "NovelAI",
        "Source": "Stable Diffusion XL C1E1DE52", "Comment": json.dumps(comment)}))
    assert (result.model.name, result.model.hash) == ("Stable Diffusion XL", "C1E1DE52")
    assert (result.prompt, result.negative_prompt, result.sampler, result.scheduler) == ("1girl, rain", "lowres", "k_euler", "native")
    assert "character_prompts" not in result.extras
    assert [(r.kind, r.name) for r in result.resources] == [("checkpoint", "Stable Diffusion XL")]


def test_png_v4_characters_without_top_level_prompt(tmp_path: Path) -> None:
    """V4 (2024-12): the prompt may live only in v4_prompt.caption.base_caption, characters beside it."""
    comment = dict(COMMENT_V45)
    comment.pop("prompt")
    comment.pop("uc")
    result = read_provenance(_png(tmp_path / "v4.png", {
        "Software": "NovelAI", "Source": "NovelAI Diffusion V4 F6302A9D", "Comment": json.dumps(comment)}))
    assert (result.prompt, result.negative_prompt) == (PROMPT, NEGATIVE)
    assert result.extras["character_prompts"] == "girl, red hair\nboy, glasses"
    assert result.extras["character_negative_prompts"] == "extra arms"
    assert (result.model.name, result.model.hash) == ("NovelAI Diffusion V4", "F6302A9D")

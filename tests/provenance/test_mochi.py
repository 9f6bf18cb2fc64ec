"""Mochi Diffusion 5 (macOS, Core ML): three records of one generation, each read on its own.

`Mochi Diffusion/Support/MetadataHelper.swift` (CreateMetadata, 2024) writes, through ImageIO:
EXIF UserComment as hand-built JSON (`{"c":..., "uc":..., "guidance_scale":...}`, not escaped, so a
prompt with a quote breaks it), IPTC Caption-Abstract as `; `-separated labelled settings ending in
"ML Compute Unit" and "Generator", and TIFF ImageDescription as `key:value` pairs between commas
(`c:...`, `uc:...`, `upscaler:`). Older versions (4.x) wrote one setting per line (test_generic.py).
"""

from __future__ import annotations

import io

import piexif
import piexif.helper
from PIL import Image

from generator.provenance.bag import MetadataBag
from generator.provenance.reader import interpret, read_provenance
from generator.provenance.result import Provenance

PROMPT, NEGATIVE = "a cabin in the woods, snow, golden hour", "people, text"
USER_COMMENT = (f'{{"c":"{PROMPT}", "uc":"{NEGATIVE}", "seed":3984923, "guidance_scale":7.5, '
                '"sampler":"DPM-Solver++", "steps":30, "model":"stable-diffusion-2-1_original", '
                '"Upscaler":"", "styles":""}')
CAPTION = (f"Include in Image: {PROMPT}; Exclude from Image: {NEGATIVE}; Model: stable-diffusion-2-1_original; "
           "Steps: 30; Guidance Scale: 7.5; Seed: 3984923; Size: 512x768; Scheduler: DPM-Solver++; "
           "ML Compute Unit: cpuAndNeuralEngine; Generator: Mochi Diffusion 5.2")
DESCRIPTION = (f"c:{PROMPT}, uc:{NEGATIVE}, seed:3984923, Guidance Scale:7.5, Sampler:DPM-Solver++, Steps:30, "
               "Model:stable-diffusion-2-1_original, upscaler:, Size:512x768")


def _assert_settings(result: Provenance, size: bool = True) -> None:
    assert (result.prompt, result.negative_prompt) == (PROMPT, NEGATIVE)
    assert (result.seed, result.steps, result.cfg, result.sampler) == (3984923, 30, 7.5, "DPM-Solver++")
    assert result.model is not None and result.model.name == "stable-diffusion-2-1_original"
    if size:
        assert (result.width, result.height) == (512, 768)
    assert not result.warnings


def _jpeg(exif: dict) -> bytes:
    plain, out = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (512, 768)).save(plain, "JPEG")
    piexif.insert(piexif.dump(exif), plain.getvalue(), out)
    return out.getvalue()


def test_iptc_caption_with_an_unlisted_key_before_the_generator() -> None:
    """"ML Compute Unit" is no setting anyone lists: it must not run into the scheduler's value."""
    result = interpret(MetadataBag(path="x.jpg", container="jpeg", iptc={"Caption-Abstract": CAPTION}))
    _assert_settings(result)
    assert (result.format, result.generator) == ("keyvalue", "Mochi Diffusion 5.2")


def test_iptc_caption_with_an_upscaler() -> None:
    caption = CAPTION.replace("Size: 512x768; ", "Size: 512x768; Upscaler: RealESRGAN; ")
    result = interpret(MetadataBag(path="x.jpg", container="jpeg", iptc={"Caption-Abstract": caption}))
    _assert_settings(result)


def test_user_comment_json_with_c_and_uc() -> None:
    exif = {"Exif": {piexif.ExifIFD.UserComment: piexif.helper.UserComment.dump(USER_COMMENT, encoding="unicode")}}
    result = read_provenance("m.jpg", data=_jpeg(exif))
    _assert_settings(result, size=False)  # the JSON has no size; the pixels are not the generation's word


def test_image_description_pairs_between_commas() -> None:
    """The prompt's own commas stay in it; the pairs are cut only before a key."""
    result = read_provenance("m.jpg", data=_jpeg({"0th": {piexif.ImageIFD.ImageDescription: DESCRIPTION.encode()}}))
    _assert_settings(result)
    assert result.format == "keyvalue"


def test_broken_user_comment_falls_back_to_the_description_without_an_error() -> None:
    quoted = USER_COMMENT.replace(PROMPT, 'a "cabin" in the woods')
    exif = {"0th": {piexif.ImageIFD.ImageDescription: DESCRIPTION.encode()},
            "Exif": {piexif.ExifIFD.UserComment: piexif.helper.UserComment.dump(quoted, encoding="unicode")}}
    result = read_provenance("m.jpg", data=_jpeg(exif))
    _assert_settings(result)
    assert result.error is None


def test_a1111_settings_line_alone_stays_a1111() -> None:
    """An infotext with no prompt is one settings line between commas: it is A1111's, not a list
    of comma-separated pairs for the key/value reader."""
    text = "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512, Model: dreamshaper_8"
    result = interpret(MetadataBag(path="x.png", container="png", text={"parameters": text}))
    assert result.format == "a1111"
    assert (result.steps, result.seed, result.width) == (20, 42, 512)


def test_all_three_records_report_the_one_that_names_the_app() -> None:
    """When every record is there, the same settings come from the one that names the app."""
    exif = {"0th": {piexif.ImageIFD.ImageDescription: DESCRIPTION.encode()},
            "Exif": {piexif.ExifIFD.UserComment: piexif.helper.UserComment.dump(USER_COMMENT, encoding="unicode")}}
    bag = MetadataBag(path="m.jpg", container="jpeg", iptc={"Caption-Abstract": CAPTION},
                      exif={"ImageDescription": DESCRIPTION, "UserComment": USER_COMMENT})
    result = interpret(bag)
    _assert_settings(result)
    assert (result.format, result.generator) == ("keyvalue", "Mochi Diffusion 5.2")
    assert read_provenance("m.jpg", data=_jpeg(exif)).prompt == PROMPT

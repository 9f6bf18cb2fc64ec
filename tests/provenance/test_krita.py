"""Krita AI Diffusion: A1111-style text in an iTXt `parameters` chunk inserted right after IHDR.

Byte layout from Acly/krita-ai-diffusion `ai_diffusion/image.py` (`save_png_w_itxt`: keyword,
NUL, compression flag 0, method 0, empty language tag, empty translated keyword, UTF-8 text,
placed straight after IHDR) and the text from `ai_diffusion/text.py` (`create_img_metadata`):
the prompt with `<lora:name:weight>` tags appended, an always-present `Negative prompt:` line,
then `Steps, Sampler, CFG scale, Seed, Size, Model hash: unknown, Model`, and in later versions
`Denoising strength`, `Mode` and the custom-inpaint keys.
"""

from __future__ import annotations

from generator.provenance.reader import read_provenance

from ._h1_fixtures import chunk, png_with


def krita_png(text: str) -> bytes:
    body = b"parameters" + b"\x00" + b"\x00" + b"\x00" + b"\x00" + b"\x00" + text.encode("utf-8")
    return png_with([chunk(b"iTXt", body)])


GENERATE = ("a misty pine forest at dawn <lora:watercolor_style:0.7>\n"
            "Negative prompt: \n"
            "Steps: 20, Sampler: Default - DPM++ 2M, CFG scale: 7.0, Seed: 1526843411, Size: 1024x1024, "
            "Model hash: unknown, Model: juggernautXL_v9.safetensors")
INPAINT = ("a red umbrella, café terrace\n"
           "Negative prompt: blurry, text\n"
           "Steps: 24, Sampler: Creative - DPM++ 2M SDE, CFG scale: 5.5, Seed: 42, Size: 768x512, "
           "Model hash: unknown, Model: realisticVision_v51.safetensors, Denoising strength: 0.65, "
           "Mode: Inpaint (Add Content), Focus: On, Fill: Blur, Context: Automatic")


def test_generate_job_without_mode_keys() -> None:
    result = read_provenance("krita.png", data=krita_png(GENERATE))
    assert (result.format, result.generator) == ("a1111", "Krita AI Diffusion")
    assert result.prompt == "a misty pine forest at dawn <lora:watercolor_style:0.7>"
    assert not result.negative_prompt
    assert (result.seed, result.steps, result.cfg, result.sampler) == (1526843411, 20, 7.0, "Default - DPM++ 2M")
    assert (result.width, result.height) == (1024, 1024)
    assert result.model.name == "juggernautXL_v9.safetensors"
    assert result.model.hash is None  # "unknown" is a placeholder, not a hash
    assert [(lora.name, lora.weight) for lora in result.loras] == [("watercolor_style", 0.7)]


def test_inpaint_job_with_mode_and_custom_inpaint_keys() -> None:
    result = read_provenance("krita.png", data=krita_png(INPAINT))
    assert result.generator == "Krita AI Diffusion"
    assert result.prompt == "a red umbrella, café terrace"
    assert result.negative_prompt == "blurry, text"
    assert (result.seed, result.cfg, result.width, result.height) == (42, 5.5, 768, 512)
    assert result.extras["Mode"] == "Inpaint (Add Content)"
    assert (result.extras["Fill"], result.extras["Context"]) == ("Blur", "Automatic")
    assert result.extras["Denoising strength"] == "0.65"


def test_a1111_with_a_real_hash_is_not_krita() -> None:
    text = GENERATE.replace("Model hash: unknown", "Model hash: 1a2b3c4d") + ", Version: v1.10.1"
    result = read_provenance("a1111.png", data=krita_png(text))
    assert result.generator == "AUTOMATIC1111"
    assert result.model.hash == "1a2b3c4d"

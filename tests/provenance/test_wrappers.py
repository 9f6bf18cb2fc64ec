"""Apps that wrap an engine: Stability Matrix and Tensor.Art name themselves, and their record of
what the artist typed and chose wins over the engine graph's where it holds more.

Both write PNG tEXt chunks with UTF-8 bytes (Stability Matrix's PngDataHelper in C#, Tensor.Art's
server), so the fixtures are raw chunks, not Pillow's Latin-1/iTXt choice.
"""

from __future__ import annotations

import json
from pathlib import Path

import piexif
from PIL import Image

from generator.provenance.reader import read_provenance
from tests.provenance._h1_fixtures import chunk, png_with

GRAPH = {
    "CheckpointLoader_Base": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "wai_v160.safetensors"}},
    "EmptyLatentImage": {"class_type": "EmptyLatentImage", "inputs": {"batch_size": 1, "height": 1024, "width": 1024}},
    "PositiveCLIP_Base": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["CheckpointLoader_Base", 1],
                                                                     "text": "1girl, solo, "}},
    "NegativeCLIP_Base": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["CheckpointLoader_Base", 1],
                                                                     "text": "bad quality"}},
    "Sampler": {"class_type": "KSampler", "inputs": {
        "model": ["CheckpointLoader_Base", 0], "seed": 395309383, "steps": 20, "cfg": 5.0,
        "sampler_name": "euler_ancestral", "scheduler": "karras", "positive": ["PositiveCLIP_Base", 0],
        "negative": ["NegativeCLIP_Base", 0], "latent_image": ["EmptyLatentImage", 0], "denoise": 1.0}},
    "VAEDecode_1": {"class_type": "VAEDecode", "inputs": {"samples": ["Sampler", 0], "vae": ["CheckpointLoader_Base", 2]}},
    "SaveImage": {"class_type": "PreviewImage", "inputs": {"images": ["VAEDecode_1", 0]}},
}
SM_JSON = {"PositivePrompt": "1girl, solo, #テスト\r\n", "NegativePrompt": "bad quality\r\n", "Steps": 20,
           "Sampler": "Euler Ancestral Karras", "CfgScale": 5, "Seed": 395309383, "Height": 1024, "Width": 1024,
           "ModelHash": "A5F58EB1C336", "ModelName": "wai_v160.safetensors", "FrameCount": 0, "Lossless": False}
SM_INFOTEXT = ("1girl, solo, #テスト\r\n\nNegative prompt: bad quality\r\n\nSteps: 20, Sampler: Euler Ancestral Karras, "
               "CFG scale: 5, Seed: 395309383, Size: 1024x1024, Model hash: A5F58EB1C336, Model: wai_v160.safetensors")
SMPROJ = {"Version": 2, "ProjectType": "TextToImage", "State": {"Model": {"SelectedModelName": "wai_v160.safetensors"}}}


def _text(key: str, value: str) -> bytes:
    return chunk(b"tEXt", key.encode("latin-1") + b"\x00" + value.encode("utf-8"))


def test_stability_matrix_with_comfyui_graph(tmp_path: Path) -> None:
    """Stability Matrix 2.10+: the ComfyUI graph, A1111 infotext, its JSON and the project file."""
    data = png_with([_text("prompt", json.dumps(GRAPH)), _text("parameters", SM_INFOTEXT),
                     _text("parameters-json", json.dumps(SM_JSON, ensure_ascii=False)), _text("smproj", json.dumps(SMPROJ))])
    result = read_provenance(tmp_path / "sm.png", data)
    assert (result.format, result.generator) == ("a1111", "Stability Matrix")  # its own record is A1111's
    assert result.workflow is not None and "CheckpointLoader_Base" in result.workflow
    assert result.prompt == "1girl, solo, #テスト\r\n"  # the graph lost the "#" comment; the app kept it
    assert result.sampler == "Euler Ancestral Karras"  # as chosen in the app
    assert result.scheduler == "karras"  # the graph's own value is kept
    assert (result.seed, result.steps, result.cfg, result.width) == (395309383, 20, 5.0, 1024)
    assert (result.model.name, result.model.hash) == ("wai_v160.safetensors", "A5F58EB1C336")
    assert result.extras["App record"] == "png:parameters-json"


def test_stability_matrix_without_graph(tmp_path: Path) -> None:
    """Older Stability Matrix (A1111 backends): infotext, JSON and smproj only."""
    data = png_with([_text("parameters", SM_INFOTEXT), _text("parameters-json", json.dumps(SM_JSON, ensure_ascii=False)),
                     _text("smproj", json.dumps(SMPROJ))])
    result = read_provenance(tmp_path / "sm.png", data)
    assert (result.format, result.generator) == ("a1111", "Stability Matrix")
    assert result.prompt.startswith("1girl, solo, #テスト")
    assert (result.sampler, result.seed) == ("Euler Ancestral Karras", 395309383)


TENSOR_DATA = {"prompt": "1girl, solo, #テスト", "negativePrompt": "bad quality, ", "width": 1024, "height": 1024,
               "imageCount": 1, "steps": 25, "cfgScale": 7, "seed": "-1", "clipSkip": 2,
               "baseModel": {"label": "v16", "type": "BASE_MODEL", "modelId": "943946051788787917",
                             "modelFileName": "WAI-Nsfw-Illustrious-16", "hash": "A5F58EB1C336"},
               "sdVae": "Automatic", "ksamplerName": "euler_ancestral", "schedule": "karras", "guidance": 3.5}


def test_tensor_art_with_graph_keeps_the_seed_that_ran(tmp_path: Path) -> None:
    graph = json.loads(json.dumps(GRAPH))
    graph["PositiveCLIP_Base"]["inputs"]["text"] = "1girl, solo, #テスト"
    graph["NegativeCLIP_Base"]["inputs"]["text"] = "bad quality"
    data = png_with([_text("generation_data", json.dumps(TENSOR_DATA, ensure_ascii=False)),
                     _text("prompt", json.dumps(graph, ensure_ascii=False))])
    result = read_provenance(tmp_path / "t.png", data)
    assert (result.format, result.generator) == ("comfyui", "Tensor.Art")
    assert result.seed == 395309383  # the request's "-1" is the random placeholder
    assert result.negative_prompt == "bad quality"  # a trimmed ", " is not a lost word
    assert result.prompt == "1girl, solo, #テスト"


def test_tensor_art_request_alone(tmp_path: Path) -> None:
    data = png_with([_text("generation_data", json.dumps(TENSOR_DATA, ensure_ascii=False))])
    result = read_provenance(tmp_path / "t.png", data)
    assert (result.format, result.generator) == ("json", "Tensor.Art")
    assert (result.seed, result.steps, result.cfg, result.sampler) == (None, 25, 7.0, "euler_ancestral")
    assert (result.model.name, result.model.hash) == ("WAI-Nsfw-Illustrious-16", "A5F58EB1C336")


def test_stability_matrix_itxt_for_non_latin_text(tmp_path: Path) -> None:
    """Newer Stability Matrix (ImageMetadata.BuildTextChunk) switches to iTXt when a character is
    above U+00FF: keyword, five zero bytes (no compression, empty language and translation), UTF-8."""
    itxt = chunk(b"iTXt", b"parameters-json" + b"\x00" * 5 + json.dumps(SM_JSON, ensure_ascii=False).encode("utf-8"))
    data = png_with([_text("prompt", json.dumps(GRAPH)), _text("parameters", SM_INFOTEXT.replace("#テスト", "")), itxt])
    result = read_provenance(tmp_path / "sm.png", data)
    assert (result.generator, result.prompt) == ("Stability Matrix", "1girl, solo, #テスト\r\n")


def test_stability_matrix_webp_exif_fields(tmp_path: Path) -> None:
    """In WebP, Stability Matrix stores its JSON in EXIF ImageDescription and the project in Software."""
    exif = piexif.dump({"0th": {piexif.ImageIFD.ImageDescription: json.dumps(SM_JSON, ensure_ascii=False).encode(),
                                piexif.ImageIFD.Software: json.dumps(SMPROJ).encode()}})
    Image.new("RGB", (8, 8)).save(tmp_path / "sm.webp", exif=exif)
    result = read_provenance(tmp_path / "sm.webp")
    assert result.generator == "Stability Matrix"
    assert (result.prompt, result.sampler, result.seed, result.cfg) == ("1girl, solo, #テスト\r\n", "Euler Ancestral Karras",
                                                                       395309383, 5.0)
    assert (result.model.name, result.model.hash, result.width) == ("wai_v160.safetensors", "A5F58EB1C336", 1024)

"""The fallback readers: JSON records from tools without a parser, and `Key: value` line records.

Each fixture is written the way its tool writes it: Hugging Face Spaces and diffusers scripts call
Pillow's `PngInfo.add_text` with `json.dumps(metadata)`; web-service downloads carry the service's
JSON in EXIF UserComment (piexif, "UNICODE" or "ASCII" prefix) or a JPEG COM segment.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.provenance.bag import MetadataBag
from generator.provenance.reader import interpret, read_provenance
from tests.provenance._h1_fixtures import chunk, png_with


def _png(path: Path, chunks: dict[str, str]) -> Path:
    info = PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    Image.new("RGB", (8, 8)).save(path, pnginfo=info)
    return path


def _jpeg_user_comment(path: Path, text: str, prefix: bytes = b"UNICODE\x00", encoding: str = "utf-16-be") -> Path:
    comment = prefix + text.encode(encoding)
    Image.new("RGB", (8, 8)).save(path, exif=piexif.dump({"Exif": {piexif.ExifIFD.UserComment: comment}}))
    return path


# Animagine XL 4.0 Space (Gradio + diffusers), utils.save_image: a flat record, "Model" a string.
ANIMAGINE_40 = {
    "prompt": "1girl, solo, hatsune miku, テスト", "negative_prompt": "lowres, bad anatomy",
    "resolution": "832 x 1216", "guidance_scale": 5.5, "num_inference_steps": 24, "seed": 443800072,
    "sampler": "DPM++ 2M Karras", "Model": "Animagine XL 4.0", "Model hash": "6327eca98b", "use_upscaler": None,
}
# Animagine XL 3.1 Space: the model is a nested object {"Model": ..., "Model hash": ...}.
ANIMAGINE_31 = {
    "prompt": "1boy, outdoors", "negative_prompt": "nsfw, lowres", "resolution": "896 x 1152",
    "guidance_scale": 7, "num_inference_steps": 28, "seed": 833127558, "sampler": "Euler a",
    "sdxl_style": "Hyperrealism", "add_quality_tags": True, "quality_tags": "Standard v3.1",
    "use_upscaler": None, "Model": {"Model": "Animagine XL V3.1", "Model hash": "e3c47aedb0"},
}


def test_hf_space_animagine_40_parameters_chunk(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "a.png", {"parameters": json.dumps(ANIMAGINE_40)}))
    assert (result.format, result.generator, result.reader) == ("diffusers", "diffusers", "generic-json")
    assert result.prompt == "1girl, solo, hatsune miku, テスト"
    assert result.negative_prompt == "lowres, bad anatomy"
    assert (result.seed, result.steps, result.cfg, result.sampler) == (443800072, 24, 5.5, "DPM++ 2M Karras")
    assert (result.width, result.height) == (832, 1216)
    assert (result.model.name, result.model.hash) == ("Animagine XL 4.0", "6327eca98b")
    assert result.ai_generated is True
    assert [(r.kind, r.name, r.hash) for r in result.resources] == [("checkpoint", "Animagine XL 4.0", "6327eca98b")]


def test_hf_space_animagine_31_metadata_chunk_nested_model(tmp_path: Path) -> None:
    result = read_provenance(_png(tmp_path / "a.png", {"metadata": json.dumps(ANIMAGINE_31)}))
    assert result.format == "diffusers"
    assert (result.model.name, result.model.hash) == ("Animagine XL V3.1", "e3c47aedb0")
    assert (result.seed, result.steps, result.cfg, result.width, result.height) == (833127558, 28, 7.0, 896, 1152)
    assert result.extras["sdxl_style"] == "Hyperrealism"


def test_replicate_prediction_in_user_comment(tmp_path: Path) -> None:
    """A Replicate prediction object: settings one level down under "input"."""
    prediction = {
        "id": "rrr4z55ocneqzikepnug6xezpe", "model": "black-forest-labs/flux-dev",
        "version": "6e4a938f85952bdabcc15fa9d33d8a6f6b76b2b0d3e8f4b2e1f8e6f1c4d2b3a1",
        "input": {"prompt": "an astronaut riding a horse", "num_inference_steps": 28, "guidance": 3.5,
                  "seed": 1234, "aspect_ratio": "1:1", "output_format": "webp"},
        "logs": "Using seed: 1234", "metrics": {"predict_time": 2.1}, "status": "succeeded",
        "urls": {"get": "https://api.replicate.com/v1/predictions/rrr4z55ocneqzikepnug6xezpe"},
    }
    result = read_provenance(_jpeg_user_comment(tmp_path / "r.jpg", json.dumps(prediction)))
    assert result.generator == "Replicate"
    assert result.prompt == "an astronaut riding a horse"
    assert (result.seed, result.steps, result.cfg) == (1234, 28, 3.5)
    assert result.model.name == "black-forest-labs/flux-dev"


def test_openai_record_in_jpeg_comment_segment(tmp_path: Path) -> None:
    """A JPEG COM segment (Pillow writes it from `comment=`) holding an Images API record."""
    record = {"created": 1700000000, "model": "dall-e-3", "prompt": "a watercolor fox",
              "revised_prompt": "A watercolor painting of a red fox in the snow.", "size": "1024x1024"}
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", comment=json.dumps(record).encode())
    result = read_provenance(tmp_path / "x.jpg", buffer.getvalue())
    assert (result.format, result.generator) == ("json", "OpenAI DALL·E")
    assert (result.prompt, result.model.name, result.width, result.height) == ("a watercolor fox", "dall-e-3", 1024, 1024)
    assert result.extras["revised_prompt"].startswith("A watercolor painting")
    assert result.raw["comment"].startswith("{")


def test_stability_api_text_prompts_split_by_weight(tmp_path: Path) -> None:
    body = {"text_prompts": [{"text": "a lighthouse at dusk", "weight": 1}, {"text": "blurry", "weight": -1}],
            "cfg_scale": 7, "steps": 30, "seed": 99, "sampler": "K_DPMPP_2M", "width": 1024, "height": 1024}
    result = read_provenance(_png(tmp_path / "s.png", {"Comment": json.dumps(body)}))
    assert (result.generator, result.prompt, result.negative_prompt) == ("Stability AI API", "a lighthouse at dusk", "blurry")
    assert (result.sampler, result.seed, result.steps, result.cfg) == ("K_DPMPP_2M", 99, 30, 7.0)


def test_infotext_string_inside_json_is_read_as_infotext() -> None:
    record = {"parameters": "a castle\nNegative prompt: fog\nSteps: 20, Sampler: Euler a, CFG scale: 6, Seed: 5, "
                            "Size: 512x768, Model: dreamshaper_8, Lora hashes: \"detail: 0123abcd\"",
              "generator": "my-bot 1.2"}
    result = interpret(MetadataBag(path="x", container="png", text={"meta": json.dumps(record)}))
    assert (result.generator, result.prompt, result.negative_prompt) == ("my-bot 1.2", "a castle", "fog")
    assert (result.steps, result.seed, result.cfg, result.width, result.height) == (20, 5, 6.0, 512, 768)
    assert ("lora", "detail", "0123abcd") in [(r.kind, r.name, r.hash) for r in result.resources]


def test_caption_alone_is_not_a_generation_record() -> None:
    bag = MetadataBag(path="x", container="jpeg", exif={"ImageDescription": json.dumps({"prompt": "holiday photo"})})
    assert interpret(bag).format is None


def test_placeholder_seed_and_hostile_numbers_are_not_values() -> None:
    record = {"prompt": "p", "seed": -1, "steps": 10**9, "cfg_scale": "NaN", "width": -5, "sampler": "Euler"}
    result = interpret(MetadataBag(path="x", container="png", text={"parameters": json.dumps(record)}))
    assert result.format == "json"
    assert (result.seed, result.steps, result.cfg, result.width) == (None, None, None, None)


# --- key/value lines ---------------------------------------------------------------------------------

def test_key_value_lines_with_multiline_prompt(tmp_path: Path) -> None:
    text = ("Prompt: a red fox in snow,\nhighly detailed\nNegative prompt: blurry\nSeed: 1234\nSteps: 30\n"
            "CFG scale: 7\nSampler: Euler a\nModel: dreamshaper_8\nSize: 512x768")
    result = read_provenance(_png(tmp_path / "k.png", {"Description": text}))
    assert (result.format, result.reader) == ("keyvalue", "keyvalue")
    assert result.prompt == "a red fox in snow,\nhighly detailed"
    assert (result.negative_prompt, result.seed, result.steps, result.cfg) == ("blurry", 1234, 30, 7.0)
    assert (result.sampler, result.model.name, result.width, result.height) == ("Euler a", "dreamshaper_8", 512, 768)


def test_key_value_equals_style_in_ascii_user_comment(tmp_path: Path) -> None:
    text = "prompt = a blue bird\nseed = 42\nnum_inference_steps = 25\nguidance_scale = 4.5\nscheduler = DDIMScheduler"
    path = _jpeg_user_comment(tmp_path / "k.jpg", text, prefix=b"ASCII\x00\x00\x00", encoding="ascii")
    result = read_provenance(path)
    assert result.format == "keyvalue"
    assert (result.prompt, result.seed, result.steps, result.cfg) == ("a blue bird", 42, 25, 4.5)
    assert (result.sampler, result.scheduler) == ("DDIMScheduler", None)  # diffusers: the scheduler is the sampler


def test_a1111_infotext_is_never_taken_for_key_value_lines() -> None:
    text = "Prompt: a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512"
    result = interpret(MetadataBag(path="x", container="png", text={"parameters": text}))
    assert result.format == "a1111"


# --- UTF-8 in PNG tEXt ----------------------------------------------------------------------------------

def test_utf8_bytes_in_text_chunk_are_not_garbled(tmp_path: Path) -> None:
    """Stability Matrix and Tensor.Art write UTF-8 into tEXt; Latin-1 text stays Latin-1."""
    body = json.dumps({"prompt": "hatsune miku, #テスト", "seed": 3, "steps": 4}, ensure_ascii=False)
    data = png_with([chunk(b"tEXt", b"parameters\x00" + body.encode("utf-8")),
                     chunk(b"tEXt", b"Author\x00Ren\xe9e")])
    result = read_provenance(tmp_path / "u.png", data)
    assert result.prompt == "hatsune miku, #テスト"
    assert result.raw["png:Author"] == "Renée"


def test_one_text_chunk_per_setting(tmp_path: Path) -> None:
    """Scripts that save `for k, v in payload.items(): pnginfo.add_text(k, str(v))`."""
    payload = {"prompt": "a misty harbour", "negative_prompt": "people", "seed": 31337, "steps": 30,
               "cfg": 6.0, "sampler": "dpmpp_2m", "model": "stabilityai/stable-diffusion-xl-base-1.0",
               "width": 1024, "height": 1024}
    result = read_provenance(_png(tmp_path / "p.png", {k: str(v) for k, v in payload.items()}))
    assert result.format == "json"
    assert (result.prompt, result.negative_prompt, result.seed, result.steps, result.cfg) == (
        "a misty harbour", "people", 31337, 30, 6.0)
    assert (result.model.name, result.width, result.sampler) == ("stabilityai/stable-diffusion-xl-base-1.0", 1024, "dpmpp_2m")


def test_software_source_comment_triplet(tmp_path: Path) -> None:
    """A Replicate client that borrows NovelAI's chunk names: Software, Source (the model), Comment (JSON)."""
    compact = {"id": "p1", "inputs": {"prompt": "a koi pond", "seed": 8, "num_inference_steps": 4}, "prompt": "a koi pond"}
    result = read_provenance(_png(tmp_path / "r.png", {"Software": "replicate-skill", "Source": "black-forest-labs/flux-schnell",
                                                       "Comment": json.dumps(compact, separators=(",", ":"))}))
    assert (result.generator, result.model.name) == ("replicate-skill", "black-forest-labs/flux-schnell")
    assert (result.prompt, result.seed, result.steps) == ("a koi pond", 8, 4)


def test_comfyui_graph_in_an_xmp_property(tmp_path: Path) -> None:
    """A saver that writes the API graph as CDATA in its own XMP namespace (WebP/JPEG have no text chunks)."""
    from tests.provenance._h1_fixtures import xmp_packet

    graph = {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "anima.safetensors"}},
             "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "a fox", "clip": ["1", 1]}},
             "3": {"class_type": "EmptyLatentImage", "inputs": {"width": 832, "height": 1216, "batch_size": 1}},
             "4": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 20, "cfg": 4.0, "sampler_name": "er_sde",
                                                        "scheduler": "simple", "denoise": 1.0, "model": ["1", 0],
                                                        "positive": ["2", 0], "negative": ["2", 0], "latent_image": ["3", 0]}},
             "5": {"class_type": "SaveImage", "inputs": {"images": ["4", 0]}}}
    packet = xmp_packet('xmlns:anima="https://example.org/anima/1.0/"',
                        f"<anima:prompt><![CDATA[{json.dumps(graph)}]]></anima:prompt>")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "WEBP", xmp=packet)
    result = read_provenance(tmp_path / "x.webp", buffer.getvalue())
    assert (result.format, result.seed, result.sampler, result.model.name) == ("comfyui", 5, "er_sde", "anima.safetensors")
    assert (result.width, result.height, result.prompt) == (832, 1216, "a fox")


def test_fooocus_fork_style_keys_and_tuple_resolution() -> None:
    record = {"Prompt": "a red car", "Negative Prompt": "", "Resolution": "(1152, 896)", "Guidance Scale": 4,
              "Sampler": "dpmpp_2m_sde_gpu", "Scheduler": "karras", "Seed": "12345", "Steps": 30,
              "Base Model": "juggernautXL_v8Rundiffusion.safetensors", "Version": "Fooocus-fork 2.5.0"}
    result = interpret(MetadataBag(path="x", container="png", text={"log": json.dumps(record)}))
    assert (result.width, result.height, result.seed, result.cfg) == (1152, 896, 12345, 4.0)
    assert (result.sampler, result.scheduler) == ("dpmpp_2m_sde_gpu", "karras")
    assert result.model.name == "juggernautXL_v8Rundiffusion.safetensors"


def test_civitai_base_model_family_is_not_a_checkpoint() -> None:
    record = {"prompt": "a bird", "seed": 2, "steps": 20, "baseModel": "SDXL 1.0"}
    result = interpret(MetadataBag(path="x", container="jpeg", exif={"UserComment": json.dumps(record)}))
    assert result.model is None


def test_settings_two_levels_down() -> None:
    record = {"id": "gen_1", "request": {"input": {"prompt": "a tower", "seed": 4, "guidance_scale": 3}}}
    result = interpret(MetadataBag(path="x", container="png", text={"Comment": json.dumps(record)}))
    assert (result.prompt, result.seed, result.cfg) == ("a tower", 4, 3.0)


def test_infotext_in_image_description_is_a1111(tmp_path: Path) -> None:
    """Some JPEG savers put the A1111 infotext in EXIF ImageDescription instead of UserComment."""
    text = "a lake\nNegative prompt: fog\nSteps: 24, Sampler: Euler a, CFG scale: 6, Seed: 77, Size: 640x960, Model: dreamshaper_8"
    path = tmp_path / "d.jpg"
    Image.new("RGB", (8, 8)).save(path, exif=piexif.dump({"0th": {piexif.ImageIFD.ImageDescription: text.encode()}}))
    result = read_provenance(path)
    assert (result.format, result.prompt, result.seed, result.width) == ("a1111", "a lake", 77, 640)


def test_imagemagick_mirrored_user_comment(tmp_path: Path) -> None:
    """`convert a1111.jpg out.png` copies EXIF into "exif:UserComment" text, UTF-16 zero bytes as dots."""
    infotext = "a fox\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 9, Size: 512x512"
    mirrored = "UNICODE.." + "".join("." + ch for ch in infotext.replace("\n", "\n"))
    result = read_provenance(_png(tmp_path / "m.png", {"exif:UserComment": mirrored}))
    assert (result.format, result.prompt, result.negative_prompt, result.seed) == ("a1111", "a fox", "dog", 9)


def test_mochi_diffusion_lines() -> None:
    """Mochi Diffusion (macOS, Core ML) labels the prompts "Include in Image" / "Exclude from Image"."""
    text = ("Include in Image: a lighthouse, golden hour\nExclude from Image: people\nModel: stable-diffusion-2-1_split-einsum\n"
            "Steps: 25\nGuidance Scale: 7.5\nSeed: 1185066577\nSize: 512x512\nScheduler: DPM-Solver++\n"
            "Generator: Mochi Diffusion 4.4")
    result = interpret(MetadataBag(path="x", container="png", text={"Comment": text}))
    assert (result.format, result.generator) == ("keyvalue", "Mochi Diffusion 4.4")
    assert (result.prompt, result.negative_prompt, result.cfg, result.seed) == ("a lighthouse, golden hour", "people", 7.5, 1185066577)
    assert (result.sampler, result.model.name) == ("DPM-Solver++", "stable-diffusion-2-1_split-einsum")


def test_semicolon_separated_settings_on_one_line() -> None:
    text = "Include in Image: a lighthouse; Exclude from Image: people; Steps: 25; Guidance Scale: 7.5; Seed: 42"
    result = interpret(MetadataBag(path="x", container="jpeg", iptc={"Caption-Abstract": text}))
    assert (result.format, result.prompt, result.negative_prompt, result.steps, result.seed) == (
        "keyvalue", "a lighthouse", "people", 25, 42)


def test_a1111_api_info_record() -> None:
    """The `info` JSON that A1111's /sdapi/v1/txt2img returns, saved beside the image by API clients."""
    info = {"prompt": "a cabin", "all_prompts": ["a cabin"], "negative_prompt": "snow", "seed": 11, "all_seeds": [11],
            "subseed": 5, "width": 768, "height": 512, "sampler_name": "DPM++ 2M", "cfg_scale": 7.0, "steps": 25,
            "sd_model_name": "dreamshaper_8", "sd_model_hash": "879db523c3", "infotexts": ["a cabin\nSteps: 25"]}
    result = interpret(MetadataBag(path="x", container="png", text={"info": json.dumps(info)}))
    assert result.generator == "AUTOMATIC1111 API"
    assert (result.model.name, result.model.hash, result.sampler, result.width) == ("dreamshaper_8", "879db523c3", "DPM++ 2M", 768)


def test_kohya_gen_img_text_chunks_scale_is_the_cfg() -> None:
    """kohya-ss sd-scripts' gen_img writes one PNG text chunk per setting; its CFG is "scale" (as
    in the CompVis scripts it descends from), the negative prompt "negative-prompt"."""
    chunks = {"prompt": "a watercolor fox, autumn", "seed": "12345", "sampler": "euler_a", "steps": "30",
              "scale": "7.5", "negative-prompt": "lowres", "negative-scale": "1.0"}
    result = interpret(MetadataBag(path="x", container="png", text=chunks))
    assert (result.prompt, result.negative_prompt) == ("a watercolor fox, autumn", "lowres")
    assert (result.seed, result.steps, result.cfg, result.sampler) == (12345, 30, 7.5, "euler_a")


def test_settings_nested_under_a_key_named_for_what_it_holds() -> None:
    """Web services wrap the request under names of their own: `generationParams`, `job_settings`."""
    record = {"id": "c0ffee", "status": "COMPLETE", "generationParams": {
        "prompt": "a koala in a eucalyptus tree", "negativePrompt": "blur", "seed": 77, "steps": 28, "cfgScale": 6,
        "sampler": "DPM++ 2M", "width": 768, "height": 1024}}
    result = interpret(MetadataBag(path="x", container="png", text={"Comment": json.dumps(record)}))
    assert (result.prompt, result.negative_prompt) == ("a koala in a eucalyptus tree", "blur")
    assert (result.seed, result.steps, result.cfg, result.width, result.height) == (77, 28, 6.0, 768, 1024)
    record = {"job_settings": {"prompt": "a koala", "seed": 77, "num_inference_steps": 28, "guidance_scale": 6}}
    result = interpret(MetadataBag(path="x", container="png", text={"Description": json.dumps(record)}))
    assert (result.format, result.prompt, result.steps) == ("diffusers", "a koala", 28)

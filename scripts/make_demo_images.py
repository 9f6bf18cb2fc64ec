#!/usr/bin/env python3
"""Make the demo site's images: abstract pictures carrying metadata the way real AI tools write it.

The demo gallery must show every kind of provenance the badge can display, but the shared corpus
may not be copied into the repository. So each image here is drawn with Pillow and given the
metadata a real tool writes (A1111 `parameters`, ComfyUI `prompt`/`workflow`, EXIF UserComment,
XMP digital source type), plus one photo-like JPEG carrying GPS and camera EXIF to demonstrate
that none of it is published. Deterministic: running it again writes identical files.

    python scripts/make_demo_images.py
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import piexif
from PIL import Image, ImageDraw, ImageFilter
from PIL.PngImagePlugin import PngInfo

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "content" / "galleries" / "latent-gardens"
POST = ROOT / "content" / "posts" / "studio-notes"


def artwork(seed: int, size: tuple[int, int], palette: list[tuple[int, int, int]]) -> Image.Image:
    """Soft overlapping discs on a gradient: pleasant, compressible, different per seed."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, palette[0])
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        a, b = palette[0], palette[1]
        draw.line([(0, y), (width, y)], fill=tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3)))
    for _ in range(14):
        r = rng.randint(width // 12, width // 4)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = palette[rng.randint(2, len(palette) - 1)]
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    for i in range(0, width, max(8, width // 24)):
        wave = int(height / 2 + math.sin(i / 37 + seed) * height / 6)
        draw.line([(i, wave), (i + width // 30, wave + 12)], fill=palette[-1], width=3)
    return image.filter(ImageFilter.GaussianBlur(radius=2))


A1111_TEXT = (
    "a quiet greenhouse at dusk, glass panes, overgrown ferns, volumetric light, oil painting "
    "<lora:watercolor_style_v2:0.7>\n"
    "Negative prompt: blurry, lowres, watermark\n"
    "Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234567890, Size: 1024x1024, "
    "Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Lora hashes: \"watercolor_style_v2: 0a1b2c3d4e5f\", "
    "Version: v1.10.1"
)

COMFY_PROMPT = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "flux1-dev-fp8.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a moth made of stained glass resting on a moss garden, macro",
                                                     "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 768, "batch_size": 1}},
    "3": {"class_type": "KSampler", "inputs": {"seed": 424242, "steps": 20, "cfg": 1.0, "sampler_name": "euler",
                                              "scheduler": "simple", "denoise": 1.0, "model": ["4", 0],
                                              "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
}

XMP_MIDJOURNEY = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">paper lanterns drifting over a flooded orchard, ink wash --ar 4:3 --v 6.1 Job ID: 3f9c2d1e-7a4b-4c8e-9f21-5b6d7e8f9a0b</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def user_comment(text: str) -> bytes:
    return b"UNICODE\x00" + text.encode("utf-16-be")


def main() -> None:
    GALLERY.mkdir(parents=True, exist_ok=True)
    POST.mkdir(parents=True, exist_ok=True)
    warm = [(24, 32, 48), (92, 60, 88), (233, 196, 106), (244, 162, 97), (231, 111, 81), (42, 157, 143)]
    cool = [(16, 42, 67), (38, 70, 83), (142, 202, 230), (33, 158, 188), (255, 183, 3), (251, 133, 0)]
    moss = [(30, 40, 24), (74, 93, 35), (144, 169, 85), (236, 243, 158), (49, 87, 44), (19, 42, 19)]
    dusk = [(44, 30, 55), (120, 80, 120), (255, 200, 150), (250, 140, 120), (180, 90, 140), (90, 60, 110)]
    paper = [(240, 234, 214), (214, 204, 178), (120, 110, 90), (60, 52, 44), (170, 150, 120), (30, 30, 30)]

    info = PngInfo()
    info.add_text("parameters", A1111_TEXT)
    artwork(1, (768, 768), warm).save(GALLERY / "greenhouse-at-dusk.png", pnginfo=info, optimize=True)

    info = PngInfo()
    info.add_text("prompt", json.dumps(COMFY_PROMPT))
    info.add_text("workflow", json.dumps({"last_node_id": 9, "nodes": [], "links": [], "version": 0.4}))
    artwork(2, (1024, 768), moss).save(GALLERY / "stained-glass-moth.png", pnginfo=info, optimize=True)

    exif = {
        "0th": {piexif.ImageIFD.Make: b"DemoCam", piexif.ImageIFD.Model: b"DC-1000",
                piexif.ImageIFD.Artist: b"Ada Example"},
        "Exif": {piexif.ExifIFD.UserComment: user_comment(
            "a koi pond under cherry blossoms, woodblock print, muted colours\nNegative prompt: text, signature\n"
            "Steps: 28, Sampler: Euler a, CFG scale: 5, Seed: 987654321, Size: 832x1216, Model hash: 0a1b2c3d4e, "
            "Model: waiIllustriousSDXL_v160, Version: f2.0.1v1.10.1-previous-313-g8a042934"),
            0xA431: b"SN-0042-DEMO"},
        "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: ((52, 1), (22, 1), (0, 1)),
                piexif.GPSIFD.GPSLongitudeRef: b"E", piexif.GPSIFD.GPSLongitude: ((4, 1), (53, 1), (0, 1))},
    }
    artwork(3, (640, 936), cool).save(GALLERY / "koi-pond.jpg", quality=88, exif=piexif.dump(exif))

    lanterns = artwork(4, (960, 720), dusk)
    lanterns.save(GALLERY / "paper-lanterns.jpg", quality=88, xmp=XMP_MIDJOURNEY.encode("utf-8"))

    artwork(5, (720, 900), paper).save(GALLERY / "charcoal-study.png", optimize=True)

    info = PngInfo()
    info.add_text("parameters", A1111_TEXT.replace("greenhouse at dusk", "night market in the rain")
                  .replace("Seed: 1234567890", "Seed: 555"))
    artwork(6, (768, 768), warm[::-1]).save(GALLERY / "night-market.png", pnginfo=info, optimize=True)

    artwork(7, (900, 600), moss).save(POST / "sketchbook.png", optimize=True)
    koi_loop(GALLERY / "koi-ripples.mp4", artwork(8, (320, 240), cool))


def koi_loop(path: Path, still: Image.Image, frames: int = 24) -> None:
    """A short H.264 loop, tagged as ComfyUI's VideoHelperSuite Video Combine tags it: one
    `comment` holding the API graph (a JSON string) and the workflow. PyAV is a dependency."""
    import av

    graph = {
        "3": {"class_type": "KSampler", "inputs": {
            "seed": 20250510, "steps": 30, "cfg": 6.0, "sampler_name": "uni_pc", "scheduler": "simple",
            "denoise": 1.0, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
            "latent_image": ["5", 0]}},
        "4": {"class_type": "UNETLoader", "inputs": {"unet_name": "wan2.1_t2v_1.3B_fp16.safetensors",
                                                     "weight_dtype": "default"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "koi circling under lily pads, ripples, "
                                                                  "woodblock print, slow loop", "clip": ["9", 0]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "static, blurry, text", "clip": ["9", 0]}},
        "9": {"class_type": "CLIPLoader", "inputs": {"clip_name": "umt5_xxl_fp8_e4m3fn_scaled.safetensors",
                                                     "type": "wan"}},
        "5": {"class_type": "EmptyHunyuanLatentVideo", "inputs": {"width": 320, "height": 240, "length": 25,
                                                                 "batch_size": 1}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["10", 0]}},
        "10": {"class_type": "VAELoader", "inputs": {"vae_name": "wan_2.1_vae.safetensors"}},
        "11": {"class_type": "VHS_VideoCombine", "inputs": {"images": ["8", 0], "frame_rate": 12,
                                                           "format": "video/h264-mp4"}},
    }
    with av.open(str(path), "w", format="mp4", options={"fflags": "+bitexact"}) as out:
        out.metadata["comment"] = json.dumps({"prompt": json.dumps(graph), "workflow": {"nodes": [], "links": []}})
        stream = out.add_stream("libx264", rate=12, options={"crf": "30", "preset": "veryslow"})
        stream.width, stream.height, stream.pix_fmt = still.width, still.height, "yuv420p"
        for index in range(frames):
            shift = still.transform(still.size, Image.AFFINE, (1, 0, index * 2, 0, 1, 0), resample=Image.BILINEAR)
            for packet in stream.encode(av.VideoFrame.from_image(shift)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


if __name__ == "__main__":
    main()

"""Tiny real video files made with PyAV at test time, tagged the way real tools tag them.

VideoHelperSuite's Video Combine writes one `comment` tag: JSON with "prompt" (the API graph as
a JSON string) and "workflow". ComfyUI's own SaveVideo writes "prompt" and "workflow" tags. Phones
write a location tag in ISO 6709 form and name the camera; stream tags carry a handler name.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw

GPS = "+52.3702+004.8952+001.500/"
DEVICE = "ZX-Camera-4471"


def comfy_graph(prompt: str, model: str = "wan2.1_t2v_14B_fp8.safetensors") -> dict[str, object]:
    return {
        "3": {"class_type": "KSampler", "inputs": {
            "seed": 4242, "steps": 30, "cfg": 6.0, "sampler_name": "uni_pc", "scheduler": "simple", "denoise": 1.0,
            "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
        "4": {"class_type": "UNETLoader", "inputs": {"unet_name": model, "weight_dtype": "default"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": prompt, "clip": ["9", 0]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "static, blurry", "clip": ["9", 0]}},
        "9": {"class_type": "CLIPLoader", "inputs": {"clip_name": "umt5_xxl_fp8.safetensors", "type": "wan"}},
        "5": {"class_type": "EmptyHunyuanLatentVideo", "inputs": {"width": 64, "height": 48, "length": 9,
                                                                 "batch_size": 1}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["10", 0]}},
        "10": {"class_type": "VAELoader", "inputs": {"vae_name": "wan_2.1_vae.safetensors"}},
        "11": {"class_type": "VHS_VideoCombine", "inputs": {"images": ["8", 0], "frame_rate": 8,
                                                           "format": "video/h264-mp4"}},
    }


def vhs_tags(prompt: str) -> dict[str, str]:
    """Video Combine's single comment tag (videohelpersuite/nodes.py, ffmpeg_process)."""
    graph = comfy_graph(prompt)
    return {"comment": json.dumps({"prompt": json.dumps(graph), "workflow": {"nodes": [], "links": []}})}


def savevideo_tags(prompt: str) -> dict[str, str]:
    """ComfyUI's SaveVideo/SaveWEBM: one tag per hidden input (in MP4 as free-form `mdta` keys,
    which ComfyUI asks the muxer for with movflags=use_metadata_tags)."""
    return {"prompt": json.dumps(comfy_graph(prompt)), "workflow": json.dumps({"nodes": [], "links": []})}


def phone_tags() -> dict[str, str]:
    return {"location": GPS, "make": DEVICE, "model": DEVICE, "title": f"shot on {DEVICE}"}


def make_video(path: Path, tags: dict[str, str] | None = None, *, audio: bool = False, frames: int = 8,
               size: tuple[int, int] = (64, 48)) -> Path:
    """An H.264 MP4/MOV or VP9 WebM by suffix, with container tags and a tagged video stream."""
    path.parent.mkdir(parents=True, exist_ok=True)
    muxer = {".mp4": "mp4", ".mov": "mov", ".m4v": "mp4", ".webm": "webm"}[path.suffix.lower()]
    options = {"movflags": "use_metadata_tags"} if muxer != "webm" else {}
    with av.open(str(path), "w", format=muxer, options=options) as out:
        for key, value in (tags or {}).items():
            out.metadata[key] = value
        video = out.add_stream("libvpx-vp9" if muxer == "webm" else "libx264", rate=8)
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
        video.metadata["handler_name"] = f"{DEVICE} video"
        sound = out.add_stream("libopus" if muxer == "webm" else "aac", rate=48000) if audio else None
        for index in range(frames):
            picture = Image.new("RGB", size, (index * 25 % 255, 60, 120))
            ImageDraw.Draw(picture).rectangle((4 + index * 4, 8, 14 + index * 4, 18), fill="white")
            for packet in video.encode(av.VideoFrame.from_image(picture)):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        if sound is not None:
            frame = av.AudioFrame(format="fltp", layout="stereo", samples=960)
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            frame.sample_rate = 48000
            for step in range(25):
                frame.pts = step * 960
                frame.time_base = Fraction(1, 48000)
                for packet in sound.encode(frame):
                    out.mux(packet)
            for packet in sound.encode():
                out.mux(packet)
    return path


def container_tags(path: Path) -> tuple[dict[str, str], list[dict[str, str]], list[str]]:
    """(container tags, each stream's tags, stream types) as FFmpeg reads them."""
    with av.open(str(path)) as container:
        return (dict(container.metadata), [dict(s.metadata) for s in container.streams],
                [s.type for s in container.streams])

"""Small temporary sites for tests: write files, build, read what was published."""

from __future__ import annotations

import io
import json
from pathlib import Path

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.build.site import BuildOptions, BuildResult, build


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def build_site(root: Path, **options: object) -> tuple[BuildResult, Path]:
    output = Path(str(options.pop("output", root / "_site")))
    result = build(BuildOptions(source=root, output=output, **options))  # type: ignore[arg-type]
    return result, output


def png(text: dict[str, str] | None = None, size: tuple[int, int] = (64, 48),
        colour: tuple[int, int, int] = (120, 80, 40)) -> bytes:
    """A PNG with tEXt chunks, as A1111 and ComfyUI write them."""
    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg(exif: dict | None = None, size: tuple[int, int] = (64, 48), xmp: bytes | None = None) -> bytes:
    out = io.BytesIO()
    params: dict[str, object] = {"quality": 85}
    if exif is not None:
        params["exif"] = piexif.dump(exif)
    if xmp is not None:
        params["xmp"] = xmp
    Image.new("RGB", size, (30, 90, 150)).save(out, "JPEG", **params)
    return out.getvalue()


def a1111_parameters(prompt: str, negative: str = "", model: str = "sd_xl_base_1.0",
                     model_hash: str = "31e35c80fc", seed: int = 42, steps: int = 30) -> str:
    """A1111's `parameters` text, as its webui writes it."""
    lines = [prompt]
    if negative:
        lines.append(f"Negative prompt: {negative}")
    lines.append(f"Steps: {steps}, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: {seed}, "
                 f"Size: 1024x1024, Model hash: {model_hash}, Model: {model}, Version: v1.10.1")
    return "\n".join(lines)


def published_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def read_json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


SITE_YAML = """title: Test site
base_url: https://example.test/
author: {name: Tester}
"""

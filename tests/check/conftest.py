from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

SITE_YAML = ("title: Check me\nbase_url: https://example.org/\n"
             "images:\n  formats: [webp]\n  thumb_widths: [16]\n  display_widths: [32]\n"
             "menu:\n  - title: Home\n    url: /\n")


def png(path: Path, parameters: str | None = None, size: tuple[int, int] = (32, 24)) -> Path:
    """A PNG as A1111 writes it: the generation text in a `parameters` tEXt chunk."""
    info = PngImagePlugin.PngInfo()
    if parameters is not None:
        info.add_text("parameters", parameters)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (120, 80, 40)).save(path, pnginfo=info)
    return path


def a1111(prompt: str, model: str) -> str:
    return (f"{prompt}\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, "
            f"Size: 32x24, Model hash: 0a1b2c3d4e, Model: {model}, Version: v1.9.0")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "first.md").write_text("---\ntitle: First\ndate: 2025-01-01\n---\n## Intro\n\nHello.\n",
                                    encoding="utf-8")
    return tmp_path

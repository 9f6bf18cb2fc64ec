from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.config import site_yaml
from tests.kit.images import png_bytes

SITE_YAML = site_yaml("Check me", base_url="https://example.org/", images=(16, 32),
                      extra="menu:\n  - title: Home\n    url: /\n")


def png(path: Path, parameters: str | None = None, size: tuple[int, int] = (32, 24)) -> Path:
    """A PNG as A1111 writes it: the generation text in a `parameters` tEXt chunk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes({"parameters": parameters} if parameters is not None else None, size=size,
                               colour=(120, 80, 40)))
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

"""A cleaned SVG draws exactly what its source draws, in a real browser (Chromium)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.images.svgclean import clean_svg
from tests.images.image_fixtures import noisy
from tests.images.svg_fixtures import embedding_svg, illustrator_svg, inkscape_svg, sketch_svg

from .conftest import serve_folder

pytestmark = pytest.mark.browser


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    noisy((120, 90)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


SOURCES = {"inkscape": inkscape_svg("someone", "Some One"), "illustrator": illustrator_svg("Some One"),
           "sketch": sketch_svg(), "embedded": embedding_svg(_jpeg())}


def test_cleaned_svgs_render_pixel_for_pixel_like_their_sources(browser: Any, tmp_path: Path) -> None:
    for name, source in SOURCES.items():
        (tmp_path / f"{name}-source.svg").write_bytes(source)
        (tmp_path / f"{name}-clean.svg").write_bytes(clean_svg(source)[0])
    context = browser.new_context(viewport={"width": 820, "height": 1150})
    try:
        page = context.new_page()
        with serve_folder(tmp_path) as url:
            for name in SOURCES:
                shots = []
                for variant in ("source", "clean"):
                    response = page.goto(f"{url}/{name}-{variant}.svg")
                    assert response is not None and response.ok
                    shots.append(page.screenshot())
                source_shot, clean_shot = (Image.open(io.BytesIO(shot)).convert("RGB") for shot in shots)
                assert source_shot.getextrema() != ((255, 255), (255, 255), (255, 255)), name  # it drew something
                assert source_shot.tobytes() == clean_shot.tobytes(), name
    finally:
        context.close()

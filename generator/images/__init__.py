"""Responsive image pipeline: derivatives, originals, privacy cleaning and <picture> markup.

The names below are loaded on first use (PEP 562): importing any submodule (a suffix list, the
video remuxer) would otherwise import Pillow and the whole pipeline, 50 ms of every build of a
site without a single image.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .markup import picture_html
    from .pipeline import ImagePipeline
    from .settings import ImageSettings, ImageStats, ResponsiveImage, Variant

_HOME = {"picture_html": "markup", "ImagePipeline": "pipeline", "ImageSettings": "settings",
         "ImageStats": "settings", "ResponsiveImage": "settings", "Variant": "settings"}

__all__ = ["ImagePipeline", "ImageSettings", "ImageStats", "ResponsiveImage", "Variant", "picture_html"]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value

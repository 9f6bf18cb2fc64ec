"""Responsive image pipeline: derivatives, originals, privacy cleaning and <picture> markup."""

from __future__ import annotations

from .markup import picture_html
from .pipeline import ImagePipeline
from .settings import ImageSettings, ImageStats, ResponsiveImage, Variant

__all__ = ["ImagePipeline", "ImageSettings", "ImageStats", "ResponsiveImage", "Variant", "picture_html"]

"""Built-in plugin: model-openness labels (filled in below)."""

from __future__ import annotations

from generator.plugins.api import Plugin


class OpennessPlugin(Plugin):
    name = "openness"

"""Built-in plugin: the artist's consent signals (filled in below)."""

from __future__ import annotations

from generator.plugins.api import Plugin


class ConsentPlugin(Plugin):
    name = "consent"

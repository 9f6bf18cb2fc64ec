"""Built-in plugin: reads every work's embedded generation metadata (filled in below)."""

from __future__ import annotations

from generator.plugins.api import Plugin


class ProvenancePlugin(Plugin):
    name = "provenance"

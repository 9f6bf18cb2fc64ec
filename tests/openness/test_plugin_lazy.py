"""A blog without works has no model to grade: the openness plugin must not load its registry
(parsing it was a few per cent of every one-post edit of a text-only blog)."""

from __future__ import annotations

from pathlib import Path

from tests.kit.images import png_bytes
from tests.kit.sites import new_site


def test_a_site_without_works_does_not_load_the_model_registry(tmp_path: Path, monkeypatch) -> None:
    import generator.plugins.openness as plugin

    def refuse():
        raise AssertionError("the registry was loaded for a site without works")

    site = new_site(tmp_path / "site")
    site.config(plugins="[provenance, openness, consent]")
    site.post("a.md", title="A")
    monkeypatch.setattr(plugin, "load_registry", refuse)
    site.build()
    assert "A" in site.read("posts/a/index.html")
    monkeypatch.undo()
    called = []
    real = plugin.load_registry
    monkeypatch.setattr(plugin, "load_registry", lambda: called.append(1) or real())
    art = site.root / "content/galleries/g/art.png"
    art.parent.mkdir(parents=True)
    art.write_bytes(png_bytes({"parameters": "a fox\nSteps: 20, Sampler: Euler, Seed: 1, Model: sd_xl_base_1.0"}))
    site.build()
    assert called, "a site with works must grade them"

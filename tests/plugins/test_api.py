"""The plugin API does not leak the build's insides: plugins reach files through writer methods,
keep data through plugin_store, and the settings the core reads belong to the core."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from generator.pipeline.writer import OutputError, OutputWriter
from generator.plugins.api import stable_hash
from tests.kit.sites import new_site

PLUGINS = Path(__file__).resolve().parents[2] / "generator" / "plugins"


def test_replace_placed_never_edits_a_file_shared_with_the_cache(tmp_path: Path) -> None:
    cached = tmp_path / "cache" / "original.png"
    cached.parent.mkdir()
    cached.write_bytes(b"cached bytes")
    writer = OutputWriter(tmp_path / "_site")
    os.makedirs(writer.staging / "works")
    os.link(cached, writer.staging / "works" / "original.png")  # what the image pipeline does
    writer.keep(["works/original.png"])
    assert writer.read_placed("works/original.png") == b"cached bytes"
    writer.replace_placed("works/original.png", b"marked bytes")
    assert writer.read_placed("/works/original.png") == b"marked bytes"
    assert cached.read_bytes() == b"cached bytes"
    writer.write_text("page/index.html", "<p>hi</p>", "a page")
    assert writer.read_placed("page/index.html") == b"<p>hi</p>"  # queued writes are flushed first
    writer.commit()
    assert (tmp_path / "_site" / "works" / "original.png").read_bytes() == b"marked bytes"


def test_a_plugin_cannot_reach_outside_this_builds_files(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("keep out")
    writer = OutputWriter(tmp_path / "_site")
    assert writer.read_placed("../secret.txt") is None
    assert writer.read_placed("never-written.html") is None
    with pytest.raises(OutputError, match="not part of this build"):
        writer.replace_placed("../secret.txt", b"x")
    writer.abort()
    assert (tmp_path / "secret.txt").read_text() == "keep out"


def test_export_hands_a_tool_copies_outside_the_site(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path / "_site")
    writer.write_text("a/index.html", "<p>a</p>", "a")
    scratch = tmp_path / "scratch"
    writer.export(["a/index.html"], scratch)
    assert (scratch / "a" / "index.html").read_text() == "<p>a</p>"
    writer.abort()


def _attribute_uses(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


@pytest.mark.parametrize("module", sorted(p for p in PLUGINS.glob("*.py") if p.name not in ("api.py", "loader.py")),
                         ids=lambda p: p.name)
def test_built_in_plugins_use_only_the_api(module: Path) -> None:
    used = _attribute_uses(module)
    assert not used & {"staging", "cache", "page_hooks_in_workers", "signatures", "before_fork", "internal",
                        "render_key"}
    imports = [node.module for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
               if isinstance(node, ast.ImportFrom) and node.module]
    assert not [name for name in imports if name in ("generator.pipeline.cache", "generator.pipeline.render")]


def test_stable_hash_is_stable_across_calls() -> None:
    assert stable_hash("a", 1) == stable_hash("a", 1) != stable_hash("a", 2)
    assert len(stable_hash("x")) == 32


def test_show_prompt_is_a_core_setting_whichever_plugins_are_on(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    site.config("show_prompt: false\n", plugins="[]")
    result = site.build()
    assert not [p for p in result.problems.warnings if "show_prompt" in p.message]
    site.config("show_prompt: nope\n", plugins="[]")
    problems = site.fail()
    assert any("show_prompt" in p.message for p in problems.errors)

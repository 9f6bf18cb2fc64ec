"""A large site's front matter is parsed, and its pages rendered, in forked worker processes.

The output must be byte-for-byte what the main process alone gives, problems found in a worker
must reach the report (with their file and line), and a plugin whose page hooks keep state must
see every page, so with such a plugin switched on pages render in the main process.
"""

from __future__ import annotations

from typing import Any

import pytest

import generator.pipeline.preparse as preparse
import generator.pipeline.render as render
import generator.pipeline.site as build_site
import generator.pipeline.workers as workers
from generator.plugins import loader
from generator.plugins.api import Plugin, pure
from tests.kit.sites import TmpSite, new_site, tree_hashes

PLUGINS = "[provenance, openness, consent]"


@pytest.fixture(autouse=True)
def two_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are used from two CPUs on; these tests must exercise them on any machine."""
    monkeypatch.setattr(workers, "worker_count", lambda: 2)


def many_posts(site: TmpSite, count: int = 40) -> None:
    for i in range(count):
        site.post(f"p{i:02d}.md", title=f"Post {i}", date=f"2025-01-{i % 28 + 1:02d}", tags=f"[t{i % 5}, shared]",
                  body=f"Post {i} has *emphasis*, a [link](p{(i + 1) % count:02d}.md) and code:\n\n"
                       "```python\nprint('hi')\n```\n")


def test_workers_write_exactly_what_the_main_process_writes(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    trees = {}
    used: list[int] = []
    in_workers = render._render_in_workers
    monkeypatch.setattr(render, "_render_in_workers", lambda *args: (used.append(len(args[2])), in_workers(*args))[1])
    for mode, threshold in (("serial", 10**9), ("workers", 1)):
        site = new_site(tmp_path / mode)
        site.config("license: CC-BY-4.0\n", plugins=PLUGINS)
        many_posts(site)
        monkeypatch.setattr(render, "PARALLEL_THRESHOLD", threshold)
        result = site.build(use_cache=False)
        assert result.pages_rendered > 40
        trees[mode] = tree_hashes(site.out)
    assert len(used) == 1 and used[0] > 40, "the second build should have rendered in workers"
    assert trees["workers"] == trees["serial"]


def test_a_template_error_in_a_worker_is_reported_with_its_page(site: TmpSite,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    many_posts(site, 12)
    site.post("broken.md", title="Broken", layout="broken")
    site.write("templates/broken.html", "{% extends 'base.html' %}{% block content %}{{ page.title | nosuch }}"
                                        "{% endblock %}")
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 1)
    used: list[int] = []
    in_workers = render._render_in_workers
    monkeypatch.setattr(render, "_render_in_workers", lambda *args: (used.append(1), in_workers(*args))[1])
    problems = site.fail(use_cache=False)
    assert used, "the pages should have rendered in workers"
    assert any("broken.md" in str(p.file) and "nosuch" in p.message for p in problems.errors), problems.items


class CountingPlugin(Plugin):
    """Keeps state between page hooks, and says nothing about workers: must see every page."""

    name = "counting"

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.seen: list[str] = []

    def on_page_context(self, page: Any, context: dict[str, Any], site: Any) -> None:
        self.seen.append(page.url)

    def on_post_build(self, site: Any, writer: Any) -> None:
        writer.write_text("seen.txt", "\n".join(sorted(self.seen)), "counting")


def test_a_plugin_that_keeps_state_sees_every_page(site: TmpSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "available", lambda: {**loader.BUILTIN,
                                                      "counting": f"{__name__}:CountingPlugin"})
    site.config(plugins="[counting]")
    many_posts(site, 20)
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 1)
    result = site.build(use_cache=False)
    seen = site.read("seen.txt").splitlines()
    assert len(seen) == result.pages_rendered and "/posts/p07/" in seen


def test_front_matter_parsed_in_workers_builds_the_same_site(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    trees, parsed_here = {}, {}
    parse = build_site.parse_source
    for mode, threshold in (("serial", 10**9), ("workers", 1)):
        calls: list[bytes] = []
        monkeypatch.setattr(build_site, "parse_source", lambda raw, calls=calls: (calls.append(raw), parse(raw))[1])
        site = new_site(tmp_path / mode)
        many_posts(site, 30)
        monkeypatch.setattr(preparse, "PARALLEL_THRESHOLD", threshold)
        site.build()
        trees[mode], parsed_here[mode] = tree_hashes(site.out), len(calls)
    assert trees["workers"] == trees["serial"]
    assert parsed_here == {"serial": 30, "workers": 0}, "with workers, the main process should parse nothing"


def test_a_front_matter_error_found_in_a_worker_keeps_its_line(site: TmpSite,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    many_posts(site, 10)
    site.write("content/posts/bad.md", "---\ntitle: Bad\ntags: [unclosed\n---\nBody.\n")
    reports = {}
    for mode, threshold in (("serial", 10**9), ("workers", 1)):
        monkeypatch.setattr(preparse, "PARALLEL_THRESHOLD", threshold)
        problems = site.fail(use_cache=False)
        reports[mode] = [(str(p.file), p.line, p.message) for p in problems.errors]
    assert reports["workers"] == reports["serial"]
    [(file, line, _message)] = reports["workers"]
    assert file.endswith("bad.md") and line is not None


class PureStamp(Plugin):
    """A page hook marked pure: artsite may run it in workers, and its edit reaches every page."""

    name = "purestamp"

    @pure
    def on_page_html(self, page: Any, html: str, site: Any) -> str:
        return html.replace("</body>", f"<!-- stamped {page.url} --></body>")


def test_a_pure_page_hook_lets_pages_render_in_workers(site: TmpSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "available", lambda: {**loader.BUILTIN,
                                                      "purestamp": f"{__name__}:PureStamp",
                                                      "counting": f"{__name__}:CountingPlugin"})
    many_posts(site, 20)
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 1)
    used: list[int] = []
    in_workers = render._render_in_workers
    monkeypatch.setattr(render, "_render_in_workers", lambda *args: (used.append(1), in_workers(*args))[1])
    site.config(plugins="[purestamp]")
    site.build(use_cache=False)
    assert used, "a pure page hook should let artsite use workers"
    assert "<!-- stamped /posts/p07/ -->" in site.read("posts/p07/index.html")
    used.clear()
    site.config(plugins="[purestamp, counting]")  # one impure hook keeps every page in this process
    site.build(use_cache=False)
    assert not used
    assert "<!-- stamped /posts/p07/ -->" in site.read("posts/p07/index.html")

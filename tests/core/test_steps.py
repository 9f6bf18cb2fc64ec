"""The build is one list of named, timed steps, and `--verbose` shows each step's share."""

from __future__ import annotations

import re

import pytest

from generator.cli import main
from generator.pipeline import site as orchestrator
from tests.kit.sites import TmpSite, tree_hashes


def test_every_step_runs_once_in_the_listed_order_and_is_timed(site: TmpSite) -> None:
    site.post("a.md", title="A")
    result = site.build()
    assert [name for name, _ in result.timings] == [name for name, _ in orchestrator.STEPS]
    assert all(seconds >= 0 for _, seconds in result.timings)
    assert sum(seconds for _, seconds in result.timings) <= result.seconds


def test_the_step_list_names_the_whole_pipeline_in_order() -> None:
    names = [name for name, _ in orchestrator.STEPS]
    # the order a reader follows a post in: read, render, write, swap in
    for earlier, later in [("settings and plugins", "no-change check"), ("content", "markdown"),
                           ("markdown", "lists"), ("lists", "render"), ("images", "render"),
                           ("render", "flush"), ("flush", "plugins: on_post_build"), ("links", "commit")]:
        assert names.index(earlier) < names.index(later), (earlier, later)
    assert len(names) == len(set(names))


def test_a_failing_step_stops_the_build_and_keeps_the_previous_site(site: TmpSite) -> None:
    site.post("a.md", title="First")
    site.build()
    before = tree_hashes(site.out)
    site.write("templates/post.html", "{% extends 'theme:post.html' %}{% block content %}{{ nope( }}{% endblock %}")
    failed = site.fail()
    assert any("template" in problem.message for problem in failed.errors)
    assert tree_hashes(site.out) == before


def test_verbose_prints_every_step_with_its_share(site: TmpSite, capsys: pytest.CaptureFixture[str]) -> None:
    site.post("a.md", title="A")
    assert main(["build", "--source", str(site.root), "--verbose"]) == 0
    err = capsys.readouterr().err
    rows = re.findall(r"^  (.+?)\s+([\d.]+) ms\s+([\d.]+)%$", err, re.M)
    assert [name.strip() for name, _, _ in rows] == [name for name, _ in orchestrator.STEPS]
    assert sum(float(share) for _, _, share in rows) == pytest.approx(100, abs=1.5)

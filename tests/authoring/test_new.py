from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.commands.new import scaffold


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site.yaml").write_text("title: T\ntimezone: Asia/Kolkata\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    return tmp_path


def test_new_post_scaffolds_a_draft(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = 'He said: "yes" #1 - it\'s {not} [a] list'
    assert main(["new", "post", title, "--source", str(site)]) == 0
    path = site / "content" / "posts" / "he-said-yes-1-it-s-not-a-list.md"
    assert capsys.readouterr().out.strip() == str(path)
    data = front(path)
    assert data["title"] == title
    assert data["draft"] is True and data["tags"] == [] and data["excerpt"] == ""
    moment = dt.datetime.fromisoformat(str(data["date"]))
    assert moment.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert abs((dt.datetime.now(dt.timezone.utc) - moment).total_seconds()) < 60


def test_new_gallery_makes_an_index(site: Path) -> None:
    assert main(["new", "gallery", "Harbour Prints", "--source", str(site)]) == 0
    data = front(site / "content" / "galleries" / "harbour-prints" / "index.md")
    assert data["title"] == "Harbour Prints" and data["draft"] is True and data["tags"] == []
    assert "excerpt" not in data


def test_refuses_to_overwrite(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = site / "content" / "posts" / "mine.md"
    target.parent.mkdir(parents=True)
    target.write_text("precious", encoding="utf-8")
    assert main(["new", "post", "Mine", "--source", str(site)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "precious"


def test_scaffolded_post_builds_with_drafts(tmp_path: Path) -> None:
    root = tmp_path / "s"
    assert main(["init", str(root)]) == 0
    assert main(["new", "post", "Night: studies", "--source", str(root)]) == 0
    assert main(["build", "--source", str(root), "--drafts", "-q"]) == 0
    page = (root / "_site" / "posts" / "night-studies" / "index.html").read_text(encoding="utf-8")
    assert "Night: studies" in page and "draft-banner" in page


def test_scaffold_uses_given_moment_in_site_zone(site: Path) -> None:
    path, text = scaffold("post", "X", site, now=dt.datetime(2025, 1, 1, 0, 0, tzinfo=dt.timezone.utc))
    assert path.name == "x.md"
    assert "2025-01-01T05:30:00+05:30" in text

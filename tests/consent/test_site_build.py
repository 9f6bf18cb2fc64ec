"""Whole builds of an `artsite init` site: defaults, switching off, per-page overrides, licences."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.cli import main
from generator.pipeline.site import BuildOptions, BuildResult, build

NOAI = '<meta name="robots" content="noai, noimageai">'
TDM1 = '<meta name="tdm-reservation" content="1">'
TDM0 = '<meta name="tdm-reservation" content="0">'


def new_site(tmp_path: Path, **changes: object) -> Path:
    root = tmp_path / "site"
    assert main(["init", str(root)]) == 0
    if changes:
        config = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
        config.update(changes)
        (root / "site.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def add_gallery(root: Path, index: dict, works: dict[str, dict]) -> None:
    folder = root / "content" / "galleries" / "studies"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(f"---\n{yaml.safe_dump(index)}---\nStudies.\n", encoding="utf-8")
    for name, data in works.items():
        buffer = io.BytesIO()
        Image.new("RGB", (32, 24), (30, 90, 160)).save(buffer, "PNG")
        (folder / name).write_bytes(buffer.getvalue())
        (folder / f"{name}.md").write_text(f"---\n{yaml.safe_dump({'alt': 'A study', **data})}---\n",
                                          encoding="utf-8")


def run(root: Path) -> BuildResult:
    return build(BuildOptions(source=root, use_cache=False))


def read(root: Path, rel: str) -> str:
    return (root / "_site" / rel).read_text(encoding="utf-8")


def head(root: Path, rel: str) -> str:
    return read(root, rel).split("</head>")[0]


FAST_IMAGES = {"images": {"formats": ["webp"], "thumb_widths": [16], "display_widths": [32]}}


def test_defaults_on_a_new_site(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    result = run(root)
    assert not [p for p in result.problems.warnings if "ai_training" in p.message]
    robots = read(root, "robots.txt")
    groups = robots.split("\n\n")
    blocked = next(g for g in groups if "User-agent: GPTBot" in g)
    for token in ("GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "Applebot-Extended", "Bytespider"):
        assert f"User-agent: {token}\n" in blocked
    assert blocked.rstrip().endswith("Disallow: /")
    assert "User-agent: *\nAllow: /" in robots
    assert robots.index("User-agent: GPTBot") < robots.index("User-agent: *")
    assert "User-agent: Googlebot" not in robots and "User-agent: ChatGPT-User" not in robots
    rules = json.loads(read(root, ".well-known/tdmrep.json"))
    assert rules == [{"location": "/", "tdm-reservation": 1}]
    for page in ("index.html", "posts/hello-world/index.html", "about/index.html", "archive/index.html"):
        assert NOAI in head(root, page) and TDM1 in head(root, page), page
    assert 'name="tdm-policy"' not in head(root, "index.html")
    headers = read(root, "_headers").splitlines()
    block = headers[headers.index("/*"):]
    assert block[:3] == ["/*", "  X-Robots-Tag: noai, noimageai", "  tdm-reservation: 1"]


def test_policy_url_and_contact(tmp_path: Path) -> None:
    root = new_site(tmp_path, ai_training={"reserve": True, "policy_url": "https://example.org/licensing/",
                                           "contact": "ada@example.org"})
    run(root)
    assert json.loads(read(root, ".well-known/tdmrep.json")) == [
        {"location": "/", "tdm-reservation": 1, "tdm-policy": "https://example.org/licensing/"}]
    assert '<meta name="tdm-policy" content="https://example.org/licensing/">' in head(root, "index.html")
    assert "  tdm-policy: https://example.org/licensing/" in read(root, "_headers").splitlines()
    assert "# Licensing requests: ada@example.org" in read(root, "robots.txt")
    assert '<a href="https://example.org/licensing/">No AI training without permission</a>' in read(root, "index.html")


@pytest.mark.parametrize("setting", [{"reserve": False}, False])
def test_reserve_false_lifts_every_signal(tmp_path: Path, setting: object) -> None:
    root = new_site(tmp_path, ai_training=setting)
    run(root)
    robots = read(root, "robots.txt")
    assert "GPTBot" not in robots and "Disallow" not in robots
    assert robots.startswith("User-agent: *\nAllow: /")
    assert not (root / "_site" / ".well-known" / "tdmrep.json").exists()
    assert not (root / "_site" / "_headers").exists()
    for page in ("index.html", "posts/hello-world/index.html"):
        assert "noai" not in head(root, page) and "tdm-reservation" not in head(root, page)
    assert "No AI training" not in read(root, "index.html")


def test_headers_can_be_switched_off(tmp_path: Path) -> None:
    root = new_site(tmp_path, ai_training={"reserve": True, "headers": False})
    run(root)
    assert not (root / "_site" / "_headers").exists()
    assert (root / "_site" / ".well-known" / "tdmrep.json").exists()


def test_post_that_lifts_the_reservation(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "content" / "posts" / "free.md").write_text(
        "---\ntitle: Free to train on\ndate: 2026-01-05\nai_training: false\n---\nTake it.\n", encoding="utf-8")
    run(root)
    free = head(root, "posts/free/index.html")
    assert "noai" not in free and TDM1 not in free
    assert TDM0 in free  # outranks the site-wide header and file, per TDMRep's processing order
    assert NOAI in head(root, "posts/hello-world/index.html")
    rules = json.loads(read(root, ".well-known/tdmrep.json"))
    assert rules == [{"location": "/posts/free/", "tdm-reservation": 0}, {"location": "/", "tdm-reservation": 1}]
    assert "#   /posts/free/" in read(root, "_headers")


def test_work_reserved_while_the_site_is_not(tmp_path: Path) -> None:
    root = new_site(tmp_path, ai_training={"reserve": False}, **FAST_IMAGES)
    add_gallery(root, {"title": "Studies"}, {"kept.png": {"ai_training": {"reserve": True}}, "open.png": {}})
    run(root)
    kept = head(root, "galleries/studies/kept/index.html")
    assert NOAI in kept and TDM1 in kept
    assert "noai" not in head(root, "galleries/studies/open/index.html")
    assert "noai" not in head(root, "galleries/studies/index.html")
    assert json.loads(read(root, ".well-known/tdmrep.json")) == [
        {"location": "/galleries/studies/kept/", "tdm-reservation": 1}]
    headers = read(root, "_headers").splitlines()
    assert "/galleries/studies/kept/" in headers and "/*" not in headers
    assert "GPTBot" not in read(root, "robots.txt")


def test_gallery_setting_reaches_its_works_and_a_work_can_differ(tmp_path: Path) -> None:
    root = new_site(tmp_path, **FAST_IMAGES)
    add_gallery(root, {"title": "Studies", "ai_training": {"reserve": False}},
                {"a.png": {}, "b.png": {"ai_training": True}})
    run(root)
    assert "noai" not in head(root, "galleries/studies/a/index.html")
    assert TDM0 in head(root, "galleries/studies/a/index.html")
    assert NOAI in head(root, "galleries/studies/b/index.html")
    rules = json.loads(read(root, ".well-known/tdmrep.json"))
    assert rules[0] == {"location": "/galleries/studies/b/", "tdm-reservation": 1}
    assert {"location": "/galleries/studies/", "tdm-reservation": 0} in rules
    assert rules[-1] == {"location": "/", "tdm-reservation": 1}


def test_licence_link_footer_and_jsonld(tmp_path: Path) -> None:
    root = new_site(tmp_path)  # the scaffold's site.yaml says CC-BY-NC-ND-4.0
    run(root)
    url = "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    page = read(root, "posts/hello-world/index.html")
    assert f'<link rel="license" href="{url}">' in page.split("</head>")[0]
    footer = page.split('<footer class="site-footer">')[1]
    assert f'<a rel="license" href="{url}">CC BY-NC-ND 4.0</a>' in footer
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    posting = [o for b in blocks for o in (json.loads(b) if b.strip().startswith("[") else [json.loads(b)])
               if o.get("@type") == "BlogPosting"]
    assert posting and posting[0]["license"] == url and posting[0]["headline"] == "Hello, world"
    home = read(root, "index.html")
    assert f'"license":"{url}"' in home.replace(" ", "")


def test_per_work_licence_and_unknown_licence_warning(tmp_path: Path) -> None:
    root = new_site(tmp_path, license="Ask me first", **FAST_IMAGES)
    add_gallery(root, {"title": "Studies"}, {"a.png": {"license": "https://creativecommons.org/licenses/by/4.0/"}})
    result = run(root)
    warnings = [p for p in result.problems.warnings if "Ask me first" in p.message]
    assert len(warnings) == 1 and warnings[0].file == "site.yaml"
    work = read(root, "galleries/studies/a/index.html")
    assert '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">' in work
    post = read(root, "posts/hello-world/index.html")
    assert 'rel="license"' not in post
    assert "Ask me first" in post.split('<footer class="site-footer">')[1]


def test_site_yaml_extends_and_trims_the_crawler_list(tmp_path: Path) -> None:
    root = new_site(tmp_path, ai_training={"reserve": True, "crawlers": [{"user_agent": "NewArtScraper"}],
                                           "exclude": ["CCBot"], "block": ["training"]})
    run(root)
    robots = read(root, "robots.txt")
    assert "User-agent: NewArtScraper\n" in robots
    assert "User-agent: CCBot" not in robots
    assert "User-agent: PerplexityBot" not in robots  # ai-search no longer blocked
    assert "User-agent: GPTBot\n" in robots
    assert "User-agent: *\nAllow: /" in robots


def test_invalid_settings_are_reported_against_site_yaml(tmp_path: Path) -> None:
    root = new_site(tmp_path, ai_training={"reserve": "yes"})
    from generator.problems import BuildFailed

    with pytest.raises(BuildFailed) as failed:
        run(root)
    assert any("ai_training" in p.message for p in failed.value.problems.errors)

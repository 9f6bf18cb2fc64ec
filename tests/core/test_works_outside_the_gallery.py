"""Works outside the gallery (issue 16): the works feed, per-tag feeds, og:image on every page with an
image, and thumbnails on tag pages. A content-warned work never shows its image anywhere a reader or
a chat app would display it unasked."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.kit.files import SITE_YAML, a1111_parameters, build_site, write_site
from tests.kit.images import png

ATOM = {"a": "http://www.w3.org/2005/Atom"}
GALLERY = "content/galleries/g/"
INDEX = "---\ntitle: Garden\ndate: 2025-01-02\ncover: fox.png\n---\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("works")
    write_site(root, {
        "site.yaml": SITE_YAML,
        GALLERY + "index.md": INDEX,
        GALLERY + "fox.png": png({"parameters": a1111_parameters("a red fox in snow")}, size=(96, 64)),
        GALLERY + "fox.png.md": "---\ntitle: Red Fox\nalt: A red fox in snow\ndate: 2025-02-01\ntags: [foxes]\n---\n",
        GALLERY + "owl.png": png({"parameters": a1111_parameters("an owl", seed=9)}, size=(64, 96), colour=(9, 9, 9)),
        GALLERY + "owl.png.md": "---\ntitle: Owl\nalt: An owl at night\ndate: 2025-03-01\n"
                                "content_warning: talons in close-up\ntags: [foxes]\n---\n",
        "content/posts/notes.md": "---\ntitle: Notes\ndate: 2025-01-20\ntags: [foxes]\n---\n"
                                  "Some text.\n\n![A fox sketch](/galleries/g/fox.png)\n",
        "content/posts/plain.md": "---\ntitle: Plain\ndate: 2025-01-10\n---\nNo pictures here.\n",
    })
    _, out = build_site(root)
    return out


def og(out: Path, rel: str) -> dict[str, str]:
    text = (out / rel).read_text(encoding="utf-8")
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):image[^"]*)" content="([^"]*)"', text))


def warned_images(out: Path) -> list[str]:
    """Every published file name of the warned work's image (its variants start with its stem)."""
    return [p.name for p in (out / "galleries" / "g").glob("owl-*") if p.suffix in (".png", ".jpg", ".webp", ".avif")]


def test_the_works_feed_carries_each_work_with_its_image_and_disclosure(site: Path) -> None:
    feed = ET.parse(site / "works" / "feed.xml").getroot()
    entries = {e.find("a:title", ATOM).text: e for e in feed.findall("a:entry", ATOM)}
    assert list(entries) == ["Owl", "Red Fox"], "newest first"
    fox = entries["Red Fox"]
    enclosure = [link.get("href") for link in fox.findall("a:link", ATOM) if link.get("rel") == "enclosure"]
    assert len(enclosure) == 1 and enclosure[0].startswith("https://example.test/galleries/g/fox-")
    content = fox.find("a:content", ATOM).text
    assert f'src="{enclosure[0]}"' in content and 'alt="A red fox in snow"' in content
    summary = fox.find("a:summary", ATOM).text
    assert summary.startswith("AI-generated · model openness C Open weights.")
    assert "The settings are embedded in the file, but not signed." in summary


def test_a_warned_work_enters_the_feeds_as_its_warning_and_a_link_only(site: Path) -> None:
    names = warned_images(site)
    assert names, "the warned work's images are published on its page"
    for rel in ("works/feed.xml", "works/feed.json", "tags/foxes/feed.xml", "feed.xml"):
        text = (site / rel).read_text(encoding="utf-8")
        assert not any(name in text for name in names), f"{rel} shows the warned image"
    owl = next(i for i in json.loads((site / "works" / "feed.json").read_text())["items"] if i["title"] == "Owl")
    assert "image" not in owl and "Content warning: talons in close-up" in owl["content_html"]
    assert owl["summary"].startswith("Content warning: talons in close-up.")


def test_the_json_works_feed_is_json_feed_1_1_with_images(site: Path) -> None:
    feed = json.loads((site / "works" / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://example.test/works/feed.json"
    fox = next(i for i in feed["items"] if i["title"] == "Red Fox")
    assert fox["url"] == "https://example.test/galleries/g/fox/"
    assert fox["image"].startswith("https://example.test/galleries/g/fox-") and fox["date_published"].startswith("2025-02-01")


def test_each_tag_has_feeds_holding_its_posts_and_works(site: Path) -> None:
    feed = ET.parse(site / "tags" / "foxes" / "feed.xml").getroot()
    titles = [e.find("a:title", ATOM).text for e in feed.findall("a:entry", ATOM)]
    assert set(titles) == {"Red Fox", "Owl", "Notes"}, titles
    self_link = [link.get("href") for link in feed.findall("a:link", ATOM) if link.get("rel") == "self"]
    assert self_link == ["https://example.test/tags/foxes/feed.xml"]
    items = json.loads((site / "tags" / "foxes" / "feed.json").read_text())["items"]
    assert {i["title"] for i in items} == {"Red Fox", "Owl", "Notes"}
    tag_page = (site / "tags" / "foxes" / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" type="application/atom+xml"' in tag_page and 'href="/tags/foxes/feed.xml"' in tag_page


def test_og_image_on_every_page_with_an_image_with_size_and_alt(site: Path) -> None:
    fox_url = og(site, "galleries/g/fox/index.html")["og:image"]
    assert fox_url.startswith("https://example.test/galleries/g/fox-")
    for rel in ("index.html", "galleries/index.html", "galleries/g/index.html", "posts/notes/index.html",
                "tags/foxes/index.html"):
        card = og(site, rel)
        assert card.get("og:image") == fox_url, f"{rel}: {card}"
        width, height = int(card["og:image:width"]), int(card["og:image:height"])
        assert width / height == pytest.approx(96 / 64, rel=0.02)
        assert card["og:image:alt"] in ("A red fox in snow", "A fox sketch")
    assert "og:image" not in og(site, "posts/plain/index.html"), "a page without an image has no card image"


def test_no_page_shares_the_warned_image(site: Path) -> None:
    names = warned_images(site)
    for page in site.rglob("*.html"):
        card = og(site, str(page.relative_to(site)))
        assert not any(name in card.get("og:image", "") for name in names), page
    assert "og:image" not in og(site, "galleries/g/owl/index.html")


def test_tag_pages_show_works_as_thumbnails_and_keep_a_warned_one_blurred(site: Path) -> None:
    page = (site / "tags" / "foxes" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="post-summary tag-work">(.*?)</article>', page, re.S)
    assert len(cards) == 2
    fox = next(c for c in cards if "Red Fox" in c)
    assert "<picture" in fox and 'alt="A red fox in snow"' in fox
    width, height = (int(v) for v in re.search(r'<img [^>]*width="(\d+)" height="(\d+)"', fox).groups())
    assert width / height == pytest.approx(96 / 64, rel=0.02), "thumbnails keep the work's aspect ratio"
    owl = next(c for c in cards if "Owl" in c)
    assert "cw-blurred" in owl, "a warned thumbnail stays blurred on tag pages too"

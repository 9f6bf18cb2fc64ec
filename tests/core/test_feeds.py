"""Atom, JSON Feed, sitemap and robots.txt: valid, absolute, and right under a subpath base_url."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.kit.sites import BASE, TmpSite, output_path_for, parse_html

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SUBPATH = "https://u.github.io/blog/"


def small_blog(site: TmpSite) -> None:
    site.post("first.md", title="First & foremost", date="'2025-01-05T10:00:00Z'", tags="[ink]",
              excerpt="'Short summary.'", body="Hello <b>world</b>. [next](second.md) [home](/)\n")
    site.post("second.md", title="Second", date="2025-02-01", updated="2025-02-03", tags="[ink, paper]",
              body="Second body with [a root link](/about/) and [first](/posts/first.md).\n")
    site.write("content/about.md", "---\ntitle: About\n---\nAbout text.\n")


def test_atom_feed_has_the_rfc_4287_elements(site: TmpSite) -> None:
    small_blog(site)
    site.build()
    feed = ET.fromstring((site.out / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        element = feed.find(f"{ATOM}{name}")
        assert element is not None and (element.text or "").strip(), name
    assert feed.findtext(f"{ATOM}title") == "Test Site"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Test Author"
    self_links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [BASE + "feed.xml"]
    dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated") or "")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Second", "First & foremost"]
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        updated = dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated") or "")
        assert updated.tzinfo is not None
        links = [link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert len(links) == 1 and links[0].startswith(BASE)
    second = entries[0]
    assert dt.datetime.fromisoformat(second.findtext(f"{ATOM}updated") or "") == \
        dt.datetime(2025, 2, 3, tzinfo=dt.timezone.utc)
    assert {c.get("term") for c in second.findall(f"{ATOM}category")} == {"ink", "paper"}
    content = entries[1].findtext(f"{ATOM}content") or ""
    assert "<b>world</b>" in content and f'href="{BASE}posts/second/"' in content


def test_json_feed_1_1(site: TmpSite) -> None:
    small_blog(site)
    site.build()
    feed = json.loads(site.read("feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Test Site"
    assert feed["feed_url"] == BASE + "feed.json" and feed["home_page_url"] == BASE
    assert [item["title"] for item in feed["items"]] == ["Second", "First & foremost"]
    for item in feed["items"]:
        assert item["id"] and item["content_html"] and item["url"].startswith(BASE)
        dt.datetime.fromisoformat(item["date_published"])
    assert feed["items"][1]["summary"] == "Short summary."


def test_sitemap_lists_absolute_urls_that_exist(site: TmpSite) -> None:
    small_blog(site)
    site.build()
    root = ET.fromstring((site.out / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.findtext(f"{SITEMAP}loc") or "" for u in root.findall(f"{SITEMAP}url")]
    assert locs and len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(BASE), loc
        assert (site.out / output_path_for(loc[len(BASE) - 1:])).is_file(), f"{loc} is not a built page"
    assert BASE + "posts/first/" in locs and BASE + "about/" in locs
    assert not any("404" in loc for loc in locs)


def test_robots_txt_announces_the_sitemap(site: TmpSite) -> None:
    small_blog(site)
    site.build()
    lines = site.read("robots.txt").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    assert "User-agent: *" in lines


@pytest.mark.parametrize("how", ["site.yaml", "option"])
def test_subpath_base_url_is_used_everywhere(site: TmpSite, how: str) -> None:
    """Every href/src in every page, the feeds, the sitemap and canonical URLs carry /blog/."""
    small_blog(site)
    if how == "site.yaml":
        site.config(base_url=SUBPATH)
        site.build()
    else:
        site.build(base_url=SUBPATH)
    checked = 0
    for rel in sorted(site.files()):
        if not rel.endswith(".html"):
            continue
        page = parse_html(site.read(rel))
        for url in page.urls():
            if url.startswith(("#", "mailto:", "data:")) or url == "":  # data: URLs point at no site path
                continue
            if re.match(r"(https?:)?//", url):
                assert not url.startswith("https://u.github.io/") or url.startswith(SUBPATH), f"{rel}: {url}"
                continue
            assert url.startswith("/blog/"), f"{rel}: {url} misses the /blog/ subpath"
            assert (site.out / output_path_for(url[len("/blog"):])).is_file(), f"{rel}: {url} leads nowhere"
            checked += 1
        if rel != "404.html":
            assert page.links["canonical"][0].startswith(SUBPATH), rel
            assert page.meta["og:url"][0].startswith(SUBPATH), rel
    assert checked > 20
    post = parse_html(site.read("posts/second/index.html"))
    assert ("a", "href", "/blog/about/") in post.attrs and ("a", "href", "/blog/posts/first/") in post.attrs
    assert post.jsonld[0]["url"] == SUBPATH + "posts/second/"

    atom = ET.fromstring((site.out / "feed.xml").read_bytes())
    hrefs = [link.get("href") or "" for link in atom.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(SUBPATH) for h in hrefs), hrefs
    assert all((e.text or "").startswith(SUBPATH) for e in atom.iter(f"{ATOM}id"))
    for content in atom.iter(f"{ATOM}content"):
        for url in re.findall(r'(?:href|src)="([^"]*)"', content.text or ""):
            assert url.startswith(SUBPATH), url
    feed = json.loads(site.read("feed.json"))
    assert feed["home_page_url"] == SUBPATH and feed["feed_url"] == SUBPATH + "feed.json"
    for item in feed["items"]:
        assert item["url"].startswith(SUBPATH)
        for url in re.findall(r'(?:href|src)="([^"]*)"', item["content_html"]):
            assert url.startswith(SUBPATH), url
    sitemap = ET.fromstring((site.out / "sitemap.xml").read_bytes())
    assert all((loc.text or "").startswith(SUBPATH) for loc in sitemap.iter(f"{SITEMAP}loc"))
    assert f"Sitemap: {SUBPATH}sitemap.xml" in site.read("robots.txt").splitlines()


def test_feed_content_keeps_external_and_protocol_relative_links(site: TmpSite) -> None:
    site.post("ext.md", body='[museum](https://museum.example.org/a) <a href="//cdn.example.net/x">cdn</a> '
                             "[local](/about/)\n")
    site.write("content/about.md", "---\ntitle: About\n---\nx\n")
    site.build()
    content = json.loads(site.read("feed.json"))["items"][0]["content_html"]
    hrefs = re.findall(r'href="([^"]*)"', content)
    assert "https://museum.example.org/a" in hrefs
    assert BASE + "about/" in hrefs
    [cdn] = [h for h in hrefs if "cdn.example.net" in h]
    assert cdn in ("//cdn.example.net/x", "https://cdn.example.net/x"), hrefs


def test_feeds_per_tag_are_made_and_linked_unless_switched_off(site: TmpSite) -> None:
    small_blog(site)
    site.build()
    assert "Second body" in site.read("tags/paper/feed.xml")
    assert json.loads(site.read("tags/paper/feed.json"))["items"][0]["title"] == "Second"
    assert "/tags/paper/feed.xml" in site.read("tags/paper/index.html")
    site.config("feeds:\n  tags: false\n")
    site.build()
    assert not (site.out / "tags/paper/feed.xml").exists() and not (site.out / "tags/paper/feed.json").exists()
    page = site.read("tags/paper/index.html")
    assert "feed.xml" not in page.replace('href="/feed.xml"', "") and "/tags/paper/feed.json" not in page
    assert (site.out / "feed.xml").is_file(), "the site feed does not depend on feeds.tags"

"""The default theme's layout contract, built through the real pipeline: the home page shows the
latest works, gallery grids carry each work's real shape, titled images become valid figures,
and the home page's settings are checked like every other key of site.yaml."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from tests.kit.sites import TmpSite, problems_text

FIGURE_IN_PARAGRAPH = re.compile(r"<p>\s*<figure", re.IGNORECASE)


def picture_file(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "PNG")


def gallery(site: TmpSite, works: dict[str, tuple[tuple[int, int], str]], extra: str = "") -> None:
    """A gallery `g` whose works are {file: ((width, height), date)}."""
    site.write("content/galleries/g/index.md", f"---\ntitle: G\ndate: 2025-01-01\n{extra}---\nThe intro.\n")
    for number, (name, (size, date)) in enumerate(works.items()):
        picture_file(site.root / "content" / "galleries" / "g" / name, size, (40 * number % 255, 90, 140))
        site.write(f"content/galleries/g/{name}.md", f"---\ntitle: Work {name}\nalt: Alt {name}\ndate: {date}\n---\n")


class Nesting(HTMLParser):
    """Every element with its open ancestors, to find a <figure> inside a <p>."""

    VOID = {"img", "source", "meta", "link", "br", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.figure_parents: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure":
            self.figure_parents.append(list(self.stack))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def figures_in_paragraphs(html: str) -> int:
    parser = Nesting()
    parser.feed(html)
    return sum("p" in parents for parents in parser.figure_parents)


def test_a_titled_image_becomes_a_figure_outside_any_paragraph(site: TmpSite) -> None:
    picture_file(site.root / "content" / "posts" / "p" / "a.png", (300, 200), (200, 30, 30))
    site.post("p/index.md", body='Text.\n\n![An alt](a.png "A title")\n\nInline ![Other](a.png "Inline") here.\n')
    result = site.build()
    assert not result.problems.errors, problems_text(result.problems)
    page = site.read("posts/p/index.html")
    assert page.count("<figure>") == 1 and "<figcaption>A title</figcaption>" in page
    assert figures_in_paragraphs(page) == 0
    assert not FIGURE_IN_PARAGRAPH.search(page)
    inline = re.search(r'<p>Inline <span class="inline-figure"><picture>.*?</picture>'
                       r'<span class="inline-caption">Inline</span></span> here\.</p>', page, re.DOTALL)
    assert inline, "an inline titled image keeps its caption and stays inside its paragraph"
    feed = json.loads(site.read("feed.json"))
    content = feed["items"][0]["content_html"]
    assert "<figcaption>A title</figcaption>" in content and figures_in_paragraphs(content) == 0


def test_home_page_shows_the_latest_works_first(site: TmpSite) -> None:
    gallery(site, {"old.png": ((300, 200), "2024-03-01"), "new.png": ((200, 300), "2025-06-01"),
                   "mid.png": ((250, 250), "2025-01-15")})
    site.config("home: {works: 2}\n")
    site.post("a.md")
    site.build()
    home = site.read("index.html")
    works = re.findall(r'class="gallery-link" href="(/galleries/g/[^"]+)"', home)
    assert works == ["/galleries/g/new/", "/galleries/g/mid/"]
    assert home.index("home-works") < home.index("post-list")


def test_hero_layout_puts_the_newest_work_first_and_large(site: TmpSite) -> None:
    gallery(site, {"one.png": ((300, 200), "2024-03-01"), "two.png": ((200, 300), "2025-06-01")})
    site.config("home: {layout: hero}\n")
    site.post("a.md")
    site.build()
    home = site.read("index.html")
    hero = home[home.index('<figure class="home-hero">'):home.index("</figure>")]
    assert 'href="/galleries/g/two/"' in hero and "Work two.png" in hero and 'fetchpriority="high"' in hero
    grid = re.findall(r'class="gallery-link" href="(/galleries/g/[^"]+)"', home)
    assert grid == ["/galleries/g/one/"], "the hero work is not repeated in the grid"


def test_home_posts_sets_how_many_posts_the_home_page_lists(site: TmpSite) -> None:
    for day in range(1, 5):
        site.post(f"p{day}.md", title=f"Post {day}", date=f"2025-01-0{day}")
    site.config("home: {posts: 3}\n")
    site.build()
    assert site.read("index.html").count('<article class="post-summary') == 3
    assert (site.out / "page" / "2" / "index.html").is_file()


def test_justified_grid_items_carry_the_thumbnail_files_real_shape(site: TmpSite) -> None:
    gallery(site, {"wide.png": ((400, 200), "2025-01-01"), "tall.png": ((200, 500), "2025-01-02")})
    site.build()
    page = site.read("galleries/g/index.html")
    assert "work-grid-justified" in page
    assert page.index("The intro.") < page.index("work-grid"), "the intro renders above the grid"
    items = re.findall(r'style="--w: (\d+); --h: (\d+)".*?<img src="([^"]+)"', page, re.DOTALL)
    assert len(items) == 2
    for width, height, src in items:
        with Image.open(site.out / src.lstrip("/")) as thumb:
            assert (int(width), int(height)) == thumb.size


def test_square_thumbnails_stay_available(site: TmpSite) -> None:
    gallery(site, {"wide.png": ((400, 200), "2025-01-01")})
    site.config("gallery: {thumbnails: square}\n")
    site.build()
    assert "work-grid-square" in site.read("galleries/g/index.html")


def test_a_gallery_can_choose_square_thumbnails_for_itself(site: TmpSite) -> None:
    gallery(site, {"wide.png": ((400, 200), "2025-01-01")}, extra="thumbnails: square\n")
    site.build()
    assert "work-grid-square" in site.read("galleries/g/index.html")


def test_home_lists_a_posts_first_image_as_its_thumbnail(site: TmpSite) -> None:
    picture_file(site.root / "content" / "posts" / "p" / "a.png", (600, 400), (10, 120, 60))
    site.post("p/index.md", title="With image", body="Words first.\n\n![Alt](a.png)\n")
    site.post("plain.md", title="Plain", date="2025-01-09")
    site.build()
    home = site.read("index.html")
    summaries = home.split('<article class="post-summary')[1:]
    with_image = next(s for s in summaries if "With image" in s)
    plain = next(s for s in summaries if "Plain" in s)
    thumb = re.search(r'class="post-summary-thumb"[^>]*>.*?<img src="([^"]+)"', with_image, re.DOTALL)
    assert thumb is not None
    with Image.open(site.out / thumb.group(1).lstrip("/")) as image:
        assert image.size[0] == 100 and abs(image.size[1] - 100 * 400 / 600) <= 1, image.size  # thumb_widths: [100]
    assert "post-summary-thumb" not in plain


def test_a_warned_post_gets_no_list_thumbnail(site: TmpSite) -> None:
    picture_file(site.root / "content" / "posts" / "p" / "a.png", (600, 400), (10, 120, 60))
    site.post("p/index.md", title="Warned", body="![Alt](a.png)\n", content_warning="blood")
    site.build()
    assert "post-summary-thumb" not in site.read("index.html")


def test_an_unknown_home_layout_is_refused_with_its_line(site: TmpSite) -> None:
    site.config("home:\n  layout: carousel\n")
    text = problems_text(site.fail())
    assert "site.yaml:" in text and "home" in text and "carousel" in text


def test_the_footer_shows_the_authors_address_when_set(site: TmpSite) -> None:
    site.config("author: {name: A, email: a@example.test}\n")
    site.post("a.md")
    site.build()
    assert '<a class="footer-email" href="mailto:a@example.test">a@example.test</a>' in site.read("index.html")


def test_a_changed_post_image_updates_the_home_thumbnail_on_a_cached_build(site: TmpSite) -> None:
    image = site.root / "content" / "posts" / "p" / "a.png"
    picture_file(image, (600, 400), (10, 120, 60))
    site.post("p/index.md", title="With image", body="Words first.\n\n![Alt](a.png)\n")
    site.build()
    picture_file(image, (300, 600), (200, 20, 60))  # same name, now a portrait: new size attributes
    stamp = image.stat().st_mtime + 5
    os.utime(image, (stamp, stamp))
    result = site.build()
    assert "index.html" in result.written
    thumb = re.search(r'class="post-summary-thumb".*?<img src="[^"]+" width="(\d+)" height="(\d+)"',
                      site.read("index.html"), re.DOTALL)
    assert thumb is not None and (int(thumb.group(1)), int(thumb.group(2))) == (100, 200)


def test_justified_items_ask_for_a_file_as_wide_as_their_row_can_stretch_them(site: TmpSite) -> None:
    """One grid-wide `sizes` made the browser fetch a 400 px file for a wide work that a justified
    row stretched to 598 px (Lighthouse: image-size-responsive). Each item claims up to twice its
    flex basis, the row height of the theme's CSS at that breakpoint times the work's aspect ratio."""
    gallery(site, {"wide.png": ((400, 200), "2025-01-01"), "tall.png": ((200, 500), "2025-01-02")})
    site.build()
    page = site.read("galleries/g/index.html")
    css = (Path(__file__).resolve().parents[2] / "themes/default/static/css/site.css").read_text()
    row = float(re.search(r"min-width: 72rem\) \{ \.work-grid-justified \{ --row: ([\d.]+)rem", css)[1])
    items = re.findall(r'style="--w: (\d+); --h: (\d+)".*?sizes="\(min-width: 72rem\) min\(100vw, ([\d.]+)rem\)',
                       page, re.DOTALL)
    assert len(items) == 2
    claims = {}
    for width, height, claim in items:
        assert abs(float(claim) - 2 * row * int(width) / int(height)) < 0.1
        claims[int(width) > int(height)] = float(claim)
    assert claims[True] > claims[False], "the wide work asks for the wider file"

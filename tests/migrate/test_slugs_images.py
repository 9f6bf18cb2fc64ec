"""Slugs keep Unicode letters; images in raw HTML and at site-root paths are found."""

from __future__ import annotations

from pathlib import Path

from generator.content.slugs import SlugStyle, file_slug, slugify
from tests.kit.sites import TmpSite, problems_text


def test_file_slugs_keep_unicode_letters_as_hugo_and_eleventy_do() -> None:
    assert file_slug("2020-01-01-piekło") == "piekło"
    assert file_slug("Żółta Łódź") == "żółta-łódź"
    assert file_slug("Café_Notes", SlugStyle(keep_case=True)) == "Café-Notes"
    assert file_slug("東京の夜") == "東京の夜"


def test_tag_slugs_transliterate_instead_of_dropping_letters() -> None:
    assert slugify("piekło") == "pieklo"
    assert slugify("Straße") == "strasse"
    assert slugify("Ai Art & Ethics") == "ai-art-ethics"
    assert slugify("piekło", style=SlugStyle(unicode=True)) == "piekło"


def test_a_unicode_post_is_published_at_its_unicode_address(site: TmpSite) -> None:
    site.post("piekło.md", title="Piekło", tags="[piekło]")
    site.build()
    assert "posts/piekło/index.html" in site.files()
    assert "tags/pieklo/index.html" in site.files()


def test_keep_case_option(site: TmpSite) -> None:
    site.config("slugs: {keep_case: true}\n")
    site.post("MyPost.md", title="Mine")
    site.build()
    assert "posts/MyPost/index.html" in site.files()


def image_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_raw_html_images_in_a_post_folder_are_rewritten(site: TmpSite) -> None:
    write_bytes(site.root / "content/posts/trip/beach.png", image_bytes())
    site.write("content/posts/trip/index.md", '---\ntitle: Trip\ndate: 2024-01-01\n---\n'
                                              '<div class="photo"><img src="beach.png" alt="The beach"></div>\n')
    result = site.build()
    text = site.read("posts/trip/index.html")
    assert "<picture" in text and 'alt="The beach"' in text and 'src="beach.png"' not in text
    assert not [p for p in result.problems.warnings if "image" in p.message], problems_text(result.problems)


def test_site_root_images_resolve_against_static(site: TmpSite) -> None:
    write_bytes(site.root / "static/images/cat.png", image_bytes())
    site.write("static/CNAME", "example.test\n")
    site.post("cat.md", title="Cat", body="![A cat](/images/cat.png)\n\n<img src=\"/images/cat.png\" alt=\"again\">\n")
    result = site.build()
    assert site.read("posts/cat/index.html").count("<picture") == 2
    assert site.read("CNAME") == "example.test\n" and "images/cat.png" in site.files()
    assert not [p for p in result.problems.warnings if "image" in p.message], problems_text(result.problems)


def test_a_missing_raw_image_is_warned_about(site: TmpSite) -> None:
    site.post("gone.md", body='<img src="gone.png" alt="gone">\n')
    result = site.build()
    assert any(p.file == "content/posts/gone.md" and "gone.png" in p.message for p in result.problems.warnings)

"""<picture> markup: srcset/sizes/dimensions, lazy loading, and escaping of untrusted text."""

from __future__ import annotations

from pathlib import Path

from generator.images import ResponsiveImage, Variant, picture_html


def sample(name: str = "shark") -> ResponsiveImage:
    def variants(ext: str, mime: str) -> list[Variant]:
        return [Variant(f"/g/{name}-{w}.{ext}", w, w * 3 // 4, mime) for w in (400, 800)]

    return ResponsiveImage(
        Path("shark.jpg"),
        1600,
        1200,
        sources={"image/avif": variants("avif", "image/avif"), "image/webp": variants("webp", "image/webp")},
        fallback=variants("jpg", "image/jpeg"),
    )


def test_sources_then_img_with_srcset_sizes_and_dimensions() -> None:
    html = picture_html(sample(), "A shark", "(min-width: 60em) 33vw, 100vw", lazy=True)
    assert html.startswith("<picture><source ") and html.endswith("></picture>")
    assert html.index('type="image/avif"') < html.index('type="image/webp"') < html.index("<img")
    assert 'srcset="/g/shark-400.avif 400w, /g/shark-800.avif 800w"' in html
    assert 'srcset="/g/shark-400.webp 400w, /g/shark-800.webp 800w"' in html
    assert 'src="/g/shark-400.jpg" srcset="/g/shark-400.jpg 400w, /g/shark-800.jpg 800w"' in html
    assert html.count('sizes="(min-width: 60em) 33vw, 100vw"') == 3
    assert 'width="400" height="300"' in html
    assert 'alt="A shark"' in html
    assert 'loading="lazy" decoding="async"' in html


def test_first_image_is_not_lazy() -> None:
    html = picture_html(sample(), "A shark", "100vw", lazy=False)
    assert "loading=" not in html and "decoding=" not in html


def test_hostile_alt_class_and_link_are_escaped() -> None:
    hostile = '"><script>alert(1)</script>'
    html = picture_html(
        sample('x"><b'), hostile, '100vw"><i', lazy=True, css_class='c" onload="x', link='/a"><s'
    )
    # Only our own tags open: <a>, <picture>, 2x <source>, <img>, </picture>, </a>.
    assert html.count("<") == 7 and "<script" not in html
    assert 'alt="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'class="c&#34; onload=&#34;x"' in html
    assert html.startswith('<a href="/a&#34;&gt;&lt;s"><picture>') and html.endswith("</picture></a>")


def test_error_image_is_an_accessible_placeholder() -> None:
    broken = ResponsiveImage(Path("bad.png"), 0, 0, error="not an image")
    html = picture_html(broken, '<img src=x onerror="boom">', "100vw", lazy=True, css_class="thumb")
    assert html == (
        '<div class="image-missing thumb" role="img" '
        'aria-label="&lt;img src=x onerror=&#34;boom&#34;&gt;"></div>'
    )


def test_single_fallback_needs_no_srcset() -> None:
    image = ResponsiveImage(
        Path("a.gif"), 300, 200, fallback=[Variant("/g/a-300.gif", 300, 200, "image/gif")]
    )
    html = picture_html(image, "loop", "100vw", lazy=True)
    assert html == (
        '<picture><img src="/g/a-300.gif" width="300" height="200" alt="loop" '
        'loading="lazy" decoding="async"></picture>'
    )

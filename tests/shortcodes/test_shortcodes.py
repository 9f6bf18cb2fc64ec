"""Shortcodes that need more of the site than their own post, read from what a real build publishes.

The shortcodes whose whole output can be written down (embeds, gists, posts on X, notices,
highlight, Liquid and Nunjucks tags) are fixture cases in tests/fixtures/markdown/shortcodes.md
(tests/shortcodes/test_shortcode_fixtures.py). The tests here need images through the image
pipeline, other pages to point at, warnings with their lines, the site's own templates or a
plugin. One site holds a post per case and is built once for the module (builds are the slow
part); each test reads its post's body. The expected markup comes from the shortcode docs of
Hugo, Jekyll and Eleventy's plugins (a figure has a <figcaption>...).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.plugins.api import Plugin
from tests.kit.images import png
from tests.kit.sites import TmpSite, new_site, problems_text

POSTS = {
    # name: (front matter lines, body)
    "hugo-vimeo": ("", "{{< vimeo 55073825 >}}\n"),  # a page for hugo-ref's relref to point at
    "hugo-figure": ("", '{{< figure src="pic.png" alt="A heron" caption="Heron <b>at dawn</b>" '
                        'link="https://example.org/big" attr="Ada" attrlink="https://example.org/ada" >}}\n'),
    "njk-image": ("", '{% image "pic.png", "A cat [sleeping]" %}\n'),
    "hugo-img-inline": ("", 'See {{< img src="pic.png" alt="tiny" >}} inline.\n'),
    "hugo-ref": ("", 'Go [there]({{< ref "njk-image.md" >}}), [here]({{< relref "/posts/hugo-vimeo.md#part" >}}).\n'),
    "hugo-ref-missing": ("", 'A [lost]({{< ref "nowhere.md" >}}) link.\n'),
    "jekyll-post-url": ("", "[Prev]({% post_url 2020-05-17-dated-post %}) and [img]({% link posts/njk-image.md %}).\n"),
    "2020-05-17-dated-post": ("", "Dated by its file name.\n"),
    "hugo-unknown": ("", "Line one.\n\n{{< mystery a=1 >}}\n\n{{% boxed %}}Inner **text**.{{% /boxed %}}\n"),
    "liquid-unknown": ("", "Para.\n{% mystery 'x' %}\n{% wrapper %}Wrapped inner.{% endwrapper %}\n"),
    "broken-template": ("", "Fine line.\n\n{% if %}broken{% endif %} {{ title }}\n\n{% youtube w7Ft2ymGmfc %}\n"),
    "include-note": ("", '{% include note.html content="Drawn on a train" %}\n'),
    "site-template": ("", '{{< notice info >}}Hi{{< /notice >}}\n'),
    "site-template-liquid": ("", '{% badge "x<y" kind="new" %}\n'),
    "plugin-shortcode": ("", '{{< stamp "approved" >}}\n'),
    "plugin-shortcode-liquid": ("", 'Then {% stamp "again" %}\n'),
    "bare-variable": ("cover: pic.png", '{% image cover, "From a variable" %}\n'),
}


class StampPlugin(Plugin):
    """A third-party plugin adding a shortcode through the plugin API."""

    name = "stamp"

    def shortcodes(self):  # type: ignore[override]
        def stamp(call):
            return f'<mark class="stamp">{call.escape(call.first(0))} on line {call.line}</mark>'

        return {"stamp": stamp}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[TmpSite, str]:
    import generator.plugins.loader as loader

    original = loader.available
    loader.available = lambda: {**original(), "stamp": f"{__name__}:StampPlugin"}  # type: ignore[assignment]
    try:
        site = new_site(tmp_path_factory.mktemp("sc") / "site")
        site.config(plugins="[stamp]")
        site.write("content/posts/pic.png", "")
        (site.root / "content/posts/pic.png").write_bytes(png())
        site.write("includes/note.html", '<aside class="note">\n  {{ include.content }}\n</aside>\n')
        site.write("shortcodes/notice.html", '<div class="site-notice {{ args[0] }}">\n    {{ inner }}\n</div>\n')
        site.write("shortcodes/badge.html", '<span class="badge {{ kind }}">{{ args[0] }}</span>')
        for name, (front, body) in POSTS.items():
            extra = "\n" + front if front else ""
            site.write(f"content/posts/{name}.md", f"---\ntitle: {name}\ndate: 2025-01-10{extra}\n---\n{body}")
        (site.root / "content/posts/2020-05-17-dated-post.md").write_text(
            "---\ntitle: Dated\ndate: 2020-05-17\n---\nDated.\n", encoding="utf-8")
        result = site.build()
        return site, problems_text(result.problems)
    finally:
        loader.available = original  # type: ignore[assignment]


def body(built: tuple[TmpSite, str], slug: str) -> str:
    site, _ = built
    page = site.read(f"posts/{slug}/index.html")
    match = re.search(r'<div class="post-body e-content">(.*?)</div>\s*(?:<footer|</article>)', page, re.S)
    assert match, page
    return match.group(1)


def no_template_syntax(html: str) -> None:
    for token in ("{{<", "{{%", "{%", "%}", ">}}"):
        assert token not in html, (token, html)


def test_figure_has_caption_link_and_credit_all_escaped(built):
    html = body(built, "hugo-figure")
    assert html.count("<figure>") == 1 and "</figure>" in html
    assert '<a href="https://example.org/big"><picture>' in html or '<a href="https://example.org/big"><img' in html
    assert 'alt="A heron"' in html
    assert "<figcaption><p>Heron &lt;b&gt;at dawn&lt;/b&gt; <a href=\"https://example.org/ada\">Ada</a></p></figcaption>" in html


def test_image_goes_through_the_image_pipeline(built):
    html = body(built, "njk-image")
    assert "<picture>" in html and 'alt="A cat [sleeping]"' in html
    inline = body(built, "hugo-img-inline")
    assert inline.startswith("\n<p>See <picture>") and "inline.</p>" in inline
    assert 'alt="From a variable"' in body(built, "bare-variable") and "<picture>" in body(built, "bare-variable")


def test_ref_relref_post_url_and_link(built):
    html = body(built, "hugo-ref")
    assert 'href="https://example.test/posts/njk-image/"' in html
    assert 'href="/posts/hugo-vimeo/#part"' in html
    html = body(built, "jekyll-post-url")
    assert 'href="/posts/dated-post/"' in html and 'href="/posts/njk-image/"' in html
    _, problems = built
    assert re.search(r"content/posts/hugo-ref-missing\.md:5: warning: ref: no page found for 'nowhere\.md'", problems)


def test_unknown_shortcodes_warn_with_line_and_never_show(built):
    _, problems = built
    hugo = body(built, "hugo-unknown")
    no_template_syntax(hugo)
    assert "Inner <strong>text</strong>." in hugo and "mystery" not in hugo
    assert "content/posts/hugo-unknown.md:7: warning: unknown shortcode 'mystery'" in problems
    assert "content/posts/hugo-unknown.md:9: warning: unknown shortcode 'boxed'" in problems
    liquid = body(built, "liquid-unknown")
    no_template_syntax(liquid)
    assert "Wrapped inner." in liquid and "mystery" not in liquid
    assert "content/posts/liquid-unknown.md:6: warning: unknown shortcode 'mystery'" in problems
    assert "content/posts/liquid-unknown.md:7: warning: unknown paired shortcode 'wrapper'" in problems


def test_template_error_is_a_warning_and_the_text_stays_without_tags(built):
    _, problems = built
    html = body(built, "broken-template")
    assert re.search(r"content/posts/broken-template\.md:7: warning: template syntax", problems), problems
    no_template_syntax(html)
    assert "Fine line." in html and "broken" in html
    assert 'href="https://www.youtube.com/watch?v=w7Ft2ymGmfc"' in html  # shortcodes still render


def test_include_site_templates_and_plugin_shortcodes(built):
    assert '<aside class="note">\nDrawn on a train\n</aside>' in body(built, "include-note")
    html = body(built, "site-template")
    assert '<div class="site-notice info">\nHi\n</div>' in html  # the site's notice.html beats the built-in
    assert '<span class="badge new">x&lt;y</span>' in body(built, "site-template-liquid")
    stamp = body(built, "plugin-shortcode")
    assert '<mark class="stamp">approved on line 5</mark>' in stamp
    assert '<mark class="stamp">again on line 5</mark>' in body(built, "plugin-shortcode-liquid")


def test_site_switch_and_rebuild_after_shortcode_template_edit(tmp_path: Path):
    site = new_site(tmp_path / "site")
    site.config("markdown_templates: none\n")
    site.post("a.md", title="A", body="Keep {{ this }} and {{< youtube x >}}.\n")
    site.build()
    assert "Keep {{ this }} and {{&lt; youtube x &gt;}}." in site.read("posts/a/index.html")
    site.config()
    site.post("b.md", title="B", body="{{< badge >}}\n")
    site.write("shortcodes/badge.html", "<b>one</b>")
    site.build()
    assert "<b>one</b>" in site.read("posts/b/index.html")
    site.write("shortcodes/badge.html", "<b>two, longer</b>")
    site.build()
    assert "<b>two, longer</b>" in site.read("posts/b/index.html")


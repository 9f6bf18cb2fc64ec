"""Built-in shortcodes in every syntax that names them, read from what a real build publishes.

One site holds a post per case and is built once for the module (builds are the slow part);
each test reads its post's body. The expected markup comes from the shortcode docs of Hugo,
Jekyll and Eleventy's plugins (a figure has a <figcaption>, highlight marks lines...), and the
privacy rule: no embed makes a request to another site at page load.
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
    "hugo-youtube": ("", "Intro.\n\n{{< youtube w7Ft2ymGmfc >}}\n"),
    "hugo-youtube-named": ("", '{{< youtube id="w7Ft2ymGmfc" title="Tom & <Jerry>" />}}\n'),
    "njk-youtube-url": ("", '{% youtube "https://www.youtube.com/watch?v=dQw4w9WgXcQ" %}\n'),
    "hugo-vimeo": ("", "{{< vimeo 55073825 >}}\n"),
    "liquid-vimeo": ("", "{% vimeo https://vimeo.com/55073825 %}\n"),
    "hugo-figure": ("", '{{< figure src="pic.png" alt="A heron" caption="Heron <b>at dawn</b>" '
                        'link="https://example.org/big" attr="Ada" attrlink="https://example.org/ada" >}}\n'),
    "njk-image": ("", '{% image "pic.png", "A cat [sleeping]" %}\n'),
    "hugo-img-inline": ("", 'See {{< img src="pic.png" alt="tiny" >}} inline.\n'),
    "jekyll-highlight": ("", "{% highlight ruby linenos %}\ndef hi\n  puts 1\nend\n{% endhighlight %}\n"),
    "njk-highlight": ("", '{% highlight "js 2" %}\nlet a = 1;\nlet b = "<b>";\n{% endhighlight %}\n'),
    "hugo-highlight": ("", '{{< highlight go "linenos=table,hl_lines=1" >}}\npackage main\n{{< /highlight >}}\n'),
    "hugo-ref": ("", 'Go [there]({{< ref "njk-image.md" >}}), [here]({{< relref "/posts/hugo-vimeo.md#part" >}}).\n'),
    "hugo-ref-missing": ("", 'A [lost]({{< ref "nowhere.md" >}}) link.\n'),
    "jekyll-post-url": ("", "[Prev]({% post_url 2020-05-17-dated-post %}) and [img]({% link posts/njk-image.md %}).\n"),
    "2020-05-17-dated-post": ("", "Dated by its file name.\n"),
    "hugo-gist": ("", '{{< gist spf13 7896402 "img.html" >}}\n'),
    "jekyll-gist": ("", "{% gist parkr/931c1c8d465a04042403 %}\n"),
    "hugo-tweet": ("", '{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}\n\n{{< x user="a" id="12" >}}\n'),
    "jekyll-twitter": ("", "{% twitter https://twitter.com/jekyllrb/status/673542123355000832 maxwidth=500 %}\n"),
    "hugo-notice": ("", "{{% note warning %}}\nMind the **wet** paint.\n{{% /note %}}\n"),
    "hugo-raw": ("", '{{< rawhtml >}}<span class="kept">kept</span>{{< /rawhtml >}}\n'),
    "hugo-escape": ("", "Write `{{</* youtube id */>}}` to embed.\n"),
    "hugo-unknown": ("", "Line one.\n\n{{< mystery a=1 >}}\n\n{{% boxed %}}Inner **text**.{{% /boxed %}}\n"),
    "liquid-unknown": ("", "Para.\n{% mystery 'x' %}\n{% wrapper %}Wrapped inner.{% endwrapper %}\n"),
    "liquid-tags": ('tags: [ink, wash]\nauthor: Rui',
                    '{% assign n = page.tags | size %}{% capture who %}by {{ author | upcase }}{% endcapture %}'
                    'Count {{ n }} {{ who }}.\n'
                    '{% unless page.tags contains "oil" %}No oil.{% endunless %}\n'
                    '{% case n %}{% when 1 %}one{% when 2 %}two{% else %}many{% endcase %}\n'
                    '{% for t in page.tags limit:1 %}[{{ forloop.index }}:{{ t }}]{% endfor %}\n'
                    '{{ page.date | date: "%Y/%m" }} {{ "Hello World" | slugify }} {{ page.url }} {{ site.title }}\n'
                    '{% if n > 1 %}{{ "a,b" | split: "," | last }}{% elsif n == 1 %}x{% endif %}\n'
                    '{% comment %}hidden {{ x }}{% endcomment %}CSS {#id} stays.\n'),
    "njk-page": ("templateEngineOverride: njk,md",
                 '{% set medium = "ink" %}{# a comment #}Made with {{ medium | upper }}.\n'),
    "md-only": ("templateEngineOverride: md", "Literal `{{ x }}` and {% y %} stay.\n"),
    "raw-block": ("", "{% raw %}{{ not_a_var }} {% neither %}{% endraw %}\n"),
    "code-processed": ("", "Inline `{{ 1 + 2 }}` is rendered, as in Jekyll and Eleventy.\n"),
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


def no_offsite_loads(html: str) -> None:
    assert "<iframe" not in html and "<script" not in html
    assert not re.search(r'\bsrc="(https?:)?//', html), html


def no_template_syntax(html: str) -> None:
    for token in ("{{<", "{{%", "{%", "%}", ">}}"):
        assert token not in html, (token, html)


def test_youtube_every_syntax_is_a_link_that_loads_nothing(built):
    for slug, video in (("hugo-youtube", "w7Ft2ymGmfc"), ("hugo-youtube-named", "w7Ft2ymGmfc"),
                        ("njk-youtube-url", "dQw4w9WgXcQ")):
        html = body(built, slug)
        no_offsite_loads(html)
        assert f'href="https://www.youtube.com/watch?v={video}"' in html
        assert f'data-embed="https://www.youtube-nocookie.com/embed/{video}"' in html
    assert "Watch on YouTube: Tom &amp; &lt;Jerry&gt;" in body(built, "hugo-youtube-named")


def test_vimeo_hugo_and_liquid(built):
    for slug in ("hugo-vimeo", "liquid-vimeo"):
        html = body(built, slug)
        no_offsite_loads(html)
        assert 'href="https://vimeo.com/55073825"' in html


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


def test_highlight_in_jekyll_eleventy_and_hugo_syntax(built):
    ruby = body(built, "jekyll-highlight")
    assert ruby.strip().startswith('<pre class="highlight"><code class="language-ruby">')
    assert [int(n) for n in re.findall(r'<span class="linenos">(\d+)</span>', ruby)] == [1, 2, 3]
    js = body(built, "njk-highlight")
    marked = re.findall(r'<span class="hll">(.*?)</span>\n', js)
    assert len(marked) == 1 and "&lt;b&gt;" in marked[0]
    go = body(built, "hugo-highlight")
    assert '<span class="hll"><span class="linenos">1</span>' in go and "language-go" in go


def test_ref_relref_post_url_and_link(built):
    html = body(built, "hugo-ref")
    assert 'href="https://example.test/posts/njk-image/"' in html
    assert 'href="/posts/hugo-vimeo/#part"' in html
    html = body(built, "jekyll-post-url")
    assert 'href="/posts/dated-post/"' in html and 'href="/posts/njk-image/"' in html
    _, problems = built
    assert re.search(r"content/posts/hugo-ref-missing\.md:5: warning: ref: no page found for 'nowhere\.md'", problems)


def test_gist_and_tweets_are_plain_links(built):
    gist = body(built, "hugo-gist")
    assert 'href="https://gist.github.com/spf13/7896402#file-img-html"' in gist
    assert 'href="https://gist.github.com/parkr/931c1c8d465a04042403"' in body(built, "jekyll-gist")
    tweets = body(built, "hugo-tweet")
    assert 'href="https://x.com/SanDiegoZoo/status/1453110110599868418"' in tweets and 'href="https://x.com/a/status/12"' in tweets
    assert 'href="https://x.com/jekyllrb/status/673542123355000832"' in body(built, "jekyll-twitter")
    for slug in ("hugo-gist", "jekyll-gist", "hugo-tweet", "jekyll-twitter"):
        no_offsite_loads(body(built, slug))


def test_notice_keeps_its_markdown_and_raw_keeps_html(built):
    html = body(built, "hugo-notice")
    assert '<div class="notice notice-warning" role="note">' in html and "<strong>wet</strong>" in html
    assert '<span class="kept">kept</span>' in body(built, "hugo-raw")


def test_hugo_escape_prints_the_tag(built):
    assert "<code>{{&lt; youtube id &gt;}}</code>" in body(built, "hugo-escape")


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


def test_liquid_tags_and_filters_render_with_the_page_in_scope(built):
    html = body(built, "liquid-tags")
    assert "Count 2 by RUI." in html
    assert "No oil." in html and "two" in html and "many" not in html
    assert "[1:ink]" in html and "wash]" not in html
    assert "2025/01 hello-world /posts/liquid-tags/ Test Site" in html
    assert "\nb\n" in html
    assert "hidden" not in html and "CSS {#id} stays." in html


def test_nunjucks_page_and_engine_off(built):
    assert "Made with INK." in body(built, "njk-page") and "comment" not in body(built, "njk-page")
    assert "<code>{{ x }}</code> and {% y %} stay." in body(built, "md-only")


def test_raw_blocks_and_code_spans(built):
    assert "{{ not_a_var }} {% neither %}" in body(built, "raw-block")
    assert "<code>3</code>" in body(built, "code-processed")


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


"""Kramdown's syntax in Jekyll posts never reaches the page as text, and code keeps it."""

from __future__ import annotations

import pytest

from generator.render.markdown import render

TOC_POST = """* TOC
{:toc}

Intro.{: .lead}

## Getting started {#start}

Text with a [link](https://example.org/){:target="_blank"} and `a {: .literal} span`.

### Details

{: .note}
A paragraph with a block attribute list before it.

{:refdef: .callout}

{::comment}
a note to self
{:/comment}

{::nomarkdown}
<span class="raw">kept as HTML</span>
{:/nomarkdown}

{::options parse_block_html="true" /}

```liquid
{: .fenced-example}
```

    {: indented-example}
"""


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_kramdown_syntax_is_translated_or_removed(engine: str) -> None:
    html = render(TOC_POST, engine=engine)
    visible = html.replace("{: .literal}", "").replace("{: .fenced-example}", "").replace("{: indented-example}", "")
    assert "{:" not in visible and "{#" not in visible
    assert "a note to self" not in html
    assert '<span class="raw">kept as HTML</span>' in html
    assert '<h2 id="getting-started">Getting started</h2>' in html
    assert '<a href="https://example.org/">link</a>' in html


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_code_keeps_kramdown_examples(engine: str) -> None:
    html = render(TOC_POST, engine=engine)
    assert "<code>a {: .literal} span</code>" in html
    assert "{: .fenced-example}" in html
    assert "{: indented-example}" in html


def test_toc_lists_the_headings_in_order_and_nesting() -> None:
    html = render(TOC_POST)
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert toc.index('href="#getting-started"') < toc.index('href="#details"')
    # Details (h3) is nested inside Getting started (h2)
    assert '<a href="#getting-started">Getting started</a><ul><li><a href="#details">Details</a>' in toc
    assert "TOC" not in html.replace('class="toc"', "")


def test_a_post_without_kramdown_is_untouched() -> None:
    text = "Plain *text* with {braces} and a {# not kramdown\n"
    assert render(text) == "<p>Plain <em>text</em> with {braces} and a {# not kramdown</p>\n"

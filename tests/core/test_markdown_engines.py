"""The fast Markdown engine (markdown-it-pyrs plus a post-pass) against the reference engine
(markdown-it-py with its plugins): the same HTML for every input, or the test fails.

Inputs: every example of the CommonMark 0.31.2 spec (tests/fixtures/commonmark/), every case of
the Markdown fixture files (tests/fixtures/markdown/, whose expected HTML
tests/core/test_markdown_fixtures.py checks), every Markdown file in the repository (docs, demo
content, fixtures) and in ../shared when it is there, random
documents built from the constructs the post-pass rewrites, and the whole demo site built with
`markdown: {engine: reference}`, which must equal the golden tree (built with the default, fast).

Normalisations: none are applied here. The differences markdown-it-pyrs has are made good in the
engine itself, so users never see them (docs/configuration.md#markdown lists them):
  1. heading ids, site-aware links, image placeholders, Pygments and labelled task-list
     checkboxes come from a post-pass over its HTML instead of markdown-it-py plugins;
  2. an empty block quote prints as `<blockquote></blockquote>` and a footnote item has no line
     break after its `<li>`, as markdown-it-py prints them;
  3. documents the post-pass cannot handle exactly go to the reference engine: those with raw
     HTML tags, comments other than `<!-- more -->`, or `*`/`_` touching a non-ASCII symbol or
     punctuation mark (CommonMark 0.31 emphasis rules, which markdown-it-pyrs predates), a
     footnote defined twice (markdown-it-py keeps the last definition), or footnotes defined
     in another order than they are first cited (the engines number them differently), or
     a table row right under a block quote's line (a lazy continuation for markdown-it-py), or
     an inline footnote `^[...]` (markdown-it-pyrs misplaces one inside a footnote definition).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render import markdown
from tests.kit import mdfixtures
from tests.kit.sites import REPO, SHARED

SPEC = json.loads((REPO / "tests" / "fixtures" / "commonmark" / "spec-0.31.2.json").read_text(encoding="utf-8"))
SKIP_DIRS = {".venv", "node_modules", ".git", "golden", ".artsite-cache", "_site"}


def markdown_files(root: Path) -> list[Path]:
    """The repository's own Markdown: not the benchmarks' generated blogs (benchmarks/work, ignored
    by git, thousands of synthetic posts), nor installed or built files."""
    return sorted(p for p in root.rglob("*.md") if not SKIP_DIRS & set(p.relative_to(root).parts)
                  and p.relative_to(root).parts[:2] != ("benchmarks", "work"))


def both(text: str) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """Each engine's HTML, with the hrefs it asked the site to resolve (a link the fast engine
    missed or invented would show here even where the resolver keeps the href)."""
    results = []
    for engine in ("fast", "reference"):
        asked: list[str] = []

        def resolve(href: str, asked: list[str] = asked) -> str | None:
            asked.append(href)
            return f"/site/{href.removesuffix('.md')}/" if href.endswith(".md") else None

        results.append((markdown.render(text, resolve, engine), sorted(asked)))
    return results[0], results[1]


def goes_fast(text: str) -> bool:
    return not markdown.needs_reference(text)


def test_the_spec_fixture_is_complete() -> None:
    assert len(SPEC) == 652 and SPEC[0]["example"] == 1


@pytest.mark.parametrize("example", SPEC, ids=lambda e: f"spec-{e['example']}")
def test_commonmark_spec_examples_render_identically(example: dict) -> None:
    fast, reference = both(example["markdown"])
    assert fast == reference, f"{example['section']}: {example['markdown']!r}"


def test_most_spec_examples_take_the_fast_path() -> None:
    """The fallback must stay the exception, or the default engine is the reference in disguise."""
    fast = sum(goes_fast(example["markdown"]) for example in SPEC)
    assert fast / len(SPEC) > 0.85


@pytest.mark.parametrize("case", mdfixtures.params())
def test_markdown_fixture_cases_render_identically(case: mdfixtures.Case) -> None:
    """Every fixture case strengthens the differential: here the hrefs each engine asked the
    site to resolve must match too, which the expected HTML alone cannot show."""
    fast, reference = both(case.text)
    assert fast == reference, case.id


def test_most_fixture_cases_take_the_fast_path() -> None:
    """A fixture that always went to the reference engine would compare it with itself."""
    cases = mdfixtures.cases()
    assert sum(goes_fast(case.text) for case in cases) / len(cases) > 0.7


@pytest.mark.parametrize("path", markdown_files(REPO), ids=lambda p: p.relative_to(REPO).as_posix())
def test_repository_markdown_renders_identically(path: Path) -> None:
    fast, reference = both(path.read_text(encoding="utf-8", errors="replace"))
    assert fast == reference


@pytest.mark.corpus
def test_shared_markdown_renders_identically() -> None:
    files = markdown_files(SHARED) if SHARED.is_dir() else []
    if not files:
        pytest.skip("../shared is absent")
    for path in files:
        fast, reference = both(path.read_text(encoding="utf-8", errors="replace"))
        assert fast == reference, path


BLOCKS = st.sampled_from([
    "## Studio notes", "### `code` & <b>not a tag</b>", "## Studio notes", "#### A [link](other.md) here",
    "## Ünïcode heading: 猫", "Setext *heading*\n---", "- [ ] sketch\n- [x] ink", "- [x] loose\n\n- [ ] item\n",
    "* [ ] first line\n  continues\n  - nested", "1. [ ] ordered task", "[text](posts/a.md#part)", "[up](../x.md)",
    "![a *cat*](img/cat.png \"Title & co\")", "![](bare.jpg)", "[![inner](i.png)](page.md)",
    "```python\nprint('<hi>')\n```", "```unknownlang\nx < y\n```", "```\nplain\n```", "~~~js extra\nlet a = 1\n~~~",
    "Text[^n] and more[^n].\n\n[^n]: A note with [a link](b.md).", "> quoted\n>\n> - [ ] in quote",
    "| a | b |\n|---|:-:|\n| [x](y.md) | ~~gone~~ |", "<https://example.org>", "Mail <me@example.org>",
    "Cite[^b] twice[^b] and[^a] again[^b].\n\n[^a]: One.\n[^b]: Two\n\n    indented para", "Inline^[a *note*] here",
    "<!-- more -->", "**bold** _em_ `code`", "&amp; &copy; &#35;", "[ref]\n\n[ref]: c.md \"T\"", "   ", ">",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(BLOCKS, min_size=1, max_size=8), st.sampled_from(["\n\n", "\n"]))
def test_documents_made_of_rewritten_constructs_render_identically(blocks: list[str], joiner: str) -> None:
    text = joiner.join(blocks) + "\n"
    fast, reference = both(text)
    assert fast == reference, text


def test_the_fast_engine_really_is_markdown_it_pyrs() -> None:
    """The post-pass runs on markdown-it-pyrs' HTML: its raw output differs from the final HTML."""
    raw = markdown._fast_parser().render("## Hi\n\n![a](b.png)\n")
    assert raw == '<h2>Hi</h2>\n<p><img src="b.png" alt="a" /></p>\n'
    assert markdown.render("## Hi\n\n![a](b.png)\n").startswith('<h2 id="hi">Hi</h2>\n<p><artsite-image ')


@pytest.mark.slow
def test_demo_site_built_with_the_reference_engine_matches_the_golden_tree(tmp_path: Path) -> None:
    from generator.pipeline.site import BuildOptions, build

    from .test_golden import describe, regen_module

    regen = regen_module()
    site = tmp_path / "demo"
    site.mkdir()
    shutil.copytree(REPO / "content", site / "content")
    shutil.copyfile(REPO / "demo-trust-anchors.pem", site / "demo-trust-anchors.pem")  # provenance.trust_anchors
    yaml = (REPO / "site.yaml").read_text(encoding="utf-8")
    assert "markdown:" not in yaml  # the demo uses the default engine, and the golden tree is its output
    (site / "site.yaml").write_text(yaml + "\nmarkdown:\n  engine: reference\n", encoding="utf-8")
    build(BuildOptions(source=site, output=tmp_path / "out", use_cache=False))
    texts, _binaries = regen.snapshot(tmp_path / "out")
    expected, _ = regen.golden()
    assert set(texts) == set(expected)
    assert not describe(expected, texts)

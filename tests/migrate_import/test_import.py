"""`artsite import` on a fixture blog per source generator, then a build of the result.

The fixtures are written in the forms real blogs use (Jekyll's `jekyll new` layout with
`_posts/` and `_config.yml`; Hugo's `hugo.toml`, TOML front matter and a leaf bundle; Eleventy's
`.eleventy.js` with `dir.input: "src"`, directory data and passthrough copies). The old
addresses below are worked out by hand from each generator's documented rules, not from our
code; the golden files hold the published URLs and post bodies (regenerate with
ARTSITE_REGEN_IMPORT=1 and review the diff).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.kit.sites import problems_text, tree_hashes

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"

OLD_ADDRESSES = {
    "jekyll": [
        "/jekyll/update/2014/02/03/welcome-to-jekyll.html",  # permalink: date, categories "jekyll update"
        "/second/",  # its own permalink
        "/2016/07/26/Mixed-Case.html",  # :title keeps the file name's case
        "/recipes/bread/",  # collection permalink /recipes/:name/
        "/about/", "/contact.html",  # pages: own permalink, else :path.html under the date style
        "/assets/img/heron.png",
    ],
    "hugo": [
        "/2023/03/first-light/", "/2023/04/the-second-one/",  # permalinks posts = /:year/:month/:slug/
        "/2023/05/a-leaf-bundle/",  # a bundle's :slug is its urlized title
        "/notes/colour/", "/about/",  # not in permalinks: the path
        "/images/dawn.png",  # static/ is the site root
    ],
    "eleventy": [
        "/posts/2021-06-01-ink-wash/",  # the default keeps the file name, date included
        "/sketches/second-sketch/",  # permalink "/sketches/{{ title | slugify }}/"
        "/posts/no-templates/", "/til/grid/", "/about-me/",
        "/img/wash.png", "/humans.txt",  # addPassthroughCopy("src/img") and {"static": "/"}
    ],
}
EXPECTED_NOTES = {
    "jekyll": ["_plugins/reading_time.rb:1: Ruby plugin", "_config.yml:19: plugin 'jekyll-archives'",
               "_config.yml:15: theme 'minima'", "_layouts/: layouts are Liquid templates"],
    "hugo": ["layouts/shortcodes/callout-box.html:1: custom shortcode 'callout-box'", "theme 'PaperMod'"],
    "eleventy": [".eleventy.js:12: filter 'readableDate'", ".eleventy.js:16: shortcode 'youtube' is JavaScript; "
                 "artsite's built-in", ".eleventy.js:18: custom collection 'featured'", "index.njk:1: template page",
                 "posts/posts.11tydata.js:1: JavaScript directory data"],
}
TEMPLATE_SYNTAX = re.compile(r"\{%|%\}|\{\{[<%]|[>%]\}\}")
LITERAL_ON_PURPOSE = {  # shown literally by the source generator too
    "posts/no-templates/index.html",  # templateEngineOverride: md
}


def published(out: Path) -> list[str]:
    """Pages and copied files; image variants (name-800.webp) are the pipeline's, left out."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".png", ".txt")
                  and not re.search(r"-\d+\.(png|webp|avif)$", p.name))


def answers(out: Path, url: str) -> bool:
    path = out / url.lstrip("/")
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def bodies(out: Path) -> dict[str, str]:
    found = {}
    for page in sorted(out.rglob("*.html")):
        match = re.search(r'<div class="post-body e-content">(.*?)</div>\s*(?:<footer|</article>)',
                          page.read_text(encoding="utf-8"), re.S)
        if match:
            found[page.relative_to(out).as_posix()] = match.group(1).strip()
    return found


@pytest.fixture(scope="module", params=sorted(OLD_ADDRESSES))
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    generator = request.param
    src = tmp_path_factory.mktemp(generator) / "blog"
    shutil.copytree(FIXTURES / f"{generator}-blog", src)
    before = tree_hashes(src)
    dest = src.parent / "new-site"
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["import", generator, str(src), str(dest)])
    assert code == 0, printed.getvalue()
    from generator.pipeline.site import BuildOptions, build

    result = build(BuildOptions(source=dest, output=dest / "_site", use_cache=False))
    return generator, src, before, dest, printed.getvalue(), result


def test_source_is_never_modified(imported):
    _, src, before, *_ = imported
    assert tree_hashes(src) == before


def test_every_old_address_answers(imported):
    generator, _, _, dest, _, _ = imported
    missing = [url for url in OLD_ADDRESSES[generator] if not answers(dest / "_site", url)]
    assert not missing, missing


def test_report_names_what_did_not_carry_over(imported):
    generator, _, _, _, printed, _ = imported
    for note in EXPECTED_NOTES[generator]:
        assert note in printed, (note, printed)


def test_no_page_shows_template_syntax_or_source(imported):
    _, _, _, dest, _, result = imported
    out = dest / "_site"
    for rel, html in bodies(out).items():
        if rel not in LITERAL_ON_PURPOSE:
            assert not TEMPLATE_SYNTAX.search(html.replace("{{&lt; youtube id &gt;}}", "")), (rel, html)
    assert not [p for p in out.rglob("*") if p.suffix in (".md", ".markdown", ".njk", ".liquid", ".toml")]
    assert "error" not in problems_text(result.problems)


def test_matches_golden(imported):
    generator, _, _, dest, _, _ = imported
    out = dest / "_site"
    actual = {"site.yaml": (dest / "site.yaml").read_text(encoding="utf-8"), "published": published(out),
              "bodies": bodies(out)}
    golden = GOLDEN / f"{generator}.json"
    if os.environ.get("ARTSITE_REGEN_IMPORT"):
        golden.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("generator", sorted(OLD_ADDRESSES))
def test_posts_copied_unchanged_into_a_new_site_build(generator: str, tmp_path: Path):
    """The other road: posts dropped into an `artsite init` site as they are, no import."""
    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    source = FIXTURES / f"{generator}-blog"
    folder = {"jekyll": "_posts", "hugo": "content/posts", "eleventy": "src/posts"}[generator]
    for path in sorted((source / folder).rglob("*")):
        if path.is_file() and path.suffix in (".md", ".png"):
            target = site / "content/posts" / path.relative_to(source / folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    from generator.pipeline.site import BuildOptions, build
    from generator.problems import BuildFailed

    try:
        result = build(BuildOptions(source=site, output=site / "_site", use_cache=False))
    except BuildFailed as failed:
        raise AssertionError(problems_text(failed.problems)) from None
    assert "error" not in problems_text(result.problems)
    for rel, html in bodies(site / "_site").items():
        if rel not in LITERAL_ON_PURPOSE and "no-templates" not in rel:
            cleaned = html.replace("{{&lt; youtube id &gt;}}", "")
            assert not TEMPLATE_SYNTAX.search(cleaned), (rel, html)

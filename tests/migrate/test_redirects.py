"""Old addresses keep working: redirect pages and the `_redirects` file.

Forms from real repositories: Jekyll sites list `redirect_from:` (a list, or one string such as
`redirect_from: /API_docs/x.html`), Hugo posts `aliases: [/content/front-matter/]` (and relative
aliases), Eleventy the `redirectsFrom` list of eleventy-plugin-redirects.
"""

from __future__ import annotations

from tests.kit.sites import TmpSite, problems_text


def redirect_target(site: TmpSite, rel: str) -> tuple[str, str, list[str]]:
    page = site.html(rel)
    refresh = next(attrs["content"] for tag, attrs in page.elements
                   if tag == "meta" and attrs.get("http-equiv") == "refresh")
    return refresh, page.links["canonical"][0], page.meta.get("robots", [])


def test_every_old_address_form_makes_a_redirect_page(site: TmpSite) -> None:
    site.post("hugo.md", title="Hugo post", aliases="[/content/front-matter/, old-name.html]")
    site.post("jekyll.md", title="Jekyll post", redirect_from="/API_docs/constructors/auth.html")
    site.post("eleventy.md", title="Eleventy post", redirectsFrom="['/2019/05/eleventy/', '/e/']")
    site.post("listed.md", title="List permalink", permalink="['/listed/', '/old/listed/']")
    result = site.build()
    assert redirect_target(site, "content/front-matter/index.html") == \
        ("0; url=/posts/hugo/", "https://example.test/posts/hugo/", ["noindex"])
    assert redirect_target(site, "posts/old-name.html")[0] == "0; url=/posts/hugo/"  # relative: beside the post
    assert redirect_target(site, "API_docs/constructors/auth.html")[0] == "0; url=/posts/jekyll/"
    assert redirect_target(site, "2019/05/eleventy/index.html")[0] == "0; url=/posts/eleventy/"
    assert redirect_target(site, "e/index.html")[0] == "0; url=/posts/eleventy/"
    assert "listed/index.html" in site.files()
    assert redirect_target(site, "old/listed/index.html")[0] == "0; url=/listed/"
    rules = site.read("_redirects").splitlines()
    assert "/content/front-matter/ /posts/hugo/ 301" in rules
    assert "/API_docs/constructors/auth.html /posts/jekyll/ 301" in rules
    assert "/old/listed/ /listed/ 301" in rules
    assert "front-matter" not in site.read("sitemap.xml")
    assert not result.problems.warnings, problems_text(result.problems)


def test_redirects_carry_the_base_path(site: TmpSite) -> None:
    site.config(base_url="https://user.github.io/blog/")
    site.post("moved.md", title="Moved", redirect_from="[/2014/02/03/moved.html, /über/]")
    site.build()
    refresh, canonical, _ = redirect_target(site, "2014/02/03/moved.html")
    assert refresh == "0; url=/blog/posts/moved/" and canonical == "https://user.github.io/blog/posts/moved/"
    rules = site.read("_redirects").splitlines()
    assert "/blog/2014/02/03/moved.html /blog/posts/moved/ 301" in rules
    assert "/blog/%C3%BCber/ /blog/posts/moved/ 301" in rules


def test_a_redirect_onto_a_real_page_is_an_error_naming_both_files(site: TmpSite) -> None:
    site.post("first.md", title="First")
    site.post("second.md", title="Second", aliases="[/posts/first/]")
    problems = site.fail()
    clash = [p for p in problems.errors if "/posts/first/" in p.message]
    assert clash and "posts/first.md" in clash[0].message and "posts/second.md" in clash[0].message, \
        problems_text(problems)


def test_an_unsafe_old_address_is_an_error_at_its_line(site: TmpSite) -> None:
    site.post("evil.md", aliases="[/../../etc/passwd]")
    problems = site.fail()
    assert any(p.file == "content/posts/evil.md" and p.line == 4 and p.message.startswith("aliases:")
               for p in problems.errors), problems_text(problems)


def test_the_artists_own_redirects_file_is_kept(site: TmpSite) -> None:
    site.write("content/_redirects", "/shop https://shop.example 302\n")
    site.post("moved.md", aliases="[/old/]")
    result = site.build()
    assert site.read("_redirects") == "/shop https://shop.example 302\n"
    assert any(p.file == "content/_redirects" for p in result.problems.warnings)

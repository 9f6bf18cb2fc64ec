"""The search plugin: a real Pagefind index of the built site, with facets, and nothing hidden in it.

The index files are read back the way Pagefind's browser code reads them (gzip, then the
`pagefind_dcd` signature), so a hidden prompt that reached the index would be found here even
though a raw byte scan of the site could not see it through the compression.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from tests.kit.files import SITE_YAML, a1111_parameters, build_site, published_files, write_site
from tests.kit.images import png

HIDDEN = "marmalade-lighthouse-5521"
SHOWN = "juniper-comet-8830"
INDEX = "---\ntitle: Night Garden\ndate: 2024-05-02\n---\nA gallery.\n"


def gallery_files() -> dict[str, bytes | str]:
    return {
        "content/galleries/night/index.md": INDEX,
        "content/galleries/night/fox.png": png({"parameters": a1111_parameters(
            f"a fox, {SHOWN}", model="flux1-dev-fp8", model_hash="aaaa1111bb")}),
        "content/galleries/night/owl.png": png({"parameters": a1111_parameters(
            f"an owl, {HIDDEN}", model="sd_xl_base_1.0")}, colour=(10, 20, 30)),
        "content/galleries/night/owl.png.md": "---\ntitle: Owl\nshow_prompt: false\ntags: [birds]\n---\n",
        "content/posts/hello.md": "---\ntitle: Hello\ndate: 2025-02-03\ntags: [news]\n---\nA post about foxes.\n",
    }


def index_documents(output: Path) -> list[dict[str, object]]:
    """Every page record in the Pagefind bundle, decoded as the browser decodes it."""
    documents = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        documents.append(json.loads(data[len(b"pagefind_dcd"):]))
    return documents


def decoded_bundle(output: Path) -> bytes:
    """All of /pagefind/ with every gzip member opened: what a leak scan has to look through."""
    out = []
    for rel, data in published_files(output / "pagefind").items():
        out.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
        out.append(rel.encode())
    return b"\n".join(out)


def test_the_index_holds_posts_and_works_with_their_facets(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, **gallery_files()})
    _, out = build_site(tmp_path)
    docs = {doc["url"]: doc for doc in index_documents(out)}
    assert set(docs) == {"/posts/hello/", "/galleries/night/", "/galleries/night/fox/", "/galleries/night/owl/"}
    fox = docs["/galleries/night/fox/"]["filters"]
    assert fox["Type"] == ["Work"] and fox["Gallery"] == ["Night Garden"]
    assert fox["Tool"] == ["AUTOMATIC1111"] and fox["AI disclosure"] == ["AI-generated"]
    assert fox["Model"] == ["FLUX.1 [dev]"] and fox["Openness"][0].startswith("D")
    assert docs["/galleries/night/owl/"]["filters"]["Tag"] == ["ai-generated", "birds", "open-weights"]
    assert docs["/posts/hello/"]["filters"] == {"Type": ["Post"], "Tag": ["news"], "Year": ["2025"]}
    assert SHOWN in docs["/galleries/night/fox/"]["content"]  # a prompt the artist shows is searchable
    search_page = (out / "search" / "index.html").read_text()
    assert 'src="/pagefind/pagefind-ui.js"' in search_page and 'href="/tags/"' in search_page
    assert "data-pagefind-body" not in search_page  # list and search pages stay out of the results
    assert re.search(r'<a href="/search/"[^>]*>Search</a>', (out / "index.html").read_text())


def test_a_hidden_prompt_is_nowhere_in_the_index(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "show_prompt: false\n", **gallery_files()})
    _, out = build_site(tmp_path)
    bundle = decoded_bundle(out)
    assert b"pagefind_dcd" in bundle  # the scan really looked inside the compressed records
    assert HIDDEN.encode() not in bundle and SHOWN.encode() not in bundle
    assert b"an owl" not in bundle and b"a fox," not in bundle


def test_search_can_be_switched_off(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML + "search: false\n", **gallery_files()})
    _, out = build_site(tmp_path)
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    assert "data-pagefind" not in (out / "galleries" / "night" / "fox" / "index.html").read_text()
    assert 'href="/search/"' not in (out / "index.html").read_text()


def test_a_rebuild_keeps_the_index_and_drops_removed_pages(tmp_path: Path) -> None:
    write_site(tmp_path, {"site.yaml": SITE_YAML, **gallery_files()})
    build_site(tmp_path)
    (tmp_path / "content" / "posts" / "hello.md").unlink()
    write_site(tmp_path, {"content/posts/later.md": "---\ntitle: Later\ndate: 2025-03-01\n---\nOtters.\n"})
    _, out = build_site(tmp_path)
    urls = {doc["url"] for doc in index_documents(out)}
    assert "/posts/later/" in urls and "/posts/hello/" not in urls
    assert "/galleries/night/fox/" in urls  # reused pages are indexed too, not only re-rendered ones


def test_serve_skips_indexing_and_says_so_until_asked(tmp_path: Path) -> None:
    from generator.pipeline.memory import BuildMemory

    write_site(tmp_path, {"site.yaml": SITE_YAML, **gallery_files()})
    _, out = build_site(tmp_path, memory=BuildMemory())
    page = (out / "search" / "index.html").read_text()
    assert not (out / "pagefind").exists() and "pagefind-ui.js" not in page
    assert "does not build the search index" in page
    (tmp_path / "site.yaml").write_text(SITE_YAML + "search: {in_serve: true}\n")
    _, out = build_site(tmp_path, memory=BuildMemory())
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert "pagefind-ui.js" in (out / "search" / "index.html").read_text()


def test_two_builds_index_the_same_documents(tmp_path: Path) -> None:
    """Pagefind's bytes vary run to run (a parallel index build); what it indexed must not."""
    write_site(tmp_path, {"site.yaml": SITE_YAML, **gallery_files()})
    _, one = build_site(tmp_path, output=tmp_path / "one", use_cache=False)
    _, two = build_site(tmp_path, output=tmp_path / "two", use_cache=False)
    def key(doc: dict[str, object]) -> str:
        return json.dumps(doc, sort_keys=True)
    assert sorted(map(key, index_documents(one))) == sorted(map(key, index_documents(two)))


def test_the_search_page_may_be_indexed_but_is_not_in_the_sitemap(tmp_path: Path) -> None:
    """Lighthouse's SEO audit (is-crawlable) fails a `noindex` page, and the bare form harms no one;
    its canonical link folds every `?q=` address into /search/, and the sitemap does not list it."""
    write_site(tmp_path, {"site.yaml": SITE_YAML, **gallery_files()})
    _, out = build_site(tmp_path)
    page = (out / "search" / "index.html").read_text()
    assert 'content="noindex"' not in page
    assert re.search(r'<link rel="canonical" href="[^"]*/search/">', page)
    assert "/search/" not in (out / "sitemap.xml").read_text()

"""The "How I use AI" page: counts from the works, the artist's text above, on only when useful."""

from __future__ import annotations

import re
from pathlib import Path

from tests.kit.files import SITE_YAML, a1111_parameters, build_site, write_site
from tests.kit.images import png

FAST = "images: {formats: [webp], thumb_widths: [16], display_widths: [32]}\n"
INDEX = "---\ntitle: G\ndate: 2025-01-02\n---\n"
ARTIST_TEXT = "I sketch every piece by hand first; the machine comes second."


def files(extra_yaml: str = "", ai_md: str | None = None) -> dict[str, str | bytes]:
    found: dict[str, str | bytes] = {
        "site.yaml": SITE_YAML + FAST + extra_yaml,
        "content/galleries/g/index.md": INDEX,
        "content/galleries/g/fox.png": png({"parameters": a1111_parameters("a fox", seed=1)}),
        "content/galleries/g/owl.png": png({"parameters": a1111_parameters("an owl", seed=2)}),
        "content/galleries/g/ink.png": png(),
        "content/galleries/g/ink.png.md": "---\nalt: Ink drawing\nai: none\n---\n",
        "content/galleries/g/moth.png": png(),
        "content/galleries/g/moth.png.md": "---\nalt: A moth\nai: edited\ntool: Photoshop Generative Fill\n---\n",
    }
    if ai_md is not None:
        found["content/ai.md"] = ai_md
    return found


def build(tmp_path: Path, **kwargs: object) -> Path:
    root = tmp_path / "site"
    write_site(root, files(**kwargs))  # type: ignore[arg-type]
    result, out = build_site(root, use_cache=False)
    assert not result.problems.errors
    return out


def text_of(html_text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_text))


def test_generated_page_counts_the_works(tmp_path: Path) -> None:
    out = build(tmp_path)
    page = (out / "ai" / "index.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "<h1>How I use AI</h1>" in page
    assert "4 works in total." in text
    tools = page.split('id="ai-use-tools"')[1].split("</table>")[0]
    rows = dict(re.findall(r"<tr><td>(.*?)</td><td>(\d+)", tools))
    assert rows == {"AUTOMATIC1111": "2", "Photoshop Generative Fill": "1"}
    assert 'href="/galleries/g/fox/"' in tools and 'href="/galleries/g/owl/"' in tools
    models = page.split('id="ai-use-models"')[1].split('id="ai-use-law"')[0]
    work_label = re.search(r'class="openness-label openness-(\w+)"',
                           (out / "galleries" / "g" / "fox" / "index.html").read_text(encoding="utf-8"))
    assert work_label and f"openness-label openness-{work_label.group(1)}" in models  # the same grade as the badge
    assert "Training data:" in models  # what the model's makers disclose
    assert "Article 50 of the EU AI Act" in text and "not legal advice" in text
    assert 'href="/galleries/g/ink/"' not in page  # made without AI: counted, not listed as AI work


def test_counts_by_kind(tmp_path: Path) -> None:
    text = text_of((build(tmp_path) / "ai" / "index.html").read_text(encoding="utf-8"))
    # fox and owl carry A1111 metadata (generated); moth is declared edited; ink declared none.
    assert "2 AI-generated, 1 AI-edited, 1 made without AI." in text


def test_artist_text_goes_above_the_generated_part(tmp_path: Path) -> None:
    out = build(tmp_path, ai_md=f"---\ntitle: My practice\n---\n{ARTIST_TEXT}\n")
    page = (out / "ai" / "index.html").read_text(encoding="utf-8")
    assert "<h1>My practice</h1>" in page
    assert page.index(ARTIST_TEXT) < page.index("What the works say")
    assert page.count("<h1>") == 1


def test_off_without_ai_works_and_when_switched_off(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write_site(root, {"site.yaml": SITE_YAML + FAST, "content/galleries/g/index.md": INDEX,
                      "content/galleries/g/ink.png": png(),
                      "content/galleries/g/ink.png.md": "---\nalt: Ink\nai: none\n---\n"})
    _, out = build_site(root, use_cache=False)
    assert not (out / "ai").exists()
    out = build(tmp_path, extra_yaml="ai_page: false\n", ai_md=f"---\ntitle: Mine\n---\n{ARTIST_TEXT}\n")
    page = (out / "ai" / "index.html").read_text(encoding="utf-8")
    assert ARTIST_TEXT in page and "What the works say" not in page  # a plain page, as the artist wrote it


def test_url_and_title_are_configurable(tmp_path: Path) -> None:
    out = build(tmp_path, extra_yaml="ai_page: {url: /how-i-use-ai/, title: AI in my work}\n")
    assert not (out / "ai").exists()
    page = (out / "how-i-use-ai" / "index.html").read_text(encoding="utf-8")
    assert "<h1>AI in my work</h1>" in page and "What the works say" in page

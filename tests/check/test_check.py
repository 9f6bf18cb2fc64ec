from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import oversized
from generator.check.runner import run_checks
from generator.cli import main
from tests.check.conftest import a1111, png


def kinds(site: Path, kind: str) -> list[str]:
    return [str(f) for f in run_checks(site).findings if f.kind == kind]


def post(site: Path, name: str, text: str) -> Path:
    path = site / "content" / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_site_passes_strict(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", "--source", str(site)]) == 0
    assert capsys.readouterr().out == ""


def test_broken_link_is_reported_at_its_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post(site, "second.md", "---\ntitle: Second\ndate: 2025-01-02\n---\nGood [home](/).\n\n"
                            "See [nowhere](/nowhere/) please.\n")
    assert kinds(site, "broken-link") == [
        "content/posts/second.md:7: broken-link: /nowhere/ (no /nowhere/ in the site)"]
    assert main(["check", "--strict", "--source", str(site)]) == 1
    assert main(["check", "--source", str(site)]) == 0
    assert "content/posts/second.md:7: broken-link:" in capsys.readouterr().out


def test_missing_anchor_but_existing_id_passes(site: Path) -> None:
    post(site, "second.md", "---\ntitle: Second\ndate: 2025-01-02\n---\n[ok](/posts/first/#main)\n\n"
                            "[bad](/posts/first/#no-such-part)\n")
    found = kinds(site, "missing-anchor")
    assert len(found) == 1
    assert found[0].startswith("content/posts/second.md:7: missing-anchor: /posts/first/#no-such-part")
    assert kinds(site, "broken-link") == []


def test_gallery_work_without_alt(site: Path) -> None:
    gallery = site / "content" / "galleries" / "g"
    png(gallery / "described.png", a1111("a red fox", "sd_xl_base_1.0"))
    (gallery / "described.png.md").write_text("---\nalt: A red fox\n---\n", encoding="utf-8")
    png(gallery / "bare.png", a1111("a blue fox", "sd_xl_base_1.0"))
    (gallery / "bare.png.md").write_text("---\ntitle: Bare\n---\n", encoding="utf-8")
    found = kinds(site, "alt-text")
    assert found == ["content/galleries/g/bare.png.md:1: alt-text: bare.png has no alt text (its title is used); "
                     "add alt: to bare.png.md"]


def test_markdown_image_without_alt(site: Path) -> None:
    bundle = site / "content" / "posts" / "pics"
    png(bundle / "photo.png")
    post(site, "pics/index.md", "---\ntitle: Pics\ndate: 2025-01-03\n---\nText.\n\n![](photo.png)\n")
    found = kinds(site, "alt-text")
    assert len(found) == 1 and found[0].startswith("content/posts/pics/index.md:7: alt-text: image photo")


def test_work_without_provenance(site: Path) -> None:
    gallery = site / "content" / "galleries" / "g"
    png(gallery / "plain.png")
    (gallery / "plain.png.md").write_text("---\nalt: A plain square\n---\n", encoding="utf-8")
    png(gallery / "painted.png")
    (gallery / "painted.png.md").write_text("---\nalt: A painting\nprocess: oil on canvas\n---\n",
                                            encoding="utf-8")
    found = kinds(site, "no-provenance")
    assert len(found) == 1 and found[0].startswith("content/galleries/g/plain.png.md:1: no-provenance: plain.png")


def test_work_without_provenance_without_plugins(site: Path) -> None:
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "plugins: []\n", encoding="utf-8")
    gallery = site / "content" / "galleries" / "g"
    png(gallery / "plain.png")
    (gallery / "plain.png.md").write_text("---\nalt: A plain square\n---\n", encoding="utf-8")
    png(gallery / "made.png", a1111("a fox", "totallyUnknownMix_v7"))
    (gallery / "made.png.md").write_text("---\nalt: A fox\n---\n", encoding="utf-8")
    findings = run_checks(site).findings
    assert [f.file for f in findings if f.kind == "no-provenance"] == ["content/galleries/g/plain.png.md"]
    assert [f.file for f in findings if f.kind == "unrated-model"] == ["content/galleries/g/made.png.md"]


def test_template_links_are_named_once(site: Path) -> None:
    templates = site / "templates"
    templates.mkdir()
    (templates / "page.html").write_text('<html><body>\n<a href="/from-template/">x</a>\n{{ page.content }}'
                                         "</body></html>", encoding="utf-8")
    for name in ("one", "two"):
        (site / "content" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\nText\n", encoding="utf-8")
    found = kinds(site, "broken-link")
    assert len(found) == 1
    assert found[0].startswith("_site/one/index.html:2: broken-link: /from-template/")
    assert found[0].endswith("(in the theme; on 2 pages)")


def test_unrated_model(site: Path) -> None:
    gallery = site / "content" / "galleries" / "g"
    png(gallery / "odd.png", a1111("a fox", "totallyUnknownMix_v7"))
    (gallery / "odd.png.md").write_text("---\nalt: A fox\n---\n", encoding="utf-8")
    found = kinds(site, "unrated-model")
    assert len(found) == 1 and "totallyUnknownMix_v7" in found[0]
    assert kinds(site, "no-provenance") == []


def test_published_prompts_are_listed_and_do_not_fail_strict(site: Path) -> None:
    gallery = site / "content" / "galleries" / "g"
    (gallery).mkdir(parents=True)
    (gallery / "index.md").write_text("---\ntitle: G\n---\n", encoding="utf-8")
    png(gallery / "shown.png", a1111("a lighthouse in fog", "sd_xl_base_1.0"))
    (gallery / "shown.png.md").write_text("---\nalt: A lighthouse\nmodel: sd_xl_base_1.0\n---\n", encoding="utf-8")
    png(gallery / "hidden.png", a1111("a secret recipe", "sd_xl_base_1.0"))
    (gallery / "hidden.png.md").write_text("---\nalt: Hidden\nshow_prompt: false\n---\n", encoding="utf-8")
    report = run_checks(site)
    prompts = [str(f) for f in report.findings if f.kind == "prompt"]
    assert len(prompts) == 1 and "a lighthouse in fog" in prompts[0] and "secret" not in prompts[0]
    assert all(f.review for f in report.findings if f.kind == "prompt")
    (gallery / "index.md").write_text("---\ntitle: G\nshow_prompt: false\n---\n", encoding="utf-8")
    assert [f for f in run_checks(site).findings if f.kind == "prompt"] == []


def test_oversized_images(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    png(site / "content" / "posts" / "big.png", size=(64, 64))
    monkeypatch.setattr(oversized, "MAX_PIXELS", 4000)
    monkeypatch.setattr(oversized, "MAX_BYTES", 10)
    found = kinds(site, "oversized")
    assert any("megapixels" in f for f in found) and any("MB" in f for f in found)
    assert all(f.startswith("content/posts/big.png:1: oversized:") for f in found)
    assert oversized.pixels(site / "content" / "posts" / "big.png") == 4096


def test_front_matter_typos(site: Path) -> None:
    post(site, "typo.md", "---\ntitle: Typo\ndate: 2025-01-02\ndescriptoin: oops\n---\nBody\n")
    gallery = site / "content" / "galleries" / "g"
    png(gallery / "a.png")
    (gallery / "a.png.md").write_text("---\nalt: A\nprocess: ink\ncaptoin: hi\n---\n", encoding="utf-8")
    found = kinds(site, "typo")
    assert "content/posts/typo.md:4: typo: front matter key 'descriptoin' looks like a typo of 'description'" in found
    assert "content/galleries/g/a.png.md:4: typo: front matter key 'captoin' looks like a typo of 'caption'" in found


def test_site_that_does_not_build_exits_1(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post(site, "bad.md", "---\ntitle: [unclosed\n---\n")
    assert main(["check", "--source", str(site)]) == 1
    assert "content/posts/bad.md" in capsys.readouterr().out

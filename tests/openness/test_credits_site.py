"""Built sites: the ledger on work pages, `/models/<slug>/` pages, the footprint, and `artsite check`.

Images are PNGs with AUTOMATIC1111's `parameters` text written the way its webui writes it; the
expected counts below are worked out by hand from the fixtures, not read from the code.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.problems import BuildFailed
from tests.kit.files import build_site, read_json, write_site
from tests.kit.images import png

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SITE_YAML = ("title: Credits\nbase_url: https://example.test/\nauthor: {name: Tester}\n"
             "images:\n  formats: [webp]\n  thumb_widths: [16]\n  display_widths: [32]\n")


def infotext(model: str, model_hash: str, extra: str = "", prompt: str = "a fox in snow") -> str:
    return (f"{prompt}\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, "
            f"Seed: 1234, Size: 512x768, Model hash: {model_hash}, Model: {model}, {extra}Version: v1.10.1")


def sidecar(title: str, date: str, more: str = "") -> str:
    return f"---\ntitle: {title}\nalt: {title}\ndate: {date}\n{more}---\n"


def credits_site(root: Path) -> Path:
    gallery = "content/galleries/g/"
    return write_site(root, {
        "site.yaml": SITE_YAML,
        gallery + "index.md": "---\ntitle: G\n---\n",
        # SDXL base (C) with a LoRA whose facts the artist declares, and an upscaler nobody rated.
        gallery + "fox.png": png({"parameters": infotext(
            "sd_xl_base_1.0", "31e35c80fc", 'Hires upscale: 2, Hires upscaler: 4x-UltraSharp, '
            'Lora hashes: "add_detail: 7c6bad76eb54", ', "a fox <lora:add_detail:0.7>")}),
        gallery + "fox.png.md": sidecar("Fox", "2025-03-01", "resources:\n  - name: add_detail\n    creator: Jane\n"
                                        "    url: https://example.org/add-detail\n    license: mit\n"
                                        "    weights_open: yes\n"),
        # FLUX.1 [dev] (D) with the same upscaler.
        gallery + "owl.png": png({"parameters": infotext(
            "flux1-dev", "4610115bb0", "Hires upscale: 2, Hires upscaler: 4x-UltraSharp, ")}),
        gallery + "owl.png.md": sidecar("Owl", "2025-05-02"),
        # A closed service, declared by the artist (the file carries nothing).
        gallery + "hare.png": png(),
        gallery + "hare.png.md": sidecar("Hare", "2024-11-03", "ai: generated\nmodel: gpt-image-1\n"),
        # An unknown merge: unrated.
        gallery + "crow.png": png({"parameters": infotext("someMerge_v3", "0123abcdef")}),
        gallery + "crow.png.md": sidecar("Crow", "2025-06-04"),
    })


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = credits_site(tmp_path_factory.mktemp("credits"))
    build_site(root)
    return root / "_site"


def page(output: Path, url: str) -> str:
    return (output / url.strip("/") / "index.html").read_text(encoding="utf-8")


def rows(text: str) -> list[str]:
    section = text.split('<section class="credits"', 1)[1].split("</section>", 1)[0]
    section = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", section)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", r.split(">", 1)[1]))).strip()
            for r in section.split('<tr class="credit ')[1:]]


def test_ledger_on_a_work_page(built: Path) -> None:
    text = page(built, "/galleries/g/fox/")
    found = rows(text)
    assert len(found) == 3
    assert found[0].startswith("Model sd_xl_base_1.0 [31e35c80fc]") and "Stability AI" in found[0]
    assert "CreativeML Open RAIL++-M" in found[0] and found[0].endswith("C Open weights")
    assert found[1].startswith("LoRA add_detail (0.7) [7c6bad76eb54] https://example.org/add-detail Jane (declared)")
    assert "Commercial use: yes Credit required: yes" in found[1]
    assert "C* Open weights" in found[1] and "facts declared by the artist: creator, license, url, weights_open" in found[1]
    assert found[2].startswith("Upscaler 4x-UltraSharp unknown unknown") and found[2].endswith("– Unrated")  # a dash, never the "?" of unverified
    assert 'href="/models/sdxl-base-1-0/"' in text and 'href="/models/unrated-4x-ultrasharp/"' in text
    assert 'href="/models/unrated-add-detail-7c6bad76eb/"' in text


def test_model_page_lists_facts_give_back_and_every_work(built: Path) -> None:
    text = page(built, "/models/sdxl-base-1-0/")
    assert "<h1>Stable Diffusion XL 1.0 base</h1>" in text and "<dt>Made by</dt><dd>Stability AI</dd>" in text
    assert "<dt>Derivatives allowed</dt><dd>conditional</dd>" in text
    assert "How to give back" in text
    works = text.split('<ul class="model-works">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r">([^<]+)</a>", works) == ["Fox"]
    upscaler = page(built, "/models/unrated-4x-ultrasharp/")
    assert "<strong>unrated</strong>" in upscaler
    works = upscaler.split('<ul class="model-works">', 1)[1].split("</ul>", 1)[0]
    assert sorted(re.findall(r">([^<]+)</a>", works)) == ["Fox", "Owl"]
    assert "Works on this site that used it (2)" in upscaler


def test_footprint_counts_match_the_works(built: Path) -> None:
    data = read_json(built / "provenance.json")
    foot = data["footprint"]
    assert foot["works"] == 4
    assert foot["by_grade"] == {"A": 0, "B": 0, "C": 1, "D": 1, "E": 1, "?": 1}
    assert foot["closed"] == [{"name": "GPT Image 1 (gpt-image-1)", "model_id": "gpt-image-1",
                               "page": "/models/gpt-image-1/", "works": 1}]
    assert foot["trend_by"] == "year"
    assert [(p["period"], p["total"]) for p in foot["trend"]] == [("2024", 1), ("2025", 3)]
    assert foot["trend"][1]["by_grade"]["C"] == 1 and foot["trend"][1]["by_grade"]["D"] == 1
    # Resources: fox 3 (C, C?, ?), owl 2 (D, ?), hare 1 (E), crow 1 (?).
    assert foot["resources_by_grade"] == {"A": 0, "B": 0, "C": 2, "D": 1, "E": 1, "?": 3}
    fox = next(w for w in data["works"] if w["title"] == "Fox")
    assert [c["kind"] for c in fox["credits"]] == ["checkpoint", "lora", "upscaler"]
    assert fox["credits"][1]["declared"] == ["creator", "license", "url", "weights_open"]
    report = page(built, "/openness/")
    assert "This site’s footprint" in report and 'href="/models/gpt-image-1/"' in report
    trend = report.split('class="openness-table footprint-trend"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<th scope="row">(\w+)</th>', trend) == ["2024", "2025"]
    assert trend.count("<rect ") == 4  # 2024: E; 2025: C, D, ?


def test_report_links_every_resource_to_its_page(built: Path) -> None:
    report = page(built, "/openness/")
    section = report.split('id="resources"', 1)[1].split("</table>", 1)[0]
    links = set(re.findall(r'href="(/models/[^"]+/)"', section))
    assert links == {"/models/sdxl-base-1-0/", "/models/unrated-add-detail-7c6bad76eb/",
                     "/models/unrated-4x-ultrasharp/", "/models/flux1-dev/", "/models/gpt-image-1/",
                     "/models/unrated-somemerge-v3-0123abcdef/"}
    for link in links:
        assert (built / link.strip("/") / "index.html").is_file()


def test_a_bad_resources_entry_fails_the_build_naming_the_sidecar(tmp_path: Path) -> None:
    root = credits_site(tmp_path)
    (root / "content/galleries/g/owl.png.md").write_text(
        sidecar("Owl", "2025-05-02", "resources:\n  - name: x\n    url: javascript:alert(1)\n"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    messages = [(p.file, p.line, p.message) for p in failed.value.problems.errors]
    assert any(str(f).endswith("owl.png.md") and line == 5 and "url must start with https://" in m
               for f, line, m in messages), messages


def test_check_lists_unrated_resources(tmp_path: Path) -> None:
    from generator.check.runner import run_checks

    root = credits_site(tmp_path)
    found = [str(f) for f in run_checks(root).findings if f.kind == "unrated-resource"]
    assert found == ["content/galleries/g/fox.png.md:5: unrated-resource: Upscaler '4x-UltraSharp' is unrated "
                     "(not in the openness registry); used by 2 works: fox.png, owl.png. Declare its licence under "
                     "resources: in the sidecar, or describe it under models: in site.yaml"]


@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_site_every_resource_is_credited(tmp_path: Path) -> None:
    """The bar: on a site of the shared corpus, every resource a reader found is in a ledger, graded or
    unrated, and links to a model page that exists and lists the work."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared is absent")
    from generator.openness.resources import resources_of
    from generator.provenance.reader import read_provenance

    files = {"site.yaml": SITE_YAML, "content/galleries/corpus/index.md": "---\ntitle: Corpus\n---\n"}
    images = sorted(p for p in corpus.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"))
    for image in images:
        files[f"content/galleries/corpus/{image.name}"] = image.read_bytes()
    root = write_site(tmp_path, files)
    result, output = build_site(root)
    data = read_json(output / "provenance.json")
    by_image = {w["image"]: w for w in data["works"]}
    checked = 0
    for image in images:
        found = resources_of(read_provenance(image))
        work = by_image.get(image.name)
        if work is None:
            continue  # a work the build did not publish (none expected, but the bar is about ledgers)
        credited = {(c["kind"], c["name"]) for c in work.get("credits", [])}
        for ref in found:
            assert (ref.kind, ref.name[:300]) in credited, (image.name, ref)
            checked += 1
        for credit in work.get("credits", []):
            assert credit["grade"] in ("A", "B", "C", "D", "E", "A?", "B?", "C?", "D?", "E?", "?")
            model_page = output / credit["page"].strip("/") / "index.html"
            assert model_page.is_file(), credit
            assert work["page"].replace("https://example.test", "") in model_page.read_text(encoding="utf-8")
    assert checked >= 40
    assert len(by_image) == len(images)
    foot = data["footprint"]
    assert foot["works"] == sum(foot["by_grade"].values()) == sum(1 for w in data["works"] if "openness" in w)


def test_model_pages_can_be_switched_off_without_broken_links(tmp_path: Path) -> None:
    root = credits_site(tmp_path)
    (root / "site.yaml").write_text(SITE_YAML + "openness: {model_pages: false}\n", encoding="utf-8")
    result, output = build_site(root)
    assert not (output / "models").exists()
    assert "/models/" not in page(output, "/galleries/g/fox/") and "/models/" not in page(output, "/openness/")
    assert len(rows(page(output, "/galleries/g/fox/"))) == 3


def test_wrapper_and_give_back_on_model_pages(tmp_path: Path) -> None:
    gallery = "content/galleries/g/"
    root = write_site(tmp_path, {
        "site.yaml": SITE_YAML, gallery + "index.md": "---\ntitle: G\n---\n",
        gallery + "cafe.png": png(), gallery + "cafe.png.md": sidecar("Cafe", "2025-01-01", "ai: generated\nmodel: nightcafe\n"),
        gallery + "koi.png": png(), gallery + "koi.png.md": sidecar("Koi", "2025-02-01", "ai: generated\nmodel: wan2.1\n"),
    })
    _, output = build_site(root)
    cafe = html.unescape(page(output, "/models/nightcafe/"))
    assert "<dt>Builds on</dt><dd>Stable Diffusion XL 1.0 (offered to PRO members)" in cafe
    assert "<dt>Discloses</dt><dd>which model a generation option runs (SDXL 1.0 is named); " in cafe
    assert "<dt>Does not disclose</dt>" in cafe
    assert "No repository, donation page or citation is recorded for this model." in cafe
    koi = page(output, "/models/wan2-1/")
    assert '<li>Repository: <a href="https://github.com/Wan-Video/Wan2.1"' in koi
    assert "<li>Cite: <cite>Team Wan et al. (2025)" in koi
    ledger = rows(page(output, "/galleries/g/koi/"))
    assert ledger == [ledger[0]] and ledger[0].startswith("Model Wan2.1 https://github.com/Wan-Video/Wan2.1 Team Wan")
    assert "Commercial use: yes Credit required: yes Derivatives allowed: yes" in ledger[0]
    foot = read_json(output / "provenance.json")["footprint"]
    assert foot["closed"] == [{"name": "NightCafe Studio", "model_id": "nightcafe", "page": "/models/nightcafe/",
                               "works": 1}]
    assert foot["trend_by"] == "month" and [p["period"] for p in foot["trend"]] == ["2025-01", "2025-02"]


def test_the_reproduce_kit_lists_the_ledgers_licences(tmp_path: Path) -> None:
    """The kit reads the credits ledger (the openness plugin runs first): the declared MIT licence of
    the LoRA and the base model's licence reach the kit's resource list, not only their names."""
    root = credits_site(tmp_path / "site")
    (root / "site.yaml").write_text(SITE_YAML + "reproduce: true\n", encoding="utf-8")
    build_site(root)
    page = (root / "_site" / "galleries" / "g" / "fox" / "index.html").read_text(encoding="utf-8")
    kit = page.split('reproduce-resources">', 1)[1].split("</table>", 1)[0]
    rows = {re.sub(r"<[^>]+>", "", cells[1]).strip(): row for row in kit.split("<tr>")[2:]
            if len(cells := row.split("</td>")) > 2}
    assert ">mit<" in rows["add_detail"].lower()  # declared in the sidecar
    assert "C*" in rows["add_detail"]  # declared facts are unverified, printed as in the ledger
    assert "CreativeML Open RAIL++-M" in rows["sd_xl_base_1.0"]  # SDXL base's licence, from the registry

"""Every registry source is a primary, titled link (issue 16).

A visitor who opens "Why 'D Restricted weights'?" sees where each fact comes from. Those links must
lead to the model's makers (their site, model card, licence file, paper or official repository), not
to mirrors, scrapers, encyclopedias or news aggregators, and each must read as a title, not as a raw
40-character commit URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml

from generator.openness.registry import DATA_FILE
from generator.openness.sources import fallback_title, source_link, split_source

# Aggregators, mirrors and scraper sites: every one the shared fact table cited, plus the usual suspects.
BLOCKED_HOSTS = {
    "wikipedia.org", "wikiblah.com", "grokipedia.com", "aiwiki.ai", "probsee.com", "openlaboratory.ai",
    "readmex.com", "medium.com", "reddit.com", "redd.it", "reddit.jaspervandalum.nl", "rentry.org",
    "bestofai.com", "404media.co", "petapixel.com", "decrypt.co", "techcrunch.com", "muza-ai.eu",
    "thequery.in", "aihola.com", "aicompass.dev", "toolkitbyai.com", "centerconsulting.com", "aibase.com",
    "reportify.ai", "emergentmind.com", "apifox.com", "socket.dev", "vercel.com", "deepinfra.com",
    "shakker.ai", "offlinecreator.com", "ai-image-journey.com", "jpshuntong.com", "baked.rocks",
    "xwall.us.kg", "xodi.top", "qhduan.com", "hugflare.com", "hugingapi.com", "global-rail.com",
    "492719920.workers.dev", "hf-mirror.com", "uppusaikiran.github.io", "vladmandic.github.io",
    "news.ycombinator.com", "x.com", "twitter.com",
}


# Third-party copies on hosts that also serve makers: a re-upload of someone else's model card or weights,
# a tool's tutorial about a model, one user's review. A source must be the maker's own page.
THIRD_PARTY_COPIES = ("huggingface.co/ariG23498/", "huggingface.co/jyoung105/", "huggingface.co/musafa901/",
                      "huggingface.co/sazyou-roukaku/", "huggingface.co/poluser/", "huggingface.co/DiffusersVersionsOfModels/",
                      "github.com/azmym/", "github.com/d3x-at/", "docs.comfy.org/", "dialog=resourceReview")


def registry_sources() -> list[tuple[str, str]]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return [(entry["id"], str(source)) for entry in data["models"] for source in entry["sources"]]


# A maker's own publication on a blocked platform is primary: NovelAI announces its models on its
# Medium publication (blog.novelai.net points there); any other Medium author is not NovelAI.
MAKER_PUBLICATIONS = {"novelai.medium.com"}


def blocked(host: str) -> bool:
    if host in MAKER_PUBLICATIONS:
        return False
    return any(host == b or host.endswith("." + b) or b in host for b in BLOCKED_HOSTS)


def test_the_registry_has_sources_to_check() -> None:
    assert len(registry_sources()) > 100


@pytest.mark.parametrize(("model", "source"), registry_sources())
def test_every_source_is_a_primary_https_link_with_a_title(model: str, source: str) -> None:
    address, title = split_source(source)
    assert address is not None, f"{model}: '{source}' is not a link; cite the primary document itself"
    parts = urlsplit(address)
    assert parts.scheme == "https", f"{model}: {address} is not https"
    assert parts.port is None and not (parts.hostname or "").replace(".", "").isdigit(), \
        f"{model}: {address} is a bare IP or an odd port, a mirror rather than the maker"
    assert not blocked(parts.hostname or ""), f"{model}: {address} is an aggregator, mirror or scraper"
    assert not any(copy in address for copy in THIRD_PARTY_COPIES), f"{model}: {address} is a third party's copy"
    assert title and len(title) >= 8, f"{model}: {address} has no title; write 'https://... (Title, Publisher)'"
    assert "://" not in title and not any(len(w) == 40 and w.isalnum() for w in title.split()), \
        f"{model}: the title of {address} reads like an address"


def test_the_blocklist_catches_what_the_registry_once_cited() -> None:
    for host in ("wikiblah.com", "hf.xwall.us.kg.".rstrip("."), "bestofai.com", "www.404media.co", "en.wikipedia.org",
                 "medium.com", "www.reddit.com", "probsee.com"):
        assert blocked(host), host
    assert blocked("someone.medium.com")  # only the maker's own publication is allowed
    for host in ("huggingface.co", "github.com", "stability.ai", "civitai.com", "arxiv.org", "laion.ai",
                 "novelai.medium.com"):
        assert not blocked(host), host


def test_a_source_splits_into_address_and_title() -> None:
    assert split_source("https://example.org/a (FLUX.1 [dev] licence, Black Forest Labs)") == (
        "https://example.org/a", "FLUX.1 [dev] licence, Black Forest Labs")
    assert split_source("https://example.org/a") == ("https://example.org/a", None)
    assert split_source("Rombach et al., CVPR 2022") == (None, "Rombach et al., CVPR 2022")


def test_an_untitled_address_still_reads_as_a_title() -> None:
    """An artist's own `models:` entry may cite a bare URL; the badge must not print a commit hash."""
    commit = "802fb4713906133fcbd0d8dc5351620ca4773036"
    assert fallback_title(f"https://github.com/black-forest-labs/flux/blob/{commit}/LICENSE") == \
        "LICENSE, black-forest-labs/flux on GitHub"
    assert fallback_title("https://huggingface.co/org/model/blob/main/card.md") == "card.md, org/model on Hugging Face"
    assert fallback_title("https://www.example.test/my-model-card") == "example.test/my-model-card"
    assert source_link("a printed paper") == {"url": None, "title": "a printed paper"}

"""The crawler data file: its schema, its contents and the robots.txt group built from it."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
import yaml

from generator.consent.crawlers import (
    PURPOSES,
    CrawlerDataError,
    known_crawlers,
    parse_entry,
    parse_list,
    robots_group,
    site_crawlers,
)

NAMED_IN_ISSUE = ["GPTBot", "ClaudeBot", "anthropic-ai", "CCBot", "Google-Extended", "Applebot-Extended",
                  "PerplexityBot", "Bytespider", "meta-externalagent", "Amazonbot", "cohere-ai", "Diffbot",
                  "omgili", "Timpibot"]


def raw_entries() -> list[dict]:
    text = resources.files("generator.consent").joinpath("crawlers.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["crawlers"]


def test_every_entry_has_the_required_fields() -> None:
    for entry in raw_entries():
        for key in ("user_agent", "operator", "purpose", "source", "checked"):
            assert entry.get(key), f"{entry.get('user_agent')}: {key} missing"
        assert entry["purpose"] in ("training", "ai-data", "ai-search", "user-fetch")
        assert isinstance(entry["checked"], dt.date)
        assert entry["source"].startswith("https://")
        assert entry.get("source_kind") in ("operator", "secondary")


def test_no_duplicates_case_insensitively() -> None:
    tokens = [e["user_agent"].lower() for e in raw_entries()]
    assert len(tokens) == len(set(tokens))


def test_the_named_crawlers_are_present() -> None:
    tokens = {c.user_agent for c in known_crawlers()}
    assert set(NAMED_IN_ISSUE) <= tokens


def test_user_triggered_fetchers_are_told_apart_from_training_crawlers() -> None:
    by_token = {c.user_agent: c for c in known_crawlers()}
    assert by_token["GPTBot"].purpose == "training"
    assert by_token["ChatGPT-User"].purpose == "user-fetch"
    assert by_token["Claude-User"].purpose == "user-fetch"
    assert by_token["CCBot"].purpose == "ai-data"
    assert by_token["PerplexityBot"].purpose == "ai-search"


def test_secondary_sources_are_marked_as_such() -> None:
    for entry in raw_entries():
        if "ai-robots-txt" in entry["source"]:
            assert entry["source_kind"] == "secondary", entry["user_agent"]


def test_operator_sources_point_at_the_operator() -> None:
    by_token = {c.user_agent: c for c in known_crawlers()}
    assert "anthropic.com" in by_token["ClaudeBot"].source
    assert "openai.com" in by_token["GPTBot"].source
    assert "google.com" in by_token["Google-Extended"].source
    assert "apple.com" in by_token["Applebot-Extended"].source
    assert "commoncrawl.org" in by_token["CCBot"].source


def test_default_group_blocks_training_but_not_user_fetchers() -> None:
    group = robots_group(known_crawlers(), ("training", "ai-data", "ai-search"))
    lines = group.splitlines()
    assert "User-agent: GPTBot" in lines
    assert "User-agent: Google-Extended" in lines
    assert "User-agent: ChatGPT-User" not in lines
    assert "User-agent: Perplexity-User" not in lines
    assert lines[-1] == "Disallow: /"
    assert "User-agent: *" not in lines


def test_entries_with_block_true_are_blocked_whatever_the_purposes() -> None:
    group = robots_group(known_crawlers(), ("training",))
    assert "User-agent: cohere-ai" in group.splitlines()
    assert "User-agent: PerplexityBot" not in group.splitlines()


def test_site_extension_and_exclusion() -> None:
    crawlers, problems = site_crawlers([{"user_agent": "NewAIBot"}, "OtherBot", {"user_agent": "gptbot"}],
                                       ["CCBot", "NoSuchBot"], today=dt.date(2026, 1, 2))
    tokens = [c.user_agent for c in crawlers]
    assert "NewAIBot" in tokens and "OtherBot" in tokens
    assert "CCBot" not in tokens
    assert tokens.count("GPTBot") == 1 and "gptbot" not in tokens
    new = next(c for c in crawlers if c.user_agent == "NewAIBot")
    assert new.source_kind == "site" and new.checked == "2026-01-02"
    assert problems == ["ai_training.exclude: 'nosuchbot' is not in the built-in crawler list"]
    group = robots_group(crawlers, ("training",))
    assert "User-agent: NewAIBot" in group.splitlines()


@pytest.mark.parametrize("token", ["Bad\nDisallow: /", "a#b", "", " padded", "x" * 101, "Host: evil"])
def test_tokens_that_could_inject_directives_are_refused(token: str) -> None:
    crawlers, problems = site_crawlers([{"user_agent": token}], [])
    assert token not in [c.user_agent for c in crawlers]
    assert len(problems) == 1


def test_parse_list_rejects_duplicates_and_bad_purposes() -> None:
    entry = {"user_agent": "A", "operator": "o", "purpose": "training", "source": "s", "checked": "2026-01-01"}
    with pytest.raises(CrawlerDataError, match="twice"):
        parse_list({"crawlers": [entry, {**entry, "user_agent": "a"}]})
    with pytest.raises(CrawlerDataError, match="purpose"):
        parse_entry({**entry, "purpose": "fun"}, "x")
    with pytest.raises(CrawlerDataError, match="checked"):
        parse_entry({**entry, "checked": "yesterday"}, "x")
    assert set(PURPOSES) == {"training", "ai-data", "ai-search", "user-fetch"}

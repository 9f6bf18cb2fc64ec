"""tdmrep.json and _headers planning, checked against the TDMRep matching rule itself.

The report: rules are "an array of JSON objects"; "location and tdm-reservation are mandatory,
tdm-policy is optional"; "the most specific match is the first in sequence"; no match = unset.
"""

from __future__ import annotations

import json

from generator.consent.headers import headers_file
from generator.consent.tdmrep import PathStatus, covering_reservation, plan_rules, tdmrep_json


def first_match(rules: list[dict], path: str) -> int | None:
    """An agent's reading of the file, written from the report's text, independent of the code."""
    for rule in rules:
        if path.startswith(rule["location"]):
            return rule["tdm-reservation"]
    return None


def parse(rules: list[PathStatus]) -> list[dict]:
    text = tdmrep_json(rules)
    assert text is not None
    data = json.loads(text)
    assert isinstance(data, list)
    for rule in data:
        assert set(rule) <= {"location", "tdm-reservation", "tdm-policy"}
        assert isinstance(rule["location"], str) and rule["location"].startswith("/")
        assert rule["tdm-reservation"] in (0, 1) and type(rule["tdm-reservation"]) is int
        if "tdm-policy" in rule:
            assert rule["tdm-reservation"] == 1 and rule["tdm-policy"].startswith("https://")
    return data


def test_site_wide_reservation_is_one_root_rule() -> None:
    data = parse(plan_rules([PathStatus("/posts/a/", True)], PathStatus("/", True, "https://ex.org/p")))
    assert data == [{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://ex.org/p"}]


def test_exceptions_come_before_the_root_and_win_under_first_match() -> None:
    pages = [PathStatus("/posts/free/", False), PathStatus("/galleries/open/", False),
             PathStatus("/galleries/open/kept/", True), PathStatus("/galleries/open/other/", False),
             PathStatus("/posts/kept/", True)]
    data = parse(plan_rules(pages, PathStatus("/", True)))
    assert data[-1] == {"location": "/", "tdm-reservation": 1}
    for page in pages:
        assert first_match(data, page.location) == (1 if page.reserved else 0), page.location
    assert first_match(data, "/galleries/open/other/image.webp") == 0
    assert first_match(data, "/index.html") == 1
    assert len(data) == 4  # root, two lifted paths, the re-reserved work; nothing redundant


def test_unreserved_site_writes_only_the_reserved_pages() -> None:
    pages = [PathStatus("/posts/a/", False), PathStatus("/galleries/g/w/", True, "https://ex.org/p")]
    data = parse(plan_rules(pages, None))
    assert data == [{"location": "/galleries/g/w/", "tdm-reservation": 1, "tdm-policy": "https://ex.org/p"}]
    assert first_match(data, "/posts/a/") is None


def test_nothing_reserved_means_no_file() -> None:
    assert tdmrep_json(plan_rules([PathStatus("/a/", False)], None)) is None


def test_covering_reservation_is_about_parents_only() -> None:
    rules = plan_rules([PathStatus("/g/", True), PathStatus("/g/w/", False)], None)
    assert covering_reservation("/g/w/", rules)
    assert not covering_reservation("/g/", rules)
    assert not covering_reservation("/other/", rules)


def test_headers_site_wide() -> None:
    text = headers_file("/", True, "https://ex.org/p", [], ["/posts/free/"])
    assert text is not None
    lines = text.splitlines()
    block = lines[lines.index("/*"):]
    assert block == ["/*", "  X-Robots-Tag: noai, noimageai", "  tdm-reservation: 1", "  tdm-policy: https://ex.org/p"]
    assert "#   /posts/free/" in lines


def test_headers_per_path_when_the_site_is_not_reserved() -> None:
    text = headers_file("/", False, "", [("/galleries/g/w/", "")], [])
    assert text is not None
    lines = text.splitlines()
    assert "/galleries/g/w/" in lines and "/galleries/g/w/*" in lines
    assert "/*" not in lines
    assert headers_file("/", False, "", [], []) is None


def test_header_values_with_line_breaks_are_dropped() -> None:
    text = headers_file("/", True, "https://ex.org/p\n/*\n  X-Evil: 1", [], [])
    assert text is not None and "X-Evil" not in text and "tdm-policy" not in text

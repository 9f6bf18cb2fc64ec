"""Licence ids and URLs, both directions; expected URLs are Creative Commons' and SPDX's own."""

from __future__ import annotations

import pytest

from generator.consent.licenses import resolve_license


@pytest.mark.parametrize(("value", "url", "spdx"), [
    ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
    ("CC-BY-NC-ND-4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/", "CC-BY-NC-ND-4.0"),
    ("cc-by-sa-4.0", "https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"),
    ("CC-BY-NC-SA-3.0", "https://creativecommons.org/licenses/by-nc-sa/3.0/", "CC-BY-NC-SA-3.0"),
    ("CC-BY-3.0-DE", "https://creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE"),
    ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("MIT", "https://spdx.org/licenses/MIT.html", "MIT"),
    ("apache-2.0", "https://spdx.org/licenses/Apache-2.0.html", "Apache-2.0"),
])
def test_spdx_ids(value: str, url: str, spdx: str) -> None:
    info = resolve_license(value)
    assert info is not None and info.known
    assert (info.url, info.spdx) == (url, spdx)


@pytest.mark.parametrize(("value", "spdx", "name"), [
    ("https://creativecommons.org/licenses/by-nc/4.0/", "CC-BY-NC-4.0", "CC BY-NC 4.0"),
    ("http://creativecommons.org/licenses/by-nd/4.0", "CC-BY-ND-4.0", "CC BY-ND 4.0"),
    ("https://creativecommons.org/licenses/by-sa/4.0/deed.de", "CC-BY-SA-4.0", "CC BY-SA 4.0"),
    ("https://creativecommons.org/licenses/by/4.0/legalcode", "CC-BY-4.0", "CC BY 4.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0", "CC0 1.0"),
])
def test_cc_urls_map_back_to_names(value: str, spdx: str, name: str) -> None:
    info = resolve_license(value)
    assert info is not None and info.known
    assert (info.spdx, info.name) == (spdx, name)
    assert info.url.startswith("https://creativecommons.org/") and info.url.endswith("/")


def test_public_domain_mark_has_no_spdx_id() -> None:
    info = resolve_license("https://creativecommons.org/publicdomain/mark/1.0/")
    assert info is not None and info.spdx == "" and info.name == "Public Domain Mark 1.0"


@pytest.mark.parametrize("value", ["My own licence", "CC-BY-9.0", "https://example.org/terms", "CC-BY-FOO-4.0"])
def test_unknown_strings_are_shown_unlinked(value: str) -> None:
    info = resolve_license(value)
    assert info is not None
    assert not info.known and info.url == "" and info.name == value


def test_deliberate_non_spdx_values_are_not_unknown() -> None:
    reserved = resolve_license("All rights reserved")
    assert reserved is not None and reserved.known and reserved.url == ""
    custom = resolve_license("LicenseRef-my-terms")
    assert custom is not None and custom.known and custom.spdx == "LicenseRef-my-terms"


def test_nothing_set() -> None:
    assert resolve_license(None) is None
    assert resolve_license("  ") is None

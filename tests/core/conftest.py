"""Fixtures for the core tests; the helpers themselves live in sitekit.py so tests can import them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kit.sites import TmpSite, new_site


@pytest.fixture
def site(tmp_path: Path) -> TmpSite:
    """A minimal valid site (site.yaml, empty content/posts/, plugins off) in tmp_path/site."""
    return new_site(tmp_path / "site")

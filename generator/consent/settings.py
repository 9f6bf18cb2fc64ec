"""`ai_training:` and `license:` resolved for one page: site.yaml, then gallery, then work or post.

The artist's choice is layered the way every other setting is (the most specific place wins), but
per key: a work that only sets `policy_url` keeps the gallery's `reserve`. `ai_training: false`
is shorthand for `{reserve: false}`, the form people write first.

`policy` says on what terms the reservation can be lifted: `reserve` (ask me; the default),
`open-models-only` (granted to models whose weights and training data are open) or `licensed`
(paid licences, through `contact`). Both of the latter are still reservations in TDMRep terms,
with a policy attached, so `ai_training: open-models-only` is shorthand for
`{reserve: true, policy: open-models-only}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.consent.crawlers import DEFAULT_BLOCK, PURPOSES

_URL = re.compile(r"^(https?://[^\s<>\"']+|/[^\s<>\"']*)$")
_EMAIL = re.compile(r"^[^\s@<>\"']+@[^\s@<>\"']+\.[^\s@<>\"']+$")
PAGE_KEYS = ("reserve", "policy_url", "contact")
POLICIES = ("reserve", "open-models-only", "licensed")

SCHEMA: dict[str, Any] = {
    "ai_training": {
        "anyOf": [
            {"type": "boolean"},
            {"enum": list(POLICIES)},
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "reserve": {"type": "boolean"},
                    "policy": {"enum": list(POLICIES)},
                    "terms_url": {"type": ["string", "null"], "pattern": r"^(https?://|/)\S*$"},
                    "policy_url": {"type": ["string", "null"], "pattern": r"^(https?://|/)\S*$"},
                    "contact": {"type": ["string", "null"]},
                    "headers": {"type": "boolean"},
                    "block": {"type": "array", "items": {"enum": list(PURPOSES)}, "uniqueItems": True},
                    "exclude": {"type": "array", "items": {"type": "string"}},
                    "crawlers": {
                        "type": "array",
                        "items": {
                            "anyOf": [
                                {"type": "string"},
                                {"type": "object", "required": ["user_agent"],
                                 "properties": {"user_agent": {"type": "string"}, "operator": {"type": "string"},
                                                "purpose": {"enum": list(PURPOSES)}, "source": {"type": "string"},
                                                "note": {"type": "string"}}},
                            ]
                        },
                    },
                },
            },
        ]
    }
}


@dataclass(frozen=True)
class SiteConsent:
    """The site-wide block of site.yaml, with defaults applied."""

    reserve: bool = True
    policy_url: str = ""
    contact: str = ""
    policy: str = "reserve"
    terms_url: str = ""
    headers: bool = True
    block: tuple[str, ...] = DEFAULT_BLOCK
    crawlers: list[Any] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageConsent:
    """What one page says: reserved or not, where the policy is, who to ask."""

    reserve: bool
    policy_url: str = ""
    contact: str = ""


def normalize(value: Any) -> dict[str, Any]:
    """Front matter or site.yaml `ai_training` as a partial dict of the keys a page may set."""
    if isinstance(value, bool):
        return {"reserve": value}
    if isinstance(value, str) and value.strip() in POLICIES:
        return {"reserve": True}  # a conditional grant is still a reservation (with a policy)
    if not isinstance(value, dict):
        return {}
    found: dict[str, Any] = {}
    if isinstance(value.get("reserve"), bool):
        found["reserve"] = value["reserve"]
    for key in ("policy_url", "contact"):
        if isinstance(value.get(key), str):
            found[key] = value[key].strip()
    return found


def site_consent(raw: Any) -> SiteConsent:
    """site.yaml's `ai_training` with defaults; a policy other than `reserve` always reserves."""
    block = raw.get("block") if isinstance(raw, dict) else None
    data = raw if isinstance(raw, dict) else {}
    base = normalize(raw)
    policy = raw.strip() if isinstance(raw, str) else data.get("policy")
    policy = policy if policy in POLICIES else "reserve"
    terms = data.get("terms_url")
    return SiteConsent(
        reserve=True if policy != "reserve" else base.get("reserve", True),
        policy_url=base.get("policy_url", ""), contact=base.get("contact", ""),
        policy=policy, terms_url=terms.strip() if isinstance(terms, str) else "",
        headers=data.get("headers", True) is not False,
        block=tuple(p for p in block if p in PURPOSES) if isinstance(block, list) else DEFAULT_BLOCK,
        crawlers=list(data.get("crawlers") or []) if isinstance(data.get("crawlers"), list) else [],
        exclude=[str(x) for x in data.get("exclude") or []] if isinstance(data.get("exclude"), list) else [],
    )


def layered(site: SiteConsent, *layers: Any) -> PageConsent:
    """Site values overlaid by each layer in turn (gallery, then work; or the page's front matter)."""
    merged: dict[str, Any] = {"reserve": site.reserve, "policy_url": site.policy_url, "contact": site.contact}
    for layer in layers:
        merged.update(normalize(layer))
    return PageConsent(reserve=merged["reserve"], policy_url=merged["policy_url"], contact=merged["contact"])


def safe_url(value: str, base_url: str) -> str:
    """A policy URL fit for a header, a meta tag and JSON: absolute http(s), no whitespace; else ""."""
    value = (value or "").strip()
    if not value or not _URL.match(value):
        return ""
    if value.startswith("/"):
        return base_url.rstrip("/") + value
    return value


def contact_href(value: str) -> str:
    """mailto: for a bare address, the URL for a link; anything else (javascript: ...) is dropped."""
    value = (value or "").strip()
    if _EMAIL.match(value):
        return f"mailto:{value}"
    if value.startswith("mailto:") and _EMAIL.match(value[7:]):
        return value
    if value.startswith(("https://", "http://")) and _URL.match(value):
        return value
    return ""

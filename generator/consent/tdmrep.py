"""`/.well-known/tdmrep.json` (W3C TDM Reservation Protocol, Community Group final report).

The file is a JSON array of rules: `location` (a path pattern) and `tdm-reservation` (1 or 0) are
required, `tdm-policy` (a URL) is optional. An agent uses "the most specific match", which the
report defines as "the first in sequence", so the order of the array is the semantics: narrower
paths go first and the site-wide `/` rule goes last. Where nothing matches, the reservation is
unset, which is why a site that does not reserve writes no root rule at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PATH = ".well-known/tdmrep.json"


@dataclass(frozen=True)
class PathStatus:
    """One published path (base path included) and what its page says."""

    location: str
    reserved: bool
    policy_url: str = ""


def _governing(location: str, rules: list[PathStatus]) -> PathStatus | None:
    """The rule an agent would apply to `location`: longest prefix, as the file's order will say."""
    matches = [r for r in rules if location.startswith(r.location)]
    return max(matches, key=lambda r: len(r.location)) if matches else None


def plan_rules(pages: list[PathStatus], root: PathStatus | None) -> list[PathStatus]:
    """The fewest rules that give every page its own status, narrowest first, `root` last.

    Pages are visited shortest path first, so a gallery's rule exists before its works are
    checked, and a work only gets a rule of its own when it differs from what covers it.
    """
    rules: list[PathStatus] = [root] if root is not None else []
    for page in sorted(pages, key=lambda p: (len(p.location), p.location)):
        current = _governing(page.location, rules)
        current_reserved = current.reserved if current is not None else False
        same_policy = (current is None or not page.reserved or not page.policy_url
                       or current.policy_url == page.policy_url)
        if page.reserved == current_reserved and same_policy:
            continue
        if any(r.location == page.location for r in rules):
            continue  # two pages at one path: the first decides, the build reports the clash
        rules.append(page)
    specific = sorted((r for r in rules if r is not root), key=lambda r: (-len(r.location), r.location))
    return specific + ([root] if root is not None else [])


def covering_reservation(location: str, rules: list[PathStatus]) -> bool:
    """True when a rule for a *parent* path reserves this location (so the page must say 0 itself)."""
    parents = [r for r in rules if r.location != location and location.startswith(r.location)]
    best = max(parents, key=lambda r: len(r.location)) if parents else None
    return bool(best and best.reserved)


def rule_objects(rules: list[PathStatus]) -> list[dict[str, object]]:
    objects: list[dict[str, object]] = []
    for rule in rules:
        item: dict[str, object] = {"location": rule.location, "tdm-reservation": 1 if rule.reserved else 0}
        if rule.reserved and rule.policy_url:
            item["tdm-policy"] = rule.policy_url
        objects.append(item)
    return objects


def tdmrep_json(rules: list[PathStatus]) -> str | None:
    """The file's text, or None when no rule is needed (nothing reserved anywhere)."""
    if not rules:
        return None
    return json.dumps(rule_objects(rules), indent=2, ensure_ascii=False) + "\n"

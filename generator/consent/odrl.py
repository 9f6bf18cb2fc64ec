"""The "open or pay" grant as a TDMRep policy (ODRL 2.2 JSON-LD), and its plain-text echoes.

TDMRep (Community Group final report, section "TDM Policy") defines a small ODRL profile: an
`Offer` with `profile: http://www.w3.org/ns/tdmrep`, a `uid`, one `assigner` described with a few
vCard properties, and one `permission` whose action is `tdm:mine`, optionally with the duties
`obtainConsent` or `compensate` and a `purpose` constraint. The profile has no term for "models
whose weights and training data are open", so the machine-readable half of `open-models-only`
can only say "ask first" (obtainConsent); the condition itself is stated on the licence page
that `vcard:hasURL` points to. `licensed` adds `compensate`: ask first, and pay. Saying less
than we mean is safe; inventing vocabulary no agent reads would pretend to more than it does.
"""

from __future__ import annotations

import json
from typing import Any

PROFILE = "http://www.w3.org/ns/tdmrep"
CONTEXT: list[Any] = ["http://www.w3.org/ns/odrl.jsonld", {"tdm": "http://www.w3.org/ns/tdmrep#"}]
PAGE_URL = "/ai-training/"  # the human-readable licence page
POLICY_PATH = "ai-training/policy.json"  # the machine-readable policy (tdm-policy)
SUMMARY = {
    "open-models-only": "AI training is reserved. Permission is granted, free of charge, to train models whose "
                        "weights and training data are both openly published; any other training needs a licence.",
    "licensed": "AI training is reserved. Licences for training are available for a fee; ask before you mine.",
}
FOOTER = {"open-models-only": "AI training: open models only", "licensed": "AI training by paid licence only"}


def duties(policy: str) -> list[dict[str, str]]:
    """What a TDM actor must do before mining, in the profile's own action names."""
    found = [{"action": "obtainConsent"}]
    if policy == "licensed":
        found.append({"action": "compensate"})
    return found


def policy_document(policy: str, *, uid: str, site_url: str, page_url: str, name: str,
                    email: str = "") -> dict[str, Any]:
    """The Offer served at `uid` (the `tdm-policy` URL). `email` is a bare address or ""."""
    assigner: dict[str, Any] = {"uid": site_url, "vcard:fn": name or site_url}
    if email:
        assigner["vcard:hasEmail"] = f"mailto:{email}"
    assigner["vcard:hasURL"] = page_url
    return {
        "@context": CONTEXT,
        "@type": "Offer",
        "profile": PROFILE,
        "uid": uid,
        "assigner": assigner,
        "permission": [{"target": site_url, "action": "tdm:mine", "duty": duties(policy)}],
    }


def policy_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _line(text: str) -> str:
    """A value inside a robots.txt comment: one line, bounded (it comes from site.yaml)."""
    return " ".join(text.split())[:200]


def robots_comments(policy: str, page_url: str, policy_url: str, contact: str, terms_url: str) -> list[str]:
    """Comment lines for the AI-crawler group: robots.txt has no syntax for conditions, so the
    crawlers stay disallowed and the terms are written where a person reading the file sees them."""
    if policy not in SUMMARY:
        return []
    lines = [f"# {SUMMARY[policy]}",
             "# robots.txt cannot tell models apart, so the crawlers below stay disallowed; ask to be let in.",
             f"# Terms: {_line(page_url)}", f"# Machine-readable policy (W3C TDMRep, ODRL): {_line(policy_url)}"]
    if terms_url:
        lines.append(f"# Licence terms: {_line(terms_url)}")
    if contact:
        lines.append(f"# Licensing contact: {_line(contact)}")
    return lines

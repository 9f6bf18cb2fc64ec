"""`ai_training: open-models-only` / `licensed`: the TDMRep policy, the licence page, robots.txt.

The policy is checked by a reading of the TDMRep final report's "TDM Policy" section written here,
independently of the code: a JSON-LD `@context` of the ODRL context plus the `tdm` prefix, `@type`
Offer, `profile` http://www.w3.org/ns/tdmrep, a `uid`, one `assigner` with the report's vCard
properties only, a `permission` (no obligation or prohibition) whose action is `tdm:mine`, duties
among obtainConsent / compensate, constraints only on `purpose`. The checker is first run on the
report's own full examples, so it is known to accept what the report accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.problems import BuildFailed
from tests.consent.test_site_build import head, new_site, read, run

ODRL = "http://www.w3.org/ns/odrl.jsonld"
TDM_NS = "http://www.w3.org/ns/tdmrep#"
VCARD_KEYS = {"uid", "vcard:fn", "vcard:nickname", "vcard:hasEmail", "vcard:hasAddress", "vcard:hasTelephone",
              "vcard:hasURL"}

# The report's two full examples, as printed there (section "Full Examples").
SPEC_CONSENT_EXAMPLE = {
    "@context": [ODRL, {"tdm": TDM_NS}], "@type": "Offer", "profile": "http://www.w3.org/ns/tdmrep",
    "uid": "https://provider.com/policies/1",
    "assigner": {"uid": "https://provider.com", "vcard:fn": "Provider", "vcard:hasEmail": "mailto:contact@provider.com",
                 "vcard:hasAddress": {"vcard:street-address": "111 Street Address", "vcard:postal-code": "5555",
                                      "vcard:locality": "Espérance", "vcard:country-name": "France"},
                 "vcard:hasTelephone": "tel:+61755555555",
                 "vcard:hasURL": "https://provider.com/tdm/licensing.html"},
    "permission": [{"action": "tdm:mine", "duty": [{"action": "obtainConsent"}]}],
}
SPEC_FEE_EXAMPLE = {
    "@context": [ODRL, {"tdm": TDM_NS}], "@type": "Offer", "profile": "http://www.w3.org/ns/tdmrep",
    "uid": "https://provider.com/policies/1",
    "assigner": {"uid": "https://provider.com", "vcard:fn": "Provider", "vcard:hasEmail": "mailto:contact@provider.com"},
    "permission": [{"action": "tdm:mine", "duty": [{"action": "compensate"}],
                    "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "tdm:non-research"}]}],
}


def expand(term: str, context: list[Any]) -> str:
    """A compact IRI as JSON-LD would expand it with the policy's own prefixes."""
    prefix, _, rest = term.partition(":")
    for item in context:
        if isinstance(item, dict) and prefix in item:
            return item[prefix] + rest
    return term


def check_policy(doc: dict[str, Any]) -> list[str]:
    """Every way `doc` departs from the report's TDM Policy profile (empty when it conforms)."""
    problems = []
    context = doc.get("@context")
    if not (isinstance(context, list) and context and context[0] == ODRL
            and any(isinstance(c, dict) and c.get("tdm") == TDM_NS for c in context)):
        problems.append("@context must be the ODRL context plus the tdm prefix")
        context = []
    if doc.get("@type") != "Offer":
        problems.append("@type must be Offer")
    if doc.get("profile") != "http://www.w3.org/ns/tdmrep":
        problems.append("profile must be http://www.w3.org/ns/tdmrep")
    if not str(doc.get("uid", "")).startswith(("https://", "http://")):
        problems.append("uid must be a URL")
    assigner = doc.get("assigner")
    if not isinstance(assigner, dict):
        problems.append("one assigner object is required")
    else:
        if set(assigner) - VCARD_KEYS:
            problems.append(f"assigner has keys outside the profile: {set(assigner) - VCARD_KEYS}")
        if "vcard:hasEmail" in assigner and not assigner["vcard:hasEmail"].startswith("mailto:"):
            problems.append("vcard:hasEmail must start with mailto:")
        if "vcard:hasTelephone" in assigner and not assigner["vcard:hasTelephone"].startswith("tel:"):
            problems.append("vcard:hasTelephone must start with tel:")
    if "obligation" in doc or "prohibition" in doc:
        problems.append("a TDM policy should hold no obligation or prohibition")
    permissions = doc.get("permission")
    if not isinstance(permissions, list) or not permissions:
        problems.append("a permission is required")
        permissions = []
    for rule in permissions:
        if expand(rule.get("action", ""), context) != TDM_NS + "mine":
            problems.append("permission action must be tdm:mine")
        for duty in rule.get("duty", []):
            if duty.get("action") not in ("obtainConsent", "compensate"):
                problems.append(f"unknown duty {duty.get('action')}")
        for constraint in rule.get("constraint", []):
            if (constraint.get("leftOperand"), constraint.get("operator")) != ("purpose", "eq") or \
                    constraint.get("rightOperand") not in ("tdm:research", "tdm:non-research"):
                problems.append("constraints are on purpose only")
    return problems


def test_the_checker_accepts_the_reports_examples_and_rejects_departures() -> None:
    assert check_policy(SPEC_CONSENT_EXAMPLE) == []
    assert check_policy(SPEC_FEE_EXAMPLE) == []
    broken = json.loads(json.dumps(SPEC_FEE_EXAMPLE))
    broken["permission"][0]["action"] = "use"
    broken["@type"] = "Set"
    broken["assigner"]["vcard:hasEmail"] = "contact@provider.com"
    assert len(check_policy(broken)) == 3


def grant_site(tmp_path: Path, setting: object) -> Path:
    return new_site(tmp_path, ai_training=setting, author={"name": "Ada Example"}, base_url="https://ada.example/")


def test_open_models_only_publishes_a_conforming_policy_everywhere(tmp_path: Path) -> None:
    root = grant_site(tmp_path, {"policy": "open-models-only", "contact": "ada@example.org"})
    result = run(root)
    assert not [p for p in result.problems.warnings if "ai_training" in p.message]
    policy_url = "https://ada.example/ai-training/policy.json"
    assert json.loads(read(root, ".well-known/tdmrep.json")) == [
        {"location": "/", "tdm-reservation": 1, "tdm-policy": policy_url}]
    doc = json.loads(read(root, "ai-training/policy.json"))
    assert check_policy(doc) == []
    assert doc["uid"] == policy_url
    assert doc["assigner"] == {"uid": "https://ada.example/", "vcard:fn": "Ada Example",
                               "vcard:hasEmail": "mailto:ada@example.org",
                               "vcard:hasURL": "https://ada.example/ai-training/"}
    assert doc["permission"] == [{"target": "https://ada.example/", "action": "tdm:mine",
                                  "duty": [{"action": "obtainConsent"}]}]
    for page in ("index.html", "posts/hello-world/index.html"):
        assert f'<meta name="tdm-policy" content="{policy_url}">' in head(root, page)
        assert '<meta name="tdm-reservation" content="1">' in head(root, page)
    assert '<a href="/ai-training/">AI training: open models only</a>' in read(root, "index.html")
    page = read(root, "ai-training/index.html")
    assert "weights and the data it was trained on are published openly" in page
    assert "not legal advice" in page and 'href="mailto:ada@example.org"' in page
    headers = read(root, "_headers")
    assert "/ai-training/policy.json\n  Content-Type: application/ld+json\n" in headers


def test_robots_txt_states_the_terms_in_comments_and_still_disallows(tmp_path: Path) -> None:
    root = grant_site(tmp_path, {"policy": "licensed", "contact": "https://ada.example/contact/",
                                 "terms_url": "/pricing/"})
    run(root)
    robots = read(root, "robots.txt")
    group = next(g for g in robots.split("\n\n") if "User-agent: GPTBot" in g)
    lines = group.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    assert "# Terms: https://ada.example/ai-training/" in comments
    assert "# Machine-readable policy (W3C TDMRep, ODRL): https://ada.example/ai-training/policy.json" in comments
    assert "# Licence terms: https://ada.example/pricing/" in comments
    assert "# Licensing contact: https://ada.example/contact/" in comments
    assert any("Licences for training are available for a fee" in c for c in comments)
    assert lines[-1] == "Disallow: /"
    assert all(line.startswith(("#", "User-agent:", "Disallow:")) for line in lines)
    assert "User-agent: *\nAllow: /" in robots and robots.index("User-agent: GPTBot") < robots.index("User-agent: *")
    doc = json.loads(read(root, "ai-training/policy.json"))
    assert check_policy(doc) == []
    assert doc["permission"][0]["duty"] == [{"action": "obtainConsent"}, {"action": "compensate"}]
    assert "vcard:hasEmail" not in doc["assigner"]  # the contact is a URL, not an address
    page = read(root, "ai-training/index.html")
    assert 'href="https://ada.example/pricing/"' in page and "for a fee" in page


def test_shorthand_and_page_exceptions(tmp_path: Path) -> None:
    root = grant_site(tmp_path, "open-models-only")
    (root / "content" / "posts" / "free.md").write_text(
        "---\ntitle: Free\ndate: 2026-01-05\nai_training: false\n---\nTake it.\n", encoding="utf-8")
    run(root)
    rules = json.loads(read(root, ".well-known/tdmrep.json"))
    assert rules[-1]["tdm-policy"] == "https://ada.example/ai-training/policy.json"
    assert {"location": "/posts/free/", "tdm-reservation": 0} in rules
    assert '<meta name="tdm-reservation" content="0">' in head(root, "posts/free/index.html")
    assert check_policy(json.loads(read(root, "ai-training/policy.json"))) == []


@pytest.mark.parametrize(("setting", "needle"), [
    ({"policy": "licensed"}, "licensed needs a contact"),
    ({"policy": "licensed", "contact": "javascript:alert(1)"}, "contact must be an email address"),
    ({"policy": "open-models-only", "policy_url": "https://x.example/p"}, "policy_url is not used"),
    ({"policy": "open-models-only", "reserve": False}, "contradicts policy"),
])
def test_contradictions_are_reported_naming_site_yaml(tmp_path: Path, setting: dict, needle: str) -> None:
    root = grant_site(tmp_path, setting)
    result = run(root)
    found = [p for p in result.problems.warnings if needle in p.message]
    assert found and str(found[0].file).endswith("site.yaml")
    assert json.loads(read(root, ".well-known/tdmrep.json"))[-1]["tdm-reservation"] == 1
    assert "javascript:" not in read(root, "ai-training/policy.json") + read(root, "robots.txt")


def test_unknown_policy_is_a_config_error(tmp_path: Path) -> None:
    root = grant_site(tmp_path, {"policy": "pay-what-you-want"})
    with pytest.raises(BuildFailed) as failed:
        run(root)
    assert any("ai_training" in p.message and str(p.file).endswith("site.yaml") for p in failed.value.problems.errors)


def test_default_reservation_is_unchanged(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    run(root)
    assert not (root / "_site" / "ai-training").exists()
    assert "# Terms:" not in read(root, "robots.txt")

"""Content Credentials (C2PA) summary: who signed, what was done, and whether AI made it.

Generators often put the AI disclosure somewhere other than the active manifest's actions: in an
ingredient's manifest, or in vendor parameters ("com.adobe.digitalSourceType"). So source types
are collected from the whole manifest store, walked iteratively with a node limit. A manifest
that exists but says nothing about AI means "not AI-generated" (False), unless its claim
generator is a known image-generation service.
"""

from __future__ import annotations

import re
from typing import Any

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.iptc_xmp import IPTC_DST_PREFIX, apply_source_type, is_ai, most_telling
from generator.provenance.result import C2PASummary, Provenance

MAX_NODES = 50_000
ACTION_LABELS = ("c2pa.actions", "c2pa.actions.v2")
# Claim generators that are themselves image-generation services, with the name people know.
AI_SERVICES = (
    ("openai", "OpenAI"),
    ("microsoft_responsible_ai", "Microsoft Designer"),
    ("adobe_firefly", "Adobe Firefly"),
    ("midjourney", "Midjourney"),
    ("stability", "Stability AI"),
    ("google", "Google"),
)


def _walk(node: Any) -> list[tuple[str, Any]]:
    """Every (key, value) pair in a JSON document, bounded."""
    pairs: list[tuple[str, Any]] = []
    stack = [node]
    while stack and len(pairs) < MAX_NODES:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                pairs.append((str(key), value))
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return pairs


def source_types(store: dict[str, Any]) -> list[str]:
    """Every IPTC digital source type anywhere in the store, in document order, without repeats."""
    found: list[str] = []
    for key, value in _walk(store.get("manifests") or {}):
        if not isinstance(value, str):
            continue
        text = value.strip()
        telling = key.lower().endswith("digitalsourcetype") or text.startswith(IPTC_DST_PREFIX)
        if telling and text and text not in found:
            found.append(text)
    return found


def _agent_name(agent: Any) -> str | None:
    if isinstance(agent, str):
        return agent.strip() or None
    if isinstance(agent, dict) and isinstance(agent.get("name"), str):
        return agent["name"].strip() or None
    return None


def _claim_generator(manifest: dict[str, Any]) -> str | None:
    generator = manifest.get("claim_generator")
    if isinstance(generator, str) and generator.strip():
        return generator.strip()
    for info in manifest.get("claim_generator_info") or []:
        if isinstance(info, dict) and isinstance(info.get("name"), str):
            version = info.get("version")
            return f"{info['name']}/{version}" if isinstance(version, str) and version else info["name"]
    return None


def _actions(manifests: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    names: list[str] = []
    agents: list[str] = []
    for manifest in manifests:
        for assertion in manifest.get("assertions") or []:
            if not isinstance(assertion, dict) or assertion.get("label") not in ACTION_LABELS:
                continue
            data = assertion.get("data") if isinstance(assertion.get("data"), dict) else {}
            for action in data.get("actions") or []:
                if not isinstance(action, dict):
                    continue
                if isinstance(action.get("action"), str) and action["action"] not in names:
                    names.append(action["action"])
                found = [_agent_name(action.get("softwareAgent")), *_model_parameters(action.get("parameters"))]
                agents.extend(a for a in found if a and a not in agents)
    return names, agents


_MODEL_KEY = re.compile(r"(?:^|\.)model(?:id|version|name)?$", re.IGNORECASE)


def _model_parameters(parameters: Any) -> list[str]:
    """Model names a host app records in an action's vendor parameters (Adobe Firefly running a
    third-party model writes com.adobe.modelVersion/modelId); they name the model more exactly
    than the host app's claim generator does."""
    if not isinstance(parameters, dict):
        return []
    found = [value.strip() for key, value in parameters.items()
             if isinstance(key, str) and _MODEL_KEY.search(key) and isinstance(value, str) and value.strip()]
    kind = parameters.get("com.adobe.type")
    details = parameters.get("com.adobe.details")
    if isinstance(kind, str) and kind.startswith("remoteProvider") and isinstance(details, str) and details.strip():
        found.append(details.strip())
    return [name[:200] for name in found[:8]]


def _failures(store: dict[str, Any]) -> list[str]:
    codes: list[str] = []
    entries = list(store.get("validation_status") or [])
    results = store.get("validation_results")
    if isinstance(results, dict):
        active = results.get("activeManifest")
        if isinstance(active, dict):
            entries.extend(active.get("failure") or [])
        for ingredient in results.get("ingredientDeltas") or []:
            if isinstance(ingredient, dict) and isinstance(ingredient.get("validationDeltas"), dict):
                entries.extend(ingredient["validationDeltas"].get("failure") or [])
    for entry in entries:
        code = entry.get("code") if isinstance(entry, dict) else None
        if isinstance(code, str) and code not in codes:
            codes.append(code)
    return codes


def summarize(store: dict[str, Any], remote_url: str | None = None) -> C2PASummary:
    """The C2PASummary of a manifest store as c2pa-python's Reader.json() returns it."""
    manifests_by_label = store.get("manifests") if isinstance(store.get("manifests"), dict) else {}
    manifests = [m for m in manifests_by_label.values() if isinstance(m, dict)]
    active = manifests_by_label.get(store.get("active_manifest")) or (manifests[0] if manifests else {})
    signature = active.get("signature_info") if isinstance(active.get("signature_info"), dict) else {}
    actions, agents = _actions([active] + [m for m in manifests if m is not active])
    state = store.get("validation_state")
    title = active.get("title")
    return C2PASummary(
        claim_generator=_claim_generator(active),
        title=title if isinstance(title, str) else None,
        issuer=signature.get("issuer") if isinstance(signature.get("issuer"), str) else None,
        signed_at=signature.get("time") if isinstance(signature.get("time"), str) else None,
        actions=actions,
        software_agents=agents,
        digital_source_types=source_types(store),
        validation_state=state if isinstance(state, str) else None,
        validation_errors=_failures(store),
        manifest_count=len(manifests),
        remote_manifest_url=remote_url,
    )


def service_name(summary: C2PASummary) -> str | None:
    """The person-facing name of a known generation service behind the claim generator, if any."""
    generator = (summary.claim_generator or "").lower()
    for needle, name in AI_SERVICES:
        if needle in generator:
            if name == "OpenAI":
                agent = next((a for a in summary.software_agents if "gpt" in a.lower() or "dall" in a.lower()), None)
                return f"OpenAI {agent}" if agent else "OpenAI"
            return name
    return None


def remote_reference(value: str) -> str | None:
    """The remote manifest URL of XMP `dcterms:provenance`, or None.

    The same property holds `self#jumbf=/c2pa/...` when the manifest is embedded in this very file
    (the C2PA spec's URI for a JUMBF box inside the asset): that is a pointer inward, not a remote
    manifest, and must not make the badge say "stored remotely"."""
    value = value.strip()
    if not value or value.lower().startswith("self#jumbf"):
        return None
    return value[:2000]


class C2paParser:
    name = "c2pa"
    kind = "annotation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        remote = remote_reference(bag.xmp_fields.get("dcterms:provenance", ""))
        if bag.c2pa is None:
            if bag.c2pa_error is None and remote is None:
                return False
            result.c2pa = C2PASummary(remote_manifest_url=remote)
            if bag.c2pa_error:
                # A manifest is there but could not be read: that is a C2PA file with a problem,
                # not a file without metadata, and the reason is kept where the badge can show it.
                result.c2pa.validation_state = "Invalid"
                result.c2pa.validation_errors.append(bag.c2pa_error[:300])
                if result.format is None:
                    result.format = "c2pa"
            return True
        summary = summarize(bag.c2pa, remote)
        result.c2pa = summary
        service = service_name(summary)
        chosen = most_telling(summary.digital_source_types)
        if chosen is not None:
            apply_source_type(result, chosen)
        if result.ai_generated is None or (result.ai_generated is False and service):
            ai = any(is_ai(s) for s in summary.digital_source_types) or service is not None
            result.ai_generated = ai if summary.manifest_count else None
        if result.format is None:
            result.format = "c2pa"
            result.generator = service or summary.claim_generator
        return True


PARSER = C2paParser()

"""Which registry entry made this image, from what its metadata says.

Evidence is tried from the most to the least specific: a file hash, NovelAI's own model string, a
Civitai AIR URN, the model name (file name or alias), then C2PA software agents and claim generators,
then the generator itself. A guess from a family word in the name ("Illustrious", "pony") is offered
only alongside "unrated" and is never graded: a merge named "...Illustrious..." may carry any licence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from . import names
from .registry import Registry, load_registry


@dataclass
class Resolution:
    """The entry an image resolves to, how, and from which text (shown to the artist when unrated)."""

    model_id: str | None
    matched_by: str | None = None
    read: str | None = None
    guess: str | None = None
    notes: list[str] = field(default_factory=list)


# Service names in C2PA manifests: (pattern, model id, the text names a model rather than a host app).
# Software agents are checked before claim generators, and model names before host apps, because a
# host (Adobe Firefly, Microsoft Designer) may run a model that only one agent string names. Vendor-level matches are
# used only where every entry of that vendor has the same grade (all OpenAI and Google image models are
# closed services); Ideogram or Black Forest Labs also publish weights, so their name alone proves nothing.
_AGENTS: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), model_id, names_model) for pattern, model_id, names_model in (
        (r"gpt[-_ ]?image", "gpt-image-1", True),
        (r"dall[-·._ ]?e[-_ ]?3", "dall-e-3", True),
        (r"dall[-·._ ]?e[-_ ]?2", "dall-e-2", True),
        (r"nano[-_ ]?banana|gemini[-_ .0-9]*flash[-_ ]?image|gemini[-_ ]flash", "gemini-2.5-flash-image", True),
        (r"imagen[-_ ]?4", "imagen-4", True),
        (r"imagen[-_ ]?3", "imagen-3", True),
        (r"image creator|bing|microsoft[-_ ]designer", "dall-e-3", False),
        (r"firefly", "adobe-firefly", False),
    )
)
_CLAIM_GENERATORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), model_id) for pattern, model_id in (
        (r"adobe[-_ ]firefly", "adobe-firefly"),
        (r"microsoft[-_ ]responsible[-_ ]ai|microsoft[-_ ]designer|bing[-_ ]image[-_ ]creator", "dall-e-3"),
        (r"openai|chatgpt|gpt[-_ ]?image", "gpt-image-1"),
        (r"gemini|google[-_ ]ai|imagen", "gemini-2.5-flash-image"),
    )
)
_MIDJOURNEY = re.compile(r"(?:--v(?:ersion)?\s*|\bv\s*|^)([567])(?:\.\d)?\b", re.IGNORECASE)
# Family words for a flagged guess only, most specific first ("noobai" merges mention Illustrious too).
_GUESSES: tuple[tuple[str, str], ...] = (
    ("noobai", "noobai-xl-1.0"), ("illustrious", "illustrious-xl-v0.1"), ("pony", "pony-diffusion-v6-xl"),
    ("animagine", "animagine-xl-3.1"), ("juggernaut", "juggernaut-xl"), ("realvis", "realistic-vision"),
    ("realisticvision", "realistic-vision"), ("dreamshaper", "dreamshaper"), ("chroma", "chroma"),
    ("flux2", "flux2-dev"), ("schnell", "flux1-schnell"), ("flux", "flux1-dev"), ("sdxl", "sdxl-base-1.0"),
    ("sd15", "sd-v1-5"), ("sd35", "sd3.5-large"),
)
_AIR_FAMILIES = {"sdxl": "sdxl-base-1.0", "sd1": "sd-v1-5", "sd2": "sd-v2-1", "flux1": "flux1-dev",
                 "pony": "pony-diffusion-v6-xl", "illustrious": "illustrious-xl-v0.1", "noobai": "noobai-xl-1.0",
                 "sd3": "sd3-medium", "chroma": "chroma"}


def _is(generator: str | None, word: str) -> bool:
    return bool(generator) and word in generator.lower()


def _by_hash(registry: Registry, name: str | None, hash: str | None, generator: str | None) -> Resolution | None:
    candidates = [hash] if hash else []
    if name:
        candidates.append(names.split_title_hash(name)[1])
    for value in candidates:
        value = names.normalise_hash(value)
        if not value or (len(value) == 8 and _is(generator, "novelai")):
            continue  # NovelAI's 8-hex ids are its own, not A1111 legacy hashes
        found = registry.by_hash(value)
        if found:
            return Resolution(found[0], "hash", value, notes=[f"matched the {found[1]}"])
    return None


def _by_novelai(registry: Registry, name: str | None, hash: str | None) -> Resolution | None:
    text = " ".join(part for part in (name, hash) if part)
    model_id = registry.by_novelai(text) if text else None
    return Resolution(model_id, "novelai name", text) if model_id else None


def _by_air(registry: Registry, name: str) -> Resolution | None:
    air = names.parse_air(name)
    if air is None:
        return None
    model_id = registry.by_civitai(air["id"], air["version"]) if air["source"].lower() == "civitai" else None
    if model_id:
        return Resolution(model_id, "air urn", name)
    family = _AIR_FAMILIES.get(air["eco"].lower())
    note = f"Civitai {air['type']} {air['id']}@{air['version']} is not in the registry"
    return Resolution(None, None, name, guess=family, notes=[note + f"; its ecosystem is {air['eco']}"])


def _by_name(registry: Registry, name: str) -> Resolution | None:
    keys = names.name_keys(name)
    model_id = registry.by_file(keys)
    if model_id:
        return Resolution(model_id, "file name", name)
    model_id = registry.by_alias(keys)
    if model_id:
        return Resolution(model_id, "alias", name)
    model_id = registry.by_file(names.folder_prefix_keys(name))
    if model_id:
        return Resolution(model_id, "file name", name, notes=["folder prefix removed"])
    return None


def _by_c2pa(claim_generator: str | None, software_agents: Iterable[str]) -> Resolution | None:
    agents = [a[: names.MAX_NAME] for a in software_agents if isinstance(a, str) and a.strip()][:32]
    for want_model_name in (True, False):  # a named model beats the app that hosted it
        for agent in agents:
            for pattern, model_id, names_model in _AGENTS:
                if names_model == want_model_name and pattern.search(agent):
                    return Resolution(model_id, "software agent", agent)
    if claim_generator:
        text = claim_generator[: names.MAX_NAME]
        for pattern, model_id in _CLAIM_GENERATORS:
            if pattern.search(text):
                note = "the service is named, not its model version; all its image models in the registry are closed"
                return Resolution(model_id, "c2pa claim generator", text, notes=[note])
    return None


def _by_generator(generator: str | None, name: str | None) -> Resolution | None:
    if not _is(generator, "midjourney"):
        return None
    match = _MIDJOURNEY.search(name or "")
    if match:
        return Resolution(f"midjourney-v{match.group(1)}", "generator", f"{generator} {name}".strip())
    return Resolution("midjourney-v7", "generator", generator,
                      notes=["Midjourney version not recorded; every Midjourney version is a closed service"])


def _guess(name: str | None) -> str | None:
    key = names.compact(name or "")
    return next((model_id for word, model_id in _GUESSES if word in key), None)


def resolve_model(
    name: str | None,
    hash: str | None = None,
    *,
    c2pa_claim_generator: str | None = None,
    software_agents: Iterable[str] = (),
    generator: str | None = None,
    registry: Registry | None = None,
    extra_models: list | None = None,
    problems: list[str] | None = None,
) -> Resolution:
    """Resolve one image's model; problems in `extra_models` are appended to `problems` if given."""
    registry = registry or load_registry()
    if extra_models:
        registry, found = registry.with_extra(extra_models)
        if problems is not None:
            problems.extend(found)
    name = name.strip()[: names.MAX_NAME] if isinstance(name, str) and name.strip() else None
    hash = hash.strip()[:80] if isinstance(hash, str) and hash.strip() else None
    agents = tuple(a[: names.MAX_NAME] for a in software_agents if isinstance(a, str))[:32]
    claim = c2pa_claim_generator[: names.MAX_NAME] if isinstance(c2pa_claim_generator, str) else None
    generator = generator[: names.MAX_NAME] if isinstance(generator, str) else None
    key = ("resolve", name, hash, claim, agents, generator)
    cached = registry.memo.get(key) or registry.remember(key, _resolve(registry, name, hash, claim, agents, generator))
    return replace(cached, notes=list(cached.notes))


def _resolve(registry: Registry, name: str | None, hash: str | None, c2pa_claim_generator: str | None,
             software_agents: tuple[str, ...], generator: str | None) -> Resolution:
    result = _by_hash(registry, name, hash, generator)
    if result is None and _is(generator, "novelai"):
        result = _by_novelai(registry, name, hash)
    air = _by_air(registry, name) if result is None and name else None
    if air is not None and air.model_id:
        result = air
    if result is None and name and air is None:
        result = _by_name(registry, name)
    if result is None:
        result = _by_c2pa(c2pa_claim_generator, software_agents) or _by_generator(generator, name)
    if result is not None:
        if result.model_id in registry.user_ids:
            result.notes.append(f"from the site's own models ({result.matched_by})")
            result.matched_by = "user registry"
        return result
    if air is not None:
        return air
    read = " ".join(p for p in (name, f"[{hash}]" if hash else None) if p) or c2pa_claim_generator or generator
    return Resolution(None, None, read, guess=_guess(name))

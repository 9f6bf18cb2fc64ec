"""Checking model entries against the fact-table schema (FRAMEWORKS.md section 8).

The packaged data must pass strictly (a failure is an artsite bug); artists' own entries from site.yaml
pass leniently, with every problem returned as a sentence they can act on instead of an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator.openness.sources import split_source

from . import names

WEIGHTS = ("yes", "gated", "no", "unknown")
LICENCE_CLASSES = ("osi", "open-data", "rail", "custom-commercial", "noncommercial", "proprietary", "unknown")
DISCLOSURES = ("named_obtainable", "named", "vague", "undisclosed", "unknown")
TRAINING_CODE = ("yes", "partial", "no", "unknown")
DISTRIBUTIONS = ("open-weights", "fine-tune", "service")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}$")
GIVE_BACK_KEYS = ("repository", "donation", "citation")
# Sites that restate other people's facts. An entry marked `source_quality: primary` may cite none of them: a fact
# must come from its maker (model card, licence, repository, paper, the service's own pages).
AGGREGATOR_DOMAINS = (
    "toolkitbyai.com", "openlaboratory.ai", "bestofai.com", "jpshuntong.com", "wikipedia.org", "wikiwand.com",
    "grokipedia.com", "aimlapi.com", "vercel.com", "litellm.ai", "haimaker.ai", "openrouter.ai", "replicate.com",
    "fal.ai", "ofzenandcomputing.com", "rentry.org", "reddit.com", "medium.com/@", "toolify.ai", "futurepedia.io",
    "theresanaiforthat.com", "aitoolmall.com",
)
_HEX_LENGTHS = {"shorthash": 10, "legacy_hash": 8, "sha256": 64}


def _word(value: Any) -> Any:
    """YAML reads an unquoted yes/no as a boolean; the schema means the words."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def normalise_entry(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow copy with YAML booleans turned back into the schema's words."""
    out = dict(entry)
    for key in ("weights_available", "training_code", "inference_code"):
        if key in out:
            out[key] = _word(out[key])
    return out


def _str_list(entry: Mapping[str, Any], key: str, problems: list[str], where: str) -> None:
    value = entry.get(key)
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: {key} must be a list of strings")


def _check_enum(value: Any, allowed: tuple[str, ...], key: str, problems: list[str], where: str,
                required: bool) -> None:
    if value is None and not required:
        return
    if value not in allowed:
        problems.append(f"{where}: {key} is {value!r}, expected one of {', '.join(allowed)}")


def validate_entry(entry: Any, known_ids: Iterable[str], *, strict: bool = True) -> list[str]:
    """Problems with one entry, as readable strings (empty when it is usable).

    `strict` (the packaged data) requires every grade input to be present; users' entries may leave
    them out, which the grade then treats as unknown and marks unverified.
    """
    if not isinstance(entry, Mapping):
        return [f"model entry must be a mapping, got {type(entry).__name__}"]
    entry = normalise_entry(entry)
    ident = entry.get("id")
    where = f"model {ident!r}"
    problems: list[str] = []
    if not isinstance(ident, str) or not _ID.match(ident):
        problems.append(f"{where}: id must be a lower-case slug (letters, digits, '.', '_', '-')")
    if not isinstance(entry.get("canonical_name"), str) or not entry["canonical_name"].strip():
        problems.append(f"{where}: canonical_name is missing")
    sources = entry.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s.strip() for s in sources):
        problems.append(f"{where}: sources must be a non-empty list of strings (where each fact comes from)")
    _check_enum(entry.get("weights_available"), WEIGHTS, "weights_available", problems, where, strict)
    licence = entry.get("weights_license")
    if licence is not None and not isinstance(licence, Mapping):
        problems.append(f"{where}: weights_license must be a mapping with a 'class'")
    else:
        _check_enum((licence or {}).get("class"), LICENCE_CLASSES, "weights_license.class", problems, where, strict)
    _check_enum(entry.get("training_code"), TRAINING_CODE, "training_code", problems, where, strict)
    _check_enum(entry.get("distribution"), DISTRIBUTIONS, "distribution", problems, where, strict)
    data = entry.get("training_data")
    if data is not None and not isinstance(data, Mapping):
        problems.append(f"{where}: training_data must be a mapping with a 'disclosure'")
    else:
        _check_enum((data or {}).get("disclosure"), DISCLOSURES, "training_data.disclosure", problems, where, strict)
    code = entry.get("inference_code")
    if (code is not None or strict) and not isinstance(code, str):
        problems.append(f"{where}: inference_code must be text starting with yes, no or unknown")
    code_licence = entry.get("inference_code_license")
    if code_licence is not None and (not isinstance(code_licence, Mapping)
                                     or code_licence.get("osi_approved") not in (True, False, None)):
        problems.append(f"{where}: inference_code_license.osi_approved must be true, false or null")
    papers = entry.get("paper_or_report")
    if (papers is not None or strict) and not isinstance(papers, list):
        problems.append(f"{where}: paper_or_report must be a list (empty when none)")
    for key in ("checkpoint_files", "aliases", "novelai_sources", "civitai_versions"):
        _str_list(entry, key, problems, where)
    problems.extend(_hash_problems(entry.get("a1111_hashes"), where))
    problems.extend(_credit_problems(entry, where, set(known_ids)))
    base = entry.get("base_model_id")
    if base is not None and (base == ident or base not in set(known_ids)):
        problems.append(f"{where}: base_model_id {base!r} is not a known model id")
    return problems


def _https(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("https://") and " " not in value.strip()


def aggregator_in(url: str) -> str | None:
    """The aggregator domain a source URL belongs to, if any."""
    host_and_path = url.split("://", 1)[-1].lower()
    host = host_and_path.split("/", 1)[0]
    for domain in AGGREGATOR_DOMAINS:
        if "/" in domain and host_and_path.startswith(domain):
            return domain
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def _credit_problems(entry: Mapping[str, Any], where: str, known_ids: set[str]) -> list[str]:
    """The fields credits and model pages read (issue 17): links, give-back, wrapper disclosure, source quality."""
    problems: list[str] = []
    if entry.get("homepage") is not None and not _https(entry["homepage"]):
        problems.append(f"{where}: homepage must be an https:// URL")
    give_back = entry.get("give_back")
    if give_back is not None:
        if not isinstance(give_back, Mapping) or set(give_back) - set(GIVE_BACK_KEYS):
            problems.append(f"{where}: give_back must be a mapping of {', '.join(GIVE_BACK_KEYS)}")
        else:
            for key in ("repository", "donation"):
                if give_back.get(key) is not None and not _https(give_back[key]):
                    problems.append(f"{where}: give_back.{key} must be an https:// URL")
            if give_back.get("citation") is not None and not isinstance(give_back["citation"], str):
                problems.append(f"{where}: give_back.citation must be text")
    for key in ("discloses", "does_not_disclose", "builds_on_ids"):
        _str_list(entry, key, problems, where)
    for base in entry.get("builds_on_ids") or []:
        if isinstance(base, str) and base not in known_ids:
            problems.append(f"{where}: builds_on_ids names {base!r}, which is not a known model id")
    if entry.get("builds_on") is not None and not isinstance(entry["builds_on"], str):
        problems.append(f"{where}: builds_on must be text")
    quality = entry.get("source_quality")
    if quality is not None:
        if quality != "primary":
            problems.append(f"{where}: source_quality is {quality!r}; only 'primary' is defined")
        for source in entry.get("sources") or []:
            address = split_source(source)[0] if isinstance(source, str) else None  # "https://... (Title)"
            if not _https(address):
                problems.append(f"{where}: a primary-sourced entry cites only https:// URLs, not {source!r}")
            elif aggregator_in(address):
                problems.append(f"{where}: {address} is an aggregator ({aggregator_in(address)}), not a primary source")
    return problems


def _hash_problems(hashes: Any, where: str) -> list[str]:
    if hashes is None:
        return []
    if not isinstance(hashes, list) or not all(isinstance(h, Mapping) for h in hashes):
        return [f"{where}: a1111_hashes must be a list of mappings"]
    problems = []
    for item in hashes:
        for key, length in _HEX_LENGTHS.items():
            value = item.get(key)
            if value is None:
                continue
            text = str(value).strip()
            if len(text) != length or names.normalise_hash(text) is None:
                problems.append(f"{where}: a1111_hashes {key} {value!r} is not {length} hex digits")
    return problems

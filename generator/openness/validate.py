"""Checking model entries against the fact-table schema (FRAMEWORKS.md section 8).

The packaged data must pass strictly (a failure is an artsite bug); artists' own entries from site.yaml
pass leniently, with every problem returned as a sentence they can act on instead of an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from . import names

WEIGHTS = ("yes", "gated", "no", "unknown")
LICENCE_CLASSES = ("osi", "open-data", "rail", "custom-commercial", "noncommercial", "proprietary", "unknown")
DISCLOSURES = ("named_obtainable", "named", "vague", "undisclosed", "unknown")
TRAINING_CODE = ("yes", "partial", "no", "unknown")
DISTRIBUTIONS = ("open-weights", "fine-tune", "service")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}$")
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
    base = entry.get("base_model_id")
    if base is not None and (base == ident or base not in set(known_ids)):
        problems.append(f"{where}: base_model_id {base!r} is not a known model id")
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

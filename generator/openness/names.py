"""Turning the model strings that images and UIs write into lookup keys.

The same checkpoint reaches an image under many spellings: a folder in front ("Flux/flux1-dev-fp8",
Windows back-slashes, or A1111's "folder_file" flattening), a file extension, a precision or pruning
suffix added by whoever converted it ("-fp16", "-pruned-emaonly", "_0.9vae"), and free casing and
punctuation ("FLUX.1-dev", "flux1-dev"). Keys therefore drop punctuation and case, and variant suffixes
are stripped only as whole trailing tokens, so that "sd_xl_turbo" never shrinks to "sd_xl" and
"flux1-krea-dev" stays apart from "flux1-dev". Every function here is pure and bounded, because the
input is untrusted metadata.
"""

from __future__ import annotations

import re

MAX_NAME = 512  # longer "model names" are not names; cut them before any regex runs

EXTENSIONS = (".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft", ".onnx")

# Whole trailing tokens that mark a conversion of the same weights, never a different model.
VARIANT_TOKENS = frozenset({
    "fp8", "fp16", "fp32", "bf16", "fp4", "nf4", "int8", "int4", "e4m3fn", "e4m3fnuz", "e5m2", "scaled",
    "pruned", "emaonly", "ema", "nonema", "noema", "0.9vae", "fixedvae", "fp16fix", "half", "float16", "float32",
})
_TOKEN_SPLIT = re.compile(r"[-_\s]+")
_GGUF_QUANT = re.compile(r"[-_.](?:q\d(?:_[a-z0-9]+)*|iq\d(?:_[a-z0-9]+)*)$", re.IGNORECASE)
_TITLE_HASH = re.compile(r"\s*\[([0-9a-fA-F]{8,64})\]\s*$")
_PAREN = re.compile(r"\s*\([^()]*\)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_HEX = re.compile(r"^[0-9a-f]+$")
_AIR = re.compile(
    r"^urn:air:(?P<eco>[a-z0-9_.-]+):(?P<type>[a-z0-9_.-]+):(?P<source>[a-z0-9_.-]+):"
    r"(?P<id>[^@\s.]+)(?:@(?P<version>[^\s.]+))?(?:\.[a-z0-9]+)?$",
    re.IGNORECASE,
)


_GREEK = str.maketrans({"α": "alpha", "σ": "sigma", "ς": "sigma"})


def compact(text: str) -> str:
    """Lower-case alphanumerics only: the key every name, alias and file is compared by.

    Greek letters are spelled out because model names use them ("PixArt-α" and "PixArt-Σ" would
    otherwise both become "pixart").
    """
    return _NON_ALNUM.sub("", text[:MAX_NAME].lower().translate(_GREEK))


def split_title_hash(raw: str) -> tuple[str, str | None]:
    """A1111 checkpoint titles end in "[hash]"; split it off so name and hash are matched separately."""
    match = _TITLE_HASH.search(raw)
    if match:
        return raw[: match.start()], match.group(1)
    return raw, None


def basename(raw: str) -> str:
    """Strip folders, whichever slash the tool wrote."""
    return re.split(r"[\\/]", raw.rstrip("\\/"))[-1]


def strip_extension(name: str) -> str:
    lower = name.lower()
    for ext in EXTENSIONS:
        if lower.endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)]
    return name


def strip_variants(stem: str) -> str:
    """Drop trailing conversion tokens ("-pruned-emaonly-fp16"), keeping at least one real token."""
    stem = _GGUF_QUANT.sub("", stem)
    tokens = [t for t in _TOKEN_SPLIT.split(stem) if t]
    while len(tokens) > 1 and tokens[-1].lower() in VARIANT_TOKENS:
        tokens.pop()
    return "-".join(tokens)


def strip_comment(text: str) -> str:
    """Registry aliases carry remarks in parentheses ("dall-e-3 (API model id)"); keep the name."""
    return _PAREN.sub("", text).strip()


def name_keys(raw: str) -> list[str]:
    """Lookup keys for a model string, most literal first, without duplicates."""
    raw = raw.strip()[:MAX_NAME]
    raw, _ = split_title_hash(raw)
    keys: list[str] = []
    for candidate in (raw, basename(raw)):
        stem = strip_extension(candidate)
        for form in (stem, strip_variants(stem)):
            key = compact(form)
            if key and key not in keys:
                keys.append(key)
    return keys


def folder_prefix_keys(raw: str, max_strip: int = 3, min_len: int = 8) -> list[str]:
    """Keys for A1111's flattened "folder_file" names ("realistic_realisticVisionV20_v20").

    A1111 replaces path separators with "_" in the Model field, so the folder can only be guessed by
    dropping leading "_" segments; callers must use these keys only against file names, not aliases.
    """
    stem = strip_extension(basename(split_title_hash(raw.strip()[:MAX_NAME])[0]))
    parts = stem.split("_")
    keys: list[str] = []
    for cut in range(1, min(max_strip, len(parts) - 1) + 1):
        rest = "_".join(parts[cut:])
        for form in (rest, strip_variants(rest)):
            key = compact(form)
            if len(key) >= min_len and key not in keys:
                keys.append(key)
    return keys


def normalise_hash(raw: str | None) -> str | None:
    """Lower-case hex of a recognised length (8, 10 or 64), else None."""
    if not raw:
        return None
    value = raw.strip()[:80].lower()
    if value.startswith("0x"):
        value = value[2:]
    if len(value) in (8, 10, 64) and _HEX.match(value):
        return value
    return None


def parse_air(raw: str) -> dict[str, str] | None:
    """Civitai AIR URN parts (ecosystem, type, source, id, version), or None when it is not one."""
    match = _AIR.match(raw.strip()[:MAX_NAME])
    if not match:
        return None
    return {k: (v or "") for k, v in match.groupdict().items()}

"""Small helpers every extractor shares: bounded text decoding and first-wins storage.

Untrusted metadata may be megabytes long or claim any encoding, so every value goes through
`store`, which truncates at the bag's limit (with a warning) and keeps the first occurrence of a
key, the way PNG readers treat duplicate keywords.
"""

from __future__ import annotations

import zlib

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag


def store(bag: MetadataBag, mapping: dict[str, str], key: str, value: str, where: str) -> None:
    """Keep `value` under `key` unless already present; cut it at the bag's text limit."""
    if not key or key in mapping or not value:
        return
    if len(value) > MAX_TEXT_BYTES:
        bag.warnings.append(f"{where} {key!r}: text longer than {MAX_TEXT_BYTES} bytes was truncated")
        value = value[:MAX_TEXT_BYTES]
    mapping[key] = value


def decode_text(raw: bytes) -> str:
    """UTF-8 when it is valid (most tools write it even where the spec says ASCII), else latin-1."""
    raw = raw.strip(b"\x00")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def inflate(raw: bytes, bag: MetadataBag, where: str, limit: int = MAX_TEXT_BYTES) -> bytes | None:
    """zlib-decompress at most `limit` bytes, so a zip bomb costs nothing; None when broken."""
    try:
        inflater = zlib.decompressobj()
        out = inflater.decompress(raw, limit)
    except zlib.error as exc:
        bag.warnings.append(f"{where}: cannot decompress ({exc})"[:300])
        return None
    if inflater.unconsumed_tail:
        bag.warnings.append(f"{where}: decompressed text longer than {limit} bytes was truncated")
    return out


def set_xmp(bag: MetadataBag, raw: bytes, where: str) -> None:
    """Keep the first XMP packet found, bounded."""
    if bag.xmp is not None or not raw:
        return
    if len(raw) > MAX_TEXT_BYTES:
        bag.warnings.append(f"{where}: XMP packet longer than {MAX_TEXT_BYTES} bytes was ignored")
        return
    bag.xmp = raw.decode("utf-8", errors="replace").strip("\x00")

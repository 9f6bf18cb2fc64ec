"""C2PA / Content Credentials manifest stores, read with c2pa-python, strictly offline.

c2pa-python is imported only when a container actually carries a JUMBF manifest (PNG caBX
chunk, JPEG APP11, WebP C2PA chunk), so plain images never pay for loading the native library.
The reader runs with remote-manifest and OCSP fetching off and no allowed network hosts: a
build must never reach the network because of a file's contents. Trust is checked against the
trust anchors the site configures (`provenance: {trust_anchors: FILE}`), none by default, which
is why real files come back "untrusted" rather than "trusted" unless the artist supplies the
C2PA trust list.
"""

from __future__ import annotations

import io
import json
import sys
import types
from functools import lru_cache
from typing import Any

from generator.provenance.bag import MAX_TEXT_BYTES, MetadataBag
from generator.provenance.extractors._containers import jpeg_segments, png_chunks, riff_chunks

MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif",
        "tiff": "image/tiff", "gif": "image/gif", "mp4": "video/mp4"}
OFFLINE_SETTINGS: dict[str, Any] = {
    "verify": {
        "verify_after_reading": True,
        "verify_trust": True,
        "verify_timestamp_trust": True,
        "remote_manifest_fetch": False,
        "ocsp_fetch": False,
    },
    "core": {"allowed_network_hosts": []},
}


def has_manifest(data: bytes, container: str) -> bool:
    """Whether the container holds an embedded JUMBF manifest store (headers only, no scan)."""
    if container == "png":
        return any(ctype == b"caBX" for ctype, _, _ in png_chunks(data))
    if container == "jpeg":
        return any(marker == 0xEB and (b"jumb" in data[start:end] or b"c2pa" in data[start:end])
                   for marker, start, end in jpeg_segments(data))
    if container == "webp":
        return any(fourcc == b"C2PA" for fourcc, _, _ in riff_chunks(data))
    if container in ("avif", "tiff", "gif"):
        return b"c2pa" in data[:MAX_TEXT_BYTES]
    return container == "mp4"  # the manifest's uuid box may follow the frames: c2pa-python looks


_trust_anchors: str | None = None


def configure_trust(anchors_pem: str | None) -> None:
    """Trust these PEM root certificates when validating signers (None: trust nothing)."""
    global _trust_anchors
    if anchors_pem != _trust_anchors:
        _trust_anchors = anchors_pem
        _context.cache_clear()


def trust_fingerprint() -> str:
    """Part of every cache key for provenance: a different trust list gives different verdicts."""
    import hashlib

    return hashlib.sha256((_trust_anchors or "").encode()).hexdigest()[:16]


def import_c2pa() -> Any:
    """c2pa-python, imported on first use: a native library, loaded only for files that carry
    a manifest.

    Its package `__init__` asks `importlib.metadata` for its own version, and importing
    `importlib.metadata` (email, zipfile, socket, ...) costs more than loading the native library
    itself, about 40 ms of a 0.3 s run. artsite never reads that version, so when nothing in the
    process has imported `importlib.metadata` yet, a module without `version` stands in for it
    during the import only: c2pa's own `except ImportError` then sets its version to "unknown".
    The stand-in is removed at once, so a later `import importlib.metadata` gets the real one."""
    if "c2pa" in sys.modules or "importlib.metadata" in sys.modules:
        import c2pa

        return c2pa
    sys.modules["importlib.metadata"] = types.ModuleType("importlib.metadata")
    try:
        import c2pa
    except ImportError:  # a c2pa-python that needs its version after all: pay for the real module
        sys.modules.pop("importlib.metadata", None)
        for name in [m for m in sys.modules if m == "c2pa" or m.startswith("c2pa.")]:
            del sys.modules[name]
        import c2pa
    finally:
        if not hasattr(sys.modules.get("importlib.metadata"), "version"):  # the stand-in, never the real one
            sys.modules.pop("importlib.metadata", None)
    return c2pa


@lru_cache(maxsize=1)
def _context() -> Any:
    c2pa = import_c2pa()

    settings = dict(OFFLINE_SETTINGS)
    if _trust_anchors:
        settings["trust"] = {"trust_anchors": _trust_anchors}
    return c2pa.Context.from_dict(settings)


def read_manifest_store(data: bytes, container: str, path: str | None = None) -> dict[str, Any]:
    """The manifest store as c2pa-python's Reader.json() gives it (raises on failure). A video
    is read from its path: only its head is in `data`."""
    c2pa = import_c2pa()

    stream = open(path, "rb") if container == "mp4" and path else io.BytesIO(data)  # noqa: SIM115
    with stream:
        return _read_store(c2pa, stream, container)


def _read_store(c2pa: Any, stream: Any, container: str) -> dict[str, Any]:
    reader = c2pa.Reader(MIME.get(container, "application/octet-stream"), stream, context=_context())
    try:
        store = json.loads(reader.json())
        state = reader.get_validation_state()
        if state and isinstance(store, dict):
            store.setdefault("validation_state", state)
        return store if isinstance(store, dict) else {}
    finally:
        reader.close()


class C2paExtractor:
    name = "c2pa"
    order = 600

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if not has_manifest(data, bag.container):
            return
        try:
            bag.c2pa = read_manifest_store(data, bag.container, bag.path)
        except Exception as exc:
            if bag.container == "mp4" and "ManifestNotFound" in type(exc).__name__:
                return  # most videos carry no Content Credentials; looking is how we know  # c2pa raises its own error types for every kind of damage
            bag.c2pa_error = f"{type(exc).__name__}: {exc}"[:500]
            bag.warnings.append(f"c2pa: manifest present but unreadable ({bag.c2pa_error})"[:500])


EXTRACTOR = C2paExtractor()

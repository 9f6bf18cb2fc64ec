"""Where metadata lives, decoded but not yet interpreted.

Extractors fill a `MetadataBag` from the file's bytes; parsers read the bag and never touch the
file. Keeping *where* apart from *what* means a new container (say, AVIF) is one new extractor and
every existing parser benefits, and a new tool is one new parser that works in every container.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Hard bounds on untrusted input. A text value above this is truncated and a warning is recorded;
# parsers may rely on never seeing more.
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_JSON_DEPTH = 64


@dataclass
class MetadataBag:
    """Raw metadata found in one file, keyed by where it came from.

    - `container` is sniffed from the bytes, never from the file name (JPEGs hide behind `.png`).
    - `text`: PNG tEXt/zTXt/iTXt chunks by keyword (before or after IDAT), first occurrence wins.
    - `exif`: decoded EXIF text fields by tag name: "UserComment", "Make", "Model",
      "ImageDescription", "Software", "Artist", "Copyright", ... (from JPEG APP1, WebP EXIF or a
      PNG eXIf chunk).
    - `xmp`: the raw XMP packet; `xmp_fields` the same flattened to "prefix:LocalName" -> text
      (e.g. "Iptc4xmpExt:DigitalSourceType", "dc:description", "exif:UserComment").
    - `iptc`: IPTC-IIM datasets from a JPEG APP13 block, by name ("Caption-Abstract", ...).
    - `comment`: a JPEG COM segment (some web services and Gradio apps put their JSON record there).
    - `stealth`: text recovered from alpha-channel bits, only when nothing else was found.
    - `c2pa`: the manifest store as JSON (c2pa-python's `Reader.json()`), when one is present;
      `c2pa_error` when one is present but could not be read.
    """

    path: str
    container: str = "unknown"
    width: int | None = None
    height: int | None = None
    has_alpha: bool = False
    text: dict[str, str] = field(default_factory=dict)
    exif: dict[str, str] = field(default_factory=dict)
    xmp: str | None = None
    xmp_fields: dict[str, str] = field(default_factory=dict)
    iptc: dict[str, str] = field(default_factory=dict)
    comment: str | None = None
    stealth: str | None = None
    c2pa: dict[str, Any] | None = None
    c2pa_error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when no extractor found anything a parser could use."""
        return not (self.text or self.exif or self.xmp or self.iptc or self.comment or self.stealth or self.c2pa)

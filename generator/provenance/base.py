"""The two small interfaces every reader implements, and the errors they may raise.

An *extractor* knows a container (PNG chunks, EXIF, XMP, ...) and fills the `MetadataBag`.
A *parser* knows one tool's format and turns the bag into `Provenance` fields.

Each lives in its own module under `extractors/` or `parsers/` and exposes a module-level
`EXTRACTOR` or `PARSER` instance; the registry discovers them and sorts them by `order`, so adding
a tool is adding one file. The order is explicit because formats overlap: NovelAI and Fooocus
also write a "parameters"-like chunk, so they must be tried before the A1111 text parser.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from generator.provenance.bag import MetadataBag
from generator.provenance.result import Provenance


class NotMyFormat(Exception):
    """The parser does not recognise this metadata; the next parser is tried."""


class BrokenFormat(Exception):
    """The parser recognised its format but the data is damaged.

    The message becomes a warning on the file (naming what was broken); the next parser is
    tried, so a half-broken record never stops a build.
    """


class Extractor(Protocol):
    """Finds raw metadata in a container. Must never raise, never decode pixels (except the
    stealth extractor), and must bound every length it reads."""

    name: ClassVar[str]
    order: ClassVar[int]

    def extract(self, data: bytes, bag: MetadataBag) -> None: ...


class Parser(Protocol):
    """Turns one tool's format into Provenance fields.

    `kind` is "generation" (first match wins: A1111, ComfyUI, ...) or "annotation" (always run
    after the generation parser and add disclosure fields: C2PA, IPTC/XMP digital source type).
    `parse` returns False (or raises NotMyFormat) when the bag is not its format, True when it
    filled `result`; it raises BrokenFormat when the format is recognised but damaged.
    """

    name: ClassVar[str]
    kind: ClassVar[str]

    def parse(self, bag: MetadataBag, result: Provenance) -> bool: ...

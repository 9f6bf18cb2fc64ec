"""The resource ledger for every record: the checkpoint and LoRAs any reader found.

Readers that know more places (A1111 settings, ComfyUI loaders, Civitai lists) fill
`Provenance.resources` themselves through `_resources`; this annotation runs last and makes sure
every other record (NovelAI, Fooocus, Draw Things, ...) lists at least its model and LoRAs, and
that a checkpoint or LoRA a specific reader reported is never missing from the ledger.
"""

from __future__ import annotations

from typing import ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._resources import from_result
from generator.provenance.result import Provenance


class ResourceLedger:
    name: ClassVar[str] = "resources"
    kind: ClassVar[str] = "annotation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        if result.model is None and not result.loras:
            return False
        before = len(result.resources)
        from_result(result.model, result.loras, result.reader or result.format or "record", result.resources)
        kinds = {"checkpoint": 0}
        # keep the checkpoint first: credits read the ledger top-down
        result.resources.sort(key=lambda r: kinds.get(r.kind, 1))
        return len(result.resources) > before


PARSER = ResourceLedger()

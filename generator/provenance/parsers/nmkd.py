"""NMKD Stable Diffusion GUI: its own JSON record in a PNG text chunk named for the backend.

The GUI (n00mkrad/text2image-gui) writes one tEXt chunk whose keyword says which engine ran:
`Nmkdiffusers` (1.9, its diffusers backend: every value a string, `"steps": "30"`) or
`GenerationInfo` / `GenerationInfoJson` (1.10+, its ComfyUI backend: `ComfyData.GenerationInfo.
GetMetadataDict()`, numbers as numbers, `loras` as `{name: weight}`). The keys are its own
(`promptNeg`, `scaleTxt`, `scaleImg`, `refineFrac`, `w`/`h`, `upscaleW`/`upscaleH`), which the
generic JSON reader only half understands: without this parser the negative prompt and the CFG
scale are lost and the tool goes unnamed. Its older InvokeAI backend wrote InvokeAI's own `Dream`
and `sd-metadata` chunks, which the InvokeAI parser reads.
"""

from __future__ import annotations

from typing import Any, ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._settings import read_mapping
from generator.provenance.result import Provenance
from generator.provenance.safejson import load_json, looks_like_json_object

KEYWORDS = ("Nmkdiffusers", "GenerationInfo", "GenerationInfoJson")
GENERATOR = "NMKD Stable Diffusion GUI"
# NMKD's names -> the usual ones `read_mapping` knows (PascalCase is the serialised class itself).
RENAME = {"promptNeg": "negative_prompt", "NegativePrompt": "negative_prompt", "scaleTxt": "cfg_scale",
          "Scale": "cfg_scale", "BaseResolution": "size", "Loras": "loras"}
# Settings that are defaults or empty unless the user used the feature: not worth an extras line.
EMPTY = ("", "0", "0.0", "None", "null")


def _record(bag: MetadataBag) -> tuple[str, dict[str, Any]] | None:
    for keyword in KEYWORDS:
        text = bag.text.get(keyword)
        if text and looks_like_json_object(text):
            data = load_json(text)
            if isinstance(data, dict):
                return keyword, data
    return None


class NmkdParser:
    """NMKD Stable Diffusion GUI's `Nmkdiffusers` / `GenerationInfo` record."""

    name: ClassVar[str] = "nmkd"
    kind: ClassVar[str] = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        found = _record(bag)
        if found is None:
            return False
        keyword, data = found
        renamed = {RENAME.get(key, key): value for key, value in data.items() if isinstance(key, str)}
        settings = read_mapping(renamed)
        if not settings.is_generation():
            return False
        settings.extras = {key: value for key, value in settings.extras.items() if value not in EMPTY}
        settings.fill(result)
        result.format = "nmkd"
        result.generator = GENERATOR
        result.extras.setdefault("Record", f"png:{keyword}")
        return True


PARSER = NmkdParser()

"""Draw Things (iOS/macOS): a JSON record in XMP exif:UserComment, A1111-like text in dc:description.

The JSON is the authoritative record: "c" prompt, "uc" negative prompt, "model", "seed",
"steps", "scale" (CFG), "sampler", "size" ("WxH"), "lora" [{"file", "weight"}], "strength"...
Everything else it holds goes to extras as text, so nothing the app wrote is lost.
"""

from __future__ import annotations

from typing import Any

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._a1111_text import parse_size, to_float, to_int
from generator.provenance.result import LoraRef, ModelRef, Provenance
from generator.provenance.safejson import load_json, looks_like_json_object

HANDLED = {"c", "uc", "model", "seed", "steps", "scale", "sampler", "size", "lora"}
MAX_EXTRA = 2000


def _record(bag: MetadataBag) -> dict[str, Any] | None:
    comment = bag.xmp_fields.get("exif:UserComment")
    creator = bag.xmp_fields.get("xmp:CreatorTool", "")
    if not looks_like_json_object(comment):
        return None
    if "draw things" not in creator.lower() and '"c"' not in (comment or "")[:4096]:
        return None
    data = load_json(comment or "")
    if not isinstance(data, dict) or not ("c" in data and ("sampler" in data or "scale" in data or "model" in data)):
        return None
    return data



def _loras(value: Any) -> list[LoraRef]:
    loras = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and isinstance(item.get("file"), str) and item["file"]:
            loras.append(LoraRef(name=item["file"], weight=to_float(item.get("weight"))))
    return loras


class DrawThingsParser:
    name = "drawthings"
    kind = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        data = _record(bag)
        if data is None:
            return False
        result.format = "drawthings"
        result.generator = "Draw Things"
        result.prompt = str(data["c"]) if data.get("c") is not None else None
        result.negative_prompt = str(data["uc"]) if data.get("uc") not in (None, "") else None
        if isinstance(data.get("model"), str) and data["model"]:
            result.model = ModelRef(name=data["model"])
        result.seed = to_int(data.get("seed"))
        result.steps = to_int(data.get("steps"))
        result.cfg = to_float(data.get("scale"))
        result.sampler = str(data["sampler"]) if data.get("sampler") is not None else None
        result.width, result.height = parse_size(str(data.get("size") or ""))
        result.loras = _loras(data.get("lora"))
        result.ai_generated = True
        for key, value in data.items():
            if key not in HANDLED and value is not None:
                result.extras[str(key)] = str(value)[:MAX_EXTRA]
        if bag.xmp_fields.get("dc:description"):
            result.extras.setdefault("description", bag.xmp_fields["dc:description"][:MAX_EXTRA])
        return True


PARSER = DrawThingsParser()

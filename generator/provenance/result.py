"""The provenance record: what one image says about how it was made.

Every reader produces a `Provenance`. It is a plain dataclass so that the build, the badge, the
sidecar JSON and the CLI all share one shape. Values are kept exactly as the tool wrote them
(sampler names, model file names, prompts): normalising would lose information the artist may
want to show, and the raw text is kept too so nothing is ever lost when a parser is incomplete.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The `format` values of the output contract (../shared/corpus/README.md), then the families the
# fallback readers report for tools without a parser of their own (docs/provenance.md).
FORMATS = (
    "a1111", "comfyui", "novelai", "invokeai", "fooocus", "swarmui",
    "easydiffusion", "drawthings", "midjourney", "c2pa", "xmp",
    "diffusers", "json", "keyvalue",
)


@dataclass
class ModelRef:
    """A checkpoint as the tool named it; `hash` is whatever short or full hash the tool wrote."""

    name: str | None
    hash: str | None = None


@dataclass
class LoraRef:
    """A LoRA (or LyCORIS, embedding-like adapter) applied to the main pass."""

    name: str
    weight: float | None = None
    hash: str | None = None


# What a resource was used as. "lycoris" covers LoCon/LoHa/LoKr, which tools list beside LoRAs.
RESOURCE_KINDS = (
    "checkpoint", "lora", "lycoris", "embedding", "hypernetwork", "upscaler", "controlnet",
    "ipadapter", "vae", "other",
)


@dataclass
class ResourceRef:
    """One model file a generation used: the checkpoint and everything layered on it.

    `loras` keeps the output contract's narrow view; `resources` is the full ledger that credits
    and openness grading are built on. `air` is a Civitai AIR URN
    (urn:air:{ecosystem}:{type}:{source}:{id}@{version}) when the file names one; `where` says which
    record it was read from, so a credit can be traced to the bytes.
    """

    kind: str
    name: str
    weight: float | None = None
    hash: str | None = None
    air: str | None = None
    where: str | None = None


@dataclass
class C2PASummary:
    """The parts of a Content Credentials manifest store that a reader of the badge cares about.

    `validation_state` follows c2pa-python: "Valid", "Trusted" or "Invalid" (None when the
    library could not judge). `digital_source_types` collects every IPTC source type found anywhere
    in the chain (active manifest, ingredients, vendor parameters), because generators often put
    the AI disclosure only in an ingredient.
    """

    claim_generator: str | None = None
    title: str | None = None
    issuer: str | None = None
    signed_at: str | None = None
    actions: list[str] = field(default_factory=list)
    software_agents: list[str] = field(default_factory=list)
    digital_source_types: list[str] = field(default_factory=list)
    validation_state: str | None = None
    validation_errors: list[str] = field(default_factory=list)
    manifest_count: int = 0
    remote_manifest_url: str | None = None


@dataclass
class Provenance:
    """Everything one image's embedded metadata says about its making.

    Fields describe the *main* generation pass. `width`/`height` are the generation size, which
    differs from the pixel size when the image was cropped or upscaled. `ai_generated` is None
    when nothing in the file says either way: "unknown" must stay unknown.
    """

    file: str
    format: str | None = None
    generator: str | None = None
    model: ModelRef | None = None
    loras: list[LoraRef] = field(default_factory=list)
    resources: list[ResourceRef] = field(default_factory=list)
    seed: int | None = None
    steps: int | None = None
    sampler: str | None = None
    scheduler: str | None = None
    cfg: float | None = None
    width: int | None = None
    height: int | None = None
    prompt: str | None = None
    negative_prompt: str | None = None
    ai_generated: bool | None = None
    digital_source_type: str | None = None
    c2pa: C2PASummary | None = None
    reader: str | None = None
    extras: dict[str, str] = field(default_factory=dict)
    workflow: str | None = None
    raw: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def found(self) -> bool:
        """True when the file carried any generation or disclosure record at all."""
        return bool(self.format or self.c2pa or self.digital_source_type or self.ai_generated is not None)

    def to_json(self) -> dict[str, Any]:
        """The output contract of `artsite provenance --json`, plus artsite's extra keys."""
        data = asdict(self)
        if self.error is None:
            data.pop("error")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        """Rebuild a record from `to_json` output (the build caches provenance as JSON)."""
        values = dict(data)
        model = values.get("model")
        values["model"] = ModelRef(**model) if isinstance(model, dict) else None
        values["loras"] = [LoraRef(**x) for x in values.get("loras") or []]
        values["resources"] = [ResourceRef(**x) for x in values.get("resources") or []]
        c2pa = values.get("c2pa")
        values["c2pa"] = C2PASummary(**c2pa) if isinstance(c2pa, dict) else None
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})

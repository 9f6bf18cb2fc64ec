"""Built-in plugin: how each work was made, read from its file and shown honestly.

It reads every work's embedded metadata once per content hash (cached), attaches the result and
the AI disclosure to the work, adds automatic provenance tags, puts an `ImageObject` with its
digital source type into the work page's JSON-LD, and writes `/provenance.json`. Prompt and
workflow visibility is decided here, once, so no output can disagree with the artist's choice.
"""

from __future__ import annotations

import json
import sys
import weakref
from typing import TYPE_CHECKING, Any

from generator.content.model import Page
from generator.plugins.api import Plugin, pure, stable_hash
from generator.provenance import glossary
from generator.provenance.disclosure import EVIDENCE_TEXT, a1111_parameters, disclose
from generator.provenance.glossary import (
    GLOSSARY_URL,
    SETTINGS,
    evidence_meaning,
    records_settings,
    source_type_words,
)
from generator.provenance.reader import read_provenance
from generator.provenance.result import Provenance

C2PA_READER = "generator.provenance.extractors.c2pa"

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.galleries.model import Work
    from generator.pipeline.site import Site
    from generator.pipeline.writer import OutputWriter

READER_VERSION = "1"
SIDECAR = "provenance.json"
MAX_SHOWN_TEXT = 8000  # prompts longer than this are cut on the page (the sidecar keeps the limit too)


class ProvenancePlugin(Plugin):
    name = "provenance"
    config_schema = {  # show_prompt is the core's (generator.config), since the core reads it too
        "show_workflow": {"type": "boolean"},
        "provenance": {
            "type": "object", "additionalProperties": False,
            "properties": {"tags": {"type": "boolean"}, "sidecar": {"type": "boolean"},
                           "trust_anchors": {"type": "string"}, "glossary": {"type": "boolean"}},
        },
    }

    def on_config(self, config: SiteConfig) -> None:
        """Load the PEM trust anchors that decide whether Content Credentials count as verified."""
        anchors = (config.get("provenance") or {}).get("trust_anchors")
        pem = None
        if anchors:
            try:
                pem = (config.root / anchors).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self.problem = f"provenance.trust_anchors: cannot read {anchors}: {exc}"
            else:
                if "BEGIN CERTIFICATE" not in pem:
                    self.problem = f"provenance.trust_anchors: {anchors} holds no PEM certificate"
                    pem = None
        # The C2PA reader is loaded only when something needs it: a site without images never
        # does. Its trust settings start empty, so a reader not loaded yet needs no reset.
        if pem is not None or C2PA_READER in sys.modules:
            from generator.provenance.extractors.c2pa import configure_trust

            configure_trust(pem)

    problem: str | None = None

    def on_content(self, site: Site) -> None:
        if self.problem:
            site.problems.error(self.problem, site.config.path, site.config.lines.get(("provenance",)))
        for work in site.works:
            prov = self.read(site, work)
            show_prompt = visible(site, work, "show_prompt", True)
            disclosure, warnings = disclose(prov, work.setting("ai"))
            for message in [*prov.warnings, *warnings]:
                site.problems.warning(message, work.source)
            self._check_declared_model(site, work, prov)
            show_workflow = visible(site, work, "show_workflow", False) and bool(prov.workflow)
            if show_workflow and not show_prompt:
                site.problems.warning("the ComfyUI workflow is not published because show_prompt is false and "
                                      "the workflow contains the prompt", work.source)
                show_workflow = False
            work.extra.update(provenance=prov, disclosure=disclosure, show_prompt=show_prompt,
                              show_workflow=show_workflow)
            if work.page is not None:
                work.page.extra["provenance"] = stable_hash(json.dumps(prov.to_json(), sort_keys=True), show_prompt,
                                                       work.extra["show_workflow"], disclosure)
                if self._tags_enabled(site):
                    add_tags(site, work, provenance_tags(prov, disclosure.kind))
        if site.works and (site.config.get("provenance") or {}).get("glossary", True) is not False:
            site.add_page(glossary_page())

    def read(self, site: Site, work: Work) -> Provenance:
        store = site.plugin_store("provenance")
        from generator.provenance.extractors.c2pa import trust_fingerprint

        key = stable_hash(READER_VERSION, work.source_hash, trust_fingerprint())
        cached = store.get(key)
        if cached is not None:
            prov = Provenance.from_json(cached)
        else:
            prov = read_provenance(work.source)
            store[key] = prov.to_json()
        prov.file = work.rel
        return prov

    def _check_declared_model(self, site: Site, work: Work, prov: Provenance) -> None:
        declared = work.setting("model")
        embedded = prov.model.name if prov.model else None
        if declared and embedded and _stem(str(declared)) not in _stem(embedded) and _stem(embedded) not in _stem(
                str(declared)):
            site.problems.warning(f"declared model '{declared}' differs from the model in the file's metadata "
                                  f"('{embedded}')", work.source)

    def _tags_enabled(self, site: Site) -> bool:
        return (site.config.get("provenance") or {}).get("tags", True) is not False

    @pure
    def on_page_context(self, page: Page, context: dict[str, Any], site: Site) -> None:
        work = context.get("work") if page.kind == "work" else None
        if work is None or "provenance" not in work.extra:
            return
        context["badge"] = badge_view(work, self._urls(site))
        context["jsonld"] = [*context.get("jsonld", []), image_object(site, work, context)]

    def _urls(self, site: Site) -> frozenset[str]:
        """Every published URL, computed once per site: the badge links only to pages that exist.
        Weakly keyed by the site itself, so a later build (`artsite serve`) never sees an old set."""
        known = _URLS.get(site)
        if known is None:
            known = _URLS[site] = frozenset(p.url for p in site.pages if p.url)
        return known

    def on_post_build(self, site: Site, writer: OutputWriter) -> None:
        for work in site.works:
            if work.extra.get("show_workflow") and work.page is not None:
                prov: Provenance = work.extra["provenance"]
                writer.write_text(workflow_path(work), prov.workflow or "", f"workflow of {work.rel}")
        if (site.config.get("provenance") or {}).get("sidecar", True) is not False:
            writer.write_text(SIDECAR, json.dumps(sidecar(site), ensure_ascii=False, indent=1) + "\n", SIDECAR)


_URLS: weakref.WeakKeyDictionary[Any, frozenset[str]] = weakref.WeakKeyDictionary()


def _stem(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return base.rsplit(".", 1)[0] if base.endswith((".safetensors", ".ckpt", ".pt", ".gguf")) else base


def visible(site: Site, work: Work, key: str, default: bool) -> bool:
    """A show_* switch as the work, its gallery or site.yaml sets it (most specific first)."""
    value = site.setting(key, work=work)
    return (default if value is None else value) is not False


def workflow_path(work: Work) -> str:
    return work.page.url.lstrip("/") + "workflow.json"


def provenance_tags(prov: Provenance, disclosure: str) -> list[str]:
    tags = []
    if disclosure in ("generated", "edited"):
        tags.append(f"ai-{disclosure}")
    if prov.c2pa is not None and prov.c2pa.manifest_count:
        tags.append("content-credentials")
    return tags


def add_tags(site: Site, work: Work, names: list[str]) -> None:
    page = work.page
    known = {t.slug for t in page.tags}
    for name in names:
        tag = site.tag(name)
        if tag.slug not in known:
            page.tags.append(tag)
            known.add(tag.slug)


def _cut(text: str | None) -> str | None:
    if text is None:
        return None
    return text if len(text) <= MAX_SHOWN_TEXT else text[:MAX_SHOWN_TEXT] + " …"


def model_link(model_id: str | None, urls: frozenset[str]) -> str | None:
    """Where the model's human name links: its own `/models/<id>/` page when the site has one,
    else its row on the `/openness/` report, else nowhere (a link must never lead to a 404)."""
    if not model_id:
        return None
    if f"/models/{model_id}/" in urls:
        return f"/models/{model_id}/"
    return f"/openness/#model-{model_id}" if "/openness/" in urls else None


def lead_sentence(kind: str, model: str | None, tool: str | None) -> dict[str, str | None]:
    """The parts of the badge's first sentence ("Made with FLUX.1 [dev] in ComfyUI."). The template
    joins them so that the model's name can be a link; every part is plain text from metadata."""
    if kind == "none":
        return {"verb": "Made without AI", "model": None, "tool": None}
    if model and tool and tool.lower() in model.lower():
        tool = None  # "Made with Midjourney v6", not "... in Midjourney"
    verb = "Edited" if kind == "edited" else "Made"
    if not model and not tool:
        return {"verb": f"{verb} with AI" if kind in ("generated", "edited") else "How this was made is not recorded",
                "model": None, "tool": None}
    return {"verb": verb, "model": model, "tool": tool}


def badge_view(work: Work, urls: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Plain values for partials/badge.html; the template escapes every one of them.

    What a lay visitor needs comes first (the lead sentence, the model's human name, the source type
    in words); the technical settings follow, each with its glossary key, for the template to fold."""
    prov: Provenance = work.extra["provenance"]
    show_prompt = work.extra["show_prompt"]
    disclosure = work.extra["disclosure"]
    label = work.extra.get("openness")
    file_model = work.setting("model") or (prov.model.name if prov.model else None)
    grade = label.label.grade if label is not None else None
    human_model = (grade.canonical_name if grade is not None else None) or file_model
    tool = work.setting("tool") or prov.generator
    settings = [("seed", prov.seed), ("sampler", prov.sampler), ("scheduler", prov.scheduler), ("steps", prov.steps),
                ("cfg", f"{prov.cfg:g}" if isinstance(prov.cfg, float) else prov.cfg),
                ("size", f"{prov.width}×{prov.height}" if prov.width and prov.height else None)]
    if file_model and file_model != human_model:
        settings.insert(0, ("model-file", file_model))
    if prov.model and prov.model.hash:
        settings.insert(1 if settings[0][0] == "model-file" else 0, ("model-hash", prov.model.hash))
    glossary = GLOSSARY_URL if GLOSSARY_URL in urls else None
    c2pa = prov.c2pa
    source = source_type_words(prov.digital_source_type)
    return {
        "disclosure": disclosure,
        "lead": lead_sentence(disclosure.kind, human_model, tool),
        "evidence_meaning": evidence_meaning(disclosure.evidence, records_settings(prov)),
        "tool": tool,
        "model": human_model,
        "model_url": model_link(grade.model_id if grade is not None else None, urls),
        "model_hash": prov.model.hash if prov.model else None,
        "loras": [{"name": lo.name, "weight": lo.weight} for lo in prov.loras],
        "settings": [{"key": key, "label": SETTINGS[key][0], "tip": SETTINGS[key][1], "value": value}
                     for key, value in settings if value not in (None, "")],
        "glossary_url": glossary,
        "prompt": _cut(prov.prompt) if show_prompt else None,
        "negative_prompt": _cut(prov.negative_prompt) if show_prompt else None,
        "prompt_hidden": not show_prompt and bool(prov.prompt),
        "parameters": a1111_parameters(prov, show_prompt) if prov.format else "",
        "workflow_url": "/" + workflow_path(work) if work.extra.get("show_workflow") else None,
        "process": work.setting("process"),
        "c2pa": None if c2pa is None else {
            "claim_generator": c2pa.claim_generator, "issuer": c2pa.issuer, "signed_at": c2pa.signed_at,
            "actions": c2pa.actions, "state": c2pa.validation_state},
        "source_type": prov.digital_source_type,
        "source_type_term": source[0] if source else None,
        "source_type_words": source[1] if source else None,
        "source_type_meaning": source[2] if source else None,
        "reader": prov.reader,
    }


def glossary_page() -> Page:
    """`/about-provenance/`: every word the badge uses, explained once, for its tooltips to link to."""
    page = Page(kind="glossary", title="How to read the “How this was made” panel", url=GLOSSARY_URL,
                layout="about-provenance",
                description="What the provenance panel under each work means, in plain words.")
    page.context["glossary"] = {
        "evidence": [(key, EVIDENCE_TEXT[key], glossary.EVIDENCE_MEANING[key]) for key in EVIDENCE_TEXT],
        "settings": [(key, label, tip) for key, (label, tip) in glossary.SETTINGS.items()],
        "source_types": sorted({v[0]: v for v in glossary.SOURCE_TYPES.values()}.values(), key=lambda v: v[0].lower()),
    }
    return page


def image_object(site: Site, work: Work, context: dict[str, Any]) -> dict[str, Any]:
    prov: Provenance = work.extra["provenance"]
    abs_url = context.get("abs_url") or (lambda p: site.config.base_url + p.lstrip("/"))
    author = site.config["author"]
    item: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ImageObject", "name": work.title,
        "url": abs_url(work.page.url),
        "creator": {"@type": "Person", "name": author.get("name") or site.config["title"]},
        "description": work.alt,
    }
    if work.image is not None and not getattr(work.image, "error", None) and work.image.fallback:
        item["contentUrl"] = abs_url(work.image.fallback[-1].url)
        item["width"], item["height"] = work.image.width, work.image.height
    kind = work.extra["disclosure"].kind
    source_type = prov.digital_source_type or {
        "generated": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
        "edited": "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
    }.get(kind)
    if source_type:
        item["digitalSourceType"] = source_type
    if work.date:
        item["dateCreated"] = work.date.isoformat()
    return item


def sidecar(site: Site) -> dict[str, Any]:
    """`/provenance.json`: every work, machine-readable, with the prompt only where it is shown."""
    works = []
    for work in site.works:
        prov: Provenance | None = work.extra.get("provenance")
        if prov is None or work.page is None:
            continue
        label = work.extra.get("openness")
        entry: dict[str, Any] = {
            "page": site.config.base_url + work.page.url.lstrip("/"),
            "image": work.rel.rsplit("/", 1)[-1],
            "title": work.title,
            "format": prov.format, "generator": work.setting("tool") or prov.generator,
            "model": {"name": prov.model.name, "hash": prov.model.hash} if prov.model else None,
            "loras": [{"name": lo.name, "weight": lo.weight, "hash": lo.hash} for lo in prov.loras],
            "ai_generated": prov.ai_generated, "disclosure": work.extra["disclosure"].kind,
            "evidence": work.extra["disclosure"].evidence,
            "digital_source_type": prov.digital_source_type,
            "c2pa": None if prov.c2pa is None else {
                "claim_generator": prov.c2pa.claim_generator, "validation_state": prov.c2pa.validation_state,
                "actions": prov.c2pa.actions},
            "seed": prov.seed, "steps": prov.steps, "sampler": prov.sampler, "cfg": prov.cfg,
            "width": prov.width, "height": prov.height,
        }
        if work.extra.get("show_prompt"):
            entry["prompt"], entry["negative_prompt"] = _cut(prov.prompt), _cut(prov.negative_prompt)
        if label is not None and hasattr(label, "to_json"):
            entry["openness"] = label.to_json()
        if work.extra.get("credits") is not None:
            entry["credits"] = [row.to_json() for row in work.extra["credits"]]
        works.append(entry)
    out: dict[str, Any] = {"generator": "artsite", "site": site.config.base_url, "works": works}
    if any("openness" in w.extra for w in site.works):
        from generator.openness.footprint import footprint

        out["footprint"] = footprint(site.works)
    return out

"""Apps that wrap an engine and write their own record beside the engine's.

Stability Matrix's Inference tab drives ComfyUI and saves the ComfyUI graph ("prompt") next to its
own JSON ("parameters-json", and the project file "smproj"; in WebP, EXIF ImageDescription and
Software, as StabilityMatrix.Core/Helper/ImageMetadata.cs writes them); Tensor.Art runs ComfyUI and adds its
request as "generation_data". The engine graph says what ran, but the app's record is what the
artist typed and chose: the prompt with its comments and wildcards (`#テスト` survives only there),
the sampler as picked in the app ("Euler Ancestral Karras", not `euler_ancestral` + `karras`).

So this annotation runs after the generation parser and, when an app record is present, names the
app as `generator`, takes the sampler from the app's record, and the prompt and negative prompt
too when they hold words the graph lost (a mere trailing ", " the engine trimmed does not count),
and fills any setting the graph lacked. Numbers the graph has are kept: a Tensor.Art request says `seed: -1`
(random) while the graph holds the seed that ran.
"""

from __future__ import annotations

from typing import ClassVar

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._a1111_text import parse_infotext
from generator.provenance.parsers._settings import Settings, prefer_app_record, read_mapping
from generator.provenance.parsers.generic import json_documents
from generator.provenance.result import Provenance

# (where, key, a word the record must contain, app). PNG text chunks by keyword; Stability Matrix
# puts the same two records into WebP EXIF ImageDescription (its JSON) and Software (its project).
APP_RECORDS = (
    ("png", "parameters-json", "", "Stability Matrix"),
    ("png", "smproj", "", "Stability Matrix"),
    ("exif", "ImageDescription", '"PositivePrompt"', "Stability Matrix"),
    ("exif", "Software", '"ProjectType"', "Stability Matrix"),
    ("png", "generation_data", "", "Tensor.Art"),
)


def app_record(bag: MetadataBag) -> tuple[str, str, Settings] | None:
    """(where, app, settings) of the first app record in the file that holds settings."""
    seen_app: tuple[str, str] | None = None
    for place, key, needle, app in APP_RECORDS:
        text = (bag.text if place == "png" else bag.exif).get(key)
        if not text or (needle and needle not in text[:100_000]):
            continue
        where = f"{place}:{key}"
        seen_app = seen_app or (where, app)
        for document in json_documents(text.strip()):
            found = read_mapping(document)
            if found.is_generation():
                return where, app, found
    if seen_app is not None:  # the app's mark without usable settings (an smproj alone) still names it
        return seen_app[0], seen_app[1], Settings()
    return None


class WrapperAnnotation:
    """Names the wrapping app and prefers its record of what the artist typed and chose."""

    name: ClassVar[str] = "wrapper-apps"
    kind: ClassVar[str] = "annotation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        found = app_record(bag)
        if found is None:
            return False
        where, app, settings = found
        result.generator = app
        result.extras.setdefault("App record", where)
        prefer_app_record(result, settings)
        if result.model is not None and result.model.hash is None and settings.model_hash and \
                settings.model in (None, result.model.name):
            result.model.hash = settings.model_hash
        settings.extras.clear()  # the app's other keys are in `raw`; extras keep the engine's view
        settings.fill(result, overwrite=False)
        if result.format is None and settings.is_generation():
            result.format = "json"
        if app == "Stability Matrix" and parse_infotext(bag.text.get("parameters", "")) is not None:
            # Its record is A1111-compatible (its "parameters" is infotext and its JSON the same
            # settings); the ComfyUI graph it drove is kept as the workflow, not as the family.
            result.format = "a1111"
        return True


PARSER = WrapperAnnotation()

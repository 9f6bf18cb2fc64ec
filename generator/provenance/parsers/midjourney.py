"""Midjourney: the prompt with its "--flags" and a "Job ID" in the image description.

Midjourney's web downloads carry "<prompt> --ar 16:9 --v 6.1 Job ID: <uuid>" as PNG Description,
EXIF ImageDescription, XMP dc:description or IPTC Caption-Abstract (depending on the format),
the user name as Author/Artist, and an IPTC trainedAlgorithmicMedia source type. The flags are
parameters, not prompt text, so they go to extras and the version names the model.
"""

from __future__ import annotations

import re

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers._a1111_text import to_int
from generator.provenance.result import ModelRef, Provenance

JOB_ID = re.compile(r"\s*Job ID:\s*([0-9a-fA-F-]{8,64})\s*$")


def _description(bag: MetadataBag) -> str | None:
    for value in (bag.text.get("Description"), bag.exif.get("ImageDescription"),
                  bag.xmp_fields.get("dc:description"), bag.iptc.get("Caption-Abstract")):
        if value and JOB_ID.search(value):
            return value
    return None


def split_flags(text: str) -> tuple[str, dict[str, str]]:
    """Prompt text and the "--flag value" pairs that follow it."""
    start = re.search(r"(?:^|\s)--[A-Za-z]", text)
    if not start:
        return text.strip(), {}
    prompt, tail = text[: start.start()].strip(), text[start.start():]
    flags: dict[str, str] = {}
    for part in re.split(r"(?:^|\s)--(?=[A-Za-z])", tail):
        if not part.strip():
            continue
        name, _, value = part.strip().partition(" ")
        flags.setdefault(name.lower(), value.strip())
    return prompt, flags


def model_name(flags: dict[str, str]) -> str | None:
    if "niji" in flags:
        return f"Niji {flags['niji']}".strip() if flags["niji"] else "Niji"
    version = flags.get("v") or flags.get("version")
    return f"Midjourney V{version}" if version else None


class MidjourneyParser:
    name = "midjourney"
    kind = "generation"

    def parse(self, bag: MetadataBag, result: Provenance) -> bool:
        description = _description(bag)
        if description is None:
            return False
        job = JOB_ID.search(description)
        body = description[: job.start()] if job else description
        prompt, flags = split_flags(body)
        result.format = "midjourney"
        result.generator = "Midjourney"
        result.prompt = prompt or None
        result.negative_prompt = flags.get("no") or None
        name = model_name(flags)
        result.model = ModelRef(name=name) if name else None
        result.seed = to_int(flags.get("seed"))
        result.ai_generated = True
        for key, value in flags.items():
            result.extras[f"--{key}"] = value
        if job:
            result.extras["job_id"] = job.group(1)
        author = bag.text.get("Author") or bag.exif.get("Artist") or bag.xmp_fields.get("dc:creator")
        if author:
            result.extras["author"] = author.strip()
        return True


PARSER = MidjourneyParser()

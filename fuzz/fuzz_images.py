"""Coverage-guided fuzzing of the image pipeline with atheris: probe, clean, strip, derivatives,
stealth read, with a time budget per input.

Each input goes through what a build does with an image file: `probe` (headers and the decode-cost
checks; it must never raise), then, when the probe accepts it, one job with every kind of operation
the planner makes (a cleaned original, a stripped passthrough, still derivatives in WebP and the
fallback format, an animated WebP for animations) run by `run_job` in this process, so atheris sees
the coverage (`run_job` must never raise and must not report a write failure), and the stealth
reader over the same bytes. An input that takes longer than PER_INPUT_SECONDS is a finding too:
that is the hang a hostile file could cause, and the header checks should have refused it.
See fuzz/README.md.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports():
    from generator.images.jobs import Job, Op, run_job
    from generator.images.pipeline import fallback_format
    from generator.images.probe import probe
    from generator.provenance.bag import MetadataBag
    from generator.provenance.extractors.stealth import EXTRACTOR as STEALTH
    from generator.provenance.reader import sniff_container

# Small limits keep every accepted input cheap, so a slow one stands out as a finding.
MAX_PIXELS = 4_000_000
MEMORY_MB = 256
PER_INPUT_SECONDS = 5.0
WIDTHS = (32, 16)
_OWN = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_WORK = Path(tempfile.mkdtemp(prefix="artsite-fuzz-images-"))


def job_for(source: Path, sha: str, fmt: str, alpha: bool, animated: bool) -> Job:
    """Every operation kind the planner (pipeline.py) can give one source."""
    job = Job(sha, str(source), fmt, 80, False, MAX_PIXELS)
    own = _OWN.get(fmt, "img")
    job.ops.append(Op("clean", 0, own, str(_WORK / f"clean.{own}")))
    if animated:  # the planner's passthrough for animations, stripped of every piece of metadata
        job.ops.append(Op("strip", 0, own, str(_WORK / f"strip.{own}")))
    kind = "anim" if animated else "still"
    fallback = "png" if alpha else "jpeg"
    for width in WIDTHS:
        job.ops.append(Op(kind, width, "webp", str(_WORK / f"{kind}-{width}.webp")))
        if not animated:
            job.ops.append(Op("still", width, fallback, str(_WORK / f"still-{width}.{fallback}")))
    return job


def test_one_input(data: bytes) -> None:
    import hashlib

    began = time.monotonic()
    source = _WORK / "input.bin"
    source.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    info = probe(source, sha, MAX_PIXELS, MEMORY_MB)
    if not info.error:
        if info.width < 1 or info.height < 1:
            raise AssertionError(f"probe accepted an image of {info.width}x{info.height}")
        alpha = fallback_format(info) == "png"
        result = run_job(job_for(source, sha, info.format, alpha, info.animated))
        if result.write_error is not None:
            raise AssertionError(f"a bad image was reported as a disk failure: {result.write_error}")
    bag = MetadataBag(path="fuzz.bin", container=sniff_container(data), has_alpha=True)
    try:
        STEALTH.extract(data, bag)
    except Exception as exc:  # the reader turns these into warnings, but the extractor should not raise
        raise AssertionError(f"stealth extractor raised {type(exc).__name__}: {exc}") from exc
    spent = time.monotonic() - began
    if spent > PER_INPUT_SECONDS:
        raise AssertionError(f"one input took {spent:.1f} s (budget {PER_INPUT_SECONDS} s)")


def seed_directory() -> str:
    """Small images of every format and shape the pipeline treats differently, so mutation starts
    inside each decoder: progressive JPEG with EXIF, PNG with alpha and text, 16-bit grey PNG,
    animated GIF, WebP and APNG."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    folder = tempfile.mkdtemp(prefix="artsite-fuzz-image-seeds-")
    info = PngInfo()
    info.add_text("parameters", "a cat\nSteps: 20, Seed: 1")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotated, so the transpose path runs
    frames = [Image.new("RGBA", (12, 10), (i * 40, 90, 200, 128 + i)) for i in range(3)]
    seeds: list[tuple[str, Image.Image, str, dict]] = [
        ("a.jpg", Image.new("RGB", (24, 16), (10, 120, 200)), "JPEG", {"exif": exif, "progressive": True}),
        ("b.png", Image.new("RGBA", (16, 24), (1, 2, 3, 100)), "PNG", {"pnginfo": info}),
        ("c.png", Image.new("I;16", (16, 16), 40000), "PNG", {}),
        ("d.gif", frames[0].convert("P"), "GIF", {"save_all": True, "append_images": [f.convert("P") for f in frames[1:]]}),
        ("e.webp", frames[0], "WEBP", {"save_all": True, "append_images": frames[1:], "lossless": True}),
        ("f.png", frames[0], "PNG", {"save_all": True, "append_images": frames[1:]}),
        ("g.jpg", Image.new("CMYK", (8, 8), (0, 50, 100, 0)), "JPEG", {}),
    ]
    for name, image, fmt, extra in seeds:
        buffer = io.BytesIO()
        image.save(buffer, fmt, **extra)
        Path(folder, name).write_bytes(buffer.getvalue())
    return folder


def main() -> None:
    argv = list(sys.argv)
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv.append(seed_directory())  # no corpus given: start from generated seeds
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Coverage-guided fuzzing of the provenance reader with atheris.

Every input is handed to `read_provenance(path, data=...)`, which must never raise: any exception
that escapes is a bug, and atheris stops with the crashing input saved. See fuzz/README.md.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports():
    from generator.provenance.reader import read_provenance
    from generator.provenance.registry import all_extractors, all_parsers

    all_extractors()  # readers are discovered lazily; import them here so they are instrumented
    all_parsers()


def test_one_input(data: bytes) -> None:
    result = read_provenance("fuzz.bin", data=data)
    if result.file != "fuzz.bin":
        raise AssertionError("reader lost the file name")


def seed_directory() -> str:
    """Small valid images with metadata, so mutation starts inside every container, not from zero."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    folder = tempfile.mkdtemp(prefix="artsite-fuzz-seeds-")
    info = PngInfo()
    info.add_text("parameters", "a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler, Seed: 1, Size: 8x8")
    info.add_itxt("prompt", '{"3": {"class_type": "KSampler", "inputs": {"seed": 1}}}', zip=True)
    exif = Image.Exif()
    exif[0x010F] = "workflow:{}"
    for name, fmt, mode, extra in (("a.png", "PNG", "RGBA", {"pnginfo": info}), ("b.jpg", "JPEG", "RGB", {"exif": exif}),
                                   ("c.webp", "WEBP", "RGBA", {"exif": exif})):
        buffer = io.BytesIO()
        Image.new(mode, (8, 8)).save(buffer, fmt, **extra)
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

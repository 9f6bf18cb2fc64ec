"""No hang, no memory blow-up: pathological inputs finish in bounded time and memory.

Each site is built by `artsite build` in a subprocess with a timeout, its peak memory measured
through RUSAGE_CHILDREN. Image problems (graphs, giant JSON, bombs, corrupt files) are warnings that
name the file while every other work still gets its page; front-matter problems (alias bombs,
runaway nesting) fail the build with exit 1, an error naming the file, and the old site kept.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.kit.hostile import Site, new_site
from tests.kit.images import chunk, jpeg_bytes, png_bytes, raw_png
from tests.kit.sites import tree_hashes

TIMEOUT = 10.0  # seconds a whole build of one of these small sites may take
PEAK_LIMIT_KB = 1024 * 1024  # 1 GiB


def assert_bounded(run, what: str) -> None:
    run.assert_clean_exit()
    assert run.peak_kb < PEAK_LIMIT_KB, f"{what}: peak memory {run.peak_kb // 1024} MiB"


# --- image metadata that tries to hang or exhaust a reader ------------------------------------------


def comfy_png(prompt: object, workflow: object | None = None) -> bytes:
    text = {"prompt": prompt if isinstance(prompt, str) else compact(prompt)}
    if workflow is not None:
        text["workflow"] = workflow if isinstance(workflow, str) else compact(workflow)
    return png_bytes(text=text)


def cyclic_graph() -> dict:
    """Every input a parser follows leads around a loop."""
    return {
        "1": {"class_type": "KSampler", "inputs": {"seed": ["7", 0], "steps": 20, "cfg": 7, "sampler_name": "euler",
                                                   "scheduler": "normal", "model": ["2", 0], "positive": ["4", 0],
                                                   "negative": ["4", 0], "latent_image": ["1", 0]}},
        "2": {"class_type": "LoraLoader", "inputs": {"lora_name": "a.safetensors", "model": ["3", 0], "clip": ["3", 1]}},
        "3": {"class_type": "LoraLoader", "inputs": {"lora_name": "b.safetensors", "model": ["2", 0], "clip": ["2", 1]}},
        "4": {"class_type": "CLIPTextEncode", "inputs": {"text": ["5", 0], "clip": ["2", 1]}},
        "5": {"class_type": "Reroute", "inputs": {"": ["4", 0]}},
        "6": {"class_type": "SaveImage", "inputs": {"images": ["8", 0], "filename_prefix": "c"}},
        "7": {"class_type": "PrimitiveNode", "inputs": {"value": ["7", 0]}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["1", 0], "vae": ["8", 0]}},
    }


def deep_graph(depth: int = 20_000) -> dict:
    """A 20,000-node chain of LoRA loaders between the sampler and the checkpoint (about 2 MB of JSON)."""
    nodes: dict[str, dict] = {
        "s": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20, "cfg": 7, "sampler_name": "euler",
                                                   "scheduler": "normal", "model": ["0", 0], "positive": ["r0", 0],
                                                   "negative": ["r0", 0], "latent_image": ["l", 0]}},
        "l": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 512, "batch_size": 1}},
        "out": {"class_type": "SaveImage", "inputs": {"images": ["d", 0], "filename_prefix": "deep"}},
        "d": {"class_type": "VAEDecode", "inputs": {"samples": ["s", 0], "vae": ["ck", 2]}},
        "ck": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "deep.safetensors"}},
        "txt": {"class_type": "CLIPTextEncode", "inputs": {"text": "deep prompt", "clip": ["ck", 1]}},
    }
    for i in range(depth):
        after = str(i + 1) if i + 1 < depth else "ck"
        nodes[str(i)] = {"class_type": "LoraLoader", "inputs": {"lora_name": f"l{i}", "model": [after, 0],
                                                                "clip": [after, 1]}}
    for i in range(depth // 4):
        nodes[f"r{i}"] = {"class_type": "Reroute", "inputs": {"": [f"r{i + 1}" if i + 1 < depth // 4 else "txt", 0]}}
    return nodes


def compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def deep_workflow(depth: int = 20_000) -> dict:
    nodes = [{"id": i, "type": "Reroute", "inputs": [{"link": i}]} for i in range(depth)]
    links = [[i + 1, i, 0, i + 1, 0, "*"] for i in range(depth)]
    return {"nodes": nodes, "links": links, "version": 0.4}


def ztxt(key: str, size: int) -> bytes:
    """A zTXt chunk that inflates to `size` bytes of 'A': a decompression bomb in a text chunk."""
    squeeze = zlib.compressobj(9)
    block = b"A" * (1 << 20)
    body = b"".join(squeeze.compress(block) for _ in range(size >> 20)) + squeeze.flush()
    return chunk(b"zTXt", key.encode() + b"\x00\x00" + body)


def itxt_compressed(key: str, size: int) -> bytes:
    squeeze = zlib.compressobj(9)
    block = b"B" * (1 << 20)
    body = b"".join(squeeze.compress(block) for _ in range(size >> 20)) + squeeze.flush()
    return chunk(b"iTXt", key.encode() + b"\x00\x01\x00\x00\x00" + body)


def many_chunks(count: int) -> bytes:
    return raw_png(8, 8, extra=[chunk(b"tEXt", b"k%d\x00v" % i) for i in range(count)])


GRAPH_CASES: dict[str, bytes] = {}
BULK_CASES: dict[str, bytes] = {}


def graph_cases() -> dict[str, bytes]:
    """Graphs that loop, or run 20,000 nodes deep, and JSON nested 100,000 levels."""
    if not GRAPH_CASES:
        GRAPH_CASES.update({
            "cyclic.png": comfy_png(cyclic_graph(), {"nodes": [{"id": 1, "inputs": [{"link": 1}]}],
                                                     "links": [[1, 1, 0, 1, 0, "*"]]}),
            "deep-graph.png": comfy_png(deep_graph(), deep_workflow()),
            "nested-json.png": comfy_png("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000),
        })
    return GRAPH_CASES


def bulk_cases() -> dict[str, bytes]:
    """Megabytes of text, decompression bombs in text chunks, and 50,000 chunks."""
    if not BULK_CASES:
        big = "x" * (3 << 20)
        BULK_CASES.update({
            "big-json.png": comfy_png({"1": {"class_type": "CLIPTextEncode", "inputs": {"text": big}}},
                                      {"nodes": [], "extra": {"blob": big}}),
            "big-parameters.png": png_bytes(text={"parameters": big + "\nNegative prompt: " + big + "\nSteps: 1"}),
            "ztxt-bomb.png": raw_png(8, 8, extra=[ztxt("parameters", 64 << 20)]),
            "itxt-bomb.png": raw_png(8, 8, extra=[itxt_compressed("prompt", 64 << 20)]),
            "many-chunks.png": many_chunks(50_000),
        })
    return BULK_CASES


# --- files that are not the images they claim to be ------------------------------------------------


def exif_loop_jpeg() -> bytes:
    """EXIF whose IFD0 links to itself as the next IFD and whose Exif IFD pointer points back at IFD0."""
    ifd = struct.pack("<H", 2) + struct.pack("<HHII", 0x8769, 4, 1, 8) + struct.pack("<HHII", 0x010E, 2, 4, 0x41414141)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 8)
    segment = b"Exif\x00\x00" + tiff
    plain = jpeg_bytes()
    return plain[:2] + b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + plain[2:]


def corrupt_cases() -> dict[str, bytes]:
    good = png_bytes(size=(64, 64))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    return {
        "huge-header.png": raw_png(60_000, 60_000, idat=zlib.compress(b"\x00" * 1024)),
        "truncated.png": good[: len(good) // 2],
        "corrupt.jpg": jpeg[:200] + bytes(range(256)) * 8,
        "not-an-image.png": b"hello, I am a text file\n" * 40,
        "empty.jpg": b"",
        "html.webp": b"<html><script>alert(1)</script></html>",
        "exif-loop.jpg": exif_loop_jpeg(),
        "png-named.jpg": png_bytes(),
    }


def gallery_site(root: Path, images: dict[str, bytes]) -> Site:
    site = new_site(root)
    site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n---\n")
    site.write("content/galleries/g/zz-ok.png", png_bytes(text={"parameters": "a fine prompt\nSteps: 3, Seed: 1"}))
    site.write("content/galleries/g/zz-ok.png.md", "---\nalt: fine\n---\n")
    for name, data in images.items():
        site.write(f"content/galleries/g/{name}", data)
        site.write(f"content/galleries/g/{name}.md", "---\nalt: hostile file\n---\n")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    return site


@pytest.mark.parametrize("cases", [graph_cases, bulk_cases], ids=["graphs", "bulk"])
def test_hostile_metadata_builds_in_bounded_time_and_memory(tmp_path: Path, cases) -> None:
    site = gallery_site(tmp_path / "site", cases())
    run = site.run(timeout=TIMEOUT)
    assert_bounded(run, "hostile metadata")
    assert run.rc == 0, run.output
    assert (site.out / "galleries/g/zz-ok/index.html").is_file()
    for name in cases():
        stem = name.rsplit(".", 1)[0]
        assert (site.out / f"galleries/g/{stem}/index.html").is_file(), f"{name} lost its page"


def test_deep_graph_is_actually_walked(tmp_path: Path) -> None:
    """The 20,000-node chain stays under the text limit, so the graph walker (not a size cap) must bound it."""
    from generator.provenance.reader import read_provenance

    prov = read_provenance("deep-graph.png", data=graph_cases()["deep-graph.png"])
    assert prov.format == "comfyui"
    assert not any("longer than" in w for w in prov.warnings), prov.warnings


def test_corrupt_images_warn_by_name_and_the_rest_builds(tmp_path: Path) -> None:
    cases = corrupt_cases()
    site = gallery_site(tmp_path / "site", cases)
    run = site.run(timeout=TIMEOUT)
    assert_bounded(run, "corrupt images")
    assert run.rc == 0, run.output
    assert (site.out / "galleries/g/zz-ok/index.html").is_file()
    assert (site.out / "posts/ok/index.html").is_file()
    for name in ("huge-header.png", "truncated.png", "corrupt.jpg", "not-an-image.png", "empty.jpg", "html.webp"):
        lines = [line for line in run.stderr.splitlines() if f"content/galleries/g/{name}:" in line]
        assert any("warning" in line or "error" in line for line in lines), f"no problem reported for {name}"


def test_truncated_and_oversized_images_in_posts_warn_by_name(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    cases = corrupt_cases()
    for name in ("huge-header.png", "truncated.png", "not-an-image.png"):
        site.write(f"content/posts/bundle/{name}", cases[name])
    body = "".join(f"![{n}]({n})\n\n" for n in ("huge-header.png", "truncated.png", "not-an-image.png"))
    site.write("content/posts/bundle/index.md", f"---\ntitle: Bundle\ndate: 2025-01-01\n---\n{body}")
    site.post("ok.md", "title: Fine\ndate: 2025-01-02")
    run = site.run(timeout=TIMEOUT)
    assert_bounded(run, "images in posts")
    assert run.rc == 0, run.output
    assert (site.out / "posts/ok/index.html").is_file() and (site.out / "posts/bundle/index.html").is_file()
    for name in ("huge-header.png", "truncated.png", "not-an-image.png"):
        assert f"content/posts/bundle/{name}" in run.stderr, f"no problem names {name}"


# --- front matter that tries to hang the build ------------------------------------------------------

BILLION_LAUGHS = 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"l{i + 1}: &l{i + 1} [{','.join([f'*l{i}'] * 9)}]\n" for i in range(8))  # 81 aliases, 9**9 leaves
SUB_LIMIT_LAUGHS = "w0: &w0 [" + ",".join(['"' + "w" * 4000 + '"'] * 8) + "]\n" + "".join(
    f"w{i + 1}: &w{i + 1} [{','.join([f'*w{i}'] * 8)}]\n" for i in range(6))  # 48 aliases, 8 GB as JSON


@pytest.fixture
def built_site(tmp_path: Path) -> tuple[Site, dict[str, str]]:
    """A good site built once (in-process: fast), with the hash of every file it wrote."""
    from generator.pipeline.site import BuildOptions, build

    site = gallery_site(tmp_path / "site", {})
    build(BuildOptions(source=site.root, output=site.out, use_cache=False))
    return site, tree_hashes(site.out)


def assert_failed_cleanly(site: Site, before: dict[str, str], run, files: list[str]) -> None:
    assert_bounded(run, "front matter")
    assert run.rc == 1, run.output
    for name in files:
        assert any(line.startswith(name + ":") and "error" in line for line in run.stderr.splitlines()), \
            f"no error names {name}:\n{run.stderr}"
    assert "previous site was left" in run.stderr
    assert tree_hashes(site.out) == before


def test_yaml_alias_bombs_in_front_matter_fail_fast_naming_every_file(built_site) -> None:
    """A bomb needs few aliases (72 here, 48 in the sidecar's): the expanded size is what must be bounded."""
    site, before = built_site
    site.post("bomb.md", "title: Bomb\ndate: 2025-01-01\n" + BILLION_LAUGHS)
    site.write("content/galleries/g/index.md", "---\ntitle: Gallery\n" + SUB_LIMIT_LAUGHS + "---\n")
    site.write("content/galleries/g/zz-ok.png.md", "---\nalt: fine\n" + SUB_LIMIT_LAUGHS + "---\n")
    run = site.run(timeout=TIMEOUT)
    assert_failed_cleanly(site, before, run, ["content/posts/bomb.md", "content/galleries/g/index.md",
                                              "content/galleries/g/zz-ok.png.md"])


def test_yaml_alias_bomb_in_site_yaml_fails_fast(built_site) -> None:
    site, before = built_site
    with (site.root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("extra_bomb:\n" + "".join("  " + line + "\n" for line in BILLION_LAUGHS.splitlines()))
    run = site.run(timeout=TIMEOUT)
    assert_failed_cleanly(site, before, run, ["site.yaml"])


@pytest.mark.parametrize("front", [
    "deep: " + "[" * 100_000 + "]" * 100_000,
    "deep: " + "{a: " * 20_000 + "1" + "}" * 20_000,
    "".join(" " * i + f"k{i}:\n" for i in range(1200)) + " " * 1200 + "v",
    "big: " + "x" * (2 << 20),
    "many: [" + ",".join(["1"] * 50_000) + "]",
    "tag: !!python/object/apply:os.system ['touch pwned']",
], ids=["deep-flow-list", "deep-flow-map", "deep-block", "2MB", "50k-items", "python-tag"])
def test_runaway_front_matter_fails_cleanly(built_site, front: str) -> None:
    site, before = built_site
    site.post("bad.md", "title: Bad\ndate: 2025-01-01\n" + front)
    run = site.run(timeout=TIMEOUT)
    if run.rc == 0:  # a big but finite value may build; it must still be quick and bounded
        assert_bounded(run, "front matter")
        return
    assert_failed_cleanly(site, before, run, ["content/posts/bad.md"])
    assert not (site.root / "pwned").exists()

#!/usr/bin/env python3
"""Make the demo site's images: procedural artwork carrying metadata the way real tools write it.

The demo is an artist's site, so its pictures are drawn by scripts/demo_art.py with real
generative techniques (flow fields, a Turing pattern, Voronoi mosaics, layered landscapes,
stained glass, charcoal and ink on paper). Each file then gets the metadata the tool named in
its gallery entry writes: A1111 `parameters`, ComfyUI `prompt`/`workflow`, EXIF UserComment and
camera GPS (never published), Midjourney-style XMP, an ExifTool-written XMP packet with IPTC
digital source types, scanner EXIF, and one PNG signed with Content Credentials (C2PA) under a
demo CA whose certificate (only) is written to demo-trust-anchors.pem. The shared corpus is never
copied. Deterministic, except the signed work, whose keys are made fresh on each run.

    .venv/bin/python scripts/make_demo_images.py
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import piexif
from PIL import Image
from PIL.PngImagePlugin import PngInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import demo_art as art  # noqa: E402

GALLERY = ROOT / "content" / "galleries" / "latent-gardens"
CURRENTS = ROOT / "content" / "galleries" / "currents"
PAPER = ROOT / "content" / "galleries" / "ink-and-paper"
POST = ROOT / "content" / "posts" / "studio-notes"
FLOW_POST = ROOT / "content" / "posts" / "how-the-currents-are-drawn"
TRUST = ROOT / "demo-trust-anchors.pem"
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


A1111_TEXT = (
    "a quiet greenhouse at dusk, glass panes, overgrown ferns, volumetric light, oil painting "
    "<lora:watercolor_style_v2:0.7>\n"
    "Negative prompt: blurry, lowres, watermark\n"
    "Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234567890, Size: 1024x1024, "
    "Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Lora hashes: \"watercolor_style_v2: 0a1b2c3d4e5f\", "
    "Version: v1.10.1"
)

COMFY_PROMPT = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "flux1-dev-fp8.safetensors"}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a moth made of stained glass resting on a moss garden, macro",
                                                     "clip": ["4", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["4", 1]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 768, "batch_size": 1}},
    "3": {"class_type": "KSampler", "inputs": {"seed": 424242, "steps": 20, "cfg": 1.0, "sampler_name": "euler",
                                              "scheduler": "simple", "denoise": 1.0, "model": ["4", 0],
                                              "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
}

XMP_MIDJOURNEY = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">paper lanterns drifting over a flooded orchard, ink wash --ar 4:3 --v 6.1 Job ID: 3f9c2d1e-7a4b-4c8e-9f21-5b6d7e8f9a0b</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def user_comment(text: str) -> bytes:
    return b"UNICODE\x00" + text.encode("utf-16-be")


def exiftool_xmp(tool: str, source_type: str | None = None, title: str | None = None) -> str:
    """An XMP packet as ExifTool writes it (`exiftool -XMP-xmp:CreatorTool=... -XMP-iptcExt:DigitalSourceType=...`):
    single quotes, one rdf:Description per namespace, the toolkit named in x:xmptk."""
    parts = ["<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>",
             "<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.76'>",
             "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>",
             "", " <rdf:Description rdf:about=''", "  xmlns:dc='http://purl.org/dc/elements/1.1/'>",
             "  <dc:creator>", "   <rdf:Seq>", "    <rdf:li>Ada Example</rdf:li>", "   </rdf:Seq>", "  </dc:creator>",
             "  <dc:rights>", "   <rdf:Alt>", "    <rdf:li xml:lang='x-default'>© 2025 Ada Example, CC BY-NC 4.0</rdf:li>",
             "   </rdf:Alt>", "  </dc:rights>"]
    if title:
        parts += ["  <dc:title>", "   <rdf:Alt>", f"    <rdf:li xml:lang='x-default'>{title}</rdf:li>", "   </rdf:Alt>",
                  "  </dc:title>"]
    parts += [" </rdf:Description>", "", " <rdf:Description rdf:about=''",
              "  xmlns:xmp='http://ns.adobe.com/xap/1.0/'>", f"  <xmp:CreatorTool>{tool}</xmp:CreatorTool>",
              " </rdf:Description>"]
    if source_type:
        parts += ["", " <rdf:Description rdf:about=''", "  xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>",
                  f"  <Iptc4xmpExt:DigitalSourceType>{IPTC}{source_type}</Iptc4xmpExt:DigitalSourceType>",
                  " </rdf:Description>"]
    parts += ["</rdf:RDF>", "</x:xmpmeta>", "<?xpacket end='w'?>"]
    return "\n".join(parts)


def lossless(image: Image.Image) -> Image.Image:
    """A PNG work as a 256-colour palette image: flat procedural colour keeps its look at a tenth of the size."""
    return image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def png_with_xmp(image: Image.Image, path: Path, xmp: str) -> None:
    """ExifTool stores XMP in a PNG as an uncompressed iTXt chunk keyed XML:com.adobe.xmp."""
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp, lang="", tkey="", zip=False)
    image.save(path, pnginfo=info, optimize=True)


def scanner_exif(software: str = "ScanGear 4.0") -> bytes:
    """What a flatbed scanner driver writes: make, model, software, 600 dpi, no date, no GPS."""
    return piexif.dump({"0th": {piexif.ImageIFD.Make: b"Canon", piexif.ImageIFD.Model: b"CanoScan LiDE 400",
                                piexif.ImageIFD.Software: software.encode(), piexif.ImageIFD.XResolution: (600, 1),
                                piexif.ImageIFD.YResolution: (600, 1), piexif.ImageIFD.ResolutionUnit: 2,
                                piexif.ImageIFD.Artist: b"Ada Example"}})


def latent_gardens() -> None:
    """The AI-assisted series: each file carries the record its generator writes."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    dusk_sky = [(40, 28, 70), (150, 80, 120), (250, 170, 110)]

    greenhouse = art.landscape((768, 768), dusk_sky, [(70, 56, 90), (46, 36, 64), (24, 20, 34)], 1, sun=(0.3, 0.5))
    art.glasshouse(greenhouse, (250, 430, 560, 640), (30, 24, 20), (255, 190, 110))
    info = PngInfo()
    info.add_text("parameters", A1111_TEXT)
    lossless(greenhouse).save(GALLERY / "greenhouse-at-dusk.png", pnginfo=info, optimize=True)

    moth = art.stained_glass((800, 600), art.moth(800, 600),
                             [(40, 90, 170), (190, 40, 60), (230, 170, 40), (120, 50, 140), (40, 140, 120)],
                             [(40, 70, 36), (60, 90, 40), (30, 52, 28)], 2, cell=22)
    info = PngInfo()
    info.add_text("prompt", json.dumps(COMFY_PROMPT))
    info.add_text("workflow", json.dumps({"last_node_id": 9, "nodes": [], "links": [], "version": 0.4}))
    lossless(moth).save(GALLERY / "stained-glass-moth.png", pnginfo=info, optimize=True)

    exif = {
        "0th": {piexif.ImageIFD.Make: b"DemoCam", piexif.ImageIFD.Model: b"DC-1000",
                piexif.ImageIFD.Artist: b"Ada Example"},
        "Exif": {piexif.ExifIFD.UserComment: user_comment(
            "a koi pond under cherry blossoms, woodblock print, muted colours\nNegative prompt: text, signature\n"
            "Steps: 28, Sampler: Euler a, CFG scale: 5, Seed: 987654321, Size: 832x1216, Model hash: 0a1b2c3d4e, "
            "Model: waiIllustriousSDXL_v160, Version: f2.0.1v1.10.1-previous-313-g8a042934"),
            0xA431: b"SN-0042-DEMO"},
        "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: ((52, 1), (22, 1), (0, 1)),
                piexif.GPSIFD.GPSLongitudeRef: b"E", piexif.GPSIFD.GPSLongitude: ((4, 1), (53, 1), (0, 1))},
    }
    art.pond((640, 936), 3).save(GALLERY / "koi-pond.jpg", quality=86, exif=piexif.dump(exif))
    art.lanterns((960, 720), 4).save(GALLERY / "paper-lanterns.jpg", quality=86, xmp=XMP_MIDJOURNEY.encode("utf-8"))
    art.charcoal((720, 900), 5).save(GALLERY / "charcoal-study.jpg", quality=85, exif=scanner_exif())

    info = PngInfo()
    info.add_text("parameters", A1111_TEXT.replace("greenhouse at dusk", "night market in the rain")
                  .replace("Seed: 1234567890", "Seed: 555"))
    lossless(art.night_market((768, 768), 6)).save(GALLERY / "night-market.png", pnginfo=info, optimize=True)
    koi_loop(GALLERY / "koi-ripples.mp4", art.pond((320, 240), 8))


def currents() -> None:
    """Code-drawn work: no trained model. ExifTool-tagged XMP; one piece repainted with AI, one signed."""
    CURRENTS.mkdir(parents=True, exist_ok=True)
    tide = [(14, 22, 38), (26, 40, 64), (233, 196, 106), (244, 162, 97), (42, 157, 143), (231, 111, 81)]
    png_with_xmp(lossless(art.flow_field((960, 720), tide, 3)), CURRENTS / "tidal-currents.png",
                 exiftool_xmp("currents.py (Python 3.12, Pillow 11)", title="Tidal Currents"))
    coral = art.turing_pattern((800, 800), (18, 32, 44), (236, 226, 200), (196, 96, 72), 5)
    coral.save(CURRENTS / "coral-logic.jpg", quality=88,
               xmp=exiftool_xmp("turing.py (Python 3.12, Pillow 11)", title="Coral Logic").encode("utf-8"))
    mosaic = art.voronoi((960, 720), [(120, 60, 50), (176, 98, 64), (212, 162, 98), (122, 140, 110), (60, 90, 100)],
                         (30, 28, 26), 9)
    mosaic.save(CURRENTS / "quarry-mosaic.jpg", quality=88,
                xmp=exiftool_xmp("voronoi.py (Python 3.12, Pillow 11)", title="Quarry Mosaic").encode("utf-8"))

    repainted = art.flow_field((1024, 768), [(20, 16, 30), (40, 30, 54), (250, 200, 150), (200, 120, 160),
                                             (120, 180, 200), (255, 230, 200)], 12)
    patch = art.landscape((360, 300), [(40, 28, 70), (150, 80, 120), (250, 170, 110)],
                          [(70, 56, 90), (46, 36, 64)], 12, sun=(0.5, 0.4))
    mask = Image.new("L", patch.size, 0)
    from PIL import ImageDraw, ImageFilter
    ImageDraw.Draw(mask).ellipse([20, 20, 340, 280], fill=255)
    repainted.paste(patch, (600, 80), mask.filter(ImageFilter.GaussianBlur(24)))
    repainted.save(CURRENTS / "currents-repainted.jpg", quality=88, xmp=exiftool_xmp(
        "Adobe Photoshop 26.0 (Windows)", "compositeWithTrainedAlgorithmicMedia", "Currents, Repainted").encode("utf-8"))

    ridges = art.landscape((960, 600), [(44, 30, 72), (196, 110, 120), (250, 190, 130)],
                           [(90, 70, 110), (70, 52, 90), (50, 38, 66), (30, 24, 40)], 4)
    sign_ridges(ridges, CURRENTS / "evening-ridges.png")


def sign_ridges(image: Image.Image, path: Path) -> None:
    """Content Credentials the way a C2PA signer writes them: c2pa.created with a digital source type,
    under a demo CA. Only the CA's certificate is kept, as the demo's trust anchor."""
    from tests.kit.c2pa_sign import make_signer, manifest

    signer = make_signer(days=3650 * 3, organisation="Ada Example Studio")
    raw = io.BytesIO()
    lossless(image).save(raw, "PNG", optimize=True)
    created = {"action": "c2pa.created", "digitalSourceType": IPTC + "digitalArt",
               "softwareAgent": {"name": "ridgeline.py", "version": "2.1"}}
    claim = manifest([created], generator="Ada Example Studio signer")
    claim["title"] = "Evening Ridges"
    path.write_bytes(signer.sign_bytes(claim, raw.getvalue(), "image/png"))
    TRUST.write_text("# Demo trust anchor: the root certificate that signed content/galleries/currents/evening-ridges.png.\n"
                     "# Its private key was thrown away after signing. Written by scripts/make_demo_images.py.\n"
                     + signer.ca_pem, encoding="utf-8")


def ink_and_paper() -> None:
    """Hand-made work, scanned: the scanner's EXIF, and for the print an IPTC source type."""
    PAPER.mkdir(parents=True, exist_ok=True)
    art.ink_harbour((1000, 700), 8).save(PAPER / "harbour-at-low-tide.jpg", quality=88, exif=scanner_exif())
    art.linocut((700, 900), 9).save(PAPER / "heron-linocut.jpg", quality=88, exif=scanner_exif(),
                                    xmp=exiftool_xmp("ScanGear 4.0", "print", "Heron, linocut").encode("utf-8"))


def posts() -> None:
    POST.mkdir(parents=True, exist_ok=True)
    FLOW_POST.mkdir(parents=True, exist_ok=True)
    art.charcoal((900, 600), 7).save(POST / "sketchbook.jpg", quality=85)
    sparse = art.flow_field((900, 500), [(240, 234, 214), (232, 224, 200), (40, 60, 90), (120, 60, 50)], 21,
                            strokes=240, steps=110)
    lossless(sparse).save(FLOW_POST / "first-strokes.png", optimize=True)


def main() -> None:
    art.GRAIN = 0.0  # no film grain: it would not compress in the PNGs, and the paper pieces have their own tooth
    latent_gardens()
    currents()
    ink_and_paper()
    posts()


def koi_loop(path: Path, still: Image.Image, frames: int = 24) -> None:
    """A short H.264 loop, tagged as ComfyUI's VideoHelperSuite Video Combine tags it: one
    `comment` holding the API graph (a JSON string) and the workflow. PyAV is a dependency."""
    import av

    graph = {
        "3": {"class_type": "KSampler", "inputs": {
            "seed": 20250510, "steps": 30, "cfg": 6.0, "sampler_name": "uni_pc", "scheduler": "simple",
            "denoise": 1.0, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
            "latent_image": ["5", 0]}},
        "4": {"class_type": "UNETLoader", "inputs": {"unet_name": "wan2.1_t2v_1.3B_fp16.safetensors",
                                                     "weight_dtype": "default"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "koi circling under lily pads, ripples, "
                                                                  "woodblock print, slow loop", "clip": ["9", 0]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "static, blurry, text", "clip": ["9", 0]}},
        "9": {"class_type": "CLIPLoader", "inputs": {"clip_name": "umt5_xxl_fp8_e4m3fn_scaled.safetensors",
                                                     "type": "wan"}},
        "5": {"class_type": "EmptyHunyuanLatentVideo", "inputs": {"width": 320, "height": 240, "length": 25,
                                                                 "batch_size": 1}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["10", 0]}},
        "10": {"class_type": "VAELoader", "inputs": {"vae_name": "wan_2.1_vae.safetensors"}},
        "11": {"class_type": "VHS_VideoCombine", "inputs": {"images": ["8", 0], "frame_rate": 12,
                                                           "format": "video/h264-mp4"}},
    }
    with av.open(str(path), "w", format="mp4", options={"fflags": "+bitexact"}) as out:
        out.metadata["comment"] = json.dumps({"prompt": json.dumps(graph), "workflow": {"nodes": [], "links": []}})
        stream = out.add_stream("libx264", rate=12, options={"crf": "30", "preset": "veryslow"})
        stream.width, stream.height, stream.pix_fmt = still.width, still.height, "yuv420p"
        for index in range(frames):
            shift = still.transform(still.size, Image.AFFINE, (1, 0, index * 2, 0, 1, 0), resample=Image.BILINEAR)
            for packet in stream.encode(av.VideoFrame.from_image(shift)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


if __name__ == "__main__":
    main()

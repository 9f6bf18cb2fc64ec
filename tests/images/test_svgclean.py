"""SVG cleaning: editors' private data goes, the drawing stays, hostile files are refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from generator.images.svgclean import SvgRefused, clean_svg

from .svg_fixtures import illustrator_svg, inkscape_svg, sketch_svg

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
USER, CREATOR = "lurdes-x4q9", "Lurdes Creator-c7k2"


def drawing(data: bytes) -> list[tuple[str, dict[str, str], str, str]]:
    """Every element as a browser sees it: SVG-namespace tag, its attributes, its text and tail."""
    return [(el.tag, dict(el.attrib), el.text or "", el.tail or "") for el in ET.fromstring(data).iter()]


def test_inkscape_home_paths_namedview_and_creator_are_removed_and_the_drawing_kept() -> None:
    source = inkscape_svg(USER, CREATOR)
    cleaned, scripts = clean_svg(source)
    assert scripts == []
    for secret in (USER, CREATOR, "/home/", "sodipodi", "inkscape", "metadata", "rdf", "Created with"):
        assert secret.encode() not in cleaned, secret
    tree = ET.fromstring(cleaned)
    assert cleaned.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert tree.attrib == {"width": "210mm", "height": "297mm", "viewBox": "0 0 210 297", "version": "1.1",
                           "id": "svg5"}
    assert [child.tag for child in tree] == [f"{SVG}defs", f"{SVG}g"]
    path = tree.find(f"{SVG}g/{SVG}path")
    assert path is not None and path.attrib == {
        "style": "fill:url(#linearGradient3);stroke:#000000;stroke-width:0.264583",
        "d": "m 20,180 80,-160 80,160 z", "id": "path1"}
    gradient = tree.find(f"{SVG}defs/{SVG}linearGradient[@id='linearGradient3']")
    assert gradient is not None and gradient.get(XLINK_HREF) == "#linearGradient1"
    assert [stop.get("offset") for stop in tree.iter(f"{SVG}stop")] == ["0", "1"]
    use = tree.find(f"{SVG}g/{SVG}use")
    assert use is not None and use.get(XLINK_HREF) == "#path1" and use.get("transform") == "translate(10,10)"
    text = tree.find(f"{SVG}g/{SVG}text")
    assert text is not None and text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert "".join(text.itertext()) == "Fox in snow"  # mixed content with a nested tspan is kept as written
    assert b'xmlns:xlink="http://www.w3.org/1999/xlink"' in cleaned and b"xlink:href=" in cleaned


def test_every_drawing_element_and_attribute_survives_unchanged() -> None:
    """Apart from what was removed, the element tree (tags, attributes, text) is the source's."""
    for source in (inkscape_svg(USER, CREATOR), sketch_svg()):
        cleaned, _ = clean_svg(source)
        kept = [(tag, {k: v for k, v in attrs.items() if "inkscape" not in k and "sodipodi" not in k
                       and "sketch" not in k}, text.strip(), tail.strip())
                for tag, attrs, text, tail in drawing(source)
                if tag.startswith(SVG) and tag != f"{SVG}metadata" and "metadata" not in text]
        after = [(tag, attrs, text.strip(), tail.strip()) for tag, attrs, text, tail in drawing(cleaned)]
        assert after == kept


def test_illustrator_private_document_xmp_and_generator_comment_are_removed() -> None:
    cleaned, _ = clean_svg(illustrator_svg("owner-name-i5u2"))
    for secret in (b"owner-name-i5u2", b"pgf", b"xmpmeta", b"Adobe", b"ns.adobe.com", b"eJzs", b"sliceSourceBounds"):
        assert secret not in cleaned, secret
    tree = ET.fromstring(cleaned)
    switch = tree.find(f"{SVG}switch")
    assert switch is not None and [child.tag for child in switch] == [f"{SVG}g"]  # the drawing branch remains
    circle = switch.find(f"{SVG}g/{SVG}circle")
    assert circle is not None and circle.attrib == {"class": "st0", "cx": "50", "cy": "50", "r": "40"}
    style = tree.find(f"{SVG}style")
    assert style is not None and ".st0{fill:#1D71B8;}" in (style.text or "")


def test_sketch_attributes_and_comment_are_removed() -> None:
    cleaned, _ = clean_svg(sketch_svg())
    assert b"sketch:" not in cleaned and b"bohemiancoding" not in cleaned and b"<!--" not in cleaned
    assert b"<desc>Created with Sketch.</desc>" in cleaned  # <desc> is the drawing's own text: kept
    rect = ET.fromstring(cleaned).find(f"{SVG}g/{SVG}g/{SVG}rect")
    assert rect is not None and rect.attrib == {"id": "Rectangle-1", "x": "2", "y": "2", "width": "20",
                                                "height": "20"}


@pytest.mark.parametrize("data", [
    # Illustrator's own form: entities for its namespaces
    b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n]>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="&ns_ai;"/>',
    # a billion laughs and an external entity reading a local file
    b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><g>',  # truncated
    b'<html><body>not svg</body></html>',
    b'<svg><rect width="1"/></svg>',  # no SVG namespace: not drawn as SVG when opened
    b'\xff\xfe\x00garbage',
])
def test_unparsable_or_entity_bearing_svgs_are_refused(data: bytes) -> None:
    with pytest.raises(SvgRefused):
        clean_svg(data)


def test_scripts_event_handlers_and_javascript_links_are_reported() -> None:
    data = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()">'
            b'<script>alert(1)</script><a xlink:href=" java\nscript:alert(2)"><rect onClick="y()"/></a></svg>')
    _, scripts = clean_svg(data)
    assert scripts == ["onload=", "<script>", "javascript: link", "onclick="]
    _, none = clean_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><rect opacity="0.5"/></svg>')
    assert none == []


def test_embedded_photos_lose_their_gps_and_serials_but_keep_their_pixels() -> None:
    """Inkscape embeds an imported photo as a base64 `data:` address, EXIF and GPS included."""
    import base64
    import io

    import piexif
    from PIL import Image

    from .image_fixtures import SERIAL, noisy, private_exif

    buffer = io.BytesIO()
    noisy((24, 16)).save(buffer, "JPEG", exif=private_exif(), quality=90)
    photo = buffer.getvalue()
    assert piexif.load(photo)["GPS"]  # the fixture does carry a location
    wrapped = "\n".join(base64.b64encode(photo).decode()[i:i + 76] for i in range(0, len(photo) * 2, 76)).strip()
    source = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="24" '
              f'height="16"><image width="24" height="16" preserveAspectRatio="none" '
              f'xlink:href="data:image/jpeg;base64,{wrapped}" id="image1"/></svg>').encode()
    cleaned, _ = clean_svg(source)
    href = ET.fromstring(cleaned).find(f"{SVG}image").get(XLINK_HREF)
    assert href.startswith("data:image/jpeg;base64,")
    embedded = base64.b64decode(href.split(",", 1)[1])
    assert SERIAL.encode() not in embedded and b"Exif" not in embedded
    with Image.open(io.BytesIO(embedded)) as shown, Image.open(io.BytesIO(photo)) as original:
        assert shown.size == original.size and shown.tobytes() == original.tobytes()  # same pixels
    heic = base64.b64encode(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic").decode()
    with pytest.raises(SvgRefused, match="embeds"):
        clean_svg(f'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/heic;base64,{heic}"/></svg>'.encode())

"""Cleaning an SVG file of what its editor wrote about the author and their machine.

Editors keep private data in an SVG that no browser draws: Inkscape's `sodipodi:docname` and
`inkscape:export-filename` hold `/home/<user>/...`, `<metadata>` holds an RDF/Dublin Core
creator, Illustrator embeds its whole private document (`i:pgf`) and an XMP packet, Sketch adds
`sketch:` attributes. The file is parsed with defusedxml (a DOCTYPE or an entity is refused: an
SVG never needs one, and entities are how a hostile file expands or reads other files), and the
editors' namespaces, `<metadata>` and every comment and processing instruction are dropped.
Everything in the SVG, XLink, XHTML and MathML namespaces (and unqualified attributes) is kept
as it is, so the drawing stays identical.

Pictures embedded as `data:` addresses (Inkscape embeds an imported photo so, EXIF and GPS
included) are replaced by the same pixels with no metadata at all (images/strip.py); one that
cannot be cleaned so makes the whole SVG refused.

Scripts are not removed but reported (see `scripts_in`): the caller decides, because removing
them silently would break an artist's interactive piece, and publishing them unseen would let a
downloaded SVG run code on the site's origin.
"""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_SVG = 32 << 20  # a bigger SVG is not a drawing a blog publishes; parsing it would cost the build
MAX_ELEMENTS = 500_000
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# Namespaces a browser reads in an SVG; any other namespace is an editor's or a tool's private data.
KEEP_NAMESPACES = {SVG, XLINK, "http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML",
                   "http://www.w3.org/XML/1998/namespace"}
# Elements of the SVG namespace that hold no drawing, only data about the document.
DROP_SVG_ELEMENTS = {f"{{{SVG}}}metadata"}
# foreignObject/switch branches that only the writing editor reads (Illustrator's `i:pgfRef`).
_EDITOR_EXTENSIONS = ("http://ns.adobe.com/",)
_EVENT_PREFIX = "on"
# Written as the default namespace and the conventional xlink: prefix, not ns0:/ns1:. Global, but
# benign: only SVG-namespace elements are affected, and every unqualified element is dropped
# (_kept_element), so none can silently become SVG on output.
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


class SvgRefused(ValueError):
    """Why an SVG cannot be published cleaned: it does not parse, or is not a plain SVG document."""


def clean_svg(data: bytes) -> tuple[bytes, list[str]]:
    """The SVG with editors' private data removed, and the scripts found in it (see scripts_in)."""
    if len(data) > MAX_SVG:
        raise SvgRefused(f"larger than {MAX_SVG >> 20} MB")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SvgRefused("it has a DOCTYPE or entities, which an SVG never needs and a hostile file uses "
                         "to expand or read other files") from None
    except ET.ParseError as exc:
        raise SvgRefused(f"it does not parse as XML ({exc})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise SvgRefused("its root element is not <svg> in the SVG namespace")
    for count, _ in enumerate(root.iter(), 1):
        if count > MAX_ELEMENTS:
            raise SvgRefused(f"more than {MAX_ELEMENTS} elements")
    _clean(root)
    _clean_embedded(root)
    scripts = scripts_in(root)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8"), scripts


def _namespace(name: str) -> str:
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def _kept_element(element: ET.Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction, were a parser to keep them
        return False
    if _namespace(tag) not in KEEP_NAMESPACES or tag in DROP_SVG_ELEMENTS:
        return False
    extensions = element.get("requiredExtensions", "")
    return not (tag == f"{{{SVG}}}foreignObject" and extensions.startswith(_EDITOR_EXTENSIONS))


def _clean(element: ET.Element) -> None:
    """Drop, below `element`, the elements and attributes outside KEEP_NAMESPACES. A dropped
    element's tail text (whitespace between elements, or text of a <text>) stays in place."""
    for name in [name for name in element.attrib if name.startswith("{")
                 and _namespace(name) not in KEEP_NAMESPACES]:
        del element.attrib[name]
    children = list(element)
    for index, child in enumerate(children):
        if _kept_element(child):
            _clean(child)
            continue
        if child.tail:
            if index == 0:
                element.text = (element.text or "") + child.tail
            else:
                previous = children[index - 1]
                previous.tail = (previous.tail or "") + child.tail
            child.tail = None
        element.remove(child)


_HREFS = ("href", f"{{{XLINK}}}href")
_EMBEDDED_MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}


def _clean_embedded(root: ET.Element) -> None:
    """Every `data:` picture in an <image> or <feImage>, stripped of its metadata."""
    for element in root.iter():
        if element.tag not in (f"{{{SVG}}}image", f"{{{SVG}}}feImage"):
            continue
        for name in _HREFS:
            value = element.get(name)
            if value is not None and value.lstrip()[:5].lower() == "data:":
                element.set(name, _clean_data_uri(value.strip()))


def _clean_data_uri(uri: str) -> str:
    from generator.images.privacy import CannotClean
    from generator.images.strip import strip_all
    from generator.provenance.reader import sniff_container

    head, _, payload = uri.partition(",")
    if not head.lower().endswith(";base64"):
        raise SvgRefused("it embeds a picture that is not base64, which artsite cannot clean")
    try:
        data = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        raise SvgRefused("it embeds a picture whose base64 does not decode") from None
    if head.lower().startswith("data:image/svg+xml"):
        inner, _ = clean_svg(data)
        return "data:image/svg+xml;base64," + base64.b64encode(inner).decode("ascii")
    fmt = sniff_container(data)
    if fmt not in _EMBEDDED_MIME:
        raise SvgRefused(f"it embeds a {fmt} picture, which artsite cannot clean of location and camera data")
    try:
        cleaned = strip_all(data, fmt.upper())
    except CannotClean as exc:
        raise SvgRefused(f"it embeds a picture artsite cannot clean ({exc})") from None
    return f"data:{_EMBEDDED_MIME[fmt]};base64," + base64.b64encode(cleaned).decode("ascii")


def scripts_in(root: ET.Element) -> list[str]:
    """What in the SVG would run code when the file is opened: `<script>` elements, `on*` event
    attributes and `javascript:` links, each named once, in document order."""
    found: list[str] = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if local == "script" and "<script>" not in found:
            found.append("<script>")
        for name, value in element.attrib.items():
            bare = name.rsplit("}", 1)[-1].lower()
            if bare.startswith(_EVENT_PREFIX) and f"{bare}=" not in found:
                found.append(f"{bare}=")
            if bare == "href" and "".join(value.split()).lower().startswith("javascript:") \
                    and "javascript: link" not in found:
                found.append("javascript: link")
    return found

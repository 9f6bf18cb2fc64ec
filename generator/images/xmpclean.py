"""Cleaning an XMP packet by namespace URI, keeping only an allow-list of properties.

A prefix is whatever the writer chose: DJI's drones write `drone-dji:GpsLatitude`, another tool
may call the EXIF namespace `e:` and write `e:GPSLatitude`. Matching text by prefix therefore
misses location and identity under any name nobody thought of. So the packet is parsed (with
defusedxml: no entity expansion, no DTD), every property is named by its namespace URI, and only
the properties listed in KEEP survive: generation data (description, creator tool, the IPTC AI
fields, the EXIF user comment tools write the prompt into), rights and the consent vocabulary.
Anything else, including every structure (IPTC creator contact info, locations, history), goes.
Values are copied as text only, so nothing of the source's markup reaches the output.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_XMP = 4 << 20
MAX_ELEMENTS = 20_000
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"
# namespace URI -> (conventional prefix, local names `originals: clean` keeps)
KEEP: dict[str, tuple[str, frozenset[str]]] = {
    DC: ("dc", frozenset({"description", "title", "subject", "rights", "format"})),
    "http://purl.org/dc/terms/": ("dcterms", frozenset({"provenance"})),  # a C2PA remote manifest's URL
    "http://ns.adobe.com/xap/1.0/": ("xmp", frozenset({"CreatorTool", "CreateDate", "ModifyDate",
                                                       "MetadataDate", "Rating", "Label"})),
    "http://ns.adobe.com/xap/1.0/rights/": ("xmpRights", frozenset({"UsageTerms", "WebStatement", "Marked"})),
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": ("Iptc4xmpExt", frozenset({
        "DigitalSourceType", "DigitalSourceFileType", "AISystemUsed", "AISystemVersionUsed",
        "AIPromptInformation"})),
    "http://ns.useplus.org/ldf/xmp/1.0/": ("plus", frozenset({"DigitalSourceType", "DataMining"})),
    "http://ns.adobe.com/exif/1.0/": ("exif", frozenset({"UserComment", "PixelXDimension", "PixelYDimension",
                                                         "ColorSpace"})),
    "http://ns.adobe.com/tiff/1.0/": ("tiff", frozenset({"ImageWidth", "ImageLength", "Orientation",
                                                         "ImageDescription", "Software"})),
    "http://www.w3.org/ns/tdmrep/": ("tdm", frozenset({"reservation", "policy"})),
}
# Of those, the ones that carry generation text: a work whose prompt is hidden keeps none of them.
GENERATION_TEXT = {(DC, "description"), (DC, "title"), (DC, "subject"),
                   ("http://ns.adobe.com/exif/1.0/", "UserComment"),
                   ("http://ns.adobe.com/tiff/1.0/", "ImageDescription"),
                   ("http://ns.adobe.com/tiff/1.0/", "Software"),
                   ("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "AIPromptInformation")}
_CONTAINERS = {f"{{{RDF}}}Alt", f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"}
_LI = f"{{{RDF}}}li"
_DESCRIPTION = f"{{{RDF}}}Description"
_PACKET_START = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_PACKET_END = '\n<?xpacket end="w"?>'


def clean_xmp_packet(xmp: bytes, drop_text: bool = False) -> bytes:
    """The allowed properties of `xmp` as a new packet; b"" when nothing is kept or it does not parse.

    drop_text also removes the generation text (for works whose prompt is hidden)."""
    if len(xmp) > MAX_XMP:
        return b""
    start = xmp.find(b"<x:xmpmeta")
    if start < 0:
        start = xmp.find(b"<rdf:RDF")
    end = max(xmp.rfind(b"</x:xmpmeta>") + len(b"</x:xmpmeta>"), xmp.rfind(b"</rdf:RDF>") + len(b"</rdf:RDF>"))
    if start < 0 or end <= start:
        return b""
    try:
        root = fromstring(xmp[start:end], forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        return b""
    if sum(1 for _ in root.iter()) > MAX_ELEMENTS:
        return b""
    kept: list[tuple[str, str, str]] = []  # (uri, local, serialised value)
    for description in root.iter(_DESCRIPTION):
        for attr, value in description.attrib.items():
            if _allowed(attr, drop_text):
                uri, local = _split(attr)
                kept.append((uri, local, escape(value, quote=False)))
        for prop in description:
            if prop.tag != _DESCRIPTION and _allowed(prop.tag, drop_text):
                value = _value(prop)
                if value is not None:
                    uri, local = _split(prop.tag)
                    kept.append((uri, local, value))
    if not kept:
        return b""
    return _packet(kept).encode("utf-8")


def _split(tag: str) -> tuple[str, str]:
    if not tag.startswith("{"):
        return "", tag
    uri, _, local = tag[1:].partition("}")
    return uri, local


def _allowed(tag: str, drop_text: bool) -> bool:
    uri, local = _split(tag)
    entry = KEEP.get(uri)
    if entry is None or local not in entry[1]:
        return False
    return not (drop_text and (uri, local) in GENERATION_TEXT)


def _value(prop: ET.Element) -> str | None:
    """A simple value, or an rdf:Alt/Seq/Bag of simple items, re-serialised; structures give None."""
    children = list(prop)
    if not children:
        return escape(prop.text or "", quote=False)
    if len(children) != 1 or children[0].tag not in _CONTAINERS:
        return None
    container = children[0]
    items = []
    for li in container:
        if li.tag != _LI or len(li):
            return None
        lang = li.get(XML_LANG)
        attr = f' xml:lang="{escape(lang)}"' if lang else ""
        items.append(f"<rdf:li{attr}>{escape(li.text or '', quote=False)}</rdf:li>")
    kind = container.tag.rsplit("}", 1)[1]
    return f"<rdf:{kind}>{''.join(items)}</rdf:{kind}>"


def _packet(kept: list[tuple[str, str, str]]) -> str:
    used = sorted({uri for uri, _, _ in kept})
    namespaces = "".join(f' xmlns:{KEEP[uri][0]}="{escape(uri)}"' for uri in used)
    props = "".join(f"<{KEEP[uri][0]}:{local}>{value}</{KEEP[uri][0]}:{local}>" for uri, local, value in kept)
    return (f'{_PACKET_START}<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{RDF}">'
            f'<rdf:Description rdf:about=""{namespaces}>{props}</rdf:Description></rdf:RDF></x:xmpmeta>{_PACKET_END}')

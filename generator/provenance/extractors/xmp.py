"""Flatten the XMP packet into "prefix:LocalName" -> text, so parsers need no XML.

The packet is untrusted XML: defusedxml refuses entity expansion and external references, the
size is bounded by the bag, and at most MAX_ELEMENTS elements are looked at. Known namespace URIs
get their conventional prefix whatever the file called them, so parsers can rely on
"Iptc4xmpExt:DigitalSourceType" or "dc:description".
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from generator.provenance.bag import MetadataBag
from generator.provenance.extractors._common import store

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

MAX_ELEMENTS = 20_000
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/exif/1.0/aux/": "aux",
    "http://cipa.jp/exif/1.0/": "exifEX",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.useplus.org/ldf/xmp/1.0/": "plus",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.google.com/photos/1.0/image/": "GImage",
    RDF: "rdf",
}
_CONTAINERS = {f"{{{RDF}}}Alt", f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"}
_DESCRIPTION = f"{{{RDF}}}Description"


class XmpExtractor:
    name = "xmp"
    order = 500  # after every container extractor has had the chance to find the packet

    def extract(self, data: bytes, bag: MetadataBag) -> None:
        if not bag.xmp:
            return
        start = bag.xmp.find("<")
        if start < 0:
            return
        # Deferred: the XML parser and defusedxml load only for files that carry XMP.
        import xml.etree.ElementTree as ET

        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import iterparse

        packet = bag.xmp[start:].encode("utf-8", errors="replace")
        prefixes: dict[str, str] = {}
        count = 0
        try:
            events = iterparse(io.BytesIO(packet), events=("start-ns", "start"), forbid_dtd=True)
            for event, item in events:
                if event == "start-ns":
                    prefix, uri = item
                    prefixes.setdefault(uri, prefix)
                    continue
                count += 1
                if count > MAX_ELEMENTS:
                    bag.warnings.append(f"xmp: more than {MAX_ELEMENTS} elements, stopped reading")
                    return
            root = events.root
        except (ET.ParseError, DefusedXmlException, ValueError) as exc:
            bag.warnings.append(f"xmp: packet is not well-formed XML ({exc})"[:300])
            return
        names = {**prefixes, **PREFIXES}
        for description in root.iter(_DESCRIPTION):
            _flatten(description, names, bag)


def _name(tag: str, names: dict[str, str]) -> str | None:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = names.get(uri)
    return f"{prefix}:{local}" if prefix else local


def _flatten(description: ET.Element, names: dict[str, str], bag: MetadataBag) -> None:
    for attr, value in description.attrib.items():
        if attr.startswith(f"{{{RDF}}}"):
            continue
        key = _name(attr, names)
        if key:
            store(bag, bag.xmp_fields, key, value.strip(), "xmp")
    for prop in description:
        key = _name(prop.tag, names)
        if not key or prop.tag == _DESCRIPTION:
            continue
        value = _value(prop)
        if value:
            store(bag, bag.xmp_fields, key, value, "xmp")
        resource = prop.get(f"{{{RDF}}}resource")
        if resource:
            store(bag, bag.xmp_fields, key, resource.strip(), "xmp")
        # Structures (rdf:parseType="Resource" or nested Description): their fields by name too.
        for child in prop:
            if child.tag not in _CONTAINERS and child.tag != _DESCRIPTION:
                sub = _name(child.tag, names)
                sub_value = _value(child)
                if sub and sub_value:
                    store(bag, bag.xmp_fields, sub, sub_value, "xmp")


def _value(prop: ET.Element) -> str:
    """A property's text; for rdf:Alt the x-default (or first) item, for Seq/Bag all items joined."""
    for child in prop:
        if child.tag in _CONTAINERS:
            items = [li for li in child if li.tag == f"{{{RDF}}}li"]
            if not items:
                return ""
            if child.tag.endswith("Alt"):
                chosen = next((li for li in items if li.get(XML_LANG) == "x-default"), items[0])
                return (chosen.text or "").strip()
            return ", ".join((li.text or "").strip() for li in items if (li.text or "").strip())
    return (prop.text or "").strip()


EXTRACTOR = XmpExtractor()

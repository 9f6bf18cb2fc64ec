"""XMP flattening and the IPTC digital-source-type / AI-field annotation parser."""

from __future__ import annotations

from generator.provenance.bag import MetadataBag
from generator.provenance.extractors.xmp import EXTRACTOR
from generator.provenance.reader import interpret
from generator.provenance.result import Provenance

from ._h1_fixtures import xmp_packet

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def flatten(packet: bytes) -> MetadataBag:
    bag = MetadataBag(path="x", xmp=packet.decode("utf-8"))
    EXTRACTOR.extract(b"", bag)
    return bag


def test_attributes_alt_seq_bag_and_foreign_prefix() -> None:
    packet = xmp_packet(
        'xmp:CreatorTool="Draw Things" xmlns:foo="http://example.com/ns/foo/" foo:Thing="bar"',
        '<dc:title><rdf:Alt><rdf:li xml:lang="de">Titel</rdf:li><rdf:li xml:lang="x-default">Title</rdf:li>'
        '</rdf:Alt></dc:title><dc:subject><rdf:Bag><rdf:li>cat</rdf:li><rdf:li>dog</rdf:li></rdf:Bag></dc:subject>'
        '<dc:creator><rdf:Seq><rdf:li>someone</rdf:li></rdf:Seq></dc:creator>'
        f'<Iptc4xmpExt:DigitalSourceType>{AI}</Iptc4xmpExt:DigitalSourceType>')
    fields = flatten(packet).xmp_fields
    assert fields["xmp:CreatorTool"] == "Draw Things"
    assert fields["foo:Thing"] == "bar"
    assert fields["dc:title"] == "Title"
    assert fields["dc:subject"] == "cat, dog"
    assert fields["dc:creator"] == "someone"
    assert fields["Iptc4xmpExt:DigitalSourceType"] == AI


def test_known_namespace_gets_conventional_prefix_whatever_the_file_says() -> None:
    packet = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
              b'ext:DigitalSourceType="' + AI.encode() + b'"/></rdf:RDF></x:xmpmeta>')
    assert flatten(packet).xmp_fields["Iptc4xmpExt:DigitalSourceType"] == AI


def test_entity_expansion_and_garbage_are_refused_with_a_warning() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>')
    for packet in (bomb, b"<not closed", b"\x00\x01 not xml"):
        bag = flatten(packet)
        assert bag.xmp_fields == {}
    assert flatten(bomb).warnings


def test_element_count_is_bounded() -> None:
    body = "<dc:subject><rdf:Bag>" + "<rdf:li>x</rdf:li>" * 30_000 + "</rdf:Bag></dc:subject>"
    bag = flatten(xmp_packet(body=body))
    assert any("elements" in w for w in bag.warnings)


def test_source_type_sets_ai_generated_and_format() -> None:
    result = interpret(MetadataBag(path="x", xmp="<x/>", xmp_fields={"Iptc4xmpExt:DigitalSourceType": AI}))
    assert (result.format, result.digital_source_type, result.ai_generated) == ("xmp", AI, True)
    capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    result = interpret(MetadataBag(path="x", xmp="<x/>", xmp_fields={"Iptc4xmpExt:DigitalSourceType": capture}))
    assert (result.digital_source_type, result.ai_generated) == (capture, False)


def test_iptc_2025_ai_fields_go_to_extras_and_generator() -> None:
    fields = {"Iptc4xmpExt:AISystemUsed": "Imagen", "Iptc4xmpExt:AISystemVersionUsed": "4",
              "Iptc4xmpExt:AIPromptInformation": "a lighthouse", "Iptc4xmpExt:AIPromptWriterName": "Ann",
              "Iptc4xmpExt:DigitalSourceType": AI}
    result = interpret(MetadataBag(path="x", xmp="<x/>", xmp_fields=fields))
    assert result.generator == "Imagen"
    assert result.prompt == "a lighthouse"
    assert result.extras["ai_system_version"] == "4"
    assert result.extras["ai_prompt_writer"] == "Ann"


def test_generation_parser_verdict_is_kept() -> None:
    from generator.provenance.parsers.iptc_xmp import PARSER

    result = Provenance(file="x", format="a1111", generator="Forge", ai_generated=True)
    capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    PARSER.parse(MetadataBag(path="x", xmp_fields={"Iptc4xmpExt:DigitalSourceType": capture}), result)
    assert (result.format, result.generator, result.ai_generated) == ("a1111", "Forge", True)

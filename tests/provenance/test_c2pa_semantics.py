"""What C2PA and IPTC source types mean: trained AI, plain algorithms, broken and embedded manifests.

Manifests are signed at test time by c2pa-python with a throwaway chain (tests/support/c2pa_sign),
so the bytes are what a real signer writes.
"""

from __future__ import annotations

import pytest

from generator.provenance.bag import MetadataBag
from generator.provenance.disclosure import disclose
from generator.provenance.extractors.xmp import EXTRACTOR as XMP
from generator.provenance.reader import interpret, read_provenance
from tests.kit.c2pa_sign import make_signer, manifest
from tests.provenance._h1_fixtures import xmp_packet

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


@pytest.fixture(scope="module")
def sign():
    return make_signer()


@pytest.mark.parametrize(("term", "ai", "kind"), [
    ("trainedAlgorithmicMedia", True, "generated"),
    ("compositeWithTrainedAlgorithmicMedia", True, "edited"),
    ("algorithmicMedia", False, "algorithmic"),
])
def test_signed_source_types(sign, term: str, ai: bool, kind: str) -> None:
    data = sign(manifest([{"action": "c2pa.created", "digitalSourceType": IPTC + term}]))
    result = read_provenance("signed.png", data=data)
    assert result.digital_source_type == IPTC + term
    assert result.ai_generated is ai
    disclosure, _ = disclose(result, None)
    assert disclosure.kind == kind
    assert disclosure.text != "AI-generated" or ai


def test_algorithmic_media_in_xmp_is_not_called_ai() -> None:
    bag = MetadataBag(path="x", xmp=xmp_packet(body=f"<Iptc4xmpExt:DigitalSourceType>{IPTC}algorithmicMedia"
                                                      "</Iptc4xmpExt:DigitalSourceType>").decode())
    XMP.extract(b"", bag)
    result = interpret(bag)
    assert (result.format, result.ai_generated) == ("xmp", False)
    assert disclose(result, None)[0].text == "Made by an algorithm (not trained AI)"


def test_trained_ai_wins_over_algorithmic_when_both_are_listed() -> None:
    bag = MetadataBag(path="x", c2pa={"active_manifest": "m", "validation_state": "Valid", "manifests": {"m": {
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [
            {"action": "c2pa.created", "digitalSourceType": IPTC + "algorithmicMedia"},
            {"action": "c2pa.edited", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}]}}]}}})
    result = interpret(bag)
    assert (result.digital_source_type, result.ai_generated) == (IPTC + "trainedAlgorithmicMedia", True)


def test_unreadable_manifest_is_reported_as_c2pa_with_its_error(sign) -> None:
    data = bytearray(sign(manifest([{"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}])))
    start = data.index(b"jumb")
    data[start + 40: start + 400] = b"\x00" * 360  # the manifest store's boxes no longer parse
    result = read_provenance("broken.png", data=bytes(data))
    assert result.format == "c2pa"
    assert result.c2pa is not None and result.c2pa.validation_state == "Invalid"
    assert result.c2pa.validation_errors and result.c2pa.validation_errors[0]
    assert disclose(result, None)[0].evidence == "invalid"


def test_self_jumbf_reference_is_not_a_remote_manifest(sign) -> None:
    packet = xmp_packet('dcterms:provenance="self#jumbf=/c2pa/urn:uuid:6c7ab5b6-2d3c-4a0e-9d47-1f2e3a4b5c6d"')
    bag = MetadataBag(path="x", xmp=packet.decode())
    XMP.extract(b"", bag)
    assert bag.xmp_fields["dcterms:provenance"].startswith("self#jumbf")
    result = interpret(bag)
    assert result.c2pa is None
    remote = MetadataBag(path="x", xmp_fields={"dcterms:provenance": "https://cai-manifests.adobe.com/manifests/x"})
    assert interpret(remote).c2pa.remote_manifest_url == "https://cai-manifests.adobe.com/manifests/x"

"""C2PA: a manifest signed at test time with a throwaway ES256 chain, plus manifest-store dicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.provenance.bag import MetadataBag
from generator.provenance.parsers.c2pa import PARSER, summarize
from generator.provenance.reader import interpret, read_provenance
from generator.provenance.result import Provenance
from tests.kit.c2pa_sign import AI_SOURCE as AI
from tests.kit.c2pa_sign import CAPTURE_SOURCE as CAPTURE
from tests.kit.c2pa_sign import make_signer
from tests.kit.c2pa_sign import manifest as _manifest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="module")
def sign():
    """sign(manifest_dict) -> PNG bytes carrying a C2PA manifest signed by a test-only chain."""
    return make_signer()


def test_signed_ai_image_is_summarised(sign) -> None:
    data = sign(_manifest([{"action": "c2pa.created", "digitalSourceType": AI,
                            "softwareAgent": {"name": "TestGen", "version": "2"}}]))
    result = read_provenance("signed.png", data=data)
    assert result.c2pa is not None
    assert result.c2pa.claim_generator == "artsite-test/1.0"
    assert result.c2pa.issuer == "artsite tests"
    assert result.c2pa.actions == ["c2pa.created"]
    assert result.c2pa.software_agents == ["TestGen"]
    assert result.c2pa.digital_source_types == [AI]
    assert result.c2pa.manifest_count == 1
    assert result.c2pa.validation_state in ("Valid", "Trusted")
    assert "signingCredential.untrusted" in result.c2pa.validation_errors  # no trust list offline
    assert (result.format, result.generator, result.ai_generated) == ("c2pa", "artsite-test/1.0", True)
    assert result.digital_source_type == AI


def test_signed_non_ai_image_is_not_ai(sign) -> None:
    data = sign(_manifest([{"action": "c2pa.created", "digitalSourceType": CAPTURE}]))
    result = read_provenance("camera.png", data=data)
    assert result.ai_generated is False
    assert result.digital_source_type == CAPTURE


def test_tampered_pixels_are_invalid(sign) -> None:
    data = bytearray(sign(_manifest([{"action": "c2pa.created", "digitalSourceType": AI}])))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # inside the compressed pixels: the hard binding no longer matches
    result = read_provenance("tampered.png", data=bytes(data))
    assert result.c2pa is not None
    assert result.c2pa.validation_state == "Invalid"
    assert any("mismatch" in code for code in result.c2pa.validation_errors)


def test_plain_images_never_load_c2pa(tmp_path: Path) -> None:
    image = tmp_path / "plain.png"
    Image.new("RGB", (4, 4)).save(image)
    code = ("import sys; from generator.provenance.reader import read_provenance; "
            f"read_provenance({str(image)!r}); sys.exit(1 if 'c2pa' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def _store(manifests: dict, active: str, state: str = "Valid", status: list | None = None) -> dict:
    store = {"active_manifest": active, "manifests": manifests, "validation_state": state}
    if status is not None:
        store["validation_status"] = status
    return store


def test_source_type_only_in_ingredient_or_vendor_parameters() -> None:
    active = {"claim_generator": "Adobe_Firefly", "title": "Generated Image",
              "signature_info": {"issuer": "Adobe Inc.", "time": "2025-10-22T21:00:06+00:00"},
              "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [
                  {"action": "c2pa.opened", "parameters": {"com.adobe.digitalSourceType": AI}}]}}]}
    bag = MetadataBag(path="x.png", container="png", c2pa=_store({"urn:a": active}, "urn:a"))
    result = interpret(bag)
    assert result.c2pa.digital_source_types == [AI]
    assert result.c2pa.signed_at == "2025-10-22T21:00:06+00:00"
    assert result.ai_generated is True
    assert result.generator == "Adobe Firefly"
    ingredient = {"claim_generator_info": [{"name": "OpenAI Media Service API"}], "assertions": [
        {"label": "c2pa.actions.v2", "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": AI,
                                                            "softwareAgent": {"name": "gpt-image"}}]}}]}
    edited = {"claim_generator": "Photo Editor 1.0", "assertions": [
        {"label": "c2pa.actions", "data": {"actions": [{"action": "c2pa.edited"}]}}]}
    store = _store({"urn:edit": edited, "urn:gen": ingredient}, "urn:edit", "Invalid",
                   [{"code": "assertion.dataHash.mismatch"}])
    summary = summarize(store)
    assert summary.claim_generator == "Photo Editor 1.0"
    assert summary.actions == ["c2pa.edited", "c2pa.created"]
    assert summary.software_agents == ["gpt-image"]
    assert summary.digital_source_types == [AI]
    assert summary.validation_errors == ["assertion.dataHash.mismatch"]
    assert summary.manifest_count == 2


def test_openai_and_microsoft_names() -> None:
    openai = {"claim_generator_info": [{"name": "OpenAI Media Service API"}], "assertions": [
        {"label": "c2pa.actions.v2", "data": {"actions": [
            {"action": "c2pa.created", "softwareAgent": {"name": "gpt-image"}, "digitalSourceType": AI}]}}]}
    result = interpret(MetadataBag(path="o.png", c2pa=_store({"m": openai}, "m", "Invalid")))
    assert result.generator == "OpenAI gpt-image"
    ms = {"claim_generator": "Microsoft_Responsible_AI/1.0", "assertions": []}
    result = interpret(MetadataBag(path="m.jpg", c2pa=_store({"m": ms}, "m")))
    assert result.generator == "Microsoft Designer"
    assert result.ai_generated is True  # a generation service, even without a source type


def test_manifest_without_ai_claim_is_false_and_does_not_override_generator() -> None:
    plain = {"claim_generator": "make_test_images/0.33.1", "assertions": [
        {"label": "c2pa.actions", "data": {"actions": [{"action": "c2pa.color_adjustments"}]}}]}
    result = Provenance(file="x", format="a1111", generator="Forge", ai_generated=True)
    assert PARSER.parse(MetadataBag(path="x", c2pa=_store({"m": plain}, "m")), result)
    assert (result.format, result.generator, result.ai_generated) == ("a1111", "Forge", True)
    result = interpret(MetadataBag(path="x", c2pa=_store({"m": plain}, "m")))
    assert (result.format, result.ai_generated) == ("c2pa", False)


def test_remote_manifest_reference_is_recorded_not_fetched() -> None:
    url = "https://example.invalid/manifests/abc"
    bag = MetadataBag(path="r.jpg", container="jpeg", xmp_fields={"dcterms:provenance": url})
    result = interpret(bag)
    assert result.c2pa is not None and result.c2pa.remote_manifest_url == url
    assert result.c2pa.manifest_count == 0
    assert result.ai_generated is None


def test_hostile_store_shapes_do_not_raise() -> None:
    for store in ({}, {"manifests": []}, {"manifests": {"a": None}}, {"manifests": {"a": {"assertions": "x"}}},
                  {"manifests": {"a": {"assertions": [{"label": "c2pa.actions", "data": {"actions": [1, None]}}]}}},
                  {"manifests": {"a": {"x": [[[[AI]]]]}}}):
        result = interpret(MetadataBag(path="h", c2pa=store))
        assert result.error is None


CORPUS = SHARED / "corpus"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared corpus not available")
@pytest.mark.parametrize(("name", "ai", "state"), [
    ("c2pa_chatgpt_gptimage_01.png", True, "Invalid"),
    ("c2pa_designer_dalle3_01.jpg", True, "Invalid"),
    ("c2pa_firefly_01.jpg", True, "Valid"),
    ("c2pa_firefly_gemini_01.png", True, "Valid"),
    ("c2pa_test_CA_01.jpg", False, "Valid"),
    ("c2pa_test_hash_mismatch_01.jpg", False, "Invalid"),
])
def test_corpus_c2pa_files(name: str, ai: bool, state: str) -> None:
    result = read_provenance(CORPUS / name)
    assert result.c2pa is not None and result.c2pa.manifest_count >= 1
    assert result.c2pa.validation_state == state
    assert result.ai_generated is ai


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared corpus not available")
def test_corpus_remote_manifest_only() -> None:
    result = read_provenance(CORPUS / "c2pa_test_remote_01.jpg")
    assert result.c2pa is not None
    assert result.c2pa.remote_manifest_url.startswith("https://cai-manifests.adobe.com/manifests/")


def test_a_third_party_model_named_in_vendor_parameters_is_a_software_agent() -> None:
    """Firefly running Google's model names it only in the action's parameters; the label must
    come from that model, not from the host app."""
    from generator.openness import openness_for

    active = {"claim_generator": "Adobe_Firefly", "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [
        {"action": "c2pa.created", "digitalSourceType": AI,
         "parameters": {"com.adobe.type": "remoteProvider.3rdParty", "com.adobe.modelVersion": "nano-banana",
                        "com.adobe.modelId": "gemini-flash", "com.adobe.details": "Gemini Flash"}}]}}]}
    bag = MetadataBag(path="x.png", container="png", c2pa=_store({"urn:a": active}, "urn:a"))
    result = interpret(bag)
    assert result.c2pa is not None
    assert result.c2pa.software_agents == ["nano-banana", "gemini-flash", "Gemini Flash"]
    label = openness_for(result)
    assert label.grade.model_id == "gemini-2.5-flash-image" and label.resolution.matched_by == "software agent"


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="../shared is absent")
def test_corpus_firefly_with_gemini_is_labelled_as_gemini() -> None:
    from generator.openness import openness_for

    result = read_provenance(SHARED / "corpus" / "c2pa_firefly_gemini_01.png")
    assert openness_for(result).grade.model_id == "gemini-2.5-flash-image"

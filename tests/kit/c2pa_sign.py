"""Signing test images with Content Credentials, using a throwaway ES256 chain made at test time.

No real certificate or private key is ever checked in: each test session makes its own CA and
signer with `cryptography`, so C2PA reading and the badge's evidence levels are tested on files
signed exactly the way real tools sign them.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

AI_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTURE_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"


def _name(cn: str, organisation: str = "artsite tests") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])


def _cert(subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey,
          signing_key: ec.EllipticCurvePrivateKey, ca: bool, days: int = 30) -> x509.Certificate:
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        builder = (builder
                   .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                                  critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()),
                                  critical=False))
    return builder.sign(signing_key, hashes.SHA256())


class Signer:
    """sign(manifest, size=(8, 8), colour=(1, 2, 3)) -> PNG bytes carrying a signed C2PA manifest;
    `ca_pem` is the root certificate, for tests that configure it as a trust anchor."""

    def __init__(self, sign: Callable[..., bytes], ca_pem: str) -> None:
        self._sign = sign
        self.ca_pem = ca_pem

    def __call__(self, *args: object, **kwargs: object) -> bytes:
        return self._sign(*args, **kwargs)

    def sign_bytes(self, manifest: dict, data: bytes, mime: str) -> bytes:
        """Any file c2pa-python can sign (a video, say), with the same throwaway signer."""
        return self._sign(manifest, source_bytes=data, mime=mime)


def make_signer(days: int = 30, organisation: str = "artsite tests") -> Signer:
    """A signer with its own throwaway CA. The demo site (scripts/make_demo_images.py) signs one work
    with a longer-lived chain under its own organisation name; its private keys are never kept."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert(_name(f"{organisation} CA", organisation), _name(f"{organisation} CA", organisation), ca_key.public_key(),
               ca_key, ca=True, days=days)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _cert(_name(f"{organisation} signer", organisation), ca.subject, key.public_key(), ca_key, ca=False,
                 days=days)
    chain = leaf.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())

    def sign(manifest: dict, size: tuple[int, int] = (8, 8), colour: tuple[int, int, int] = (1, 2, 3),
             source_bytes: bytes | None = None, mime: str = "image/png") -> bytes:
        signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, pem_key, None))
        source = io.BytesIO(source_bytes or b"")
        if source_bytes is None:
            Image.new("RGB", size, colour).save(source, "PNG")
        source.seek(0)
        dest = io.BytesIO()
        with c2pa.Builder(manifest) as builder:
            builder.sign(signer, mime, source, dest)
        return dest.getvalue()

    return Signer(sign, ca.public_bytes(serialization.Encoding.PEM).decode("ascii"))


def manifest(actions: list[dict], generator: str = "artsite-test") -> dict:
    return {"claim_generator_info": [{"name": generator, "version": "1.0"}], "title": "t.png",
            "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}]}

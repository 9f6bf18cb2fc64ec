"""Licence names and URLs: SPDX ids and Creative Commons URLs, both ways.

Artists write `license: CC-BY-NC-ND-4.0` or paste the deed URL; either must give the same footer
line, the same `rel="license"` link and the same JSON-LD `license` URL. A string we cannot read
is still shown as written (it is the artist's statement) but gets no link, because a wrong link
would misstate the terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CC_BASE = "https://creativecommons.org/"
_CC_CODES = ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")
_CC_VERSIONS = ("1.0", "2.0", "2.5", "3.0", "4.0")
_SPDX_CC = re.compile(r"^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)(?:-([A-Z]{2,5}))?$", re.IGNORECASE)
_CC_URL = re.compile(r"^https?://(?:www\.)?creativecommons\.org/(?:licenses/([a-z-]+)/(\d\.\d)(?:/([a-z]{2,5}))?"
                     r"|publicdomain/(zero|mark)/(1\.0))(?:/(?:deed\.[A-Za-z_-]+|legalcode(?:\.[A-Za-z_-]+)?)?)?/?$",
                     re.IGNORECASE)

# Common non-CC licences artists and their tools use; any other SPDX id is "unknown" to us.
OTHER_SPDX = {
    "MIT": "MIT License",
    "Apache-2.0": "Apache License 2.0",
    "GPL-3.0-only": "GNU General Public License v3.0 only",
    "GPL-3.0-or-later": "GNU General Public License v3.0 or later",
    "LGPL-3.0-or-later": "GNU Lesser General Public License v3.0 or later",
    "AGPL-3.0-or-later": "GNU Affero General Public License v3.0 or later",
    "BSD-2-Clause": "BSD 2-Clause License",
    "BSD-3-Clause": "BSD 3-Clause License",
    "MPL-2.0": "Mozilla Public License 2.0",
    "OFL-1.1": "SIL Open Font License 1.1",
    "Unlicense": "The Unlicense",
    "0BSD": "BSD Zero Clause License",
    "FAL-1.3": "Free Art License 1.3",
    "LAL-1.3": "Licence Art Libre 1.3",
    "GFDL-1.3-or-later": "GNU Free Documentation License v1.3 or later",
    "ODbL-1.0": "Open Data Commons Open Database License 1.0",
    "CC-PDDC": "Creative Commons Public Domain Dedication and Certification",
}
_OTHER_BY_LOWER = {key.lower(): key for key in OTHER_SPDX}
_RESERVED = {"all rights reserved", "all-rights-reserved", "arr", "copyright", "©"}


@dataclass(frozen=True)
class LicenseInfo:
    """What templates get as `license_info`: a name to show, a URL to link (or ""), the SPDX id if any."""

    name: str
    url: str
    spdx: str
    known: bool = True

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "url": self.url, "spdx": self.spdx}


def _cc(code: str, version: str, jurisdiction: str | None) -> LicenseInfo:
    code = code.lower()
    juris = (jurisdiction or "").lower()
    url = f"{CC_BASE}licenses/{code}/{version}/" + (f"{juris}/" if juris else "")
    spdx = f"CC-{code.upper()}-{version}" + (f"-{juris.upper()}" if juris else "")
    name = f"CC {code.upper()} {version}" + (f" {juris.upper()}" if juris else "")
    return LicenseInfo(name=name, url=url, spdx=spdx)


def _cc0() -> LicenseInfo:
    return LicenseInfo(name="CC0 1.0", url=f"{CC_BASE}publicdomain/zero/1.0/", spdx="CC0-1.0")


def _from_url(value: str) -> LicenseInfo | None:
    match = _CC_URL.match(value)
    if match is None:
        return None
    code, version, juris, pd_kind, _pd_version = match.groups()
    if pd_kind:
        if pd_kind.lower() == "zero":
            return _cc0()
        return LicenseInfo(name="Public Domain Mark 1.0", url=f"{CC_BASE}publicdomain/mark/1.0/", spdx="")
    if code.lower() not in _CC_CODES or version not in _CC_VERSIONS:
        return None
    return _cc(code, version, juris)


def _from_spdx(value: str) -> LicenseInfo | None:
    if value.upper() == "CC0-1.0":
        return _cc0()
    match = _SPDX_CC.match(value)
    if match is not None:
        code, version, juris = match.groups()
        if version in _CC_VERSIONS:
            return _cc(code, version, juris)
        return None
    canonical = _OTHER_BY_LOWER.get(value.lower())
    if canonical is not None:
        return LicenseInfo(name=OTHER_SPDX[canonical], url=f"https://spdx.org/licenses/{canonical}.html",
                           spdx=canonical)
    return None


def resolve_license(value: object) -> LicenseInfo | None:
    """An SPDX id or licence URL as name/url/spdx; None when nothing is set.

    Unknown strings come back with `known=False`, shown as written and unlinked, so the caller
    can warn. `LicenseRef-...` ids (SPDX's own way to name a custom licence) and "All rights
    reserved" are taken as deliberate: shown, not linked, not warned about.
    """
    if value is None or value is False:
        return None
    text = str(value).strip()[:200]
    if not text:
        return None
    found = _from_url(text) if "://" in text else _from_spdx(text)
    if found is not None:
        return found
    if text.lower() in _RESERVED:
        return LicenseInfo(name="All rights reserved", url="", spdx="")
    if text.startswith("LicenseRef-"):
        return LicenseInfo(name=text, url="", spdx=text)
    return LicenseInfo(name=text, url="", spdx="", known=False)

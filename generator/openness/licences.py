"""The reader-facing terms of the licences model weights ship under.

A credits ledger must answer three questions a reader of an artwork asks about each resource:
may it be used commercially, must its makers be credited, may others build on it. Registry entries
record the licence by name and class, not these terms, so they are looked up here, by the licence's
SPDX id or Hugging Face licence tag, from the licence texts themselves (cited per licence). A licence
not in this table yields "unknown" for every term: the ledger never infers terms from a licence's name.
An entry's own `commercial_use_weights` (read from the maker's page) wins over the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TERM_VALUES = ("yes", "conditional", "no", "unknown")


@dataclass(frozen=True)
class Terms:
    """yes / conditional / no / unknown for each question, with the licence text's address."""

    commercial: str = "unknown"
    credit: str = "unknown"
    derivatives: str = "unknown"
    url: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"commercial_use": self.commercial, "credit_required": self.credit,
                "derivatives_allowed": self.derivatives, "licence_url": self.url, "note": self.note}


# Keys are lower-case SPDX ids or Hugging Face licence tags. Each row restates the licence text at `url`.
_TABLE: dict[str, Terms] = {
    # Apache 2.0 s.2 grants use and derivative works for any purpose; s.4 requires keeping attribution notices.
    "apache-2.0": Terms("yes", "yes", "yes", "https://www.apache.org/licenses/LICENSE-2.0",
                        "keep the licence and NOTICE attributions"),
    # MIT: any use, modification and sale, provided the copyright and permission notice are kept.
    "mit": Terms("yes", "yes", "yes", "https://opensource.org/license/mit", "keep the copyright notice"),
    # CreativeML Open RAIL-M s.4: derivatives allowed, must pass on the use restrictions (Attachment A) and keep
    # attribution notices; commercial use is allowed within those restrictions.
    "creativeml-openrail-m": Terms("conditional", "yes", "conditional",
                                   "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
                                   "use restrictions of Attachment A travel with every copy and derivative"),
    # CreativeML Open RAIL++-M (SDXL): same structure as Open RAIL-M.
    "openrail++": Terms("conditional", "yes", "conditional",
                        "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
                        "use restrictions of Attachment A travel with every copy and derivative"),
    # CC BY-NC 4.0: attribution required, adaptations allowed, no commercial use.
    "cc-by-nc-4.0": Terms("no", "yes", "yes", "https://creativecommons.org/licenses/by-nc/4.0/legalcode"),
    # CC BY-NC-SA 4.0: as BY-NC, and adaptations must be shared under the same licence.
    "cc-by-nc-sa-4.0": Terms("no", "yes", "conditional",
                             "https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode",
                             "adaptations must use the same licence"),
    # CC BY 4.0: any use including commercial, with attribution.
    "cc-by-4.0": Terms("yes", "yes", "yes", "https://creativecommons.org/licenses/by/4.0/legalcode"),
}
_CLOSED = Terms("no", "unknown", "no", None, "weights are not distributed")


def _key(text: Any) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return text.strip().lower().split(" ", 1)[0]


def licence_terms(licence: Mapping[str, Any] | None, entry: Mapping[str, Any] | None = None) -> Terms:
    """The terms for a registry `weights_license` mapping (or a declared one), entry facts first."""
    licence = licence or {}
    terms = Terms()
    for candidate in (licence.get("spdx"), licence.get("hf_license_tag"), licence.get("name")):
        key = _key(candidate)
        if key in _TABLE:
            terms = _TABLE[key]
            break
    else:
        if licence.get("class") == "proprietary" or (entry or {}).get("weights_available") == "no":
            terms = _CLOSED
    own = (entry or {}).get("commercial_use_weights")
    if own in TERM_VALUES and own != "unknown":
        terms = Terms(own, terms.credit, terms.derivatives, terms.url, terms.note)
    return terms


def declared_terms(facts: Mapping[str, Any]) -> Terms:
    """Terms an artist wrote in a sidecar's `resources:` entry, over the table row of its licence."""
    base = licence_terms({"spdx": facts.get("license")})

    def pick(key: str, fallback: str) -> str:
        value = facts.get(key)
        value = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        return value if value in TERM_VALUES else fallback

    return Terms(pick("commercial_use", base.commercial), pick("credit_required", base.credit),
                 pick("derivatives_allowed", base.derivatives), base.url, base.note)


def licence_class(text: Any) -> str:
    """The label rule's licence class for a declared licence id; unknown unless the table knows it."""
    key = _key(text)
    if key in ("apache-2.0", "mit"):
        return "osi"
    if key in ("creativeml-openrail-m", "openrail++"):
        return "rail"
    if key in ("cc-by-nc-4.0", "cc-by-nc-sa-4.0"):
        return "noncommercial"
    if key == "cc-by-4.0":
        return "open-data"
    return "unknown"

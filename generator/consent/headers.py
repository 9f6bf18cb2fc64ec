"""`_headers` for Netlify and Cloudflare Pages: the reservation as HTTP response headers.

Headers reach what meta tags cannot: images, feeds, every file. Both hosts read the same format
(a path line, then indented `Name: value` lines). Neither can portably *remove* a header a
broader rule set (Cloudflare has `! Name`, Netlify rejects it), so when the site reserves
everything, pages that lift the reservation are not carved out here; they say
`tdm-reservation: 0` in their HTML instead, which TDMRep ranks above HTTP headers.
"""

from __future__ import annotations

from collections.abc import Iterable

PATH = "_headers"
NOAI = "noai, noimageai"


def _block(pattern: str, policy_url: str) -> list[str]:
    lines = [pattern, f"  X-Robots-Tag: {NOAI}", "  tdm-reservation: 1"]
    if policy_url:
        lines.append(f"  tdm-policy: {policy_url}")
    return lines


def _clean(value: str) -> str:
    """Header values come from site.yaml; a line break would inject a new header or rule."""
    return "" if any(ch in value for ch in "\r\n\t ") else value


def headers_file(base_path: str, site_reserved: bool, site_policy: str,
                 reserved_paths: Iterable[tuple[str, str]], lifted_paths: Iterable[str],
                 json_ld: Iterable[str] = ()) -> str | None:
    """The file, or None when nothing is reserved.

    `reserved_paths` (path, policy) are pages reserved while the site is not; each gets a rule
    for the page and one for what lies under it. `lifted_paths` only earn a comment. `json_ld`
    paths (the generated TDM policy) are served as `application/ld+json`, the type TDMRep names
    for a machine-readable policy; hosts would otherwise say `application/json`.
    """
    out = ["# Written by artsite (consent plugin): AI-training reservation as HTTP headers.",
           "# Read by Netlify and Cloudflare Pages; other hosts ignore this file (see docs/consent.md)."]
    blocks: list[list[str]] = []
    if site_reserved:
        blocks.append(_block(f"{base_path}*", _clean(site_policy)))
        lifted = sorted(set(lifted_paths))
        if lifted:
            out.append("# Lifted in the pages' own HTML (tdm-reservation 0), not here: "
                       "_headers cannot remove a header portably.")
            out.extend(f"#   {path}" for path in lifted)
    else:
        for path, policy in sorted(set(reserved_paths)):
            blocks.append(_block(path, _clean(policy)))
            if path.endswith("/"):
                blocks.append(_block(f"{path}*", _clean(policy)))
    if not blocks:
        return None
    blocks.extend([path, "  Content-Type: application/ld+json"] for path in sorted(set(json_ld)))
    for block in blocks:
        out.append("")
        out.extend(block)
    return "\n".join(out) + "\n"

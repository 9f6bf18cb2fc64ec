"""A registry source as a titled link: "FLUX.1 [dev] licence, Black Forest Labs", not a raw URL.

Registry sources are strings, one per line in models.yaml, so an entry's facts and where they come
from stay side by side and diffs stay line-based. A source is written as

    https://address (Title, Publisher)

and an address without a title still gets a readable one made from its host and path, so a visitor
never faces a 40-character commit hash as link text. A source that is not an address (a printed
paper, say) is shown as plain text.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def split_source(text: str) -> tuple[str | None, str | None]:
    """(address, title) of one source string; address is None for a non-URL source."""
    text = text.strip()
    address, _, rest = text.partition(" ")
    if not address.startswith(("https://", "http://")):
        return None, text
    rest = rest.strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    return address, rest or None


def fallback_title(address: str) -> str:
    """A readable title from the address alone: host, then the last meaningful path parts."""
    parts = urlsplit(address)
    host = parts.hostname or address
    host = host.removeprefix("www.")
    path = [unquote(p) for p in parts.path.split("/") if p]
    if host == "github.com" and len(path) >= 2:
        repo = "/".join(path[:2])
        rest = [p for p in path[2:] if p not in ("blob", "tree", "raw") and not _is_commit(p)]
        return f"{rest[-1]}, {repo} on GitHub" if rest else f"{repo} on GitHub"
    if host == "huggingface.co" and len(path) >= 2:
        repo = "/".join(path[:2])
        rest = [p for p in path[2:] if p not in ("blob", "tree", "resolve", "commit", "main") and not _is_commit(p)]
        return f"{rest[-1]}, {repo} on Hugging Face" if rest else f"{repo} on Hugging Face"
    return f"{host}/{'/'.join(path)}" if path else host


def _is_commit(part: str) -> bool:
    return len(part) == 40 and all(c in "0123456789abcdef" for c in part.lower())


def source_link(text: str) -> dict[str, str | None]:
    """{"url", "title"} for a template; "url" is None for a source that is not a web address."""
    address, title = split_source(str(text))
    if address is None:
        return {"url": None, "title": title}
    return {"url": address, "title": title or fallback_title(address)}

"""Which `Host` headers the preview answers: a defence against DNS rebinding.

A page on any web site can point a name it controls at 127.0.0.1 and then read the preview
(drafts, hidden prompts) as if it were its own origin; the browser sends that name in `Host`.
So the preview answers only its own names: the address it is bound to, localhost, and IP
literals (which no rebinding can produce), each with the server's port.
"""

from __future__ import annotations

import ipaddress

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


def split_host(header: str) -> tuple[str, int | None] | None:
    """(name, port) of a Host header, `[::1]:8000` included; None when it is malformed."""
    header = header.strip()
    if header.startswith("["):
        end = header.find("]")
        if end < 0:
            return None
        name, rest = header[1:end], header[end + 1:]
    elif header.count(":") > 1:
        return None  # a bare IPv6 address must be bracketed
    else:
        name, _, port_text = header.partition(":")
        rest = ":" + port_text if _ else ""
    if rest and not rest.startswith(":"):
        return None
    port_text = rest[1:]
    if port_text and not (port_text.isascii() and port_text.isdigit() and len(port_text) <= 5):
        return None
    return name.lower().rstrip("."), int(port_text) if port_text else None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, bound_host: str, port: int) -> bool:
    """True when `header` names this server: its own address or a local name, with its port."""
    if not header:
        return False
    parsed = split_host(header)
    if parsed is None:
        return False
    name, given_port = parsed
    if (given_port if given_port is not None else 80) != port:
        return False
    return name in LOCAL_NAMES or name == bound_host.lower().strip("[]") or _is_ip(name)

"""Who is connecting: the address that limits count by, and whether it is this computer.

What a browser sends in headers is its own to choose; only the socket's peer address is not.
So by default only the peer counts: a header such as ``X-Forwarded-For`` is trusted only
when the operator names it (``SOCIALREADY_TRUSTED_PROXY_HEADER``, with the number of proxies
in front in ``SOCIALREADY_TRUSTED_PROXY_HOPS``), because only then is it written by a proxy
rather than by whoever connects.

Two details of the server matter here. Streamlit reports a loopback peer as no address at
all, and uvicorn (under Streamlit) replaces a loopback peer by the ``X-Forwarded-For`` value,
so "the peer" of a request that carries that header may be the header's word. Hence:

* a request that carries any forwarding header is never "this computer", whatever its peer;
* without a trusted header, every request that carries ``X-Forwarded-For`` counts as one
  address (``proxied``): a sender cannot pick a fresh address by writing a new header;
* IPv6 addresses count by their /64 network, the block one subscriber usually holds.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass

TRUSTED_HEADER_VARIABLE = "SOCIALREADY_TRUSTED_PROXY_HEADER"
TRUSTED_HOPS_VARIABLE = "SOCIALREADY_TRUSTED_PROXY_HOPS"
#: Headers by which a proxy (or someone pretending to be one) names another client.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host",
                      "x-client-ip", "true-client-ip", "cf-connecting-ip", "x-cluster-client-ip",
                      "fastly-client-ip", "x-original-forwarded-for")
#: The one address of every request with an untrusted ``X-Forwarded-For``.
PROXIED = "proxied"
#: The one address of every request whose peer is not an IP address.
UNKNOWN = "unknown"
LOOPBACK = "127.0.0.1"
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_FOR = re.compile(r'for\s*=\s*"?([^;,"]+)"?', re.IGNORECASE)


class ProxySettingError(ValueError):
    """The trusted proxy settings cannot be used (the message says why)."""


@dataclass(frozen=True)
class Client:
    """``address``: what limits count by (an IP address, an IPv6 /64, or ``proxied``);
    ``local``: the browser runs on this computer and reached the app directly."""
    address: str
    local: bool


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address written bare, with a port, in brackets, or as IPv4 mapped into IPv6."""
    if not text:
        return None
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:text.find("]")] if "]" in text else text[1:]
    elif text.count(":") == 1:           # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(address, ipaddress.IPv6Address) and not address.is_loopback:
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def _host_is_local(host: str | None) -> bool:
    if host is None:
        return True          # no handshake headers at all (a test harness, not a browser)
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name[1:]
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    address = _ip(name)
    return name in _LOCAL_HOSTS or (address is not None and address.is_loopback)


def _forwarded_entries(value: str) -> list[str]:
    """The addresses in a forwarding header, leftmost (furthest from us) first."""
    entries = []
    for part in value.split(","):
        named = _FOR.search(part)
        entries.append(named.group(1) if named else part.strip())
    return [entry for entry in entries if entry]


def identify(peer: str | None, headers: Mapping[str, str], trusted_header: str = "",
             hops: int = 1) -> Client:
    """Who is connecting, from the socket peer (``None`` = loopback, as Streamlit reports
    it), the handshake's headers (names in any case) and the trusted proxy settings.

    With ``trusted_header`` set, the client is the ``hops``-th address from the right of
    that header (each trusted proxy appends the address it saw); a request without it (or
    with too few or malformed entries) counts by its peer.
    """
    lowered = {str(name).lower(): str(value) for name, value in headers.items()}
    peer_ip = _ip(peer) if peer else ipaddress.ip_address(LOOPBACK)
    forwarded = any(name in lowered for name in FORWARDING_HEADERS)
    local = (peer_ip is not None and peer_ip.is_loopback and not forwarded
             and _host_is_local(lowered.get("host") if lowered else None))
    if trusted_header:
        entries = _forwarded_entries(lowered.get(trusted_header.lower(), ""))
        chosen = _ip(entries[-hops]) if len(entries) >= hops else None
        if chosen is not None:
            return Client(_key(chosen), local)
    elif "x-forwarded-for" in lowered:
        return Client(PROXIED, local)
    return Client(_key(peer_ip) if peer_ip is not None else UNKNOWN, local)


def proxy_settings(source: Mapping[str, object]) -> tuple[str, int]:
    """The trusted proxy header (empty: none) and hop count from ``source`` (the
    environment, or secrets.toml).

    Raises:
        ProxySettingError: the header is not a plain header name, or hops is not 1..10.
    """
    header = str(source.get(TRUSTED_HEADER_VARIABLE, "") or "").strip()
    hops_text = str(source.get(TRUSTED_HOPS_VARIABLE, "") or "1").strip()
    if header and not re.fullmatch(r"[A-Za-z0-9-]{1,64}", header):
        raise ProxySettingError(f"{TRUSTED_HEADER_VARIABLE} must be a header name such as "
                                "X-Forwarded-For or X-Real-IP.")
    if not re.fullmatch(r"\d{1,2}", hops_text) or not 1 <= int(hops_text) <= 10:
        raise ProxySettingError(f"{TRUSTED_HOPS_VARIABLE} must be the number of proxies in "
                                "front of the app, from 1 to 10.")
    return header, int(hops_text)

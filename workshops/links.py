"""Whether a join link can work: checked from the server before anyone tries to join.

A link (and its QR code) works only if phones in the room can reach the address in it. From
the server one can tell when they cannot: the server listens on this computer only, the
link's host does not resolve, it names this computer (``localhost``), or nothing answers at
its address and port. Each problem comes with what to do. Plain Python, no Streamlit.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

PUBLIC_URL_VARIABLE = "SOCIALREADY_PUBLIC_URL"
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
#: How long the server waits for the link's address to answer.
CONNECT_SECONDS = 0.5


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return address.lower() in _LOOPBACK_NAMES


def listens_on_this_computer_only(bound: str | None) -> bool:
    """Whether the server's ``server.address`` lets only this computer connect."""
    return bool(bound) and _loopback(str(bound).strip("[]"))


def problems(link: str, bound: str | None, timeout: float = CONNECT_SECONDS) -> list[str]:
    """What keeps phones in the room from opening ``link`` (empty: nothing found), each
    with what to do. ``bound`` is the server's ``server.address`` (empty or None: every
    address). Resolves the link's host and, when that is cheap, connects to it once."""
    if listens_on_this_computer_only(bound):
        return [f"This server listens on this computer only (server.address = {bound}), so "
                "no phone can open the join link. Set a facilitator secret and start the app "
                "with `python3 dev.py run`: it then listens on the local network."]
    parts = urlsplit(link)
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        return [f"The join link {link} is not a web address. Set {PUBLIC_URL_VARIABLE} to "
                "the address people open, such as http://192.168.1.20:8501."]
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return [f"The join link {link} has no usable port. Set {PUBLIC_URL_VARIABLE} to the "
                "address people open, such as http://192.168.1.20:8501."]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return [f"The join link's host name {host} cannot be looked up from here, so phones "
                f"probably cannot either. Use the computer's network address in "
                f"{PUBLIC_URL_VARIABLE} (such as http://192.168.1.20:{port})."]
    addresses = [info[4][0] for info in found]
    if all(_loopback(address) for address in addresses):
        return [f"The join link names this computer only ({host}): phones in the room cannot "
                "open it. Open this page by the computer's network address, or set "
                f"{PUBLIC_URL_VARIABLE} (see the README)."]
    family, kind, proto, _, address = found[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.settimeout(timeout)
            probe.connect(address)
    except OSError:
        return [f"Nothing answers at {host}:{port} from this computer, so phones cannot open "
                "the join link: the server does not listen there (or a firewall blocks it). "
                f"Set {PUBLIC_URL_VARIABLE} to an address this server listens on, or start "
                "it with `python3 dev.py run` (with a facilitator secret it listens on the "
                "local network)."]
    return []

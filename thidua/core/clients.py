"""The address of the client behind a request, for sign-in throttling, the audit log and the
portal's visitor identity.

Behind nginx every request comes from 127.0.0.1, so the real client is in ``X-Forwarded-For``.
That header is whatever the sender wrote, so it is believed only when the peer (``REMOTE_ADDR``)
is one of ``THIDUA_TRUSTED_PROXIES`` (addresses or networks). The list is then read from the
right, skipping the trusted proxies: the first address a trusted proxy did not add itself is the
client. Anything a client put in the header on its own stays to the left and is never used.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def trusted_proxies() -> tuple[Network, ...]:
    """The networks of ``THIDUA_TRUSTED_PROXIES`` (none by default: the peer is the client)."""
    return _networks(tuple(getattr(settings, "THIDUA_TRUSTED_PROXIES", ()) or ()))


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:1.2.3.4) is that IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str | None:
    """The client's address as a string, or None when the peer's address is not one."""
    peer = _address(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return None
    networks = trusted_proxies()
    if not _trusted(peer, networks):
        return str(peer)
    client = peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # a malformed entry: nothing to its left can be trusted either
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)

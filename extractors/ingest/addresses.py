"""Which network addresses a feed fetch may connect to (pure: addresses in, a refusal reason or None out).

A feed or an entry link is someone else's text: it must not make Dateline request the machine it runs on,
its private network or the cloud metadata service (SSRF). The fetcher resolves every host, asks
``refusal`` about each address, and connects only to addresses that passed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

IPAddress = IPv4Address | IPv6Address
AddressPolicy = Callable[[IPAddress], str | None]

THIS_NETWORK = IPv4Network("0.0.0.0/8")  # 0.0.0.0 reaches the local host on Linux
SHARED = IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
NAT64 = IPv6Network("64:ff9b::/96")  # an IPv4 address in its last 32 bits (RFC 6052)
PRIVATE = (
    IPv4Network("10.0.0.0/8"),
    IPv4Network("172.16.0.0/12"),
    IPv4Network("192.168.0.0/16"),
    IPv6Network("fc00::/7"),
)
# Cloud instance metadata (AWS, GCP, Azure, ECS, Alibaba): refused even with allow_private.
METADATA = frozenset(ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"))


def numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host names in any spelling a resolver accepts, else None (a name to resolve).

    Besides dotted quads and IPv6 (brackets and a zone optional) that means the old inet_aton forms:
    ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1`` all name 127.0.0.1.
    """
    bare = host.strip("[]").replace("%25", "%")
    try:
        return ip_address(bare)
    except ValueError:
        return _inet_aton(bare)


def _inet_aton(host: str) -> IPv4Address | None:
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        if part[:2].lower() == "0x":
            digits, base = part[2:], 16
        elif len(part) > 1 and part.startswith("0"):
            digits, base = part[1:], 8
        else:
            digits, base = part, 10
        try:
            if not digits.isascii() or not digits.isalnum():
                return None
            values.append(int(digits, base))
        except ValueError:
            return None
    *head, last = values
    # a.b.c.d bytes; the last part fills what the parts before it leave (a.b is a + 24-bit b)
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = sum(v << (8 * (3 - i)) for i, v in enumerate(head)) + last
    return IPv4Address(number)


def embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address carries and reaches: mapped (::ffff:a.b.c.d), 6to4, NAT64."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: IPAddress, *, allow_private: bool = False) -> str | None:
    """Why Dateline must not connect to ``address`` ("127.0.0.1 is a loopback address"), or None when it may.

    Public unicast addresses pass. ``allow_private`` (for a feed on the user's own machine or network)
    lets loopback, private, shared (CGNAT) and other special-purpose unicast addresses through, never
    unspecified, link-local, multicast, reserved or cloud metadata addresses.
    """
    if isinstance(address, IPv6Address) and (inner := embedded_ipv4(address)) is not None:
        problem = _category(inner, allow_private)
        if problem is not None:
            return f"{address} carries {inner}, {problem}"
        if address.ipv4_mapped is not None or address in NAT64:
            return None  # the IPv4 address it carries is the one reached (NAT64: IPv6-only networks)
    problem = _category(address, allow_private)
    return f"{address} is {problem}" if problem else None


def _category(address: IPAddress, allow_private: bool) -> str | None:
    return _never_reason(address) or (None if allow_private else _private_reason(address))


def _never_reason(address: IPAddress) -> str | None:
    if address in METADATA:
        return "a cloud metadata address"
    if address.is_unspecified or address in THIS_NETWORK:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return None  # reserved in IPv6 (::/8) but a loopback first: allow_private lets it through
    if address.is_reserved:
        return "a reserved address"
    if isinstance(address, IPv6Address) and address.is_site_local:
        return "a site-local address"
    return None


def _private_reason(address: IPAddress) -> str | None:
    if address.is_loopback:
        return "a loopback address"
    if any(address in network for network in PRIVATE if network.version == address.version):
        return "a private address"
    if isinstance(address, IPv4Address) and address in SHARED:
        return "a shared (CGNAT) address"
    if not address.is_global:
        return "not a public address"  # documentation, benchmarking, protocol assignments...
    return None


def address_policy(allow_private: bool = False) -> AddressPolicy:
    """The refusal function a fetch applies to every address it would connect to."""
    return partial(refusal, allow_private=allow_private)

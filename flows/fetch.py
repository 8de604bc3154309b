"""HTTP fetching at the edge: public addresses only, a deadline, a size cap and a user agent that says who asks.

Every hop (the URL and each redirect, followed here rather than by httpx) is resolved, every address it
resolves to is checked against the address policy (extractors.ingest.addresses), and the connection goes
to a checked address (flows.pinned_transport), so a name cannot resolve to something else in between.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as LookupTimeout

import httpcore
import httpx

from extractors.ingest.addresses import AddressPolicy, address_policy, numeric_host
from flows.pinned_transport import PinnedTransport

USER_AGENT = "Dateline/0.1 (news event extraction; +https://github.com/dateline)"
TIMEOUT_SECONDS = 20.0  # per connect or read: a server silent this long is down
DEADLINE_SECONDS = 30.0  # the whole request, redirects included: a server trickling bytes is cut here
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)

Resolver = Callable[[str, int], list[str]]
# httpcore's errors reach us unmapped (the transport is ours, not httpx's)
NETWORK_ERRORS = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)
_lookups = ThreadPoolExecutor(max_workers=4, thread_name_prefix="dateline-dns")


class FetchError(RuntimeError):
    pass


class Refused(FetchError):
    """The URL names a scheme or an address Dateline does not fetch from; trying again will not help."""


class DeadlineExceeded(FetchError):
    pass


def system_resolver(host: str, port: int) -> list[str]:
    """Every address (A and AAAA) the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_addresses(
    url: httpx.URL, policy: AddressPolicy, resolver: Resolver = system_resolver, deadline_at: float | None = None
) -> list[str]:
    """The addresses ``url`` may be fetched from: all of them, or ``Refused`` naming the first that may not.

    A numeric host (in any spelling) is decided without a lookup; a name with one bad address among
    good ones is refused, since which one a later connection would use is not ours to know.
    """
    if url.scheme not in SCHEMES:
        raise Refused(f"refused: {url.scheme or 'no'} scheme, only http(s) is fetched ({url})")
    host = wire_host(url)
    if not host:
        raise Refused(f"refused: no host in {url}")
    port = url.port or (443 if url.scheme == "https" else 80)
    numeric = numeric_host(host)
    if numeric is not None:
        addresses = [str(numeric)]
    else:
        addresses = _resolve(host, port, resolver, deadline_at)
        if not addresses:
            raise FetchError(f"cannot resolve {host}: no address")
    for address in addresses:
        problem = policy(numeric_host(address))
        if problem:
            raise Refused(f"refused: {problem} ({url})")
    return addresses


def wire_host(url: httpx.URL) -> str:
    """The host as it is resolved and connected to (IDNA names in their ASCII form)."""
    return url.raw_host.decode("ascii")


def _resolve(host: str, port: int, resolver: Resolver, deadline_at: float | None) -> list[str]:
    # getaddrinfo has no timeout of its own: wait for it in a thread, up to the deadline
    lookup = _lookups.submit(resolver, host, port)
    try:
        return lookup.result(timeout=None if deadline_at is None else max(0.0, deadline_at - time.monotonic()))
    except LookupTimeout as err:
        raise DeadlineExceeded(f"cannot resolve {host}: the lookup outlasted the deadline") from err
    except (OSError, UnicodeError) as err:
        raise FetchError(f"cannot resolve {host}: {err}") from err


def address_problem(
    url: str, allow_private: bool = False, resolver: Resolver = system_resolver, wait: float = 10.0
) -> str | None:
    """Why ``url`` would be refused, for a check before serving; None when it passes or cannot be resolved now."""
    try:
        checked_addresses(_parse(url), address_policy(allow_private), resolver, time.monotonic() + wait)
    except Refused as refused:
        return str(refused)
    except (FetchError, httpx.InvalidURL):
        return None  # a name that does not resolve today may tomorrow: each run checks again
    return None


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    deadline: float = DEADLINE_SECONDS,
    max_bytes: int = MAX_BYTES,
    allow_private: bool = False,
    policy: AddressPolicy | None = None,
    resolver: Resolver = system_resolver,
) -> bytes:
    """The body of ``url``; ``FetchError`` with a one-line reason for anything but a 2xx within the limits.

    ``Refused`` for a scheme or address outside the policy (public addresses only unless
    ``allow_private``; ``policy`` replaces it), at the URL or at any redirect; ``DeadlineExceeded`` when
    the whole exchange takes longer than ``deadline`` seconds.
    """
    deadline_at = time.monotonic() + deadline
    transport = PinnedTransport(deadline_at)
    policy = policy or address_policy(allow_private)
    client = httpx.Client(transport=transport, timeout=timeout, trust_env=False, headers={"User-Agent": USER_AGENT})
    try:
        with client:
            return _follow(client, transport, url, policy, resolver, deadline_at, max_bytes)
    except NETWORK_ERRORS as err:
        if time.monotonic() >= deadline_at:
            raise DeadlineExceeded(f"{url} took longer than {deadline:g} s") from err
        raise FetchError(f"cannot fetch {url}: {type(err).__name__}: {err}") from err


def _parse(url: str, base: httpx.URL | None = None) -> httpx.URL:
    try:
        return base.join(url) if base is not None else httpx.URL(url)
    except httpx.InvalidURL as err:  # e.g. 0177.0.0.1, which httpx will not read as a dotted quad
        raise Refused(f"refused: {err} ({url})") from err


def _follow(
    client: httpx.Client,
    transport: PinnedTransport,
    url: str,
    policy: AddressPolicy,
    resolver: Resolver,
    deadline_at: float,
    max_bytes: int,
) -> bytes:
    current = _parse(url)
    for _ in range(MAX_REDIRECTS + 1):
        transport.pin(wire_host(current), checked_addresses(current, policy, resolver, deadline_at))
        with client.stream("GET", current) as response:
            if response.status_code in REDIRECTS and "location" in response.headers:
                current = _parse(response.headers["location"], base=current)
                continue
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} from {current}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchError(f"{current} is larger than {max_bytes // 2**20} MB")
            return bytes(body)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")

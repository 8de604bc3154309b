"""An httpx transport that connects only to addresses checked beforehand, all within one deadline.

Two holes of a plain ``httpx.get`` close here. DNS rebinding: a name that resolved to a public address
when it was checked could resolve to 127.0.0.1 when the client connects; this transport never resolves,
it connects to the addresses it was given for the host (TLS still verifies the certificate against the
host name). Slow servers: httpx's timeouts are per read, so a server sending a byte every few seconds
holds a request for ever; here every connect, TLS handshake, read and write gets only what is left of
one deadline.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator

import httpcore
import httpx


class PinnedTransport(httpx.BaseTransport):
    def __init__(self, deadline_at: float, ssl_context: ssl.SSLContext | None = None) -> None:
        """``deadline_at`` is a ``time.monotonic()`` value; nothing is sent or read after it."""
        self._pins: dict[str, list[str]] = {}
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            network_backend=_PinnedBackend(self._pins, deadline_at),
        )

    def pin(self, host: str, addresses: list[str]) -> None:
        """Connections to ``host`` go to these addresses (tried in order) and nowhere else."""
        self._pins[host] = list(addresses)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        core_response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_Body(core_response.stream),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


class _PinnedBackend(httpcore.NetworkBackend):
    def __init__(self, pins: dict[str, list[str]], deadline_at: float) -> None:
        self._pins = pins
        self._deadline_at = deadline_at
        self._system = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(host)
        if not addresses:
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._system.connect_tcp(
                    address,
                    port,
                    timeout=_time_left(self._deadline_at, timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return _DeadlineStream(stream, self._deadline_at)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as problem:
                failure = problem
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline_at: float) -> None:
        self._stream = stream
        self._deadline_at = deadline_at

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(self._deadline_at, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(self._deadline_at, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = _time_left(self._deadline_at, timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left), self._deadline_at)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


def _time_left(deadline_at: float, timeout: float | None, expired: type[Exception]) -> float:
    """The shorter of the per-operation timeout and what is left of the deadline; ``expired`` once none is."""
    left = deadline_at - time.monotonic()
    if left <= 0:
        raise expired("the request deadline has passed")
    return left if timeout is None else min(timeout, left)

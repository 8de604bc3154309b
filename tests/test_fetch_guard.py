"""Feeds cannot reach internal hosts (SSRF) or hang a run: real loopback servers, no Prefect."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address

import pytest
from typer.testing import CliRunner

from extractors.ingest.addresses import IPAddress, numeric_host, refusal
from flows.cli import app
from flows.fetch import MAX_REDIRECTS, DeadlineExceeded, FetchError, Refused, fetch

# --- the address policy (pure) ---


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",
        "0x7f.1",
        "0177.0.0.1",
        "127.1",
        "0X7F.0x0.0.1",
        "0",
        "00",
        "1.2.3",
        "1.256",
        "4294967295",
        "1.16777215",
    ]
    + ["0x", "08", "1.2.3.4.5", "4294967296", "1.16777216", "127.0.0.1.", "0x7f.", "1e1", "1..2", "example.org"],
)
def test_numeric_hosts_are_read_as_the_system_reads_them(host: str) -> None:
    try:
        expected = ip_address(socket.inet_aton(host))
    except OSError:
        expected = None
    assert numeric_host(host) == expected


@pytest.mark.parametrize(
    ("address", "public_only", "private_allowed"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address", None),
        ("::1", "::1 is a loopback address", None),
        ("10.1.2.3", "10.1.2.3 is a private address", None),
        ("192.168.0.10", "192.168.0.10 is a private address", None),
        ("fd12::1", "fd12::1 is a private address", None),
        ("100.64.0.1", "100.64.0.1 is a shared (CGNAT) address", None),
        ("192.0.2.1", "192.0.2.1 is not a public address", None),
        ("169.254.169.254", "169.254.169.254 is a cloud metadata address", "same"),
        ("fd00:ec2::254", "fd00:ec2::254 is a cloud metadata address", "same"),
        ("169.254.1.1", "169.254.1.1 is a link-local address", "same"),
        ("fe80::1", "fe80::1 is a link-local address", "same"),
        ("224.0.0.251", "224.0.0.251 is a multicast address", "same"),
        ("ff02::1", "ff02::1 is a multicast address", "same"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address", "same"),
        ("::", ":: is an unspecified address", "same"),
        ("240.0.0.1", "240.0.0.1 is a reserved address", "same"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1 carries 127.0.0.1, a loopback address", None),
        ("::ffff:169.254.169.254", "::ffff:a9fe:a9fe carries 169.254.169.254, a cloud metadata address", "same"),
        ("2002:7f00:1::", "2002:7f00:1:: carries 127.0.0.1, a loopback address", None),
        ("64:ff9b::a00:1", "64:ff9b::a00:1 carries 10.0.0.1, a private address", None),
        ("93.184.215.14", None, None),
        ("2606:4700::1111", None, None),
        ("::ffff:8.8.8.8", None, None),
        ("64:ff9b::808:808", None, None),
    ],
)
def test_address_policy(address: str, public_only: str | None, private_allowed: str | None) -> None:
    ip = ip_address(address)
    assert refusal(ip) == public_only
    assert refusal(ip, allow_private=True) == (public_only if private_allowed == "same" else private_allowed)


# --- fetching: refusals before any traffic ---


def no_lookup(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} was looked up: a numeric or refused URL must not reach the network")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://2130706433/admin", "127.0.0.1 is a loopback address"),
        ("http://0x7f.1/admin", "127.0.0.1 is a loopback address"),
        ("http://0177.0.0.1:8080/", "Invalid IPv4 address"),  # httpx reads no octal quads
        ("http://[::ffff:127.0.0.1]/", "carries 127.0.0.1, a loopback address"),
        ("http://0/", "0.0.0.0 is an unspecified address"),
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("file:///etc/passwd", "only http(s) is fetched"),
        ("ftp://93.184.215.14/feed.xml", "only http(s) is fetched"),
    ],
)
def test_internal_and_numeric_addresses_are_refused_without_traffic(url: str, reason: str) -> None:
    with pytest.raises(Refused, match=r"^refused: ") as refused:
        fetch(url, resolver=no_lookup)
    assert reason in str(refused.value)


def test_metadata_stays_refused_with_allow_private() -> None:
    with pytest.raises(Refused, match="cloud metadata"):
        fetch("http://169.254.169.254/latest/meta-data/", allow_private=True, resolver=no_lookup)


def test_a_name_with_any_internal_address_is_refused() -> None:
    def split_horizon(host: str, port: int) -> list[str]:
        return ["93.184.215.14", "127.0.0.1"]

    with pytest.raises(Refused, match="127.0.0.1 is a loopback address"):
        fetch("http://news.example/rss.xml", resolver=split_horizon)
    with pytest.raises(Refused, match="is a loopback address"):
        fetch("http://localhost:9/rss.xml")  # the system resolver, /etc/hosts


# --- fetching: real loopback servers ---


Route = Callable[[BaseHTTPRequestHandler], None]


class _Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.hits.append((self.path, self.headers.get("Host")))  # type: ignore[attr-defined]
        route = self.server.routes.get(self.path)  # type: ignore[attr-defined]
        if route is None:
            self.send_error(404)
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, *args) -> None:
        pass


def page(body: bytes) -> Route:
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return send


def redirect(location: str) -> Route:
    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return send


def drip_body(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    for _ in range(100):  # one byte every 0.2 s: each read is quick, the whole never ends
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.2)


def drip_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(100):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.2)


class Site:
    def __init__(self, host: str) -> None:
        self.server = ThreadingHTTPServer((host, 0), _Site)
        self.server.routes = {}  # type: ignore[attr-defined]
        self.server.hits = []  # type: ignore[attr-defined]
        self.base = f"http://{host}:{self.server.server_address[1]}"
        self.routes: dict[str, Route] = self.server.routes  # type: ignore[attr-defined]
        self.hits: list[tuple[str, str]] = self.server.hits  # type: ignore[attr-defined]

    def __enter__(self) -> Site:
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def internal() -> Iterator[Site]:
    """What must stay unreachable: an admin page on loopback."""
    with Site("127.0.0.1") as site:
        site.routes["/admin"] = page(b"secret")
        yield site


STAND_IN_PUBLIC = ip_address("127.0.0.2")  # Linux routes all of 127/8 to loopback


def stand_in_policy(address: IPAddress) -> str | None:
    """The real public-only policy, except that 127.0.0.2 plays a public news site."""
    return None if address == STAND_IN_PUBLIC else refusal(address)


@pytest.fixture
def public() -> Iterator[Site]:
    with Site(str(STAND_IN_PUBLIC)) as site:
        yield site


def test_a_redirect_to_loopback_is_refused_at_the_hop(public: Site, internal: Site) -> None:
    public.routes["/story"] = redirect(f"{internal.base}/admin")
    public.routes["/metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(Refused, match=r"^refused: 127.0.0.1 is a loopback address \(http://127.0.0.1:\d+/admin\)"):
        fetch(f"{public.base}/story", policy=stand_in_policy)
    with pytest.raises(Refused, match="169.254.169.254 is a cloud metadata address"):
        fetch(f"{public.base}/metadata", policy=stand_in_policy)
    assert [path for path, _ in public.hits] == ["/story", "/metadata"]
    assert internal.hits == []  # never asked


def test_redirects_are_followed_on_public_hosts_up_to_a_limit(public: Site) -> None:
    public.routes["/old"] = redirect("/new")
    public.routes["/new"] = page(b"<rss/>")
    public.routes["/loop"] = redirect("/loop")
    assert fetch(f"{public.base}/old", policy=stand_in_policy) == b"<rss/>"
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch(f"{public.base}/loop", policy=stand_in_policy)
    assert [path for path, _ in public.hits].count("/loop") == MAX_REDIRECTS + 1


def test_allow_private_reaches_loopback_and_connects_to_the_address_it_checked(internal: Site) -> None:
    port = internal.server.server_address[1]
    lookups: list[str] = []

    def wire_test(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]  # no system resolver knows this name: the connection uses the checked answer

    with pytest.raises(Refused, match="127.0.0.1 is a loopback address"):
        fetch(f"http://wire.test:{port}/admin", resolver=wire_test)
    assert fetch(f"http://wire.test:{port}/admin", allow_private=True, resolver=wire_test) == b"secret"
    assert lookups == ["wire.test", "wire.test"]
    assert internal.hits == [("/admin", f"wire.test:{port}")]  # the name still goes in the Host header


@pytest.mark.parametrize("route", [drip_body, drip_headers])
def test_a_slow_drip_is_cut_at_the_deadline(internal: Site, route: Route) -> None:
    internal.routes["/slow"] = route
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="took longer than 1.2 s"):
        fetch(f"{internal.base}/slow", deadline=1.2, timeout=20, allow_private=True)
    assert 1.2 <= time.monotonic() - started < 2.0


def test_serve_refuses_an_internal_feed_before_starting() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--feed", "http://127.0.0.1:9/rss.xml", "--interval", "60"])
    assert result.exit_code == 2
    assert "127.0.0.1 is a loopback address" in result.output
    assert "--allow-private" in result.output
    metadata = runner.invoke(app, ["serve", "--feed", "http://169.254.169.254/", "--interval", "60", "--allow-private"])
    assert metadata.exit_code == 2 and "cloud metadata" in metadata.output

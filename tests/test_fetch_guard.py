"""Feeds cannot reach internal hosts (SSRF) or hang a run: real loopback servers, no Prefect."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.ingest.addresses import IPAddress, numeric_host, refusal
from flows.cli import app
from flows.fetch import MAX_REDIRECTS, DeadlineExceeded, FetchError, Refused, fetch
from flows.scheduled import harvest_feed

LOG = logging.getLogger("test-fetch-guard")

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


def _self_signed(name: str, folder: Path) -> tuple[Path, Path]:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def test_https_to_a_pinned_address_still_verifies_the_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cert_file, key_file = _self_signed("wire.test", tmp_path)
    with Site("127.0.0.1") as site:
        site.routes["/rss.xml"] = page(b"<rss/>")
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert_file, key_file)
        site.server.socket = tls.wrap_socket(site.server.socket, server_side=True)
        port = site.server.server_address[1]

        def to_loopback(host: str, port: int) -> list[str]:
            return ["127.0.0.1"]

        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # trust the test certificate (httpx reads it)
        url = f"https://wire.test:{port}/rss.xml"
        assert fetch(url, allow_private=True, resolver=to_loopback) == b"<rss/>"
        with pytest.raises(FetchError, match="not valid for 'other.test'"):
            fetch(url.replace("wire.test", "other.test"), allow_private=True, resolver=to_loopback)


@pytest.mark.parametrize("route", [drip_body, drip_headers])
def test_a_slow_drip_is_cut_at_the_deadline(internal: Site, route: Route) -> None:
    internal.routes["/slow"] = route
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="took longer than 1.2 s"):
        fetch(f"{internal.base}/slow", deadline=1.2, timeout=20, allow_private=True)
    assert 1.2 <= time.monotonic() - started < 2.0


# --- the scheduled run's feed step (the flow's code without Prefect) ---


def _feed(*links: str) -> bytes:
    items = "".join(f"<item><title>{link}</title><link>{link}</link><guid>{link}</guid></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()


STORY = b"""<html><head><title>Drills</title></head><body><article><h1>China holds drills</h1>
<p>TAIPEI, May 23, 2024 -- China's military began two days of exercises around Taiwan on Thursday,
the island's defence ministry said, calling the drills a provocation.</p></article></body></html>"""


def test_feed_entries_to_internal_addresses_are_refused_and_recorded(
    public: Site, internal: Site, tmp_path: Path
) -> None:
    public.routes["/rss.xml"] = page(
        _feed(
            f"{public.base}/drills",
            f"{internal.base}/admin",
            f"{public.base}/moved",
            "http://169.254.169.254/latest/meta-data/",
        )
    )
    public.routes["/drills"] = page(STORY)
    public.routes["/moved"] = redirect(f"{internal.base}/admin")
    fetcher = partial(fetch, policy=stand_in_policy)
    harvest = harvest_feed(tmp_path / "w.duckdb", f"{public.base}/rss.xml", 60, fetcher, LOG)
    assert [raw.url for raw in harvest.raws] == [f"{public.base}/drills"]
    reasons = {r.source_uri: r.reason for r in harvest.rejected}
    assert reasons == {
        f"{internal.base}/admin": f"refused: 127.0.0.1 is a loopback address ({internal.base}/admin)",
        f"{public.base}/moved": f"refused: 127.0.0.1 is a loopback address ({internal.base}/admin)",
        "http://169.254.169.254/latest/meta-data/": (
            "refused: 169.254.169.254 is a cloud metadata address (http://169.254.169.254/latest/meta-data/)"
        ),
    }
    assert [(r["status"], r.get("error", "")[:8]) for r in harvest.records] == [("done", "")] + [
        ("done", "refused:")
    ] * 3
    assert internal.hits == []


def test_a_run_stops_fetching_when_the_feed_budget_is_spent(internal: Site, tmp_path: Path) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(0.6)
        page(STORY)(handler)

    links = [f"{internal.base}/story-{n}" for n in range(4)]
    internal.routes["/rss.xml"] = page(_feed(*links))
    internal.routes.update({f"/story-{n}": slow for n in range(4)})
    fetcher = partial(fetch, allow_private=True)
    started = time.monotonic()
    harvest = harvest_feed(tmp_path / "w.duckdb", f"{internal.base}/rss.xml", 1.0, fetcher, LOG)
    assert time.monotonic() - started < 1.5
    # the first page fits in the budget, the second is cut by it: neither it nor the rest count as failures
    assert [raw.url for raw in harvest.raws] == links[:1]
    assert [r["key"] for r in harvest.records] == links[:1]
    assert harvest.rejected == [] and harvest.postponed == 3
    assert 1.0 <= harvest.seconds < 1.5

    spent = harvest_feed(tmp_path / "w.duckdb", f"{internal.base}/rss.xml", 0, fetcher, LOG)
    assert (spent.raws, spent.records, spent.postponed) == ([], [], 0) and spent.seconds < 0.1


def test_serve_refuses_an_internal_feed_before_starting() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--feed", "http://127.0.0.1:9/rss.xml", "--interval", "60"])
    assert result.exit_code == 2
    assert "127.0.0.1 is a loopback address" in result.output
    assert "--allow-private" in result.output
    metadata = runner.invoke(app, ["serve", "--feed", "http://169.254.169.254/", "--interval", "60", "--allow-private"])
    assert metadata.exit_code == 2 and "cloud metadata" in metadata.output

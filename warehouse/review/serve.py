"""`dateline review --serve`: the site on 127.0.0.1 with the standard library's HTTP server, until Ctrl-C."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from warehouse.review.site import CSP


class ReviewHandler(SimpleHTTPRequestHandler):
    """Files of the site folder only (the standard handler keeps paths inside it), sent with the same policy."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard signature
        pass  # a request log would bury the one line that says where the site is


def review_server(site: Path, port: int) -> ThreadingHTTPServer:
    """A server bound to the loopback address only (port 0: any free port; server_address says which)."""
    handler = functools.partial(ReviewHandler, directory=str(site))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)

"""HTTP fetching at the edge: a timeout, a size cap and a user agent that says who is asking."""

from __future__ import annotations

import httpx

USER_AGENT = "Dateline/0.1 (news event extraction; +https://github.com/dateline)"
TIMEOUT_SECONDS = 20.0
MAX_BYTES = 5 * 1024 * 1024


class FetchError(RuntimeError):
    pass


def fetch(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> bytes:
    """The body of ``url``; ``FetchError`` with a one-line reason for anything but a 2xx within the cap."""
    try:
        with httpx.stream(
            "GET", url, timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        ) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} from {url}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchError(f"{url} is larger than {max_bytes // 2**20} MB")
            return bytes(body)
    except httpx.HTTPError as err:
        raise FetchError(f"cannot fetch {url}: {type(err).__name__}: {err}") from err

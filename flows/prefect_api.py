"""Where a run's Prefect API comes from: the configured server (PREFECT_API_URL), or Prefect's temporary one.

The temporary server starts in a process of its own and takes seconds (it imports Prefect's server and opens
its database). `dateline run` launches it before its own imports and checks (``launch``), and the flow waits
for it only when it starts (``shared_api``), so the two overlap. Worker processes are pointed at the same
server instead of each starting one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class _Launch:
    """Prefect's temporary server, starting in a thread of this process."""

    def __init__(self) -> None:
        from prefect.server.api.server import SubprocessASGIServer

        self.server = SubprocessASGIServer()  # one per process: start() is a no-op once it runs
        self.failed: list[BaseException] = []
        self.thread = threading.Thread(target=self._start, name="dateline-server-start", daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            self.server.start()
        except BaseException as err:  # raised in the caller's thread, by wait()
            self.failed.append(err)

    def wait(self) -> str:
        """The server's API URL, once it answers."""
        self.thread.join()
        if self.failed:
            raise self.failed[0]
        return self.server.api_url


_launched: _Launch | None = None


def configured() -> bool:
    """Whether a Prefect server is configured (PREFECT_API_URL or a profile), so none is started here."""
    from prefect.settings import Settings

    return bool(Settings().api.url)


def launch() -> None:
    """Start Prefect's temporary server in the background, unless a server is configured or one was launched."""
    global _launched
    if _launched is None and not configured():
        _launched = _Launch()


@contextmanager
def shared_api(prepare: Callable[[], None] | None = None) -> Iterator[None]:
    """The run's API for the with-block: the configured server, else the temporary one (launched here unless
    ``launch`` did it earlier), its URL set for worker processes (otherwise each would start a server of its own:
    seconds and memory each). ``prepare`` runs while the server starts."""
    global _launched
    if configured():
        if prepare:
            prepare()
        yield
        return
    launch()
    assert _launched is not None
    try:
        if prepare:
            prepare()
    finally:
        try:
            url = _launched.wait()
        except BaseException:
            _launched = None  # the next run tries again
            raise
    from prefect.settings import PREFECT_API_URL, temporary_settings

    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url  # inherited by spawned workers
    # No flow run heartbeats: they tell a server that a run is alive, and this server ends with the run. (The
    # flow waits up to a second for its heartbeat thread when it ends.)
    updates = {PREFECT_API_URL: url, "flows.heartbeat_frequency": None}
    try:
        with temporary_settings(updates=updates):
            yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous

"""Shared fixtures. Prefect runs hermetically: its own home, no telemetry, no outside server."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

import pytest

# Set before anything imports Prefect: a temporary PREFECT_HOME keeps the developer's own
# Prefect database out of the tests, and the ephemeral server gets time to start in CI.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="dateline-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("DATELINE_DB", None)

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SAMPLES = PROJECT / "flows" / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip(f"../shared is not here ({SHARED}): the dev article and TempEval data come with the CI checkout")
    return SHARED


@pytest.fixture(scope="session")
def dev_article(shared_dir: Path) -> Path:
    return next((shared_dir / "corpus" / "dev").glob("*.txt"))


@pytest.fixture(scope="session")
def nlp():
    """The one spaCy pipeline of the test session: test modules use this fixture, never their own load."""
    from extractors.nlp import load_model

    return load_model()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


def _prefect_server_class() -> type | None:
    """Prefect's ephemeral-server class if something has imported it (importing it here would slow every run)."""
    return getattr(sys.modules.get("prefect.server.api.server"), "SubprocessASGIServer", None)


def _prefect_server_running(server: type | None) -> bool:
    return server is not None and any(s.running for s in server._instances.values())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fail a test that runs a Prefect flow on the ephemeral server but is not marked slow.

    Every flow run asks for a client, and a client asks the ephemeral server to start (a no-op once it
    runs) from the test's own thread: a call from the main thread, or a server that was not running
    before the test and is after it, means the test belongs to the slow set that `-m "not slow"` skips.
    """
    if item.get_closest_marker("slow"):
        return (yield)
    server = _prefect_server_class()
    was_running = _prefect_server_running(server)
    asked: list[object] = []
    if server is not None:
        original = server.start

        def start(self, *args, **kwargs):  # noqa: ANN001, ANN202 - Prefect's signature
            if threading.current_thread() is threading.main_thread():  # not a log/event worker of an earlier run
                asked.append(self)
            return original(self, *args, **kwargs)

        server.start = start
    try:
        result = yield
    finally:
        if server is not None:
            server.start = original
    if asked or (not was_running and _prefect_server_running(_prefect_server_class())):
        pytest.fail(f"{item.nodeid} runs Prefect on its ephemeral server: mark it @pytest.mark.slow", pytrace=False)
    return result


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ANN001 - pytest hook signature
    """Stop Prefect's ephemeral server while pytest's streams are still open (its atexit log would fail)."""
    server_module = sys.modules.get("prefect.server.api.server")
    if server_module is not None:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)  # ship the last run logs while the server still listens
        for server in list(server_module.SubprocessASGIServer._instances.values()):
            server.stop()

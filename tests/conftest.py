"""Shared fixtures. Prefect runs hermetically: its own home, no telemetry, no outside server."""

from __future__ import annotations

import os
import sys
import tempfile
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


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ANN001 - pytest hook signature
    """Stop Prefect's ephemeral server while pytest's streams are still open (its atexit log would fail)."""
    server_module = sys.modules.get("prefect.server.api.server")
    if server_module is not None:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)  # ship the last run logs while the server still listens
        for server in list(server_module.SubprocessASGIServer._instances.values()):
            server.stop()

"""Where a run's Prefect API comes from: a configured server, or the temporary one started (early) here."""

from __future__ import annotations

import os

import pytest

from flows import prefect_api


def test_with_a_configured_server_nothing_starts_and_prepare_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.settings import get_current_settings

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # nothing listens: nothing may call it
    monkeypatch.setattr(prefect_api, "_launched", None)
    prefect_api.launch()
    assert prefect_api._launched is None
    prepared = []
    with prefect_api.shared_api(prepare=lambda: prepared.append(True)):
        assert prepared == [True]
        assert prefect_api._launched is None
        assert get_current_settings().flows.heartbeat_frequency == 180  # a real server keeps its heartbeats


@pytest.mark.slow
def test_the_temporary_server_is_shared_with_workers_and_gets_no_heartbeats(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx
    from prefect.settings import get_current_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    prefect_api.launch()  # as `dateline run` does before its checks; shared_api waits for this one
    launched = prefect_api._launched
    assert launched is not None
    prepared = []
    with prefect_api.shared_api(prepare=lambda: prepared.append(True)):
        assert prepared == [True] and prefect_api._launched is launched
        url = os.environ["PREFECT_API_URL"]  # what spawned workers inherit
        assert get_current_settings().api.url == url
        assert get_current_settings().flows.heartbeat_frequency is None
        assert httpx.get(f"{url}/health", timeout=10).json() is True
    assert "PREFECT_API_URL" not in os.environ
    with prefect_api.shared_api():  # a second run in the process reuses the running server
        assert os.environ["PREFECT_API_URL"] == url

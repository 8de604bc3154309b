"""Feed and inbox health: every attempt is recorded (source_health), a run with a source that cannot be read
ends Completed but named SourcesFailing with an artifact saying which, and recovery resets the count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.scheduled import FAILING_STATE, _markdown_cell, failing_sources_report, inbox_problem, scheduled_flow
from tests.test_scheduled import news_server
from warehouse.query import run_query


@pytest.fixture
def flaky_site() -> Iterator[tuple[str, dict[str, int]]]:
    """The local news site of the scheduled tests, its feed failing with HTTP 500 until the test mends it."""
    status = {"feed": 500}
    with news_server(status) as base:
        yield base, status


def artifact_of(run_id: str) -> str:
    """The Markdown of the run's failing-sources artifact, read back from the Prefect API."""
    from uuid import UUID

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    wanted = ArtifactFilter(
        key=ArtifactFilterKey(any_=["failing-sources"]), flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(run_id)])
    )
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=wanted)
    assert len(found) == 1
    return str(found[0].data)


def health(db: Path) -> dict[str, tuple]:
    rows = run_query(
        db,
        "select source, kind, healthy, consecutive_failures, last_error, last_success_at is not null, "
        "last_attempt_at >= coalesce(last_success_at, last_attempt_at) from source_health",
    ).rows
    return {r[0]: r[1:] for r in rows}


def test_a_missing_inbox_is_a_problem(tmp_path: Path) -> None:
    assert inbox_problem(tmp_path) is None
    assert "does not exist" in (inbox_problem(tmp_path / "gone") or "")
    (tmp_path / "file").write_text("x")
    assert "not a folder" in (inbox_problem(tmp_path / "file") or "")


def test_the_artifact_cannot_be_made_to_render_markup() -> None:
    report = failing_sources_report({"http://x/rss|<script>": "HTTP 500 `rm -rf` [link](http://evil)\n# big"})
    assert "<script>" not in report and "\\<script\\>" in report and "\\[link\\]" in report
    assert report.count("\n| ") == 3 and "\n# big" not in report  # header, rule, one row: no line break inside
    assert _markdown_cell("a|b") == "a\\|b"


@pytest.mark.slow  # Prefect flow runs
def test_a_failing_feed_is_recorded_and_the_run_says_so(
    tmp_path: Path, db_path: Path, flaky_site: tuple[str, dict[str, int]]
) -> None:
    base, status = flaky_site
    feed, inbox = f"{base}/rss.xml", tmp_path / "inbox"
    inbox.mkdir()
    arguments = {"db": str(db_path), "inbox": str(inbox), "feeds": [feed], "allow_private": True}

    first = scheduled_flow(**arguments, return_state=True)
    assert first.is_completed() and first.name == FAILING_STATE
    assert feed in first.message and "1 source(s)" in first.message
    summary = first.result()
    assert summary.failing_sources == {feed: f"HTTP 500 from {feed}"}
    report = artifact_of(summary.run_id)  # the warning the Prefect UI shows with the run
    assert "source(s) could not be read" in report and "HTTP 500 from" in report
    scheduled_flow(**arguments)
    assert health(db_path) == {
        feed: ("feed", False, 2, f"HTTP 500 from {feed}", False, True),
        str(inbox.absolute()): ("inbox", True, 0, None, True, True),
    }
    assert run_query(db_path, "select count(*) from flow_runs where status = 'completed'").rows == [(2,)]

    status["feed"] = 200  # the site is back
    recovered = scheduled_flow(**arguments, return_state=True)
    assert recovered.name == "Completed" and recovered.result().loaded == 2
    assert health(db_path)[feed] == ("feed", True, 0, f"HTTP 500 from {feed}", True, True)  # the last error stays
    assert run_query(db_path, "select last_loaded_at is not null from source_health where kind = 'feed'").rows == [
        (True,)
    ]

    inbox.rmdir()  # the inbox goes away: its row says so, the feed is still read
    gone = scheduled_flow(**arguments, return_state=True)
    assert gone.name == FAILING_STATE and str(inbox.absolute()) in gone.message
    assert health(db_path)[str(inbox.absolute())][:4] == (
        "inbox",
        False,
        1,
        f"the inbox folder {inbox.absolute()} does not exist",
    )

"""`dateline serve`: the scheduled flow as a Prefect deployment served from this process."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

DEFAULT_DEPLOYMENT = "dateline-scheduled"
NO_SERVER = (
    "dateline serve needs a Prefect server (the temporary one runs no schedules): "
    "run `prefect server start` and `export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


def api_problem() -> str | None:
    """One line saying why no Prefect API can take a deployment, or None when one answers."""
    from prefect.settings import Settings

    url = Settings().api.url  # read afresh: the environment and profile as they are now
    if not url:
        return NO_SERVER
    try:
        httpx.get(f"{str(url).rstrip('/')}/health", timeout=5).raise_for_status()
    except httpx.HTTPError as err:
        return f"no Prefect API answers at {url} ({type(err).__name__}): start `prefect server start` or fix PREFECT_API_URL"
    return None


def serve_scheduled(
    *,
    db: Path,
    inbox: Path | None,
    feeds: list[str],
    archive_dir: Path | None,
    interval: float | None,
    cron: str | None,
    name: str = DEFAULT_DEPLOYMENT,
    batch_size: int = 64,
    allow_private: bool = False,
    run_now: bool = False,
) -> None:
    """Create or update the deployment with its schedule and run its flow runs until interrupted.

    ``run_now`` asks for one run at once, before the schedule's first (which may be an interval away).
    What ``Flow.serve`` does, with a run requested between creating the deployment and polling for runs."""
    if interval:
        # The runner checks for due runs every 10 s by default; a shorter schedule needs a shorter poll.
        os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", str(max(1, min(10, int(interval // 2) or 1))))
    import asyncio

    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments import run_deployment
    from prefect.exceptions import TerminationSignal
    from prefect.runner import Runner
    from prefect.types.entrypoint import EntrypointType

    from flows.scheduled import scheduled_flow

    parameters = {
        "db": str(db.absolute()),
        "inbox": str(inbox.absolute()) if inbox else None,
        "feeds": feeds,
        "archive_dir": str(archive_dir.absolute()) if archive_dir else None,
        "batch_size": batch_size,
        "allow_private": allow_private,
    }
    runner = Runner(name=name, pause_on_shutdown=True)
    deployment_id = runner.add_flow(
        scheduled_flow,
        name=name,
        interval=interval,
        cron=cron,
        parameters=parameters,
        description="New and changed inbox files and feed entries into the Dateline warehouse.",
        # One run at a time: a run that comes due while another is still loading waits its turn.
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE),
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    print(f"serving deployment '{scheduled_flow.name}/{name}' (Ctrl-C stops); runs show in the Prefect UI", flush=True)
    if run_now:
        run = run_deployment(deployment_id, timeout=0, as_subflow=False)  # scheduled now: the runner picks it up
        print(f"started flow run {run.name} ({run.id}) now", flush=True)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal):
        pass

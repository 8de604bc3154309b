"""Where the analysis tasks run: in the flow's process, a local process pool, or a Dask cluster."""

from __future__ import annotations

from typing import Literal

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

Pool = Literal["process", "dask"]


def task_runner(workers: int = 1, dask_address: str | None = None, pool: Pool = "process") -> TaskRunner | None:
    """None keeps Prefect's default (analysis in the flow's own process)."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers <= 1:
        return None
    if pool == "dask":
        from prefect_dask import DaskTaskRunner

        # One single-threaded process per worker: spaCy holds the GIL, threads would not help.
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        )
    return ProcessPoolTaskRunner(max_workers=workers)

"""Where the analysis tasks run: in the flow's process, a local process pool, or a Dask cluster; and how many
processes `dateline run --workers auto` uses."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

Pool = Literal["process", "dask"]
AUTO = "auto"
# Input bytes each analysis process needs to pay for its start. Measured in CPU seconds on the 2-core machine
# (bench/run.py --profile, README "Performance"): a worker's start (interpreter, Prefect, spaCy and its model,
# the rule tables) costs about 3 s; analysis about 32 us a byte (TempEval-3 news). A second process saves half
# the analysis, so it pays from about 190 kB; 150 kB a process starts the second one at 300 kB, with a margin.
BYTES_PER_WORKER = 150_000


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def input_bytes(paths: Sequence[str]) -> int:
    """The size of the files a run over ``paths`` reads (0: nothing to analyse)."""
    from extractors.ingest.sources import discover

    files, _ = discover(paths)
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:  # gone or unreadable: the run itself reports it
            continue
    return size


def auto_workers(size: int) -> int:
    """One process per core, but no more than an input of ``size`` bytes pays for (one per BYTES_PER_WORKER)."""
    return max(1, min(usable_cores(), size // BYTES_PER_WORKER))


def quoted_submissions() -> bool:
    """Whether arguments submitted to the flow's task runner may be wrapped in Prefect's ``quote``: not on Dask,
    which ships a tuple (the annotation is one) as a plain tuple, so the task would get the wrapper."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    return type(runner).__name__ != "DaskTaskRunner"


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

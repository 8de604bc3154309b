"""`dateline run --workers auto` (the default): the cores available, fewer when the input is too small to pay
for starting more processes; a bad --workers value stops the run before any work."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import runners
from flows.cli import app
from flows.runners import BYTES_PER_WORKER, auto_workers, input_bytes, usable_cores


def _article(path: Path, size: int) -> Path:
    sentence = "Officials said on Monday that the talks would resume next week. "
    path.write_text((sentence * (size // len(sentence) + 1))[:size], encoding="utf-8")
    return path


def test_a_small_input_gets_one_process(tmp_path: Path) -> None:
    _article(tmp_path / "a.txt", 5_000)
    assert auto_workers(input_bytes([str(tmp_path)])) == 1
    assert auto_workers(input_bytes([str(tmp_path / "missing")])) == 1


def test_a_large_input_gets_the_usable_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        _article(tmp_path / f"{n}.txt", BYTES_PER_WORKER)
    assert auto_workers(input_bytes([str(tmp_path)])) == min(usable_cores(), 3)
    monkeypatch.setattr(runners, "usable_cores", lambda: 2)  # a machine of two cores: never more than two
    assert auto_workers(input_bytes([str(tmp_path)])) == 2


def test_usable_cores_follow_the_affinity() -> None:
    import os

    assert usable_cores() == len(os.sched_getaffinity(0)) >= 1


@pytest.mark.parametrize("value", ["0", "-1", "two", "²", "1.5", str(10**6)])
def test_a_bad_worker_count_is_refused_before_any_work(tmp_path: Path, value: str) -> None:
    db = tmp_path / "w.duckdb"
    done = CliRunner().invoke(app, ["run", str(_article(tmp_path / "a.txt", 100)), "--db", str(db), "--workers", value])
    assert done.exit_code == 2, done.output
    assert "--workers" in done.output and not db.exists()

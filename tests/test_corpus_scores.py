"""Regression floors on the annotated corpora, scored by the shared scorer exactly as the README says.

The floors sit a little under today's figures: a change that costs real accuracy fails here.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import PROJECT

# blind2 is left out on purpose: it measures, it is never tuned against. "real" is ../shared/corpus/real as a whole
# (its development half was tuned on; the floor guards the whole against a change that loses what was learnt).
FLOORS = {  # corpus: (detection F1, strict F1)
    "heldout": (0.93, 0.88),
    "blind": (0.95, 0.85),
    "real": (0.82, 0.57),
}


def corpus_dir(corpus: str, shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "real" if corpus == "real" else PROJECT / "tests" / "corpus" / corpus


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_corpus_scores_stay_above_their_floor(corpus: str, shared_dir: Path, tmp_path: Path) -> None:
    articles = sorted(corpus_dir(corpus, shared_dir).glob("*.txt"))
    done = CliRunner().invoke(app, ["extract", *map(str, articles), "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    scored = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score_events.py"),
            "--corpus",
            str(articles[0].parent),
            "--system",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(scored.stdout.strip().splitlines()[-1])
    detection, strict = FLOORS[corpus]
    assert figures["detection"]["f1"] >= detection, scored.stdout
    assert figures["strict"]["f1"] >= strict, scored.stdout


def test_timex_blind_corpus_stays_above_its_floor(shared_dir: Path, tmp_path: Path) -> None:
    # written and annotated blind to the resolver; scored 93.0 value F1 when first seen, 97.7 since
    gold = PROJECT / "tests" / "corpus" / "timex_blind" / "news.jsonl"
    out = tmp_path / "sys.jsonl"
    done = CliRunner().invoke(app, ["timex", "--jsonl", str(gold), "--out", str(out), "--workers", "1"])
    assert done.exit_code == 0, done.output
    scored = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score_timex.py"), str(gold), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(scored.stdout.strip().splitlines()[-1])
    assert figures["value"]["f1"] >= 0.95, scored.stdout
    assert figures["relaxed"]["f1"] >= 0.97, scored.stdout

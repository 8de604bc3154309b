"""Measure the time-expression resolver the way issue 3 does: run `dateline timex` on a JSON-lines
corpus ({doc_id, dct, text} per line, gold `timexes` included), time it (model load included) and score
it with the shared TempEval-3 scorer, on the whole set and on two halves split by a hash of the doc id
(a figure that holds on both halves is not one document's luck).

    python bench/timex_eval.py [GOLD.jsonl] [--out sys.jsonl] [--workers N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TRAIN = SHARED / "data" / "tempeval3" / "train.jsonl"
SCORER = SHARED / "eval" / "score_timex.py"
DATELINE = Path(sys.executable).with_name("dateline")


def score(gold: Path, system: Path) -> dict:
    """The scorer's JSON summary (its last output line)."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(system)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def half_of(doc_id: str) -> int:
    return int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=TRAIN)
    parser.add_argument("--out", type=Path, help="keep the system output here")
    parser.add_argument("--workers", type=int, help="passed to dateline timex")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        system = args.out or work / "sys.jsonl"
        command = [str(DATELINE), "timex", "--jsonl", str(args.gold), "--out", str(system)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started

        rows = {"all": score(args.gold, system)}
        gold_lines = [line for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        system_lines = {json.loads(line)["doc_id"]: line for line in system.read_text(encoding="utf-8").splitlines()}
        for half in (0, 1):
            picked = [line for line in gold_lines if half_of(json.loads(line)["doc_id"]) == half]
            (work / f"gold{half}.jsonl").write_text("\n".join(picked) + "\n", encoding="utf-8")
            (work / f"sys{half}.jsonl").write_text(
                "\n".join(system_lines[json.loads(line)["doc_id"]] for line in picked) + "\n", encoding="utf-8"
            )
            rows[f"half {half}"] = score(work / f"gold{half}.jsonl", work / f"sys{half}.jsonl")

    print(f"dateline timex: {len(gold_lines)} documents in {seconds:.1f} s (model load included)")
    print(f"{'set':8} {'docs':>5} {'value F1':>9} {'relaxed F1':>11} {'strict F1':>10}")
    for name, r in rows.items():
        print(
            f"{name:8} {r['n_docs']:>5} {100 * r['value']['f1']:>9.2f} {100 * r['relaxed']['f1']:>11.2f} "
            f"{100 * r['strict']['f1']:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

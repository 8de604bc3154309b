"""Score `dateline extract` on the real news pages (../shared/corpus/real) as issue 15 asks: the whole set, a
development half and a check half, split by a hash of the file name (md5, first hex digit 0-7: development).
Rules are written looking at the development half only; of the check half only totals are printed.

    python bench/real_eval.py [CORPUS_DIR] [--errors]      (--errors: the development half's error list)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score_events.py"
DATELINE = Path(sys.executable).with_name("dateline")


def half(name: str) -> str:
    return "development" if hashlib.md5(name.encode()).hexdigest()[0] in "01234567" else "check"


def score(corpus: Path, system: Path, errors: bool = False) -> tuple[dict, str]:
    args = [sys.executable, str(SCORER), "--corpus", str(corpus), "--system", str(system)]
    out = subprocess.run(args + (["--errors"] if errors else []), check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1]), out


def line(label: str, figures: dict) -> str:
    det, strict, attrs = figures["detection"], figures["strict"], figures["attributes"]
    return (
        f"{label:<12} {figures['documents']:>3} articles  detection F1 {det['f1']:.3f}  strict F1 {strict['f1']:.3f}"
        f"  source {attrs['source']:.3f}  target {attrs['target']:.3f}  date {attrs['date']:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=SHARED / "corpus" / "real")
    parser.add_argument("--errors", action="store_true", help="print the development half's errors")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        texts = sorted(args.corpus.glob("*.txt"))
        subprocess.run(
            [str(DATELINE), "extract", *map(str, texts), "--out", str(work / "out")], check=True, capture_output=True
        )
        for name in ("development", "check"):
            (work / name).mkdir()
        for text in texts:  # each half as a corpus folder of its own, for the scorer
            target = work / half(text.stem)
            for path in (text, text.with_name(text.stem + ".gold.json")):
                (target / path.name).symlink_to(path.resolve())
        print(line("all", score(args.corpus, work / "out")[0]))
        for name in ("development", "check"):
            figures, report = score(work / name, work / "out", errors=args.errors and name == "development")
            print(line(name, figures))
            if args.errors and name == "development":
                print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

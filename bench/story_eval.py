"""Measure stories: load tests/corpus/stories with the real `dateline run` into temporary warehouses and score
story membership against its gold file, pairwise (two events of the gold file are a pair when they are in one
story): precision, recall and F1. The corpus is loaded three ways (all in one batch in file-name order; one
article per batch in reverse order; two runs of a few articles per batch, in an interleaved order) and the
stories of the three warehouses are compared: they must be the same.

    python bench/story_eval.py [--corpus DIR] [--gold FILE] [--out bench/story_eval.json]

A gold event is found by its article's file name, its type, one of its mentions' trigger text and a few words of
that mention's sentence; one the extractor did not find counts as a story of its own (its pairs are misses).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "stories"
DATELINE = Path(sys.executable).with_name("dateline")


@dataclass(frozen=True)
class GoldEvent:
    file: str  # the article's file name without its suffix
    event_type: str
    trigger: str
    words: str
    story: str


@dataclass
class Score:
    pairs: int  # gold pairs (same story)
    found: int  # pairs in one system story
    correct: int
    matched: int  # gold events found in the warehouse
    gold_events: int
    missing: list[str]

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.pairs if self.pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "gold_pairs": self.pairs,
            "system_pairs": self.found,
            "correct_pairs": self.correct,
            "gold_events": self.gold_events,
            "matched_events": self.matched,
            "missing": self.missing,
        }


def read_gold(path: Path) -> list[GoldEvent]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [GoldEvent(r["file"], r["type"], r["trigger"], r["words"], r["story"]) for r in rows]


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def story_of_gold(db: Path, gold: list[GoldEvent]) -> list[str | None]:
    """The story_id of each gold event's event in the warehouse (None when the extractor did not find it)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """SELECT a.source_uri, e.event_type, m.trigger_text, m.sentence, s.story_id, e.event_id
               FROM events e JOIN articles a USING (article_id) JOIN event_mentions m USING (event_id)
               JOIN story_events s USING (event_id) ORDER BY e.event_id, m.start_char"""
        ).fetchall()
    finally:
        con.close()
    found: list[str | None] = []
    for g in gold:
        hits = [
            story
            for uri, kind, trigger, sentence, story, _ in rows
            if Path(uri).stem == g.file
            and kind == g.event_type
            and _squash(trigger) == _squash(g.trigger)
            and _squash(g.words) in _squash(sentence)
        ]
        found.append(hits[0] if hits else None)
    return found


def score(gold: list[GoldEvent], stories: list[str | None]) -> Score:
    pairs = found = correct = 0
    for (g1, s1), (g2, s2) in itertools.combinations(zip(gold, stories, strict=True), 2):
        same_gold = g1.story == g2.story
        same_system = s1 is not None and s1 == s2
        pairs += same_gold
        found += same_system
        correct += same_gold and same_system
    missing = [f"{g.file} {g.event_type} '{g.trigger}'" for g, s in zip(gold, stories, strict=True) if s is None]
    return Score(pairs, found, correct, len(gold) - len(missing), len(gold), missing)


def partition(db: Path) -> set[frozenset[str]]:
    """Every story of the warehouse as the set of its event ids."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT list(event_id ORDER BY event_id) FROM story_events GROUP BY story_id").fetchall()
    finally:
        con.close()
    return {frozenset(r[0]) for r in rows}


def load(db: Path, runs: list[tuple[list[Path], int]]) -> float:
    """`dateline run FILES --batch-size N` for each run, in order; returns the seconds taken."""
    started = time.perf_counter()
    for files, batch in runs:
        subprocess.run(
            [str(DATELINE), "run", *map(str, files), "--db", str(db), "--batch-size", str(batch)],
            check=True,
            capture_output=True,
            text=True,
        )
    return time.perf_counter() - started


def orders(files: list[Path]) -> dict[str, list[tuple[list[Path], int]]]:
    """Three ways to load the same files: order, batch size and number of runs all differ."""
    interleaved = files[1::2] + files[0::2]
    half = len(interleaved) // 2
    return {
        "sorted, one batch": [(files, 64)],
        "reversed, one article per batch": [(files[::-1], 1)],
        "interleaved, two runs, 3 per batch": [(interleaved[:half], 3), (interleaved[half:], 3)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--gold", type=Path, default=None, help="default: gold.tsv in the corpus folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "story_eval.json")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold or args.corpus / "gold.tsv")
    files = sorted(args.corpus.glob("*.txt"))
    results, partitions = {}, []
    with tempfile.TemporaryDirectory(prefix="dateline-stories-") as tmp:
        for n, (name, runs) in enumerate(orders(files).items()):
            db = Path(tmp) / f"w{n}.duckdb"
            seconds = load(db, runs)
            result = score(gold, story_of_gold(db, gold))
            partitions.append(partition(db))
            results[name] = {**result.as_dict(), "seconds": round(seconds, 1), "stories": len(partitions[-1])}
            print(
                f"{name:40} P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}  "
                f"({result.correct}/{result.found} system pairs, {result.correct}/{result.pairs} gold pairs; "
                f"{result.matched}/{result.gold_events} gold events found; {len(partitions[-1])} stories; "
                f"{seconds:.0f} s)"
            )
            for miss in result.missing:
                print(f"    not found: {miss}")
    same = all(p == partitions[0] for p in partitions)
    print(f"same stories in all three loads: {'yes' if same else 'NO'}")
    report = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "corpus": str(args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT) else args.corpus),
        "articles": len(files),
        "loads": results,
        "same_stories_in_every_load": same,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

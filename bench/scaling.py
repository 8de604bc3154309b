"""Scaling of the extraction stages with the length of one article: N short news sentences.

    python bench/scaling.py [--sizes 1000 4000 10000] [--out bench/scaling.json]

The text is N sentences made from templates written for this benchmark (launches, sanctions,
statements, denials; weekdays and March dates, thirty countries, a hundred speakers), five to a
paragraph: thousands of distinct events, the worst case for merging mentions into events.
spaCy parses it in paragraph-aligned chunks (nlp.pipe) joined into one Doc, so the model's
max_length never applies and parsing time is reported on its own. Then `find_time_expressions`
and `extract_events` run on the whole Doc, as for one very long article. Each size runs in its own
process, so the peak memory of one size is not that of the one before.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = [
    "North Korea", "Russia", "China", "Iran", "Japan", "France", "Pakistan", "India", "Israel", "Turkey",
    "Germany", "Brazil", "Egypt", "Poland", "Ukraine", "Syria", "Iraq", "Canada", "Mexico", "Nigeria",
    "Kenya", "Spain", "Italy", "Greece", "Sweden", "Norway", "Vietnam", "Thailand", "Indonesia", "Australia",
]  # fmt: skip
FIRST = ["Omar", "Lena", "Kenji", "Maria", "Tomas", "Ahmed", "Sofia", "Ivan", "Chen", "Amara"]
LAST = ["Haddad", "Petrova", "Sato", "Alves", "Novak", "Karimi", "Lindqvist", "Orlov", "Wei", "Okafor", "Reyes"]
PEOPLE = [f"{f} {last}" for f in FIRST for last in LAST]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] + [
    f"March {d}" for d in range(1, 29)
]
TEMPLATES = [
    "{a} fired a ballistic missile into the sea on {day}, the military of {b} said.",
    "The government of {a} imposed new sanctions on {b} on {day}.",
    "{a} test-fired a cruise missile off its east coast on {day}.",
    "The foreign ministry of {a} said on {day} that it rejected the claims made by {b}.",
    "{p}, a spokesman for the ministry in {a}, denied the report on {day}.",
    "The European Union announced sanctions against officials of {a} on {day}.",
    "{a} and {b} held joint naval drills on {day}.",
    "{p} said on {day} that {a} would answer any attack.",
    "Officials in {b} condemned the launch by {a} on {day}.",
    "{a} launched a satellite on {day}, state media reported.",
    "The talks between {a} and {b} ended on {day} without a deal.",
]


def article_text(n: int) -> str:
    """N sentences, five to a paragraph, every combination of template, countries and weekday varied."""
    sentences = []
    for i in range(n):
        a = COUNTRIES[i % len(COUNTRIES)]
        b = COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
        if b == a:
            b = COUNTRIES[(i + 1) % len(COUNTRIES)]
        template = TEMPLATES[(i * 5 + i // len(TEMPLATES)) % len(TEMPLATES)]
        day = DAYS[(i * 3) % len(DAYS)]
        sentences.append(template.format(a=a, b=b, p=PEOPLE[(i * 13) % len(PEOPLE)], day=day))
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, n, 5)]
    return "\n\n".join(paragraphs) + "\n"


class PeakMemory:
    """Peak resident memory of this process while a stage runs, sampled every 20 ms."""

    def __init__(self) -> None:
        self.process, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self.process.memory_info().rss)


def measure(n: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from spacy.tokens import Doc

    from extractors.article.parser import analysis_text, parse_article
    from extractors.events.extract import extract_events
    from extractors.nlp import BATCH_SIZE, load_model
    from extractors.timex.find import find_time_expressions
    from schemas import RawInput

    nlp = load_model()
    text = article_text(n)
    article = parse_article(
        RawInput(source_uri="bench", source_key="bench", text=text, format="text"),
        published_override=datetime(2024, 3, 14),
    )
    analysed = analysis_text(article)
    started = time.perf_counter()
    pieces, at = [], 0
    for paragraph in analysed.split("\n\n"):  # chunks end where a paragraph does, offsets unchanged
        piece = analysed[at : at + len(paragraph) + 2]
        pieces.append(piece)
        at += len(piece)
    doc = Doc.from_docs(list(nlp.pipe(pieces, batch_size=BATCH_SIZE)), ensure_whitespace=False)
    assert doc.text == analysed
    parse_s = time.perf_counter() - started
    before = psutil.Process().memory_info().rss

    memory = PeakMemory()
    started = time.perf_counter()
    timexes = find_time_expressions(doc, article.anchor, exclude=article.furniture)
    timex_s = time.perf_counter() - started
    started = time.perf_counter()
    events = extract_events(doc, article, timexes, nlp)
    events_s = time.perf_counter() - started
    peak = memory.stop()
    return {
        "sentences": n,
        "chars": len(text),
        "parse_s": round(parse_s, 2),
        "timex_s": round(timex_s, 2),
        "events_s": round(events_s, 2),
        "extraction_s": round(timex_s + events_s, 2),
        "timexes": len(timexes),
        "events": len(events),
        "rss_before_mb": round(before / 2**20),
        "peak_rss_mb": round(peak / 2**20),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # a child process: one size
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return
    rows = []
    print(
        f"{'sentences':>9} {'chars':>9} {'parse s':>8} {'timex s':>8} {'events s':>9} {'timexes':>8} {'events':>7} "
        f"{'peak MB':>8}"
    )
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['sentences']:>9} {row['chars']:>9} {row['parse_s']:>8} {row['timex_s']:>8} {row['events_s']:>9} "
            f"{row['timexes']:>8} {row['events']:>7} {row['peak_rss_mb']:>8}",
            flush=True,
        )
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()

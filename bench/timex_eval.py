"""Resolve the time expressions of a JSON-lines corpus ({doc_id, dct, text} per line) and
write {doc_id, timexes: [{start, end, text, type, value, mod}]} per line, for
/work/shared/eval/score_timex.py. Prints the elapsed time (model load included).

    python bench/timex_eval.py IN.jsonl OUT.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.nlp import load_model  # noqa: E402
from extractors.timex import find_time_expressions  # noqa: E402


def anchor_of(dct: str | None) -> date | None:
    return date.fromisoformat(dct[:10]) if dct else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with open(args.input, encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    nlp = load_model()
    with open(args.output, "w", encoding="utf-8") as out:
        parsed = nlp.pipe((d["text"] for d in docs), batch_size=args.batch_size)
        for record, doc in zip(docs, parsed):
            timexes = find_time_expressions(doc, anchor_of(record.get("dct")))
            rows = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                     "mod": t.mod} for t in timexes]
            out.write(json.dumps({"doc_id": record["doc_id"], "timexes": rows}) + "\n")
    elapsed = time.perf_counter() - started
    print(f"{len(docs)} documents in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

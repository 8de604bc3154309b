"""Dev harness for the event extractor: writes OUT/<stem>.json in the annotation-guide shape.

    python bench/events_dev.py [CORPUS_DIR] [OUT_DIR]
then: python /work/shared/eval/score_events.py --corpus CORPUS_DIR --system OUT_DIR --errors
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.annotation_json import to_annotation_json  # noqa: E402
from extractors.article.parser import analysis_text, parse_article  # noqa: E402
from extractors.events.extract import extract_events  # noqa: E402
from extractors.nlp import load_model  # noqa: E402
from extractors.timex.find import find_time_expressions  # noqa: E402
from schemas import ArticleResult, RawInput  # noqa: E402


def main(corpus: Path, out: Path) -> None:
    nlp = load_model()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold_path = path.with_name(path.stem + ".gold.json")
        published = None
        if gold_path.exists():
            published = json.loads(gold_path.read_text(encoding="utf-8")).get("article", {}).get("published")
        raw = RawInput(source_uri=str(path), source_key=str(path), text=text, format="text")
        article = parse_article(raw, datetime.fromisoformat(published) if published else None)
        doc = nlp(analysis_text(article))
        timexes = find_time_expressions(doc, article.anchor, exclude=article.furniture)
        events = extract_events(doc, article, timexes, nlp)
        result = to_annotation_json(ArticleResult(article=article, timexes=timexes, events=events))
        (out / f"{path.stem}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{time.perf_counter() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0] if args else "/work/shared/corpus/dev"), Path(args[1] if len(args) > 1 else "/tmp/events_out"))

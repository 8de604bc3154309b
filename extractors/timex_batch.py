"""`dateline timex`: resolve time expressions for JSON-lines documents {doc_id, dct, text}."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from extractors.nlp import BATCH_SIZE, load_model
from extractors.timex import find_time_expressions


def _read_documents(path: Path) -> Iterator[tuple[str, date | None, str]]:
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                dct = doc.get("dct")
                yield str(doc["doc_id"]), date.fromisoformat(dct[:10]) if dct else None, doc["text"]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as problem:
                raise ValueError(f"{path}:{lineno}: not a {{doc_id, dct, text}} line ({problem})") from None


def resolve_jsonl(in_path: Path, out_path: Path) -> int:
    """One process, the model loaded once, documents batched through nlp.pipe; returns the count."""
    nlp = load_model()
    documents = list(_read_documents(in_path))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as out:
        docs = nlp.pipe((text for _, _, text in documents), batch_size=BATCH_SIZE)
        for (doc_id, dct, _), doc in zip(documents, docs):
            timexes = [
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod}
                for t in find_time_expressions(doc, dct)
            ]
            out.write(json.dumps({"doc_id": doc_id, "timexes": timexes}, ensure_ascii=False) + "\n")
    return len(documents)

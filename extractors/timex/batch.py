"""`dateline timex`: resolve time expressions for JSON-lines documents {doc_id, dct, text}."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TextIO

from extractors.chunking import pieces
from extractors.nlp import BATCH_SIZE, load_model
from extractors.pipeline import parse_pieces
from extractors.timex.find import find_time_expressions

Document = tuple[str, date | None, str]
CHUNK = 16  # documents per worker task: small enough to keep both cores busy to the end


def _read_documents(path: Path) -> Iterator[Document]:
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


def resolve_documents(documents: Sequence[Document]) -> list[dict]:
    """{doc_id, timexes} per document, one spaCy pass over the batch (model loaded once per process)."""
    nlp = load_model()
    lines = []
    parsed = parse_pieces(nlp, [pieces(text) for _, _, text in documents], BATCH_SIZE)  # long texts in pieces
    for (doc_id, dct, _), doc in zip(documents, parsed, strict=True):
        if isinstance(doc, Exception):  # spaCy failed on this document: no expressions, the others go on
            lines.append({"doc_id": doc_id, "timexes": [], "error": f"{type(doc).__name__}: {doc}"})
            continue
        timexes = [
            {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod}
            for t in find_time_expressions(doc, dct)
        ]
        lines.append({"doc_id": doc_id, "timexes": timexes})
    return lines


def _write_lines(out: TextIO, lines: list[dict], total: int, on_chunk: Callable[[int, int], None] | None) -> None:
    out.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if on_chunk:
        on_chunk(len(lines), total)


def _warm_up() -> None:
    load_model()


def resolve_jsonl(
    in_path: Path, out_path: Path, workers: int | None = None, on_chunk: Callable[[int, int], None] | None = None
) -> int:
    """Resolve every document of ``in_path`` into ``out_path``, in input order; returns the count.

    ``workers`` processes (default: one per core) each load the model once and take chunks of documents.
    ``on_chunk(documents, total)`` is told as each chunk is written (a progress bar).
    """
    documents = list(_read_documents(in_path))
    workers = workers or os.cpu_count() or 1
    chunks = [documents[i : i + CHUNK] for i in range(0, len(documents), CHUNK)]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as out:
        if workers <= 1 or len(chunks) <= 1:
            results: Iterator[list[dict]] = (resolve_documents(chunk) for chunk in chunks)
            for lines in results:
                _write_lines(out, lines, len(documents), on_chunk)
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
                for lines in pool.map(resolve_documents, chunks):
                    _write_lines(out, lines, len(documents), on_chunk)
    return len(documents)

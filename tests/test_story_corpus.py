"""The story corpus (tests/corpus/stories) loaded by the real flow: the annotated stories come out, the same ones
in two orders and two batch sizes (bench/story_eval.py does the same with the CLI, and in two runs as well)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.story_eval import CORPUS, orders, partition, read_gold, score, story_of_gold
from flows.etl import etl_flow

pytestmark = pytest.mark.slow  # Prefect flow runs


def test_the_story_corpus_gives_its_stories_in_any_order_and_batch_size(tmp_path: Path) -> None:
    gold = read_gold(CORPUS / "gold.tsv")
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) >= 12 and len({g.story for g in gold}) >= 6
    partitions = {}
    for n, (name, runs) in enumerate(list(orders(files).items())[:2]):  # sorted in one batch; reversed, one by one
        db = tmp_path / f"w{n}.duckdb"
        for chunk, batch in runs:
            summary = etl_flow([str(f) for f in chunk], str(db), batch_size=batch)
            assert summary.rejected == 0
        result = score(gold, story_of_gold(db, gold))
        assert result.f1 >= 0.9, (name, result.as_dict())
        assert result.precision == 1.0, (name, result.as_dict())  # the near-misses stay apart
        partitions[name] = partition(db)
    first, *others = partitions.values()
    assert all(p == first for p in others), "stories depend on how the corpus was loaded"
    assert sum(len(p) > 1 for p in first) >= 7  # stories of several articles, not all alone

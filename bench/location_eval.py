"""Event locations on the real news pages (../shared/corpus/real) against tests/corpus/real_locations.json.

Runs `dateline extract` on the pages, pairs system events with gold events as ../shared/eval/score_events.py does
(same type, overlapping mentions, maximum one-to-one matching: its own ``match``), and reports

- location accuracy over the gold events whose annotation names a place: right when the system's place has the
  annotated name, lies within 50 km of it, or shares its country when the annotation is a country or region
  (any of the annotation's ``also`` places counts the same); over the matched events and over all of them (an
  event the system missed counts as wrong);
- the false-location rate over the matched gold events annotated null: the share given a place anyway.

    python bench/location_eval.py [CORPUS_DIR] [--annotations FILE] [--errors]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score_events.py"
DATELINE = Path(sys.executable).with_name("dateline")
ANNOTATIONS = ROOT / "tests" / "corpus" / "real_locations.json"
NEAR_KM = 50.0
AREA_KINDS = {"country", "region"}  # an annotation of an area is met by any place in its country


def _scorer():
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    (lat1, lon1), (lat2, lon2) = map(lambda p: (math.radians(p[0]), math.radians(p[1])), (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def same_place(system: dict, gold: dict) -> bool:
    """One annotated place against the system's: name, distance, or country for an area."""
    if _plain(system["name"]) == _plain(gold["name"]):
        return True
    if None not in (system.get("lat"), system.get("lon"), gold.get("lat"), gold.get("lon")):
        if km((system["lat"], system["lon"]), (gold["lat"], gold["lon"])) <= NEAR_KM:
            return True
    return (
        gold.get("kind") in AREA_KINDS and gold.get("country") is not None and system.get("country") == gold["country"]
    )


def right(system: dict | None, gold: dict) -> bool:
    return system is not None and any(same_place(system, g) for g in [gold, *gold.get("also", [])])


def evaluate(corpus: Path, out: Path, annotations: dict) -> tuple[dict, list[str]]:
    scorer = _scorer()
    tally = dict.fromkeys(("placed", "placed_matched", "placed_right", "placed_none", "null", "null_placed"), 0)
    errors: list[str] = []
    for name, events in sorted(annotations["articles"].items()):
        text = (corpus / f"{name}.txt").read_text(encoding="utf-8")
        gold = json.loads((corpus / f"{name}.gold.json").read_text(encoding="utf-8"))
        path = out / f"{name}.json"
        system = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"events": []}
        gold_events = [g for g in gold["events"] if g["type"] in scorer.SCORED_TYPES]
        sys_events = [s for s in system["events"] if s.get("type") in scorer.SCORED_TYPES]
        pairs, _, _ = scorer.match(gold_events, sys_events, text)
        for gi, g in enumerate(gold_events):
            place = events.get(g["id"])
            si = pairs.get(gi)
            found = sys_events[si].get("location") if si is not None else None
            if place is None:
                if si is not None:
                    tally["null"] += 1
                    if found is not None:
                        tally["null_placed"] += 1
                        errors.append(f"{name}: {g['id']}: FALSE place {found['name']}")
                continue
            tally["placed"] += 1
            if si is None:
                errors.append(f"{name}: {g['id']}: event MISSED (gold place {place['name']})")
                continue
            tally["placed_matched"] += 1
            if right(found, place):
                tally["placed_right"] += 1
            elif found is None:
                tally["placed_none"] += 1
                errors.append(f"{name}: {g['id']}: NO place (gold {place['name']})")
            else:
                errors.append(f"{name}: {g['id']}: WRONG place {found['name']} (gold {place['name']})")
    return tally, errors


def _share(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=SHARED / "corpus" / "real")
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--errors", action="store_true", help="list every miss, wrong and false place")
    args = parser.parse_args(argv)
    annotations = json.loads(args.annotations.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        texts = [str(args.corpus / f"{name}.txt") for name in sorted(annotations["articles"])]
        subprocess.run([str(DATELINE), "extract", *texts, "--out", tmp], check=True, capture_output=True)
        tally, errors = evaluate(args.corpus, Path(tmp), annotations)
    if args.errors:
        print("\n".join(errors))
    print(
        f"location accuracy, matched events with a gold place  {_share(tally['placed_right'], tally['placed_matched'])}"
    )
    print(f"location accuracy, all events with a gold place      {_share(tally['placed_right'], tally['placed'])}")
    print(
        f"no place given where gold has one (matched)          {_share(tally['placed_none'], tally['placed_matched'])}"
    )
    print(f"false-location rate, matched events gold says null   {_share(tally['null_placed'], tally['null'])}")
    print(json.dumps(tally))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Dateline benchmark: raw spaCy against the whole pipeline, 1 vs 2 workers, re-runs, fixed costs.

    python bench/run.py [--scale 40] [--skip-scale] [--out bench/results.json]

Corpus: the 256 TempEval-3 training documents (../shared/data/tempeval3/train.jsonl, `dct` as the
publication date) as JSON lines, and the same replicated --scale times with distinct ids and a
distinguishing line. Every figure comes from this one run on this machine; nothing is timed in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "tempeval3" / "train.jsonl"
BIN = Path(sys.executable).parent
HEIDELTIME_SECONDS = 705.0  # measured on the 256 train documents (issue 3)


def write_corpus(path: Path, scale: int) -> int:
    docs = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for copy in range(scale):
            for doc in docs:
                text = doc["text"] if copy == 0 else f"{doc['text']}\n\n[copy {copy}]\n"
                out.write(json.dumps({"id": f"{doc['doc_id']}#{copy}", "published": doc["dct"], "text": text}) + "\n")
    return len(docs) * scale


class PeakMemory:
    """Peak resident memory of a process and all its children (worker pools included), sampled."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)] if p.is_running())
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(process.pid)
    output, _ = process.communicate()
    peak = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return time.perf_counter() - started, peak, output


RAW_SPACY = """
import json, sys, time
from extractors.nlp import load_model
nlp = load_model()
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
count = sum(1 for _ in nlp.pipe(texts, batch_size=64))
print(count)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=40, help="copies of the train set for the scale run")
    parser.add_argument("--skip-scale", action="store_true", help="only the 256-document runs")
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not TRAIN.exists():
        raise SystemExit(f"needs {TRAIN}")

    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    corpus = work / "train.jsonl"
    n = write_corpus(corpus, 1)
    rows: list[dict] = []

    def record(name: str, articles: int, seconds: float, peak: int, note: str = "") -> dict:
        row = {
            "run": name,
            "articles": articles,
            "seconds": round(seconds, 2),
            "articles_per_s": round(articles / seconds, 2) if articles else None,
            "peak_rss_mb": round(peak / 2**20),
            "note": note,
        }
        rows.append(row)
        print(
            f"{name:<44} {articles:>6} articles {seconds:8.2f} s  {row['articles_per_s'] or 0:7.2f}/s  "
            f"{row['peak_rss_mb']:>5} MB  {note}",
            flush=True,
        )
        return row

    def dateline(*argv: str, extra_env: dict[str, str] | None = None) -> tuple[float, int, str]:
        return timed([str(BIN / "dateline"), *argv], {**env, **(extra_env or {})})

    print(
        f"machine: {platform.machine()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}; work dir {work}\n",
        flush=True,
    )

    raw = record("raw spaCy nlp.pipe, 1 process", n, *timed([sys.executable, "-c", RAW_SPACY, str(corpus)], env)[:2])
    empty = work / "empty"
    empty.mkdir()
    record(
        "dateline run, empty folder (fixed cost, cold)",
        0,
        *dateline("run", str(empty), "--db", str(work / "empty.duckdb"))[:2],
        note="ephemeral Prefect server, fresh PREFECT_HOME",
    )
    fixed_warm = record(
        "dateline run, empty folder (warm home)",
        0,
        *dateline("run", str(empty), "--db", str(work / "empty.duckdb"))[:2],
        note="ephemeral server, migrated home",
    )
    one = work / "one.jsonl"
    one.write_text(corpus.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    record("dateline run, 1 article", 1, *dateline("run", str(one), "--db", str(work / "one.duckdb"))[:2])

    e2e = record("dateline run, 1 process", n, *dateline("run", str(corpus), "--db", str(work / "w1.duckdb"))[:2])
    rerun = record(
        "dateline run again, unchanged input", n, *dateline("run", str(corpus), "--db", str(work / "w1.duckdb"))[:2]
    )
    two = record(
        "dateline run --workers 2 (process pool)",
        n,
        *dateline("run", str(corpus), "--db", str(work / "w2.duckdb"), "--workers", "2")[:2],
    )
    two_dask = record(
        "dateline run --workers 2 --pool dask",
        n,
        *dateline("run", str(corpus), "--db", str(work / "w3.duckdb"), "--workers", "2", "--pool", "dask")[:2],
    )
    timex = record(
        "dateline timex (256 train documents)",
        n,
        *timed([str(BIN / "dateline"), "timex", "--jsonl", str(TRAIN), "--out", str(work / "timex.jsonl")], env)[:2],
    )

    server = _server_cost(env, work, one)
    if server:
        record("dateline run, 1 article, running server", 1, *server, note="PREFECT_API_URL set")

    ratios = {
        "end_to_end_over_raw_spacy": round((raw["seconds"]) / (e2e["seconds"] - fixed_warm["seconds"]), 3),
        "end_to_end_over_raw_spacy_incl_startup": round(raw["seconds"] / e2e["seconds"], 3),
        "two_workers_over_one": round(
            (e2e["seconds"] - fixed_warm["seconds"]) / (two["seconds"] - fixed_warm["seconds"]), 3
        ),
        "two_dask_workers_over_one": round(
            (e2e["seconds"] - fixed_warm["seconds"]) / (two_dask["seconds"] - fixed_warm["seconds"]), 3
        ),
        "rerun_over_first_net_of_fixed": round(
            max(0.0, rerun["seconds"] - fixed_warm["seconds"]) / (e2e["seconds"] - fixed_warm["seconds"]), 3
        ),
        "heideltime_over_timex": round(HEIDELTIME_SECONDS / timex["seconds"], 1),
    }

    if not args.skip_scale:
        big = work / f"train-x{args.scale}.jsonl"
        big_n = write_corpus(big, args.scale)
        scale1 = record(
            f"dateline run, x{args.scale}, 1 process",
            big_n,
            *dateline("run", str(big), "--db", str(work / "big1.duckdb"))[:2],
        )
        scale2 = record(
            f"dateline run, x{args.scale}, --workers 2",
            big_n,
            *dateline("run", str(big), "--db", str(work / "big2.duckdb"), "--workers", "2")[:2],
        )
        ratios["scale_two_workers_over_one"] = round(scale1["seconds"] / scale2["seconds"], 3)
        ratios["scale_peak_rss_mb_1_process"] = scale1["peak_rss_mb"]
        ratios["peak_rss_mb_growth_x1_to_xscale"] = round(scale1["peak_rss_mb"] / e2e["peak_rss_mb"], 2)

    print("\nratios (run times net of the fixed cost of an empty run where marked):")
    for key, value in ratios.items():
        print(f"  {key:<42} {value}")
    if args.out:
        args.out.write_text(json.dumps({"rows": rows, "ratios": ratios}, indent=2) + "\n", encoding="utf-8")


def _server_cost(env: dict[str, str], work: Path, one: Path) -> tuple[float, int] | None:
    """One-article run against a running `prefect server` (started and stopped here)."""
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server_env = {**env, "PREFECT_HOME": str(work / "server-home")}
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        api = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            return None
        client_env = {**env, "PREFECT_API_URL": api}
        timed([str(BIN / "dateline"), "run", str(one), "--db", str(work / "srv-warmup.duckdb")], client_env)
        seconds, peak, _ = timed([str(BIN / "dateline"), "run", str(one), "--db", str(work / "srv.duckdb")], client_env)
        return seconds, peak
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

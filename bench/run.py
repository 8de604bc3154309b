"""Dateline benchmark: raw spaCy against `dateline run` in one invocation, the fixed start, and a profile.

    python bench/run.py [--docs 1024] [--big 10240] [--dask] [--out bench/results.json]
    python bench/run.py --profile [--docs 256]     # the in-process pipeline under cProfile, CPU seconds per stage

Corpus: the 256 TempEval-3 training documents (../shared/data/tempeval3/train.jsonl, `dct` as the
`published` date) as JSON lines, copied until there are --docs documents, each copy with a distinct id
and a distinguishing line (so no copy is skipped as already loaded). Every figure of one invocation
comes from that invocation on this machine: on a shared machine only the ratios inside one run count.
Before each timed command it waits (up to two minutes) for the machine to be idle, and each row gives the CPU
seconds other processes used while it ran ("others"; for the run against a running server, that server's too).
Nothing is timed in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "tempeval3" / "train.jsonl"
BIN = Path(sys.executable).parent
HEIDELTIME_SECONDS = 705.0  # measured on the 256 train documents (issue 3)
QUIET_WAIT_SECONDS = 120.0  # before each timed command, wait at most this long for the machine to be idle


def write_corpus(path: Path, docs: int) -> int:
    """``docs`` documents: the train set, then copies of it with distinct ids and texts."""
    train = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for n in range(docs):
            copy, doc = divmod(n, len(train))
            text = doc_text = train[doc]["text"]
            if copy:
                text = f"{doc_text}\n\n[copy {copy}]\n"
            line = {"id": f"{train[doc]['doc_id']}#{copy}", "published": train[doc]["dct"], "text": text}
            out.write(json.dumps(line) + "\n")
    return docs


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


def busy_cpu() -> float:
    """CPU seconds the whole machine has spent not idle, every process counted."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0) + getattr(t, "steal", 0.0)


def children_cpu() -> float:
    """CPU seconds of this process's finished children and theirs (each waited for by its parent)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for_quiet(limit: float = QUIET_WAIT_SECONDS) -> float:
    """Wait (at most ``limit`` seconds) until other processes leave the machine idle for two seconds in a row: on
    a shared machine a run that starts while another job computes measures that job too. Returns the wait."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = busy_cpu()
        time.sleep(2.0)
        if busy_cpu() - before < 0.2:  # under a tenth of one core
            break
    return time.monotonic() - started


LAST_OTHERS: list[float] = [0.0]  # CPU seconds other processes used during the last timed command


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree, and output of one command. Also notes in LAST_OTHERS the CPU
    seconds the rest of the machine used meanwhile (machine-wide busy time less the command's own)."""
    wait_for_quiet()
    machine, own = busy_cpu(), children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(process.pid)
    output, _ = process.communicate()
    peak = memory.stop()
    seconds = time.perf_counter() - started
    LAST_OTHERS[0] = max(0.0, (busy_cpu() - machine) - (children_cpu() - own))
    if process.returncode not in (0, 2):  # 2: the run completed with rejected inputs
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return seconds, peak, output


# Raw spaCy, single process: the model's own throughput. Prints the seconds of nlp.pipe alone.
RAW_SPACY = """
import json, sys, time
from extractors.nlp import load_model
nlp = load_model()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
started = time.perf_counter()
count = sum(1 for _ in nlp.pipe(texts, batch_size=64))
print("PIPE_SECONDS", time.perf_counter() - started, count)
"""


def clean_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=None, help="documents (default 1024; 256 with --profile)")
    parser.add_argument("--big", type=int, default=0, help="also `dateline run` this many documents (peak memory)")
    parser.add_argument("--dask", action="store_true", help="also --workers 2 --pool dask")
    parser.add_argument("--profile", action="store_true", help="only the per-stage profile of the pipeline")
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--profile-child", nargs=2, help=argparse.SUPPRESS)  # corpus, db: runs in a child
    args = parser.parse_args()
    if args.profile_child:
        print("PROFILE " + json.dumps(profile_child(Path(args.profile_child[0]), Path(args.profile_child[1]))))
        return
    if not TRAIN.exists():
        raise SystemExit(f"needs {TRAIN}")
    work = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    env = clean_env(work)
    print(
        f"{date.today()}: {platform.machine()}, {psutil.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.1f}; work dir {work}\n",
        flush=True,
    )
    if args.profile:
        report = run_profile(work, env, args.docs or 256)
    else:
        report = run_bench(work, env, args.docs or 1024, args.big, args.dask)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def run_bench(work: Path, env: dict[str, str], docs: int, big: int, dask: bool) -> dict:
    corpus = work / "corpus.jsonl"
    n = write_corpus(corpus, docs)
    rows: list[dict] = []

    def record(name: str, articles: int, seconds: float, peak: int, note: str = "") -> dict:
        row = {
            "run": name,
            "articles": articles,
            "seconds": round(seconds, 2),
            "articles_per_s": round(articles / seconds, 2) if articles else None,
            "peak_rss_mb": round(peak / 2**20),
            "others_cpu_s": round(LAST_OTHERS[0], 1),
            "note": note,
        }
        rows.append(row)
        print(
            f"{name:<48} {articles:>6} articles {seconds:8.2f} s  {row['articles_per_s'] or 0:7.2f}/s  "
            f"{row['peak_rss_mb']:>5} MB  others {row['others_cpu_s']:5.1f} s CPU  {note}",
            flush=True,
        )
        return row

    def dateline(name: str, articles: int, *argv: str, note: str = "", extra_env: dict | None = None) -> dict:
        seconds, peak, _ = timed([str(BIN / "dateline"), *argv], {**env, **(extra_env or {})})
        return record(name, articles, seconds, peak, note)

    seconds, peak, output = timed([sys.executable, "-c", RAW_SPACY, str(corpus)], {**env, "PYTHONPATH": str(ROOT)})
    pipe_seconds = float(output.split("PIPE_SECONDS", 1)[1].split()[0])
    raw = record("raw spaCy nlp.pipe, 1 process", n, seconds, peak, f"nlp.pipe alone {pipe_seconds:.2f} s")
    empty = work / "empty"
    empty.mkdir()
    dateline("dateline run, empty folder, cold", 0, "run", str(empty), "--db", str(work / "e0.duckdb"))
    fixed = dateline(
        "dateline run, empty folder (the fixed start)", 0, "run", str(empty), "--db", str(work / "e.duckdb")
    )
    one = work / "one.jsonl"
    one.write_text(corpus.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    dateline("dateline run, 1 article", 1, "run", str(one), "--db", str(work / "one.duckdb"))
    auto = dateline("dateline run (defaults: --workers auto)", n, "run", str(corpus), "--db", str(work / "a.duckdb"))
    rerun = dateline("the same again, unchanged input", n, "run", str(corpus), "--db", str(work / "a.duckdb"))
    single = dateline(
        "dateline run --workers 1", n, "run", str(corpus), "--db", str(work / "w1.duckdb"), "--workers", "1"
    )
    if dask:
        dateline(
            "dateline run --workers 2 --pool dask",
            n,
            *("run", str(corpus), "--db", str(work / "d.duckdb"), "--workers", "2", "--pool", "dask"),
        )
    train_seconds, train_peak, _ = timed(
        [str(BIN / "dateline"), "timex", "--jsonl", str(TRAIN), "--out", str(work / "timex.jsonl")], env
    )
    timex = record("dateline timex (256 train documents)", 256, train_seconds, train_peak)
    server = _server_cost(env, work, one)
    if server:
        record(
            "dateline run, 1 article, running prefect server",
            1,
            *server,
            note="PREFECT_API_URL set; others: the server",
        )

    net = fixed["seconds"]
    ratios = {
        "defaults_over_raw_spacy_incl_start": round(raw["seconds"] / auto["seconds"], 3),
        "defaults_over_raw_spacy_net_of_start": round(pipe_seconds / (auto["seconds"] - net), 3),
        "workers_1_over_raw_spacy_incl_start": round(raw["seconds"] / single["seconds"], 3),
        "workers_1_over_raw_spacy_net_of_start": round(pipe_seconds / (single["seconds"] - net), 3),
        "defaults_over_workers_1": round(single["seconds"] / auto["seconds"], 3),
        "rerun_over_first_net_of_start": round(max(0.0, rerun["seconds"] - net) / (auto["seconds"] - net), 3),
        "heideltime_over_timex": round(HEIDELTIME_SECONDS / timex["seconds"], 1),
    }
    if big:
        big_corpus = work / "big.jsonl"
        write_corpus(big_corpus, big)
        large = dateline("dateline run (defaults)", big, "run", str(big_corpus), "--db", str(work / "big.duckdb"))
        ratios["peak_rss_growth_to_big"] = round(large["peak_rss_mb"] / auto["peak_rss_mb"], 2)
        ratios["big_over_raw_spacy_rate_incl_start"] = round((big / large["seconds"]) / (n / raw["seconds"]), 3)
    print(
        "\nratios (raw spaCy's time over Dateline's: above 1 is faster than raw spaCy; 'net' compares nlp.pipe alone"
        " with the run less the fixed start):"
    )
    for key, value in ratios.items():
        print(f"  {key:<42} {value}")
    return {"date": str(date.today()), "docs": n, "rows": rows, "ratios": ratios}


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


# Stages of the profile: (label, module path, function); cumulative CPU seconds of each. Indented labels are
# parts of the stage above them (they may overlap one another: a function called from two parts counts in each).
STAGES = [
    ("spaCy (nlp.pipe over the batches)", "extractors/pipeline.py", "parse_pieces"),
    ("time expressions", "extractors/timex/find.py", "find_time_expressions"),
    ("  candidate search (grammar)", "extractors/timex/grammar.py", "find_candidates"),
    ("  overlap selection", "extractors/timex/grammar.py", "select"),
    ("  resolvers", "extractors/timex/resolvers/__init__.py", "resolve"),
    ("  tense", "extractors/timex/tense.py", "tense_at"),
    ("events", "extractors/events/extract.py", "extract_events"),
    ("  sentences and headlines", "extractors/events/segments.py", "sentence_units"),
    ("  triggers", "extractors/events/triggers.py", "candidates"),
    ("  entities remembered (actors)", "extractors/events/participants.py", "remember_entities"),
    ("  actor slots filled", "extractors/events/participants.py", "fill_actors"),
    ("  actor resolution (all calls)", "extractors/actors/resolver.py", "resolve_head"),
    ("  attribution", "extractors/events/attribution.py", "attribution"),
    ("  dates", "extractors/events/extract.py", "_attach_dates"),
    ("  merge", "extractors/events/merge.py", "merge"),
    ("  places (grammar and gazetteer)", "extractors/events/places.py", "place_of"),
    ("reading and parsing articles", "flows/etl.py", "parse_inputs"),
    ("skipping known articles", "warehouse/loader.py", "stored_articles"),
    ("warehouse load", "warehouse/loader.py", "load_batch"),
    ("  rows as Arrow tables", "warehouse/rows.py", "batch_tables"),
    ("  story clustering", "warehouse/story_store.py", "refresh"),
    ("progress bar", "flows/progress.py", "advance"),
]
TOP_LEVEL = [label for label, *_ in STAGES if not label.startswith(" ")]


def profile_child(corpus: Path, db: Path) -> dict:
    """In this process: imports and model load timed; spaCy alone and the whole analysis timed in CPU seconds
    without a profiler; then one `run_etl` (workers 1) under cProfile (its default wall-clock timer, whose
    overhead per call is small)."""
    import cProfile
    import pstats

    cpu, wall = time.process_time(), time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from extractors.article.parser import analysis_text, parse_article
    from extractors.chunking import pieces
    from extractors.ingest.sources import read_file
    from extractors.nlp import BATCH_SIZE, load_model
    from extractors.pipeline import analyse_articles, parse_pieces
    from flows.etl import run_etl

    imports = (time.process_time() - cpu, time.perf_counter() - wall)
    cpu, wall = time.process_time(), time.perf_counter()
    nlp = load_model()
    model = (time.process_time() - cpu, time.perf_counter() - wall)

    raws, _ = read_file(corpus)
    articles = [parse_article(raw) for raw in raws]
    cpu = time.process_time()
    parse_pieces(nlp, [pieces(analysis_text(a)) for a in articles], BATCH_SIZE)
    spacy_alone = time.process_time() - cpu
    cpu = time.process_time()
    analyse_articles(articles, nlp)
    analysis = time.process_time() - cpu

    profiler = cProfile.Profile()
    cpu, wall = time.process_time(), time.perf_counter()
    profiler.enable()
    summary = run_etl([str(corpus)], str(db), workers=1)
    profiler.disable()
    run = (time.process_time() - cpu, time.perf_counter() - wall)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    seconds = {}
    for label, path, function in STAGES:
        seconds[label] = sum(
            entry[3] for (file, _, name), entry in stats.items() if name == function and file.endswith(path)
        )
    return {
        "loaded": summary.loaded,
        "imports": imports,
        "model": model,
        "spacy_alone_cpu": spacy_alone,
        "analysis_cpu": analysis,
        "run": run,
        "stages": seconds,
    }


def run_profile(work: Path, env: dict[str, str], docs: int) -> dict:
    corpus = work / "corpus.jsonl"
    write_corpus(corpus, docs)
    command = [sys.executable, __file__, "--profile-child", str(corpus), str(work / "profile.duckdb")]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.split("PROFILE ", 1)[1].splitlines()[0])
    stages, (run_cpu, run_wall) = result["stages"], result["run"]
    rest = run_wall - sum(stages[label] for label in TOP_LEVEL)
    spacy, analysis = result["spacy_alone_cpu"], result["analysis_cpu"]
    print(f"{docs} documents in one process. Without a profiler, CPU seconds:")
    print(
        f"  {'imports (flows.etl and what it brings)':<46} {result['imports'][0]:7.2f}   wall {result['imports'][1]:.2f}"
    )
    print(f"  {'spaCy model load':<46} {result['model'][0]:7.2f}   wall {result['model'][1]:.2f}")
    print(f"  {'spaCy alone (parse_pieces)':<46} {spacy:7.2f}")
    print(f"  {'the whole analysis (analyse_articles)':<46} {analysis:7.2f}")
    print(f"  {'  on top of spaCy':<46} {analysis - spacy:7.2f}   {(analysis - spacy) / spacy:.1%} of spaCy")
    print(f"`run_etl` (--workers 1, {result['loaded']} loaded) under cProfile, seconds per stage:")
    for label, *_ in STAGES:
        print(f"  {label:<46} {stages[label]:7.2f}")
    print(f"  {'Prefect and the rest (server start, flow, tasks)':<46} {rest:7.2f}")
    print(f"  {'the run':<46} {run_wall:7.2f}   CPU {run_cpu:.2f} (the temporary server runs in another process)")
    on_top = stages["time expressions"] + stages["events"]
    spacy_profiled = stages[STAGES[0][0]]
    print(f"time expressions + events over spaCy, profiled: {on_top / spacy_profiled:.3f}")
    return {"date": str(date.today()), "docs": docs, **result, "prefect_and_rest": rest}


if __name__ == "__main__":
    main()

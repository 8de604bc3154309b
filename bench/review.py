"""The review site at 10,000 events: how long `dateline review` takes, how fast the index loads in Chromium.

    python bench/review.py [--events 10000] [--work DIR] [--out bench/review.json]

The warehouse is made by the real pipeline: `dateline run --workers 2` over generated wire stories (the
sentence templates, countries and names of bench/scaling.py, ten sentences each, publication dates spread
over two years), as many articles as it takes to pass --events events. It is kept in --work and reused
by the next run. Then, on it:

- render: `build_review_site` in this process (warehouse read + every page written), best of 3, and the
  `dateline review` command as a whole (Python start and imports included);
- index page load in headless Chromium (Debian's chromium + chromedriver through selenium): from navigation
  to the table's first page on screen (the page's own `review-ready` mark), first load and median of 5;
- in the loaded page: filtering 10,000 rows by type, sorting them, and the largest article page's load.

Targets (issue 13): render under 10 s, index page load under 2 s. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scaling import COUNTRIES, PEOPLE, TEMPLATES  # noqa: E402

BIN = Path(sys.executable).parent
SENTENCES = 10
CITIES = ["Seoul", "Geneva", "Tokyo", "Cairo", "Warsaw", "Nairobi", "Ottawa", "Hanoi", "Madrid", "Brasilia"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def story(i: int, published: date) -> dict:
    """One wire story of SENTENCES template sentences, dated relative to its own publication day."""
    sentences = []
    for s in range(SENTENCES):
        k = i * SENTENCES + s
        a = COUNTRIES[k % len(COUNTRIES)]
        b = COUNTRIES[(k * 7 + 3) % len(COUNTRIES)]
        b = b if b != a else COUNTRIES[(k + 1) % len(COUNTRIES)]
        day = WEEKDAYS[(published.weekday() - s % 3) % 7] if s % 4 else f"{published:%B} {published.day}"
        template = TEMPLATES[(k * 5 + k // len(TEMPLATES)) % len(TEMPLATES)]
        sentences.append(template.format(a=a, b=b, p=PEOPLE[(k * 13) % len(PEOPLE)], day=day))
    city = CITIES[i % len(CITIES)]
    lead = f"{city.upper()}, {published:%B} {published.day} (Dateline Wire) -- "
    paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, SENTENCES, 3)]
    return {
        "id": f"bench-review-{i}",
        "title": f"{COUNTRIES[i % len(COUNTRIES)]}: story {i}",
        "outlet": "Dateline Wire",
        "published": published.isoformat(),
        "text": lead + "\n\n".join(paragraphs) + "\n",
    }


def event_count(db: Path) -> int:
    if not db.exists():
        return 0
    out = subprocess.run(
        [str(BIN / "dateline"), "query", "select count(*) from events", "--db", str(db), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[1])


def build_warehouse(db: Path, work: Path, wanted: int) -> dict:
    """Load generated stories until the warehouse holds ``wanted`` events (each round adds a batch)."""
    started, rounds, articles = time.perf_counter(), 0, 0
    while (have := event_count(db)) < wanted:
        missing = wanted - have
        batch = max(100, int(missing / 10 * 1.1))  # about 10.7 events a story, measured; a little more
        corpus = work / f"stories-{rounds}.jsonl"
        first = date(2023, 1, 2)
        with corpus.open("w", encoding="utf-8") as out:
            for i in range(articles, articles + batch):
                out.write(json.dumps(story(i, first + timedelta(days=(i * 37) % 730))) + "\n")
        articles += batch
        rounds += 1
        print(f"loading {batch} stories ({have} events so far)", flush=True)
        subprocess.run([str(BIN / "dateline"), "run", str(corpus), "--db", str(db), "--workers", "2"], check=True)
    return {"events": event_count(db), "load_s": round(time.perf_counter() - started, 1) if rounds else None}


def chrome():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


READY_MS = "return performance.getEntriesByName('review-ready')[0].startTime"


def load_index(driver, index: Path) -> float:  # noqa: ANN001 - a selenium WebDriver
    """Milliseconds from navigation start to the table's first page rendered (the page's own mark)."""
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get("about:blank")
    driver.get(index.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
    return driver.execute_script(READY_MS)


TIME_FILTER = """
const select = document.getElementById('f-type');
const t0 = performance.now();
select.value = select.options[1].value;
select.dispatchEvent(new Event('change'));
const filtered = performance.now() - t0;
const shown = Number(document.body.dataset.shown);
select.value = '';
select.dispatchEvent(new Event('change'));
const t1 = performance.now();
document.querySelector('#events th[data-sort="src"]').click();
const sorted = performance.now() - t1;
return [filtered, sorted, shown];
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=ROOT / ".bench-review", help="warehouse and site (kept)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "review.json")
    args = parser.parse_args()
    from warehouse.review.site import build_review_site

    args.work.mkdir(parents=True, exist_ok=True)
    db, site = args.work / "review.duckdb", args.work / "site"
    loaded = build_warehouse(db, args.work, args.events)
    print(f"warehouse: {loaded['events']} events", flush=True)

    renders = []
    for _ in range(3):
        summary = build_review_site(db, site)
        renders.append(summary.seconds)
    started = time.perf_counter()
    subprocess.run([str(BIN / "dateline"), "review", "--db", str(db), "--out", str(site)], check=True)
    command_s = time.perf_counter() - started
    index_bytes = (site / "index.html").stat().st_size
    pages = sorted((site / "articles").iterdir(), key=lambda p: p.stat().st_size)

    driver = chrome()
    try:
        first = load_index(driver, site / "index.html")
        loads = [load_index(driver, site / "index.html") for _ in range(5)]
        filter_ms, sort_ms, shown = driver.execute_script(TIME_FILTER)
        driver.get(pages[-1].as_uri())
        article_ms = driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime"
        )
    finally:
        driver.quit()

    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "chromium": subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip(),
        "events": summary.events,
        "articles": summary.articles,
        "warehouse_load_s": loaded["load_s"],
        "render_s_best_of_3": round(min(renders), 2),
        "render_s_all": [round(s, 2) for s in renders],
        "dateline_review_command_s": round(command_s, 2),
        "index_html_mb": round(index_bytes / 2**20, 2),
        "index_load_ms_first": round(first),
        "index_load_ms_median_of_5": round(statistics.median(loads)),
        "filter_by_type_ms": round(filter_ms, 1),
        "rows_after_filter": shown,
        "sort_ms": round(sort_ms, 1),
        "largest_article_page_kb": round(pages[-1].stat().st_size / 1024),
        "largest_article_page_load_ms": round(article_ms),
        "targets": {"render_s": 10, "index_load_ms": 2000},
    }
    print(json.dumps(result, indent=2))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

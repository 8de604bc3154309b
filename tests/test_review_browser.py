"""The review site in headless Chromium (Debian's chromium and chromium-driver, driven by selenium).

Slow: each test starts a browser, and the dev-article test runs the ETL flow. Nothing here downloads a
browser or a driver: both paths are given, so selenium never looks for them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.etl import run_etl
from tests.conftest import PROJECT, SAMPLES
from tests.test_review import HOSTILE_ACTOR, HOSTILE_ACTOR_2, HOSTILE_TEXT, HOSTILE_TITLE, HOSTILE_TYPE
from warehouse.connection import connect_reader
from warehouse.review.site import article_file, build_review_site

pytestmark = pytest.mark.slow
runner = CliRunner()
# shown in the README: rewritten only when asked (DATELINE_SCREENSHOTS=1), so a test run leaves the tree clean
SCREENSHOTS = PROJECT / "warehouse" / "review"
WINDOW = (1400, 1000)


def _executable(name: str) -> str | None:
    return shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _executable("chromium"), _executable("chromedriver")
    if not (chromium and driver_path):
        message = "Chromium and chromedriver are needed (apt-get install chromium chromium-driver; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser, page: Path) -> None:  # noqa: ANN001 - a selenium WebDriver
    from selenium.webdriver.support.wait import WebDriverWait

    browser.get(page.resolve().as_uri())
    if page.name == "index.html":
        WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.body.dataset.ready === '1'"))


def _rows(browser) -> int:  # noqa: ANN001
    return int(browser.execute_script("return Number(document.body.dataset.shown)"))


MARK_TEXTS = """
return Array.from(document.querySelectorAll('pre.article-text mark.mention[id]')).map(m =>
  m.textContent + Array.from(document.querySelectorAll('[data-part="' + m.id + '"]')).map(p => p.textContent).join(''));
"""


def test_dev_article_page_highlights_its_stored_mentions_and_the_index_filters(
    browser,
    dev_article: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    db = tmp_path / "dev.duckdb"
    assert run_etl([str(dev_article)], str(db)).loaded == 1  # the ETL flow, as `dateline run` runs it
    site = tmp_path / "site"
    built = runner.invoke(app, ["review", "--db", str(db), "--out", str(site)])
    assert built.exit_code == 0, built.output

    con = connect_reader(db)
    try:
        (article_id, text), *_ = con.execute("SELECT article_id, text FROM articles").fetchall()
        stored = [r[0] for r in con.execute(
            "SELECT substr(a.text, m.start_char + 1, m.end_char - m.start_char) FROM event_mentions m "
            "JOIN events e USING (event_id) JOIN articles a USING (article_id) WHERE a.article_id = ?", [article_id]
        ).fetchall()]  # fmt: skip
        triggers = [r[0] for r in con.execute("SELECT trigger_text FROM event_mentions").fetchall()]
        timexes = con.execute("SELECT count(*) FROM time_expressions").fetchall()[0][0]
        events = con.execute("SELECT event_type, date_start, date_end, date_granularity FROM events").fetchall()
    finally:
        con.close()

    _open(browser, site / article_file(article_id))
    marks = browser.execute_script(MARK_TEXTS)
    assert len(marks) == len(stored) == len(triggers) > 10
    assert sorted(marks) == sorted(stored) == sorted(triggers)
    assert browser.find_element(By.CSS_SELECTOR, "pre.article-text").get_attribute("textContent") == text
    assert len(browser.find_elements(By.CSS_SELECTOR, "pre.article-text span.timex[id]")) == timexes
    assert browser.find_elements(By.CSS_SELECTOR, "pre.article-text span.actor")
    panels = browser.find_elements(By.CSS_SELECTOR, "aside.events section.event")
    assert len(panels) == len(events)
    first_link = panels[0].find_element(By.CSS_SELECTOR, "ul.mentions a")
    first_link.click()  # the mention link scrolls to its span and makes it the target
    assert browser.execute_script("return location.hash") == first_link.get_attribute("hash")
    assert browser.execute_script("return document.querySelector(':target').tagName") == "MARK"

    _open(browser, site / "index.html")
    days = sorted({start for _, start, _, granularity in events if granularity == "day"})
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline g.bar")
    assert "bucket-day" in browser.find_element(By.ID, "timeline").get_attribute("class")
    assert [b.get_attribute("data-from") for b in bars] == [d.isoformat() for d in days]
    assert _rows(browser) == len(events) == len(browser.find_elements(By.CSS_SELECTOR, "#rows tr"))
    by_type = Counter(t for t, *_ in events)
    kind, count = by_type.most_common()[-1]
    Select(browser.find_element(By.ID, "f-type")).select_by_value(kind)
    assert _rows(browser) == count < len(events)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rows tr")) == count
    browser.find_element(By.ID, "f-clear").click()
    assert _rows(browser) == len(events)
    bars[0].click()  # a bar filters the table to its day: events whose dates overlap it
    overlapping = [e for e in events if e[1] and e[1] <= days[0] <= (e[2] or e[1])]
    assert _rows(browser) == len(overlapping) < len(events)
    assert browser.find_element(By.ID, "f-from").get_attribute("value") == days[0].isoformat()
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_screenshots_of_the_bundled_samples(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """The README's pictures: the index and one article, from the project's own fictional samples."""
    from selenium.webdriver.common.by import By

    out = SCREENSHOTS if os.environ.get("DATELINE_SCREENSHOTS") == "1" else tmp_path
    db = tmp_path / "samples.duckdb"
    assert run_etl([str(SAMPLES)], str(db)).loaded == 4
    site = tmp_path / "site"
    build_review_site(db, site)
    con = connect_reader(db)
    try:
        seoul = con.execute("SELECT article_id FROM articles WHERE title LIKE 'North Korea fires%'").fetchall()[0][0]
        days = [r[0] for r in con.execute("SELECT date_start FROM events WHERE date_granularity = 'day'").fetchall()]
    finally:
        con.close()
    _open(browser, site / "index.html")
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline g.bar")
    weeks = sorted({d - timedelta(days=d.weekday()) for d in days})  # the samples span months: a bar a week
    assert [b.get_attribute("data-from") for b in bars] == [w.isoformat() for w in weeks]
    browser.save_screenshot(str(out / "screenshot-index.png"))
    _open(browser, site / article_file(seoul))
    browser.save_screenshot(str(out / "screenshot.png"))
    assert (out / "screenshot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hostile_article_runs_no_script_and_shows_its_text_literally(browser, tmp_path: Path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    from tests.test_review import hostile_result
    from warehouse.loader import load_batch

    db = tmp_path / "hostile.duckdb"
    result = hostile_result()
    load_batch(db, [result], [], version="test", run_id="run-1")
    site = tmp_path / "site"
    build_review_site(db, site)
    pages = [
        site / "index.html",
        site / "articles.html",
        site / "runs.html",
        site / article_file(result.article.article_id),
    ]
    for page in pages:
        _open(browser, page)
        assert browser.execute_script("return window.__pwned") is None, page
        assert browser.title != "pwned" and browser.title.endswith("Dateline review"), page
        assert (
            browser.execute_script(
                "return document.querySelectorAll('img, iframe, object, embed, a[href^=\"javascript\"]').length"
            )
            == 0
        ), page
        scripts = browser.execute_script("return Array.from(document.scripts).map(s => s.type || s.src)")
        assert all(s == "application/json" or s.endswith("/static/index.js") for s in scripts), (page, scripts)
        assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"], page  # nothing was blocked
    article = pages[-1]
    _open(browser, article)
    assert browser.title == f"{HOSTILE_TITLE} · Dateline review"
    assert browser.find_element(By.TAG_NAME, "h1").text == HOSTILE_TITLE
    assert browser.find_element(By.CSS_SELECTOR, "pre.article-text").get_attribute("textContent") == HOSTILE_TEXT
    actors = [e.get_attribute("textContent") for e in browser.find_elements(By.CSS_SELECTOR, "pre span.actor")]
    assert actors == [HOSTILE_ACTOR, HOSTILE_ACTOR_2]
    assert "javascript:window.__pwned = 7" in browser.find_element(By.CSS_SELECTOR, "dl.meta").text
    _open(browser, pages[0])
    cells = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#rows td")]
    assert HOSTILE_TITLE in "\n".join(cells) and f"{HOSTILE_ACTOR} (CHE) → {HOSTILE_ACTOR_2} (FRA)" in cells
    assert HOSTILE_TYPE in [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#f-type option")]
    svg_titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('#timeline title')).map(t => t.textContent)"
    )
    assert any(HOSTILE_TYPE in t for t in svg_titles)


def test_serve_answers_on_loopback_with_the_policy_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    from tests.test_review import hostile_result
    from warehouse.loader import load_batch

    db = tmp_path / "w.duckdb"
    load_batch(db, [hostile_result()], [], version="test")
    dateline = Path(sys.executable).parent / "dateline"
    process = subprocess.Popen(
        [str(dateline), "review", "--db", str(db), "--out", str(tmp_path / "site"), "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        while not (found := re.search(r"serving (http://127\.0\.0\.1:\d+/)", lines[-1] if lines else "")):
            line = process.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        base = found.group(1)
        with urllib.request.urlopen(base + "index.html", timeout=10) as response:
            assert response.status == 200
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
            assert b'id="review-data"' in response.read()
        with pytest.raises(urllib.error.HTTPError) as outside:
            urllib.request.urlopen(base + "..%2f..%2fw.duckdb", timeout=10)
        assert outside.value.code == 404
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

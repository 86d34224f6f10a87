"""The Datasette desk in a real browser: Playwright driving the system Chromium
against ``claims serve`` on a loopback port, over a store built from corpus/.

Needs Debian's ``chromium`` (``.ci/run`` installs it).  Without it these tests
are skipped, unless ``CLAIMS_BROWSER_TESTS=required`` (as in CI) makes that a
failure.  Screenshots are written to build/screenshots/ (not tracked); the
README's, in docs/screenshots/, are copied from there on purpose when the
desk's look changes.
"""
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

from conftest import CORPUS, ROOT

CHROMIUM = os.environ.get("CLAIMS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("CLAIMS_BROWSER_TESTS") == "required"
SCREENSHOTS = ROOT / "build" / "screenshots"
# flags for a closed network: no background calls home, no sandbox as root
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]

playwright_api = pytest.importorskip("playwright.sync_api") if not REQUIRED else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])
if not Path(CHROMIUM).exists():
    if REQUIRED:
        raise RuntimeError(f"CLAIMS_BROWSER_TESTS=required but no Chromium at {CHROMIUM}")
    pytest.skip("no system Chromium (apt install chromium chromium-driver)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("desk") / "claims.db"
    result = CliRunner().invoke(app, ["ingest", str(CORPUS), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


def start(store, *options):
    """``claims serve`` on a free loopback port; yields its URL, stops it after."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", str(store), "--port", str(port),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"claims serve did not start: {process.stdout.read().decode()}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(store):
    yield from start(store, "--reviewer", "ana")


@pytest.fixture(scope="module")
def read_only_server(store):
    yield from start(store, "--read-only")


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def shoot(page, name, locator=None):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (locator or page).screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def scalar(store, sql, params=()):
    conn = sqlite3.connect(store)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def test_home_page_counts_match_the_store(server, store, page):
    page.goto(server + "/")
    def count(key):
        return int(page.locator(f'[data-count="{key}"]').inner_text().replace(",", ""))
    unverified = "select count(*) from unverified_claims"
    assert count("unverified") == scalar(store, unverified)
    for status in ("confirmed", "projected", "unknown"):
        assert count(f"unverified-{status}") == scalar(store, unverified + " where status = ?", [status])
    assert count("reviews-week") == scalar(store, "select count(*) from reviews")  # all made by this module today
    assert page.locator("svg.cl-chart").count() == 2
    shoot(page, "home")


def test_unverified_queue(server, page):
    page.goto(f"{server}/claims/unverified_claims")
    rows = page.locator("table.cl-queue tbody tr")
    assert rows.count() > 50
    first = rows.first
    assert first.locator("mark").count() == 1  # the anchor is marked in its sentence
    assert first.locator(".cl-status").inner_text() in ("confirmed", "projected", "unknown")
    assert not page.locator("details.cl-sql pre").is_visible()  # no SQL unless asked
    page.select_option("select[name=status]", "projected")
    page.locator("form.cl-params button").click()
    page.wait_for_url("**status=projected**")
    assert set(page.locator("table.cl-queue .cl-status").all_inner_texts()) == {"projected"}
    shoot(page, "queue")


def test_review_a_claim_from_its_card(server, store, page):
    page.goto(f"{server}/claims/unverified_claims?status=projected")
    link = page.locator("table.cl-queue a.cl-open").nth(1)
    claim_id = int(link.inner_text())
    following = int(page.locator("table.cl-queue a.cl-open").nth(2).inner_text())
    link.click()
    page.wait_for_url(f"**/claims/claims/{claim_id}?**")
    mark = page.locator(".cl-quote mark")
    assert mark.inner_text() == page.locator(".cl-surface").inner_text()
    colour = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour != page.locator(".cl-quote").evaluate("m => getComputedStyle(m).backgroundColor")
    shoot(page, "card")
    form = page.locator(".cl-review-form")
    form.locator("input[name=verdict][value=inaccurate]").check()
    form.locator("input[name=evidence]").fill("https://evidence.example/report")
    form.locator("textarea[name=note]").fill("The company's own filing gives another figure.")
    form.scroll_into_view_if_needed()
    shoot(page, "review", form)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert f"claim {claim_id} is inaccurate" in page.locator(".message-info").inner_text()
    assert "The company's own filing" in page.locator(".cl-reviews").inner_text()
    assert "no longer in this list" in page.locator(".cl-queue-nav").inner_text()
    page.locator(".cl-queue-nav a[rel=next]").click()  # on to the claim that followed it
    page.wait_for_url(f"**/claims/claims/{following}?**")
    page.goto(f"{server}/claims/unverified_claims?status=projected")
    assert str(claim_id) not in page.locator("table.cl-queue a.cl-open").all_inner_texts()
    result = CliRunner().invoke(app, ["show", str(claim_id), "--json", "--db", str(store)])
    [recorded] = json.loads(result.output)["reviews"]
    assert (recorded["verdict"], recorded["evidence"], recorded["reviewer"]) == (
        "inaccurate", "https://evidence.example/report", "ana")


def test_a_forged_review_is_refused(server, store, page):
    before = scalar(store, "select count(*) from reviews")
    # a page elsewhere posts a form to the desk: no token, another origin
    page.set_content(f'<form method="post" action="{server}/claims/claims/5/review">'
                     '<input name="verdict" value="accurate"><button>go</button></form>')
    with page.expect_navigation() as navigation:
        page.locator("button").click()
    assert navigation.value.status == 403
    # the desk's own page, with its cookie, but without the form's token
    page.goto(f"{server}/claims/claims/5")
    status = page.evaluate("""url => fetch(url, {method: 'POST', body: new URLSearchParams({verdict: 'accurate'})})
                              .then(r => r.status)""", f"{server}/claims/claims/5/review")
    assert status == 403
    assert scalar(store, "select count(*) from reviews") == before


def test_a_read_only_desk_shows_no_form(read_only_server, page):
    page.goto(f"{read_only_server}/claims/claims/2")
    assert page.locator(".cl-card").is_visible()
    assert page.locator(".cl-review-form form").count() == 0
    assert "Reviewing is off" in page.locator(".cl-no-review").inner_text()


def test_claim_in_its_article(store, server, page):
    # AutoWire's report of Kia's 90,000 target
    claim, article = sqlite3.connect(store).execute(
        "select c.id, c.article_id from claims c join articles a on a.id = c.article_id "
        "where a.publisher = 'AutoWire Daily' and c.surface = '90,000' order by c.id").fetchone()
    page.goto(f"{server}/claims/claims/{claim}")
    page.locator("a.cl-article-link").click()
    page.wait_for_url(f"**/claims/articles/{article}#claim-{claim}")
    target = page.locator("mark:target")
    assert target.count() == 1 and target.inner_text() == "90,000"


def test_column_notes_come_after_the_rows(server, page):
    page.goto(f"{server}/claims/claims")
    first_row = page.locator("table.rows-and-columns tbody tr").first.bounding_box()
    notes = page.locator("dl.column-descriptions").bounding_box()
    assert first_row["y"] < notes["y"]
    assert first_row["y"] < 900  # the first row is on the first screen


def test_article_with_all_its_claims(server, page):
    page.goto(f"{server}/claims/articles/1")
    marks = page.locator(".cl-article-text mark[id^=claim-]")
    listed = page.locator(".cl-article-claims li")
    assert marks.count() == listed.count() > 10
    # every mark's text is its claim's surface, so offsets were cut right
    first = listed.first.locator("q").inner_text()
    assert marks.first.inner_text() == first
    marks.nth(1).locator("a").click()
    assert "/claims/claims/" in page.url
    page.goto(f"{server}/claims/articles/1")
    shoot(page, "article")


def test_facet_click(server, page):
    page.goto(f"{server}/claims/claims?_facet=status")
    page.locator(".facet-info[data-column=status] a", has_text="projected").first.click()
    page.wait_for_url("**status=projected**")
    statuses = page.locator("td.col-status").all_inner_texts()
    assert statuses and set(statuses) == {"projected"}
    shoot(page, "facet")


def test_search(server, page):
    page.goto(f"{server}/claims/claims")
    page.fill("input[name=_search]", "Hanseong")
    page.locator("input[name=_search]").press("Enter")
    page.wait_for_url("**_search=Hanseong**")
    sentences = page.locator("td.col-sentence").all_inner_texts()
    attributed = page.locator("td.col-attributed_to").all_inner_texts()
    assert sentences and all("Hanseong" in s or "Hanseong" in a for s, a in zip(sentences, attributed))
    shoot(page, "search")

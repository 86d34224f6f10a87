"""The Datasette desk in a real browser: Playwright driving the system Chromium
against ``claims serve`` on a loopback port, over a store built from corpus/.

Needs Debian's ``chromium`` (``.ci/run`` installs it).  Without it these tests
are skipped, unless ``CLAIMS_BROWSER_TESTS=required`` (as in CI) makes that a
failure.  Screenshots are written to docs/screenshots/ for the README.
"""
import os
import shutil
import socket
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
SCREENSHOTS = ROOT / "docs" / "screenshots"
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
def server(nlp, tmp_path_factory):
    store = tmp_path_factory.mktemp("desk") / "claims.db"
    result = CliRunner().invoke(app, ["ingest", str(CORPUS), "--db", str(store), "--quiet"])
    assert result.exit_code == 0, result.output
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", str(store), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_unverified_list(server, page):
    page.goto(f"{server}/claims/unverified_claims?status=")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() > 50
    first = rows.first
    assert first.locator("mark").count() == 1  # the anchor is marked in its sentence
    assert first.locator(".cl-status").inner_text() in ("confirmed", "projected", "unknown")
    shoot(page, "unverified")


def test_claim_with_its_highlighted_anchor(server, page):
    page.goto(f"{server}/claims/claims/2")
    mark = page.locator("td.col-sentence mark")
    assert mark.inner_text() == page.locator("td.col-surface").inner_text() == "90,000"
    colour = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour != page.locator("td.col-sentence").evaluate("m => getComputedStyle(m).backgroundColor")
    page.locator("td.col-article_id a").click()
    assert page.url.endswith("/claims/articles/1")
    page.goto(f"{server}/claims/claims/2")
    shoot(page, "claim")


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

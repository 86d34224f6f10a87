"""Reading links and feeds: every case against a web server on loopback.

The server is the standard library's, in a thread, answering what each
test puts in ``site.routes``.  Every other address is refused before a
packet leaves: a name that is not loopback does not resolve and a
connection elsewhere raises, so no test can reach the network."""
import gzip
import http.server
import json
import socket
import sqlite3
import threading
import time

import pytest
from typer.testing import CliRunner

from claimledger import store
from claimledger.cli import FETCH_CONNECTIONS, FETCH_DELAY, FETCH_TIMEOUT, app
from claimledger.fetch import (CONNECTIONS, DELAY, TIMEOUT, Fetcher, Link, canonical_url, fetch_links,
                               gather_links)
from claimledger.sources import Article, Duplicate, SourceError

runner = CliRunner()
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def errors(result):
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Only loopback resolves and connects; no proxy from the environment."""
    resolve, connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if str(host) not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    def guarded_connect(self, address):
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise OSError(f"a test tried to reach {address}")
        return connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


class Site:
    """What the loopback server answers: ``routes[path]`` is ``(status,
    headers, body)`` or a function of the handler that answers itself."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.routes: dict = {}
        self.requests: list[tuple[str, dict]] = []

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200,
             **headers):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, body)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture
def site():
    state: dict = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            here = state["site"]
            here.requests.append((self.path, dict(self.headers)))
            route = here.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
            elif callable(route):
                route(self)
            else:
                status, headers, body = route
                self.send_response(status)
                for name, value in headers.items():
                    if value is not None:
                        self.send_header(name.replace("_", "-"), value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["site"] = here = Site(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield here
    server.shutdown()
    server.server_close()


def html(title: str, body: str, published: str | None = None, head: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!doctype html><html><head><title>{title}</title>{meta}{head}</head>"
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>")


STORY = html("Harbour ferry fleet", "Tessaly Ferries said on Monday it will add 12 electric ferries by 2029, "
             "up from 4 today, at a cost of 310 million euros.", "2026-03-02")


@pytest.fixture
def fetcher():
    with Fetcher(delay=0, timeout=5) as f:
        yield f


def test_the_command_line_defaults_are_the_fetchers():
    assert (FETCH_TIMEOUT, FETCH_DELAY, FETCH_CONNECTIONS) == (TIMEOUT, DELAY, CONNECTIONS)


# -- one page ------------------------------------------------------------

def test_a_page_becomes_an_article_with_its_archived_copy(site, fetcher):
    site.page("/ferries", STORY)
    article = fetcher.article(Link(site.url("/ferries")))
    assert "12 electric ferries" in article.text
    assert article.title == "Harbour ferry fleet" and str(article.published) == "2026-03-02"
    assert article.url == site.url("/ferries") and article.source == site.url("/ferries")
    copy = article.archive
    assert copy["body"] == STORY.encode("utf-8")  # the bytes as served
    assert copy["status"] == 200 and copy["content_type"] == "text/html; charset=utf-8"
    assert copy["url"] == copy["requested_url"] == site.url("/ferries")
    agent = dict(site.requests)["/ferries"]["User-Agent"]
    assert agent.startswith("claimledger/")


def test_redirects_are_followed_and_the_final_url_recorded(site, fetcher):
    site.page("/old", b"", status=301, Location="/moved")
    site.page("/moved", b"", status=302, Location=site.url("/final"))
    site.page("/final", STORY)
    article = fetcher.article(Link(site.url("/old")))
    assert article.archive["requested_url"] == site.url("/old")
    assert article.archive["url"] == article.url == site.url("/final")
    assert site.paths() == ["/robots.txt", "/old", "/moved", "/final"]


def test_a_redirect_loop_and_a_redirect_away_from_the_web_fail(site, fetcher):
    site.page("/loop", b"", status=302, Location="/loop")
    site.page("/away", b"", status=302, Location="file:///etc/passwd")
    with pytest.raises(SourceError, match="more than 10 redirects"):
        fetcher.article(Link(site.url("/loop")))
    with pytest.raises(SourceError, match="not an http.s. URL"):
        fetcher.article(Link(site.url("/away")))


def test_the_url_is_the_canonical_one_the_page_declares_on_its_own_site(site, fetcher):
    site.page("/story?utm_source=feed", html("Ferries", "Tessaly Ferries will add 12 ferries by 2029.",
                                             head='<link rel="canonical" href="/story">'))
    site.page("/syndicated", html("Ferries", "Tessaly Ferries will add 12 ferries by 2029.",
                                  head='<link rel="canonical" href="https://other.example/story">'))
    assert fetcher.article(Link(site.url("/story?utm_source=feed"))).url == site.url("/story")
    # another site's canonical would make this page a version of that site's article
    assert fetcher.article(Link(site.url("/syndicated"))).url == site.url("/syndicated")


@pytest.mark.parametrize("declared, final, expected", [
    (None, "https://a.example/x", "https://a.example/x"),
    ("/y", "https://a.example/x", "https://a.example/y"),
    ("https://www.a.example/y", "https://a.example/x", "https://www.a.example/y"),
    ("https://news.a.example/y", "https://a.example/x", "https://news.a.example/y"),
    ("https://b.example/y", "https://a.example/x", "https://a.example/x"),
    ("https://notа.example/y", "https://a.example/x", "https://a.example/x"),
    ("javascript:alert(1)", "https://a.example/x", "https://a.example/x"),
    ("https://a.example/y#top", "https://a.example/x", "https://a.example/y"),
])
def test_canonical_url(declared, final, expected):
    assert canonical_url(declared, final) == expected


def test_the_http_charset_decodes_the_page(site, fetcher):
    body = html("Prices", "The fare rose to \u20ac5 on Monday, said Ms Núñez.").encode("cp1252")
    site.page("/fares", body, content_type="text/html; charset=windows-1252")
    site.page("/latin", body, content_type="text/html; charset=ISO-8859-1")  # read as windows-1252, as browsers do
    for path in ("/fares", "/latin"):
        assert "\u20ac5" in fetcher.article(Link(site.url(path))).text
        assert "Núñez" in fetcher.article(Link(site.url(path))).text


def test_plain_text_and_markdown_pages(site, fetcher):
    site.page("/note.txt", "Tessaly Ferries will add 12 ferries by 2029.", content_type="text/plain")
    site.page("/note.md", "---\ntitle: Ferries\npublished: 2026-03-02\n---\nTessaly Ferries will add 12 ferries.",
              content_type="text/plain; charset=utf-8")
    assert fetcher.article(Link(site.url("/note.txt"))).text == "Tessaly Ferries will add 12 ferries by 2029."
    markdown = fetcher.article(Link(site.url("/note.md")))
    assert markdown.title == "Ferries" and markdown.text == "Tessaly Ferries will add 12 ferries."


# -- failures, one line each -------------------------------------------------

def test_a_content_type_that_is_not_html_or_text_is_refused(site, fetcher):
    site.page("/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(SourceError, match="^content type application/pdf is not HTML or text$"):
        fetcher.article(Link(site.url("/report.pdf")))


def test_an_error_status_fails(site, fetcher):
    with pytest.raises(SourceError, match="^HTTP 404 Not Found$"):
        fetcher.article(Link(site.url("/gone")))
    site.page("/broken", b"oops", status=500, content_type="text/plain")
    with pytest.raises(SourceError, match="^HTTP 500"):
        fetcher.article(Link(site.url("/broken")))


def test_an_oversize_body_is_refused_while_downloading(site):
    big = html("Long", "Tessaly Ferries will add 12 ferries. " * 400).encode()

    def without_length(handler):  # no Content-Length: only counting while reading can stop it
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(big)

    site.page("/declared", big)
    site.routes["/undeclared"] = without_length
    site.page("/bomb", gzip.compress(b" " * 5_000_000), content_type="text/html", Content_Encoding="gzip")
    with Fetcher(delay=0, timeout=5, max_bytes=4_000) as small:
        with pytest.raises(SourceError, match=r"^\d[\d,]* bytes, over the limit of 4,000 \(raise it with --max-bytes\)$"):
            small.article(Link(site.url("/declared")))
        with pytest.raises(SourceError, match=r"^over the limit of 4,000 bytes"):
            small.article(Link(site.url("/undeclared")))
    with Fetcher(delay=0, timeout=5, max_bytes=100_000) as limited:
        # 5 MB of spaces in 5 KB of gzip: refused once 100,000 decompressed bytes are passed
        with pytest.raises(SourceError, match=r"^over the limit of 100,000 bytes"):
            limited.article(Link(site.url("/bomb")))


def test_a_slow_server_hits_the_timeout(site):
    finish = threading.Event()

    def silent(handler):
        finish.wait(10)

    def trickle(handler):  # a byte at a time, each soon enough that no single read times out
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            while not finish.is_set():
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    site.routes["/silent"] = silent
    site.routes["/trickle"] = trickle
    try:
        with Fetcher(delay=0, timeout=0.5) as impatient:
            with pytest.raises(SourceError, match=r"^timed out after 0.5 s$"):
                impatient.article(Link(site.url("/silent")))
            with pytest.raises(SourceError, match=r"^timed out after 0.5 s \(still downloading\)$"):
                impatient.article(Link(site.url("/trickle")))
    finally:
        finish.set()


def test_an_unknown_host_and_a_closed_port(fetcher):
    with pytest.raises(SourceError, match="^cannot resolve host nowhere.invalid"):
        fetcher.article(Link("http://nowhere.invalid/story"))
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(SourceError, match="^connection refused by 127.0.0.1"):
        fetcher.article(Link(f"http://127.0.0.1:{port}/story"))


@pytest.mark.parametrize("link", ["ftp://a.example/x", "file:///etc/passwd", "http://", "not a link"])
def test_only_web_addresses_are_fetched(link, fetcher):
    with pytest.raises(SourceError, match="not an http.s. URL"):
        fetcher.article(Link(link))


# -- robots.txt and pace -----------------------------------------------------

def test_robots_txt_is_honoured_unless_ignored(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /drafts/\n\nUser-agent: claimledger\nDisallow: /private*\n",
              content_type="text/plain")
    site.page("/drafts/1", STORY)
    site.page("/private-notes", STORY)
    site.page("/news/1", STORY)
    with Fetcher(delay=0) as polite:
        # the rules for claimledger by name replace the ones for every robot (RFC 9309)
        assert polite.article(Link(site.url("/drafts/1"))).text
        with pytest.raises(SourceError, match=r"^disallowed by http://127.0.0.1:\d+/robots.txt \(--ignore-robots"):
            polite.article(Link(site.url("/private-notes")))
        assert polite.article(Link(site.url("/news/1"))).text
    assert site.paths().count("/robots.txt") == 1  # read once per host
    with Fetcher(delay=0, ignore_robots=True) as told:
        assert told.article(Link(site.url("/private-notes"))).text


def test_robots_txt_the_server_fails_to_give_disallows_everything(site):
    site.page("/robots.txt", b"down", status=503, content_type="text/plain")
    site.page("/news/1", STORY)
    with Fetcher(delay=0) as polite, pytest.raises(SourceError, match="answered HTTP 503.*RFC 9309"):
        polite.article(Link(site.url("/news/1")))
    with Fetcher(delay=0, ignore_robots=True) as told:
        assert told.article(Link(site.url("/news/1"))).text


class Clock:
    """Time that passes only when someone sleeps."""

    def __init__(self):
        self.now, self.slept = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_requests_to_one_host_are_spaced_by_the_delay_or_its_crawl_delay(site):
    for i in range(3):
        site.page(f"/news/{i}", STORY.replace("12 electric", f"{12 + i} electric"))
    clock = Clock()
    with Fetcher(delay=2, clock=clock, sleep=clock.sleep) as paced:
        for i in range(3):
            paced.article(Link(site.url(f"/news/{i}")))
    assert clock.slept == [2, 2, 2]  # robots.txt, then each page 2 s after the one before
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    clock = Clock()
    with Fetcher(delay=2, clock=clock, sleep=clock.sleep) as paced:
        for i in range(3):
            paced.article(Link(site.url(f"/news/{i}")))
    assert clock.slept == [7, 7, 7]


def test_links_download_concurrently_and_arrive_in_order(site):
    for i in range(6):
        site.page(f"/news/{i}", STORY.replace("12 electric", f"{12 + i} electric"))
    links = [Link(site.url(f"/news/{i}")) for i in range(6)] + [Link(site.url("/news/2")), Link("mailto:x@a.example")]
    with Fetcher(delay=0, connections=3) as fetcher:
        items = list(fetch_links(links, fetcher))
    assert [a.source for a in items[:6]] == [site.url(f"/news/{i}") for i in range(6)]
    assert all(isinstance(a, Article) for a in items[:6])
    assert items[6] == Duplicate(site.url("/news/2"))
    assert items[7] == ("mailto:x@a.example", "not an http(s) URL")


# -- feeds -----------------------------------------------------------------

def rss(site, items) -> str:
    entries = "".join(f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
                      for title, link, date in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tessaly Courier</title>'
            f"<link>{site.base}/</link>{entries}</channel></rss>")


def stories(site, count: int) -> list[tuple[str, str, str]]:
    items = []
    for i in range(count):
        site.page(f"/story/{i}", html(f"Story {i}", f"Tessaly Ferries said on Monday it will add {10 + i} "
                                                     f"electric ferries by {2030 + i}, up from {i} today."))
        items.append((f"Story {i}", f"/story/{i}", f"Mon, 0{i + 1} Mar 2026 08:00:00 GMT"))
    return items


def test_a_feed_gives_its_items_links_with_the_feeds_dates_and_titles(site, fetcher):
    items = stories(site, 3)
    site.page("/feed.xml", rss(site, items), content_type="application/rss+xml")
    links = fetcher.feed(site.url("/feed.xml"))
    assert [link.url for link in links] == [site.url(f"/story/{i}") for i in range(3)]  # relative links resolved
    assert links[1].hints == {"title": "Story 1", "publisher": "Tessaly Courier",
                              "published": __import__("datetime").date(2026, 3, 2)}
    # the page has no date of its own: the feed's is used
    assert str(fetcher.article(links[1]).published) == "2026-03-02"


def test_an_atom_feed_and_what_is_not_a_feed(site, fetcher):
    site.page("/atom", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
                       '<entry><title>A</title><link href="/story/0"/><updated>2026-03-01T08:00:00Z</updated></entry>'
                       '<entry><title>No link</title></entry></feed>', content_type="application/atom+xml")
    site.page("/not-a-feed", "just some words", content_type="text/plain")
    site.page("/picture", b"\x89PNG\r\n", content_type="image/png")
    links = fetcher.feed(site.url("/atom"))
    assert links[0].url == site.url("/story/0") and links[1] == (f"{site.url('/atom')} item 2", "the item has no link")
    with pytest.raises(SourceError, match="^not an RSS or Atom feed"):
        fetcher.feed(site.url("/not-a-feed"))
    with pytest.raises(SourceError, match="^content type image/png is not a feed$"):
        fetcher.feed(site.url("/picture"))


def test_ingest_a_feed_of_ten_items_two_of_them_duplicates(nlp, site, isolated_store):
    items = stories(site, 8)
    site.routes["/story/3?utm_source=feed"] = site.routes["/story/3"]  # another link to the same text
    items += [("Story 2 again", "/story/2", items[2][2]), ("Story 3", "/story/3?utm_source=feed", items[3][2])]
    site.page("/feed.xml", rss(site, items), content_type="application/rss+xml")
    result = invoke("ingest", "--feed", site.url("/feed.xml"), "--delay", "0")
    assert result.exit_code == 0, result.output
    assert "8 articles stored, 2 duplicates skipped, 0 failed" in result.output
    assert site.paths().count("/story/2") == 1  # a link given twice is fetched once
    db = sqlite3.connect(isolated_store)
    assert db.execute("select count(*) from archived_copies").fetchone() == (8,)
    assert db.execute("select publisher, title from articles where source = ?",
                      [site.url("/story/5")]).fetchone() == ("Tessaly Courier", "Story 5")


# -- the archived copy in the store, show, export ---------------------------------

def test_ingest_links_and_a_list_stores_each_page_with_its_copy(nlp, site, isolated_store, tmp_path):
    stories(site, 3)
    served = site.routes["/story/0"][2]
    listed = tmp_path / "links.txt"
    listed.write_text(f"# this week's links\n{site.url('/story/1')}\n\n{site.url('/story/2')}\n", encoding="utf-8")
    result = invoke("ingest", site.url("/story/0"), "--urls", listed, "--delay", "0")
    assert result.exit_code == 0, result.output
    assert "3 articles stored" in result.output
    db = store.connect(isolated_store)
    article_id = db.execute("select id from articles where source = ?", [site.url("/story/0")]).fetchone()[0]
    assert store.archived_body(db, article_id) == served  # the archived copy is the bytes served
    copy = store.archived_copy(db, article_id)
    assert copy["url"] == site.url("/story/0") and copy["status"] == 200 and copy["length"] == len(served)
    claim_id = db.execute("select id from claims where article_id = ? order by id", [article_id]).fetchone()[0]
    shown = invoke("show", claim_id)
    assert shown.exit_code == 0
    line = next(line for line in shown.output.splitlines() if line.startswith("Archived:"))
    assert f"as read on {copy['fetched_at'][:10]}" in line and site.url("/story/0") in line and "HTTP 200" in line
    as_json = json.loads(invoke("show", claim_id, "--json").output)
    assert as_json["archived"]["url"] == site.url("/story/0") and as_json["archived"]["sha256"] == copy["sha256"]


def test_a_page_that_changes_between_two_fetches_is_a_new_version(nlp, site, isolated_store):
    first = html("Ferry plan", "Tessaly Ferries said it will add 12 electric ferries by 2029.", "2026-03-02")
    second = html("Ferry plan", "Tessaly Ferries said it will add 15 electric ferries by 2029.", "2026-03-02")
    site.page("/plan", first)
    assert invoke("ingest", site.url("/plan"), "--delay", "0").exit_code == 0
    site.page("/plan", second)
    result = invoke("ingest", site.url("/plan"), "--delay", "0")
    assert result.exit_code == 0, result.output
    assert "is version 2 of article 1" in result.output
    again = invoke("ingest", site.url("/plan"), "--delay", "0")  # unchanged since: nothing new
    assert "0 articles stored, 1 duplicate skipped" in again.output
    db = store.connect(isolated_store)
    assert [r[0] for r in db.execute("select article_id from archived_copies order by 1")] == [1, 2]
    assert store.archived_body(db, 1) == first.encode() and store.archived_body(db, 2) == second.encode()
    assert db.execute("select superseded_by from articles where id = 1").fetchone() == (2,)


def test_failures_are_one_line_each_and_the_rest_land(nlp, site, isolated_store):
    site.page("/ok", STORY)
    site.page("/report.pdf", b"%PDF", content_type="application/pdf")
    result = invoke("ingest", site.url("/ok"), site.url("/missing"), site.url("/report.pdf"),
                    "http://nowhere.invalid/x", "--delay", "0")
    assert result.exit_code == 1
    assert errors(result) == [
        f"Error: {site.url('/missing')}: HTTP 404 Not Found",
        f"Error: {site.url('/report.pdf')}: content type application/pdf is not HTML or text",
        "Error: http://nowhere.invalid/x: cannot resolve host nowhere.invalid",
    ]
    assert "1 article stored, 0 duplicates skipped, 3 failed" in result.output


def test_when_every_link_fails_no_store_is_created(site, isolated_store, tmp_path):
    listed = tmp_path / "links.txt"
    listed.write_text(f"{site.url('/gone')}\nnot a link\n", encoding="utf-8")
    result = invoke("ingest", "--urls", listed, "--feed", site.url("/feed.xml"), "--delay", "0")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {site.url('/gone')}: HTTP 404 Not Found", f"Error: {listed}:2: not an http(s) URL",
                              f"Error: {site.url('/feed.xml')}: HTTP 404 Not Found"]
    assert not isolated_store.exists()


def test_nothing_to_ingest_is_a_one_line_error(isolated_store):
    result = invoke("ingest")
    assert result.exit_code == 1 and errors(result) == [
        "Error: nothing to ingest: give files, folders or links, --urls FILE or --feed URL"]
    assert not isolated_store.exists()


def test_export_writes_the_archived_copies_as_warc(nlp, site, isolated_store, tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    site.page("/old", b"", status=301, Location="/ferries")
    site.page("/ferries", STORY, Content_Encoding=None)
    assert invoke("ingest", site.url("/old"), "--delay", "0").exit_code == 0
    out = tmp_path / "copies.warc.gz"
    result = invoke("export", "--format", "warc", "--output", out)
    assert result.exit_code == 0, result.output
    assert f"1 archived copies written to {out}" in result.output
    with out.open("rb") as stream:
        records = [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                   for r in ArchiveIterator(stream)]
    assert [r[0] for r in records] == ["warcinfo", "response", "metadata"]
    _, headers, http_headers, payload = records[1]
    assert headers.get_header("WARC-Target-URI") == site.url("/ferries")
    assert payload == STORY.encode("utf-8")
    assert http_headers.get_statuscode() == "200" and http_headers.get_header("Content-Type").startswith("text/html")
    meta = records[2][3].decode()
    assert f"requested-url: {site.url('/old')}" in meta and "article-id: 1" in meta
    assert records[2][1].get_header("WARC-Refers-To") == headers.get_header("WARC-Record-ID")
    # to standard output too, as bytes
    piped = runner.invoke(app, ["export", "-f", "warc"])
    assert piped.exit_code == 0 and piped.stdout_bytes[:2] == b"\x1f\x8b"


def test_nothing_but_ingest_fetches(nlp, site, isolated_store, monkeypatch, tmp_path):
    site.page("/ferries", STORY)
    assert invoke("ingest", site.url("/ferries"), "--delay", "0").exit_code == 0
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network use")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    for args in (["list"], ["show", "1"], ["show", "1", "--json"], ["changes"], ["groups"],
                 ["export", "-f", "jsonl"], ["export", "-f", "warc", "-o", tmp_path / "x.warc.gz"],
                 ["verify", "1", "--verdict", "accurate"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    assert attempts == []


def test_a_store_keeps_an_archived_copy_compressed(site, isolated_store):
    db = store.connect(isolated_store)
    body = ("<p>Tessaly Ferries will add 12 ferries by 2029.</p>" * 200).encode()
    article_id = store.save_article(db, {"source": "x", "text": "Tessaly Ferries will add 12 ferries.", "origin": "x",
                                         "archive": {"url": "http://a.example/x", "status": 200,
                                                     "fetched_at": "2026-03-02T08:00:00+00:00", "body": body,
                                                     "headers": [("Content-Type", "text/html")]}}, [])
    stored = db.execute("select length(body_gzip), length from archived_copies").fetchone()
    assert stored[1] == len(body) and stored[0] < len(body) / 10
    assert store.archived_body(db, article_id) == body
    [copy] = store.archived_copies(db)
    assert copy["headers"] == [("Content-Type", "text/html")] and copy["body"] == body


def test_gather_links_reads_lists_from_standard_input(site, fetcher):
    links = gather_links(["https://a.example/1"], ["-"], [], fetcher, read_stdin=lambda: "https://a.example/2\n")
    assert [link.url for link in links] == ["https://a.example/1", "https://a.example/2"]
    assert gather_links([], ["-"], [], fetcher, read_stdin=lambda: "# links\n\nftp://a.example/\n") == [
        ("-:3", "not an http(s) URL")]


def test_the_desk_card_says_as_read_on_and_links_the_copy(nlp, site, isolated_store, tmp_path):
    import asyncio

    from claimledger.serve import build_datasette

    site.page("/ferries", STORY)
    (tmp_path / "local.txt").write_text("Brindle Motors said it will sell 40,000 scooters by 2032.", encoding="utf-8")
    assert invoke("ingest", site.url("/ferries"), tmp_path / "local.txt", "--delay", "0").exit_code == 0
    db = sqlite3.connect(isolated_store)
    fetched, local = (db.execute("select min(c.id) from claims c join articles a on a.id = c.article_id "
                                 "where a.source = ?", [source]).fetchone()[0]
                      for source in (site.url("/ferries"), str(tmp_path / "local.txt")))
    fetched_at = db.execute("select fetched_at from archived_copies").fetchone()[0]
    db.close()
    desk = build_datasette(isolated_store)
    card = asyncio.run(desk.client.get(f"/claims/claims/{fetched}")).text
    article_id = 2 if local < fetched else 1
    assert f"As read on {fetched_at[:10]}" in card and f"from {site.url('/ferries')} (HTTP 200" in card
    assert f'href="/claims/archived_copies/{article_id}">the archived copy</a>' in card
    assert "As read on" not in asyncio.run(desk.client.get(f"/claims/claims/{local}")).text


def test_a_stopped_fetch_waits_for_no_slow_server(nlp, site, isolated_store):
    """Ctrl-C stops the fetcher (see the next test): the ingest ends as it
    does for files (the article in hand is not begun), without waiting for
    the page a server is holding."""
    from claimledger.ingest import ingest

    release, asked, answered = threading.Event(), threading.Event(), threading.Event()
    fetcher = Fetcher(delay=0, timeout=600)

    def held(handler):
        asked.wait(60)  # the first page is in the ingest's hands
        fetcher.stop()  # as the Ctrl-C handler does, while this page is awaited
        release.wait(30)
        answered.set()

    def observed(items):
        for item in items:
            yield item
            asked.set()

    site.page("/ferries", STORY)
    site.routes["/held"] = held
    try:
        report = ingest(store.connect(isolated_store),
                        observed(fetch_links([Link(site.url("/ferries")), Link(site.url("/held"))], fetcher)),
                        stop=lambda: fetcher.closed)
        assert not answered.is_set()  # returned while the server still held the page
    finally:
        release.set()
        asked.set()
    assert report.interrupted and not report.failures


def test_ctrl_c_during_an_ingest_stops_the_fetcher():
    import os
    import signal

    from claimledger.cli import _stop_on_ctrl_c

    stopped = []
    with _stop_on_ctrl_c(lambda: stopped.append(True)) as stop:
        os.kill(os.getpid(), signal.SIGINT)
        while not stop():  # the handler runs in this thread at the next bytecode
            time.sleep(0.01)
    assert stopped == [True]


def test_merge_carries_the_archived_copies(site, nlp, tmp_path):
    site.page("/ferries", STORY)
    part = tmp_path / "part.db"
    assert invoke("ingest", site.url("/ferries"), "--db", part).exit_code == 0
    merged = tmp_path / "merged.db"
    assert invoke("merge", part, "--db", merged).exit_code == 0
    db = store.open_for_reading(merged)
    [article_id] = [r[0] for r in db.execute("select id from articles")]
    assert store.archived_body(db, article_id) == STORY.encode("utf-8")
    assert store.archived_copy(db, article_id)["url"] == site.url("/ferries")

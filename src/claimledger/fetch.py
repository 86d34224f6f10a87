"""Read articles from the web: links, lists of links and feeds, each page
fetched politely and kept as it was read.

A page becomes an :class:`~claimledger.sources.Article` through the same
reader as a file (:func:`claimledger.sources.read_article`), with the bytes
as served, the fetch time, the final URL, the status and the content type
attached as its ``archive``, which the store keeps with it.

Politeness and limits, each for a reason:

- a ``User-Agent`` that names claimledger, and robots.txt read for each
  host (RFC 9309: a missing one allows everything, one the server fails to
  give disallows everything) unless the user has the right to read the pages
  (``ignore_robots``); its ``Crawl-delay`` is kept, up to a bound;
- one request at a time to a host, the next one ``delay`` seconds after the
  last ended, and at most ``connections`` downloads at once overall;
- redirects followed one hop at a time, so robots.txt and the pace apply to
  every host on the way, at most :data:`MAX_REDIRECTS` of them;
- ``timeout`` seconds for each exchange with a server (connecting, waiting,
  and the whole body: a server that trickles bytes is cut off too);
- ``max_bytes`` counted while downloading, after decompression, so neither
  a large page nor a compressed bomb is ever held whole;
- only HTML and text content types for pages (feeds: XML, JSON or text).

Nothing here runs a page's scripts or fetches what it links to: only the
links given, the items of the feeds given, and robots.txt are requested.
"""
from __future__ import annotations

import queue
import re
import socket
import threading
import time
from collections import deque
from concurrent.futures import Future, TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

from .sources import MAX_BYTES, SUFFIXES, Article, Duplicate, SourceError, read_article

if TYPE_CHECKING:
    import httpx

ROBOTS_TOKEN = "claimledger"  # the name robots.txt rules address
TIMEOUT = 30.0  # the default --timeout, seconds
DELAY = 1.0  # the default --delay: seconds between two requests to one host
MAX_CRAWL_DELAY = 30.0  # a longer Crawl-delay would stall a run for hours: it is capped here
CONNECTIONS = 4  # the default --connections
MAX_REDIRECTS = 10
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 asks crawlers to parse at least the first 500 KiB

# a page's media type -> how sources reads it (None: by the link's suffix, else plain text)
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown",
              "text/x-markdown": "markdown", "text/plain": None}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/feed+json", "application/json", "text/html", "text/plain"}
PAGE_ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.8, text/markdown;q=0.8"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.1")
REDIRECTS = {301, 302, 303, 307, 308}
STOP_POLL_SECONDS = 0.2  # how soon a page being awaited notices the fetcher was stopped


def user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("claimledger")
    except PackageNotFoundError:  # run from a source tree
        release = "dev"
    return f"claimledger/{release} (claim fact-checking; one request at a time per host; honours robots.txt)"


def is_link(text: str) -> bool:
    """Whether a command-line argument is a web address rather than a path."""
    return text[:8].lower().startswith(("http://", "https://"))


def web_address(text: str) -> str:
    """``text`` as an absolute http(s) URL without its fragment, or a SourceError."""
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname \
            or any(c.isspace() or ord(c) < 32 for c in text):
        raise SourceError("not an http(s) URL")
    return urlunsplit(parts._replace(fragment=""))


@dataclass
class Link:
    """A page to read, with what a feed said of it (used where the page's
    own metadata says nothing)."""
    url: str
    source: str | None = None  # the name failures use and the store keeps: the URL as given unless set
    hints: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.source or self.url


@dataclass
class Fetched:
    """A response as it was read."""
    requested_url: str
    url: str  # after redirects
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    content_type: str | None  # as sent, parameters included
    body: bytes  # after Content-Encoding is undone: what a browser would have parsed
    fetched_at: str  # UTC, ISO 8601, when the response began

    @property
    def media_type(self) -> str | None:
        return self.content_type.split(";")[0].strip().lower() if self.content_type else None

    @property
    def charset(self) -> str | None:
        for param in (self.content_type or "").split(";")[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    def archive(self) -> dict:
        """What the store keeps of the response (``store.save_archive``)."""
        return {"requested_url": self.requested_url, "url": self.url, "status": self.status,
                "reason": self.reason, "http_version": self.http_version, "headers": self.headers,
                "content_type": self.content_type, "fetched_at": self.fetched_at, "body": self.body}


class _Host:
    """One host's turn-taking: a request at a time, ``delay`` seconds apart,
    and its robots.txt, read once."""

    def __init__(self, delay: float):
        self.turn = threading.Lock()
        self.ready_at = 0.0
        self.delay = delay
        self.robots_lock = threading.Lock()
        self.robots = None  # a Protego parser, or a SourceError to raise for every page
        self.robots_read = False


class Fetcher:
    """An HTTP client for one run of ``claims ingest``: it keeps each host's
    robots.txt and pace, and the connections to reuse.  Thread-safe."""

    def __init__(self, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, delay: float = DELAY,
                 ignore_robots: bool = False, connections: int = CONNECTIONS,
                 transport: "httpx.BaseTransport | None" = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        import httpx  # here: only an ingest of links needs it

        self.max_bytes, self.timeout, self.delay = max_bytes, timeout, delay
        self.ignore_robots, self.connections = ignore_robots, connections
        self.clock, self.sleep = clock, sleep
        self.client = httpx.Client(
            headers={"User-Agent": user_agent()}, timeout=timeout, follow_redirects=False,
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
            transport=transport)
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.closed = False

    def stop(self) -> None:
        """Ask every fetch to end: nothing new starts and :func:`fetch_links`
        yields nothing more.  Only sets a flag, so a signal handler may call it."""
        self.closed = True

    def close(self) -> None:
        """Stop, and close the connections."""
        self.closed = True
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ---------------------------------------------------------

    def article(self, link: Link) -> Article:
        """The page at ``link`` as an Article with its archived copy, or a SourceError."""
        fetched = self.get(link.url, PAGE_ACCEPT, lambda media: media in PAGE_TYPES,
                           "is not HTML or text")
        media = fetched.media_type
        fmt = PAGE_TYPES.get(media) if media else None
        if fmt is None and media is not None:  # text/plain: Markdown by its name, else plain text
            fmt = "markdown" if SUFFIXES.get(Path(urlsplit(fetched.url).path).suffix.lower()) == "markdown" else "text"
        article = read_article(link.name, fmt=fmt, max_bytes=self.max_bytes, data=fetched.body,
                               declared=fetched.charset, hints=link.hints)
        if article.url is None and fmt == "html":
            article.url = _relative_canonical(fetched.body)
        article.url = canonical_url(article.url, fetched.url)
        article.archive = fetched.archive()
        return article

    def feed(self, url: str) -> list[Link | tuple[str, str]]:
        """The links of a feed's items, in the feed's order, each with the
        item's title and date and the feed's title as hints."""
        import feedparser
        from io import BytesIO

        url = web_address(url)
        fetched = self.get(url, FEED_ACCEPT, lambda media: media in FEED_TYPES or media.endswith(("+xml", "+json")),
                           "is not a feed")
        headers = {"content-location": fetched.url}
        if fetched.content_type:
            headers["content-type"] = fetched.content_type
        # bytes in a stream: given a string, feedparser would fetch or open it itself
        parsed = feedparser.parse(BytesIO(fetched.body), response_headers=headers, sanitize_html=False)
        if not parsed.entries:
            if parsed.get("bozo") and not parsed.get("version"):
                reason = str(parsed.get("bozo_exception") or "").splitlines()[0:1]
                raise SourceError("not an RSS or Atom feed" + (f" ({reason[0]})" if reason and reason[0] else ""))
            raise SourceError("the feed has no items")
        publisher = (parsed.feed.get("title") or "").strip() or None
        links: list[Link | tuple[str, str]] = []
        for number, entry in enumerate(parsed.entries, start=1):
            source = f"{url} item {number}"
            target = entry.get("link") or next(
                (x.get("href") for x in entry.get("links", []) if x.get("rel", "alternate") == "alternate"), None)
            if not target:
                links.append((source, "the item has no link"))
                continue
            hints = {"title": (entry.get("title") or "").strip() or None, "publisher": publisher,
                     "published": _entry_date(entry)}
            links.append(Link(urljoin(fetched.url, target.strip()), hints={k: v for k, v in hints.items() if v}))
        return links

    def get(self, url: str, accept: str, acceptable: Callable[[str], bool], refusal: str,
            robots: bool = True) -> Fetched:
        """A successful response to GET ``url``, following redirects, whose
        media type is ``acceptable`` (a missing one is judged by the bytes
        later); a SourceError naming the reason otherwise."""
        import httpx

        requested = url = web_address(url)
        for _ in range(MAX_REDIRECTS + 1):
            if self.closed:
                raise SourceError("stopped before it was fetched")
            if robots and not self.ignore_robots:
                self._allowed(url)
            try:
                answer = self._exchange(url, accept, acceptable, refusal)
            except httpx.HTTPError as exc:
                raise SourceError(self._reason(exc, url)) from None
            if isinstance(answer, Fetched):
                answer.requested_url = requested
                return answer
            url = answer
        raise SourceError(f"more than {MAX_REDIRECTS} redirects")

    def _exchange(self, url: str, accept: str, acceptable: Callable[[str], bool], refusal: str) -> Fetched | str:
        """One request, in the host's turn: a Fetched, or the URL it redirects to."""
        import httpx

        host = self._host(url)
        with host.turn:
            wait = host.ready_at - self.clock()
            if wait > 0:
                self.sleep(wait)
            try:
                started = self.clock()
                fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
                request = self.client.build_request("GET", url, headers={"Accept": accept})
                response = self.client.send(request, stream=True, follow_redirects=False)
                try:
                    if response.status_code in REDIRECTS and response.has_redirect_location:
                        location = response.headers["location"]
                        try:
                            return web_address(urljoin(url, location))
                        except SourceError:
                            raise SourceError(f"redirected to {location[:200]!r}, not an http(s) URL") from None
                    if not 200 <= response.status_code < 300:
                        reason = response.reason_phrase or ""
                        raise SourceError(f"HTTP {response.status_code}{' ' + reason if reason else ''}")
                    content_type = response.headers.get("content-type")
                    media = content_type.split(";")[0].strip().lower() if content_type else None
                    if media and not acceptable(media):
                        raise SourceError(f"content type {media} {refusal}")
                    body = self._body(response, started)
                    return Fetched(requested_url=url, url=str(response.url), status=response.status_code,
                                   reason=response.reason_phrase or "", http_version=response.http_version,
                                   headers=[(k.decode("latin-1"), v.decode("latin-1"))
                                            for k, v in response.headers.raw],
                                   content_type=content_type, body=body, fetched_at=fetched_at)
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise SourceError(f"timed out after {self.timeout:g} s") from None
            finally:
                host.ready_at = self.clock() + host.delay

    def _body(self, response: "httpx.Response", started: float) -> bytes:
        """The body, decompressed, refused as soon as it passes ``max_bytes``
        or outlasts the timeout."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and not response.headers.get("content-encoding") and int(declared) > self.max_bytes:
            raise SourceError(f"{int(declared):,} bytes, over the limit of {self.max_bytes:,} "
                              "(raise it with --max-bytes)")
        chunks, size = [], 0
        for chunk in response.iter_bytes():  # as it arrives: a chunk size would wait to fill it
            size += len(chunk)
            if size > self.max_bytes:
                raise SourceError(f"over the limit of {self.max_bytes:,} bytes (raise it with --max-bytes)")
            if self.clock() - started > self.timeout:
                raise SourceError(f"timed out after {self.timeout:g} s (still downloading)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.delay)
            return self._hosts[key]

    def _allowed(self, url: str) -> None:
        """Raise a SourceError unless the host's robots.txt lets claimledger read ``url``."""
        host = self._host(url)
        with host.robots_lock:
            if not host.robots_read:
                host.robots = self._robots(url, host)
                host.robots_read = True
        if isinstance(host.robots, SourceError):
            raise host.robots
        if host.robots is not None and not host.robots.can_fetch(url, ROBOTS_TOKEN):
            robots_url = urljoin(url, "/robots.txt")
            raise SourceError(f"disallowed by {robots_url} (--ignore-robots reads it anyway, "
                              "for pages you have the right to read)")

    def _robots(self, url: str, host: _Host):
        """The host's robots.txt rules (None: everything allowed), or the
        SourceError every page of the host fails with (RFC 9309 §2.3.1)."""
        from protego import Protego

        robots_url = urljoin(url, "/robots.txt")
        try:
            fetched = self.get(robots_url, "text/plain", lambda media: True, "", robots=False)
        except SourceError as exc:
            reason = str(exc)
            if reason.startswith("HTTP 4"):  # unavailable: no rules
                return None
            if reason.startswith("HTTP 5"):
                return SourceError(f"{robots_url} answered {reason}: taken as disallowing every page, as RFC 9309 "
                                   "says (--ignore-robots reads it anyway, for pages you have the right to read)")
            if reason.startswith(("cannot resolve host", "connection refused")):  # the page cannot be reached either
                return SourceError(reason)
            return SourceError(f"{reason} (reading {robots_url})")
        rules = Protego.parse(fetched.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
        crawl_delay = rules.crawl_delay(ROBOTS_TOKEN)
        if crawl_delay:
            host.delay = max(host.delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
            host.ready_at = self.clock() + host.delay  # the first page waits too
        return rules

    def _reason(self, exc: Exception, url: str) -> str:
        """An httpx error in one line a user can act on."""
        import httpx

        host = urlsplit(url).hostname or url
        message = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
        chain, cause = [], exc
        while cause is not None and len(chain) < 10:
            chain.append(cause)
            cause = cause.__cause__ or cause.__context__
        if any(isinstance(c, socket.gaierror) for c in chain) or any(
                s in message.lower() for s in ("name or service not known", "nodename nor servname",
                                               "temporary failure in name resolution", "no address associated")):
            return f"cannot resolve host {host}"
        if isinstance(exc, httpx.TimeoutException):
            return f"timed out after {self.timeout:g} s"
        if any(isinstance(c, ConnectionRefusedError) for c in chain) or "connection refused" in message.lower():
            return f"connection refused by {host}"
        if "certificate" in message.lower() or "ssl" in message.lower():
            return f"TLS failed with {host}: {message}"
        if isinstance(exc, httpx.ConnectError):
            return f"cannot connect to {host}: {message}"
        if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
            return f"{host} broke off the response: {message}"
        if isinstance(exc, httpx.DecodingError):
            return f"cannot undo the response's Content-Encoding: {message}"
        if self.closed:
            return "stopped while it was being fetched"
        return f"cannot fetch: {type(exc).__name__}: {message}"


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime(*value[:6]).date()
            except (TypeError, ValueError):
                continue
    return None


# trafilatura reads a canonical link only when it is absolute; a relative one is as valid
CANONICAL_LINK = re.compile(rb"<link\s[^>]{0,300}?rel\s*=\s*[\"']?canonical\b[^>]{0,300}>", re.IGNORECASE)
HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]{1,2000})"|'([^']{1,2000})'|([^\s>]{1,2000}))""", re.IGNORECASE)


def _relative_canonical(body: bytes) -> str | None:
    """The href of the page's ``<link rel=canonical>``, however written."""
    link = CANONICAL_LINK.search(body[:200_000])
    href = HREF.search(link.group(0)) if link else None
    if not href:
        return None
    import html

    return html.unescape(next(g for g in href.groups() if g).decode("utf-8", errors="replace"))


def canonical_url(declared: str | None, final: str) -> str:
    """The article's URL: the canonical URL the page declares (``<link
    rel=canonical>``, ``og:url``, front matter), resolved against the final
    URL, when it is an http(s) address on the same site (the same host, or
    one a subdomain of the other); else the final URL.  A page cannot
    thereby make itself a version of another site's article: its URL is the
    origin that places it among versions."""
    if not declared:
        return final
    try:
        resolved = web_address(urljoin(final, declared.strip()))
    except SourceError:
        return final
    ours, theirs = (urlsplit(u).hostname or "" for u in (final, resolved))
    ours, theirs = (h.removeprefix("www.") for h in (ours, theirs))
    if ours == theirs or ours.endswith("." + theirs) or theirs.endswith("." + ours):
        return resolved
    return final


def read_link_list(path: str, read_stdin: Callable[[], str] | None = None) -> Iterator[Link | tuple[str, str]]:
    """The links of a file with one a line (``-``: standard input); blank
    lines and lines starting with ``#`` are skipped."""
    import sys

    try:
        text = (read_stdin or sys.stdin.read)() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield (path, f"cannot read the list of links: {getattr(exc, 'strerror', None) or exc}")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            web_address(line)
        except SourceError as exc:
            yield (f"{path}:{number}", str(exc))
            continue
        yield Link(line)


def gather_links(urls: Iterable[str] = (), url_lists: Iterable[str] = (), feeds: Iterable[str] = (),
                 fetcher: Fetcher | None = None, read_stdin: Callable[[], str] | None = None
                 ) -> list[Link | tuple[str, str]]:
    """Every link to read, in the order given: links, then the lists' links,
    then each feed's items (the feeds are fetched here); a ``(source,
    reason)`` pair for a list or feed that cannot be read."""
    links: list[Link | tuple[str, str]] = [Link(u) for u in urls]
    for path in url_lists:
        links.extend(read_link_list(path, read_stdin))
    for url in feeds:
        try:
            links.extend(fetcher.feed(url))
        except SourceError as exc:
            links.append((url, str(exc)))
    return links


def fetch_links(links: Iterable[Link | tuple[str, str]], fetcher: Fetcher
                ) -> Iterator[Article | Duplicate | tuple[str, str]]:
    """Each link's Article, in order, or ``(source, reason)`` when it cannot
    be read; a link already read in this run is a :class:`Duplicate`.  Up to
    ``fetcher.connections`` pages download at once, each host's in turn.

    Once the fetcher is stopped (:meth:`Fetcher.stop`, Ctrl-C at the command
    line) nothing more is yielded: the downloads in progress are abandoned
    to their threads, which are daemons, so neither this generator nor the
    process waits for a slow server's timeout."""
    seen: set[str] = set()
    window = 2 * fetcher.connections  # pages fetched ahead of the one being stored: memory stays bounded
    pending: deque[Future | Article | Duplicate | tuple[str, str]] = deque()
    work: queue.SimpleQueue = queue.SimpleQueue()

    def job(link: Link) -> Article | tuple[str, str]:
        try:
            return fetcher.article(link)
        except SourceError as exc:
            return (link.name, str(exc))
        except Exception as exc:  # one bad page must not stop the others
            first = str(exc).splitlines()[0] if str(exc).strip() else ""
            return (link.name, f"cannot read: {type(exc).__name__}{': ' + first if first else ''}")

    def worker() -> None:
        while (task := work.get()) is not None:
            future, link = task
            if future.set_running_or_notify_cancel():
                future.set_result(job(link))

    workers = [threading.Thread(target=worker, name="claimledger-fetch", daemon=True)
               for _ in range(fetcher.connections)]
    for thread in workers:
        thread.start()

    def submit(item: Link | tuple[str, str]) -> None:
        if isinstance(item, tuple):
            pending.append(item)
            return
        try:
            url = web_address(item.url)
        except SourceError as exc:
            pending.append((item.name, str(exc)))
            return
        if url in seen:
            pending.append(Duplicate(item.name))
            return
        seen.add(url)
        future: Future = Future()
        work.put((future, item))
        pending.append(future)

    def result(head: Future | Article | Duplicate | tuple[str, str]):
        while isinstance(head, Future):
            try:
                return head.result(timeout=STOP_POLL_SECONDS)
            except FutureTimeout:
                if fetcher.closed:
                    raise _Stopped from None
        return head

    try:
        for item in links:
            submit(item)
            while len(pending) > window or (pending and not isinstance(pending[0], Future)):
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
    except _Stopped:
        return
    finally:
        for left in pending:
            if isinstance(left, Future):
                left.cancel()
        for _ in workers:
            work.put(None)
        if pending:  # stopped early: what is in progress ends at its next read or its timeout, unwaited for
            fetcher.close()


class _Stopped(Exception):
    """The fetcher was stopped while a page was awaited."""

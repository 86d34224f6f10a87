"""Read articles from files, folders and standard input into plain text plus metadata.

``text`` is exactly what gets stored and what every claim offset indexes:
the body after any YAML front matter for Markdown, the main text of an HTML
page (paragraphs separated by blank lines) with its boilerplate removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

import yaml

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
META_KEYS = ("title", "url", "publisher", "published")


class SourceError(Exception):
    """An article that cannot be read; the message names the reason in one line."""


@dataclass
class Article:
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None

    @property
    def origin(self) -> str | None:
        """Where the article comes from, so a changed text can be stored as its
        next version: the URL, else the file's absolute path (none for stdin)."""
        if self.url:
            return self.url
        return str(Path(self.source).resolve()) if self.source and self.source != "-" else None

    def as_dict(self) -> dict:
        keys = ("source", "text", "title", "url", "publisher", "published", "origin")
        return {k: getattr(self, k) for k in keys}


def expand_paths(paths: list[str]) -> Iterator[str | tuple[str, str]]:
    """Each file to read, in a stable order; a ``(path, reason)`` pair for a path that cannot be."""
    for given in paths:
        if given == "-":
            yield "-"
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
            if not found:
                yield (given, "no articles found (.txt, .md, .html) in this folder")
            yield from (str(p) for p in found)
        elif path.is_file():
            yield given
        elif path.exists():
            yield (given, "not a regular file")
        else:
            yield (given, "no such file or folder")


def read_article(source: str, raw: str | None = None, fmt: str | None = None) -> Article:
    """Read one article from a path, or from ``raw`` text when given (standard input)."""
    if raw is None:
        path = Path(source)
        fmt = fmt or SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise SourceError(f"unsupported file type {path.suffix or '(none)'}: expected .txt, .md or .html")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from None
        raw = decode(data)
    fmt = fmt or sniff_format(raw)
    if fmt == "html":
        article = _from_html(source, raw)
    elif fmt == "markdown":
        article = _from_markdown(source, raw)
    else:
        article = Article(source=source, text=raw)
    if not article.text.strip():
        raise SourceError("nothing to ingest: the article has no text")
    return article


def decode(data: bytes) -> str:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("binary content, not text")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _newlines(data.decode(encoding))
    try:
        return _newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SourceError("not valid UTF-8 text") from None


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_format(raw: str) -> str:
    head = raw.lstrip()[:1000].lower()
    if raw.startswith("---\n"):
        return "markdown"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(p|article|body)[\s>]", head):
        return "html"
    return "text"


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _from_markdown(source: str, raw: str) -> Article:
    if not raw.startswith("---\n"):
        return Article(source=source, text=raw)
    end = raw.find("\n---\n", 3)
    if end < 0:
        raise SourceError("front matter has no closing '---' line")
    try:
        meta = yaml.safe_load(raw[4:end]) or {}
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0]
        raise SourceError(f"invalid YAML front matter: {reason}") from None
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping of keys to values")
    body = raw[end + 5 :].lstrip("\n")
    text = lambda key: str(meta[key]).strip() if meta.get(key) is not None else None  # noqa: E731
    return Article(
        source=source,
        text=body,
        title=text("title"),
        url=text("url"),
        publisher=text("publisher") or text("source") or text("site_name"),
        published=_as_date(meta.get("published") or meta.get("date")),
    )


def _from_html(source: str, raw: str) -> Article:
    import trafilatura

    document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    if document is None or not (document.text or "").strip():
        raise SourceError("no article text found in the HTML page")
    paragraphs = [" ".join(line.split()) for line in document.text.split("\n")]
    return Article(
        source=source,
        text="\n\n".join(p for p in paragraphs if p),
        title=document.title,
        url=document.url,
        publisher=document.sitename,
        published=_as_date(document.date),
    )

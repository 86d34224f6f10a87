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

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
META_KEYS = ("title", "url", "publisher", "published")
MAX_BYTES = 10_000_000  # the default --max-bytes
MAX_FIELD_CHARS = 2_000  # a title, URL or publisher longer than this is not one


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
    """Each file to read, in a stable order; a ``(path, reason)`` pair for a path
    that cannot be.  Folders are walked without following links to folders,
    so a link loop cannot trap the walk."""
    for given in paths:
        if given == "-":
            yield "-"
            continue
        path = Path(given)
        if path.is_symlink() and not path.exists():
            yield (given, "broken or looping symbolic link")
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            files = [p for p in found if p.is_file() or (p.is_symlink() and not p.exists())]
            if not files:
                yield (given, "no articles found (.txt, .md, .html) in this folder")
            for p in files:
                yield str(p) if p.exists() else (str(p), "broken or looping symbolic link")
        elif path.is_file():
            yield given
        elif path.exists():
            yield (given, "not a regular file")
        else:
            yield (given, "no such file or folder")


def read_article(source: str, raw: str | None = None, fmt: str | None = None,
                 max_bytes: int = MAX_BYTES) -> Article:
    """Read one article from a path, or from ``raw`` text when given (standard input)."""
    if raw is None:
        path = Path(source)
        fmt = fmt or SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise SourceError(f"unsupported file type {path.suffix or '(none)'}: expected .txt, .md or .html")
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise SourceError(f"{size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from None
        raw = decode(data)
    elif len(raw.encode("utf-8", errors="replace")) > max_bytes:
        raise SourceError(f"over the limit of {max_bytes:,} bytes (raise it with --max-bytes)")
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


# control characters that do not belong in an article (tab, newlines, form feed excepted)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data: bytes) -> str:
    """Bytes to text, judged by content, never by file name.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such.
    Text that is evidently UTF-8 but holds a few invalid bytes keeps its
    good characters and gets U+FFFD for the bad ones; anything else is
    handed to charset-normalizer (Windows-1252, Latin-1, Shift JIS...).
    Binary content is refused.
    """
    return _newlines(_text_only(_decoded(data)))


def _decoded(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        raise SourceError("binary content, not text (it holds NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8", errors="replace")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SourceError("binary content, not text (no text encoding fits it)")
    return str(best)


def _text_only(text: str) -> str:
    if text and len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise SourceError("binary content, not text (too many control characters)")
    return text


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
    import yaml  # only Markdown needs it, so commands that never read one do not pay for it

    try:
        meta = yaml.safe_load(raw[4:end]) or {}
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0]
        raise SourceError(f"invalid YAML front matter: {reason}") from None
    if not isinstance(meta, dict):
        raise SourceError("front matter is not a mapping of keys to values")
    body = raw[end + 5 :].lstrip("\n")

    def text(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list, set, tuple, bytes)):
            raise SourceError(f"front matter {key} must be text, not a {type(value).__name__}")
        value = str(value).strip()
        if len(value) > MAX_FIELD_CHARS:
            raise SourceError(f"front matter {key} is {len(value):,} characters, over the limit of {MAX_FIELD_CHARS:,}")
        return value

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
    body = document.text if document is not None else None
    if not (body or "").strip():
        # too short or too broken for boilerplate removal: keep all its visible text
        body = trafilatura.html2txt(raw)
    if not (body or "").strip():
        raise SourceError("no article text found in the HTML page")
    paragraphs = [" ".join(line.split()) for line in body.split("\n")]
    return Article(
        source=source,
        text="\n\n".join(p for p in paragraphs if p),
        title=document.title if document is not None else None,
        url=document.url if document is not None else None,
        publisher=document.sitename if document is not None else None,
        published=_as_date(document.date) if document is not None else None,
    )

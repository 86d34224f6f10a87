"""Read articles from files, folders and standard input into plain text plus metadata
(:mod:`claimledger.fetch` reads them from the web with the same functions).

``text`` is exactly what gets stored and what every claim offset indexes:
the body after any YAML front matter for Markdown, the main text of an HTML
page (paragraphs separated by blank lines) with its boilerplate removed.
"""
from __future__ import annotations

import codecs
import os
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
    # for a page read from the web: the bytes as served and how (see claimledger.fetch.Fetched.archive)
    archive: dict | None = None

    @property
    def origin(self) -> str | None:
        """Where the article comes from, so a changed text can be stored as its
        next version: the URL, else the file's absolute path (none for stdin)."""
        if self.url:
            return self.url
        return str(Path(self.source).resolve()) if self.source and self.source != "-" else None

    def as_dict(self) -> dict:
        keys = ("source", "text", "title", "url", "publisher", "published", "origin", "archive")
        return {k: getattr(self, k) for k in keys}


@dataclass
class Duplicate:
    """A source given again in the same run (a feed that lists a link twice):
    not read a second time, and counted as a duplicate."""
    source: str


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
            found = sorted(p for p in walk(path) if p.suffix.lower() in SUFFIXES)
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


def walk(folder: Path) -> Iterator[Path]:
    """Every entry under ``folder``, with a stack instead of recursion, so a
    tree a thousand levels deep is walked like a flat one; links to folders
    are listed but not followed."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:  # a folder that cannot be listed holds nothing to read
            continue
        for entry in entries:
            path = Path(entry.path)
            yield path
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
            except OSError:
                continue


def read_article(source: str, raw: str | None = None, fmt: str | None = None,
                 max_bytes: int = MAX_BYTES, *, data: bytes | None = None, declared: str | None = None,
                 hints: dict | None = None) -> Article:
    """Read one article from a path, from ``raw`` text when given (standard
    input), or from ``data``, bytes in the charset ``declared`` (a label, as
    an HTTP Content-Type gives it) when the bytes agree.  ``hints`` are
    ``title``, ``publisher`` and ``published`` to use where the article's
    own metadata has none (a feed's item), before a dateline."""
    if data is not None:
        if len(data) > max_bytes:
            raise SourceError(f"{len(data):,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")
        raw = decode(data, declared=charset_codec(declared) if declared else None)
    elif raw is None:
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
    for key, value in (hints or {}).items():
        if getattr(article, key) is None and value is not None:
            setattr(article, key, value)
    if article.published is None:
        article.published = dateline(article.text)
    return article


# control characters that do not belong in an article (tab, newlines, form feed excepted)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# a charset a page or document declares: <meta charset>, http-equiv, <?xml encoding?>
DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
                      rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# labels the WHATWG Encoding Standard reads as windows-1252, as every browser does:
# pages that say Latin-1 or ASCII are in practice written in it
WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso-ir-100",
                       "cp819", "ibm819", "windows-1252", "cp1252", "x-cp1252"}
# Decoded as windows-1252, text in a Western European language has a few
# characters beyond ASCII (accented letters, curly quotes, dashes: German
# about 5 %, French under 20 %): up to the first share it is taken as such
# without a second look; beyond the second it is another script (Cyrillic,
# Greek and Japanese give over 60 %)
WESTERN_SURE = 0.08
WESTERN_NON_ASCII_SHARE = 0.5
MIN_EVIDENCE = 20  # fewer visible characters are no evidence against windows-1252


def _windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 are read as
    windows-1252 (the five bytes it leaves undefined as U+FFFD)."""
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("claimledger-windows-1252", _windows_1252)


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text, judged by content, never by file name.

    In order: a byte-order mark; UTF-16 without one, by its pattern of zero
    bytes; a charset the document declares (``declared``, or an HTML
    ``<meta>``) when the bytes agree with it; UTF-8.  Text that is mostly
    UTF-8 but holds bytes that are not (a paragraph pasted from a
    windows-1252 file) keeps its UTF-8 and reads the rest as windows-1252.
    Text with no UTF-8 in it is windows-1252, the encoding of undeclared
    Western news text (Latin-1 is a subset of it), unless read that way it
    is mostly accented letters: then it is another script, and
    charset-normalizer finds which.  Binary content is refused.
    """
    return _newlines(_text_only(_decoded(data, declared)))


def _decoded(data: bytes, declared: str | None = None) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    if b"\x00" in data:
        raise SourceError("binary content, not text (it holds NUL bytes)")
    declared = declared or _declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the bytes disagree with the label: judge them by their content
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="claimledger-windows-1252")
    western = data.decode("cp1252", errors="replace")
    visible, share = _western_share(western)
    if share <= WESTERN_SURE or visible < MIN_EVIDENCE:
        return western
    from charset_normalizer import from_bytes

    # charset-normalizer alone is not to be trusted with short or Western
    # text (it reads French as Baltic cp1257, Latin-1 names as cp1250): it
    # decides only where windows-1252 gives mostly accented letters, or
    # where it finds windows-1252 itself too garbled to be the answer
    best = from_bytes(data).best()
    if share <= WESTERN_NON_ASCII_SHARE and from_bytes(data, cp_isolation=["cp1252"]).best() is not None:
        return western
    if best is None:
        if share <= WESTERN_NON_ASCII_SHARE:
            return western
        raise SourceError("binary content, not text (no text encoding fits it)")
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for text that is evidently one of them:
    text in a Latin script has a zero byte in every other position."""
    pairs = len(data) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    """The charset the document's head declares, as a Python codec name."""
    m = DECLARED.search(data[:4096])
    if not m:
        return None
    return charset_codec((m.group(1) or m.group(2)).decode("ascii"))


def charset_codec(label: str) -> str | None:
    """A charset label (from a page's head or an HTTP Content-Type) as a
    Python codec name; ``None`` for a label Python does not know."""
    label = label.strip().strip("\"'").lower()
    if label in WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether most bytes beyond ASCII belong to well-formed UTF-8 sequences."""
    in_sequences = sum(len(m) for m in UTF8_MULTIBYTE.findall(data))
    return in_sequences > 0 and in_sequences >= 0.5 * sum(b >= 0x80 for b in data)


def _western_share(text: str) -> tuple[int, float]:
    """How many visible characters ``text`` has, and the share of them beyond ASCII."""
    visible = [c for c in text if not c.isspace()]
    return len(visible), (sum(not c.isascii() for c in visible) / len(visible) if visible else 0.0)


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


MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<{}>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
# A dateline opens the story's first paragraph: a place in capitals, maybe
# a region, then the full date, then a dash or an agency in brackets
# ("OSLO, March 3, 2026 —", "LONDON, Norway, 3 March 2026 (Reuters) -").
DATELINE = re.compile(
    r"^[\t ]*[A-Z][A-Z.'’ -]{1,40}(?:,[\t ]+[A-Z][A-Za-z.'’ -]{1,30})?,?[\t ]+(?:"
    + _MONTH.format("m1") + r"[\t ]+(?P<d1>\d{1,2}),?[\t ]+(?P<y1>(?:19|20)\d\d)"
    + r"|(?P<d2>\d{1,2})[\t ]+" + _MONTH.format("m2") + r",?[\t ]+(?P<y2>(?:19|20)\d\d)"
    + r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))"
    + r"[\t ]*(?:\([^)\n]{1,40}\)[\t ]*)?(?:[-–—]|/)", re.MULTILINE)
DATELINE_PARAGRAPHS = 3  # a title and a standfirst may come before it


def dateline(text: str) -> date | None:
    """The date of the dateline that opens one of the article's first
    paragraphs, the rule CLAIMS.md gives for an article with no publication
    date in its metadata; never a date from anywhere else in the text."""
    head = "\n\n".join(p for p in text.lstrip().split("\n\n")[:DATELINE_PARAGRAPHS])
    m = DATELINE.search(head)
    if not m:
        return None
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"])
        month, day, year = (m["m1"], m["d1"], m["y1"]) if m["m1"] else (m["m2"], m["d2"], m["y2"])
        return date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:  # "February 30"
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


LATEST_PUBLISHED = "9999-12-31"


def _from_html(source: str, raw: str) -> Article:
    import trafilatura

    # the date comes from the page's metadata only: htmldate's extensive
    # search would take a year from the body as the 1st of January of it;
    # and what the metadata says is kept as a front matter's date is, whatever
    # the day here: htmldate's default bound (today) dropped a page dated
    # tomorrow (already tomorrow east of here) and every archive dated ahead
    document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False,
                                           date_extraction_params={"extensive_search": False,
                                                                   "original_date": True, "max_date": LATEST_PUBLISHED})
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

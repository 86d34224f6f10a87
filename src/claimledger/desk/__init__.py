"""The Datasette plugin that makes the store a fact-checker's desk.

Registered through the ``datasette`` entry point, so ``claims serve`` (or any
``datasette claims.db``) loads it.  It only changes how cells are shown:

- a claim's ``sentence`` with its anchor marked (``<mark>``), wherever a row
  carries the offsets to place it (the claims table, and the views that give
  ``anchor_start``/``anchor_end`` within the sentence);
- a claim's ``status`` as a coloured label;
- an article's ``text`` with every claim highlighted and linked, followed by
  the list of its claims (shown in full on the article's own page; the
  articles table shows the beginning).

Offsets are Python string indices, which are code points, and everything is
cut in Python, so no JavaScript ever touches them.  All text is escaped;
only the markup built here is trusted.
"""
from __future__ import annotations

from typing import Any, Iterable

from datasette import hookimpl
from markupsafe import Markup, escape

STATUSES = ("confirmed", "projected", "unknown")
PLUGIN = "claimledger"


def status_label(status: str) -> Markup:
    return Markup('<span class="cl-status cl-{0}">{0}</span>').format(status)


def _mark_open(claim_id: int | None, status: str | None, href: str | None) -> Markup:
    attrs = Markup(' class="cl-{}"').format(status) if status in STATUSES else Markup("")
    if claim_id is not None:
        attrs += Markup(' id="claim-{0}" title="claim {0}: {1}"').format(claim_id, status or "")
    return Markup("<mark{}>").format(attrs) + (Markup('<a href="{}">').format(href) if href else Markup(""))


def _mark_close(href: str | None) -> Markup:
    return Markup("</a></mark>" if href else "</mark>")


def highlight(text: str, spans: Iterable[tuple[int, int, int | None, str | None, str | None]],
              lo: int = 0, hi: int | None = None) -> Markup:
    """``text[lo:hi]`` escaped, with each ``(start, end, claim_id, status, href)``
    span wrapped in ``<mark>``.  A span inside another nests; one that
    crosses the end of another is cut at that end."""
    hi = len(text) if hi is None else hi
    spans = sorted((s for s in spans if lo <= s[0] < hi and s[1] > s[0]), key=lambda s: (s[0], -s[1]))
    out, pos, i = [], lo, 0
    while i < len(spans):
        start, end, claim_id, status, href = spans[i]
        if start < pos:  # crosses the span just closed
            i += 1
            continue
        end = min(end, hi)
        j = i + 1
        while j < len(spans) and spans[j][0] < end:
            j += 1
        out += [escape(text[pos:start]), _mark_open(claim_id, status, href),
                highlight(text, spans[i + 1: j], start, end), _mark_close(href)]
        pos, i = end, j
    out.append(escape(text[pos:hi]))
    return Markup("").join(out)


def _anchor(row: Any) -> tuple[int, int] | None:
    """The anchor's offsets within ``row["sentence"]``, when the row has them."""
    keys = set(row.keys())
    if {"span_start", "span_end", "sentence_start"} <= keys:
        return row["span_start"] - row["sentence_start"], row["span_end"] - row["sentence_start"]
    if {"anchor_start", "anchor_end"} <= keys:
        return row["anchor_start"], row["anchor_end"]
    return None


def marked_sentence(row: Any) -> Markup | None:
    anchor = _anchor(row)
    sentence = row["sentence"]
    if anchor is None or not isinstance(sentence, str) or None in anchor:
        return None
    start, end = anchor
    if not 0 <= start < end <= len(sentence):
        return None
    status = row["status"] if "status" in row.keys() else None
    return Markup('<span class="cl-sentence">{}</span>').format(highlight(sentence, [(start, end, None, status, None)]))


async def article_text(datasette, database: str, article_id: int, text: str) -> Markup:
    db = datasette.get_database(database)
    claims = (await db.execute(
        "select id, kind, status, surface, span_start, span_end, attributed_to from claims "
        "where article_id = ? order by span_start, span_end desc", [article_id])).rows
    def href(claim_id: int) -> str:
        return datasette.urls.row(database, "claims", str(claim_id))
    body = highlight(text, [(c["span_start"], c["span_end"], c["id"], c["status"], href(c["id"])) for c in claims])
    items = Markup("").join(
        Markup('<li><a href="{}">claim {}</a> {} {} <q>{}</q>{}</li>').format(
            href(c["id"]), c["id"], c["kind"], status_label(c["status"]), c["surface"],
            Markup(" — {}").format(c["attributed_to"]) if c["attributed_to"] else "")
        for c in claims
    )
    return Markup(
        '<div class="cl-article-text">{}</div>'
        '<div class="cl-article-claims"><h3>{} claims</h3><ol>{}</ol></div>'
    ).format(body, len(claims), items)


def _link(datasette, database: str, table: str, value: int) -> Markup:
    return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, table, str(value)), value)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    keys = row.keys()
    if column == "status" and value in STATUSES and "kind" in keys:
        return status_label(value)
    # in claim rows, views and queries: ids link to the claim and to its article
    if isinstance(value, int) and "sentence" in keys:
        if column == "article_id" or column == "other_article_id":
            return _link(datasette, database, "articles", value)
        if column in ("claim_id", "other_claim_id") or (column == "id" and table != "claims"):
            return _link(datasette, database, "claims", value)
    if column == "sentence":
        return marked_sentence(row)
    if table == "articles" and column == "text" and isinstance(value, str) and "id" in keys:
        return article_text(datasette, database, row["id"], value)
    return None


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins(PLUGIN, "desk.css")]

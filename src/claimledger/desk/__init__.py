"""The Datasette plugin that makes the store a fact-checker's desk.

Registered through the ``datasette`` entry point, so ``claims serve`` (or any
``datasette claims.db``) loads it.  It adds:

- the desk's own pages (:mod:`.pages`): a home page that says what needs
  doing today, a card for each claim (its sentence with the anchor marked,
  its value, status, speaker, article, related claims, outcome and review
  history, then the review form), and the canned queries as lists of claims
  one can work through;
- the one write, a review from the card (:mod:`.review`), allowed by the
  ``claimledger-review`` permission;
- the door every request passes first (:mod:`.guard`): known hosts only, no
  method that writes but the review, canned query parameters checked;
- SQLite's length limit on every connection Datasette opens (``serve.limit``);
- in Datasette's own tables: a claim's ``sentence`` with its anchor marked
  (``<mark>``), a ``status`` as a coloured label, ids linked to their claim
  and article, an article's ``text`` with every claim highlighted and linked,
  and a facet that counts names regardless of case (:mod:`.facets`).

Without the configuration ``claims serve`` gives it (``plugins.claimledger``
in the metadata), reviewing is off and any host is answered.
"""
from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup

from ..serve import limit
from . import guard, pages, review
from .facets import NameFacet
from .markup import STATUSES, highlight, marked_sentence, status_label

PLUGIN = "claimledger"
DB = r"(?P<database>[^/.]+)"

__all__ = ["highlight", "marked_sentence", "status_label"]


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
    # recently_ingested: each article links to its page
    if column == "id" and isinstance(value, int) and {"title", "ingested_at"} <= set(keys) and table is None:
        return _link(datasette, database, "articles", value)
    return None


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins(PLUGIN, "desk.css")]


@hookimpl
def register_routes():
    queries = "|".join(pages.LISTS)
    return [
        (r"^/$", pages.home),
        (rf"^/{DB}/claims/(?P<id>\d+)$", pages.card),
        (rf"^/{DB}/claims/(?P<id>\d+)/review$", pages.review_route),
        (rf"^/{DB}/(?P<query>{queries})$", pages.queue_page),
    ]


@hookimpl
def prepare_connection(conn):
    limit(conn)


@hookimpl
def asgi_wrapper(datasette):
    return guard.wrapper(datasette)


@hookimpl
def permission_allowed(datasette, actor, action):
    return review.permission(datasette, actor, action)


@hookimpl
def register_facet_classes():
    return [NameFacet]


@hookimpl
def startup():
    # Datasette 0.65 prints every handled error through rich with the
    # request's locals (its cookies among them), a 404 too; and for a path
    # no route matches, rich fails outside an except block, turning the 404
    # into a 500.  Without rich it prints only real failures, plainly.
    import datasette.handle_exception

    datasette.handle_exception.rich = None


@hookimpl
def extra_template_vars(template, database, datasette):
    if template != "row.html" or not database:
        return None

    async def hidden():
        # the row page offers no links into internal tables (signatures, linking's postings)
        return {"claimledger_hidden_tables": await datasette.get_database(database).hidden_table_names()}

    return hidden

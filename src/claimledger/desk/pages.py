"""The desk's own pages: the home page, a claim's card, the queues, and the review form's route.

Everything here reads through Datasette's read-only connections, with its
time limit (``db.execute``, or :func:`_read` for the library's own readers);
the one write, a review, goes through :func:`claimledger.desk.review.record`.
"""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import Response

from .. import store
from ..provenance import reports
from ..provenance.sql import DUE_SQL
from ..display import as_read_on, value_text
from . import charts, review
from .guard import BadParameter, check_params
from .markup import marked_sentence, status_label

# the canned queries the desk shows as lists of claims, and the column naming each row's claim
QUEUES = {
    "unverified_claims": "id",
    "projections_with_deadlines": "id",
    "due_projections": "id",
    "conflicts": "claim_id",
}
LISTS = (*QUEUES, "claim_groups")
RECENT_DAYS = 7
CHART_DAYS = 30


class DeskError(Exception):
    """A request the desk cannot answer, with its HTTP status: shown as a page, never as a traceback."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


async def error_page(datasette, request, status: int, message: str) -> Response:
    html = await datasette.render_template(["error.html"], {"ok": False, "error": message, "status": status,
                                                          "title": None}, request=request)
    return Response.html(html, status=status)


def route(view: Callable) -> Callable:
    """A desk page: a :class:`DeskError` or a bad parameter becomes an error page with its status."""
    async def run(datasette, request):
        try:
            return await view(datasette, request)
        except DeskError as exc:
            return await error_page(datasette, request, exc.status, str(exc))
        except BadParameter as exc:
            return await error_page(datasette, request, 400, str(exc))
    run.__name__ = view.__name__
    return run


def _db(datasette, database: str):
    try:
        return datasette.get_database(database)
    except KeyError:
        raise DeskError(404, f"no database {database}") from None


async def _rows(db, sql: str, params: Any = None) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db.execute(sql, params or [])).rows]


async def _read(datasette, db, fn: Callable) -> Any:
    """Run one of the library's readers on a read-only connection, under the desk's time limit."""
    limit = datasette.setting("sql_time_limit_ms")

    def run(conn):
        with sqlite_timelimit(conn, limit):
            return fn(conn)

    return await db.execute_fn(run)


def web_url(value: Any) -> str | None:
    """``value`` if it is an http(s) address to link to, else None: an article's URL comes from its
    front matter and a review's evidence may come from claims verify, so neither is trusted as a link."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.hostname else None


def _since(days: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")


# ---------------------------------------------------------------- home page

async def home(datasette, request):
    """What needs the fact-checker today."""
    names = [n for n in datasette.databases if n not in ("_internal", "_memory")]
    if not names:
        raise DeskError(404, "no store is served")
    database = names[0]
    db = _db(datasette, database)
    today = date.today()
    week = _since(RECENT_DAYS)
    unverified = await _rows(db, "select status, kind, count(*) as n from unverified_claims group by status, kind")
    by_status = {s: sum(r["n"] for r in unverified if r["status"] == s) for s in review.STATUSES}
    kinds = ("date", "number", "quote")
    grid = {(r["status"], r["kind"]): r["n"] for r in unverified}
    due = (await db.execute(f"select count(*) from ({DUE_SQL.format(as_of='?')})", [today.isoformat()])).rows[0][0]
    new_conflicts = await _rows(
        db, "select c.* from conflicts c join articles a on a.id = c.article_id join articles b on b.id = c.other_article_id "
            "where max(a.ingested_at, b.ingested_at) >= ? order by max(a.ingested_at, b.ingested_at) desc, c.claim_id",
        [week])
    latest = await _rows(
        db, "select a.id, a.title, a.source, a.publisher, a.published, a.ingested_at, "
            "(select count(*) from claims c where c.article_id = a.id) as claims "
            "from articles a where a.superseded_by is null order by a.ingested_at desc, a.id desc limit 6")
    reviews_week = await _rows(db, "select verdict, count(*) as n from reviews where reviewed_at >= ? group by verdict",
                               [week])
    verdicts = {r["verdict"]: r["n"] for r in await _rows(db, "select verdict, count(*) as n from reviews group by verdict")}
    per_day = {r["day"]: r["n"] for r in await _rows(
        db, "select substr(a.ingested_at, 1, 10) as day, count(*) as n from claims c join articles a on a.id = c.article_id "
            "where a.ingested_at >= ? group by day", [(today - timedelta(days=CHART_DAYS)).isoformat()])}
    context = {
        "database": database,
        "today": today.isoformat(),
        "unverified_total": sum(by_status.values()),
        "by_status": by_status,
        "kinds": kinds,
        "grid": grid,
        "due": due,
        "new_conflicts": new_conflicts[:5],
        "new_conflicts_count": len(new_conflicts),
        "latest": latest,
        "reviews_week": sum(r["n"] for r in reviews_week),
        "reviews_week_by_verdict": {r["verdict"]: r["n"] for r in reviews_week},
        "verdicts": list(store.VERDICTS),
        "recent_days": RECENT_DAYS,
        "claims_chart": charts.columns(charts.daily(per_day, today, CHART_DAYS),
                                       f"Claims stored per day, the last {CHART_DAYS} days"),
        "verdicts_chart": charts.rows([(v, verdicts.get(v, 0)) for v in store.VERDICTS], "Reviews by verdict",
                                      classes={v: f"cl-verdict-{v}" for v in store.VERDICTS}),
        "status_label": status_label,
        "nav": _nav(datasette, database, "home"),
    }
    return Response.html(await datasette.render_template("claimledger_home.html", context, request=request))


def _nav(datasette, database: str, here: str) -> list[dict[str, Any]]:
    q = lambda name: datasette.urls.database(database) + "/" + name  # noqa: E731
    return [
        {"key": "home", "label": "Today", "href": datasette.urls.instance()},
        {"key": "unverified_claims", "label": "Unverified", "href": q("unverified_claims")},
        {"key": "due_projections", "label": "Due", "href": q("due_projections")},
        {"key": "projections_with_deadlines", "label": "Deadlines", "href": q("projections_with_deadlines")},
        {"key": "conflicts", "label": "Conflicts", "href": q("conflicts")},
        {"key": "claim_groups", "label": "Groups", "href": q("claim_groups")},
        {"key": "articles", "label": "Articles", "href": datasette.urls.table(database, "articles")},
        {"key": "claims", "label": "All claims", "href": datasette.urls.table(database, "claims")},
        {"key": "reviews", "label": "Reviews", "href": datasette.urls.table(database, "reviews")},
        {"key": "database", "label": "Tables and SQL", "href": datasette.urls.database(database)},
    ]


# ---------------------------------------------------------------- queues

def _query(datasette, database: str, name: str) -> dict[str, Any]:
    query = (datasette.metadata("queries", database=database, fallback=False) or {}).get(name)
    if not query:
        raise DeskError(404, f"no query {name}")
    return query


def _query_params(query: dict[str, Any], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The query's parameters from the request, checked and normalised, every one present."""
    found = check_params(query.get("params") or [], pairs)
    return {p: "" if found.get(p) is None else str(found[p]) for p in query.get("params") or []}


async def _queue_rows(datasette, db, database: str, name: str, params: dict[str, str]):
    query = _query(datasette, database, name)
    results = await db.execute(query["sql"], params, truncate=True)
    return [dict(r) for r in results.rows], results.truncated


def _card_href(datasette, database: str, claim_id: int, queue: str | None = None,
               params: dict[str, str] | None = None, at: int | None = None) -> str:
    href = datasette.urls.row(database, "claims", str(claim_id))
    if queue:
        args = {"queue": queue, **{k: v for k, v in (params or {}).items() if v}}
        if at is not None:
            args["at"] = at
        href += "?" + urlencode(args)
    return href


async def queue_page(datasette, request):
    database, name = request.url_vars["database"], request.url_vars["query"]
    db = _db(datasette, database)
    query = _query(datasette, database, name)
    params = _query_params(query, _pairs(request))
    rows, truncated = await _queue_rows(datasette, db, database, name, params)
    items: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    if name == "claim_groups":
        groups = await _group_members(db, rows)
    else:
        key = QUEUES[name]
        details = await _claim_details(db, [r[key] for r in rows] + [r["other_claim_id"] for r in rows
                                                                      if "other_claim_id" in r])
        for i, row in enumerate(rows):
            item = {"claim": details.get(row[key]), "at": i,
                    "href": _card_href(datasette, database, row[key], name, params, i)}
            if "other_claim_id" in row:
                item["other"] = details.get(row["other_claim_id"])
                item["other_href"] = _card_href(datasette, database, row["other_claim_id"])
            if "deadline" in row or "date_end" in row:
                item["deadline"] = row.get("deadline") or row.get("date_end")
            items.append(item)
    sql_url = datasette.urls.database(database) + "?" + urlencode({"sql": query["sql"], **params})
    context = {
        "database": database, "name": name, "query": query, "params": params, "items": items, "groups": groups,
        "truncated": truncated, "count": len(rows), "sql_url": sql_url,
        "json_url": datasette.urls.query(database, name, format="json") + "?" + urlencode(params),
        "csv_url": datasette.urls.query(database, name, format="csv") + "?" + urlencode(params),
        "statuses": review.STATUSES, "kinds": ("date", "number", "quote"), "status_label": status_label,
        "nav": _nav(datasette, database, name), "card_href": lambda cid: _card_href(datasette, database, cid),
    }
    return Response.html(await datasette.render_template("claimledger_queue.html", context, request=request))


def _pairs(request) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(request.query_string, keep_blank_values=True)


async def _claim_details(db, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each claim with what a list shows of it: the sentence with its anchor, status, speaker, source, date."""
    ids = list(dict.fromkeys(i for i in ids if i is not None))
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in await _rows(
                db, "select c.id, c.kind, c.status, c.surface, c.attributed_to, c.sentence, c.span_start, c.span_end, "
                    "c.sentence_start, c.article_id, c.group_id, a.publisher, a.published, a.title, a.source "
                    f"from claims c join articles a on a.id = c.article_id where c.id in ({','.join('?' * len(chunk))})",
                chunk):
            row["marked"] = marked_sentence(row)
            found[row["id"]] = row
    return found


async def _group_members(db, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [g["id"] for g in groups]
    members: dict[int, list[int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in await _rows(db, f"select group_id, id from claims where group_id in ({','.join('?' * len(chunk))}) "
                                   "order by group_id, id", chunk):
            members.setdefault(row["group_id"], []).append(row["id"])
    details = await _claim_details(db, [i for m in members.values() for i in m])
    out = []
    for g in groups:
        claims = sorted((details[i] for i in members.get(g["id"], []) if i in details),
                        key=lambda c: (c["published"] or "9999", c["id"]))
        out.append({**g, "members": claims})
    return out


# ---------------------------------------------------------------- a claim's card

async def card(datasette, request):
    database, claim_id = request.url_vars["database"], int(request.url_vars["id"])
    return await render_card(datasette, request, database, claim_id)


async def render_card(datasette, request, database: str, claim_id: int, status: int = 200,
                      form: dict[str, Any] | None = None, error: str | None = None) -> Response:
    db = _db(datasette, database)
    today = date.today()

    def read(conn):
        try:
            claim = store.get_claim(conn, claim_id)
        except store.StoreError:
            return None
        claim["related"] = reports.related(conn, claim_id)
        claim["first_appearance"] = reports.first_appearance(conn, claim_id)
        claim["outcome"] = reports.outcome(conn, claim_id, today)
        return claim

    claim = await _read(datasette, db, read)
    if claim is None:
        raise DeskError(404, f"no claim with id {claim_id}")
    text = claim.pop("article_text")
    if claim["span_end"] > claim["sentence_end"]:
        # a quotation running on past its sentence is shown whole, to where it ends
        claim["sentence_end"] = claim["span_end"]
        claim["sentence"] = text[claim["sentence_start"]:claim["sentence_end"]]
    claim["marked"] = marked_sentence(claim)
    before, after = _context(text, claim["sentence_start"], claim["sentence_end"])
    related = claim["related"]
    details = await _claim_details(db, [r["id"] for r in related])
    for r in related:
        r["detail"] = details.get(r["id"])
        r["href"] = _card_href(datasette, database, r["id"])
    group_size = 0
    if claim.get("group_id") is not None:
        group_size = (await db.execute("select count(*) from claims where group_id = ?", [claim["group_id"]])).rows[0][0]
    nav = await _queue_nav(datasette, db, database, claim_id, request)
    allowed = await review.allowed(datasette, request)
    context = {
        "database": database, "claim": claim, "value": value_text(claim) or claim.get("quote"),
        "before": before, "after": after, "related": related,
        "same": [r for r in related if r["relation"] == "same"],
        "contradicts": [r for r in related if r["relation"] == "contradicts"],
        "group_size": group_size, "status_label": status_label,
        "article_href": datasette.urls.row(database, "articles", str(claim["article_id"])) + f"#claim-{claim_id}",
        "first_href": (_card_href(datasette, database, claim["first_appearance"]["id"])
                       if claim.get("first_appearance") else None),
        "queue": nav, "review": allowed, "web_url": web_url, "reviewer": review.reviewer_name(datasette, request),
        "verdicts": list(store.VERDICTS), "form": form or {}, "error": error,
        "action": datasette.urls.row(database, "claims", str(claim_id)) + "/review",
        "json_url": datasette.urls.row(database, "claims", str(claim_id), format="json"),
        "nav": _nav(datasette, database, "claims"),
        "as_read_on": as_read_on(claim["archived"]) if claim.get("archived") else None,
        "archived_href": datasette.urls.row(database, "archived_copies", str(claim["article_id"])),
    }
    html = await datasette.render_template("claimledger_card.html", context, request=request)
    return Response.html(html, status=status)


def _context(text: str, start: int, end: int, width: int = 280) -> tuple[str, str]:
    """Up to ``width`` characters of the article either side of the sentence, cut at a space."""
    before = text[max(0, start - width):start]
    if start > width and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    after = text[end:end + width]
    if end + width < len(text) and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return before, after


async def _queue_nav(datasette, db, database: str, claim_id: int, request) -> dict[str, Any] | None:
    """Where the claim stands in the queue it was opened from, with the claims before and after it.
    A claim that has left the queue (just reviewed) keeps its place through ``at``."""
    name = request.args.get("queue")
    if not name:
        return None
    if name not in QUEUES:
        raise DeskError(400, f"queue must be one of {', '.join(QUEUES)}, not {name!r}")
    query = _query(datasette, database, name)
    params = _query_params(query, [(k, v) for k, v in _pairs(request) if k not in ("queue", "at")])
    at = request.args.get("at") or None
    if at is not None and not (at.isascii() and at.isdigit()):
        raise DeskError(400, f"at must be a position in the queue: 0, 1, 2…, not {at!r}")
    at = int(at) if at is not None else None
    rows, _ = await _queue_rows(datasette, db, database, name, params)
    ids = list(dict.fromkeys(r[QUEUES[name]] for r in rows))
    if claim_id in ids:
        i = ids.index(claim_id)
        prev_i, next_i, position = i - 1, i + 1, i
    else:
        position = None
        prev_i, next_i = ((at - 1, at) if at is not None else (-1, len(ids)))

    def link(i: int) -> str | None:
        return _card_href(datasette, database, ids[i], name, params, i) if 0 <= i < len(ids) else None

    list_url = datasette.urls.query(database, name) + ("?" + urlencode({k: v for k, v in params.items() if v})
                                                       if any(params.values()) else "")
    return {"name": name, "title": query.get("title") or name, "params": params, "at": at if position is None else position,
            "position": position, "count": len(ids), "prev": link(prev_i), "next": link(next_i), "list": list_url}


async def review_route(datasette, request):
    if request.method != "POST":
        raise DeskError(405, "Send a review with the form on the claim's page.")
    return await _post_review(datasette, request, request.url_vars["database"], int(request.url_vars["id"]))


home = route(home)
queue_page = route(queue_page)
card = route(card)
review_route = route(review_route)


async def _post_review(datasette, request, database: str, claim_id: int) -> Response:
    """The review form's submission: checked, recorded through the library
    (:func:`claimledger.desk.review.record`), then back to the card."""
    form = await request.post_vars()
    values = {k: form.get(k, "") for k in ("verdict", "evidence", "note", "group")}
    problem = review._csrf_problem(datasette, request, form)
    if problem:
        return await render_card(datasette, request, database, claim_id, status=403, form=values, error=problem)
    access = await review.allowed(datasette, request)
    if not access["allowed"]:
        return await render_card(datasette, request, database, claim_id, status=403, form=values, error=access["why"])
    try:
        fields = review.check_form(form)
    except review.Invalid as exc:
        return await render_card(datasette, request, database, claim_id, status=400, form=values, error=str(exc))
    db = datasette.get_database(database)
    try:
        ids = await asyncio.to_thread(review.record, db.path, claim_id, fields, review.reviewer_name(datasette, request))
    except store.StoreError as exc:
        status = 404 if "no claim with id" in str(exc) else 400
        return await render_card(datasette, request, database, claim_id, status=status, form=values, error=str(exc))
    message = f"Review {ids[0]} recorded: claim {claim_id} is {fields['verdict']}."
    if len(ids) > 1:
        message += f" The same review was recorded for the {len(ids) - 1} other claims of its group."
    datasette.add_message(request, message, datasette.INFO)
    queue = form.get("queue") if form.get("queue") in QUEUES else None
    params = {k: form.get(k, "") for k in ("status", "kind", "as_of") if form.get(k)}
    at = form.get("at")
    href = _card_href(datasette, database, claim_id, queue, params, int(at) if at and at.isdigit() else None)
    return Response.redirect(href, status=303)

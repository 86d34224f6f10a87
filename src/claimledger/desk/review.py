"""Recording a review from a claim's card: the desk's only write.

A POST to ``/<database>/claims/<id>/review`` must pass, in turn:

1. the guard (:mod:`claimledger.desk.guard`): a host the desk is served on;
2. Datasette's CSRF check (asgi-csrf): the form's ``csrftoken`` matches the
   signed ``ds_csrftoken`` cookie.  asgi-csrf lets a POST with no cookie at
   all through (it has no session to ride on), but this desk needs no
   sign-in on loopback, so here the cookie is required too, and a POST from
   another site (``Origin``, ``Sec-Fetch-Site``) is refused;
3. the ``claimledger-review`` permission: reviewing is on (not ``claims
   serve --read-only``) and, on a desk served beyond loopback, the request
   has a signed-in actor;
4. the form: a known verdict, an http(s) evidence URL or none, a note of
   reasonable length, a claim that exists.

Then :func:`claimledger.store.add_review` (what ``claims verify`` calls)
appends the review on a connection opened for it and closed after, in a
worker thread, since SQLite may make it wait for another writer.
"""
from __future__ import annotations

import getpass
from typing import Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature

from .. import store
from .guard import host_name

PLUGIN = "claimledger"
PERMISSION = "claimledger-review"
STATUSES = ("confirmed", "projected", "unknown")
CSRF_COOKIE = "ds_csrftoken"
MAX_URL = 2000
MAX_NOTE = 4000


class Invalid(ValueError):
    pass


def _config(datasette) -> dict[str, Any]:
    return datasette.plugin_config(PLUGIN) or {}


def permission(datasette, actor, action) -> bool | None:
    """The plugin's ``permission_allowed`` answer for :data:`PERMISSION`."""
    if action != PERMISSION:
        return None
    config = _config(datasette)
    if not config.get("review"):
        return False
    if config.get("require_actor") and not actor:
        return False
    return True


async def allowed(datasette, request) -> dict[str, Any]:
    """Whether this request may review, and if not, why (for the card to say)."""
    config = _config(datasette)
    if await datasette.permission_allowed(request.actor, PERMISSION, default=False):
        return {"allowed": True}
    if not config.get("review"):
        why = "Reviewing is off on this desk (claims serve --read-only, or not started by claims serve)."
    elif config.get("require_actor") and not request.actor:
        why = "Sign in to record a review: this desk is served beyond this machine."
    else:
        why = "You may not record reviews on this desk."
    return {"allowed": False, "why": why, "login": bool(config.get("require_actor") and not request.actor)}


def reviewer_name(datasette, request) -> str | None:
    """Who a review is recorded as: the signed-in actor, else the name the desk was started with, else the user name."""
    actor = request.actor
    if actor and actor.get("id") is not None:
        return str(actor.get("id"))
    configured = _config(datasette).get("reviewer")
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return None


def check_form(form: dict[str, str]) -> dict[str, Any]:
    """The review's fields from the posted form, checked, or :class:`Invalid` saying what is wrong."""
    verdict = (form.get("verdict") or "").strip()
    if verdict not in store.VERDICTS:
        raise Invalid(f"Choose a verdict: {', '.join(store.VERDICTS)}.")
    evidence = (form.get("evidence") or "").strip() or None
    if evidence is not None:
        parts = urlsplit(evidence)
        if (len(evidence) > MAX_URL or parts.scheme not in ("http", "https") or not parts.hostname
                or any(c.isspace() or ord(c) < 32 for c in evidence)):
            raise Invalid("The evidence must be a web address starting with http:// or https:// "
                          f"(at most {MAX_URL:,} characters), or left empty.")
    note = (form.get("note") or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise Invalid(f"The note is longer than {MAX_NOTE:,} characters.")
    return {"verdict": verdict, "evidence": evidence, "note": note, "group": form.get("group") in ("1", "on", "yes")}


def _csrf_problem(datasette, request, form: dict[str, str]) -> str | None:
    headers = request.headers
    if headers.get("sec-fetch-site") == "cross-site":
        return "This form was sent from another site."
    origin = headers.get("origin")
    hosts = _config(datasette).get("hosts")
    if origin is not None and hosts is not None:
        if origin == "null" or host_name(urlsplit(origin).netloc) not in hosts:
            return "This form was sent from another site."
    cookie = request.cookies.get(CSRF_COOKIE)
    token = form.get("csrftoken") or ""
    try:
        datasette.unsign(cookie or "", "csrftoken")
    except BadSignature:
        return "The form's security token is missing or stale: reload the claim's page and send it again."
    if token != cookie:
        return "The form's security token does not match: reload the claim's page and send it again."
    return None


def record(path: str, claim_id: int, fields: dict[str, Any], reviewer: str | None) -> list[int]:
    """Append the review through the library, on a connection of its own, closed after."""
    db = store.open_existing(path)
    try:
        return store.add_review(db, claim_id, fields["verdict"], fields["evidence"], fields["note"], reviewer,
                                group=fields["group"])
    finally:
        db.conn.close()

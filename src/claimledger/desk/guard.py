"""The desk's door: what a request must be before Datasette sees it.

An ASGI middleware (the plugin's ``asgi_wrapper``) in front of everything,
CSRF included:

- a request must name one of the hosts the desk is served on in its
  ``Host`` header, else a page on another site could reach a desk on
  loopback through DNS rebinding (a name that resolves to 127.0.0.1);
- only GET, HEAD and OPTIONS are let through, and POST only to the routes
  that take one (:data:`POST_ROUTES`: recording a review, signing in and
  out); a POST to a read-only canned query is answered 405, not with
  Datasette's 500 and a traceback;
- the parameters of the canned queries are checked (:func:`check_params`):
  ``as_of=banana`` is an error, not a date later than every deadline.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl

STATUSES = ("confirmed", "projected", "unknown")
KINDS = ("date", "number", "quote")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# the routes a POST may go to: the review form, and signing in and out
POST_ROUTES = (re.compile(r"^/[^/.]+/claims/\d+/review$"), re.compile(r"^/-/(login|logout)$"))
QUERY_PATH = re.compile(r"^/(?P<database>[^/.]+)/(?P<query>[^/.]+)(\.(?P<format>\w+))?$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadParameter(ValueError):
    pass


def parse_day(value: str) -> date:
    """A calendar day written YYYY-MM-DD, or :class:`BadParameter`."""
    try:
        if not ISO_DAY.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"as_of must be a day written YYYY-MM-DD, such as 2030-01-31, not {value!r}") from None


def parse_status(value: str) -> str:
    """``''`` (any) or one of the statuses, in any case."""
    status = value.strip().lower()
    if status and status not in STATUSES:
        raise BadParameter(f"status must be one of {', '.join(STATUSES)} (or empty for all), not {value!r}")
    return status


def parse_kind(value: str) -> str:
    """``''`` (any) or one of the kinds, in any case."""
    kind = value.strip().lower()
    if kind and kind not in KINDS:
        raise BadParameter(f"kind must be one of {', '.join(KINDS)} (or empty for all), not {value!r}")
    return kind


# what each canned query parameter must be: the checker returns it normalised
PARAMETERS: dict[str, Callable[[str], Any]] = {
    "status": parse_status,
    "kind": parse_kind,
    "as_of": lambda v: parse_day(v) if v.strip() else None,
}


def check_params(params: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The values of a query's named ``params`` among the request's ``pairs``,
    each checked; a repeated parameter is refused, since which one SQLite
    would see is not the user's choice."""
    found: dict[str, Any] = {}
    names = set(params)
    for key, value in pairs:
        if key not in names:
            continue
        if key in found:
            raise BadParameter(f"{key} is given more than once")
        checker = PARAMETERS.get(key)
        found[key] = checker(value) if checker else value
    return found


def host_name(value: str) -> str:
    """The host of a ``Host`` header, without its port, lower-cased (``[::1]:8001`` → ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def _headers(scope: dict) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers") or []}


async def _send(send, status: int, body: str, content_type: str, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), *headers]})
    await send({"type": "http.response.body", "body": body.encode("utf-8")})


def wrapper(datasette) -> Callable:
    """The plugin's ``asgi_wrapper``."""
    def wrap(app):
        async def guard(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            config = datasette.plugin_config("claimledger") or {}
            hosts = config.get("hosts")
            if hosts is not None:
                host = host_name(_headers(scope).get(b"host", b"").decode("latin-1"))
                if host not in hosts:
                    return await _send(send, 400, "400 Bad Request: this desk does not answer to that host name\n",
                                       "text/plain; charset=utf-8")
            path = scope.get("path", "")
            method = scope.get("method", "GET")
            if method not in SAFE_METHODS and not (method == "POST" and any(r.match(path) for r in POST_ROUTES)):
                return await _refuse(datasette, send, path, 405, f"{method} is not allowed here: the desk is read-only "
                                     "but for the review form on a claim's page",
                                     [(b"allow", b"GET, HEAD, OPTIONS")])
            problem = _query_problem(datasette, path, scope.get("query_string", b""))
            if problem:
                return await _refuse(datasette, send, path, 400, problem)
            return await app(scope, receive, send)
        return guard
    return wrap


def _query_problem(datasette, path: str, query_string: bytes) -> str | None:
    m = QUERY_PATH.match(path)
    if not m:
        return None
    query = (datasette.metadata("queries", database=m["database"], fallback=False) or {}).get(m["query"])
    if not query or not query.get("params"):
        return None
    try:
        check_params(query["params"], parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
    except BadParameter as exc:
        return str(exc)
    return None


async def _refuse(datasette, send, path: str, status: int, message: str,
                  headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """Datasette's own error page (or its JSON error for a ``.json`` path), with no traceback in the log."""
    if path.endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": status})
        return await _send(send, status, body, "application/json; charset=utf-8", headers)
    await datasette.invoke_startup()  # a refused first request comes before Datasette's own start-up
    body = await datasette.render_template(["error.html"], {"ok": False, "error": message, "status": status,
                                                           "title": None})
    return await _send(send, status, body, "text/html; charset=utf-8", headers)

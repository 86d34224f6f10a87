import asyncio
import json
import re
import shutil
import sqlite3
from html import escape
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimledger
from claimledger.cli import app
from claimledger.serve import build_datasette

from conftest import CORPUS, SEED, as_if_large


@pytest.fixture
def datasette(nlp, isolated_store):
    assert CliRunner().invoke(app, ["ingest", str(SEED)]).exit_code == 0
    return build_datasette(isolated_store)


def get(ds, path, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def test_tables_have_descriptions(datasette):
    data = get(datasette, "/claims.json").json()
    assert {t["name"] for t in data["tables"]} >= {"articles", "claims", "reviews"}
    meta = datasette.metadata(database="claims", table="claims")
    assert meta["description"] and meta["columns"]["status"]


@pytest.mark.parametrize("query,expected", [
    ("unverified_claims", 19),
    ("projections_with_deadlines", 3),
    ("claims_by_source", 1),
])
def test_canned_queries(datasette, query, expected):
    response = get(datasette, f"/claims/{query}.json?_shape=array&status=")
    assert response.status_code == 200
    assert len(response.json()) == expected


def test_recently_ingested_counts_the_claims_of_the_newest_articles_only(tmp_path):
    """It took 295 ms on a million claims counting every article's claims
    before keeping a hundred; it reads the newest hundred from an index."""
    from claimledger import store
    from claimledger.serve import metadata

    db = store.connect(tmp_path / "s.db")
    as_if_large(db)
    sql = metadata("s")["databases"]["s"]["queries"]["recently_ingested"]["sql"]
    plan = [r[3] for r in db.execute("explain query plan " + sql)]
    assert "SCAN articles USING INDEX idx_articles_ingested_at_id" in plan
    assert not any(step.startswith(("SCAN c", "SCAN claims")) for step in plan)


def test_facets_on_claims(datasette):
    data = get(datasette, "/claims/claims.json?_facet=status").json()
    facet = {r["value"]: r["count"] for r in data["facet_results"]["status"]["results"]}
    assert facet == {"projected": 13, "confirmed": 6}


def test_writes_through_the_query_page_fail(datasette):
    response = get(datasette, "/claims.json?sql=delete+from+claims")
    assert response.status_code == 400
    assert get(datasette, "/claims/claims.json?_shape=array").json()


@pytest.fixture(scope="module")
def corpus_store(nlp, tmp_path_factory):
    """The demo corpus (eleven stories, each from several outlets), ingested once for the module."""
    path = tmp_path_factory.mktemp("corpus") / "claims.db"
    result = CliRunner().invoke(app, ["ingest", str(CORPUS), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    return path


@pytest.fixture(scope="module")
def kia(corpus_store) -> tuple[int, int]:
    """The article and claim id of AutoWire's report of Kia's 90,000 target in the demo store."""
    conn = sqlite3.connect(corpus_store)
    try:
        return conn.execute("select c.article_id, c.id from claims c join articles a on a.id = c.article_id "
                            "where a.publisher = 'AutoWire Daily' and c.surface = '90,000' order by c.id").fetchone()
    finally:
        conn.close()


@pytest.fixture
def store_copy(corpus_store, isolated_store):
    """A copy of the demo store of this test's own, at the default store's path."""
    shutil.copy(corpus_store, isolated_store)
    return isolated_store


@pytest.fixture
def desk(store_copy):
    return build_datasette(store_copy, reviewer="ana")


def test_provenance_canned_queries_on_the_demo_corpus(desk):
    groups = get(desk, "/claims/claim_groups.json?_shape=array").json()
    target = [g for g in groups if g["surface"] == "90,000"]  # Kia's sales target, and counts of other stories
    kia = [g for g in target if g["first_publisher"] == "AutoWire Daily"]
    assert len(target) > len(kia) == 1 and kia[0]["sources"] == 5
    conflicts = get(desk, "/claims/conflicts.json?_shape=array").json()
    assert any({c["surface"], c["other_surface"]} == {"90,000", "100,000"} for c in conflicts)
    due_then = get(desk, "/claims/due_projections.json?_shape=array&as_of=2031-01-01").json()
    due_before = get(desk, "/claims/due_projections.json?_shape=array&as_of=2018-01-01").json()
    assert due_then and not due_before
    assert all(row["deadline"] < "2031-01-01" for row in due_then)


def test_every_table_view_and_column_is_described(desk):
    db = desk.get_database("claims")
    hidden = set(asyncio.run(db.hidden_table_names()))
    names = [n for n in asyncio.run(db.table_names()) if n not in hidden] + asyncio.run(db.view_names())
    assert {"articles", "claims", "reviews", "claim_relations", "claim_groups", "claim_changes",
            "unverified_claims", "conflicts", "due_projections"} <= set(names)
    for name in names:
        meta = desk.metadata(database="claims", table=name)
        assert meta.get("description"), f"{name} has no description"
        columns = asyncio.run(db.table_columns(name))
        missing = [c for c in columns if not meta.get("columns", {}).get(c)]
        assert not missing, f"{name}: no description for {missing}"
    for name, query in desk.metadata(database="claims")["queries"].items():
        assert query.get("title") and query.get("description"), name


def rows(ds, path):
    page, _, query = path.partition("?")
    response = get(ds, f"{page}.json?_shape=array" + (f"&{query}" if query else ""))
    assert response.status_code == 200, response.text
    return response.json()


UNVERIFIED_LIMIT = 500  # rows the canned query lists at most
RECENT_LIMIT = 100  # articles recently_ingested lists at most


def test_each_canned_query_returns_the_right_rows_on_the_demo_corpus(desk):
    db = desk.get_database("claims")

    def scalar(sql):
        return asyncio.run(db.execute(sql)).rows[0][0]

    unverified = rows(desk, "/claims/unverified_claims?status=")
    assert len(unverified) == min(UNVERIFIED_LIMIT, scalar("select count(*) from claims"))
    projected = rows(desk, "/claims/unverified_claims?status=projected")
    assert projected and {r["status"] for r in projected} == {"projected"}
    deadlines = rows(desk, "/claims/projections_with_deadlines")
    assert [r["date_end"] for r in deadlines] == sorted(r["date_end"] for r in deadlines)
    assert len(deadlines) == scalar("select count(*) from claims where kind = 'date' and status = 'projected' "
                                    "and date_end is not null")
    by_source = {r["source"]: r for r in rows(desk, "/claims/claims_by_source")}
    assert by_source["AutoWire Daily"]["articles"] == 1
    assert sum(r["claims"] for r in by_source.values()) == scalar("select count(*) from claims")
    recent = rows(desk, "/claims/recently_ingested")
    articles = scalar("select count(*) from articles")
    assert len(recent) == min(RECENT_LIMIT, articles)
    assert recent[0]["id"] == articles  # the last file of the folder was stored last
    assert sum(r["claims"] for r in recent) == scalar(
        f"select count(*) from claims where article_id > {articles - len(recent)}")


def test_claim_page_marks_the_anchor_and_colours_the_status(desk, kia):
    kia_article, kia_target = kia
    html = get(desk, f"/claims/claims/{kia_target}").text
    assert '<mark class="cl-projected">90,000</mark>' in html
    assert '<span class="cl-status cl-projected">projected</span>' in html
    assert f'href="/claims/articles/{kia_article}#claim-{kia_target}"' in html  # the claim links to itself in its article


def test_article_page_highlights_every_claim_and_lists_them(desk):
    html = get(desk, "/claims/articles/1").text
    db = desk.get_database("claims")
    ids = [r[0] for r in asyncio.run(db.execute("select id from claims where article_id = 1")).rows]
    for claim_id in ids:
        assert f'id="claim-{claim_id}"' in html
        assert f'<a href="/claims/claims/{claim_id}">claim {claim_id}</a>' in html
    assert f"<h3>{len(ids)} claims</h3>" in html
    assert "Links from other tables" in html and 'href="/claims/claims?article_id=1"' in html
    assert "claim_signatures" not in html  # internal tables are not offered


def test_the_plugin_stylesheet_is_served(desk):
    assert "/-/static-plugins/claimledger/desk.css" in get(desk, "/claims/claims").text
    assert get(desk, "/-/static-plugins/claimledger/desk.css").status_code == 200


@pytest.mark.parametrize("sql", [
    "delete from claims",
    "update claims set status = 'confirmed'",
    "insert into reviews (claim_id, verdict, reviewed_at) values (1, 'accurate', 'now')",
    "drop table reviews",
    "attach database 'other.db' as other",
])
def test_writes_through_the_served_instance_fail(desk, sql):
    before = asyncio.run(desk.get_database("claims").execute("select count(*) from claims")).rows[0][0]
    response = asyncio.run(desk.client.get("/claims.json", params={"sql": sql}))
    assert response.status_code == 400
    post = asyncio.run(desk.client.post("/claims", data={"sql": sql}))
    assert post.status_code in (400, 403, 405)
    after = asyncio.run(desk.get_database("claims").execute("select count(*) from claims")).rows[0][0]
    assert after == before


# ---------------------------------------------------------------- the desk: reviewing from the browser

def scalar(path, sql, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def form_token(ds, path, cookies=None):
    """The card's CSRF token and the cookie it must travel with, as a browser would hold them."""
    response = get(ds, path, cookies=cookies)
    assert response.status_code == 200, response.text
    token = re.search(r'name="csrftoken" value="([^"]+)"', response.text)
    assert token, "no review form on the page"
    return token.group(1), {"ds_csrftoken": response.cookies.get("ds_csrftoken") or (cookies or {})["ds_csrftoken"]}


def post(ds, path, data, cookies=None, headers=None):
    return asyncio.run(ds.client.post(path, data=data, cookies=cookies, headers=headers))


def review(ds, claim_id, cookies=None, **fields):
    token, csrf = form_token(ds, f"/claims/claims/{claim_id}", cookies)
    return post(ds, f"/claims/claims/{claim_id}/review", {"csrftoken": token, **fields}, {**csrf, **(cookies or {})})


def shown(claim_id):
    result = CliRunner().invoke(app, ["show", str(claim_id), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_review_from_the_card_reaches_the_cli_and_leaves_the_queue(desk, store_copy):
    response = review(desk, 29, verdict="unverifiable", evidence="https://evledger.example/news/kia",
                      note="No staffing figure from the plant itself")
    assert response.status_code == 303
    assert response.headers["location"] == "/claims/claims/29"
    [recorded] = shown(29)["reviews"]
    assert (recorded["verdict"], recorded["evidence"], recorded["note"], recorded["reviewer"]) == (
        "unverifiable", "https://evledger.example/news/kia", "No staffing figure from the plant itself", "ana")
    assert 29 not in [r["id"] for r in rows(desk, "/claims/unverified_claims")]
    page = get(desk, "/claims/claims/29", cookies=dict(response.cookies)).text
    assert "Review 1 recorded: claim 29 is unverifiable." in page  # the message after the redirect
    assert "unverifiable</span>" in page and "No staffing figure" in page


def test_reviews_append_and_the_card_lists_them_oldest_first(desk):
    assert review(desk, 2, verdict="misleading").status_code == 303
    assert review(desk, 2, verdict="accurate", note="the plan was confirmed").status_code == 303
    assert [r["verdict"] for r in shown(2)["reviews"]] == ["misleading", "accurate"]
    page = get(desk, "/claims/claims/2").text
    assert page.index("cl-verdict-misleading") < page.index("cl-verdict-accurate")


def test_a_review_can_apply_to_the_whole_group(desk, store_copy):
    group = scalar(store_copy, "select group_id from claims where id = 2")
    members = scalar(store_copy, "select count(*) from claims where group_id = ?", [group])
    assert members > 1
    assert "Apply to the whole group" in get(desk, "/claims/claims/2").text
    assert review(desk, 2, verdict="accurate", group="1").status_code == 303
    assert scalar(store_copy, "select count(*) from reviews where via_claim_id = 2") == members - 1
    assert scalar(store_copy, "select count(distinct claim_id) from reviews") == members


@pytest.mark.parametrize("fields,message", [
    ({"verdict": "true"}, "Choose a verdict"),
    ({}, "Choose a verdict"),
    ({"verdict": "accurate", "evidence": "javascript:alert(1)"}, "web address"),
    ({"verdict": "accurate", "evidence": "ftp://example.org/x"}, "web address"),
    ({"verdict": "accurate", "evidence": "https://exa mple.org/"}, "web address"),
    ({"verdict": "accurate", "evidence": "https://" + "a" * 2000 + ".org/"}, "web address"),
    ({"verdict": "accurate", "note": "x" * 4001}, "longer than"),
])
def test_the_form_is_checked_on_the_server(desk, store_copy, fields, message):
    response = review(desk, 2, **fields)
    assert response.status_code == 400
    assert message in response.text
    assert scalar(store_copy, "select count(*) from reviews") == 0


def test_a_review_of_a_claim_in_no_group_for_its_group_says_why(desk, store_copy):
    lone = scalar(store_copy, "select min(c.id) from claims c join claim_groups g on g.id = c.group_id "
                              "where g.members = 1")
    response = review(desk, lone, verdict="accurate", group="1")
    assert response.status_code == 400 and "is in no group" in response.text
    assert scalar(store_copy, "select count(*) from reviews") == 0


def test_a_review_of_a_missing_claim_is_404(desk, store_copy):
    token, csrf = form_token(desk, "/claims/claims/2")
    response = post(desk, "/claims/claims/99999/review", {"csrftoken": token, "verdict": "accurate"}, csrf)
    assert response.status_code == 404
    assert scalar(store_copy, "select count(*) from reviews") == 0


@pytest.mark.parametrize("attack", ["no token", "wrong token", "no cookie", "other site", "null origin", "cross-site"])
def test_a_forged_review_is_refused(desk, store_copy, attack):
    token, csrf = form_token(desk, "/claims/claims/2")
    data, cookies, headers = {"verdict": "accurate", "csrftoken": token}, csrf, {}
    if attack == "no token":
        del data["csrftoken"]
    elif attack == "wrong token":
        data["csrftoken"] = token[:-2] + "xx"
    elif attack == "no cookie":  # asgi-csrf lets a POST without cookies through; the desk does not
        cookies = None
    elif attack == "other site":
        headers = {"origin": "http://evil.example"}
    elif attack == "null origin":
        headers = {"origin": "null"}
    else:
        headers = {"sec-fetch-site": "cross-site"}
    response = post(desk, "/claims/claims/2/review", data, cookies, headers)
    assert response.status_code == 403
    assert scalar(store_copy, "select count(*) from reviews") == 0


def test_a_read_only_desk_shows_no_form_and_refuses_a_review(store_copy):
    ds = build_datasette(store_copy, read_only=True)
    page = get(ds, "/claims/claims/2").text
    assert 'name="verdict"' not in page and "Reviewing is off" in page
    token = re.search(r'name="csrftoken" value="([^"]+)"', page)
    assert token is None
    writable = build_datasette(store_copy)  # a token from a desk that reviews is no use on this one
    token, csrf = form_token(writable, "/claims/claims/2")
    response = post(ds, "/claims/claims/2/review", {"csrftoken": token, "verdict": "accurate"}, csrf)
    assert response.status_code == 403
    assert scalar(store_copy, "select count(*) from reviews") == 0


def test_beyond_loopback_an_anonymous_review_is_refused_and_a_signed_in_one_names_its_reviewer(store_copy):
    from datasette_auth_passwords.utils import hash_password

    ds = build_datasette(store_copy, host="0.0.0.0", reviewer="ana",
                         accounts={"bea": hash_password("correct horse", iterations=1000)})
    page = get(ds, "/claims/claims/2").text
    assert 'name="verdict"' not in page and "Sign in" in page
    csrf_page = get(ds, "/-/login")
    token = re.search(r'name="csrftoken" value="([^"]+)"', csrf_page.text).group(1)
    csrf = {"ds_csrftoken": csrf_page.cookies["ds_csrftoken"]}
    anonymous = post(ds, "/claims/claims/2/review", {"csrftoken": token, "verdict": "accurate"}, csrf)
    assert anonymous.status_code == 403
    assert scalar(store_copy, "select count(*) from reviews") == 0
    wrong = post(ds, "/-/login", {"csrftoken": token, "username": "bea", "password": "wrong"}, csrf)
    assert "ds_actor" not in wrong.cookies
    login = post(ds, "/-/login", {"csrftoken": token, "username": "bea", "password": "correct horse"}, csrf)
    signed_in = {**csrf, "ds_actor": login.cookies["ds_actor"]}
    assert review(ds, 2, cookies=signed_in, verdict="accurate").status_code == 303
    assert shown(2)["reviews"][0]["reviewer"] == "bea"  # the actor, not the desk's default name


def test_the_password_hashes_stay_out_of_the_served_metadata(store_copy):
    from datasette_auth_passwords.utils import hash_password

    secret = hash_password("correct horse", iterations=1000)
    ds = build_datasette(store_copy, host="0.0.0.0", accounts={"bea": secret})
    assert secret not in get(ds, "/-/metadata.json").text


# ---------------------------------------------------------------- limits that hold

def test_a_huge_value_is_refused_by_sqlites_length_limit(desk):
    response = get(desk, "/claims.json?sql=select+randomblob(1000000000)")
    assert response.status_code == 400
    assert "too big" in response.json()["error"]


def test_many_large_rows_stop_at_the_result_cap(desk):
    # each value is under the length limit; 94 of them are 1.5 GB
    response = get(desk, "/claims.json?sql=select+zeroblob(16000000)+from+claims")
    assert response.status_code == 400
    assert "larger than" in response.json()["error"]


def test_the_time_limit_holds_for_canned_and_typed_queries(desk):
    slow = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    response = get(desk, "/claims.json", params={"sql": slow})
    assert response.status_code == 400 and "interrupted" in response.text.lower()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8001", "127.0.0.2.nip.example", ""])
def test_a_request_for_another_host_is_refused(desk, host):
    response = asyncio.run(desk.client.get("/claims/claims/2", headers={"host": host}))
    assert response.status_code == 400


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8001", "[::1]:8001", "LOCALHOST:8001"])
def test_the_loopback_names_are_answered(desk, host):
    assert asyncio.run(desk.client.get("/claims/claims/2", headers={"host": host})).status_code == 200


def test_a_named_host_is_answered_when_allowed(store_copy):
    ds = build_datasette(store_copy, host="0.0.0.0", extra_hosts=["desk.example.org"])
    ok = asyncio.run(ds.client.get("/claims/claims/2", headers={"host": "desk.example.org"}))
    refused = asyncio.run(ds.client.get("/claims/claims/2", headers={"host": "other.example.org"}))
    assert (ok.status_code, refused.status_code) == (200, 400)


@pytest.mark.parametrize("path", ["/claims/unverified_claims", "/claims/due_projections.json", "/claims/conflicts",
                                  "/claims/claims_by_source", "/claims/recently_ingested.json"])
def test_a_post_to_a_read_only_query_is_405_without_a_traceback(desk, path, capfd):
    token, csrf = form_token(desk, "/claims/claims/2")
    response = post(desk, path, {"csrftoken": token, "status": ""}, csrf)
    assert response.status_code == 405
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/claims", "/claims/claims", "/claims/reviews", "/claims/claims/2",
                                  "/claims/reviews/-/insert", "/claims/claims/-/upsert", "/claims/claims/2/-/delete",
                                  "/claims/-/create", "/-/messages", "/-/permissions", "/-/allow-debug",
                                  "/-/password-tool", "/claims/claims/2/review"])
def test_every_write_path_but_the_review_is_refused(desk, store_copy, method, path):
    token, csrf = form_token(desk, "/claims/claims/2")
    before = [scalar(store_copy, f"select count(*) from {t}") for t in ("claims", "reviews", "articles")]
    data = {"csrftoken": token, "sql": "delete from reviews", "verdict": "accurate"}
    response = asyncio.run(desk.client.request(method, path, data=data, cookies=csrf))
    if path.endswith("/review") and method == "POST":
        assert response.status_code == 303  # the one way in
        before[1] += 1
    else:
        assert response.status_code == 405, (method, path)
    assert [scalar(store_copy, f"select count(*) from {t}") for t in ("claims", "reviews", "articles")] == before


@pytest.mark.parametrize("sql", ["delete from reviews", "update reviews set verdict = 'accurate'",
                                 "insert into reviews (claim_id, verdict, reviewed_at) values (1, 'accurate', 'now')"])
def test_reviews_cannot_be_changed_through_the_query_page(desk, store_copy, sql):
    assert review(desk, 2, verdict="misleading").status_code == 303
    response = asyncio.run(desk.client.get("/claims.json", params={"sql": sql}))
    assert response.status_code == 400
    assert scalar(store_copy, "select verdict from reviews") == "misleading"
    assert scalar(store_copy, "select count(*) from reviews") == 1


@pytest.mark.parametrize("path", [
    "/claims/due_projections?as_of=banana", "/claims/due_projections.json?as_of=banana",
    "/claims/due_projections.json?as_of=2030-02-30", "/claims/due_projections.json?as_of=20300101",
    "/claims/due_projections.json?as_of=2030-01-01&as_of=2020-01-01",
    "/claims/unverified_claims?status=bogus", "/claims/unverified_claims.json?status=bogus",
    "/claims/unverified_claims.json?kind=opinion", "/claims/claims/2?queue=unverified_claims&status=bogus",
    "/claims/claims/2?queue=claims_by_source", "/claims/claims/2?queue=unverified_claims&at=-1",
])
def test_bad_parameters_are_an_error(desk, path):
    response = get(desk, path)
    assert response.status_code == 400, response.text
    assert "Traceback" not in response.text


def test_status_is_read_in_any_case(desk):
    upper = rows(desk, "/claims/unverified_claims?status=PROJECTED")
    assert upper and upper == rows(desk, "/claims/unverified_claims?status=projected")
    html = get(desk, "/claims/unverified_claims?status=Projected").text
    assert '<option value="projected" selected>' in html


def test_due_projections_takes_a_real_day(desk):
    assert rows(desk, "/claims/due_projections?as_of=2031-01-01")
    assert rows(desk, "/claims/due_projections?as_of=") == rows(desk, "/claims/due_projections")


# ---------------------------------------------------------------- the desk's pages

def data_counts(html):
    return {k: int(v.replace(",", "")) for k, v in
            re.findall(r'data-count="([\w-]+)"[^>]*>(?:<[^>]+>)*([\d,]+)', html)}


def test_the_home_page_counts_match_the_store(desk, store_copy):
    assert review(desk, 2, verdict="accurate").status_code == 303
    counts = data_counts(get(desk, "/").text)
    unverified = "select count(*) from unverified_claims"
    assert counts["unverified"] == scalar(store_copy, unverified)
    for status in ("confirmed", "projected", "unknown"):
        assert counts[f"unverified-{status}"] == scalar(store_copy, unverified + " where status = ?", [status])
        for kind in ("date", "number", "quote"):
            assert counts[f"unverified-{status}-{kind}"] == scalar(
                store_copy, unverified + " where status = ? and kind = ?", [status, kind])
    assert counts["reviews-week"] == 1
    assert counts["new-conflicts"] == scalar(store_copy, "select count(*) from conflicts")  # all stored today
    assert counts["due"] == len(rows(desk, "/claims/due_projections"))


def test_the_home_page_draws_its_charts_on_the_server(desk):
    html = get(desk, "/").text
    assert html.count('<svg class="cl-chart"') == 2
    assert "<script" not in html.split("<footer")[0].split("</header>")[-1]  # no script in the page's content
    assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", html.split("<footer")[0])


def test_a_quotation_running_past_its_sentence_is_marked_whole_on_its_card(desk, store_copy):
    claim_id, surface = sqlite3.connect(store_copy).execute(
        "select id, surface from claims where kind = 'quote' and span_end > sentence_end order by id").fetchone()
    card = get(desk, f"/claims/claims/{claim_id}").text.split('<blockquote class="cl-quote">')[1].split("</blockquote>")[0]
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", card, re.S)[1]
    assert re.sub(r"<[^>]+>", "", marked) == escape(surface, quote=True)


def test_the_queue_is_a_clean_list_of_claims_linked_to_their_cards(desk, store_copy):
    html = get(desk, "/claims/unverified_claims?status=projected").text
    listed = re.findall(r'<tr data-claim="(\d+)">', html)
    # every projected claim nobody reviewed, up to the limit the queue's query sets
    queries = json.loads((Path(claimledger.__file__).parent / "datasette_metadata.json").read_text())
    limit = int(re.search(r"limit (\d+)", queries["databases"]["claims"]["queries"]["unverified_claims"]["sql"])[1])
    projected = scalar(store_copy, "select count(*) from unverified_claims where status = 'projected'")
    assert len(listed) == min(projected, limit) and len(set(listed)) == len(listed)
    # every claim is marked in its sentence, but for a quotation running past its sentence's end
    within = scalar(store_copy, "select count(*) from claims where id in (select value from json_each(?)) "
                                "and span_end <= sentence_end", [json.dumps([int(i) for i in listed])])
    assert html.count("<mark") >= within
    assert f'href="/claims/claims/{listed[0]}?queue=unverified_claims&amp;status=projected&amp;at=0"' in html
    assert "anchor_start" not in html.split('<details class="cl-sql">')[0]  # no offset columns
    assert re.search(r'<details class="cl-sql"><summary>SQL</summary>', html)  # SQL only when asked
    assert '<select name="status">' in html and '<select name="kind">' in html
    assert '<input type="date" name="as_of"' in get(desk, "/claims/due_projections").text


def test_groups_and_conflicts_show_each_members_sentence_and_source(desk, store_copy, kia):
    kia_target = kia[1]
    groups = get(desk, "/claims/claim_groups").text
    group = scalar(store_copy, "select group_id from claims where id = ?", [kia_target])
    section = groups.split(f'id="group-{group}"')[1].split("</section>")[0]
    members = scalar(store_copy, "select count(*) from claims where group_id = ?", [group])
    assert section.count("<li>") == members and section.count("<mark") == members
    assert "AutoWire Daily" in section and f'href="/claims/claims/{kia_target}"' in section
    conflicts = get(desk, "/claims/conflicts").text
    assert conflicts.count("<mark") == 2 * scalar(store_copy, "select count(*) from conflicts")


def test_next_and_previous_move_through_the_queue_and_survive_a_review(desk):
    queue = [r["id"] for r in rows(desk, "/claims/unverified_claims?status=projected")]
    third = get(desk, f"/claims/claims/{queue[2]}?queue=unverified_claims&status=projected&at=2").text
    assert f'rel="prev" href="/claims/claims/{queue[1]}?queue=unverified_claims&amp;status=projected&amp;at=1"' in third
    assert f'rel="next" href="/claims/claims/{queue[3]}?queue=unverified_claims&amp;status=projected&amp;at=3"' in third
    token, csrf = form_token(desk, f"/claims/claims/{queue[2]}?queue=unverified_claims&status=projected&at=2")
    response = post(desk, f"/claims/claims/{queue[2]}/review",
                    {"csrftoken": token, "verdict": "accurate", "queue": "unverified_claims", "status": "projected",
                     "at": "2"}, csrf)
    assert response.headers["location"] == f"/claims/claims/{queue[2]}?queue=unverified_claims&status=projected&at=2"
    after = get(desk, response.headers["location"]).text
    assert "no longer in this list" in after
    assert f'rel="next" href="/claims/claims/{queue[3]}?queue=unverified_claims&amp;status=projected&amp;at=2"' in after


def test_the_card_shows_the_claim_its_article_related_claims_and_outcome(desk, store_copy, kia):
    kia_target = kia[1]
    html = get(desk, f"/claims/claims/{kia_target}").text
    for text in ("Kia sets 90,000-a-year target", "AutoWire Daily", "2025-04-10", "cue: <q>", "Said by", "Polarity",
                 "The same claim elsewhere", "Contradicted by", "Outcome", "No review yet."):
        assert text in html, text
    related = scalar(store_copy, "select count(*) from claim_relations where claim_id = ?", [kia_target])
    assert html.split("Elsewhere")[1].split("Reviews")[0].count("<mark") == related
    # internal tables are not offered
    assert "claim_signatures" not in html and "signature_names" not in html


def test_names_are_faceted_regardless_of_case(desk, store_copy):
    data = get(desk, "/claims/claims.json?_facet_size=max").json()
    speakers = {r["label"]: r for r in data["facet_results"]["attributed_to"]["results"]}
    watchers = scalar(store_copy, "select count(*) from claims where lower(attributed_to) = 'industry watchers'")
    assert watchers > 1 and speakers["industry watchers"]["count"] == watchers
    assert not any(label.lower() == "industry watchers" for label in speakers if label != "industry watchers")
    toggle = speakers["industry watchers"]["toggle_url"].split("localhost", 1)[-1]
    toggled = get(desk, toggle.replace("/claims/claims?", "/claims/claims.json?") + "&_shape=array")
    assert len(toggled.json()) == watchers


def test_no_description_carries_markdown_backticks(desk):
    assert "`" not in json.dumps(desk.metadata())


def test_only_web_addresses_become_links_on_the_card(desk, store_copy):
    # an article's URL comes from its front matter unchecked, and a store written before evidence was
    # checked may hold any evidence: the card must not trust either
    conn = sqlite3.connect(store_copy)
    conn.execute("insert into reviews (claim_id, verdict, evidence, reviewed_at) "
                 "values (2, 'accurate', 'javascript:alert(1)', '2030-01-01T00:00:00+00:00')")
    conn.execute("update articles set url = 'javascript:alert(2)' where id = 1")
    conn.commit()
    conn.close()
    html = get(desk, "/claims/claims/2").text
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html and "javascript:alert(2)" in html  # shown as text

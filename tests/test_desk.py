"""The Datasette plugin's markup: escaped text, anchors cut at code points."""
from claimledger.desk import highlight, marked_sentence


def test_highlight_escapes_everything_but_its_own_marks():
    text = "<b>Kia</b> & co. aim for 90,000 <units>."
    start = text.index("90,000")
    html = str(highlight(text, [(start, start + 6, 7, "projected", "/c/7")]))
    assert html.startswith("&lt;b&gt;Kia&lt;/b&gt; &amp; co.")
    assert '<mark class="cl-projected" id="claim-7" title="claim 7: projected"><a href="/c/7">90,000</a></mark>' in html
    assert html.endswith(" &lt;units&gt;.")


def test_offsets_are_code_points_even_after_emoji_and_combining_marks():
    text = "🚀 Cafe\u0301 says 2026 🎉 and 40%"
    start = text.index("2026")
    html = str(highlight(text, [(start, start + 4, None, "projected", None)]))
    assert "<mark class=\"cl-projected\">2026</mark>" in html
    assert html.startswith("🚀 Cafe\u0301 says ")


def test_nested_spans_nest_and_crossing_spans_are_cut():
    text = '"We will launch in 2026," she said.'
    quote = (0, text.index(",") + 2, 1, "projected", None)
    year = (text.index("2026"), text.index("2026") + 4, 2, "projected", None)
    html = str(highlight(text, [year, quote]))
    assert html.count("<mark") == 2 and html.index('id="claim-1"') < html.index('id="claim-2"')
    assert html.index("2026</mark>") < html.rindex("</mark>")
    crossing = str(highlight("abcdef", [(0, 4, 1, None, None), (2, 6, 2, None, None)]))
    assert crossing == '<mark id="claim-1" title="claim 1: ">ab<mark id="claim-2" title="claim 2: ">cd</mark></mark>ef'


class Row(dict):
    pass


def test_marked_sentence_uses_the_rows_offsets():
    row = Row(sentence="It wants 90,000 a year.", span_start=109, span_end=115, sentence_start=100, status="projected")
    assert str(marked_sentence(row)) == ('<span class="cl-sentence">It wants <mark class="cl-projected">90,000</mark>'
                                         ' a year.</span>')
    assert marked_sentence(Row(sentence="No offsets here.")) is None
    assert marked_sentence(Row(sentence="short", anchor_start=3, anchor_end=99)) is None


# ---------------------------------------------------------------- the desk's pure parts

import re
import sqlite3
from datetime import date

import pytest

from claimledger.desk import charts, guard, review
from claimledger.desk.facets import label_for
from claimledger.serve import RESULT_BYTES, BoundedConnection, allowed_hosts, is_loopback, limit


@pytest.mark.parametrize("header,host", [
    ("127.0.0.1:8001", "127.0.0.1"), ("localhost", "localhost"), ("LocalHost:80", "localhost"),
    ("[::1]:8001", "::1"), ("::1", "::1"), ("evil.example:8001", "evil.example"), ("", ""),
])
def test_host_name_drops_the_port(header, host):
    assert guard.host_name(header) == host


def test_allowed_hosts_on_loopback_and_beyond():
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert "10.1.2.3" in allowed_hosts("10.1.2.3")
    assert "desk.example.org" in allowed_hosts("127.0.0.1", ["Desk.Example.org"])
    assert [is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost", "0.0.0.0", "desk.example")] == [
        True, True, True, True, False, False]


@pytest.mark.parametrize("value,ok", [
    ("2030-01-31", True), ("2030-02-30", False), ("banana", False), ("20300131", False), ("2030-1-31", False),
    ("２０３０-01-31", False), (" 2030-01-31", False),
])
def test_as_of_must_be_a_real_day(value, ok):
    if ok:
        assert guard.parse_day(value) == date.fromisoformat(value)
    else:
        with pytest.raises(guard.BadParameter):
            guard.parse_day(value)


@pytest.mark.parametrize("pairs,expected", [
    ([("status", "Projected")], {"status": "projected"}),
    ([("status", "")], {"status": ""}),
    ([("kind", " DATE ")], {"kind": "date"}),
    ([("as_of", "")], {"as_of": None}),
    ([("other", "x"), ("status", "unknown")], {"status": "unknown"}),
])
def test_query_parameters_are_checked_and_normalised(pairs, expected):
    assert guard.check_params(["status", "kind", "as_of"], pairs) == expected


@pytest.mark.parametrize("pairs", [[("status", "maybe")], [("kind", "opinion")], [("as_of", "soon")],
                                   [("status", ""), ("status", "projected")]])
def test_bad_query_parameters_are_refused(pairs):
    with pytest.raises(guard.BadParameter):
        guard.check_params(["status", "kind", "as_of"], pairs)


@pytest.mark.parametrize("form,expected", [
    ({"verdict": "accurate"}, {"verdict": "accurate", "evidence": None, "note": None, "group": False}),
    ({"verdict": "misleading", "evidence": " https://a.example/x?y=1 ", "note": "  see p. 4 ", "group": "1"},
     {"verdict": "misleading", "evidence": "https://a.example/x?y=1", "note": "see p. 4", "group": True}),
    ({"verdict": "unverifiable", "evidence": "", "note": ""},
     {"verdict": "unverifiable", "evidence": None, "note": None, "group": False}),
])
def test_a_review_form_is_read(form, expected):
    assert review.check_form(form) == expected


@pytest.mark.parametrize("form", [
    {"verdict": "Accurate"}, {"verdict": ""}, {"verdict": "accurate", "evidence": "javascript:alert(1)"},
    {"verdict": "accurate", "evidence": "https://"}, {"verdict": "accurate", "evidence": "https://a.example/\x00"},
    {"verdict": "accurate", "evidence": "data:text/html,hi"}, {"verdict": "accurate", "note": "n" * 4001},
])
def test_a_bad_review_form_is_refused(form):
    with pytest.raises(review.Invalid):
        review.check_form(form)


def test_daily_fills_the_days_without_claims():
    data = charts.daily({"2026-03-02": 4, "2026-02-20": 9}, date(2026, 3, 3), 3)
    assert data == [("2026-03-01", 0), ("2026-03-02", 4), ("2026-03-03", 0)]


def test_charts_escape_their_labels_and_scale_their_bars():
    svg = str(charts.rows([("<b>", 2), ("a & b", 4)], "Title <x>"))
    assert "&lt;b&gt;" in svg and "a &amp; b" in svg and "Title &lt;x&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect class="cl-bar [^"]*" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[1] == 2 * widths[0]
    empty = str(charts.columns([("2026-03-01", 0)], "none"))
    assert "nothing yet" in empty and 'height="0"' in empty


@pytest.mark.parametrize("spellings,label", [
    ({"industry watchers": 3, "Industry watchers": 1}, "industry watchers"),
    ({"industry watchers": 2, "Industry watchers": 2}, "Industry watchers"),
    ({"Kia": 5}, "Kia"),
])
def test_a_name_facet_shows_the_commonest_spelling(spellings, label):
    assert label_for(spellings) == label


def test_a_bounded_connection_caps_values_and_results():
    conn = sqlite3.connect(":memory:", factory=BoundedConnection)
    limit(conn)
    with pytest.raises(sqlite3.DataError):
        conn.cursor().execute("select randomblob(1000000000)").fetchall()
    big = 16 * 1024 * 1024
    cursor = conn.cursor()
    cursor.execute(f"with n(i) as (select 1 union all select i + 1 from n where i < 10) select zeroblob({big}) from n")
    with pytest.raises(sqlite3.DataError, match="larger than"):
        cursor.fetchmany(10)
    assert 10 * big > RESULT_BYTES
    assert len(conn.cursor().execute("select zeroblob(1000) from (select 1 union all select 2)").fetchall()) == 2

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

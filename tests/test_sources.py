from datetime import date, timedelta

import pytest

from claimledger.sources import SourceError, expand_paths, read_article

from conftest import CORPUS


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A title\nurl: https://news.example/a\npublisher: Example News\n"
                    "published: 2025-06-18\n---\n\nBody text with 7% growth.\n", encoding="utf-8")
    article = read_article(str(path))
    assert article.text == "Body text with 7% growth.\n"
    assert (article.title, article.url, article.publisher, article.published) == (
        "A title", "https://news.example/a", "Example News", date(2025, 6, 18))


def test_markdown_without_front_matter_is_all_body(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("Just a body.\n", encoding="utf-8")
    assert read_article(str(path)).text == "Just a body.\n"


def test_html_main_text_and_metadata():
    article = read_article(str(CORPUS / "2025-04-11-evledger-kia-truck.html"))
    assert article.publisher == "EV Ledger"
    assert article.published == date(2025, 4, 11)
    assert "100,000 units a year" in article.text
    assert "Advertisement" not in article.text and "All rights reserved" not in article.text
    assert "\n\n" in article.text  # paragraph breaks are kept


def test_crlf_and_bom_are_normalised(tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes(b"\xef\xbb\xbfLine one.\r\nLine two.\r\n")
    assert read_article(str(path)).text == "Line one.\nLine two.\n"


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", b"  \n\t\n", "nothing to ingest"),
        ("binary.txt", b"\x00\x01\x02abc", "binary"),
        ("bad.md", b"---\ntitle: [unclosed\n---\n\nBody.\n", "invalid YAML"),
        ("list.md", b"---\n- a\n- b\n---\n\nBody.\n", "not a mapping"),
        ("open.md", b"---\ntitle: x\n\nBody without closing line.\n", "no closing"),
        ("page.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_unreadable_articles_say_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=reason):
        read_article(str(path))


def test_folders_are_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.md", "sub/c.html", "notes.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.split("/")[-1] for p in expand_paths([str(tmp_path)])] == ["a.md", "b.txt", "c.html"]


def test_missing_path_and_empty_folder_are_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(expand_paths([str(tmp_path / "nope.txt"), str(tmp_path / "empty")]))
    assert items == [(str(tmp_path / "nope.txt"), "no such file or folder"),
                     (str(tmp_path / "empty"), "no articles found (.txt, .md, .html) in this folder")]


def test_an_html_page_without_a_date_in_its_metadata_has_no_publication_date(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Plant</title></head><body><article>"
                    "<p>The plant, built in 2019, will employ 1,200 people by 2027, the mayor said on Monday.</p>"
                    "<p>It replaces a mill that closed in 2011 after a long decline in orders.</p>"
                    "</article></body></html>", encoding="utf-8")
    assert read_article(str(path)).published is None  # not 1 January 2019


@pytest.mark.parametrize("text, published", [
    ("OSLO, March 3, 2026 — The wind farm opened on Monday.", date(2026, 3, 3)),
    ("Wind farm opens\n\nBERGEN, Norway, 3 March 2026 (Reuters) - The farm opened.", date(2026, 3, 3)),
    ("WASHINGTON, Sept. 12, 2016 — Lawmakers voted.", date(2016, 9, 12)),
    ("The farm, planned since 2019, opened. OSLO, March 3, 2026 — it said.", None),  # not at a paragraph's start
    ("NEW YORK (AP) — A dateline with no date.", None),
    ("The plant opened on March 3, 2026, officials said.", None),  # a date in the body is not a dateline
])
def test_a_text_without_metadata_is_dated_by_its_dateline_only(tmp_path, text, published):
    path = tmp_path / "story.txt"
    path.write_text(text + "\n", encoding="utf-8")
    assert read_article(str(path)).published == published


def test_front_matter_dates_an_article_before_its_dateline(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\npublished: 2026-03-04\n---\nOSLO, March 3, 2026 — The farm opened.\n", encoding="utf-8")
    assert read_article(str(path)).published == date(2026, 3, 4)


def test_relative_dates_in_a_text_file_resolve_against_its_dateline(extract, tmp_path):
    from claimledger.ingest import read_sources

    path = tmp_path / "story.txt"
    path.write_text("OSLO, March 3, 2026 — Nordvind opened the farm on Monday. It will add turbines next year.\n",
                    encoding="utf-8")
    [article] = read_sources([str(path)])
    rows = {r["surface"]: r for r in extract(article.text, article.published)}
    assert (rows["Monday"]["date_start"], rows["next year"]["date_start"]) == ("2026-03-02", "2027-01-01")


def test_a_folder_tree_a_thousand_levels_deep_is_walked(tmp_path):
    import os

    deep = str(tmp_path)
    for _ in range(1_000):  # os.makedirs itself recurses, so one level at a time
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    with open(os.path.join(deep, "deep.txt"), "w", encoding="utf-8") as f:
        f.write("Kia sold 5 trucks.\n")
    (tmp_path / "top.md").write_text("Kia sold 6 trucks.\n", encoding="utf-8")
    try:
        found = list(expand_paths([str(tmp_path)]))
        assert sorted(os.path.basename(p) for p in found) == ["deep.txt", "top.md"]
    finally:  # shutil.rmtree, which pytest cleans up with, recurses too: take the tree down here
        os.remove(os.path.join(deep, "deep.txt"))
        while deep != str(tmp_path):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


@pytest.mark.parametrize("days_ahead, suffix", [
    (1, ""),  # already tomorrow in a time zone east of here: the page's own metadata is right
    (5 * 365, "T06:15:00Z"),  # an archive dated ahead of this clock, or a story set later: as front matter is
])
def test_an_html_page_keeps_the_date_its_metadata_gives(tmp_path, days_ahead, suffix):
    later = date.today() + timedelta(days=days_ahead)
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><title>Plant</title><meta property="article:published_time" '
                    f'content="{later.isoformat()}{suffix}"></head><body><article>'
                    "<p>The plant will employ 1,200 people by 2040, the mayor said on Monday.</p>"
                    "<p>It replaces a mill that closed in 2011 after a long decline in orders.</p>"
                    "</article></body></html>", encoding="utf-8")
    assert read_article(str(path)).published == later

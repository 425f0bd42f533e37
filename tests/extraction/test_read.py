"""Reading documents: HTML furniture, plain-text page furniture, sidecars, datelines and bylines."""
import json

import pytest

from graph.errors import InputError
from graph.read import read_document, read_text
from graph.uris import content_hash

HTML = """<!DOCTYPE html><html><head><title>Site | Title</title>
<meta property="og:title" content="Council fined over late reports">
<meta property="og:site_name" content="Valley Gazette">
<meta property="article:published_time" content="2022-03-04T08:00:00Z">
</head><body>
<nav class="main-nav"><a href="/">Home</a><a href="/news">News</a></nav>
<div class="cookie-notice">We use cookies. Accept all cookies</div>
<article><h1>Council fined over late reports</h1>
<p class="byline">By Ann Other, Local Democracy Reporter</p>
<p>The first sentence of the article stays.</p>
<div class="advert"><p>Advertisement</p><p>Buy one get one free</p></div>
<p>The second sentence stays too.</p>
<div class="share-buttons"><a>Share on Facebook</a></div>
</article>
<footer>All rights reserved</footer></body></html>"""


def test_html_keeps_sentences_and_drops_furniture():
    meta = read_text(HTML, "page.html")
    assert "The first sentence of the article stays." in meta.text
    assert "The second sentence stays too." in meta.text
    for furniture in ("Home", "cookies", "Advertisement", "Buy one", "Share on Facebook", "All rights reserved"):
        assert furniture not in meta.text
    assert meta.headline == "Council fined over late reports"
    assert meta.published.value == "2022-03-04"
    assert meta.publisher == "Valley Gazette"
    assert meta.author == "Ann Other"
    assert meta.key == f"document/{content_hash(meta.text)}"


PAGE = """valleynews logo
jobs page link image
follow us on facebook  follow us on twitter
Tuesday
16  April

Council agrees new budget

\u00a0
03/02/2021 @ 10:15

By Ann Other, Local Democracy Service Reporter

Councillors agreed the budget on Monday.

Advertising

The vote was close."""


def test_plain_text_page_furniture_dateline_byline_and_site_name():
    meta = read_text(PAGE, "page.txt")
    assert meta.text.startswith("By Ann Other")
    assert "Councillors agreed the budget on Monday." in meta.text and "The vote was close." in meta.text
    for furniture in ("logo", "jobs page", "follow us", "Advertising", "16  April", "Tuesday\n"):
        assert furniture not in meta.text
    assert (meta.headline, meta.published.value, meta.published_raw) == (
        "Council agrees new budget", "2021-02-03", "03/02/2021 @ 10:15")
    assert (meta.publisher, meta.author, meta.author_title) == (
        "valleynews", "Ann Other", "Local Democracy Service Reporter")


def test_leading_date_field():
    meta = read_text(" date 2020-09-11 At a meeting of the cabinet, councillors spoke.", "d.txt")
    assert meta.published.value == "2020-09-11" and meta.published_raw == "date 2020-09-11"
    assert meta.text == "At a meeting of the cabinet, councillors spoke."


def test_sidecar_wins_over_inference(tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text(PAGE, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps(
        {"headline": "Given headline", "published": "2021-02-05", "publisher": "Given Press",
         "author": "Given Author", "url": "https://example.org/story"}), encoding="utf-8")
    meta = read_document(doc)
    assert (meta.headline, meta.published.value, meta.publisher, meta.author, meta.url) == (
        "Given headline", "2021-02-05", "Given Press", "Given Author", "https://example.org/story")


def test_bad_sidecar_is_a_clear_error(tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text(PAGE, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"headline": "x", "colour": "red"}', encoding="utf-8")
    with pytest.raises(InputError, match="unknown key"):
        read_document(doc)
    (tmp_path / "story.meta.json").write_text('{"published": "last Tuesday"}', encoding="utf-8")
    with pytest.raises(InputError, match="not an ISO date"):
        read_document(doc)


def test_minutes_are_recognised_and_keep_their_text():
    text = "Agenda item\n\nBUDGET MONITORING\n\nMinutes:\n\nThe Cabinet noted the report.\n\nSupporting documents:"
    meta = read_text(text, "m.txt")
    assert meta.doc_type == "council minutes"
    assert meta.headline == "BUDGET MONITORING"
    assert "The Cabinet noted the report." in meta.text and "Supporting documents" not in meta.text


def test_empty_document_is_refused():
    with pytest.raises(InputError, match="no article text"):
        read_text("follow us on facebook\n\nAdvertising\n", "empty.txt")


@pytest.mark.parametrize("line, iso", [("Thursday 14th April 2016", "2016-04-14"),
                                       ("Published: 3 May 2021 10:15", "2021-05-03"),
                                       ("March 9, 2023", "2023-03-09"),
                                       ("Updated 1 December 2025, 4.05pm", "2025-12-01")])
def test_written_dateline_is_the_publication_date(line, iso):
    meta = read_text(f"Gazette\n\nHeadline about a council\n\n{line}\n\nThe council met on Monday.\n", "a.txt")
    assert meta.published is not None and meta.published.value == iso
    assert line not in meta.text


def test_a_dated_sentence_is_not_a_dateline():
    meta = read_text("Headline\n\nThe council met on 3 May 2021.\n", "a.txt")
    assert meta.published is None


def test_minutes_headed_in_capitals_are_minutes():
    meta = read_text("TOWN COUNCIL\n\nMINUTES OF A MEETING OF THE AUDIT COMMITTEE HELD ON 2ND MAY 2019\n\n"
                     "The committee noted the report.\n", "m.txt")
    assert meta.doc_type == "council minutes"

"""The pages in a real headless Chromium against the real server: search for an official, follow
council -> inspection -> document to the highlighted sentence, run a query in the editor, use a
phone-sized screen; no JavaScript error on any page (checked by the `tab`/`phone` fixtures)."""
from __future__ import annotations

import httpx
import pytest

from tests.pages import gold

pytestmark = pytest.mark.slow


def test_search_for_an_official_and_open_their_page(tab) -> None:  # type: ignore[no-untyped-def]
    name, aliases, council = gold.people_with_dated_roles()[0]
    page = tab.page
    tab.goto("/")
    tab.shot("home")
    page.get_by_label("Search councils, people, inspections").fill(name.split()[-1])
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=*")
    tab.shot("results")
    link = page.locator("ol.results a").filter(has_text=name.split()[-1]).first
    link.click()
    page.wait_for_url("**/doc/person/**")
    assert page.locator("h1").inner_text() in [name, *aliases]
    posts = page.locator("#posts-h + ul li").all_inner_texts()
    assert any(council in p for p in posts), posts
    tab.shot("person")


def test_home_to_highlighted_sentence_in_three_clicks(tab) -> None:  # type: ignore[no-untyped-def]
    """Click 1: a council on the home page. Click 2: an inspection on its timeline's event list.
    Click 3: 'read in context' under a fact -> the document, scrolled to the sentence in <mark>."""
    council, dates = sorted(gold.dated_inspections().items())[-1]
    page = tab.page
    tab.goto("/")
    page.locator("a.council-link").filter(has_text=council).first.click()           # 1
    page.wait_for_url("**/doc/council/**")
    assert page.locator("svg.timeline").is_visible()
    tab.shot("council")
    date = sorted(dates)[0]
    event = page.locator("li.event-inspection").filter(has=page.locator(f'time[datetime="{date}"]')).first
    event.locator("a.event-link").click()                                          # 2
    page.wait_for_url("**/doc/inspection/**")
    assert page.locator(".badge").filter(has_text="inspection").count() >= 1
    tab.shot("inspection")
    source = page.locator("li.source").first
    quote = source.locator("q").inner_text()
    source.locator("a.quote-link").click()                                         # 3
    page.wait_for_url("**/doc/document/**#sel-*")
    fragment = page.url.split("#", 1)[1]
    mark = page.locator(f"[id='{fragment}']")
    mark = mark if mark.evaluate("n => n.tagName") == "MARK" else mark.locator("xpath=..")
    assert mark.evaluate("n => n.tagName") == "MARK"
    assert quote.strip() in mark.inner_text() or mark.inner_text().strip() in quote
    assert mark.is_visible()
    assert mark.evaluate("n => getComputedStyle(n).backgroundColor") != "rgba(0, 0, 0, 0)"
    box = mark.bounding_box()
    assert box is not None and -5 <= box["y"] < page.viewport_size["height"], box  # scrolled into view
    tab.shot("document")


def test_run_a_query_in_the_editor_and_see_the_table(tab, live_server) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    tab.goto("/query")
    editor = page.get_by_label("Query", exact=True)
    assert "PREFIX ckg: <" in editor.input_value()
    assert page.locator("#query-highlight .tok-keyword").count() > 0  # highlighted overlay
    # a query of our own: the officials the gold names, as the graph has them
    name = gold.people_with_dated_roles()[0][0]
    query = (f"PREFIX ckg: <{live_server.url}def/>\nPREFIX schema: <https://schema.org/>\n"
             "SELECT DISTINCT ?person ?name WHERE { GRAPH ?g { ?person a ckg:Person ; schema:name ?name } "
             f'FILTER(?name = "{name}") }}')
    editor.fill(query)
    assert page.locator("#query-highlight .tok-var").first.inner_text() == "?person"
    page.get_by_role("button", name="Run query").click()
    table = page.locator("#results table.results-table")
    table.wait_for()
    assert table.locator("thead th").all_inner_texts() == ["person", "name"]
    assert table.locator("tbody tr").count() == 1
    assert table.locator("tbody td").nth(1).inner_text() == name
    assert table.locator("tbody a").first.get_attribute("href").startswith("/doc/person/")
    tab.shot("own-query")
    # a named query as an example: the table has as many rows as the endpoint returns for it
    page.get_by_label("Example queries").select_option("facts_inspections")
    assert "?inspection" in editor.input_value()
    page.get_by_role("button", name="Run query").click()
    page.locator("#status").filter(has_text="result").wait_for()
    expected = httpx.get(live_server.url + "sparql", params={"query": editor.input_value()},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert page.locator("#results tbody tr").count() == len(expected["results"]["bindings"]) > 0
    tab.shot("named-query")
    # a broken query says why, in the page
    editor.fill("SELECT WHERE {")
    page.get_by_role("button", name="Run query").click()
    page.locator("#status.error").wait_for()
    assert "failed" in page.locator("#status").inner_text()
    tab.shot("bad-query")
    tab.expect_error("status of 400 (Bad Request) (" + live_server.url + "sparql?")


def test_pages_fit_a_phone_screen(phone) -> None:  # type: ignore[no-untyped-def]
    page = phone.page
    council = sorted(gold.dated_inspections())[-1]
    for step, path in (("home", "/"), ("editor", "/query"), ("people", "/people")):
        phone.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), step
        assert page.locator("nav").is_visible()
        phone.shot(step)
    phone.goto("/")
    page.locator("a.council-link").filter(has_text=council).first.click()
    page.wait_for_url("**/doc/council/**")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.shot("council")


ACCESSIBILITY = """() => ({
  lang: document.documentElement.lang,
  h1: document.querySelectorAll("h1").length,
  main: document.querySelectorAll("main").length,
  nav: document.querySelectorAll("nav[aria-label]").length,
  unlabelled: [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
    .filter(c => c.labels.length === 0 && !c.getAttribute("aria-label")).map(c => c.outerHTML),
  untitledSvg: [...document.querySelectorAll("svg")].filter(s => !s.querySelector("title")).length,
  emptyLinks: [...document.querySelectorAll("a")].filter(a => !a.textContent.trim()
    && !a.getAttribute("aria-label") && !a.querySelector("title")).map(a => a.outerHTML),
})"""


def test_no_javascript_errors_and_basic_accessibility_on_every_page(tab) -> None:  # type: ignore[no-untyped-def]
    """Every page the site links to from the home page and the pages it links to, opened in the
    browser: no JavaScript error (the fixture checks), a language, one h1 and one main landmark, a
    labelled navigation, every form control labelled, every chart titled, no link without a name."""
    page = tab.page
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < 30:
        path = queue.pop(0).split("#")[0]
        if not path or path in seen or path.startswith(("/docs", "/dumps", "/sparql", "/.well-known", "/static")):
            continue
        seen.add(path)
        tab.goto(path)
        report = page.evaluate(ACCESSIBILITY)
        assert report["lang"] == "en" and report["h1"] == 1 and report["main"] == 1 and report["nav"] >= 1, (
            path, report)
        assert not report["unlabelled"] and not report["untitledSvg"] and not report["emptyLinks"], (path, report)
        if len(seen) < 4:  # the home page and its first links: breadth enough for every kind of page
            queue += page.eval_on_selector_all("main a[href^='/']", "as => as.map(a => a.getAttribute('href'))")
    assert len(seen) >= 10

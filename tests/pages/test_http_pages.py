"""Pages over plain HTTP against the real server: structure, the timeline SVG as XML, alternate
links, the document text with its highlights, and the sentence behind every fact in three clicks."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import httpx
import pytest

from graph.uris import slug
from tests.pages import gold
from tests.pages.htmltree import Node, parse

SVG = "{http://www.w3.org/2000/svg}"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client(live_server):  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=live_server.url, headers=HTML, timeout=30, follow_redirects=True) as c:
        yield c


def get_page(client: httpx.Client, path: str) -> Node:
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return parse(r.text)


def council_links(home: Node) -> dict[str, str]:
    return {a.text().strip(): a.attrs["href"] for a in home.find_all("a") if "council-link" in a.classes()}


def council_href(home: Node, gold_name: str) -> str:
    """The home page's link to the council the gold calls `gold_name` (gold may give a short name)."""
    links = council_links(home)
    matches = [href for name, href in links.items() if name == gold_name or name.startswith(gold_name + " ")]
    assert len(matches) == 1, (gold_name, links)
    return matches[0]


def test_home_page_landmarks_counts_and_links(client: httpx.Client) -> None:
    home = get_page(client, "/")
    assert home.find("html").attrs["lang"] == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert home.find(landmark) is not None, landmark
    assert home.find("meta", name="viewport") is not None
    hrefs = {a.attrs.get("href") for a in home.find_all("a")}
    assert {"/query", "/docs", "/dumps/councilkg.nq.gz", "/.well-known/void"} <= hrefs
    # every gold council is listed, linking to its entity page
    for d in gold.documents():
        for c in d["councils"]:
            assert council_href(home, c["name"]).startswith("/doc/council/")
    # counts by class: the number of documents is the corpus's
    counts = {tr.find_all("td")[0].text().strip(): int(tr.find_all("td")[1].text())
              for tr in home.find("table", class_="counts").find_all("tr") if tr.find("td")}
    assert counts["source document"] == len(gold.documents())
    newest = max(d["meta"]["published"] for d in gold.documents() if d["meta"].get("published"))
    assert home.find("time", class_="latest").attrs["datetime"] == newest
    # the search box has a label
    field = home.find("input", name="q")
    assert home.find("label", for_=field.attrs["id"]) is not None


def test_search_finds_officials_by_name(client: httpx.Client) -> None:
    for names, _, _ in gold.post_starts().values():
        for name in names:
            surname = name.split()[-1]
            results = get_page(client, f"/search?q={surname}").find("ol", class_="results").find_all("a")
            assert any(a.text().strip() in names and a.attrs["href"].startswith("/doc/person/")
                       for a in results), (name, [a.text() for a in results])
    for person, (names, _, _) in gold.post_starts().items():  # the canonical name is the one shown
        canonical = next(n for n in names if slug(n) == person.split(":")[-1])
        first = get_page(client, f"/search?q={canonical}").find("ol", class_="results").find("a")
        assert first.text().strip() == canonical and first.attrs["href"] == f"/doc/person/{slug(canonical)}", person


def test_search_tolerates_a_typo_in_a_name(client: httpx.Client) -> None:
    name, aliases, _ = gold.people_with_dated_roles()[0]
    surname = name.split()[-1]
    i = max(i for i, c in enumerate(surname) if c in "aeiou")
    typo = surname[:i] + ("e" if surname[i] != "e" else "a") + surname[i + 1:]
    results = get_page(client, f"/search?q={typo}").find("ol", class_="results").find_all("a")
    assert any(a.text().strip() in [name, *aliases] for a in results), (typo, [a.text() for a in results])


def test_council_timeline_svg_parses_and_shows_gold_events(client: httpx.Client, live_server) -> None:  # type: ignore[no-untyped-def]
    home = get_page(client, "/")
    inspections, funding = gold.dated_inspections(), gold.funding_amounts()
    appointments: dict[str, list[list[str]]] = {}
    for name, aliases, council in gold.people_with_dated_roles():
        appointments.setdefault(council, []).append([name, *aliases])
    for council in set(inspections) | set(funding) | set(appointments):
        key = council_href(home, council).removeprefix("/doc/")
        r = client.get(f"/timeline/{key}.svg")
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        svg = ET.fromstring(r.content)
        assert svg.tag == f"{SVG}svg" and council in svg.find(f"{SVG}title").text
        lanes = {g.get("class").split()[-1]: g for g in svg.iter(f"{SVG}g")}
        titles = {lane: [t.text for t in g.iter(f"{SVG}title")] for lane, g in lanes.items()}
        texts = {lane: [t.text for t in g.iter(f"{SVG}text")] for lane, g in lanes.items()}
        for date in inspections.get(council, ()):
            assert any(f"({date})" in t for t in titles["lane-inspection"]), (council, date, titles)
            assert any(t.startswith(date) for t in texts["lane-inspection"]), (council, date)
        for amount in funding.get(council, ()):
            assert any(gold.money(amount) in t for t in titles["lane-funding"]), (council, amount, titles)
        for names in appointments.get(council, ()):
            assert any(any(n in t for n in names) for t in titles["lane-appointment"]), (council, names)
        for a in svg.iter(f"{SVG}a"):  # every mark links to an entity page on this server
            assert a.get("href").startswith("/doc/"), a.get("href")
        # the same chart is inline in the council page, readable without JavaScript
        page = get_page(client, f"/doc/{key}")
        assert page.find("svg", class_="timeline") is not None


def test_unknown_timeline_and_example_are_404_with_advice(client: httpx.Client) -> None:
    r = client.get("/search?q=x")
    assert r.status_code == 400 and "at least two letters" in parse(r.text).find("p", role="alert").text()
    r = client.get("/timeline/council/no-such-council.svg")
    assert r.status_code == 404 and "council" in r.text
    r = client.get("/query?example=no-such-query")
    assert r.status_code == 404 and "facts_inspections" in r.text


def test_entity_page_alternate_links_to_every_machine_format(client: httpx.Client, live_server) -> None:  # type: ignore[no-untyped-def]
    name = gold.people_with_dated_roles()[0][0]
    href = get_page(client, f"/search?q={name}").find("ol", class_="results").find("a").attrs["href"]
    page = get_page(client, href)
    alternates = {link.attrs["type"]: link.attrs["href"] for link in page.find_all("link", rel="alternate")}
    assert set(alternates) >= {"text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"}
    doc = urljoin(live_server.url, href)
    suffix = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
              "application/rdf+xml": "rdf"}
    for mime, url in alternates.items():
        assert url == f"{doc}.{suffix[mime]}"
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith(mime), (url, r.status_code)


def test_document_page_text_with_every_fact_highlighted(client: httpx.Client) -> None:
    """Each gold evidence sentence of a document lies inside the text shown, and the marks are the
    document's own sentences, at their offsets."""
    home = get_page(client, "/")
    council = get_page(client, next(iter(council_links(home).values())))
    docs = {a.attrs["href"].split("#")[0] for a in council.find_all("a", class_="quote-link")}
    assert docs
    for href in sorted(docs):
        page = get_page(client, href)
        body = page.find("div", class_="doc-text")
        text = body.text()
        marks = body.find_all("mark")
        assert marks, href
        offsets = {}
        for n in body.iter():
            if n.attrs.get("id", "").startswith("sel-"):
                offsets[int(n.attrs["id"][4:])] = n
        # an id sel-N sits at character N of the text
        for start, node in offsets.items():
            before = _text_before(body, node)
            assert len(before) == start, (href, start, len(before))
        # the listed facts link back to their highlight
        listed = [a.attrs["href"] for a in page.find_all("a") if a.attrs.get("href", "").startswith("#sel-")]
        assert {int(h[5:]) for h in listed} == set(offsets)
        # the gold's evidence strings of this document are in the text
        hit = [d for d in gold.documents() if all(e in text for e in _evidence(d)[:3])]
        assert len(hit) == 1, href


def _evidence(d: dict) -> list[str]:
    out = []
    for section in ("people", "inspections", "funding_events"):
        for item in d.get(section) or []:
            if item.get("evidence"):
                out.append(item["evidence"])
    return out


def _text_before(root: Node, target: Node) -> str:
    out: list[str] = []

    def walk(n: Node) -> bool:
        for c in n.children:
            if c is target:
                return True
            if isinstance(c, str):
                out.append(c)
            elif walk(c):
                return True
        return False
    walk(root)
    return "".join(out)


def test_the_sentence_behind_any_fact_is_three_clicks_from_home(client: httpx.Client) -> None:
    """Home (click 1: a council or an example) -> an entity page (click 2: a linked entity) -> its
    page; on every page reached, each fact's 'read in context' link (click 3 at most) opens the
    document with exactly the quoted sentence wrapped in <mark>."""
    home = get_page(client, "/")
    first = [a.attrs["href"] for a in home.find("main").find_all("a") if a.attrs["href"].startswith("/doc/")]
    pages: dict[str, Node] = {}
    for href in first:
        pages[href] = page = get_page(client, href)
        for a in page.find("main").find_all("a", class_="event-link"):
            pages.setdefault(a.attrs["href"], None)  # type: ignore[arg-type]
    documents: dict[str, Node] = {}
    checked = 0
    for href in list(pages):
        page = pages[href] or get_page(client, href)
        for li in page.find_all("li", class_="source"):
            quote = li.find("q").text()
            link = li.find("a", class_="quote-link").attrs["href"]
            doc, _, fragment = link.partition("#")
            if doc not in documents:
                documents[doc] = get_page(client, doc)
            target = documents[doc].find(id=fragment)
            assert target is not None, link
            mark = target if target.tag == "mark" else target.parent
            assert mark.tag == "mark", link
            assert quote in mark.text() or mark.text() in quote, (link, quote, mark.text())
            checked += 1
    assert checked >= len(first)
    assert re.search(r"^/doc/document/[0-9a-f]{16}$", next(iter(documents)))


def test_inspection_pages_sum_up_each_gold_inspection_in_a_sentence(client: httpx.Client) -> None:
    home = get_page(client, "/")
    for council, date, inspector in gold.dated_inspection_records():
        page = get_page(client, council_href(home, council))
        events = [li for li in page.find_all("li", class_="event event-inspection")
                  if li.find("time", datetime=date) is not None]
        assert events, (council, date)
        inspection = get_page(client, events[0].find("a", class_="event-link").attrs["href"])
        key = inspection.find("ul", class_="facts key-facts").find("li")
        sentence = key.find("p").text()
        assert f"by {inspector}" in sentence and f"dated {date}" in sentence, (council, date, sentence)
        assert key.find("li", class_="source") is not None  # with the sentences it comes from


def test_people_page_charts_posts_over_time_from_their_stated_start(client: httpx.Client) -> None:
    home = get_page(client, "/")
    for person, (names, starts, council) in gold.post_starts().items():
        key = council_href(home, council).removeprefix("/doc/")
        page = get_page(client, f"/people?council={key}")
        chart = page.find("svg", class_="timeline posts-chart")
        assert chart is not None and chart.find("title").text().startswith("Posts over time at ")
        titles = [t.text() for a in chart.find_all("a") for t in a.find_all("title")]
        mine = [t for t in titles if any(t.startswith(n + ":") for n in names)]
        assert mine, (person, titles)
        assert any(f"from {s} " in t or f"{s} to " in t for t in mine for s in starts), (person, starts, mine)
        rows = page.find("table", class_="posts").find("tbody").find_all("tr")
        assert any(r.find("td").text().strip() in names for r in rows), person


def test_editor_page_has_prefixes_and_every_named_query_and_no_remote_assets(client: httpx.Client,
                                                                             live_server) -> None:  # type: ignore[no-untyped-def]
    from graph.vocab import PREFIXES
    from tests.conftest import PROJECT_ROOT

    page = get_page(client, "/query")
    text = page.find("textarea", id="query").text()
    for prefix, ns in PREFIXES.items():
        ns = ns.replace("http://localhost:8000/", live_server.url)  # our vocabulary lives under the server's base
        assert f"PREFIX {prefix}: <{ns}>" in text, prefix
    options = {o.attrs["value"] for o in page.find("select", id="example").find_all("option") if o.attrs["value"]}
    assert options == {p.stem for p in (PROJECT_ROOT / "queries").glob("*.rq")}
    # everything the page loads comes from this server
    for node in page.iter():
        for attr in ("src", "href"):
            if node.tag in ("script", "link", "img") and attr in node.attrs:
                assert node.attrs[attr].startswith("/"), node.attrs[attr]
    for asset in ("/static/editor.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    chosen = get_page(client, "/query?example=facts_inspections").find("textarea", id="query").text()
    assert chosen == (PROJECT_ROOT / "queries" / "facts_inspections.rq").read_text().replace(
        "<http://localhost:8000/", f"<{live_server.url}")

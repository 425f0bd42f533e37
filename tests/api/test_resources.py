"""The resource API (/api/councils, /api/people, ..., /api/search) through a real server over the
sample corpus. Expected values are derived from the gold facts (../shared/gold/seeds.yaml), not
copied from a run: counts of distinct events, dates, names, aliases, documents."""
from __future__ import annotations

import functools
from typing import Any

import httpx
import pytest
import yaml
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from graph.uris import slug
from tests.conftest import SHARED_DIR

SHARED = SHARED_DIR
SEEDS = SHARED / "seeds"
POWYS = "Powys County Council"
CHILDRENS = "Children's Services"
HYDRA = "http://www.w3.org/ns/hydra/core#"


@functools.cache
def gold() -> dict[str, Any]:
    return yaml.safe_load((SHARED / "gold" / "seeds.yaml").read_text(encoding="utf-8"))


def gold_inspections(council: str) -> list[dict[str, Any]]:
    """Gold inspection records of a council, each with its document."""
    return [{**i, "document": d["document"]} for d in gold()["documents"] for i in d.get("inspections", [])
            if i.get("council") == council]


def gold_inspection_events(council: str) -> list[list[dict[str, Any]]]:
    """The council's real-world inspection events: records grouped by the gold's `entities.events`,
    records in no event standing alone."""
    records = {i["id"]: i for i in gold_inspections(council)}
    events = []
    for event in gold()["entities"]["events"]:
        members = [records.pop(r) for r in event["records"] if r in records]
        if members:
            events.append(members)
    return events + [[r] for r in records.values()]


def earliest(dates: list[str | None]) -> str | None:
    dated = sorted(d for d in dates if d)
    return dated[0] if dated else None


def gold_people() -> set[str]:
    return {p["canonical_id"] for d in gold()["documents"] for p in d.get("people", [])}


def gold_role_starts(person: str, role: str) -> list[str]:
    return sorted({r["start"] for d in gold()["documents"] for p in d.get("people", [])
                   if p["canonical_id"] == person for r in p["roles"] if r["role"] == role and r.get("start")})


def document_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def api(live_server) -> httpx.Client:  # noqa: ANN001
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        yield client


def get(api: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    r = api.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def key(name: str) -> str:
    return slug(name)


# ---------------------------------------------------------------- lists: filters
def test_inspections_of_a_council_are_the_gold_events(api: httpx.Client) -> None:
    page = get(api, "/api/inspections", council=key(POWYS))
    events = gold_inspection_events(POWYS)
    assert page["total"] == len(events) == len(page["items"])
    assert {k for i in page["items"] for k in i["kinds"]} == {r["kind"] for e in events for r in e}
    assert all(i["council"]["label"] == POWYS for i in page["items"])


def test_inspections_date_range_and_kind(api: httpx.Client) -> None:
    events = gold_inspection_events(POWYS)
    in_2018 = [e for e in events if any((r.get("date") or "").startswith("2018") for r in e)]
    page = get(api, "/api/inspections", council=key(POWYS), **{"from": "2018", "to": "2018-12"})
    assert page["total"] == len(in_2018)
    assert [i["date"] for i in page["items"]] == [earliest([r.get("date") for r in e]) for e in in_2018]
    monitoring = [e for e in events if any(r["kind"] == "monitoring visit" for r in e)]
    page = get(api, "/api/inspections", council=key(POWYS), kind="monitoring visit")
    assert page["total"] == len(monitoring) == 1
    assert page["items"][0]["inspected"]["label"] == monitoring[0][0]["inspected"]


def test_inspections_sorted_by_date_both_ways_undated_last(api: httpx.Client) -> None:
    dates = [earliest([r.get("date") for r in e]) for e in gold_inspection_events(POWYS)]
    dated = sorted(d for d in dates if d)
    undated = [None] * dates.count(None)
    up = get(api, "/api/inspections", council=key(POWYS), sort="date")
    assert [i["date"] for i in up["items"]] == dated + undated
    down = get(api, "/api/inspections", council=key(POWYS), sort="-date")
    assert [i["date"] for i in down["items"]] == dated[::-1] + undated


def test_funding_filters_and_sort_by_amount(api: httpx.Client) -> None:
    records = [f for d in gold()["documents"] for f in d.get("funding_events", []) if f["council"] == POWYS]
    page = get(api, "/api/funding", council=key(POWYS), sort="-amount")
    assert page["total"] == len(records)
    assert [f["amount"] for f in page["items"]] == sorted((f["amount"] for f in records), reverse=True)
    hedged = [f for f in records if f.get("amount_qualifier")]
    top = page["items"][0]
    assert (top["qualifier"], top["cumulative"]) == (hedged[0]["amount_qualifier"], hedged[0]["cumulative"])
    dated_2018 = [f for f in records if (f.get("date") or "").startswith("2018")
                  or (f.get("period") or {}).get("from", "").startswith("2018")]
    assert get(api, "/api/funding", council=key(POWYS), **{"from": "2018", "to": "2018"})["total"] == len(dated_2018)


def test_meetings_of_a_council_by_date_and_status(api: httpx.Client) -> None:
    meetings = [m for d in gold()["documents"] for m in d.get("meetings", []) if m["council"] == POWYS]
    assert get(api, "/api/meetings", council=key(POWYS))["total"] == len(meetings)
    dated = sorted(m["date"] for m in meetings if m.get("date") and "2019" <= m["date"][:4] <= "2020")
    page = get(api, "/api/meetings", council=key(POWYS), **{"from": "2019", "to": "2020"})
    assert [m["date"] for m in page["items"]] == dated
    scheduled_2019 = [m for m in meetings if m.get("status") == "scheduled" and (m.get("date") or "")[:4] == "2019"]
    page = get(api, "/api/meetings", council=key(POWYS), status="scheduled", **{"from": "2019", "to": "2019"})
    assert [m["date"] for m in page["items"]] == [m["date"] for m in scheduled_2019]


def test_documents_by_kind_date_and_sort(api: httpx.Client) -> None:
    docs = gold()["documents"]
    page = get(api, "/api/documents", sort="published")
    assert page["total"] == len(docs)
    published = sorted(d["meta"]["published"] for d in docs if d["meta"].get("published"))
    assert [d["published"] for d in page["items"]] == published + [None] * (len(docs) - len(published))
    minutes = [d for d in docs if "minutes" in d["meta"]["doc_type"]]
    page = get(api, "/api/documents", kind="council minutes")
    assert [d["source_name"] for d in page["items"]] == [d["document"] for d in minutes]
    in_2019 = sorted(d["document"] for d in docs if (d["meta"].get("published") or "").startswith("2019"))
    page = get(api, "/api/documents", sort="source_name", **{"from": "2019-01-01", "to": "2019-12-31"})
    assert [d["source_name"] for d in page["items"]] == in_2019
    about_powys = sorted(d["document"] for d in docs if any(c["name"] == POWYS for c in d.get("councils", [])))
    page = get(api, "/api/documents", council=key(POWYS), sort="source_name")
    assert [d["source_name"] for d in page["items"]] == about_powys


def test_departments_people_posts_councils_filters(api: httpx.Client) -> None:
    depts = {x["name"] for d in gold()["documents"] for x in d.get("departments", []) if x["council"] == POWYS}
    page = get(api, "/api/departments", council=key(POWYS))
    assert {d["label"] for d in page["items"]} == depts and page["total"] == len(depts)
    directors = {p["name"] for d in gold()["documents"] for p in d.get("people", [])
                 for r in p["roles"] if r["role"] == "Director of Social Services" and r["organisation"] == POWYS}
    page = get(api, "/api/posts", council=key(POWYS), q="Director of Social Services")
    assert page["total"] == 1
    holders = page["items"][0]["holders"]
    assert len(holders) == 1 and holders[0]["label"] in directors
    people = get(api, "/api/people", q="bulman")
    assert [p["key"] for p in people["items"]] == ["alison-bulman"]
    councils = get(api, "/api/councils", q="Powys")
    assert [c["label"] for c in councils["items"]] == [POWYS]
    assert set(councils["items"][0]["aliases"]) >= {"PCC", "Powys"}


# ---------------------------------------------------------------- pagination
def test_pagination_walks_every_person_once(api: httpx.Client) -> None:
    expected = len(gold_people())
    first = get(api, "/api/people", limit=5)
    assert first["total"] == expected and first["prev"] is None and first["offset"] == 0
    seen, page, pages = [], first, 0
    while True:
        pages += 1
        assert page["total"] == expected
        seen += [p["id"] for p in page["items"]]
        if not page["next"]:
            break
        page = httpx.get(page["next"], timeout=30).json()
    assert len(seen) == len(set(seen)) == expected
    assert pages == -(-expected // 5)
    second = httpx.get(first["next"], timeout=30).json()
    back = httpx.get(second["prev"], timeout=30).json()
    assert [p["id"] for p in back["items"]] == [p["id"] for p in first["items"]]
    labels = [p["label"].casefold() for p in get(api, "/api/people", limit=500)["items"]]
    assert labels == sorted(labels)
    beyond = get(api, "/api/people", offset=expected + 10)
    assert beyond["items"] == [] and beyond["next"] is None and beyond["total"] == expected


# ---------------------------------------------------------------- items
def test_council_item_embeds_its_linked_items(api: httpx.Client) -> None:
    c = get(api, f"/api/councils/{key(POWYS)}")
    assert c["label"] == POWYS and c["id"].endswith(f"/id/council/{key(POWYS)}")
    depts = {x["name"] for d in gold()["documents"] for x in d.get("departments", []) if x["council"] == POWYS}
    assert {d["label"] for d in c["departments"]} == depts
    assert len(c["inspections"]) == len(gold_inspection_events(POWYS))
    assert len(c["funding"]) == sum(1 for d in gold()["documents"] for f in d.get("funding_events", [])
                                    if f["council"] == POWYS)
    posts = {(m["person"]["label"], m["title"]) for m in c["people"]}
    assert ("Alison Bulman", "Director of Social Services") in posts
    assert {s["label"] for s in c["sources"]} >= {d["meta"]["headline"] for d in gold()["documents"]
                                                  if d["meta"].get("headline") and any(
                                                      x["name"] == POWYS for x in d.get("councils", []))}


def test_person_item_has_posts_with_each_sources_start(api: httpx.Client) -> None:
    p = get(api, "/api/people/alison-bulman")
    forms = next(e for e in gold()["entities"]["people"] if e["id"] == "person:alison-bulman")["forms"]
    assert p["label"] == forms[0]
    assert set(p["aliases"]) >= set(forms[1:3])
    director = next(m for m in p["memberships"] if m["title"] == "Director of Social Services")
    starts = gold_role_starts("person:alison-bulman", "Director of Social Services")
    assert director["starts"] == starts and director["start"] == starts[0]
    assert director["organisation"]["label"] == POWYS
    docs = {d["document"] for d in gold()["documents"] if any(x["canonical_id"] == "person:alison-bulman"
                                                              for x in d.get("people", []))}
    assert {d["source_name"] for d in p["documents"]} == docs
    for quote in p["evidence"]:
        name = next(d["source_name"] for d in p["documents"] if d["id"] == quote["source"]["id"])
        text = document_text(name)
        assert quote["quote"] in text or quote["quote"] in text.replace("\u00a0", " ")


def test_inspection_item_keeps_each_sources_kind(api: httpx.Client) -> None:
    event = next(e for e in gold_inspection_events(POWYS) if any(r["kind"] == "full inspection" for r in e))
    page = get(api, "/api/inspections", council=key(POWYS), kind="full inspection")
    item = get(api, f"/api/inspections/{page['items'][0]['key']}")
    assert set(item["kinds"]) == {r["kind"] for r in event}
    assert item["date"] == earliest([r["date"] for r in event])
    assert {d["source_name"] for d in item["documents"]} == {r["document"] for r in event}
    assert item["inspector"]["label"] == event[0]["inspector"]


def test_post_department_funding_meeting_document_items(api: httpx.Client) -> None:
    post = get(api, "/api/posts", council=key(POWYS), q="Head of Children's Services")["items"][0]
    detail = get(api, f"/api/posts/{post['key']}")
    assert [m["person"]["label"] for m in detail["memberships"]] == ["Jan Coles"]
    assert detail["memberships"][0]["starts"] == gold_role_starts("person:jan-coles", "Head of Children's Services")
    dept = get(api, f"/api/departments/{key(POWYS)}/{slug(CHILDRENS)}")
    gold_funded = [f for d in gold()["documents"] for f in d.get("funding_events", [])
                   if f["council"] == POWYS and f["recipient"] == dept["label"]]
    assert len(dept["funding"]) == len(gold_funded)
    assert dept["part_of"]["label"] == next(x["part_of"] for d in gold()["documents"] for x in d["departments"]
                                            if x["name"] == dept["label"] and x.get("part_of"))
    funding = get(api, f"/api/funding/{dept['funding'][0]['key']}")
    assert funding["documents"] and funding["recipient"]["id"] == dept["id"]
    meeting = get(api, "/api/meetings", council=key(POWYS), **{"from": "2020"})["items"][0]
    assert get(api, f"/api/meetings/{meeting['key']}")["date"] == meeting["date"]
    minutes = get(api, "/api/documents", kind="council minutes")["items"][0]
    doc = get(api, f"/api/documents/{minutes['key']}")
    g = next(d for d in gold()["documents"] if d["document"] == doc["source_name"])
    assert len(doc["inspections"]) == len(g["inspections"])
    assert {p["label"] for p in doc["people"]} == {p["name"] for p in g["people"]}


# ---------------------------------------------------------------- timeline
def test_timeline_in_date_order_with_quotes_from_the_sources(api: httpx.Client) -> None:
    t = get(api, f"/api/councils/{key(POWYS)}/timeline")
    entries = t["entries"]
    assert t["total"] == len(entries) and t["label"] == POWYS
    dated = [e for e in entries if e["date"]]
    bounds = [(e["date"] + "-01-01")[:10] for e in dated]
    assert bounds == sorted(bounds)
    assert all(not e["date"] for e in entries[len(dated):])
    # one inspection entry per dated gold record (event x document), with its document
    expected = sorted((r["date"], r["document"]) for r in gold_inspections(POWYS) if r.get("date"))
    got = sorted((e["date"], _source_name(api, e)) for e in dated if e["event"] == "inspection")
    assert got == expected
    appointments = sorted((r["start"], d["document"]) for d in gold()["documents"] for p in d.get("people", [])
                          for r in p["roles"] if r.get("start") and r["organisation"] == POWYS)
    got = sorted((e["date"], _source_name(api, e)) for e in dated if e["event"] == "appointment")
    assert got == appointments
    for e in entries:
        text = document_text(_source_name(api, e))
        assert e["quote"] and (e["quote"] in text or e["quote"] in text.replace("\u00a0", " "))
    # a dated meeting's entry quotes the sentence the gold gives for it
    for d in gold()["documents"]:
        for m in d.get("meetings", []):
            if m["council"] == POWYS and m.get("date"):
                entry = next(e for e in dated if e["event"] == "meeting" and e["date"] == m["date"]
                             and _source_name(api, e) == d["document"])
                assert m["evidence"].replace("\u00a0", " ") in entry["quote"].replace("\u00a0", " ")


@functools.cache
def _names(base: str) -> dict[str, str]:
    items = httpx.get(base + "api/documents", params={"limit": 500}, timeout=30).json()["items"]
    return {d["id"]: d["source_name"] for d in items}


def _source_name(api: httpx.Client, entry: dict[str, Any]) -> str:
    return _names(str(api.base_url))[entry["source"]["id"]]


# ---------------------------------------------------------------- search
def test_search_finds_misspelt_names_and_aliases(api: httpx.Client) -> None:
    people = {e["id"]: e for e in gold()["entities"]["people"]}
    typo = people["person:alison-bulman"]["name"].replace("man", "men")
    hits = get(api, "/api/search", q=typo)["items"]
    assert hits[0]["key"] == "alison-bulman" and hits[0]["type"] == "Person"
    assert hits[0]["url"].endswith("/api/people/alison-bulman")
    # the text's own typo 'Michae': the corrected spelling finds it
    hits = get(api, "/api/search", q="Michael Gray")["items"]
    assert hits[0]["label"] == people["person:michae-gray"]["name"]
    hits = get(api, "/api/search", q="Gwilym Wiliams", type="Person")["items"]
    assert [h["label"] for h in hits] == [people["person:gwilym-williams"]["name"]]
    alias = next(o for o in gold()["entities"]["organisations"] if o["name"] == POWYS)["forms"][1]
    hits = get(api, "/api/search", q=alias)["items"]
    assert hits[0]["label"] == POWYS and hits[0]["matched"] == alias and hits[0]["score"] == 100
    found = get(api, "/api/search", q="Childrens Services")
    scores = [h["score"] for h in found["items"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 90
    first = get(api, "/api/search", q="Childrens Services", limit=1)
    assert first["total"] == found["total"] >= len(found["items"]) > 1 and first["items"] == found["items"][:1]


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("path", ["/api/councils/no-such-council", "/api/people/nobody-at-all",
                                  "/api/inspections/x/y/z", "/api/documents/0000", "/api/posts/council/x/y",
                                  "/api/councils/no-such-council/timeline", "/api/departments/x/y",
                                  "/api/funding/abc", "/api/meetings/abc"])
def test_unknown_ids_are_404_problems(api: httpx.Client, path: str) -> None:
    r = api.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "/api/" in r.json()["detail"]


@pytest.mark.parametrize(("path", "params", "mentions"), [
    ("/api/people", {"limit": 0}, "limit"),
    ("/api/people", {"limit": 501}, "limit"),
    ("/api/people", {"offset": -1}, "offset"),
    ("/api/people", {"sort": "height"}, "sort"),
    ("/api/inspections", {"from": "2019-13"}, "from"),
    ("/api/inspections", {"from": "last year"}, "from"),
    ("/api/inspections", {"from": "2020", "to": "2019"}, "from"),
    ("/api/funding", {"council": "atlantis"}, "council"),
    ("/api/people", {"on": "2019-02-30"}, "on"),
    ("/api/documents", {"kind": "tweet"}, "kind"),
    ("/api/search", {}, "q"),
    ("/api/search", {"q": "xy", "type": "Planet"}, "type"),
    ("/api/search", {"q": "x"}, "q"),
])
def test_bad_parameters_are_422_problems(api: httpx.Client, path: str, params: dict, mentions: str) -> None:
    r = api.get(path, params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert mentions in r.json()["detail"]


# ---------------------------------------------------------------- JSON-LD and OpenAPI
def test_responses_are_json_ld_with_the_right_subjects(api: httpx.Client, live_server) -> None:  # noqa: ANN001
    ckg = live_server.url + "def/"
    body = api.get(f"/api/councils/{key(POWYS)}").text
    g = Graph().parse(data=body, format="json-ld")
    council = URIRef(live_server.url + f"id/council/{key(POWYS)}")
    assert (council, RDF.type, URIRef(ckg + "Council")) in g
    assert (council, RDFS.label, Literal(POWYS)) in g
    dept = URIRef(live_server.url + f"id/department/{key(POWYS)}/{slug(CHILDRENS)}")
    assert (dept, URIRef(ckg + "council"), council) in g
    assert (council, URIRef("http://www.w3.org/ns/org#hasUnit"), dept) in g
    timeline = Graph().parse(data=api.get(f"/api/councils/{key(POWYS)}/timeline").text, format="json-ld")
    events = set(timeline.objects(council, URIRef("https://schema.org/event")))
    inspections = get(api, "/api/inspections", council=key(POWYS))["items"]
    assert {URIRef(i["id"]) for i in inspections} <= events
    assert set(g.objects(council, PROV.wasDerivedFrom)) >= {URIRef(s["id"]) for s in api.get(
        f"/api/councils/{key(POWYS)}").json()["sources"]}
    as_ld = api.get(f"/api/councils/{key(POWYS)}", headers={"Accept": "application/ld+json"})
    assert as_ld.headers["content-type"] == "application/ld+json" and as_ld.json()["id"] == str(council)
    page = api.get("/api/people", params={"limit": 3})
    g = Graph().parse(data=page.text, format="json-ld")
    members = set(g.objects(URIRef(str(page.url)), URIRef(HYDRA + "member")))
    assert members == {URIRef(p["id"]) for p in page.json()["items"]} and len(members) == 3
    assert all((m, RDF.type, URIRef(ckg + "Person")) in g for m in members)


def test_openapi_documents_every_resource_operation(api: httpx.Client) -> None:
    spec = get(api, "/openapi.json")
    paths = spec["paths"]
    for kind in ("councils", "departments", "people", "posts", "inspections", "funding", "meetings", "documents"):
        listing = paths[f"/api/{kind}"]["get"]
        assert listing["summary"]
        assert all(p.get("description") for p in listing["parameters"]), kind
        assert {"limit", "offset", "sort"} <= {p["name"] for p in listing["parameters"]}
        assert "$ref" in str(listing["responses"]["200"]["content"]["application/json"]["schema"])
        item = next(v["get"] for k, v in paths.items() if k.startswith(f"/api/{kind}/{{key"))
        assert item["summary"] and "application/problem+json" in item["responses"]["404"]["content"]
        assert item["parameters"][0]["name"] == "key" and item["parameters"][0]["description"]
        assert "Problem" in str(listing["responses"]["422"])
    assert "/api/councils/{key}/timeline" in paths and "/api/search" in paths


# ---------------------------------------------------------------- writes
NEW_DOCUMENT = ("Gwynedd Council names a new social services director\n\n"
                "Gwynedd Council has a new Director of Social Services. In March 2021, Ffion Price was appointed "
                "Director of Social Services at Gwynedd Council, the council said.\n")


def test_api_follows_writes(server_factory) -> None:  # noqa: ANN001
    """The cached tables are rebuilt after a write: an ingested document's person, post and
    appointment appear at once, and go again when the document is removed."""
    token = "resource-api-test-token"
    server = server_factory(env={"COUNCILKG_WRITE_TOKENS": f"api:{token}"})
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.url, timeout=60) as c:
        before = c.get("/api/people").json()["total"]
        r = c.post("/documents", content=NEW_DOCUMENT.encode(), headers={"Content-Type": "text/plain", **auth})
        assert r.status_code == 201, r.text
        people = [u for u in r.json()["entities"]["created"] if "/id/person/" in u]
        assert people and c.get("/api/people").json()["total"] == before + len(people)
        hits = c.get("/api/search", params={"q": "Ffion Pryce", "type": "Person"}).json()["items"]
        assert hits[0]["label"] == "Ffion Price" and hits[0]["id"] in people
        council = c.get("/api/councils/gwynedd-council").json()
        assert [(p["person"]["label"], p["title"], p["start"]) for p in council["people"]] == [
            ("Ffion Price", "Director of Social Services", "2021-03")]
        entries = c.get("/api/councils/gwynedd-council/timeline").json()["entries"]
        assert [(e["event"], e["date"]) for e in entries] == [("appointment", "2021-03")]
        assert "In March 2021, Ffion Price was appointed" in entries[0]["quote"]
        assert c.delete(f"/documents/{r.json()['id']}", headers=auth).status_code == 200
        assert c.get("/api/people").json()["total"] == before
        assert c.get("/api/councils/gwynedd-council").json()["people"] == []


# ---------------------------------------------------------------- questions the people list answers
def test_who_held_a_post_on_a_date(api: httpx.Client) -> None:
    """Q2: who held the post of Director of Social Services at Powys on 2019-01-01."""
    role = "Director of Social Services"
    holders = {p["canonical_id"].split(":", 1)[1]: r["start"] for d in gold()["documents"] for p in d["people"]
               for r in p["roles"] if r["role"] == role and r["organisation"] == POWYS and r.get("start")}
    for day in ("2019-01-01", "2018-01-01"):
        expected = sorted(k for k, start in holders.items() if start <= day)
        page = get(api, "/api/people", council=key(POWYS), role=role, on=day)
        assert [p["key"] for p in page["items"]] == expected
    assert holders and expected == []  # nobody before the first start the sources give


def test_councillors_with_party_and_ward(api: httpx.Client) -> None:
    """Q12: the party and ward of each named Powys councillor (merged over the documents)."""
    councillors: dict[str, dict[str, str | None]] = {}
    for d in gold()["documents"]:
        for p in d["people"]:
            if any(r["role"] == "Councillor" and r["organisation"] == POWYS for r in p["roles"]):
                known = councillors.setdefault(p["canonical_id"].split(":", 1)[1], {"party": None, "ward": None})
                known["party"] = known["party"] or p.get("party")
                known["ward"] = known["ward"] or p.get("ward")
    page = get(api, "/api/people", council=key(POWYS), role="Councillor")
    got = {p["key"]: {"party": p["party"] and p["party"]["label"], "ward": p["ward"] and p["ward"]["label"]}
           for p in page["items"]}
    assert got == councillors
    party = next(v["party"] for v in councillors.values() if v["party"])
    page = get(api, "/api/people", party=party.upper())
    assert {p["key"] for p in page["items"]} == {k for k, v in councillors.items() if v["party"] == party}


def test_people_in_more_than_one_document(api: httpx.Client) -> None:
    """Q24: people sorted by their number of source documents."""
    expected = {e["id"].split(":", 1)[1]: len(e["documents"]) for e in gold()["entities"]["people"]}
    page = get(api, "/api/people", sort="-sources", limit=500)
    counts = [len(p["sources"]) for p in page["items"]]
    assert counts == sorted(counts, reverse=True)
    assert {p["key"]: len(p["sources"]) for p in page["items"] if len(p["sources"]) > 1} == {
        k: n for k, n in expected.items() if n > 1}


def test_meetings_in_a_month(api: httpx.Client) -> None:
    """Q22: the Bridgend meetings scheduled for July 2017; a meeting dated only '2017' is not among them."""
    minutes = next(d for d in gold()["documents"] if "minutes" in d["meta"]["doc_type"])
    council = get(api, "/api/councils", q=minutes["meetings"][0]["council"])["items"]
    assert len(council) == 1
    expected = sorted(m["date"] for m in minutes["meetings"] if (m.get("date") or "").startswith("2017-07"))
    page = get(api, "/api/meetings", council=council[0]["key"], sort="date", **{"from": "2017-07", "to": "2017-07"})
    assert [m["date"] for m in page["items"]] == expected
    assert any(m.get("date") == "2017" for m in minutes["meetings"])
    whole_year = get(api, "/api/meetings", council=council[0]["key"], **{"from": "2017", "to": "2017"})
    assert whole_year["total"] == sum(1 for m in minutes["meetings"] if (m.get("date") or "").startswith("2017"))


# ---------------------------------------------------------------- every list: sort fields and paging
SORTS = {
    "councils": {"label": lambda r: r["label"].casefold(), "key": lambda r: r["key"]},
    "departments": {"label": lambda r: r["label"].casefold(),
                    "council": lambda r: r["council"]["label"].casefold() if r["council"] else None},
    "people": {"label": lambda r: r["label"].casefold(), "sources": lambda r: len(r["sources"])},
    "posts": {"label": lambda r: r["label"].casefold(), "holders": lambda r: len(r["holders"])},
    "inspections": {"date": lambda r: r["date"], "label": lambda r: r["label"].casefold()},
    "funding": {"date": lambda r: r["date"], "amount": lambda r: r["amount"], "label": lambda r: r["label"].casefold()},
    "meetings": {"date": lambda r: r["date"], "label": lambda r: r["label"].casefold()},
    "documents": {"published": lambda r: r["published"], "label": lambda r: r["label"].casefold(),
                  "source_name": lambda r: r["source_name"]},
}


def _date_sort(value: Any) -> Any:
    return (value + "-01-01")[:10] if isinstance(value, str) and value[:4].isdigit() and len(value) <= 10 else value


@pytest.mark.parametrize("kind", sorted(SORTS))
def test_every_list_sorts_both_ways_and_pages_consistently(api: httpx.Client, kind: str) -> None:
    everything = get(api, f"/api/{kind}", limit=500)
    total = everything["total"]
    assert total == len(everything["items"]) > 0
    for field, value in SORTS[kind].items():
        for sort in (field, f"-{field}"):
            items = get(api, f"/api/{kind}", sort=sort, limit=500)["items"]
            assert len(items) == total
            values = [value(r) for r in items]
            present = [_date_sort(v) for v in values if v is not None]
            assert present == sorted(present, reverse=sort.startswith("-")), (kind, sort)
            assert all(v is None for v in values[len(present):]), (kind, sort)  # missing values last
    size = max(1, -(-total // 4))
    seen: list[str] = []
    page = get(api, f"/api/{kind}", limit=size)
    while True:
        assert page["total"] == total and page["limit"] == size
        seen += [r["id"] for r in page["items"]]
        if page["next"] is None:
            break
        page = httpx.get(page["next"], timeout=30).json()
    assert seen == [r["id"] for r in everything["items"]]

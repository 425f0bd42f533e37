"""Named queries over a real embedded store holding the reference graphs and two fixture documents:
contradictions, the facts export and the entity index."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.entity_index import known_entities
from graph.facts import KnownEntity
from graph.facts_export import facts_records, load_query, select
from graph.reference import reference_graphs
from graph.store.base import SelectResult, Store
from graph.store.embedded import EmbeddedStore
from graph.to_rdf import to_rdf
from graph.uris import entity, named_graph, vocab_ns
from graph.vocab import CKG
from tests.ontology import fixtures as fx
from tests.store.conftest import empty_oxigraph, oxigraph_server, oxigraph_url, remote_store  # noqa: F401 (fixtures)

TIME = "http://www.w3.org/2006/time#"


@pytest.fixture(scope="module", params=["embedded", "remote"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The same queries on the embedded store and on a remote store (a real Oxigraph server)."""
    if request.param == "embedded":
        s: Store = EmbeddedStore(None)
    else:
        empty_oxigraph(request.getfixturevalue("oxigraph_server"))
        s = remote_store(request.getfixturevalue("oxigraph_url"))
    graphs = dict(reference_graphs())
    for facts in (fx.document_a(), fx.document_b()):
        graphs[named_graph(facts.meta.key)] = to_rdf(facts)
    s.replace_graphs(graphs)
    yield s
    s.close()


def test_load_query_rebinds_ckg_to_the_configured_base() -> None:
    text = load_query("contradictions")
    assert f"PREFIX ckg: <{vocab_ns()}>" in text


def test_contradictions_lists_each_disagreement_once_with_both_sources(store: EmbeddedStore) -> None:
    rows = select(store, "contradictions")
    found = {(str(r["subject"]), str(r["property"]), str(r["value1"]), str(r["source1"]),
              str(r["value2"]), str(r["source2"])) for r in rows}
    membership = next(str(m) for m in store.query(
        f"SELECT ?m WHERE {{ ?m <http://www.w3.org/ns/org#member> <{entity(fx.PERSON)}> }}").column("m"))
    assert found == {
        (entity(fx.INSPECTION), str(CKG.kind), f"{vocab_ns()}inspection-kind/full-inspection", "a.txt",
         f"{vocab_ns()}inspection-kind/follow-up-inspection", "b.txt"),
        (membership, TIME + "hasBeginning", "2020-06", "a.txt", "2020-03", "b.txt"),
    }
    start = next(r for r in rows if str(r["property"]) == TIME + "hasBeginning")
    assert str(start["quote1"]) == "In June 2020, Morwenna Pryce was appointed"
    assert str(start["quote2"]) == "Morwenna Pryce took over as Director of Social Services"


def test_a_difference_of_precision_is_not_a_contradiction(store: EmbeddedStore) -> None:
    date = URIRef(f"{entity(fx.INSPECTION)}/date")
    extra = to_rdf(fx.document_b())
    extra.remove((date, URIRef(TIME + "inXSDgYearMonth"), None))
    extra.add((date, URIRef(TIME + "inXSDDate"), Literal("2021-03-15", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))))
    s = EmbeddedStore(None)
    s.replace_graphs({**reference_graphs(), named_graph(fx.document_a().meta.key): to_rdf(fx.document_a()),
                      named_graph(fx.document_b().meta.key): extra})
    props = {str(r["property"]) for r in select(s, "contradictions")}
    assert props == {str(CKG.kind), TIME + "hasBeginning"}


def test_facts_export_gives_each_document_its_own_claims(store: EmbeddedStore) -> None:
    records = facts_records(store)
    assert [r["document"] for r in records] == ["a.txt", "b.txt"]
    a, b = records
    assert a["meta"] == {"headline": "New director named", "published": "2021-06-01",
                         "publisher": "Example News", "author": "Gwen Rees"}
    assert b["meta"] == {"headline": None, "published": "2021-07-02", "publisher": None, "author": None}
    assert a["councils"] == [{"name": "Ceredigion County Council", "aliases": ["CCC"]}]
    assert a["departments"] == [
        {"name": "Children's Services", "aliases": [], "council": "Ceredigion County Council"},
        {"name": "Social Services", "aliases": [], "council": "Ceredigion County Council"}]
    assert a["inspectorates"] == [{"name": "Care Inspectorate Wales", "aliases": ["CIW"]}]
    people = {p["name"]: p for p in a["people"]}
    assert set(people) == {"Gwen Rees", "Idris Bevan", "Morwenna Pryce"}
    assert people["Idris Bevan"] == {
        "name": "Idris Bevan", "aliases": ["Cllr Idris Bevan"], "party": "Plaid Cymru", "ward": "Aberaeron",
        "roles": [{"role": "Chair of the Learning scrutiny committee", "organisation": "Learning scrutiny committee",
                   "start": None, "end": None},
                  {"role": "Councillor", "organisation": "Ceredigion County Council", "start": None, "end": None}]}
    assert people["Gwen Rees"]["roles"] == [
        {"role": "Local Democracy Reporter", "organisation": None, "start": None, "end": None}]
    assert people["Morwenna Pryce"]["roles"][0]["start"] == "2020-06"
    assert b["people"][0]["roles"][0]["start"] == "2020-03"
    assert a["inspections"] == [{"inspector": "Care Inspectorate Wales", "inspected": "Children's Services",
                                 "council": "Ceredigion County Council", "date": "2021-03",
                                 "kind": "full inspection", "outcome": "serious concerns"}]
    assert b["inspections"][0]["kind"] == "follow-up inspection"
    assert a["funding_events"] == [{"amount": 1500000, "currency": "GBP", "recipient": "Children's Services",
                                    "council": "Ceredigion County Council", "date": "2021", "cumulative": False}]
    assert a["meetings"] == [{"body": "Learning scrutiny committee", "council": "Ceredigion County Council",
                              "date": "2021-05-04", "status": "held"}]
    assert b["funding_events"] == [] and b["meetings"] == []


def test_entity_index_knows_reference_and_extracted_entities(store: EmbeddedStore) -> None:
    known = {e.key: e for e in known_entities(store)}
    assert known[fx.PERSON] == KnownEntity(fx.PERSON, "person", "Morwenna Pryce", council=fx.COUNCIL)
    assert known[fx.COUNCILLOR].council == fx.COUNCIL  # a councillor and chair of one of its committees
    assert known["person/gwen-rees"].council is None
    assert known[fx.COUNCIL] == KnownEntity(fx.COUNCIL, "council", "Ceredigion County Council",
                                            ("CCC", "Ceredigion"))
    assert known[fx.DEPT].council == fx.COUNCIL and known[fx.DEPT].kind == "department"
    assert known[fx.COMMITTEE].kind == "body"
    assert known["inspectorate/cssiw"].aliases == ("CSSIW",)
    assert known["body/welsh-government"].kind == "body"
    councils = {s for s in reference_graphs()[named_graph("reference")].subjects(RDF.type, CKG.Council)}
    assert sum(e.kind == "council" for e in known.values()) == len(councils)  # every reference council


def test_queries_are_select_queries_over_the_store(store: EmbeddedStore) -> None:
    for name in ("facts_documents", "facts_organisations", "facts_aliases", "facts_people", "facts_roles",
                 "facts_inspections", "facts_funding", "facts_meetings", "entity_index", "contradictions"):
        assert isinstance(store.query(load_query(name)), SelectResult), name


def test_a_schema_org_only_client_finds_people_events_and_grants(store: EmbeddedStore) -> None:
    q = """PREFIX schema: <https://schema.org/>
    SELECT DISTINCT ?name WHERE { ?p a schema:Person ; schema:name ?name }"""
    assert {str(n) for n in store.query(q).column("name")} == {"Gwen Rees", "Idris Bevan", "Morwenna Pryce"}
    q = """PREFIX schema: <https://schema.org/>
    SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }"""
    assert int(store.query(q).rows[0]["n"]) == 2  # the inspection and the meeting
    q = """PREFIX schema: <https://schema.org/>
    SELECT ?value ?to WHERE { ?g a schema:MonetaryGrant ; schema:amount/schema:value ?value ;
                                 schema:fundedItem/schema:name ?to }"""
    rows = store.query(q).rows
    assert {(int(float(str(r["value"]))), str(r["to"])) for r in rows} == {(1500000, "Children's Services")}
    q = """PREFIX schema: <https://schema.org/>
    SELECT DISTINCT ?name WHERE { ?c a schema:GovernmentOrganization ; schema:name ?name ;
                                     schema:areaServed/schema:name "Ceredigion" }"""
    assert {str(n) for n in store.query(q).column("name")} == {"Ceredigion County Council"}


def test_an_org_only_client_finds_memberships_and_units(store: EmbeddedStore) -> None:
    q = """PREFIX org: <http://www.w3.org/ns/org#>
    SELECT DISTINCT ?m WHERE { ?m a org:Membership ; org:member ?p ; org:organization ?o .
                               ?o a org:Organization }"""
    assert len(store.query(q).rows) == 3  # the director's membership is one node shared by both documents
    q = """PREFIX org: <http://www.w3.org/ns/org#>
    SELECT DISTINCT ?unit WHERE { ?unit a org:OrganizationalUnit ; org:subOrganizationOf ?parent .
                                  ?parent a org:OrganizationalUnit }"""
    assert {str(u) for u in store.query(q).column("unit")} == {entity(fx.DEPT)}
    q = """PREFIX org: <http://www.w3.org/ns/org#>
    SELECT (COUNT(DISTINCT ?unit) AS ?n) WHERE { ?unit org:unitOf ?c ; org:subOrganizationOf ?c }"""
    assert int(store.query(q).rows[0]["n"]) == 2

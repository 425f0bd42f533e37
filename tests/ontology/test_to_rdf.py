"""to_rdf on hand-made DocumentFacts: deterministic URIs, provenance on every fact, dates with
their precision, materialised alignments."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, TIME, XSD

from graph.facts import DatePoint, DocumentFacts, Evidence, Organisation, Person, Role
from graph.to_rdf import body_class, to_rdf
from graph.uris import entity
from graph.validate import check
from graph.vocab import CKG, OA, ORG, SDO
from tests.ontology import fixtures as fx

FACT_CLASSES = (CKG.Membership, CKG.Post, CKG.Inspection, CKG.Finding, CKG.FundingEvent, CKG.Meeting,
                CKG.Publication)


@pytest.fixture(scope="module")
def doc_a() -> Graph:
    return to_rdf(fx.document_a())


def test_same_facts_give_the_same_graph() -> None:
    assert set(to_rdf(fx.document_a())) == set(to_rdf(fx.document_a()))


def test_no_blank_nodes(doc_a: Graph) -> None:
    assert not [t for t in doc_a if any(isinstance(n, BNode) for n in t)]


def test_every_fact_links_to_its_document_and_sentence(doc_a: Graph) -> None:
    meta = fx.document_a().meta
    doc = URIRef(entity(meta.key))
    facts = {s for c in FACT_CLASSES for s in doc_a.subjects(RDF.type, c)}
    assert len(facts) == 12  # 4 memberships, 3 posts, inspection, finding, funding, meeting, letter
    for fact in facts:
        assert (fact, PROV.wasDerivedFrom, doc) in doc_a
        anns = list(doc_a.objects(fact, CKG.evidence))
        assert anns, fact
        for ann in anns:
            assert (ann, OA.hasBody, fact) in doc_a
            target = doc_a.value(ann, OA.hasTarget)
            assert doc_a.value(target, OA.hasSource) == doc
            sels = {doc_a.value(s, RDF.type): s for s in doc_a.objects(target, OA.hasSelector)}
            exact = str(doc_a.value(sels[OA.TextQuoteSelector], OA.exact))
            start = int(doc_a.value(sels[OA.TextPositionSelector], OA.start))
            end = int(doc_a.value(sels[OA.TextPositionSelector], OA.end))
            assert meta.text[start:end] == exact


def test_one_annotation_per_sentence_with_every_fact_as_body(doc_a: Graph) -> None:
    person = URIRef(entity(fx.COUNCILLOR))
    ann = doc_a.value(person, CKG.evidence)
    bodies = set(doc_a.objects(ann, OA.hasBody))
    # the party and ward come from the same apposition as the person
    assert bodies == {person, URIRef(entity("party/plaid-cymru")),
                      URIRef(entity("ward/ceredigion-county-council/aberaeron"))}


def test_dates_keep_their_precision(doc_a: Graph) -> None:
    inspection_date = doc_a.value(URIRef(entity(fx.INSPECTION)), CKG.date)
    assert doc_a.value(inspection_date, TIME.inXSDgYearMonth) == Literal("2021-03", datatype=XSD.gYearMonth)
    assert doc_a.value(inspection_date, CKG.precision) == TIME.unitMonth
    assert doc_a.value(inspection_date, CKG.asWritten) == Literal("in March 2021")
    funding_date = doc_a.value(URIRef(entity("funding/ceredigion-childrens-1-5m")), CKG.date)
    assert doc_a.value(funding_date, TIME.inXSDgYear) == Literal("2021", datatype=XSD.gYear)
    assert doc_a.value(funding_date, CKG.resolvedFromRelative) == Literal(True)
    meeting_date = doc_a.value(URIRef(entity("meeting/ceredigion-learning-scrutiny/2021-05-04")), CKG.date)
    assert doc_a.value(meeting_date, TIME.inXSDDate) == Literal("2021-05-04", datatype=XSD.date)


def test_membership_is_shared_across_documents_with_each_documents_start() -> None:
    a, b = to_rdf(fx.document_a()), to_rdf(fx.document_b())
    person = URIRef(entity(fx.PERSON))
    ma, mb = a.value(person, ORG.hasMembership), b.value(person, ORG.hasMembership)
    assert ma == mb
    start = URIRef(f"{ma}/during/start")
    assert a.value(start, TIME.inXSDgYearMonth) == Literal("2020-06", datatype=XSD.gYearMonth)
    assert b.value(start, TIME.inXSDgYearMonth) == Literal("2020-03", datatype=XSD.gYearMonth)
    assert a.value(ma, CKG.appointed) == Literal(True) and b.value(mb, CKG.appointed) is None


def test_alignments_are_materialised(doc_a: Graph) -> None:
    council = URIRef(entity(fx.COUNCIL))
    for cls in (CKG.Council, ORG.FormalOrganization, ORG.Organization, SDO.GovernmentOrganization,
                SDO.Organization):
        assert (council, RDF.type, cls) in doc_a
    inspection = URIRef(entity(fx.INSPECTION))
    assert (inspection, PROV.wasAssociatedWith, URIRef(entity(fx.CIW))) in doc_a
    assert (inspection, DCTERMS.type, doc_a.value(inspection, CKG.kind)) in doc_a


def test_author_is_the_extracted_person_of_that_name(doc_a: Graph) -> None:
    doc = URIRef(entity(fx.document_a().meta.key))
    assert doc_a.value(doc, DCTERMS.creator) == URIRef(entity("person/gwen-rees"))


def test_author_known_only_from_metadata_gets_a_person_node() -> None:
    facts = fx.document_b()
    facts.meta.author = "Siân Lloyd"
    g = to_rdf(facts)
    author = g.value(URIRef(entity(facts.meta.key)), DCTERMS.creator)
    assert author == URIRef(entity("person/sian-lloyd"))
    assert g.value(author, SDO.name) == Literal("Siân Lloyd")
    assert check(g).conforms


def test_unknown_titles_and_kinds_become_concepts_of_their_schemes() -> None:
    facts = fx.document_b()
    facts.inspections[0].kind = "thematic review"
    facts.people[0].roles.append(Role("Interim Head of Fostering", facts.people[0].evidence,
                                      organisation=fx.COUNCIL))
    g = to_rdf(facts)
    kind = g.value(URIRef(entity(fx.INSPECTION)), CKG.kind)
    assert kind == URIRef(f"{CKG}inspection-kind/thematic-review")
    assert (kind, SKOS.inScheme, CKG.InspectionKinds) in g
    role = URIRef(f"{CKG}role/interim-head-of-fostering")
    assert (role, SKOS.prefLabel, Literal("Interim Head of Fostering", lang="en")) in g
    assert check(g).conforms


@pytest.mark.parametrize("kind,cls", [
    ("scrutiny committee", CKG.Committee), ("Corporate Parenting Cabinet Committee", CKG.Committee),
    ("cabinet", CKG.Cabinet), ("full council", CKG.FullCouncil), ("board", CKG.Board),
    ("government", CKG.Government), ("regional partnership", CKG.Body), (None, CKG.Body)])
def test_body_kind_to_class(kind: str | None, cls: URIRef) -> None:
    assert body_class(kind) == cls


def test_empty_document_is_a_valid_graph() -> None:
    facts = DocumentFacts(fx.meta("Nothing to see here.", "empty.txt"))
    g = to_rdf(facts)
    assert check(g).conforms
    assert {o for o in g.objects(None, RDF.type)} >= {CKG.NewsArticle, CKG.SourceDocument}


_words = st.text(alphabet=st.characters(whitelist_categories=("L", "Zs"), max_codepoint=0x24F), min_size=1,
                 max_size=30).filter(lambda s: s.strip() != "")


@settings(deadline=None)  # the first example builds the (now 339-council) reference context; no timing claim here
@given(name=_words, before=st.text(max_size=40), after=st.text(max_size=40),
       date=st.dates().map(lambda d: d.isoformat()), precision=st.sampled_from(["year", "month", "day"]))
def test_any_named_person_with_a_dated_role_validates(name: str, before: str, after: str, date: str,
                                                      precision: str) -> None:
    text = f"{before}{name}{after}"
    start = len(before)
    ev = Evidence(start, start + len(name), name, before[-32:], after[:32])
    value = {"year": date[:4], "month": date[:7], "day": date}[precision]
    council = Organisation(fx.COUNCIL, "Ceredigion County Council", "council", ev)
    person = Person("person/someone", name.strip() or "x", ev,
                    roles=[Role("Councillor", ev, organisation=fx.COUNCIL, start=DatePoint(value, precision))])
    facts = DocumentFacts(fx.meta(text, "h.txt"), [council], [person])
    report = check(to_rdf(facts))
    assert report.conforms, report.text


def test_role_ending_before_it_starts_is_refused() -> None:
    facts = fx.document_b()
    role = facts.people[0].roles[0]
    facts.people[0].roles[0] = dataclasses.replace(role, end=DatePoint("2019-11", "month"))
    report = check(to_rdf(facts))
    assert {(v.component.split("#")[-1]) for v in report.violations} == {"SPARQLConstraintComponent"}

"""The ontology file, the reference data and the JSON-LD context."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph.paths import ONTOLOGY_DIR, PROJECT_ROOT
from graph.reference import jsonld_context, ontology_graph, party_key, reference_graph, reference_graphs
from graph.to_rdf import to_rdf
from graph.uris import entity, named_graph, slug, vocab_ns
from graph.vocab import CKG, ONS, ORG, SDO, WD
from tests.ontology import fixtures as fx

COUNCILS_CSV = ONTOLOGY_DIR / "reference" / "councils.csv"


def councils() -> list[dict[str, str]]:
    with COUNCILS_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_term_has_label_and_comment() -> None:
    g = ontology_graph()
    terms = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in g.subjects(RDF.type, kind) if str(s).startswith(vocab_ns())}
    assert len(terms) >= 70
    missing = sorted(str(t) for t in terms if g.value(t, RDFS.label) is None or g.value(t, RDFS.comment) is None)
    assert missing == []


def test_ontology_is_versioned_under_the_base() -> None:
    g = ontology_graph()
    onto = URIRef(vocab_ns())
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionIRI) == URIRef(vocab_ns() + "0.1.0")


def test_every_ckg_term_the_graph_uses_is_defined() -> None:
    onto = ontology_graph()
    defined = set(onto.subjects())
    used: set[URIRef] = set()
    for facts in (fx.document_a(), fx.document_b()):
        g = to_rdf(facts)
        used |= {p for p in g.predicates() if str(p).startswith(str(CKG))}
        used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(CKG))}
    assert used and sorted(str(u) for u in used - defined) == []


def test_alignment_to_standard_vocabularies() -> None:
    g = ontology_graph()
    assert (CKG.Council, RDFS.subClassOf, ORG.FormalOrganization) in g
    assert (CKG.Council, RDFS.subClassOf, SDO.GovernmentOrganization) in g
    assert (CKG.Department, RDFS.subClassOf, ORG.OrganizationalUnit) in g
    assert (CKG.Membership, RDFS.subClassOf, ORG.Membership) in g
    assert (CKG.Person, RDFS.subClassOf, SDO.Person) in g
    assert (CKG.inspector, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")) in g
    assert (CKG.evidence, OWL.inverseOf, URIRef("http://www.w3.org/ns/oa#hasBody")) in g


def test_concept_schemes_for_role_titles_and_inspection_kinds() -> None:
    g = ontology_graph()
    kinds = {str(g.value(c, SKOS.prefLabel)) for c in g.subjects(SKOS.inScheme, CKG.InspectionKinds)}
    assert kinds == {"inspection", "full inspection", "follow-up inspection", "follow-up visit",
                     "monitoring visit", "improvement conference"}
    director = URIRef(vocab_ns() + "role/director-of-social-services")
    assert (director, SKOS.inScheme, CKG.RoleTitles) in g
    assert (director, RDF.type, ORG.Role) in g
    leader = URIRef(vocab_ns() + "role/leader-of-the-council")
    assert g.value(leader, SKOS.broader) == URIRef(vocab_ns() + "role/councillor")


def test_every_council_has_a_well_formed_code_and_area_links() -> None:
    g = reference_graph()
    rows = [r for r in councils() if r["country"] == "Wales"]  # English rows: tests/integration/test_reference_links.py
    assert len(rows) == 22
    for r in rows:
        assert re.fullmatch(r"W06\d{6}", r["gss_code"]), r
        assert re.fullmatch(r"Q\d+", r["area_wikidata"]), r
        council = URIRef(entity(f"council/{slug(r['name'])}"))
        area = URIRef(entity(f"area/{r['gss_code']}"))
        assert g.value(council, DCTERMS.spatial) == area
        assert g.value(council, SDO.areaServed) == area
        assert (area, SKOS.exactMatch, ONS[r["gss_code"]]) in g
        wd = WD[r["area_wikidata"]]
        if r["qid_verified"] == "yes":
            assert (area, SKOS.exactMatch, wd) in g
        else:
            assert (area, CKG.unverifiedMatch, wd) in g and (area, SKOS.exactMatch, wd) not in g
        assert (council, None, wd) not in g, "the Wikidata item is the area, not the council body"
    assert len(set(g.subjects(RDF.type, CKG.Council))) == len(councils())


def test_only_one_unverified_qid_and_no_owl_sameas() -> None:
    g = reference_graph()
    assert list(g.triples((None, OWL.sameAs, None))) == []
    welsh = URIRef(entity("area/W"))  # English areas: tests/integration/test_reference_links.py
    unverified = [(s, o) for s, o in g.subject_objects(CKG.unverifiedMatch) if s.startswith(welsh)]
    assert unverified == [(URIRef(entity("area/W06000001")), WD.Q42617191)]


def test_cssiw_is_the_former_name_of_ciw() -> None:
    g = reference_graph()
    cssiw, ciw = URIRef(entity("inspectorate/cssiw")), URIRef(entity("inspectorate/care-inspectorate-wales"))
    event = g.value(cssiw, ORG.changedBy)
    assert event is not None and (event, RDF.type, ORG.ChangeEvent) in g
    assert g.value(event, ORG.originalOrganization) == cssiw
    assert g.value(event, ORG.resultingOrganization) == ciw
    assert g.value(ciw, ORG.resultedFrom) == event
    date = g.value(event, CKG.date)
    assert str(g.value(date, URIRef("http://www.w3.org/2006/time#inXSDDate"))) == "2018-01-01"


def test_party_keys_follow_the_reference_aliases() -> None:
    assert party_key("Welsh Conservatives") == "party/conservative"
    assert party_key("Conservative") == "party/conservative"
    assert party_key("Plaid Cymru") == "party/plaid-cymru"
    assert party_key("Independent") == "party/independent"
    assert party_key("Liberal Democrat and Green group") == "party/liberal-democrat-and-green-group"


def test_reference_graphs_are_the_two_named_graphs() -> None:
    graphs = reference_graphs()
    assert set(graphs) == {named_graph("ontology"), named_graph("reference")}
    assert all(len(g) > 300 for g in graphs.values())


def test_jsonld_context_round_trips_a_document_graph() -> None:
    g = to_rdf(fx.document_a())
    ctx = jsonld_context()
    assert ctx["@context"]["ckg"] == vocab_ns()
    data = g.serialize(format="json-ld", context=ctx["@context"], auto_compact=True)
    assert '"inspector"' in data and '"Inspection"' in data
    assert isomorphic(g, Graph().parse(data=data, format="json-ld"))


def test_terms_and_context_follow_the_configured_base() -> None:
    code = (
        "import json\n"
        "from graph.reference import ontology_graph, jsonld_context, reference_graph\n"
        "from rdflib import URIRef\n"
        "from rdflib.namespace import RDF, OWL\n"
        "g = ontology_graph()\n"
        "r = reference_graph()\n"
        "print(json.dumps([(URIRef('https://kg.example.org/def/Inspection'), RDF.type, OWL.Class) in g,\n"
        "  jsonld_context()['@context']['ckg'],\n"
        "  (URIRef('https://kg.example.org/id/council/powys-county-council'), None, None) in r]))\n"
    )
    env = {**os.environ, "COUNCILKG_BASE_URI": "https://kg.example.org/"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=PROJECT_ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [True, "https://kg.example.org/def/", True]

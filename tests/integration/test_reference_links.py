"""Reference data links every council, through its area, to the ONS statistical-geography URI and to
the Wikidata item of the area (issue 9): codes are well formed, every row names its sources, no
council lacks a GSS code, and the councils the project's own English test documents name are there."""
from __future__ import annotations

import csv
import re

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from graph.reference import REFERENCE_DIR, reference_graph
from graph.uris import entity, slug
from graph.vocab import CKG, ONS, SDO, WD

GSS = re.compile(r"(W06|E06|E07|E08|E09|E10)\d{6}")
QID = re.compile(r"Q[1-9]\d*")
PREFIX_TYPE = {"W06": "principal area", "E06": "unitary authority", "E07": "non-metropolitan district",
               "E08": "metropolitan borough", "E09": "London borough", "E10": "county council"}


def rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_code_is_well_formed_and_sourced() -> None:
    councils = rows("councils.csv")
    assert all(r["gss_code"] for r in councils), "a council without a GSS code"
    for r in councils:
        assert GSS.fullmatch(r["gss_code"]), r["name"]
        assert r["source_of_gss"], r["name"]
        assert r["source_of_qid"], r["name"]
        assert r["qid_verified"] in {"yes", "no"}, r["name"]
        if r["area_wikidata"]:
            assert QID.fullmatch(r["area_wikidata"]), r["name"]
        else:
            assert r["qid_verified"] == "no" and r["source_of_qid"].startswith("no QID"), r["name"]
        if r["qid_verified"] == "no" and r["area_wikidata"]:
            assert "UNVERIFIED" in r["source_of_qid"], r["name"]
        if r["council_type"] != "City of London Corporation":
            assert r["council_type"] == PREFIX_TYPE[r["gss_code"][:3]], r["name"]
    for column in ("gss_code", "name"):
        values = [r[column] for r in councils]
        assert len(values) == len(set(values)), f"duplicate {column}"


def test_all_english_principal_authorities_are_there() -> None:
    """317 current English authorities (63 E06, 164 E07, 36 E08, 33 E09, 21 E10) and the 22 Welsh."""
    counts: dict[str, int] = {}
    for r in rows("councils.csv"):
        counts[r["gss_code"][:3]] = counts.get(r["gss_code"][:3], 0) + 1
    assert counts == {"W06": 22, "E06": 63, "E07": 164, "E08": 36, "E09": 33, "E10": 21}


def test_the_reference_graph_links_each_council_area_to_ons_and_wikidata() -> None:
    g = reference_graph()
    for r in rows("councils.csv"):
        council = URIRef(entity(f"council/{slug(r['name'])}"))
        area = URIRef(entity(f"area/{r['gss_code']}"))
        assert (council, RDF.type, CKG.Council) in g
        assert g.value(council, DCTERMS.spatial) == area and g.value(council, SDO.areaServed) == area
        assert (area, SKOS.exactMatch, ONS[r["gss_code"]]) in g, r["name"]
        assert str(g.value(area, SDO.name)) == r["area_name"]
        if r["area_wikidata"]:
            link = SKOS.exactMatch if r["qid_verified"] == "yes" else CKG.unverifiedMatch
            assert (area, link, WD[r["area_wikidata"]]) in g, r["name"]
            assert (council, None, WD[r["area_wikidata"]]) not in g, "the Wikidata item is the area's"
    assert list(g.triples((None, OWL.sameAs, None))) == []


def test_english_councils_of_the_test_documents_are_in_the_reference_data() -> None:
    """The councils tests/data/documents name resolve to reference rows (with their GSS codes)."""
    by_name = {r["name"]: r["gss_code"] for r in rows("councils.csv")}
    expected = {"Norfolk County Council": "E10000020", "Wiltshire Council": "E06000054",
                "Kent County Council": "E10000016", "Sandwell Metropolitan Borough Council": "E08000028",
                "Stockton-on-Tees Borough Council": "E06000004", "Devon County Council": "E10000008",
                "Hampshire County Council": "E10000014", "Lancashire County Council": "E10000017",
                "Nottinghamshire County Council": "E10000024"}
    assert {n: by_name.get(n) for n in expected} == expected


def test_the_extractor_resolves_an_english_council_to_its_reference_row() -> None:
    """'Sandwell Council' in running text is the reference council (so its area links apply)."""
    from graph.extract import extract
    from graph.read import read_document
    from tests.conftest import PROJECT_ROOT

    facts = extract(read_document(PROJECT_ROOT / "tests" / "data" / "documents" / "110_sandwell_cqc.txt"))
    councils = {o.key for o in facts.organisations if o.kind == "council"}
    assert "council/sandwell-metropolitan-borough-council" in councils


def test_parties_and_inspectorates_link_to_wikidata_only_where_sourced() -> None:
    """A party's or inspectorate's Wikidata item is given only with two agreeing sources named."""
    from graph.reference import reference_graph as graph

    g = graph()
    for name, kind in (("parties.csv", "party"), ("inspectorates.csv", "inspectorate")):
        for r in rows(name):
            node = URIRef(entity(f"{kind}/{r['key']}"))
            if r["wikidata"]:
                assert QID.fullmatch(r["wikidata"]), r["key"]
                assert "two independent public sources agree" in r["source"], r["key"]
                assert (node, SKOS.exactMatch, WD[r["wikidata"]]) in g
            else:
                assert not [o for o in g.objects(node, SKOS.exactMatch) if str(o).startswith(str(WD))], r["key"]
    assert {r["key"]: r["wikidata"] for r in rows("parties.csv") if r["wikidata"]} == \
        {"conservative": "Q9626", "labour": "Q9630"}

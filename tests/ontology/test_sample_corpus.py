"""The sample corpus end to end through the RDF side: every document's graph validates, and the
facts export computed by SPARQL over a store built from them gives back what the extractor found
(the same records `graph.facts_view` renders directly from DocumentFacts)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from graph.facts import DocumentFacts
from graph.facts_export import facts_records, select
from graph.pipeline import document_files
from graph.store.embedded import EmbeddedStore
from graph.uris import named_graph
from graph.validate import check

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus() -> list[DocumentFacts]:
    from graph.extract import extract
    from graph.paths import SAMPLE_DOCUMENTS_DIR
    from graph.read import read_document
    from graph.resolve import resolve_corpus

    return resolve_corpus([extract(read_document(p)) for p in document_files(SAMPLE_DOCUMENTS_DIR)])


@pytest.fixture(scope="module")
def store(corpus: list[DocumentFacts]) -> Iterator[EmbeddedStore]:
    from graph.reference import reference_graphs
    from graph.to_rdf import to_rdf

    s = EmbeddedStore(None)
    s.replace_graphs({**reference_graphs(), **{named_graph(f.meta.key): to_rdf(f) for f in corpus}})
    yield s
    s.close()


def test_every_sample_document_graph_validates(corpus: list[DocumentFacts]) -> None:
    from graph.to_rdf import to_rdf

    assert len(corpus) == 5
    for facts in corpus:
        report = check(to_rdf(facts))
        assert report.conforms, f"{facts.meta.source_name}: {report.text}"


def test_document_graphs_read_back_from_the_store_still_validate(store: EmbeddedStore) -> None:
    """The store may normalise literals (Oxigraph keeps xsd:integer, not its derived types):
    what `councilkg validate` reads back must conform too."""
    names = [g for g in store.named_graphs() if "/graph/document/" in g]
    assert len(names) == 5
    for name in names:
        report = check(store.graph(name))
        assert report.conforms, f"{name}: {report.text}"


def _view(rec: dict[str, Any]) -> dict[str, Any]:
    """The part of a facts_view record that the export schema has, as comparable sets."""
    def names(items: list[dict[str, Any]], *keys: str) -> set[tuple]:
        return {tuple([i["name"], tuple(sorted(i.get("aliases") or []))] + [i.get(k) for k in keys]) for i in items}

    return {
        "meta": {k: rec["meta"][k] for k in ("headline", "published", "publisher", "author")},
        "councils": names(rec["councils"]),
        "departments": names(rec["departments"], "council"),
        "inspectorates": names(rec["inspectorates"]),
        "people": {(p["name"], tuple(sorted(p["aliases"])), p["party"], p["ward"],
                    tuple(sorted((r["role"], r["organisation"], r["start"], r["end"]) for r in p["roles"])))
                   for p in rec["people"]},
        "inspections": Counter((i["inspector"], i["inspected"], i["council"], i["date"], i["kind"], i["outcome"])
                              for i in rec["inspections"]),
        "funding": Counter((f["amount"], f["currency"], f["recipient"], f["council"], f["date"], f["cumulative"])
                          for f in rec["funding_events"]),
        "meetings": Counter((m["council"], m["date"], m["status"]) for m in rec["meetings"]),
    }


def test_facts_export_round_trips_the_extracted_facts(corpus: list[DocumentFacts], store: EmbeddedStore) -> None:
    from graph.facts_view import gold_records

    exported = {r["document"]: r for r in facts_records(store)}
    direct = {r["document"]: r for r in gold_records(corpus)}
    assert set(exported) == set(direct)
    for name, rec in direct.items():
        assert _view(exported[name]) == _view(rec), name


def test_meeting_bodies_are_named_as_in_the_document(corpus: list[DocumentFacts], store: EmbeddedStore) -> None:
    exported = {r["document"]: r for r in facts_records(store)}
    for facts in corpus:
        names = {o.key: o.name for o in facts.organisations}
        expected = sorted((m.body_name or names.get(m.body or "")) or "" for m in facts.meetings)
        got = sorted(m["body"] or "" for m in exported[facts.meta.source_name]["meetings"])
        assert got == expected, facts.meta.source_name


def test_sample_contradictions_include_the_directors_start_and_the_inspection_kind(store: EmbeddedStore) -> None:
    rows = select(store, "contradictions")
    props = {(str(r["property"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1], str(r["value1"]).rsplit("/", 1)[-1],
              str(r["value2"]).rsplit("/", 1)[-1]) for r in rows}
    assert ("hasBeginning", "2018-05", "2018-04") in props
    assert ("kind", "full-inspection", "follow-up-inspection") in props

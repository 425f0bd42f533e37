"""Loading external datasets into their own named graphs (graph.external, `councilkg load/unload`):
every RDF format by suffix, CSV through a mapping, graph names in quad formats remapped, the
project's own graphs refused, a failed load changing nothing, and unload leaving the extracted
data as it was."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from graph.errors import InputError, NotFound, UnsupportedMediaType
from graph.external import external_datasets, external_graphs, load_external, unload_external
from graph.reference import reference_graphs
from graph.store.embedded import EmbeddedStore
from graph.uris import named_graph
from tests.conftest import run_cli

EX = Namespace("https://example.org/ext/")
TARGET = "https://example.org/graph/ext"
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}


def sample() -> Graph:
    g = Graph()
    g.add((EX.a, RDF.type, EX.Thing))
    g.add((EX.a, RDFS.label, Literal("Ä thing", lang="en")))
    g.add((EX.a, EX.amount, Literal(3, datatype=XSD.integer)))
    g.add((EX.b, EX.linksTo, EX.a))
    return g


@pytest.fixture()
def store() -> EmbeddedStore:
    s = EmbeddedStore(None)
    s.replace_graphs(reference_graphs())
    return s


def digest(store: EmbeddedStore) -> bytes:
    return b"".join(store.dump("application/n-quads"))


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_each_triple_format_loads_into_its_own_graph(store: EmbeddedStore, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"data{suffix}"
    path.write_text(sample().serialize(format=FORMATS[suffix]), encoding="utf-8")
    summary = load_external(store, path, TARGET)
    assert summary.triples == 4 and summary.remapped_graphs == 0
    assert isomorphic(store.graph(TARGET), sample())
    assert external_graphs(store) == [TARGET]


@pytest.mark.parametrize("suffix,fmt", [(".nq", "nquads"), (".trig", "trig")])
def test_graph_names_in_quad_files_are_remapped_into_the_target(store: EmbeddedStore, tmp_path: Path,
                                                                  suffix: str, fmt: str) -> None:
    ds = Dataset()
    triples = list(sample())
    ds.graph(URIRef("https://example.org/g1")).add(triples[0])
    ds.graph(URIRef(named_graph("reference"))).add(triples[1])  # a file cannot write the reference graph
    for t in triples[2:]:
        ds.graph(URIRef("https://example.org/g2")).add(t)
    path = tmp_path / f"data{suffix}"
    path.write_text(ds.serialize(format=fmt), encoding="utf-8")
    before = store.graph(named_graph("reference"))
    summary = load_external(store, path, TARGET)
    assert summary.remapped_graphs == 3 and summary.triples == 4
    assert isomorphic(store.graph(TARGET), sample())
    assert isomorphic(store.graph(named_graph("reference")), before)
    assert "https://example.org/g1" not in store.named_graphs()


def test_a_second_load_replaces_the_graph_and_is_recorded(store: EmbeddedStore, tmp_path: Path) -> None:
    first, second = tmp_path / "one.ttl", tmp_path / "two.ttl"
    first.write_text(sample().serialize(format="turtle"), encoding="utf-8")
    second.write_text(f"<{EX.c}> <{EX.p}> 1 .", encoding="utf-8")
    load_external(store, first, TARGET)
    load_external(store, second, TARGET)
    assert len(store.graph(TARGET)) == 1
    [record] = external_datasets(store)
    assert (record.graph, record.triples, record.source) == (TARGET, 1, "two.ttl")
    assert record.modified and record.modified.endswith("+00:00")


@pytest.mark.parametrize("key", ["ontology", "reference", "meta", "document/0123456789abcdef"])
def test_the_projects_own_graphs_are_refused(store: EmbeddedStore, tmp_path: Path, key: str) -> None:
    path = tmp_path / "data.ttl"
    path.write_text(sample().serialize(format="turtle"), encoding="utf-8")
    before = digest(store)
    other_base = f"http://127.0.0.1:9/graph/{key}"  # a store built under another base
    for graph in (named_graph(key), other_base):
        with pytest.raises(InputError, match="one of the project's own graphs"):
            load_external(store, path, graph)
        with pytest.raises(InputError, match="one of the project's own graphs"):
            unload_external(store, graph)
    assert digest(store) == before


@pytest.mark.parametrize("text,message", [
    ("<https://example.org/a> <https://example.org/b> .", "does not parse"),
    ('{"@context": "https://schema.org/", "@id": "https://example.org/a", "name": "x"}', "inline the @context"),
])
def test_a_file_that_does_not_parse_changes_nothing(store: EmbeddedStore, tmp_path: Path, text: str,
                                                    message: str) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(sample().serialize(format="turtle"), encoding="utf-8")
    load_external(store, good, TARGET)
    before, version = digest(store), store.version()
    bad = tmp_path / ("bad.jsonld" if text.startswith("{") else "bad.ttl")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_external(store, bad, TARGET)
    assert digest(store) == before and store.version() == version


def test_bad_names_and_formats_are_refused(store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "data.ttl"
    path.write_text(sample().serialize(format="turtle"), encoding="utf-8")
    with pytest.raises(InputError, match="not an absolute IRI"):
        load_external(store, path, "my graph")
    odd = tmp_path / "data.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(UnsupportedMediaType, match="cannot tell the format"):
        load_external(store, odd, TARGET)
    with pytest.raises(InputError, match="needs its column mapping|column mapping"):
        (tmp_path / "t.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        load_external(store, tmp_path / "t.csv", TARGET)
    with pytest.raises(NotFound, match="no external dataset"):
        unload_external(store, TARGET)
    assert external_graphs(store) == []


def test_csv_through_a_mapping_and_a_bad_cell_named_by_line(store: EmbeddedStore, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("code,name,value\nW06000023,Powys,12\nW06000013,Bridgend,7\n", encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text("""{"subject": "https://example.org/obs/{code}", "class": "ex:Obs",
      "prefixes": {"ex": "https://example.org/def/"},
      "columns": {"code": {"predicate": "ex:area",
                           "iri": "http://statistics.data.gov.uk/id/statistical-geography/{value}"},
                  "name": {"predicate": "rdfs:label", "lang": "en"},
                  "value": {"predicate": "ex:value", "datatype": "xsd:integer"}}}""", encoding="utf-8")
    assert load_external(store, table, TARGET, mapping=mapping).triples == 8
    g = store.graph(TARGET)
    obs = URIRef("https://example.org/obs/W06000023")
    assert g.value(obs, URIRef("https://example.org/def/area")) == \
        URIRef("http://statistics.data.gov.uk/id/statistical-geography/W06000023")
    assert g.value(obs, URIRef("https://example.org/def/value")) == Literal(12)
    assert (obs, RDF.type, URIRef("https://example.org/def/Obs")) in g
    before = digest(store)
    table.write_text("code,name,value\nW06000023,Powys,12\nW06000013,Bridgend,seven\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"CSV line 3, column 'value': 'seven' is not a valid xsd:integer"):
        load_external(store, table, TARGET, mapping=mapping)
    mapping.write_text('{"subject": "https://example.org/obs/{code}", "columns": {"nope": "ex:p"}}',
                       encoding="utf-8")
    with pytest.raises(InputError, match="neither an absolute IRI nor a name with a known prefix"):
        load_external(store, table, TARGET, mapping=mapping)
    assert digest(store) == before


def test_cli_load_and_unload_leave_the_extracted_data_as_it_was(store_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.nt"
    path.write_text(sample().serialize(format="nt"), encoding="utf-8")
    dump_before = run_cli("export", "--format", "nquads", store=store_copy)
    assert dump_before.returncode == 0, dump_before.stderr
    loaded = run_cli("load", str(path), "--graph", TARGET, store=store_copy)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == f"loaded 4 triples from data.nt into {TARGET}"
    refused = run_cli("load", str(path), "--graph", named_graph("ontology"), store=store_copy)
    assert refused.returncode == 2 and "one of the project's own graphs" in refused.stderr
    unloaded = run_cli("unload", TARGET, store=store_copy)
    assert unloaded.returncode == 0 and unloaded.stdout.strip() == f"unloaded {TARGET}"
    missing = run_cli("unload", TARGET, store=store_copy)
    assert missing.returncode == 1 and "no external dataset is loaded" in missing.stderr
    dump_after = run_cli("export", "--format", "nquads", store=store_copy)
    meta = named_graph("meta")
    assert sorted(q for q in dump_after.stdout.splitlines() if meta not in q) == \
        sorted(q for q in dump_before.stdout.splitlines() if meta not in q)

"""The dataset description (/.well-known/void) and the full dumps, against the store's own counts."""
from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from tests.conftest import LiveServer, build_store_for, free_port, run_cli
from tests.linked_data.conftest import Oracle

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.fixture(scope="module")
def void(live_server: LiveServer) -> Graph:
    response = httpx.get(live_server.url + ".well-known/void")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    return Graph().parse(data=response.text, format="turtle")


def dataset_node(void: Graph) -> URIRef:
    nodes = [s for s in void.subjects(RDF.type, DCAT.Dataset) if (s, RDF.type, VOID.Dataset) in void]
    assert len(nodes) == 1
    return nodes[0]  # type: ignore[return-value]


def number(void: Graph, node: URIRef, prop: URIRef) -> int:
    values = list(void.objects(node, prop))
    assert len(values) == 1, (node, prop, values)
    return int(values[0])  # type: ignore[arg-type]


def test_void_counts_equal_the_stores(void: Graph, oracle: Oracle) -> None:
    quads = oracle.quads()
    triples = {(s, p, o) for s, p, o, _ in quads}
    ds = dataset_node(void)
    assert number(void, ds, VOID.triples) == len(triples)
    assert number(void, ds, VOID.entities) == len({s for s, _, _ in triples if str(s).startswith(oracle.base + "id/")})
    assert number(void, ds, VOID.properties) == len({p for _, p, _ in triples})
    typed: dict[URIRef, set] = defaultdict(set)
    for s, p, o in triples:
        if p == RDF.type:
            typed[o].add(s)
    assert number(void, ds, VOID.classes) == len(typed)
    partitions = {void.value(part, VOID["class"]): number(void, part, VOID.entities)
                  for part in void.objects(ds, VOID.classPartition)}
    assert partitions == {c: len(members) for c, members in typed.items()}
    per_property: dict[URIRef, int] = defaultdict(int)
    for _, p, _ in triples:
        per_property[p] += 1
    assert {void.value(part, VOID.property): number(void, part, VOID.triples)
            for part in void.objects(ds, VOID.propertyPartition)} == per_property


def test_void_subsets_per_graph_kind(void: Graph, oracle: Oracle) -> None:
    per_graph: dict[URIRef, int] = defaultdict(int)
    for *_, g in oracle.quads():
        per_graph[g] += 1
    ds = dataset_node(void)
    direct = set(void.objects(ds, VOID.subset))
    documents = [s for s in direct if void.value(s, VOID.documents) is not None]
    assert len(documents) == 1
    document_graphs = {g for g in per_graph if str(g).startswith(oracle.base + "graph/document/")}
    assert set(void.objects(documents[0], VOID.subset)) == document_graphs
    assert number(void, documents[0], VOID.documents) == len(document_graphs) == number(void, ds, VOID.documents)
    for name in ("ontology", "reference", "meta"):
        assert URIRef(f"{oracle.base}graph/{name}") in direct
    for g, count in per_graph.items():
        assert number(void, g, VOID.triples) == count  # every graph, incl. any external one, with its count


def test_void_links_licence_endpoint_and_dumps(void: Graph, live_server: LiveServer) -> None:
    ds = dataset_node(void)
    assert (ds, DCTERMS.license, CC_BY) in void
    assert (ds, VOID.sparqlEndpoint, URIRef(live_server.url + "sparql")) in void
    assert (ds, VOID.uriSpace, Literal(live_server.url + "id/")) in void
    dumps = set(void.objects(ds, VOID.dataDump))
    assert dumps == {URIRef(f"{live_server.url}dumps/councilkg.{suffix}.gz") for suffix in ("nq", "trig")}
    downloads = {void.value(d, DCAT.downloadURL) for d in void.objects(ds, DCAT.distribution)}
    assert dumps <= downloads
    catalogs = list(void.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1 and (catalogs[0], DCAT.dataset, ds) in void


@pytest.mark.parametrize("media_type,parser", [("application/ld+json", "json-ld"),
                                               ("application/n-triples", "nt"),
                                               ("application/rdf+xml", "xml")])
def test_void_by_accept(live_server: LiveServer, void: Graph, media_type: str, parser: str) -> None:
    response = httpx.get(live_server.url + ".well-known/void", headers={"Accept": media_type})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type
    assert set(Graph().parse(data=response.content, format=parser)) == set(void)
    etag = response.headers["etag"]
    again = httpx.get(live_server.url + ".well-known/void", headers={"Accept": media_type, "If-None-Match": etag})
    assert again.status_code == 304


@pytest.fixture(scope="module")
def exported_quads(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> int:
    """`councilkg export` of the same corpus built under the live server's base (the live store is held
    open by the server, so the export reads a twin build: builds are deterministic)."""
    twin = build_store_for(live_server.url, tmp_path_factory.mktemp("twin") / "store")
    out = Path(twin.parent / "export.nq")
    result = run_cli("export", "--format", "nquads", "-o", str(out), store=twin,
                     env={"COUNCILKG_BASE_URI": live_server.url})
    assert result.returncode == 0, result.stderr
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    return len(list(dataset.quads()))


@pytest.mark.parametrize("suffix,parser", [("nq", "nquads"), ("trig", "trig")])
def test_dumps_decompress_and_parse_to_the_exports_quads(live_server: LiveServer, exported_quads: int,
                                                         oracle: Oracle, suffix: str, parser: str) -> None:
    url = f"{live_server.url}dumps/councilkg.{suffix}.gz"
    response = httpx.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    assert response.headers["content-disposition"] == f'attachment; filename="councilkg.{suffix}.gz"'
    dataset = Dataset()
    dataset.parse(data=gzip.decompress(response.content), format=parser)
    quads = len(list(dataset.quads()))
    assert quads == exported_quads == len(oracle.quads())
    etag = response.headers["etag"]
    assert httpx.get(url, headers={"If-None-Match": etag}).status_code == 304
    head = httpx.head(url)
    assert head.status_code == 200 and head.headers["etag"] == etag


def test_unknown_dump_is_404(live_server: LiveServer) -> None:
    assert httpx.get(live_server.url + "dumps/councilkg.csv.gz").status_code == 404


def test_an_external_dataset_is_listed_as_a_subset_with_its_count(tmp_path: Path) -> None:
    """A named graph the pipeline did not write (as `councilkg load` makes) is an external subset."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    store_path = build_store_for(url, tmp_path / "store")
    external = "https://stats.example.org/graph/illustrative-population"
    rows = [(f"W0600000{i}", 1000 * i) for i in range(1, 4)]  # illustrative figures
    turtle = "\n".join(f'<https://stats.example.org/obs/{code}> <https://stats.example.org/def/population> {n} ;'
                       f' <https://stats.example.org/def/area> "{code}" .' for code, n in rows)
    # Straight through pyoxigraph: EmbeddedStore.load would also stamp a store version in the meta
    # graph of THIS process's base (the test process's default), which the server would rightly refuse.
    store = ox.Store(str(store_path))
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(external))
    store.flush()
    del store
    server = LiveServer(store_path, port).start()
    try:
        void = Graph().parse(data=httpx.get(url + ".well-known/void").text, format="turtle")
    finally:
        server.stop()
    ds = dataset_node(void)
    assert (ds, VOID.subset, URIRef(external)) in void
    assert number(void, URIRef(external), VOID.triples) == 2 * len(rows)
    assert "External" in str(void.value(URIRef(external), DCTERMS.title))

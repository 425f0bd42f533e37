"""External datasets (area statistics, spending, other registers) in their own named graphs, so the
graph can be joined with data it did not make and the data can be removed again without touching
the extracted documents, the ontology or the reference data.

`load_external` parses the whole file first (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML by
suffix or media type, or CSV through a column mapping, see `graph.csv_mapping`) and then replaces
the target graph's content in ONE store update, so a file that fails to parse changes nothing.
Graph names inside N-Quads/TriG files are remapped into the target graph (the loader never writes
anywhere else); the summary says how many were. Relative IRIs resolve against the target graph's
URI. The document, ontology, reference and meta graphs are refused.

Each load is recorded in the meta graph (`<graph> a void:Dataset; dcterms:source; dcterms:modified;
void:triples`) so the service can describe external datasets in VoID and DCAT; `unload_external`
drops the graph and its record together.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.csv_mapping import csv_triples, parse_mapping, read_mapping
from graph.errors import InputError, NotFound, UnsupportedMediaType
from graph.store.base import Store
from graph.store.terms import iri
from graph.uris import named_graph

RESERVED_KEYS = ("ontology", "reference", "meta")
DOCUMENT_PREFIX_KEY = "document/"
SUFFIX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                  ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
                  ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
                  ".xml": ox.RdfFormat.RDF_XML}
MEDIA_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
               "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
_GRAPH_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class LoadSummary:
    graph: str
    triples: int
    source: str
    remapped_graphs: int = 0

    def __str__(self) -> str:
        note = (f" ({self.remapped_graphs} graph name(s) in the file mapped into it)"
                if self.remapped_graphs else "")
        return f"loaded {self.triples} triples from {self.source} into {self.graph}{note}"


@dataclass(frozen=True)
class ExternalDataset:
    graph: str
    triples: int
    source: str | None
    modified: str | None


_PROJECT_GRAPH = re.compile(r"^https?://.+/graph/(?:ontology|reference|meta|document/.*)$")
"""The shape of the project's own graph names under ANY base, so a load run with another
COUNCILKG_BASE_URI than the store was built under still cannot overwrite them."""


def reserved(graph: str) -> bool:
    """Whether a graph belongs to the project itself (documents, ontology, reference data, meta)."""
    return (graph in {named_graph(k) for k in RESERVED_KEYS} or graph.startswith(named_graph(DOCUMENT_PREFIX_KEY))
            or bool(_PROJECT_GRAPH.match(graph)))


def check_graph(graph: str) -> str:
    """The graph URI, if it may hold an external dataset; InputError saying what to use otherwise."""
    graph = graph.strip()
    if not _GRAPH_IRI.fullmatch(graph):
        raise InputError(f"{graph!r} is not an absolute IRI; name the graph with a full URI such as "
                         f"{named_graph('external/my-dataset')}")
    if reserved(graph):
        raise InputError(f"{graph} is one of the project's own graphs (documents, ontology, reference, meta) and "
                         "cannot hold an external dataset; choose another URI such as "
                         f"{named_graph('external/my-dataset')}")
    return graph


def external_graphs(store: Store) -> list[str]:
    """Named graphs that are not the project's own: the external datasets (sorted)."""
    return [g for g in store.named_graphs() if not reserved(g)]


def external_datasets(store: Store) -> list[ExternalDataset]:
    """Every external graph with its size and, when loaded through here, its source and load time."""
    meta = iri(named_graph("meta"))
    rows = store.query(f"""SELECT ?g ?source ?modified WHERE {{ GRAPH {meta} {{
        ?g a <{VOID}Dataset> . OPTIONAL {{ ?g <{DCT}source> ?source }} OPTIONAL {{ ?g <{DCT}modified> ?modified }}
    }} }}""").rows  # type: ignore[union-attr]
    recorded = {str(r["g"]): r for r in rows}
    out = []
    for g in external_graphs(store):
        count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri(g)} {{ ?s ?p ?o }} }}")
        r = recorded.get(g, {})
        out.append(ExternalDataset(g, int(count.rows[0]["n"]),  # type: ignore[union-attr]
                                   str(r["source"]) if "source" in r else None,
                                   str(r["modified"]) if "modified" in r else None))
    return out


def rdf_format_for(name: str) -> ox.RdfFormat:
    fmt = SUFFIX_FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise UnsupportedMediaType(f"cannot tell the format of {name}; use a file ending in "
                                   f"{', '.join(sorted(SUFFIX_FORMATS))} or .csv (with --mapping)")
    return fmt


def media_type_format(media_type: str) -> ox.RdfFormat:
    fmt = MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())
    if fmt is None:
        raise UnsupportedMediaType(f"unsupported Content-Type {media_type!r}; send one of {', '.join(MEDIA_TYPES)}, "
                                   "or application/json with {\"csv\": ..., \"mapping\": {...}} for a CSV table")
    return fmt


def parse_rdf(data: bytes, fmt: ox.RdfFormat, graph: str) -> tuple[list[ox.Triple], int]:
    """The file's triples (from every graph in it) and how many distinct graph names it had."""
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=graph))
    except SyntaxError as e:
        hint = "; inline the @context (remote contexts are not fetched)" if "context" in str(e).lower() else ""
        raise InputError(f"the {fmt.name} data does not parse: {e}{hint}; nothing was loaded") from e
    except ValueError as e:
        raise InputError(f"the {fmt.name} data cannot be read: {e}; nothing was loaded") from e
    names = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    return [q.triple for q in quads], len(names)


def _nt(t: ox.Triple) -> str:
    return f"{t.subject} {t.predicate} {t.object} ."


def replace_update(graph: str, triples: Iterable[ox.Triple], source: str) -> str:
    """SPARQL Update text that replaces the graph and its meta record (one transaction)."""
    body = "\n".join(sorted({_nt(t) for t in triples}))
    count = body.count("\n") + 1 if body else 0
    g, meta = iri(graph), iri(named_graph("meta"))
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    literal = ox.Literal(source)
    parts = [f"DROP SILENT GRAPH {g}",
             f"DELETE WHERE {{ GRAPH {meta} {{ {g} ?p ?o }} }}",
             f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}",
             f"INSERT DATA {{ GRAPH {meta} {{ {g} a <{VOID}Dataset> ; <{DCT}source> {literal} ; "
             f"<{DCT}modified> \"{now}\"^^<{XSD}dateTime> ; <{VOID}triples> {count} }} }}"]
    return " ;\n".join(parts)


def load_triples(store: Store, graph: str, triples: list[ox.Triple], source: str) -> int:
    graph = check_graph(graph)
    if not triples:
        raise InputError(f"{source} holds no triples; nothing was loaded")
    store.update(replace_update(graph, triples, source))
    return len({_nt(t) for t in triples})


def load_external(store: Store, path: Path, graph: str, *, mapping: Path | None = None) -> LoadSummary:
    """Load FILE into its own named graph, replacing what the graph held (one transaction)."""
    graph = check_graph(graph)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from e
    if path.suffix.lower() in {".csv", ".tsv"}:
        if mapping is None:
            raise InputError(f"{path.name} is a CSV table: give its column mapping with --mapping MAP.yaml "
                             "(see README, section Open-government data)")
        triples, remapped = csv_triples(_text(data, path.name), read_mapping(mapping), graph), 0
    else:
        if mapping is not None:
            raise InputError("--mapping is only for CSV files; RDF files carry their own structure")
        triples, remapped = parse_rdf(data, rdf_format_for(path.name), graph)
    count = load_triples(store, graph, triples, path.name)
    return LoadSummary(graph, count, path.name, remapped)


def load_csv_text(store: Store, text: str, raw_mapping: object, graph: str, source: str) -> LoadSummary:
    """The HTTP path for a CSV table: its text and its mapping (already parsed from JSON)."""
    graph = check_graph(graph)
    triples = csv_triples(text, parse_mapping(raw_mapping, "the mapping"), graph)
    return LoadSummary(graph, load_triples(store, graph, triples, source), source)


def load_rdf_bytes(store: Store, data: bytes, media_type: str, graph: str, source: str) -> LoadSummary:
    """The HTTP path for an RDF document sent with its media type."""
    graph = check_graph(graph)
    triples, remapped = parse_rdf(data, media_type_format(media_type), graph)
    return LoadSummary(graph, load_triples(store, graph, triples, source), source, remapped)


def unload_external(store: Store, graph: str) -> None:
    """Drop an external dataset's graph and its meta record (one transaction)."""
    graph = check_graph(graph)
    if graph not in store.named_graphs():
        raise NotFound(f"no external dataset is loaded in {graph}; `councilkg query` or GET /datasets lists them")
    g, meta = iri(graph), iri(named_graph("meta"))
    store.update(f"DROP GRAPH {g} ;\nDELETE WHERE {{ GRAPH {meta} {{ {g} ?p ?o }} }}")


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{name} is not UTF-8 text (byte {e.start}); save it as UTF-8 and load it again") from e


__all__ = ["load_external", "unload_external", "external_graphs", "external_datasets", "load_csv_text",
           "load_rdf_bytes", "reserved", "check_graph", "LoadSummary", "ExternalDataset"]

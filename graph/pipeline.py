"""The one pipeline entry point: documents -> facts -> resolved facts -> RDF -> SHACL -> store.

`build` replaces the corpus in the store with a directory of documents; `ingest` adds or replaces
one document; `remove` takes one out. The service and the CLI call only these functions, so both
paths validate the same way, and nothing reaches the store unless it passed SHACL validation.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS

from graph.errors import InputError, NotFound, ValidationFailed
from graph.facts import DocumentFacts, DocumentMeta
from graph.paths import SAMPLE_DOCUMENTS_DIR
from graph.store.base import SelectResult, Store, graph_insert_update
from graph.store.terms import iri
from graph.uris import base, entity, key_of, minted_base, named_graph
from graph.vocab import CKG

log = logging.getLogger("councilkg.pipeline")

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
DOCUMENT_GRAPH_PREFIX_KEY = "document/"


@dataclass
class DocumentResult:
    """What one document contributed: its URI, named graph, size and the entities it states."""

    document: str
    graph: str
    source_name: str
    triples: int
    entities: list[str] = field(default_factory=list)
    empty: bool = False
    """True when nothing could be extracted (the document is stored all the same)."""
    replaced: bool = False
    """True when the document was already in the store and its graph was replaced."""


@dataclass
class BuildReport:
    documents: list[DocumentResult]
    reference_triples: int
    seconds: float
    dropped: list[str] = field(default_factory=list)
    """Document graphs that were in the store but not in the directory (replaced by the build)."""

    @property
    def triples(self) -> int:
        return self.reference_triples + sum(d.triples for d in self.documents)


Progress = Callable[[int, int, str, float], None]
"""progress(done, total, document name, seconds for that document)."""


def document_files(directory: Path) -> list[Path]:
    """The documents in a directory, sorted by name (metadata sidecars are read with their document)."""
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory; give a folder of .txt or .html documents")
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not files:
        raise InputError(f"{directory} holds no .txt or .html documents")
    return files


def is_document_graph(name: str) -> bool:
    return name.startswith(named_graph(DOCUMENT_GRAPH_PREFIX_KEY))


def _entities_of(facts: DocumentFacts) -> list[str]:
    keys = [o.key for o in facts.organisations] + [p.key for p in facts.people]
    keys += [x.key for x in (*facts.inspections, *facts.funding, *facts.meetings, *facts.publications)]
    return sorted({entity(k) for k in keys})


def _to_validated_graph(facts: DocumentFacts) -> Graph:
    from graph.to_rdf import to_rdf
    from graph.validate import validate

    g = to_rdf(facts)
    try:
        validate(g)
    except ValidationFailed as e:
        raise ValidationFailed(f"{facts.meta.source_name}: {e}", e.report_text, e.report_turtle) from e
    return g


def _result(facts: DocumentFacts, g: Graph) -> DocumentResult:
    return DocumentResult(entity(facts.meta.key), named_graph(facts.meta.key), facts.meta.source_name,
                          len(g), _entities_of(facts), facts.is_empty)


def build(store: Store, directory: Path | None = None, progress: Progress | None = None) -> BuildReport:
    """Replace the corpus in the store with the documents of `directory` (default: the sample corpus).

    Everything is extracted, resolved across the corpus and validated first; only then are the
    document graphs, the ontology and the reference data written, in one transaction. External
    datasets loaded with `councilkg load` are kept; a corpus built under another base URI is not.
    """
    from graph.extract import extract
    from graph.read import read_document
    from graph.reference import reference_graphs
    from graph.resolve import resolve_corpus

    started = time.perf_counter()
    files = document_files(directory or SAMPLE_DOCUMENTS_DIR)
    metas: list[DocumentMeta] = []
    extracted: list[DocumentFacts] = []
    for i, path in enumerate(files, 1):
        t0 = time.perf_counter()
        meta = read_document(path)
        metas.append(meta)
        extracted.append(extract(meta))
        if progress:
            progress(i, len(files), path.name, time.perf_counter() - t0)
    _refuse_duplicates(metas)
    resolved = resolve_corpus(extracted)
    graphs: dict[str, Graph] = {}
    results = []
    for facts in resolved:
        g = _to_validated_graph(facts)
        graphs[named_graph(facts.meta.key)] = g
        results.append(_result(facts, g))
    reference = reference_graphs()
    stale = [g for g in store.named_graphs() if (is_document_graph(g) and g not in graphs)
             or minted_base(g) not in (None, base())]  # a corpus built under another base URI is replaced too
    drops = " ;\n".join(f"DROP SILENT GRAPH {iri(g)}" for g in stale)
    store.update(" ;\n".join(p for p in (drops, graph_insert_update({**reference, **graphs})) if p))
    seconds = time.perf_counter() - started
    log.info("build: %d documents, %d triples in %.2fs", len(results), sum(r.triples for r in results), seconds)
    return BuildReport(results, sum(len(g) for g in reference.values()), seconds,
                       [g for g in stale if is_document_graph(g) or "/graph/document/" in g])


def _refuse_duplicates(metas: Iterable[DocumentMeta]) -> None:
    seen: dict[str, str] = {}
    for m in metas:
        if m.key in seen:
            raise InputError(f"{m.source_name} has the same content as {seen[m.key]}; remove one of them")
        seen[m.key] = m.source_name


def ingest(store: Store, meta: DocumentMeta, *, key: str | None = None,
           facts: DocumentFacts | None = None) -> DocumentResult:
    """Add (or replace, when the same content is already stored) one document, as one transaction.

    The document is resolved against the entities already stored, so a person or council it names
    gets the URI the graph already has for them. `key` keeps an existing document's key when its
    content is replaced (HTTP PUT); otherwise content already stored keeps the key it was stored
    under, so the same content never becomes two documents. `facts` are the document's extracted
    facts when the caller extracted them already (the service does, outside its write lock:
    extraction does not depend on the store).
    """
    from graph.entity_index import known_entities, note_added_graph
    from graph.extract import extract
    from graph.resolve import resolve_against

    existing = stored_document(store, meta.content_hash)
    if key is None and existing is not None:
        key = key_of(existing)
    if key is not None and key != meta.key:
        meta = replace(meta, key=key)  # keys of extracted facts may derive from the document's key
    extracted = facts if facts is not None and facts.meta is meta else extract(meta)
    replaced = existing is not None or store.has_graph(named_graph(meta.key))
    facts = resolve_against(extracted, known_entities(store))
    g = _to_validated_graph(facts)
    before = store.version()
    store.replace_graphs({named_graph(meta.key): g})
    if not replaced:
        note_added_graph(store, named_graph(meta.key), before)
    result = _result(facts, g)
    result.replaced = replaced
    return result


WARM_UP_TEXT = "Warm-up\n\n01/01/2000 @ 09:00\n\nThe council met. Its director of social services spoke.\n"
"""A made-up document that exercises extraction and validation (never stored)."""


def warm_up(store: Store, validation_lock: AbstractContextManager | None = None) -> None:
    """Do ahead of the first write what it would otherwise pay for: the entity index of the store
    (read from its file or computed, `graph.entity_index.warm`), then the extractor's and the SHACL
    validator's first use (loading their pipeline and shapes). For a background thread at start-up:
    a write arriving earlier waits for the index and is correct either way; this never raises.
    `validation_lock` is the lock the caller's writes validate under: pyshacl parses SPARQL with
    rdflib (pyparsing), which fails when two threads parse at once."""
    from graph.entity_index import warm
    from graph.extract import extract
    from graph.read import read_text

    warm(store)
    started = time.perf_counter()
    try:
        facts = extract(read_text(WARM_UP_TEXT, "warm-up.txt", {}))
        with validation_lock or nullcontext():
            _to_validated_graph(facts)
    except Exception:  # noqa: BLE001 - the first real document reports its own error
        log.exception("warm-up of extraction and validation failed")
        return
    log.info("extraction and validation warmed up in %.2fs", time.perf_counter() - started)


def stored_document(store: Store, content_hash: str) -> str | None:
    """The URI of the stored document with this content hash (dcterms:identifier), if any."""
    if not re.fullmatch(r"[0-9a-f]{16}", content_hash):
        return None
    rows = store.query(f"SELECT ?d WHERE {{ GRAPH ?g {{ ?d a {iri(str(CKG.SourceDocument))} ; "
                       f"{iri(str(DCTERMS.identifier))} \"{content_hash}\" }} }} LIMIT 1")
    assert isinstance(rows, SelectResult)
    return str(rows.rows[0]["d"]) if rows.rows else None


_ENTITY_CLASSES = ("Council", "Department", "Inspectorate", "Body", "Person", "Inspection", "FundingEvent",
                   "Meeting", "Report", "Letter")


def document_entities(store: Store, document_key: str) -> list[str]:
    """The entities a stored document states facts about (the same list `ingest` reports)."""
    classes = " ".join(iri(str(CKG[c])) for c in _ENTITY_CLASSES)
    rows = store.query(f"SELECT DISTINCT ?e WHERE {{ GRAPH {iri(named_graph(document_key))} {{ "
                       f"?e a ?c ; {iri(str(CKG.evidence))} ?a }} VALUES ?c {{ {classes} }} }}")
    assert isinstance(rows, SelectResult)
    return sorted(str(r["e"]) for r in rows.rows)


def shared_entities(store: Store, entities: Iterable[str], document_key: str) -> set[str]:
    """Those of `entities` that some other graph (another document, the reference data) also describes."""
    values = " ".join(iri(e) for e in entities)
    if not values:
        return set()
    rows = store.query(f"SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e ?p ?o }} "
                       f"FILTER(?g != {iri(named_graph(document_key))}) }}")
    assert isinstance(rows, SelectResult)
    return {str(r["e"]) for r in rows.rows}


def remove(store: Store, document_key: str) -> None:
    """Take a document's named graph out of the store; NotFound when it is not there."""
    name = named_graph(document_key)
    if name not in store.named_graphs():
        raise NotFound(f"no document {document_key} in the store; `councilkg query` can list documents")
    store.remove_graphs([name])

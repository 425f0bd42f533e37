"""The description of one resource: what a linked-data document (/doc/..., /def/...) says about it.

A description holds, for the resource U:
  - every triple with U as subject (outgoing) and every triple with U as object (incoming);
  - the labels (rdfs:label, skos:prefLabel, schema:name, dcterms:title) of every linked thing;
  - the provenance of the facts: U's `ckg:evidence` annotations and those of the things that link
    to U (a membership's evidence is the provenance of "X is a member of Y" on X's page), each with
    its target, its selectors (the exact quote, prefix/suffix, character offsets) and its source
    document's headline, URL and publication date, so a page can show the sentence a fact came from.

It is two SPARQL CONSTRUCT queries: the triples (a UNION of branches that each start from the
constant U, so Oxigraph's planner starts from an index lookup on U rather than a scan), then the
provenance of the annotations the first one found (VALUES first, one UNION arm per kind of node).
`describe` is reused by the HTML pages and by anyone else who needs a resource's description as an
rdflib Graph.
"""
from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef

from graph.store.base import SelectResult
from graph.store.terms import iri
from graph.vocab import CKG, PREFIXES
from service.executor import QueryExecutor

LABEL_PROPERTIES = ("rdfs:label", "skos:prefLabel", "schema:name", "dcterms:title")
"""What counts as a label of a linked thing."""

_PROLOGUE = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
_LABELS = " ".join(LABEL_PROPERTIES)

# Incoming links that say "derived from this document" (or "selects text of it") are left out of
# the provenance branch: on a document's page they would pull in every annotation of the document.
_BOOKKEEPING = "prov:wasDerivedFrom oa:hasSource oa:hasBody ckg:evidence"

_TRIPLES = """
CONSTRUCT {{ {u} ?p ?o . ?s ?q {u} . ?x ?lp ?label . ?fact ckg:evidence ?ann . }}
WHERE {{
  {{ {u} ?p ?o }}
  UNION {{ ?s ?q {u} }}
  UNION {{ {u} ?p0 ?x . ?x ?lp ?label VALUES ?lp {{ {labels} }} }}
  UNION {{ ?x ?q0 {u} . ?x ?lp ?label VALUES ?lp {{ {labels} }} }}
  UNION {{ ?fact ?q1 {u} . ?fact ckg:evidence ?ann FILTER(?q1 NOT IN ({bookkeeping})) }}
}}"""

# Starts from the annotations the first query found, repeated at the head of every UNION arm
# (Oxigraph does not push an outer VALUES into the arms), so each arm is a chain of index lookups.
_PROVENANCE_ARMS = (
    "?ann ?ap ?av VALUES ?ap { rdf:type oa:motivatedBy oa:hasTarget prov:wasDerivedFrom }",
    "?ann oa:hasTarget ?target . ?target ?tp ?tv VALUES ?tp { rdf:type oa:hasSource oa:hasSelector }",
    "?ann oa:hasTarget ?t1 . ?t1 oa:hasSelector ?sel . ?sel ?sp ?sv",
    "?ann oa:hasTarget ?t2 . ?t2 oa:hasSource ?doc . ?doc ?dp ?dv "
    "VALUES ?dp { rdf:type rdfs:label dcterms:title schema:url ckg:sourceName ckg:published dcterms:publisher }",
    "?ann oa:hasTarget ?t3 . ?t3 oa:hasSource ?d3 . ?d3 ckg:published ?published . ?published ?pp ?pv "
    "VALUES ?pp { time:inXSDDate time:inXSDgYearMonth time:inXSDgYear ckg:asWritten }",
)
_PROVENANCE_TEMPLATE = "?ann ?ap ?av . ?target ?tp ?tv . ?sel ?sp ?sv . ?doc ?dp ?dv . ?published ?pp ?pv ."


def _provenance_query(annotations: list[str]) -> str:
    values = "VALUES ?ann { " + " ".join(iri(a) for a in annotations) + " }"
    arms = "\n  UNION ".join(f"{{ {values} {arm} }}" for arm in _PROVENANCE_ARMS)
    return f"{_PROLOGUE}\nCONSTRUCT {{ {_PROVENANCE_TEMPLATE} }}\nWHERE {{\n  {arms}\n}}"


def bind_prefixes(g: Graph) -> Graph:
    """Bind the project's prefixes so Turtle and RDF/XML come out readable."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


async def describe(executor: QueryExecutor, uri: str, *, graphs: list[str] | None = None,
                   provenance: bool = True) -> Graph:
    """The description of `uri` (empty when the store says nothing about it).

    `graphs` restricts it to some named graphs (e.g. the ontology graph for a vocabulary term);
    by default it is the union of all graphs. `provenance=False` leaves out the evidence part.
    """
    u = iri(uri)
    g = Graph()
    text = _TRIPLES.format(u=u, labels=_LABELS, bookkeeping=", ".join(_BOOKKEEPING.split()))
    triples = await executor.run(_PROLOGUE + text, default_graphs=graphs)
    if isinstance(triples, Graph):
        g += triples
    annotations = sorted({str(a) for a in g.objects(None, CKG.evidence) if isinstance(a, URIRef)})
    if provenance and annotations:
        evidence = await executor.run(_provenance_query(annotations), default_graphs=graphs)
        if isinstance(evidence, Graph):
            g += evidence
    return bind_prefixes(g)


async def sources(executor: QueryExecutor, description: Graph, *, chunk: int = 400) -> Dataset:
    """The description with every triple placed in the named graph(s) the store holds it in: one
    graph per source document (or graph/ontology, graph/reference, an external dataset), so TriG and
    N-Quads show which document states each fact. Triples the store does not hold (e.g. a
    description document's foaf:primaryTopic) go to the default graph."""
    ds = Dataset()
    for prefix, ns in description.namespaces():
        ds.bind(prefix, ns, override=True)
    triples = list(description)
    placed: set[tuple] = set()
    for i in range(0, len(triples), chunk):
        part = triples[i:i + chunk]
        values = "\n".join(f"({_term(s)} {_term(p)} {_term(o)})" for s, p, o in part)
        result = await executor.run(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} "
                                    "GRAPH ?g { ?s ?p ?o } }")
        for row in result.rows if isinstance(result, SelectResult) else []:
            t = (row["s"], row["p"], row["o"])
            ds.graph(row["g"]).add(t)  # type: ignore[arg-type]
            placed.add(t)
    for t in triples:
        if t not in placed:
            ds.default_graph.add(t)
    return ds


def _term(t: object) -> str:
    """A term in SPARQL syntax (IRIs checked, literals as N-Triples)."""
    if isinstance(t, URIRef):
        return iri(str(t))
    if isinstance(t, Literal):
        return t.n3()
    raise ValueError(f"descriptions hold no blank nodes: {t!r}")


async def exists(executor: QueryExecutor, uri: str) -> bool:
    """Whether the store mentions `uri` as a subject or an object."""
    u = iri(uri)
    return bool(await executor.run(f"ASK {{ {{ {u} ?p ?o }} UNION {{ ?s ?q {u} }} }}"))


__all__ = ["describe", "sources", "exists", "bind_prefixes", "LABEL_PROPERTIES", "CKG"]

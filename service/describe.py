"""The description of one resource: what a linked-data document (/doc/..., /def/...) says about it.

A description holds, for the resource U:
  - every triple with U as subject (outgoing) and every triple with U as object (incoming);
  - the labels (rdfs:label, skos:prefLabel, schema:name, dcterms:title) of every linked thing;
  - the provenance of the facts: U's `ckg:evidence` annotations and those of the things that link
    to U (a membership's evidence is the provenance of "X is a member of Y" on X's page), each with
    its target, its selectors (the exact quote, prefix/suffix, character offsets) and its source
    document's headline, URL and publication date, so a page can show the sentence a fact came from.

It is two SPARQL CONSTRUCT queries (the triples, then the provenance), each a UNION of branches
that start from the constant U, so Oxigraph's planner starts from an index lookup on U rather than
a scan. `describe` is reused by the HTML pages and by anyone else who needs a resource's
description as an rdflib Graph.
"""
from __future__ import annotations

from rdflib import Graph

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
CONSTRUCT {{ {u} ?p ?o . ?s ?q {u} . ?x ?lp ?label . }}
WHERE {{
  {{ {u} ?p ?o }}
  UNION {{ ?s ?q {u} }}
  UNION {{ {u} ?p0 ?x . ?x ?lp ?label VALUES ?lp {{ {labels} }} }}
  UNION {{ ?x ?q0 {u} . ?x ?lp ?label VALUES ?lp {{ {labels} }} }}
}}"""

_PROVENANCE = """
CONSTRUCT {{
  ?fact ckg:evidence ?ann .
  ?ann a ?annType ; oa:motivatedBy ?motive ; oa:hasTarget ?target ; prov:wasDerivedFrom ?doc .
  ?target a ?targetType ; oa:hasSource ?doc ; oa:hasSelector ?sel .
  ?sel ?sp ?sv .
  ?doc ?dp ?dv .
  ?published ?pp ?pv .
}}
WHERE {{
  {{ BIND({u} AS ?fact) {u} ckg:evidence ?ann }}
  UNION {{ ?fact ?q {u} . ?fact ckg:evidence ?ann FILTER(?q NOT IN ({bookkeeping})) }}
  ?ann oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?sel .
  ?sel ?sp ?sv .
  OPTIONAL {{ ?ann a ?annType }}
  OPTIONAL {{ ?ann oa:motivatedBy ?motive }}
  OPTIONAL {{ ?target a ?targetType }}
  OPTIONAL {{ ?doc ?dp ?dv VALUES ?dp {{ rdf:type rdfs:label dcterms:title schema:url ckg:sourceName
                                         ckg:published dcterms:publisher }} }}
  OPTIONAL {{ ?doc ckg:published ?published . ?published ?pp ?pv
             VALUES ?pp {{ time:inXSDDate time:inXSDgYearMonth time:inXSDgYear ckg:asWritten }} }}
}}"""


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
    triples = await executor.run(_PROLOGUE + _TRIPLES.format(u=u, labels=_LABELS), default_graphs=graphs)
    if isinstance(triples, Graph):
        g += triples
    if provenance and len(g):
        text = _PROVENANCE.format(u=u, bookkeeping=", ".join(_BOOKKEEPING.split()))
        evidence = await executor.run(_PROLOGUE + text, default_graphs=graphs)
        if isinstance(evidence, Graph):
            g += evidence
    return bind_prefixes(g)


async def exists(executor: QueryExecutor, uri: str) -> bool:
    """Whether the store mentions `uri` as a subject or an object."""
    u = iri(uri)
    return bool(await executor.run(f"ASK {{ {{ {u} ?p ?o }} UNION {{ ?s ?q {u} }} }}"))


__all__ = ["describe", "exists", "bind_prefixes", "LABEL_PROPERTIES", "CKG"]

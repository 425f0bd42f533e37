"""SPARQL Updates and Graph Store writes that pass SHACL before they reach the store.

Why this shape: validating the whole store on every write would cost in proportion to the store,
and running the update on the store first would need a rollback the store does not offer. So a
write is first worked out on a scratch copy of only the named graphs it reads or writes (an
in-memory Oxigraph store), each graph it writes is validated with the shapes (plus the ontology and
reference context that graph links to, see `graph.validate`), and only then are the resulting
graphs written to the real store in one transaction. Callers hold the service's write lock, so no
other write can slip in between the copy and the commit.

The rule that keeps the cost bounded: an update must name every graph it writes (`GRAPH <iri>` in
its templates or data, `WITH <iri>`, or the graph of CLEAR/DROP/CREATE/ADD/COPY/MOVE), at most
`MAX_GRAPHS` of them, and every graph its WHERE clause reads (`GRAPH <iri>`, or `USING`/`USING
NAMED`). `GRAPH ?g` in a template, `DELETE WHERE` over a variable graph, the default graph (which
is the read-only union of the named graphs), `ALL`/`NAMED`, `LOAD` and `SERVICE` are refused with a
message that says how to rewrite the update.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import InputError, ValidationFailed
from graph.store.base import Store
from graph.store.terms import iri, to_oxigraph, to_rdflib
from graph.uris import named_graph

log = logging.getLogger("councilkg.writes")

MAX_GRAPHS = 50
"""Most named graphs one update may read and write together."""
RESERVED_GRAPH_KEYS = ("meta",)
"""Graphs only the store itself writes (the store version)."""


class UpdateRefused(InputError):
    """An update whose effect cannot be bounded to the graphs it names."""


@dataclass
class UpdatePlan:
    """The named graphs an update reads and writes, found from its parsed form."""

    writes: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)

    @property
    def graphs(self) -> set[str]:
        return self.writes | self.reads


@dataclass
class WriteResult:
    """What a validated write changed: graph -> triples after the write (0 = removed)."""

    graphs: dict[str, int]
    created: list[str]
    seconds: float


def _default_refused(what: str) -> UpdateRefused:
    return UpdateRefused(f"{what} the default graph, which is the read-only union of the named graphs; "
                         "put the triples in a named graph: GRAPH <iri> { ... } or WITH <iri>")


def _graph_name(term: object, what: str) -> str:
    if isinstance(term, Variable):
        raise UpdateRefused(f"{what} GRAPH ?{term}, which could touch every graph; name each graph with "
                            f"GRAPH <iri> (one operation per graph, at most {MAX_GRAPHS})")
    if term == "DEFAULT" or term is None:
        raise _default_refused(f"{what}")
    if term in ("ALL", "NAMED"):
        raise UpdateRefused(f"{what} {term} graphs is not allowed; name each graph, e.g. DROP GRAPH <iri>")
    if not isinstance(term, URIRef):
        raise UpdateRefused(f"{what} {term!r}; name the graph with an IRI")
    name = check_graph_iri(str(term))
    if name in {named_graph(k) for k in RESERVED_GRAPH_KEYS}:
        raise UpdateRefused(f"the graph {name} is kept by the store itself and cannot be written")
    return name


def check_graph_iri(name: str) -> str:
    """A graph name as given by a client: an absolute IRI, else InputError."""
    try:
        iri(name)
    except ValueError as e:
        raise InputError(f"{name!r} is not a graph IRI; give one such as https://example.org/graph/1") from e
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$", name):
        raise InputError(f"{name!r} is not an absolute IRI; give one such as https://example.org/graph/1")
    return name


def _template_graphs(clause: CompValue | None, with_graph: str | None, what: str) -> set[str]:
    if clause is None:
        return set()
    out = {_graph_name(g, what) for g, triples in (_get(clause, "quads") or {}).items() if triples}
    if _get(clause, "triples"):
        if with_graph is None:
            raise _default_refused(what)
        out.add(with_graph)
    return out


def _where_graphs(node: object, named_using: bool) -> set[str]:
    """IRIs of every GRAPH pattern in a WHERE clause (any depth: OPTIONAL, UNION, sub-queries)."""
    out: set[str] = set()
    if isinstance(node, CompValue):
        if node.name.startswith("Service"):
            raise UpdateRefused("SERVICE is not allowed in updates: copy the data in with the Graph Store Protocol")
        if node.name == "Graph":
            term = _get(node, "term")
            if isinstance(term, URIRef):
                out.add(str(term))
            elif not named_using:
                raise UpdateRefused(f"the WHERE clause reads GRAPH ?{term}, i.e. every graph; name the graphs it "
                                    "reads with GRAPH <iri>, or list them with USING NAMED <iri>")
        for value in node.values():
            out |= _where_graphs(value, named_using)
    elif isinstance(node, (list, tuple)):
        for value in node:
            out |= _where_graphs(value, named_using)
    return out


def _for_planning(sparql: str) -> str:
    """The update as the planner parses it: rdflib 7 cannot negate a decimal literal (`-5.0`), so
    signs become `+` (planning needs only graph names; the store runs the original text)."""
    return re.sub(r"(?<=[\s(,{;])-(?=\.?\d)", "+", sparql)


def _get(node: CompValue, key: str) -> object:
    """A member of a parsed operation, or None (CompValue.get returns the key itself when missing)."""
    return node[key] if key in node else None


def plan_update(sparql: str) -> UpdatePlan:
    """The graphs an update reads and writes; InputError when it is malformed, UpdateRefused when
    it does not name them (see the module docstring for the rule)."""
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        operations = translateUpdate(parseUpdate(_for_planning(sparql))).algebra
    except Exception as e:  # pyparsing and rdflib raise several types for a bad update
        raise InputError(f"malformed SPARQL update: {e}; check it against SPARQL 1.1 Update "
                         "(https://www.w3.org/TR/sparql11-update/)") from e
    if not operations:
        raise InputError("the update holds no operation; send e.g. INSERT DATA { GRAPH <iri> { ... } }")
    plan = UpdatePlan()
    for op in operations:
        name = op.name
        if name == "Load":
            raise UpdateRefused("LOAD is not offered (the server does not fetch URLs); PUT or POST the data "
                                "to /rdf-graphs/service?graph=<iri> instead")
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            verb = {"InsertData": "INSERT DATA into", "DeleteData": "DELETE DATA from",
                    "DeleteWhere": "DELETE WHERE over"}[name]
            plan.writes |= _template_graphs(op, None, verb)
        elif name == "Modify":
            with_term = _get(op, "withClause")
            with_graph = _graph_name(with_term, "WITH") if with_term is not None else None
            plan.writes |= _template_graphs(_get(op, "delete"), with_graph, "DELETE from")  # type: ignore[arg-type]
            plan.writes |= _template_graphs(_get(op, "insert"), with_graph, "INSERT into")  # type: ignore[arg-type]
            named_using = False
            for u in _get(op, "using") or []:  # type: ignore[attr-defined]
                if _get(u, "default") is not None:
                    plan.reads.add(_graph_name(u["default"], "USING"))
                if _get(u, "named") is not None:
                    plan.reads.add(_graph_name(u["named"], "USING NAMED"))
                    named_using = True
            if with_graph:
                plan.reads.add(with_graph)
            plan.reads |= _where_graphs(_get(op, "where"), named_using)
        elif name in ("Clear", "Drop", "Create"):
            plan.writes.add(_graph_name(_get(op, "graphiri"), name.upper()))
        elif name in ("Add", "Copy", "Move"):
            source, target = op["graph"]
            plan.reads.add(_graph_name(source, f"{name.upper()} from"))
            plan.writes.add(_graph_name(target, f"{name.upper()} to"))
            if name == "Move":
                plan.writes.add(_graph_name(source, "MOVE from"))
        else:
            raise UpdateRefused(f"the update operation {name} is not supported")
    if not plan.writes:
        raise UpdateRefused("the update writes no named graph; name the graph with GRAPH <iri> { ... }")
    if len(plan.graphs) > MAX_GRAPHS:
        raise UpdateRefused(f"the update reads or writes {len(plan.graphs)} graphs; at most {MAX_GRAPHS} per "
                            "request: split it into several requests")
    return plan


def _scratch(store: Store, graphs: Iterable[str]) -> ox.Store:
    """An in-memory copy of these named graphs (only these: the cost of a write is theirs)."""
    scratch = ox.Store()
    for name in graphs:
        g = ox.NamedNode(name)
        scratch.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g)
                       for s, p, o in store.graph(name))
    return scratch


def _graph_of(scratch: ox.Store, name: str) -> Graph:
    g = Graph()
    for q in scratch.quads_for_pattern(None, None, None, ox.NamedNode(name)):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


def _validate_all(graphs: dict[str, Graph]) -> None:
    from graph.validate import validate

    for name, g in graphs.items():
        if len(g):
            try:
                validate(g)
            except ValidationFailed as e:
                raise ValidationFailed(f"the write would leave the graph {name} invalid: {e}",
                                       e.report_text, e.report_turtle) from e


def _commit(store: Store, graphs: dict[str, Graph], existed: set[str], started: float) -> WriteResult:
    _validate_all(graphs)
    store.replace_graphs(graphs)
    created = sorted(n for n, g in graphs.items() if len(g) and n not in existed)
    result = WriteResult({n: len(g) for n, g in graphs.items()}, created, time.perf_counter() - started)
    log.info("write: %d graph(s) in %.3fs", len(graphs), result.seconds)
    return result


def apply_update(store: Store, sparql: str) -> WriteResult:
    """Run a SPARQL 1.1 Update: plan it, apply it to a scratch copy of the graphs it names, validate
    every graph it writes, then replace those graphs in the store in one transaction."""
    started = time.perf_counter()
    plan = plan_update(sparql)
    existing = set(store.named_graphs())
    scratch = _scratch(store, plan.graphs & existing)
    try:
        scratch.update(sparql)
    except (SyntaxError, ValueError, OSError) as e:
        raise InputError(f"the update could not be applied: {e}") from e
    return _commit(store, {n: _graph_of(scratch, n) for n in sorted(plan.writes)}, existing, started)


def parse_rdf(data: bytes, mime_type: str, graph: str) -> Graph:
    """The triples of an RDF document (Turtle, N-Triples, RDF/XML, JSON-LD, ...) given in a request."""
    from graph.store.embedded import rdf_format

    fmt = rdf_format(mime_type)
    scratch = ox.Store()
    try:
        scratch.load(data, format=fmt, base_iri=graph, to_graph=ox.NamedNode(graph))
    except (SyntaxError, ValueError) as e:
        raise InputError(f"the {mime_type} body does not parse: {e}; send a valid RDF document") from e
    g = _graph_of(scratch, graph)
    if len(scratch) != len(g):
        raise InputError("the body names graphs of its own; send the triples of one graph "
                         "(Turtle, N-Triples, RDF/XML or JSON-LD)")
    return g


def put_graph(store: Store, name: str, g: Graph, *, merge: bool) -> WriteResult:
    """Graph Store Protocol PUT (replace the graph) or POST (`merge`: add to it), validated first."""
    started = time.perf_counter()
    name = _graph_name(URIRef(name), "writing to")
    existing = set(store.named_graphs())
    if merge and name in existing:
        merged = store.graph(name)
        for t in g:
            merged.add(t)
        g = merged
    if not len(g) and name not in existing:
        raise InputError("the body holds no triples; send at least one triple to create a graph")
    return _commit(store, {name: g}, existing, started)


def delete_graph(store: Store, name: str) -> None:
    """Graph Store Protocol DELETE: drop the graph (404 when there is none)."""
    from graph.errors import NotFound

    name = _graph_name(URIRef(name), "deleting")
    if name not in store.named_graphs():
        raise NotFound(f"there is no graph {name}; GET /rdf-graphs/service lists none, SPARQL "
                       "`SELECT DISTINCT ?g { GRAPH ?g {} }` lists them all")
    store.remove_graphs([name])

"""SHACL validation of one document graph, with just the context it needs.

A document graph links to reference entities (councils, inspectorates, parties) and ontology terms
(role titles, inspection kinds, statuses) that it does not describe itself. Instead of validating the
whole store, `validate` adds to the document graph only the ontology and reference triples about
the nodes it mentions (two hops: a council and its area), so the cost of a write is proportional to
the document. Graphs are validated one document at a time: the same entity may carry different
claims in different documents, which is allowed (see contradictions), so the union is not checked
against per-source cardinalities.
"""
from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from graph.errors import ValidationFailed
from graph.reference import SHAPES_FILE, ontology_graph, parse_relative, reference_graph
from graph.uris import base
from graph.vocab import PREFIXES

log = logging.getLogger("councilkg.validate")
MAX_LISTED = 20


@dataclass(frozen=True)
class Violation:
    """One SHACL result, as the tests and the error report need it."""

    focus: Node
    path: Node | None
    component: Node
    message: str
    severity: Node
    value: Node | None = None

    def line(self, g: Graph | None = None) -> str:
        def short(n: Node | None) -> str:
            if n is None:
                return "-"
            return n.n3(g.namespace_manager) if g is not None else n.n3()
        comp = short(self.component).replace("sh:", "").replace("ConstraintComponent", "")
        value = f" (value {short(self.value)})" if self.value is not None else ""
        return f"{short(self.focus)} {short(self.path)}: {self.message}{value} [{comp}]"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    report_turtle: str = ""
    seconds: float = 0.0
    triples: int = 0
    """Triples of the validated graph (document plus the context it needed)."""

    @property
    def text(self) -> str:
        if self.conforms:
            return f"conforms ({self.triples} triples checked)"
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        lines = [v.line(g) for v in self.violations[:MAX_LISTED]]
        more = len(self.violations) - MAX_LISTED
        tail = [f"... and {more} more"] if more > 0 else []
        return "\n".join([f"{len(self.violations)} SHACL violation(s):", *(f"  - {x}" for x in lines), *tail])


@functools.cache
def _shapes(base_uri: str) -> Graph:
    return parse_relative(SHAPES_FILE)


def shapes_graph() -> Graph:
    return _shapes(base())


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _DataGraph(Graph):
    """The graph pyshacl validates. pyshacl runs each SHACL-SPARQL constraint once per focus node
    with the same text and different bindings; rdflib would parse it every time (most of the cost),
    so parsed queries are cached here."""

    def query(self, query_object, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.cache
def _context_index(base_uri: str) -> dict[Node, list[tuple[Node, Node, Node]]]:
    index: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for g in (ontology_graph(), reference_graph()):
        for t in g:
            index.setdefault(t[0], []).append(t)
    return index


def context_for(g: Graph, max_hops: int = 8) -> Graph:
    """The ontology and reference triples about the IRIs the graph links to, followed link by link
    (a council, then its area; an inspectorate, then its renaming event). Classes are not followed:
    types are materialised, so the class hierarchy is not needed."""
    index = _context_index(base())
    ctx = Graph()
    frontier = {n for s, p, o in g if p != RDF.type for n in (s, o) if isinstance(n, URIRef)}
    seen: set[Node] = set()
    for _ in range(max_hops):
        nxt: set[Node] = set()
        for node in frontier - seen:
            seen.add(node)
            for t in index.get(node, ()):
                ctx.add(t)
                if isinstance(t[2], URIRef) and t[1] != RDF.type:
                    nxt.add(t[2])
        if not nxt - seen:
            break
        frontier = nxt
    return ctx


def violations_of(report: Graph) -> list[Violation]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append(Violation(
            focus=report.value(r, SH.focusNode), path=report.value(r, SH.resultPath),
            component=report.value(r, SH.sourceConstraintComponent),
            message=str(report.value(r, SH.resultMessage) or ""), severity=report.value(r, SH.resultSeverity),
            value=report.value(r, SH.value)))
    return sorted(out, key=lambda v: (str(v.focus), str(v.path), str(v.component)))


def check(g: Graph, *, with_context: bool = True) -> ValidationReport:
    """Validate without raising: the report, conforming or not."""
    started = time.perf_counter()
    data = _DataGraph()
    for t in g:
        data.add(t)
    if with_context:
        for t in context_for(g):
            data.add(t)
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none",
                                         advanced=False, allow_warnings=True, inplace=True)
    assert isinstance(report, Graph)
    for prefix, ns in PREFIXES.items():
        report.bind(prefix, ns)
    found = violations_of(report)
    seconds = time.perf_counter() - started
    log.info("validate: %d triples, %d violations in %.3fs", len(data), len(found), seconds)
    return ValidationReport(bool(conforms), found, "" if conforms else report.serialize(format="turtle"),
                            seconds, len(data))


def validate(g: Graph, *, with_context: bool = True) -> ValidationReport:
    """Validate one document graph (plus the ontology/reference context it needs); raise
    ValidationFailed with a readable report and the SHACL report in Turtle when it does not conform."""
    result = check(g, with_context=with_context)
    if not result.conforms:
        raise ValidationFailed(
            f"the graph does not conform to the SHACL shapes ({len(result.violations)} violation(s)); "
            f"first: {result.violations[0].line() if result.violations else '?'}",
            result.text, result.report_turtle)
    return result


def validate_graphs(graphs: Iterable[tuple[str, Graph]]) -> dict[str, ValidationReport]:
    """Check several named graphs one by one (e.g. every document graph of a store); never raises."""
    return {name: check(g) for name, g in graphs}


__all__ = ["validate", "check", "validate_graphs", "context_for", "shapes_graph", "ValidationReport", "Violation"]

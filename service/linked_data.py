"""Dereferenceable URIs: entities (/id/ -> 303 -> /doc/), ontology terms (/def/) and the JSON-LD context.

  GET /id/{key}            303 See Other to /doc/{key} (404 when the store says nothing about the URI)
  GET /doc/{key}           the description document, in the format `Accept` asks for (Vary: Accept,
                           Content-Location naming the format's own URL, Link rel="alternate" to each)
  GET /doc/{key}.{suffix}  the same in one format: .ttl .jsonld .nt .rdf .html, and .trig .nq (each
                           triple in the named graph of the document it comes from)
  GET /def/                the whole ontology (graph/ontology), by Accept; /def/councilkg.{suffix} per format
  GET /def/{Term}          200: the term's description (see README "Linked data" for why 200, not 303)
  GET /context.jsonld      the JSON-LD context, rebound to the configured base
Documents carry an ETag (store version + format); If-None-Match -> 304 before anything is computed.

At start-up the router checks that the store's URIs were minted under the configured base
(`service.base_check`) and refuses to serve otherwise.
"""
from __future__ import annotations

import asyncio
import functools
import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF

from graph.errors import ConfigError, NotAcceptable, NotFound
from graph.reference import jsonld_context
from graph.uris import description, entity, named_graph, vocab_ns
from service.base_check import check_base
from service.conneg import (
    DOCUMENT_FORMATS,
    JSONLD,
    TURTLE,
    RdfFormat,
    alternates_link,
    content_type,
    documented,
    negotiate,
    serialize,
    split_suffix,
)
from service.describe import bind_prefixes, describe, exists, sources
from service.state import state

log = logging.getLogger("councilkg.linked_data")

ONTOLOGY_FILE_STEM = "councilkg"
"""/def/councilkg.ttl (and .jsonld, .nt, .rdf, .html) is the whole ontology in one format."""
CORS = {"Access-Control-Allow-Origin": "*"}


@asynccontextmanager
async def _check_base_at_startup(app: FastAPI) -> AsyncIterator[None]:
    app_state = app.state.councilkg
    names = await asyncio.to_thread(app_state.store.named_graphs)
    try:
        check_base(names, app_state.settings.base_uri, app_state.settings.store)
    except ConfigError as e:
        log.error("refusing to start: %s", e)
        raise
    yield


router = APIRouter(lifespan=_check_base_at_startup, tags=["linked data"])


@functools.cache
def _context(base_uri: str) -> dict:
    return jsonld_context()["@context"]


def context() -> dict:
    """The JSON-LD context (for the configured base) that JSON-LD documents are compacted with."""
    return _context(vocab_ns())


def _not_found(fmt: RdfFormat, uri: str, what: str = "resource") -> Response:
    message = (f"no {what} {uri} in this graph; check the URI, or search with /sparql "
               "(SELECT ?s WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(?l), \"...\")) })")
    if fmt.is_html:
        body = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Not found</title></head>"
                f"<body><h1>Not found</h1><p>{html.escape(message)}</p></body></html>")
        return HTMLResponse(body, status_code=404)
    raise NotFound(message)


async def _etag(request: Request, fmt: RdfFormat) -> tuple[str, Response | None]:
    """The ETag of this URL's answer in `fmt` (the store version and the format), and a 304 when the
    client already holds it (checked before the description is computed)."""
    version = await asyncio.to_thread(state(request).store.version)
    etag = f'"{version}-{fmt.suffix}"'
    held = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    if etag in held or f"W/{etag}" in held:
        return etag, Response(status_code=304, headers={"ETag": etag, "Vary": "Accept", **CORS})
    return etag, None


async def _document(request: Request, graph: Graph, uri: str, stem: str, fmt: RdfFormat, negotiated: bool,
                    etag: str) -> Response:
    """The response for a description document at `stem` (its format URLs are `stem.suffix`)."""
    headers = {"Link": alternates_link(stem), "ETag": etag, **CORS}
    if negotiated:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = f"{stem}.{fmt.suffix}"
    if fmt.is_html:
        from service.pages import render_description
        # In a thread: the page runs its own (small, blocking) store queries.
        response = await asyncio.to_thread(render_description, request, uri, graph)
        response.headers.update(headers)
        return response
    data = await sources(state(request).executor, graph) if fmt.quads else graph
    return Response(serialize(data, fmt, context()), media_type=content_type(fmt), headers=headers)


def _format(request: Request, suffix_format: RdfFormat | None) -> tuple[RdfFormat, bool]:
    """The format and whether it was negotiated (no suffix) rather than named by a suffix."""
    if suffix_format is not None:
        return suffix_format, False
    return negotiate(request.headers.get("accept")), True


# ---------------------------------------------------------------- entities
@router.api_route("/id/{key:path}", methods=["GET", "HEAD"], summary="An entity: 303 See Other to its description")
async def entity_uri(request: Request, key: str) -> Response:
    uri = entity(key)
    try:
        known = await exists(state(request).executor, uri)
    except ValueError:
        known = False
    if not known:
        try:  # a browser gets an HTML 404 page, everyone else problem+json
            fmt = negotiate(request.headers.get("accept"))
        except NotAcceptable:
            fmt = TURTLE
        return _not_found(fmt, uri, "entity")
    return RedirectResponse(description(key), status_code=303, headers=CORS)


@router.api_route("/doc/{key:path}", methods=["GET", "HEAD"],
                  summary="An entity's description: Turtle, JSON-LD, N-Triples, RDF/XML or HTML",
                  **documented(DOCUMENT_FORMATS, "The entity's description in the negotiated format"))
async def entity_document(request: Request, key: str) -> Response:
    stem_key, suffix_format = split_suffix(key)
    fmt, negotiated = _format(request, suffix_format)
    etag, not_modified = await _etag(request, fmt)
    if not_modified:
        return not_modified
    graph = await _describe_entity(request, stem_key)
    if not len(graph) and suffix_format is not None:  # a key that itself ends in '.ttl' etc.
        whole = await _describe_entity(request, key)
        if len(whole):
            stem_key, graph, fmt, negotiated = key, whole, negotiate(request.headers.get("accept")), True
    uri = entity(stem_key)
    if not len(graph):
        return _not_found(fmt, uri, "entity")
    doc = URIRef(description(stem_key))
    graph.add((doc, RDF.type, FOAF.Document))
    graph.add((doc, FOAF.primaryTopic, URIRef(uri)))
    return await _document(request, graph, uri, str(doc), fmt, negotiated, etag)


async def _describe_entity(request: Request, key: str) -> Graph:
    try:
        return await describe(state(request).executor, entity(key))
    except ValueError:  # characters no IRI may hold
        return Graph()


# ---------------------------------------------------------------- ontology
async def _ontology(request: Request) -> Graph:
    result = await state(request).executor.run("CONSTRUCT WHERE { ?s ?p ?o }",
                                               default_graphs=[named_graph("ontology")])
    return bind_prefixes(result if isinstance(result, Graph) else Graph())


async def _ontology_document(request: Request, fmt: RdfFormat, negotiated: bool) -> Response:
    etag, not_modified = await _etag(request, fmt)
    if not_modified:
        return not_modified
    graph = await _ontology(request)
    if not len(graph):
        return _not_found(fmt, vocab_ns(), "ontology (the store is empty; run `councilkg build`)")
    return await _document(request, graph, vocab_ns(), vocab_ns() + ONTOLOGY_FILE_STEM, fmt, negotiated, etag)


@router.api_route("/def", methods=["GET", "HEAD"], include_in_schema=False)
@router.api_route("/def/", methods=["GET", "HEAD"], summary="The whole ontology, by Accept",
                  **documented(DOCUMENT_FORMATS, "The ontology in the negotiated format"))
async def ontology(request: Request) -> Response:
    fmt, negotiated = _format(request, None)
    return await _ontology_document(request, fmt, negotiated)


@router.api_route("/def/{term:path}", methods=["GET", "HEAD"], summary="An ontology term's description (200)",
                  **documented(DOCUMENT_FORMATS, "The term's description in the negotiated format"))
async def ontology_term(request: Request, term: str) -> Response:
    stem, suffix_format = split_suffix(term)
    fmt, negotiated = _format(request, suffix_format)
    if stem == ONTOLOGY_FILE_STEM and suffix_format is not None:
        return await _ontology_document(request, fmt, negotiated)
    etag, not_modified = await _etag(request, fmt)
    if not_modified:
        return not_modified
    uri = vocab_ns() + stem
    executor = state(request).executor
    try:
        # The ontology graph first: a class's page lists its super- and sub-classes, not every instance.
        graph = await describe(executor, uri, graphs=[named_graph("ontology")], provenance=False)
        if not len(graph):  # concepts minted by documents (inspection kinds, role titles seen in text)
            graph = await describe(executor, uri)
    except ValueError:
        graph = Graph()
    if not len(graph):
        return _not_found(fmt, uri, "ontology term")
    return await _document(request, graph, uri, uri, fmt, negotiated, etag)


@router.api_route("/context.jsonld", methods=["GET", "HEAD"], summary="The JSON-LD context",
                  **documented((JSONLD,), "The vocabulary's JSON-LD context"))
async def jsonld_context_document() -> JSONResponse:
    return JSONResponse({"@context": context()}, media_type="application/ld+json", headers=CORS)

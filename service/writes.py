"""Authenticated writes: documents (POST/PUT/DELETE /documents), SPARQL 1.1 Update (POST /update)
and the SPARQL 1.1 Graph Store HTTP Protocol (/rdf-graphs/service).

Every write needs a bearer token (service.auth), is validated with SHACL before it reaches the
store (graph.pipeline for documents, graph.validated_writes for updates and graphs), runs under
the service's write lock in a worker thread (the store is blocking), and tells the query workers
afterwards. Bodies are read with a size cap before anything is parsed, so an oversized request
costs no more than the cap. Reads of documents and graphs are open like every other read.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from graph.errors import Conflict, InputError, NotFound, PayloadTooLarge, UnsupportedMediaType
from service.auth import require_writer
from service.models import Problem
from service.state import state

router = APIRouter(tags=["writes"])
T = TypeVar("T")

DOCUMENT_TYPES = ("text/plain", "text/html", "application/json")
META_KEYS = ("headline", "published", "publisher", "author", "url", "name")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
DOC_ID = Path(pattern=r"^[0-9a-f]{16}$", description="the document's id: 16 hex digits (its content hash)",
              examples=["0123456789abcdef"])


# ---------------------------------------------------------------- response models
class DocumentEntities(BaseModel):
    created: list[str]
    """Entities only this document describes."""
    touched: list[str]
    """Entities other documents or the reference data describe too."""


class DocumentWritten(BaseModel):
    id: str
    document: str
    graph: str
    status: Literal["created", "replaced", "unchanged"]
    triples: int
    entities: DocumentEntities
    empty: bool
    message: str


class DocumentRemoved(BaseModel):
    id: str
    document: str
    status: Literal["removed"]
    entities_removed: list[str]
    """Entities no other graph describes, which no longer appear anywhere."""
    entities_kept: list[str]


class GraphsWritten(BaseModel):
    graphs: dict[str, int]
    """Each graph written, with its triples after the write (0: it was removed)."""
    created: list[str]
    seconds: float


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}, "description": text}
    for code, text in ((400, "bad input"), (401, "no or wrong bearer token"), (404, "no such document or graph"),
                       (409, "the content is stored as another document"), (413, "body over the size limit"),
                       (415, "unsupported media type"), (422, "SHACL validation failed (with the report)"),
                       (503, "the query time limit was reached"))}


def _text_body(types: tuple[str, ...]) -> dict[str, Any]:
    schemas = {"text/plain": {"type": "string"}, "text/html": {"type": "string"},
               "application/sparql-update": {"type": "string"},
               "application/x-www-form-urlencoded": {"type": "object", "required": ["update"],
                                                     "properties": {"update": {"type": "string"}}},
               "application/json": {
                   "type": "object", "required": ["text"], "additionalProperties": False,
                   "properties": {"text": {"type": "string"}, **{k: {"type": "string"} for k in META_KEYS}}}}
    schemas.update({t: {"type": "string"} for t in RDF_TYPES})
    return {"requestBody": {"required": True, "content": {t: {"schema": schemas[t]} for t in types}}}


# ---------------------------------------------------------------- helpers
async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes `limit` bytes; refused (400) when empty."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the body is {declared} bytes; the limit is {limit} "
                              "(COUNCILKG_MAX_DOCUMENT_BYTES / COUNCILKG_MAX_QUERY_BYTES): split it")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the body is over the limit of {limit} bytes: split it")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise InputError("the body is empty; send the document (or update) in the request body")
    return body


def media_type(request: Request, allowed: tuple[str, ...]) -> str:
    """The request's media type if it is one of `allowed` (else 415); a charset other than UTF-8 is 415 too."""
    raw = request.headers.get("content-type", "")
    kind, _, params = raw.partition(";")
    kind = kind.strip().lower()
    if kind not in allowed:
        raise UnsupportedMediaType(f"Content-Type {raw or '(none)'!r} is not accepted here; "
                                   f"send one of {', '.join(allowed)}")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8",
                                                                                          "us-ascii"):
            raise UnsupportedMediaType(f"charset {value.strip()} is not accepted; send UTF-8 text")
    return kind


def utf8(body: bytes) -> str:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"the body is not UTF-8 text ({e.reason} at byte {e.start}); "
                         "send a UTF-8 encoded document") from e
    if "\x00" in text:
        raise InputError("the body holds NUL characters, so it is binary, not text; send a UTF-8 document")
    return text


async def locked_write(request: Request, work: Callable[[], T], *, changed: bool = True,
                       graphs: Callable[[T], Iterable[str]] | None = None) -> T:
    """Run blocking store work in a thread under the write lock; tell the query workers afterwards.

    `graphs` names the named graphs the work's result changed, so the resource API's catalogue
    reads only those again (without it, or when the work fails other than on bad input, the
    catalogue reads every table again)."""
    from service.resources import catalogue_cache

    st = state(request)
    cache = catalogue_cache(request.app)
    write = cache.begin_write()
    touched: Iterable[str] | None = None

    def run() -> T:
        with st.write_lock:
            return work()

    try:
        result = await run_in_threadpool(run)
        touched = None if graphs is None else graphs(result)
    except InputError:
        touched = ()  # refused before anything was written: the store is as it was
        raise
    finally:
        cache.end_write(write, touched)
    if changed:
        st.after_write()
    return result


NAME = Query(None, max_length=200, pattern=r"^[^/\\]+$", examples=["article.txt"],
             description="the file name the document is known by (ckg:sourceName); default posted.txt/.html")


def _source_name(kind: str, name: str | None) -> str:
    name = (name or "").strip() or ("posted.html" if kind == "text/html" else "posted.txt")
    if "/" in name or "\\" in name or len(name) > 200:
        raise InputError("name must be a plain file name (no '/'), at most 200 characters")
    if kind == "text/html" and not name.lower().endswith((".html", ".htm")):
        raise InputError(f"name {name!r} must end in .html or .htm for a text/html document")
    return name


def _parse_document(kind: str, body: bytes, name: str | None) -> tuple[str, dict[str, str], str]:
    """(text, metadata, source name) of a POSTed or PUT document."""
    text = utf8(body)
    if kind != "application/json":
        return text, {}, _source_name(kind, name)
    try:
        data = json.loads(text)
    except ValueError as e:
        raise InputError(f"the body is not valid JSON ({e}); send {{\"text\": \"...\", \"headline\": ...}}") from e
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
        raise InputError("the JSON body needs a non-empty string member \"text\" (the document); metadata keys: "
                         + ", ".join(META_KEYS))
    unknown = sorted(set(data) - {"text", *META_KEYS})
    if unknown:
        raise InputError(f"unknown key(s) {', '.join(unknown)}; allowed: text, {', '.join(META_KEYS)}")
    meta: dict[str, str] = {}
    for key in META_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"metadata {key!r} must be a non-empty string")
        meta[key] = value.strip()
    url = meta.get("url")
    if url and (not url.startswith(("http://", "https://")) or any(c.isspace() or c in '<>"' for c in url)):
        raise InputError(f"url {url!r} is not an http(s) URL; give the page's address, e.g. https://example.org/a")
    return data["text"], meta, _source_name(kind, meta.pop("name", None) or name)


def _written(store, result, status: str) -> DocumentWritten:  # type: ignore[no-untyped-def]
    from graph.pipeline import shared_entities
    from graph.uris import key_of

    key = key_of(result.document) or ""
    shared = shared_entities(store, result.entities, key)
    empty = result.empty
    message = {"created": "stored", "replaced": "replaced the stored document",
               "unchanged": "this content is already stored; nothing was written"}[status]
    if empty:
        message += "; no facts could be extracted from it (only the document itself is described)"
    return DocumentWritten(
        id=key.split("/", 1)[-1], document=result.document, graph=result.graph, status=status,  # type: ignore[arg-type]
        triples=result.triples, empty=empty, message=message,
        entities=DocumentEntities(created=sorted(set(result.entities) - shared), touched=sorted(shared)))


def _location(request: Request, written: DocumentWritten) -> str:
    return str(request.url_for("get_document", id=written.id))


# ---------------------------------------------------------------- documents
@router.get("/documents/{id}", response_model=DocumentWritten, responses={k: _ERRORS[k] for k in (400, 404, 422)},
            summary="What a stored document states: its URI, graph and entities")
async def get_document(request: Request, id: str = DOC_ID) -> DocumentWritten:  # noqa: A002
    from graph.pipeline import DocumentResult, document_entities
    from graph.uris import entity, named_graph

    store = state(request).store
    key = f"document/{id}"

    def look() -> DocumentWritten:
        if not store.query(f"ASK {{ GRAPH <{named_graph(key)}> {{ ?s ?p ?o }} }}"):
            raise NotFound(f"no document {id}; POST /documents adds one")
        g = store.graph(named_graph(key))
        return _written(store, DocumentResult(entity(key), named_graph(key), "", len(g),
                                              document_entities(store, key)), "unchanged")

    written = await run_in_threadpool(look)
    written.message = "stored"
    return written


@router.post("/documents", status_code=201, response_model=DocumentWritten, dependencies=[Depends(require_writer)],
             responses={200: {"model": DocumentWritten, "description": "the same content is already stored"},
                        **_ERRORS}, openapi_extra=_text_body(DOCUMENT_TYPES),
             summary="Add a document: extract, validate (SHACL) and store it in one transaction")
async def post_document(request: Request, response: Response, name: str | None = NAME) -> DocumentWritten:
    from graph.extract import extract
    from graph.pipeline import DocumentResult, document_entities, ingest, stored_document
    from graph.read import read_text
    from graph.uris import key_of, named_graph

    st = state(request)
    kind = media_type(request, DOCUMENT_TYPES)
    text, meta, name = _parse_document(kind, await read_body(request, st.settings.max_document_bytes), name)
    document = await run_in_threadpool(read_text, text, name, meta)
    existed: list[bool] = []

    def prepare():  # type: ignore[no-untyped-def]
        """Extraction needs no store: done before taking the write lock, so writes queue for less time."""
        return None if stored_document(st.store, document.content_hash) else extract(document)

    facts = await run_in_threadpool(prepare)

    def work() -> DocumentWritten:
        stored = stored_document(st.store, document.content_hash)
        if stored is not None:  # idempotent: the same content is the same document
            existed.append(True)
            key = key_of(stored) or document.key
            g = st.store.graph(named_graph(key))
            return _written(st.store, DocumentResult(stored, named_graph(key), name, len(g),
                                                     document_entities(st.store, key)), "unchanged")
        result = ingest(st.store, document, facts=facts)
        return _written(st.store, result, "replaced" if result.replaced else "created")

    written = await locked_write(request, work, changed=False, graphs=lambda w: () if existed else (w.graph,))
    if existed:
        response.status_code = 200
    else:
        st.after_write()
    if written.empty and not existed:
        written.message = "stored; no facts could be extracted from it (only the document itself is described)"
    response.headers["Location"] = _location(request, written)
    return written


@router.put("/documents/{id}", response_model=DocumentWritten, dependencies=[Depends(require_writer)],
            responses=_ERRORS, openapi_extra=_text_body(DOCUMENT_TYPES),
            summary="Replace a stored document with new content (it keeps its id and URI)")
async def put_document(request: Request, id: str = DOC_ID,  # noqa: A002
                       name: str | None = NAME) -> DocumentWritten:
    from graph.pipeline import ingest, stored_document
    from graph.read import read_text
    from graph.uris import entity, named_graph

    st = state(request)
    kind = media_type(request, DOCUMENT_TYPES)
    text, meta, name = _parse_document(kind, await read_body(request, st.settings.max_document_bytes), name)
    document = await run_in_threadpool(read_text, text, name, meta)
    key = f"document/{id}"

    def work() -> DocumentWritten:
        if not st.store.query(f"ASK {{ GRAPH <{named_graph(key)}> {{ ?s ?p ?o }} }}"):
            raise NotFound(f"no document {id}; POST /documents adds a new one")
        other = stored_document(st.store, document.content_hash)
        if other is not None and other != entity(key):
            raise Conflict(f"this content is already stored as {other}; DELETE one of them first")
        return _written(st.store, ingest(st.store, document, key=key), "replaced")

    return await locked_write(request, work, graphs=lambda w: (w.graph,))


@router.delete("/documents/{id}", response_model=DocumentRemoved, dependencies=[Depends(require_writer)],
               responses=_ERRORS, summary="Remove a document and every entity no other document supports")
async def delete_document(request: Request, id: str = DOC_ID) -> DocumentRemoved:  # noqa: A002
    from graph.pipeline import document_entities, remove, shared_entities
    from graph.uris import entity, named_graph

    st = state(request)
    key = f"document/{id}"

    def work() -> DocumentRemoved:
        entities = document_entities(st.store, key)
        kept = shared_entities(st.store, entities, key)
        remove(st.store, key)
        return DocumentRemoved(id=id, document=entity(key), status="removed",
                               entities_removed=sorted(set(entities) - kept), entities_kept=sorted(kept))

    return await locked_write(request, work, graphs=lambda _: (named_graph(key),))


# ---------------------------------------------------------------- SPARQL 1.1 Update
@router.post("/update", response_model=GraphsWritten, dependencies=[Depends(require_writer)], responses=_ERRORS,
             openapi_extra=_text_body(("application/sparql-update", "application/x-www-form-urlencoded")),
             summary="SPARQL 1.1 Update, validated with SHACL on the graphs it names before commit")
async def update(request: Request) -> GraphsWritten:
    from graph.validated_writes import apply_update

    st = state(request)
    kind = media_type(request, ("application/sparql-update", "application/x-www-form-urlencoded"))
    text = utf8(await read_body(request, st.settings.max_query_bytes))
    if kind == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if set(form) & {"using-graph-uri", "using-named-graph-uri"}:
            raise InputError("using-graph-uri / using-named-graph-uri are not supported; write USING <iri> "
                             "in the update instead")
        values = form.get("update", [])
        if len(values) != 1 or not values[0].strip():
            raise InputError("the form needs exactly one non-empty 'update' parameter")
        text = values[0]
    result = await locked_write(request, lambda: apply_update(st.store, text), graphs=lambda r: r.graphs)
    return GraphsWritten(graphs=result.graphs, created=result.created, seconds=round(result.seconds, 4))


from service import graph_store  # noqa: E402 - it uses the helpers above

router.include_router(graph_store.router)

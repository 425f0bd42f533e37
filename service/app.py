"""The FastAPI application: one factory, `create_app`, that wires the store, the query executor
and the routers together.

Each router module owns one concern and knows nothing of the others:
  sparql.py       the SPARQL 1.1 Protocol query endpoint (/sparql)
  linked_data.py  /id/ -> 303 -> /doc/, ontology terms under /def/
  dataset.py      VoID/DCAT description and dumps
  api.py          the named queries as API operations (/api/queries/...)
  resources.py    the resource API (/api/councils, /api/people, ..., /api/search)
  writes.py       authenticated writes (/documents, /update, Graph Store Protocol)
  exports.py      external datasets over HTTP, CSV per class, DCAT catalogue record
  pages.py        HTML pages for people (home, entity pages, SPARQL editor)
The store is opened once per process (lifespan) and reached through `service.state.state(request)`.
"""
from __future__ import annotations

import logging
import re
import time
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.settings import Settings, settings
from service import api, dataset, exports, linked_data, pages, resources, sparql, writes
from service.problems import install_problem_handlers
from service.state import AppState

log = logging.getLogger("councilkg.http")


class RequestLog:
    """One log line per request with its timing. A pure ASGI middleware: `@app.middleware("http")`
    (BaseHTTPMiddleware) costs ~0.4 ms CPU per request, a third of a point lookup's budget."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [500]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            log.info("%s %s %d %.1fms", scope["method"], scope["path"], status[0],
                     (time.perf_counter() - started) * 1000)


class SparqlFastPath:
    """Sends GET, HEAD and POST /sparql straight to `sparql.sparql_endpoint`, past FastAPI's router,
    route wrapper, dependency solving and exception middleware: for a point lookup those were about a
    fifth of the service's own time per query (bench/profile_service.py). Nothing is lost: the
    endpoint takes only the Request and answers every CouncilKGError itself as problem+json with the
    CORS headers (and ETag/304, the cache and the row/time limits are its own); any other exception
    goes up to ServerErrorMiddleware, as it would from the router. The route stays registered, so
    OpenAPI, OPTIONS and other methods (405) are served by FastAPI as before."""

    METHODS = frozenset(("GET", "HEAD", "POST"))

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in self.METHODS and _route_path(scope) == "/sparql":
            response = await sparql.sparql_endpoint(Request(scope, receive, send))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _route_path(scope: Scope) -> str:
    """The path the router matches: without the root path when the server was given one."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root + "/") else path


def create_app(config: Settings | None = None) -> FastAPI:
    """The application for the configured store (COUNCILKG_STORE); uvicorn calls this as a factory."""
    config = config or settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.councilkg = AppState.open(config)
        try:
            yield
        finally:
            app.state.councilkg.close()

    app = FastAPI(
        title="councilkg",
        version="0.1.0",
        summary="An open knowledge graph of how local councils run their public services.",
        description=("SPARQL 1.1 endpoint, linked-data URIs and a JSON API over councils, departments, "
                     "officials, inspections and funding events extracted from local-democracy news "
                     "and council minutes, every fact with the sentence it came from."),
        lifespan=lifespan,
    )
    install_problem_handlers(app)

    app.add_middleware(SparqlFastPath)
    app.add_middleware(RequestLog)  # added last: outermost, so it logs the fast path's requests too

    for module in (sparql, linked_data, dataset, api, resources, writes, exports, pages):
        app.include_router(module.router)
    _document_problems_and_heads(app)
    return app


_METHOD_SUFFIX = re.compile(r"_(?:get|post|put|patch|delete|head|options)$")


def _document_problems_and_heads(app: FastAPI) -> None:
    """OpenAPI that says what the service sends: every 4xx/5xx body is application/problem+json
    (service.problems), not FastAPI's default JSON validation error; and a route answering GET and
    HEAD gets one operation id per method (OpenAPI ids must be unique)."""
    from fastapi.openapi.utils import get_openapi

    from service.models import Problem

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        with warnings.catch_warnings():  # GET+HEAD routes share an id until the loop below splits them
            warnings.filterwarnings("ignore", message="Duplicate Operation ID")
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                 description=app.description, routes=app.routes)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
        for key, sub in Problem.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {}).items():
            schemas.setdefault(key, sub)
        schemas["Problem"].pop("$defs", None)
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if "operationId" in operation:  # FastAPI names a many-method route after one of its methods
                    operation["operationId"] = _METHOD_SUFFIX.sub("", operation["operationId"]) + f"_{method}"
                for status, response in operation.get("responses", {}).items():
                    if status[:1] in "45":
                        response["content"] = problem
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

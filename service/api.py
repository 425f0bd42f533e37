"""The named queries (`queries/*.rq`) as API operations: `GET /api/queries` lists them, and each is
its own operation `GET /api/queries/{name}` whose OpenAPI query parameters come from the file's
header (type, required or default, description), so `/openapi.json` documents every one.

The routes are made when this module is imported (the app factory includes `router`), from
`graph.named_queries.named_queries()`: a broken query file raises ConfigError there, so the
service does not start. Values are bound by `NamedQuery.bind` (typed RDF terms in a VALUES block,
never pasted into the text) and the query runs through the executor under its time and row limits.

A response holds the columns and one JSON object per row with typed values (IRIs as strings,
integers and decimals as numbers, booleans as booleans, dates as ISO text at their precision), and
is JSON-LD: its inline `@context` maps each column to a term under the query's URL and declares
IRI columns as `@id`, so a linked-data client reads each row as a node with links.
"""
from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import StoreError
from graph.named_queries import NamedQuery, get, named_queries
from graph.store.base import SelectResult
from graph.uris import base
from service.state import state

router = APIRouter(prefix="/api/queries", tags=["named queries"])

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
                               "unsignedLong", "unsignedShort", "unsignedByte")}
_NUMBERS = {XSD + "decimal", XSD + "double", XSD + "float"}
_PATTERNS = {"date": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_EXAMPLES = {"iri": "https://example.org/thing", "entity": "council/example-council", "string": "text",
             "date": "2019-07-16", "integer": 10, "decimal": "2.5", "boolean": True}


# ---------------------------------------------------------------- response models
class ParameterInfo(BaseModel):
    name: str
    type: str = Field(description="iri, entity (an IRI or a key under the base's id/), string, date, "
                                  "integer, decimal or boolean")
    required: bool
    default: str | None = None
    description: str = ""


class ColumnInfo(BaseModel):
    name: str
    type: str
    description: str = ""


class QueryInfo(BaseModel):
    name: str
    url: str = Field(description="The operation's URL")
    summary: str
    description: str = ""
    parameters: list[ParameterInfo]
    columns: list[ColumnInfo]


class QueryList(BaseModel):
    queries: list[QueryInfo]


class QueryResult(BaseModel):
    """One named query's answer; also JSON-LD (each row is a node, IRI columns are links)."""

    model_config = ConfigDict(populate_by_name=True)

    context: dict[str, Any] = Field(alias="@context", serialization_alias="@context")
    query: str
    parameters: dict[str, str] = Field(description="The parameter values used, defaults included")
    columns: list[str]
    count: int = Field(description="Number of rows")
    rows: list[dict[str, Any]]


# ---------------------------------------------------------------- values
def json_value(term: Node) -> Any:
    """An RDF term as a JSON value: IRI -> string, numbers -> numbers, boolean -> bool, else text."""
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        datatype = str(term.datatype or "")
        try:
            if datatype in _INTEGERS:
                return int(str(term))
            if datatype in _NUMBERS:
                d = Decimal(str(term))
                return int(d) if d == d.to_integral_value() and abs(d) < 2**53 else float(d)
            if datatype == XSD + "boolean":
                return str(term).strip().lower() in ("true", "1")
        except (ValueError, ArithmeticError):
            return str(term)
    return str(term)


def query_url(q: NamedQuery) -> str:
    return f"{base()}api/queries/{q.name}"


def context(q: NamedQuery, columns: list[str]) -> dict[str, Any]:
    ctx: dict[str, Any] = {"@vocab": query_url(q) + "#"}
    iri_columns = {c.name for c in q.columns if c.type in ("iri", "entity")}
    for name in columns:
        if name in iri_columns:
            ctx[name] = {"@type": "@id"}
    ctx.update({"query": None, "parameters": None, "columns": None, "count": None, "rows": {"@container": "@set"}})
    return ctx


def info(q: NamedQuery) -> QueryInfo:
    return QueryInfo(name=q.name, url=query_url(q), summary=q.summary, description=q.description,
                     parameters=[ParameterInfo(name=p.name, type=p.type, required=p.required, default=p.default,
                                               description=p.description) for p in q.parameters],
                     columns=[ColumnInfo(name=c.name, type=c.type, description=c.description) for c in q.columns])


async def answer(request: Request, q: NamedQuery) -> QueryResult:
    """Bind the raw query-string values (one validation path with the CLI) and run the query."""
    raw = {k: v for k, v in request.query_params.items()}
    text = q.bind(raw, lateral=state(request).store.supports_lateral)
    result = await state(request).executor.run(text)
    if not isinstance(result, SelectResult):
        raise StoreError(f"named query {q.name} did not return a table of results")
    used = {p.name: raw.get(p.name) or p.default for p in q.parameters if raw.get(p.name) or p.default}
    rows = [{c: json_value(row[c]) if c in row else None for c in result.variables} for row in result.rows]
    return QueryResult(context=context(q, result.variables), query=q.name, parameters=used,
                       columns=result.variables, count=len(rows), rows=rows)


# ---------------------------------------------------------------- routes
@router.get("", response_model=QueryList, summary="The named queries, with their parameters and columns")
async def list_queries() -> QueryList:
    return QueryList(queries=[info(q) for q in named_queries().values()])


def _annotation(kind: str) -> Any:
    return {"integer": int, "decimal": Decimal, "boolean": bool}.get(kind, str)


def _typed_default(kind: str, default: str | None) -> Any:
    """A header default as the value of its OpenAPI type (the header's text is checked at load)."""
    if default is None:
        return None
    if kind == "integer":
        return int(default)
    if kind == "decimal":
        return Decimal(default)
    if kind == "boolean":
        return default.strip().lower() in ("true", "1", "yes")
    return default


def _endpoint(q: NamedQuery):  # noqa: ANN202 - a FastAPI endpoint with a generated signature
    async def endpoint(request: Request, **_: Any) -> QueryResult:
        return await answer(request, q)

    params = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
    for i, p in enumerate(q.parameters):
        extra: dict[str, Any] = {"alias": p.name, "description": p.description or None,
                                 "examples": [p.default if p.default is not None else _EXAMPLES[p.type]]}
        if p.type in _PATTERNS:
            extra["pattern"] = _PATTERNS[p.type]
        annotation = _annotation(p.type) if p.type not in _PATTERNS else str
        if p.required:
            default = Query(**extra)
        else:
            default = Query(default=_typed_default(p.type, p.default), **extra)
            annotation = annotation | None
        params.append(inspect.Parameter(f"p{i}", inspect.Parameter.KEYWORD_ONLY, default=default,
                                        annotation=annotation))
    endpoint.__signature__ = inspect.Signature(params, return_annotation=QueryResult)  # type: ignore[attr-defined]
    endpoint.__name__ = f"named_query_{q.name}"
    return endpoint


def _register() -> None:
    for q in named_queries().values():
        router.add_api_route(
            f"/{q.name}", _endpoint(q), methods=["GET"], response_model=QueryResult, response_model_by_alias=True,
            summary=q.summary, description=q.description or q.summary, operation_id=f"named_query_{q.name}",
            responses={422: {"description": "A parameter is missing or has a bad value (problem+json)"}})


_register()


@router.get("/{name}", summary="Unknown named query (404)", include_in_schema=False)
async def unknown_query(name: str) -> None:
    get(name)  # raises NotFound naming the known queries

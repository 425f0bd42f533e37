"""/openapi.json says what the service really sends: unique operation ids, problem+json error bodies,
and the RDF/CSV media types of the routes that answer in them."""
from __future__ import annotations

import collections

import httpx
import pytest


@pytest.fixture(scope="module")
def schema(live_server) -> dict:  # type: ignore[no-untyped-def]
    response = httpx.get(live_server.url + "openapi.json", timeout=60)
    assert response.status_code == 200
    return response.json()


def test_operation_ids_are_unique(schema: dict) -> None:
    ids = collections.Counter(op["operationId"] for ops in schema["paths"].values() for op in ops.values())
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_error_response_is_problem_json(schema: dict) -> None:
    errors = [(path, method, status, sorted(response.get("content", {})))
              for path, ops in schema["paths"].items() for method, op in ops.items()
              for status, response in op["responses"].items() if status[:1] in "45"]
    assert errors, "no error responses documented"
    assert [e for e in errors if e[3] != ["application/problem+json"]] == []


@pytest.mark.parametrize("path, media", [("/doc/{key}", "text/turtle"), ("/def/", "application/ld+json"),
                                         ("/.well-known/void", "application/n-triples"),
                                         ("/exports/{name}.csv", "text/csv"), ("/catalog.ttl", "text/turtle")])
def test_rdf_and_csv_routes_document_their_media_types(schema: dict, path: str, media: str) -> None:
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
    assert media in content and "application/json" not in content

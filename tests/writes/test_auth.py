"""Who may write: bearer tokens by name, 401 with nothing written, revocation, reads open, no CORS on writes."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from service.auth import parse_tokens, writer_name
from tests.conftest import LiveServer, free_port
from tests.writes.conftest import ALICE, BOB, DOCS, Writer, digest

pytestmark = pytest.mark.slow
WRITES = [("POST", "documents", {"Content-Type": "text/plain"}, (DOCS / "114_devon_ofsted.txt").read_bytes()),
          ("PUT", "documents/0123456789abcdef", {"Content-Type": "text/plain"}, b"Some new text for a document."),
          ("DELETE", "documents/0123456789abcdef", {}, None),
          ("POST", "update", {"Content-Type": "application/sparql-update"},
           b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"),
          ("POST", "update", {"Content-Type": "application/x-www-form-urlencoded"},
           b"update=DROP+GRAPH+%3Chttp%3A%2F%2Fexample.org%2Fg%3E"),
          ("PUT", "rdf-graphs/service?graph=http://example.org/g", {"Content-Type": "text/turtle"},
           b"<http://example.org/a> <http://example.org/b> 2 ."),
          ("POST", "rdf-graphs/service?graph=http://example.org/g", {"Content-Type": "text/turtle"},
           b"<http://example.org/a> <http://example.org/b> 3 ."),
          ("DELETE", "rdf-graphs/service?graph=http://example.org/g", {}, None)]
BAD_CREDENTIALS = [{}, {"Authorization": "Bearer wrong-token-000"}, {"Authorization": "Bearer"},
                   {"Authorization": "Basic YWxpY2U6YWxpY2UtdG9rZW4tMDEyMw=="},
                   {"Authorization": "Bearer alice-token-0123x"}, {"Authorization": "alice-token-0123"}]


def test_token_parsing_and_constant_time_lookup() -> None:
    tokens = parse_tokens(" alice:alice-token-0123 , bob:bob-token-4567,")
    assert tokens == {"alice": "alice-token-0123", "bob": "bob-token-4567"}
    assert writer_name(tokens, "Bearer bob-token-4567") == "bob"
    assert writer_name(tokens, "bearer alice-token-0123") == "alice"
    assert writer_name(tokens, "Bearer alice-token-012") is None
    assert writer_name(tokens, None) is None


def test_without_a_valid_token_every_write_is_401_and_nothing_is_written(writer: Writer) -> None:
    before = writer.digest()
    seen = []
    for method, path, headers, body in WRITES:
        for credentials in BAD_CREDENTIALS:
            r = httpx.request(method, writer.url + path, headers={**headers, **credentials}, content=body, timeout=30)
            seen.append((method, path, r.status_code))
            assert r.status_code == 401, (method, path, credentials, r.text)
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert "Authorization: Bearer" in r.json()["detail"]
    assert len(seen) == len(WRITES) * len(BAD_CREDENTIALS)
    assert writer.digest() == before


def test_reads_stay_open(writer: Writer) -> None:
    r = httpx.post(writer.url + "documents", headers={"Content-Type": "text/plain", **BOB}, timeout=60,
                   content=(DOCS / "115_flintshire_ciw.txt").read_bytes())
    assert r.status_code in (200, 201)
    assert httpx.get(r.headers["location"], timeout=30).status_code == 200
    g = httpx.get(writer.url + "rdf-graphs/service", params={"graph": r.json()["graph"]}, timeout=30)
    assert g.status_code == 200 and g.headers["content-type"].startswith("text/turtle")
    assert httpx.head(writer.url + "rdf-graphs/service", params={"graph": r.json()["graph"]},
                      timeout=30).status_code == 200


def test_no_cors_on_write_routes(writer: Writer) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    for method, path, headers, body in WRITES:
        pre = httpx.options(writer.url + path, timeout=30, headers={
            **origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert "access-control-allow-origin" not in pre.headers, (path, dict(pre.headers))
        assert "access-control-allow-credentials" not in pre.headers
        assert pre.status_code >= 400, (path, pre.status_code)
        r = httpx.request(method, writer.url + path, headers={**headers, **origin}, content=body, timeout=30)
        assert "access-control-allow-origin" not in r.headers and r.status_code == 401


def test_writes_disabled_without_tokens_and_a_revoked_token_is_refused(writer: Writer, tmp_path: Path) -> None:
    store = writer.reference_copy(tmp_path / "store")
    base = {"COUNCILKG_BASE_URI": writer.url}  # the base the store was built with, on another port
    server = LiveServer(store, free_port(), base).start()
    try:
        r = httpx.post(server.url + "update", headers={"Content-Type": "application/sparql-update", **ALICE},
                       content=WRITES[3][3], timeout=30)
        assert r.status_code == 401 and "COUNCILKG_WRITE_TOKENS" in r.json()["detail"]
    finally:
        server.stop()
    before = digest(store)
    server.env = {**base, "COUNCILKG_WRITE_TOKENS": "bob:bob-token-4567"}  # alice's token revoked
    server.start()
    try:
        r = httpx.post(server.url + "update", headers={"Content-Type": "application/sparql-update", **ALICE},
                       content=WRITES[3][3], timeout=30)
        assert r.status_code == 401
        r = httpx.post(server.url + "update", headers={"Content-Type": "application/sparql-update", **BOB},
                       content=WRITES[3][3], timeout=30)
        assert r.status_code == 200 and r.json()["created"] == ["http://example.org/g"]
    finally:
        server.stop()
    assert digest(store) != before

"""POST/PUT/DELETE /documents and GET /documents/{id} against a real server, compared with the CLI."""
from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest

from graph.uris import slug
from tests.conftest import run_cli
from tests.writes.conftest import ALICE, BOB, DOCS, Writer, gold, graph_lines, nquads

pytestmark = pytest.mark.slow


def _post(url: str, path: Path, headers: dict[str, str] = ALICE) -> httpx.Response:
    kind = "text/html" if path.suffix == ".html" else "text/plain"
    return httpx.post(url + "documents", content=path.read_bytes(), timeout=60, params={"name": path.name},
                      headers={**headers, "Content-Type": kind})


def _graph_nt(url: str, graph: str) -> list[str]:
    r = httpx.get(url + "rdf-graphs/service", params={"graph": graph}, timeout=30,
                  headers={"Accept": "application/n-triples"})
    assert r.status_code == 200, r.text
    return sorted(line for line in r.text.splitlines() if line.strip())


def test_post_creates_the_same_graph_as_the_cli_and_reposting_is_idempotent(writer: Writer, tmp_path: Path) -> None:
    doc = DOCS / "101_ceredigion_ciw.txt"
    r = _post(writer.url, doc)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "created" and body["empty"] is False
    assert r.headers["location"] == f"{writer.url}documents/{body['id']}"
    assert body["document"] == f"{writer.url}id/document/{body['id']}"
    assert body["graph"] == f"{writer.url}graph/document/{body['id']}"
    # every person of the gold facts is new to the sample corpus; the council is reference data
    people = {f"{writer.url}id/person/{slug(p['name'])}" for p in gold(doc.name)["people"]}
    assert people <= set(body["entities"]["created"])
    council = f"{writer.url}id/council/{slug(gold(doc.name)['councils'][0]['name'])}"
    assert council in body["entities"]["touched"] and council not in body["entities"]["created"]

    # the CLI ingesting the same file into the same corpus gives the same graph, triple for triple
    reference = writer.reference_copy(tmp_path / "ref")
    cli = run_cli("ingest", str(doc), store=reference, env={"COUNCILKG_BASE_URI": writer.url})
    assert cli.returncode == 0 and body["document"] in cli.stdout, cli.stderr
    served = _graph_nt(writer.url, body["graph"])
    assert served == graph_lines(nquads(reference), body["graph"])
    assert len(served) == body["triples"]

    again = _post(writer.url, doc, BOB)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert again.json()["document"] == body["document"]
    assert again.json()["entities"] == body["entities"]
    assert _graph_nt(writer.url, body["graph"]) == served
    # the CLI re-ingesting keeps one document too
    cli2 = run_cli("ingest", str(doc), store=reference, env={"COUNCILKG_BASE_URI": writer.url})
    assert cli2.returncode == 0 and body["document"] in cli2.stdout
    assert graph_lines(nquads(reference), body["graph"]) == served

    got = httpx.get(r.headers["location"], timeout=30)
    assert got.status_code == 200 and got.json()["entities"] == body["entities"]


def test_json_metadata_is_stored(writer: Writer) -> None:
    text = (DOCS / "108_conwy_adults.txt").read_text(encoding="utf-8")
    r = httpx.post(writer.url + "documents", headers=ALICE, timeout=60, json={
        "text": text, "headline": "A headline given by the client", "published": "2023-04-05",
        "publisher": "Example Gazette", "url": "https://example.org/conwy", "name": "conwy.txt"})
    assert r.status_code == 201, r.text
    lines = _graph_nt(writer.url, r.json()["graph"])
    doc = f"<{r.json()['document']}>"
    assert f'{doc} <http://purl.org/dc/terms/title> "A headline given by the client" .' in lines
    url = '"https://example.org/conwy"^^<http://www.w3.org/2001/XMLSchema#anyURI>'
    assert f"{doc} <https://schema.org/url> {url} ." in lines
    assert f'{doc} <{writer.url}def/sourceName> "conwy.txt" .' in lines
    assert f'<{r.json()["document"]}/published> <http://www.w3.org/2006/time#inXSDDate> ' \
           '"2023-04-05"^^<http://www.w3.org/2001/XMLSchema#date> .' in lines


def test_a_document_without_facts_is_accepted_and_says_so(writer: Writer) -> None:
    r = httpx.post(writer.url + "documents", headers={**ALICE, "Content-Type": "text/plain"}, timeout=60,
                   content=b"The weather stayed mild all week and the river was calm.\n")
    assert r.status_code == 201, r.text
    assert r.json()["empty"] is True and "no facts" in r.json()["message"]
    assert r.json()["entities"] == {"created": [], "touched": []}


def test_put_replaces_and_keeps_the_uri_then_delete_removes_unshared_entities(writer: Writer) -> None:
    first = _post(writer.url, DOCS / "118_gwynedd_ciw.txt").json()
    doc_id = first["id"]
    new = DOCS / "111_pembrokeshire_ciw.txt"
    r = httpx.put(f"{writer.url}documents/{doc_id}", content=new.read_bytes(), timeout=60, params={"name": new.name},
                  headers={**ALICE, "Content-Type": "text/plain"})
    assert r.status_code == 200, r.text
    put = r.json()
    assert put["status"] == "replaced" and put["document"] == first["document"]
    lines = _graph_nt(writer.url, put["graph"])
    people = {f"{writer.url}id/person/{slug(p['name'])}" for p in gold(new.name)["people"]}
    assert people <= set(put["entities"]["created"])
    old_people = {f"{writer.url}id/person/{slug(p['name'])}" for p in gold("118_gwynedd_ciw.txt")["people"]}
    assert not any(f"<{p}>" in line for p in old_people for line in lines)
    # posting the new content again finds it under the kept id (content hash in dcterms:identifier)
    again = _post(writer.url, new)
    assert again.status_code == 200 and again.json()["id"] == doc_id

    gone = httpx.delete(f"{writer.url}documents/{doc_id}", headers=BOB, timeout=60)
    assert gone.status_code == 200, gone.text
    removed = gone.json()
    assert people <= set(removed["entities_removed"])
    council = f"{writer.url}id/council/{slug(gold(new.name)['councils'][0]['name'])}"
    assert council in removed["entities_kept"]
    union = httpx.get(writer.url + "rdf-graphs/service", params={"default": ""}, timeout=60,
                      headers={"Accept": "application/n-triples"}).text
    for person in people:
        assert f"<{person}>" not in union
    assert f"<{council}>" in union
    assert httpx.get(f"{writer.url}documents/{doc_id}", timeout=30).status_code == 404
    assert httpx.delete(f"{writer.url}documents/{doc_id}", headers=BOB, timeout=30).status_code == 404


def test_put_conflicts_and_missing(writer: Writer) -> None:
    a = _post(writer.url, DOCS / "107_kent_monitoring.txt").json()
    b = _post(writer.url, DOCS / "109_wrexham_followup.txt").json()
    r = httpx.put(f"{writer.url}documents/{a['id']}", content=(DOCS / "109_wrexham_followup.txt").read_bytes(),
                  headers={**ALICE, "Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 409 and b["document"] in r.json()["detail"]
    missing = hashlib.sha256(b"nothing").hexdigest()[:16]
    r = httpx.put(f"{writer.url}documents/{missing}", content=b"Some text about nothing in particular.",
                  headers={**ALICE, "Content-Type": "text/plain"}, timeout=60)
    assert r.status_code == 404 and "POST /documents" in r.json()["detail"]


def test_cli_remove_matches_http_delete(writer: Writer, tmp_path: Path) -> None:
    reference = writer.reference_copy(tmp_path / "ref")
    env = {"COUNCILKG_BASE_URI": writer.url}
    doc = DOCS / "113_stockton_minutes.txt"
    out = run_cli("ingest", str(doc), store=reference, env=env)
    assert out.returncode == 0, out.stderr
    before = nquads(writer.reference_copy(tmp_path / "ref2"))
    uri = out.stdout.split(": ", 1)[1].split()[0]
    removed = run_cli("remove", uri, store=reference, env=env)
    assert removed.returncode == 0, removed.stderr
    def content(lines: list[str]) -> list[str]:  # the store version (meta graph) changes with every write
        return [x for x in lines if not x.endswith(f"<{writer.url}graph/meta> .")]

    assert content(nquads(reference)) == content(before)
    again = run_cli("remove", uri, store=reference, env=env)
    assert again.returncode == 1 and "no document" in again.stderr

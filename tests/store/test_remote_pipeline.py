"""The project's own flows on a remote store (a real Oxigraph server): `councilkg build`, `validate`,
`facts` (equal to the embedded store's), `query`, `export`, `ingest`, `remove`, and a live service
answering /sparql with its graph in the remote store."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset

from graph.paths import SAMPLE_DOCUMENTS_DIR
from tests.conftest import LiveServer, free_port
from tests.store.conftest import empty_oxigraph
from tests.store.conftest import run_cli_patient as run_cli
from tests.store.servers import ServerProcess, start_oxigraph

COUNT_DOCS = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
              "FILTER(STRSTARTS(STR(?g), 'http://localhost:8000/graph/document/')) }")
SAMPLE_COUNT = len([p for p in SAMPLE_DOCUMENTS_DIR.iterdir() if p.suffix in (".txt", ".html")])


@pytest.fixture()
def remote_url(oxigraph_server: ServerProcess, oxigraph_url: str) -> str:
    """The session's Oxigraph server, emptied (for tests that write)."""
    empty_oxigraph(oxigraph_server)
    return oxigraph_url


@pytest.fixture(scope="module")
def built_remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server of this module's own, holding the sample corpus built by `councilkg build`
    (read-only use)."""
    server = start_oxigraph(tmp_path_factory.mktemp("built-remote"))
    url = f"sparql+http://127.0.0.1:{server.port}"
    built = run_cli("build", store=url)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"built {SAMPLE_COUNT} documents")
    yield url
    server.stop()


def test_build_validate_facts_and_query_on_the_remote_store(built_remote: str, embedded_facts: dict) -> None:
    remote_url = built_remote
    validated = run_cli("validate", store=remote_url)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert f"{SAMPLE_COUNT} of {SAMPLE_COUNT} document graphs conform" in validated.stdout
    facts = run_cli("facts", store=remote_url)
    assert facts.returncode == 0, facts.stderr
    assert json.loads(facts.stdout) == embedded_facts
    counted = run_cli("query", COUNT_DOCS, "--format", "json", store=remote_url)
    assert json.loads(counted.stdout)["results"]["bindings"][0]["n"]["value"] == str(SAMPLE_COUNT)
    again = run_cli("build", "--if-empty", store=remote_url)
    assert again.returncode == 0 and "not rebuilding" in again.stderr


def test_export_of_the_remote_store_equals_the_embedded_export(built_remote: str, built_store: Path,
                                                               tmp_path: Path) -> None:
    copy = tmp_path / "embedded"
    shutil.copytree(built_store, copy)

    def quads(store: str | Path) -> set:
        out = tmp_path / "dump.nq"
        assert run_cli("export", "--format", "nquads", "-o", str(out), store=store).returncode == 0
        ds = Dataset()
        ds.parse(out, format="nquads")
        return {q for q in ds.quads((None, None, None, None)) if not str(q[3]).endswith("/graph/meta")}

    assert quads(built_remote) == quads(copy)


def test_ingest_and_remove_a_document_on_the_remote_store(remote_url: str, tmp_path: Path) -> None:
    documents = sorted(p for p in SAMPLE_DOCUMENTS_DIR.iterdir() if p.suffix in (".txt", ".html"))
    folder = tmp_path / "docs"
    folder.mkdir()
    for p in documents[:-1]:
        shutil.copy(p, folder / p.name)
        sidecar = p.with_suffix(".meta.json")
        if sidecar.exists():
            shutil.copy(sidecar, folder / sidecar.name)
    assert run_cli("build", str(folder), store=remote_url).returncode == 0
    ingested = run_cli("ingest", str(documents[-1]), store=remote_url)
    assert ingested.returncode == 0, ingested.stderr
    document_uri = ingested.stdout.split()[1]
    counted = run_cli("query", COUNT_DOCS, "--format", "csv", store=remote_url)
    assert counted.stdout.split() == ["n", str(len(documents))]
    removed = run_cli("remove", document_uri, store=remote_url)
    assert removed.returncode == 0, removed.stderr
    counted = run_cli("query", COUNT_DOCS, "--format", "csv", store=remote_url)
    assert counted.stdout.split() == ["n", str(len(documents) - 1)]
    missing = run_cli("remove", document_uri, store=remote_url)
    assert missing.returncode == 1 and "no document" in missing.stderr


def test_malformed_query_on_the_remote_store_is_exit_2(built_remote: str) -> None:
    result = run_cli("query", "SELECT ?x WHERE { ?x ", store=built_remote)
    assert result.returncode == 2
    assert result.stderr.startswith("councilkg: error: malformed SPARQL query")


def test_a_live_service_answers_sparql_from_the_remote_store(remote_url: str, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    assert run_cli("build", store=remote_url, env={"COUNCILKG_BASE_URI": base}).returncode == 0
    server = LiveServer(tmp_path / "unused", port, {"COUNCILKG_STORE": remote_url})
    (tmp_path / "unused").mkdir()
    server.start()
    try:
        def ask(n: int) -> bool:
            """ASK (JSON results in every version of /sparql) whether the service sees n document graphs."""
            query = (f"ASK {{ {{ SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                     f"FILTER(STRSTARTS(STR(?g), '{base}graph/document/')) }} }} FILTER(?n = {n}) }}")
            response = httpx.get(server.url + "sparql", params={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=30)
            assert response.status_code == 200, response.text
            return response.json()["boolean"]

        assert ask(SAMPLE_COUNT) is True
        assert ask(SAMPLE_COUNT + 1) is False
        bad = httpx.get(server.url + "sparql", params={"query": "SELECT ?x WHERE { ?x "},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert bad.status_code == 400
    finally:
        server.stop()

"""The `councilkg` command line, run as a real process against a real store."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from tests.conftest import run_cli

COUNT_DOCS = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
              "FILTER(STRSTARTS(STR(?g), 'http://localhost:8000/graph/document/')) }")


def test_build_validate_and_query_the_sample_corpus(tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = run_cli("build", store=store)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built 5 documents")
    assert "[5/5]" in built.stderr  # progress is shown
    validated = run_cli("validate", store=store)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "5 of 5 document graphs conform" in validated.stdout
    as_json = run_cli("query", COUNT_DOCS, "--format", "json", store=store)
    assert as_json.returncode == 0, as_json.stderr
    assert json.loads(as_json.stdout)["results"]["bindings"][0]["n"]["value"] == "5"
    as_csv = run_cli("query", COUNT_DOCS, "--format", "csv", store=store)
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["n"], ["5"]]
    assert run_cli("query", "ASK { }", store=store).stdout.strip() == "true"


def test_build_if_empty_keeps_a_built_store(store_copy: Path) -> None:
    result = run_cli("build", "--if-empty", store=store_copy)
    assert result.returncode == 0
    assert "not rebuilding" in result.stderr


def test_query_from_file_and_table_output(store_copy: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(COUNT_DOCS, encoding="utf-8")
    result = run_cli("query", "--file", str(query), store=store_copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "n" and lines[2].strip() == "5" and lines[-1] == "(1 rows)"


@pytest.mark.parametrize("fmt, parse_as", [("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_export_datasets_round_trip(store_copy: Path, tmp_path: Path, fmt: str, parse_as: str) -> None:
    out = tmp_path / f"dump.{fmt}"
    assert run_cli("export", "--format", fmt, "--output", str(out), store=store_copy).returncode == 0
    ds = Dataset()
    ds.parse(out, format=parse_as)
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert sum(1 for g in graphs if "/graph/document/" in g) == 5


def test_export_turtle_is_the_union(store_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.ttl"
    assert run_cli("export", "--format", "turtle", "-o", str(out), store=store_copy).returncode == 0
    quads = tmp_path / "dump.nq"
    run_cli("export", "--format", "nquads", "-o", str(quads), store=store_copy)
    ds = Dataset()
    ds.parse(quads, format="nquads")
    union = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert set(Graph().parse(out, format="turtle")) == union


def test_malformed_query_is_a_clear_error_with_exit_2(store_copy: Path) -> None:
    result = run_cli("query", "SELECT ?x WHERE { ?x ", store=store_copy)
    assert result.returncode == 2
    assert result.stderr.startswith("councilkg: error: malformed SPARQL query")


def test_build_of_a_missing_directory_fails_and_leaves_the_store(store_copy: Path, tmp_path: Path) -> None:
    before = run_cli("export", "--format", "nquads", store=store_copy).stdout
    result = run_cli("build", str(tmp_path / "nowhere"), store=store_copy)
    assert result.returncode == 2
    assert "is not a directory" in result.stderr
    assert run_cli("export", "--format", "nquads", store=store_copy).stdout == before


def test_validate_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    result = run_cli("validate", store=tmp_path / "empty")
    assert result.returncode == 2
    assert "run `councilkg build` first" in result.stderr


def test_every_command_has_help() -> None:
    for command in ("build", "validate", "query", "export", "facts", "serve", "ingest", "remove", "load",
                    "unload"):
        result = run_cli(command, "--help", store="unused")
        assert result.returncode == 0 and "usage: councilkg" in result.stdout, command


def test_rebuild_under_another_base_replaces_the_old_corpus(store_copy: Path) -> None:
    new_base = "https://councilkg.example.org/"
    result = run_cli("build", store=store_copy, env={"COUNCILKG_BASE_URI": new_base})
    assert result.returncode == 0, result.stderr
    graphs = run_cli("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "csv",
                     store=store_copy, env={"COUNCILKG_BASE_URI": new_base}).stdout.splitlines()[1:]
    pipeline = [g for g in graphs if "/graph/document/" in g or g.endswith(("/graph/ontology", "/graph/reference"))]
    assert len(pipeline) == 7 and all(g.startswith(new_base) for g in pipeline)


def test_build_says_which_stored_documents_it_replaced(store_copy: Path, tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.mkdir()
    source = sorted((Path(__file__).resolve().parents[2] / "documents").glob("*.txt"))[0]
    (one / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", str(one), store=store_copy)
    assert result.returncode == 0, result.stderr
    assert "4 document(s) that are not in the directory were removed" in result.stderr

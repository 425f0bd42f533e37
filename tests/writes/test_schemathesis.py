"""Schemathesis against /openapi.json of a live private server with a write token: no 5xx, and
responses match their documented schemas and content types. Bounded: at most EXAMPLES examples per
operation and a time budget, so the run stays within a few minutes. Runs the schemathesis command
line (its pytest plugin does not support pytest 9 yet); failures print the reproducing request."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.writes.conftest import ALICE, Writer

pytestmark = pytest.mark.slow
EXAMPLES = 25
BUDGET_SECONDS = 50
"""Per run; two runs (the write routes, then the rest of the API), each with every check."""
WRITE_ROUTES = "^/(documents|update|rdf-graphs)"
ALL_CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Writer]:
    w = Writer(tmp_path_factory.mktemp("fuzz"))
    yield w
    w.server.stop()


def _schemathesis(server: Writer, report_dir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "schemathesis"), "run", server.url + "openapi.json",
               "--max-examples", str(EXAMPLES), "--max-time", str(BUDGET_SECONDS),
               "--header", f"Authorization:{ALICE['Authorization']}", "--request-timeout", "30",
               "--workers", "1", "--seed", "20260601", "--generation-database", "none", "--no-color",
               "--suppress-health-check", "all", "--output-truncate", "false",
               "--report", "junit", "--report-dir", str(report_dir), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=BUDGET_SECONDS + 120)


def test_openapi_documents_the_write_routes(fuzzed_server: Writer) -> None:
    paths = httpx.get(fuzzed_server.url + "openapi.json", timeout=30).json()["paths"]
    assert set(paths["/documents"]) >= {"post"}
    assert set(paths["/documents/{id}"]) >= {"get", "put", "delete"}
    assert set(paths["/update"]) == {"post"}
    assert set(paths["/rdf-graphs/service"]) >= {"get", "head", "put", "post", "delete"}
    assert "application/sparql-update" in paths["/update"]["post"]["requestBody"]["content"]


def test_write_routes_conform_to_their_schemas(fuzzed_server: Writer, tmp_path: Path) -> None:
    run = _schemathesis(fuzzed_server, tmp_path, "--checks", ALL_CHECKS, "--include-path-regex", WRITE_ROUTES)
    assert run.returncode == 0, run.stdout[-15000:] + run.stderr[-2000:]
    assert " passed" in run.stdout


def test_the_read_api_conforms_to_its_schemas(fuzzed_server: Writer, tmp_path: Path) -> None:
    run = _schemathesis(fuzzed_server, tmp_path, "--checks", ALL_CHECKS, "--exclude-path-regex", WRITE_ROUTES)
    assert run.returncode == 0, run.stdout[-15000:] + run.stderr[-2000:]
    assert " passed" in run.stdout

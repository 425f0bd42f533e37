"""Store fixtures: a session-wide Oxigraph server, and `store` parametrized over the embedded store and
a RemoteStore on that server (emptied before each test), and also on Virtuoso when
COUNCILKG_TEST_VIRTUOSO=1 (as `bash run.sh test` sets)."""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.store.base import Store
from graph.store.embedded import EmbeddedStore
from graph.store.remote import RemoteStore
from graph.store.remote_engines import ENGINES, endpoints
from tests.conftest import run_cli
from tests.store.servers import ServerProcess, start_oxigraph, start_virtuoso

WITH_VIRTUOSO = os.environ.get("COUNCILKG_TEST_VIRTUOSO") == "1"


def run_cli_patient(*args: str, store: Path | str, env: dict[str, str] | None = None, **kw: object):
    """run_cli with a 60 s query limit: these tests check flows, not limits, on a busy 2-core machine where
    the entity-index query takes seconds on Oxigraph server."""
    return run_cli(*args, store=store, env={"COUNCILKG_QUERY_TIMEOUT": "60", **(env or {})}, **kw)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph_url(oxigraph_server: ServerProcess) -> str:
    return f"sparql+http://127.0.0.1:{oxigraph_server.port}"


def empty_oxigraph(server: ServerProcess) -> None:
    httpx.post(f"http://127.0.0.1:{server.port}/update", data={"update": "DROP SILENT ALL"}, timeout=30
               ).raise_for_status()


def remote_store(url: str, engine: str = "oxigraph", *, query_timeout: float = 10.0, user: str = "",
                 password: str = "") -> RemoteStore:
    profile = ENGINES[engine]
    return RemoteStore(endpoints(url, profile, user=user, password=password), profile,
                       query_timeout=query_timeout, update_timeout=120)


@pytest.fixture()
def fresh_remote(oxigraph_server: ServerProcess, oxigraph_url: str) -> Iterator[RemoteStore]:
    """A RemoteStore on the session's Oxigraph server, emptied first."""
    empty_oxigraph(oxigraph_server)
    store = remote_store(oxigraph_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    if not WITH_VIRTUOSO:
        pytest.skip("Virtuoso tests run with COUNCILKG_TEST_VIRTUOSO=1 (as `bash run.sh test` does)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_url(virtuoso_server: ServerProcess) -> str:
    """Credentials in the URL select Virtuoso's authenticated endpoints (/sparql-auth, digest)."""
    return f"sparql+http://dba:dba@127.0.0.1:{virtuoso_server.port}/sparql"


@pytest.fixture(params=["embedded", "remote"] + (["virtuoso"] if WITH_VIRTUOSO else []))
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each kind: the same test runs on each."""
    if request.param == "embedded":
        s: Store = EmbeddedStore(None)
        yield s
        s.close()
    elif request.param == "remote":
        yield request.getfixturevalue("fresh_remote")
    else:
        s = remote_store(request.getfixturevalue("virtuoso_url"), "virtuoso")
        s.clear()
        yield s
        s.close()


@pytest.fixture(scope="session")
def embedded_facts(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`councilkg facts` of the sample corpus in the embedded store: what every remote store must equal."""
    copy = tmp_path_factory.mktemp("facts") / "store"
    shutil.copytree(built_store, copy)
    result = run_cli("facts", store=copy)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

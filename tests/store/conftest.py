"""Store fixtures: a session-wide Oxigraph server, and `store` parametrized over the embedded store and
a RemoteStore on that server (emptied before each test)."""
from __future__ import annotations

import json
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
from tests.store.servers import ServerProcess, start_oxigraph


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


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each kind: the same test runs on both."""
    if request.param == "embedded":
        s: Store = EmbeddedStore(None)
        yield s
        s.close()
    else:
        yield request.getfixturevalue("fresh_remote")


@pytest.fixture(scope="session")
def embedded_facts(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`councilkg facts` of the sample corpus in the embedded store: what every remote store must equal."""
    copy = tmp_path_factory.mktemp("facts") / "store"
    shutil.copytree(built_store, copy)
    result = run_cli("facts", store=copy)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

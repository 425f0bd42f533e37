"""COUNCILKG_BASE_URI: a store built under one base is not served under another."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from graph.errors import ConfigError
from service.base_check import check_base, minted_bases
from tests.conftest import LiveServer, build_store_for, free_port

A, B = "https://a.example.org/kg/", "http://127.0.0.1:8123/"


def test_bases_are_read_from_the_pipelines_graph_iris() -> None:
    names = [f"{A}graph/ontology", f"{A}graph/document/0123456789abcdef", "https://stats.example/graph/people",
             f"{A}graph/meta"]
    assert minted_bases(names) == {A}
    check_base(names, A, "/data/store")  # the same base: fine
    check_base(["https://stats.example/cube"], B, "/data/store")  # external graphs say nothing about the base
    check_base([], B, "/data/store")  # an empty store can be served under any base
    check_base([f"{B}graph/ontology", f"{A}graph/meta"], B, "/data/store")  # a write made under another base


def test_another_base_is_refused_with_the_fix() -> None:
    with pytest.raises(ConfigError) as caught:
        check_base([f"{A}graph/ontology", f"{A}graph/reference"], B, "/data/store")
    message = str(caught.value)
    assert f"COUNCILKG_BASE_URI={A}" in message and f"COUNCILKG_BASE_URI={B}" in message
    assert "councilkg build" in message


def test_leftovers_of_an_old_base_are_refused_too() -> None:
    with pytest.raises(ConfigError):
        check_base([f"{B}graph/ontology", f"{A}graph/ontology"], B, "/data/store")


def test_the_server_refuses_to_start_under_another_base(tmp_path: Path) -> None:
    built_for = f"http://127.0.0.1:{free_port()}/"
    store = build_store_for(built_for, tmp_path / "store")
    port = free_port()
    server = LiveServer(store, port)  # its base is its own URL, not the one the store was built for
    with pytest.raises(RuntimeError, match="server exited"):
        server.start(timeout=60)
    log = (store.parent / f"server-{port}.log").read_text()
    assert f"built with COUNCILKG_BASE_URI={built_for}" in log
    assert f"COUNCILKG_BASE_URI={server.url}" in log
    restarted = LiveServer(store, port, env={"COUNCILKG_BASE_URI": built_for}).start()
    try:  # served under the base it was built for, it answers (here on another port)
        ontology = httpx.get(restarted.url + "def/", headers={"Accept": "application/n-triples"})
        assert ontology.status_code == 200 and f"<{built_for}def/>" in ontology.text
    finally:
        restarted.stop()

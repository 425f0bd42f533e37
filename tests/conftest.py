"""Fixtures shared by every test area: a store built from the sample corpus, and the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property-based tests check rules, not speed: no per-example deadline (CI machines are shared and
# a slow example is not a failure), and a fixed example budget so a run is bounded.
hypothesis_settings.register_profile("councilkg", deadline=None, max_examples=100)
hypothesis_settings.load_profile("councilkg")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_ROOT / "tests" / "data" / "shared"
"""A copy of the workplace's read-only ../shared (seeds, gold facts, questions, scorer), so the suite runs
the same on any checkout; tests/test_shared_copy.py checks it is identical to ../shared where that exists."""


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of an embedded store holding the sample corpus, built once and closed (copy it
    with `store_copy` before opening it read-write or serving it)."""
    from graph.pipeline import build
    from graph.store.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("sample") / "store"
    store = EmbeddedStore(path)
    try:
        build(store)
    finally:
        store.close()
    return path


@pytest.fixture()
def store_copy(built_store: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store for one test."""
    target = tmp_path / "store"
    shutil.copytree(built_store, target)
    return target


def run_cli(*args: str, store: Path | str, env: dict[str, str] | None = None,
            input_text: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `councilkg ARGS` in a fresh process against the given store."""
    full_env = {**os.environ, "COUNCILKG_STORE": str(store), **(env or {})}
    return subprocess.run([sys.executable, "-m", "service.cli", *args], capture_output=True, text=True,
                          env=full_env, cwd=PROJECT_ROOT, input=input_text, timeout=timeout)


# ---------------------------------------------------------------- real servers
import socket  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import httpx  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    """A real `councilkg serve` process (uvicorn) on loopback over an embedded store directory.

    Its base URI is its own address, so every URI in the graph resolves on it."""

    store: Path
    port: int
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def environment(self) -> dict[str, str]:
        return {**os.environ, "COUNCILKG_STORE": str(self.store), "COUNCILKG_BASE_URI": self.url, **self.env}

    def start(self, timeout: float = 60) -> LiveServer:
        log = open(self.store.parent / f"server-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning"], env=self.environment(), cwd=PROJECT_ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {log.name}")
            try:
                if httpx.get(self.url + "sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout}s; see {log.name}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def build_store_for(url: str, path: Path, directory: Path | None = None) -> Path:
    """Build the sample corpus (or `directory`) into a store whose URIs are minted under `url`."""
    args = ["build"] + ([str(directory)] if directory else [])
    result = run_cli(*args, store=path, env={"COUNCILKG_BASE_URI": url})
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One read-only-use server over the sample corpus for the whole session (do not write to it)."""
    port = free_port()
    path = tmp_path_factory.mktemp("live") / "store"
    build_store_for(f"http://127.0.0.1:{port}/", path)
    server = LiveServer(path, port).start()
    yield server
    server.stop()


@pytest.fixture()
def server_factory(tmp_path: Path) -> Iterator:
    """Start private servers (for tests that write, kill or reconfigure): factory(env=...) -> LiveServer
    over a fresh sample-corpus store built for its own port."""
    started: list[LiveServer] = []

    def factory(env: dict[str, str] | None = None, store: Path | None = None) -> LiveServer:
        port = free_port()
        path = store or build_store_for(f"http://127.0.0.1:{port}/", tmp_path / f"store-{port}")
        server = LiveServer(path, port, env or {}).start()
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()

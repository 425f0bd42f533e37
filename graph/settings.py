"""The one settings object: every knob is an environment variable `COUNCILKG_*`.

Read once per process through `settings()`; tests that need other values set the environment
before starting a server process, or call `settings.cache_clear()`. README lists every variable
with its default; keep the two in step.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigError
from graph.paths import PROJECT_ROOT


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as e:
        raise ConfigError(f"{name}={raw!r} is not a number; set it to seconds, e.g. {name}={default}") from e
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0 (got {raw})")
    return value


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as e:
        raise ConfigError(f"{name}={raw!r} is not a whole number, e.g. {name}={default}") from e
    if value <= 0:
        raise ConfigError(f"{name} must be greater than 0 (got {raw})")
    return value


REMOTE_ENGINES = ("auto", "oxigraph", "virtuoso", "fuseki", "graphdb", "generic")


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = (os.environ.get(name) or default).strip().lower()
    if raw and raw not in allowed:
        raise ConfigError(f"{name}={raw!r} is not one of {', '.join(a for a in allowed if a)}")
    return raw


def default_query_workers() -> int:
    """One query worker per core, plus one: while a worker's answer crosses the pipe and the HTTP
    loop, another query keeps the core busy (2 cores, 4 clients, wrk on the 100k medium query:
    2 workers 339-392 req/s, 3 workers 407-547, 4 workers 444-473; bench/run.py)."""
    return max(2, (os.cpu_count() or 1) + 1)


@dataclass(frozen=True)
class Settings:
    """Process-wide configuration, immutable once read."""

    store: str
    """Data directory of the embedded store, or a remote store URL (`sparql+http://...`)."""
    base_uri: str
    """Base under which entity and vocabulary URIs are minted and served; ends with '/'."""
    query_timeout: float
    """Seconds a SPARQL query may run before it is stopped."""
    max_rows: int
    """Most result rows a SELECT query returns."""
    max_document_bytes: int
    """Largest document accepted for ingest."""
    max_query_bytes: int
    """Longest SPARQL query text accepted."""
    query_workers: int
    """Worker processes that run SPARQL queries for the service (default: `default_query_workers`)."""
    write_tokens: str
    """Bearer tokens allowed to write, as `name:token` pairs separated by commas."""
    remote_engine: str = "auto"
    """Which SPARQL server a remote store is (oxigraph, virtuoso, fuseki, graphdb, generic): its URL defaults."""
    remote_query_url: str = ""
    """SPARQL 1.1 Query endpoint of a remote store (default: from the store URL and the engine)."""
    remote_update_url: str = ""
    """SPARQL 1.1 Update endpoint of a remote store."""
    remote_gsp_url: str = ""
    """SPARQL 1.1 Graph Store Protocol endpoint of a remote store."""
    remote_user: str = ""
    """User name for a remote store (or `user:password@` in the store URL)."""
    remote_password: str = ""
    """Password for a remote store."""
    remote_auth: str = ""
    """HTTP authentication scheme for a remote store: basic or digest (default: the engine's)."""
    remote_update_timeout: float = 300.0
    """Seconds a write to a remote store may take (a build writes the whole corpus in one request)."""
    remote_system_graphs: str = ""
    """Named graphs of the remote engine's own, kept out of the union default graph and `named_graphs()`
    (comma-separated; default: the engine's, e.g. Virtuoso's virtrdf# graph)."""

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("sparql+http://", "sparql+https://"))


@functools.cache
def settings() -> Settings:
    """Read the environment once; raise ConfigError with the fix when a value is wrong."""
    base = os.environ.get("COUNCILKG_BASE_URI") or "http://localhost:8000/"
    if not base.startswith(("http://", "https://")):
        raise ConfigError(f"COUNCILKG_BASE_URI={base!r} must be an http(s) URL, e.g. https://councilkg.example.org/")
    if not base.endswith("/"):
        base += "/"
    store = os.environ.get("COUNCILKG_STORE") or str(PROJECT_ROOT / "data" / "store")
    return Settings(
        store=store if store.startswith("sparql+") else str(Path(store).expanduser()),
        base_uri=base,
        query_timeout=_float("COUNCILKG_QUERY_TIMEOUT", 10.0),
        max_rows=_int("COUNCILKG_MAX_ROWS", 100_000),
        max_document_bytes=_int("COUNCILKG_MAX_DOCUMENT_BYTES", 5 * 1024 * 1024),
        max_query_bytes=_int("COUNCILKG_MAX_QUERY_BYTES", 100_000),
        query_workers=_int("COUNCILKG_QUERY_WORKERS", default_query_workers()),
        write_tokens=os.environ.get("COUNCILKG_WRITE_TOKENS", ""),
        remote_engine=_choice("COUNCILKG_REMOTE_ENGINE", "auto", REMOTE_ENGINES),
        remote_query_url=os.environ.get("COUNCILKG_REMOTE_QUERY_URL", ""),
        remote_update_url=os.environ.get("COUNCILKG_REMOTE_UPDATE_URL", ""),
        remote_gsp_url=os.environ.get("COUNCILKG_REMOTE_GSP_URL", ""),
        remote_user=os.environ.get("COUNCILKG_REMOTE_USER", ""),
        remote_password=os.environ.get("COUNCILKG_REMOTE_PASSWORD", ""),
        remote_auth=_choice("COUNCILKG_REMOTE_AUTH", "", ("basic", "digest")),
        remote_update_timeout=_float("COUNCILKG_REMOTE_UPDATE_TIMEOUT", 300.0),
        remote_system_graphs=os.environ.get("COUNCILKG_REMOTE_SYSTEM_GRAPHS", ""),
    )

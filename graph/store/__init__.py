"""Opening the configured store: the embedded Oxigraph directory, or a remote SPARQL server."""
from __future__ import annotations

from graph.errors import ConfigError
from graph.settings import Settings, settings
from graph.store.base import QueryResult, SelectResult, Store


def open_store(config: Settings | None = None, *, read_only: bool = False) -> Store:
    """The store named by COUNCILKG_STORE: a directory (embedded) or `sparql+http(s)://...` (remote)."""
    config = config or settings()
    if config.is_remote:
        try:
            from graph.store.remote import RemoteStore
        except ImportError as e:  # pragma: no cover - until the remote backend lands
            raise ConfigError("remote stores (sparql+http://...) are not available in this version") from e
        return RemoteStore.from_url(config.store, config)
    from graph.store.embedded import EmbeddedStore
    return EmbeddedStore(config.store, read_only=read_only)


__all__ = ["open_store", "Store", "SelectResult", "QueryResult"]

"""What one service process holds: the settings, the store (the only writer), the query executor
and the write lock. Routers reach it with `state(request)`."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import Request

from graph.settings import Settings
from graph.store import Store, open_store
from service.executor import QueryExecutor


@dataclass
class AppState:
    settings: Settings
    store: Store
    executor: QueryExecutor
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    """Held by every write, so writes apply one at a time in the order they arrive."""

    @classmethod
    def open(cls, config: Settings) -> AppState:
        from graph.pipeline import warm_up

        store = open_store(config)
        opened = cls(config, store, QueryExecutor.start(config, store))
        # the first write would otherwise read the whole entity index and load the extractor
        threading.Thread(target=warm_up, args=(store, opened.write_lock), name="councilkg-warm-up",
                         daemon=True).start()
        return opened

    def after_write(self) -> None:
        """Tell the query executor the store changed (the next query reads a checkpoint of it)."""
        self.executor.store_changed()

    def close(self) -> None:
        self.executor.close()
        self.store.close()


def state(request: Request) -> AppState:
    return request.app.state.councilkg

"""The entity index cache (graph.entity_index): after a document is added, the index folded in
from the new graph alone is exactly the index recomputed from the whole store, and any other write
(a removal) makes it recompute."""
from __future__ import annotations

from pathlib import Path

from graph import entity_index
from graph.entity_index import known_entities
from graph.pipeline import ingest, remove
from graph.read import read_text
from graph.store.embedded import EmbeddedStore
from graph.uris import key_of

ARTICLE = """Council names new director

12/03/2021 @ 09:00

Gwynedd Council has appointed Rhian Price as its new director of social services.

Cllr Dafydd Meredith, the cabinet member for adult services, welcomed the appointment.
"""


def fresh(store: EmbeddedStore) -> list:
    entity_index._CACHE.pop(store, None)
    return known_entities(store)


def test_added_document_folds_into_the_cached_index(store_copy: Path) -> None:
    store = EmbeddedStore(store_copy)
    try:
        before = known_entities(store)
        assert entity_index._CACHE[store][0] == store.version()
        result = ingest(store, read_text(ARTICLE, "bench_cache_test.txt", {}))
        assert entity_index._CACHE[store][0] == store.version()  # folded in by the ingest, not dropped
        cached = known_entities(store)
        assert cached == fresh(store)
        assert len(cached) > len(before)  # the new people are in it
        remove(store, key_of(result.document))
        assert known_entities(store) == fresh(store)
        assert [e.key for e in known_entities(store)] == [e.key for e in before]
    finally:
        store.close()

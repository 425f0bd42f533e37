"""SIGKILL in the middle of an ingest, at random moments, repeatedly: after each restart the
document is fully present (exactly the graph a clean ingest gives) or fully absent, and every
earlier document is intact."""
from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer, build_store_for, free_port, run_cli
from tests.writes.conftest import ALICE, DOCS, TOKENS, graph_lines, nquads

pytestmark = pytest.mark.slow
ROUNDS = 5


def _big_document() -> bytes:
    """A large-ish document (eight test documents in one), a few seconds to ingest."""
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.txt"))[:8]).encode("utf-8")


def _without(lines: list[str], *graphs: str) -> list[str]:
    return [x for x in lines if not any(x.endswith(f" <{g}> .") for g in graphs)]


def test_sigkill_during_ingest_leaves_the_document_all_or_nothing(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    store = build_store_for(url, tmp_path / "store")
    env = {"COUNCILKG_BASE_URI": url}
    body = _big_document()
    big = tmp_path / "big.txt"
    big.write_bytes(body)

    # what a clean ingest of the document gives, and the corpus every round must keep intact
    clean_store = build_store_for(url, tmp_path / "clean")
    out = run_cli("ingest", str(big), store=clean_store, env=env)
    assert out.returncode == 0, out.stderr
    document = out.stdout.split(": ", 1)[1].split()[0]
    graph = document.replace("/id/", "/graph/")
    meta = f"{url}graph/meta"
    clean = graph_lines(nquads(clean_store), graph)
    assert len(clean) > 1000
    corpus = _without(nquads(store), meta)

    server = LiveServer(store, port, {"COUNCILKG_WRITE_TOKENS": TOKENS})
    started = time.monotonic()
    server.start()
    t0 = time.monotonic()
    r = httpx.post(url + "documents", params={"name": "big.txt"}, content=body, timeout=120,
                   headers={"Content-Type": "text/plain", **ALICE})
    duration = time.monotonic() - t0
    assert r.status_code == 201 and r.json()["document"] == document, r.text
    assert httpx.delete(f"{url}documents/{r.json()['id']}", headers=ALICE, timeout=60).status_code == 200

    rng = random.Random()
    outcomes = []
    for _ in range(ROUNDS):
        if server.process is None or server.process.poll() is not None:
            server.start()
        delay = duration * rng.uniform(0.2, 1.1)

        def post() -> None:
            try:
                httpx.post(url + "documents", params={"name": "big.txt"}, content=body, timeout=120,
                           headers={"Content-Type": "text/plain", **ALICE})
            except httpx.HTTPError:
                pass  # the server was killed under it

        client = threading.Thread(target=post)
        client.start()
        time.sleep(delay)
        server.kill()
        client.join(30)
        lines = nquads(store)
        stored = graph_lines(lines, graph)
        assert stored in ([], clean), f"after a kill at {delay:.2f}s: {len(stored)} of {len(clean)} triples"
        assert _without(lines, meta, graph) == corpus, "an earlier document changed"
        outcomes.append("present" if stored else "absent")
        if stored:
            removed = run_cli("remove", document, store=store, env=env)
            assert removed.returncode == 0, removed.stderr
    print(f"kill rounds: {outcomes} (ingest takes {duration:.2f}s)")
    assert time.monotonic() - started < 300

"""Cold start, one medium query and adding documents at one size, councilkg alone (no peers): for
sizes where starting Oxigraph server and rdflib-endpoint too would not fit the run (10M).

    python bench/scale_writes.py --size 10m [--adds 3]   # needs bench/out/graph-10m.nq (generate_graph.py)

The adds run twice: right after the first start of the service on the freshly loaded store
(`add_document`: nothing persisted yet), and after a restart (`add_document_after_restart`: the
first add of a restarted service is the one issue 7 is about; the entity index is on disk by then).
`--wait S` waits S seconds after the service is ready before the first add of each start (to see
the cost once start-up work in the background is done). Results in bench/out/writes-<size>.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import (  # noqa: E402
    ACCEPT,
    BIN,
    TOKEN,
    P,
    Server,
    add_documents,
    build_corpus,
    bulk_load,
    free_port,
    mix,
)


def start(env: dict) -> Server:
    port = free_port()
    return Server("councilkg", [str(BIN / "councilkg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                  f"http://127.0.0.1:{port}/sparql", env=env)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10m")
    ap.add_argument("--adds", type=int, default=3)
    ap.add_argument("--out", type=Path, help="results file (default bench/out/writes-<size>.json)")
    ap.add_argument("--wait", type=float, default=0.0, help="seconds between ready and the first add")
    args = ap.parse_args(argv)
    label = args.size.lower()
    nq = BENCH / "out" / f"graph-{label}.nq"
    work = Path(tempfile.mkdtemp(prefix=f"ckg-writes-{label}-"))
    out: dict = {"size": label, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    try:
        store = work / "store"
        out["build"] = build_corpus(store)
        out["bulk_load"] = bulk_load(store, nq)
        import pyoxigraph as ox

        s = ox.Store.read_only(str(store))
        council = next(iter(s.query(P + "SELECT ?c WHERE { GRAPH ?g { ?i a ckg:Inspection ; ckg:council ?c } } "
                                        "LIMIT 1")))["c"].value
        del s
        env = {"COUNCILKG_STORE": str(store), "COUNCILKG_WRITE_TOKENS": f"bench:{TOKEN}"}
        server = start(env)
        try:
            out["cold_start_s"] = round(server.wait_ready(300), 2)
            q = mix(council, council)["inspections of one council"]
            times = []
            for n in range(6):
                t0 = time.perf_counter()
                httpx.get(server.url, params={"query": f"{q}\n# {n}"}, headers=ACCEPT, timeout=60)
                times.append((time.perf_counter() - t0) * 1000)
            out["medium_query_ms"] = [round(t, 1) for t in times[1:]]
            time.sleep(args.wait)
            out["add_document"] = add_documents(server.url, args.adds, 5000)
            out["peak_rss_mb"] = round(server.peak_rss / 2**20)
        finally:
            server.stop()
        server = start(env)
        try:
            out["restart_s"] = round(server.wait_ready(300), 2)
            time.sleep(args.wait)
            out["add_document_after_restart"] = add_documents(server.url, args.adds, 6000)
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (args.out or BENCH / "out" / f"writes-{label}.json").write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

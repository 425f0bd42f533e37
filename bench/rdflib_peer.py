"""The rdflib-endpoint peer: the same N-Quads served by rdflib-endpoint (FastAPI + rdflib), the
stack a Python project would otherwise use. The dataset's default graph is the union of its named
graphs, as in councilkg and `oxigraph serve --union-default-graph`, so the same query text means
the same thing on all three.

    python bench/rdflib_peer.py FILE.nq PORT
"""
from __future__ import annotations

import sys
import time

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    path, port = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    print(f"rdflib-endpoint: parsed {len(ds)} quads in {time.perf_counter() - t0:.1f}s", flush=True)
    app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()

"""Load test: concurrent clients mixing API reads, SPARQL queries and ingests against a real server
on loopback, bounded in clients and time. Prints throughput, p50/p99 latency per kind, the number
of 5xx answers, and lost writes (every 201 is looked up afterwards).

    .venv/bin/python bench/load_test.py                 # builds a sample store, starts its own server
    .venv/bin/python bench/load_test.py --clients 8 --seconds 10
    .venv/bin/python bench/load_test.py --url http://127.0.0.1:8000/ --token TOKEN   # an existing server

Ingested documents are test documents with a unique reference line appended, so each is new
content (a 201) and its facts are realistic. Only loopback URLs are accepted.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "tests" / "data" / "documents").glob("*.txt"))
API_READS = ["api/councils", "api/people", "api/inspections", "api/funding", "api/documents",
             "api/queries/councillors", "api/queries/funding_totals", "api/queries/inspections"]
SPARQL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Person> }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?m ?who WHERE { ?m org:member ?who } LIMIT 50",
    "ASK { ?s <https://schema.org/amount> ?a }",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
    "FILTER(CONTAINS(LCASE(STR(?label)), \"council\")) } LIMIT 20",
]
MIX = (("api", 0.45), ("sparql", 0.45), ("ingest", 0.10))


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: int = 0
    created: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """The first few 5xx answers, to say why."""

    def record(self, kind: str, seconds: float, status: int) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[kind][status] += 1


def _pick(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for kind, share in MIX:
        acc += share
        if x < acc:
            return kind
    return MIX[-1][0]


async def client(http: httpx.AsyncClient, token: str, until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        kind = _pick(rng)
        t0 = time.monotonic()
        try:
            if kind == "api":
                r = await http.get(rng.choice(API_READS))
            elif kind == "sparql":
                r = await http.get("sparql", params={"query": rng.choice(SPARQL)},
                                   headers={"Accept": "application/sparql-results+json"})
            else:
                doc = rng.choice(DOCS)
                text = doc.read_text(encoding="utf-8") + f"\n\nReference number {uuid.uuid4().hex}.\n"
                r = await http.post("documents", content=text.encode("utf-8"), params={"name": doc.name},
                                    headers={"Content-Type": "text/plain", "Authorization": f"Bearer {token}"})
                if r.status_code == 201:
                    tally.created.append(r.json()["id"])
        except httpx.HTTPError:
            tally.errors += 1
            continue
        tally.record(kind, time.monotonic() - t0, r.status_code)
        if r.status_code >= 500 and len(tally.failures) < 5:
            tally.failures.append(f"{kind} {r.request.url} -> {r.status_code} after {time.monotonic() - t0:.1f}s: "
                                  f"{r.text[:300]}")


async def lost_writes(http: httpx.AsyncClient, ids: list[str]) -> int:
    lost = 0
    for doc_id in ids:
        r = await http.get(f"documents/{doc_id}")
        lost += r.status_code != 200
    return lost


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(tally: Tally, seconds: float, lost: int, clients: int) -> str:
    lines = [f"{clients} clients for {seconds:.0f} s", f"{'kind':8} {'requests':>8} {'req/s':>7} {'p50 ms':>8} "
             f"{'p99 ms':>8} statuses"]
    everything: list[float] = []
    for kind, _ in MIX:
        lat = tally.latencies.get(kind, [])
        everything += lat
        statuses = " ".join(f"{s}:{n}" for s, n in sorted(tally.statuses.get(kind, {}).items()))
        lines.append(f"{kind:8} {len(lat):8d} {len(lat) / seconds:7.1f} {_pct(lat, 0.5) * 1000:8.0f} "
                     f"{_pct(lat, 0.99) * 1000:8.0f} {statuses}")
    lines.append(f"{'all':8} {len(everything):8d} {len(everything) / seconds:7.1f} "
                 f"{_pct(everything, 0.5) * 1000:8.0f} {_pct(everything, 0.99) * 1000:8.0f}")
    fivexx = sum(n for st in tally.statuses.values() for s, n in st.items() if s >= 500)
    lines.append(f"5xx: {fivexx}   connection errors: {tally.errors}   writes accepted (201): {len(tally.created)}"
                 f"   lost writes: {lost}")
    if everything:
        lines.append(f"mean latency {statistics.mean(everything) * 1000:.0f} ms")
    lines += [f"5xx: {f}" for f in tally.failures]
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workdir: Path, token: str) -> tuple[subprocess.Popen, str]:
    """Build the sample corpus into a fresh store and serve it on a free loopback port."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "COUNCILKG_STORE": str(workdir / "store"), "COUNCILKG_BASE_URI": url,
           "COUNCILKG_WRITE_TOKENS": f"loadtest:{token}"}
    cli = [sys.executable, "-m", "service.cli"]
    subprocess.run([*cli, "build"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env=env, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"load_test: the server exited; see {workdir / 'server.log'}")
        try:
            if httpx.get(url + "sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("load_test: the server did not start within 90 s")


async def run(url: str, token: str, clients: int, seconds: float) -> tuple[Tally, int, float]:
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        tally = Tally()
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(client(http, token, until, tally, seed) for seed in range(clients)))
        elapsed = time.monotonic() - started
        lost = await lost_writes(http, tally.created)
    return tally, lost, elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32, at most 64)")
    ap.add_argument("--seconds", type=float, default=60, help="duration (default 60, at most 300)")
    ap.add_argument("--url", help="an existing server on loopback (default: start one over a fresh sample store)")
    ap.add_argument("--token", help="write token for --url")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.seconds <= 300:
        ap.error("--clients must be 1..64 and --seconds 1..300")
    workdir = proc = None
    if args.url:
        if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1") or not args.token:
            ap.error("--url must be a loopback URL, and --token is needed")
        url, token = args.url.rstrip("/") + "/", args.token
    else:
        token = secrets.token_hex(16)
        workdir = Path(tempfile.mkdtemp(prefix="councilkg-load-"))
        print("load_test: building the sample store and starting a server ...", file=sys.stderr)
        proc, url = start_server(workdir, token)
    try:
        print(f"load_test: {args.clients} clients for {args.seconds:.0f} s against {url}", file=sys.stderr)
        tally, lost, elapsed = asyncio.run(run(url, token, args.clients, args.seconds))
        print(report(tally, elapsed, lost, args.clients))
        fivexx = sum(n for st in tally.statuses.values() for s, n in st.items() if s >= 500)
        failed = fivexx > 0 or lost > 0 or tally.errors > 0
        if failed and workdir is not None:
            print(f"load_test: kept {workdir} (store and server.log) to look into", file=sys.stderr)
            workdir = None
        return 1 if failed else 0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

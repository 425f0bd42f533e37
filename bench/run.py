"""The benchmark runner: councilkg against Oxigraph server and rdflib-endpoint, same data, same machine,
one run.

    python bench/run.py --size 100k        # or 1m; results in bench/out/results-<size>.json

Steps (each bounded in time):
1. build the sample corpus into a fresh store (`councilkg build`: documents/s, triples/s), generate
   the synthetic graph (bench/generate_graph.py) and bulk-load it (one graph per document, see there);
   check `councilkg load FILE --graph URI` on the same file (the external-dataset loader) with a bound;
2. start `councilkg serve` (cold start, RSS), `oxigraph serve-read-only --union-default-graph` on a
   copy of the same store, and rdflib-endpoint on a dump of it (bounded: skipped past --rdflib-max);
3. per query p50/p95 over HTTP (each request made unique by a trailing comment, so no cache answers),
   throughput with `wrk` (4 and 32 connections, unique queries too), the repeated query from the
   cache, ETag/304, adding one document via POST /documents, every named query at this size;
4. print the table with the ratios against the targets of issue 7 and write the JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from generate_documents import generate as generate_documents  # noqa: E402
from generate_graph import generate, parse_size  # noqa: E402
from synth import article_text, councils, stories  # noqa: E402

BIN = Path(sys.executable).parent
TOKEN = "bench-token"
ACCEPT = {"Accept": "application/sparql-results+json"}
P = """PREFIX ckg: <http://localhost:8000/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
CIW = "http://localhost:8000/id/inspectorate/care-inspectorate-wales"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mix(council: str, point: str) -> dict[str, str]:
    """The hand-written part of the query mix (the named queries are added from queries/).

    Written as the named queries are, one `GRAPH ?g` per document: on a union default graph
    Oxigraph evaluates a pattern whose subject is not yet bound as a scan deduplicated over every
    graph, and one extra `?r skos:prefLabel ?t` turns 1 ms into 570 ms at 100k (see README).
    """
    return {
        "point lookup": f"SELECT ?p ?o WHERE {{ <{point}> ?p ?o }}",
        "inspections of one council": P + f"""SELECT DISTINCT ?i ?date ?kind WHERE {{ GRAPH ?g {{
  ?i a ckg:Inspection ; ckg:council <{council}> ; ckg:kind ?k . ?k skos:prefLabel ?kind .
  OPTIONAL {{ ?i ckg:date ?d . ?d time:inXSDgYearMonth ?date }} }} }}""",
        "post holders on a date": P + f"""SELECT DISTINCT ?person ?title ?start ?end WHERE {{ GRAPH ?g {{
  ?m org:organization <{council}> ; org:member ?person ; org:role ?r ; org:memberDuring ?d .
  ?r skos:prefLabel ?title . ?d time:hasBeginning ?b . ?b time:inXSDgYearMonth ?start .
  OPTIONAL {{ ?d time:hasEnd ?e . ?e time:inXSDgYearMonth ?end }} }}
  FILTER(STR(?start) <= "2019-06")
  FILTER(!BOUND(?end) || STR(?end) >= "2019-06")
}}""",
        "funding aggregate": P + """SELECT ?council (SUM(?v) AS ?total) (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g {
  ?f a ckg:FundingEvent ; ckg:council ?council ; schema:amount ?a . ?a schema:value ?v } }
GROUP BY ?council ORDER BY ?council""",
        "3-hop join": P + f"""SELECT DISTINCT ?person ?party WHERE {{
  GRAPH ?g {{ ?i ckg:inspector <{CIW}> ; ckg:inspected ?unit . }}
  GRAPH ?g2 {{ ?unit ckg:council <{council}> . }}
  GRAPH ?g3 {{ ?post org:postIn ?unit ; org:heldBy ?person . ?person ckg:party ?party }} }}""",
        "text filter": P + """SELECT DISTINCT ?ann ?exact WHERE { GRAPH ?g {
  ?ann a oa:Annotation ; oa:hasTarget ?t . ?t oa:hasSelector ?s . ?s oa:exact ?exact }
  FILTER(CONTAINS(LCASE(?exact), "turnover of social workers")) } LIMIT 100""",
        "OPTIONAL-heavy listing": P + f"""SELECT DISTINCT ?person ?name ?party ?ward ?title ?start ?end WHERE {{
  GRAPH ?g {{ ?m org:organization <{council}> ; org:member ?person . ?person schema:name ?name .
  OPTIONAL {{ ?person ckg:party ?p . ?p schema:name ?party }}
  OPTIONAL {{ ?person ckg:ward ?w . ?w schema:name ?ward }}
  OPTIONAL {{ ?m org:role ?r . ?r skos:prefLabel ?title }}
  OPTIONAL {{ ?m org:memberDuring ?d . ?d time:hasBeginning ?b . ?b time:inXSDgYearMonth ?start }}
  OPTIONAL {{ ?m org:memberDuring ?d2 . ?d2 time:hasEnd ?e . ?e time:inXSDgYearMonth ?end }} }}
}} ORDER BY ?name LIMIT 200""",
    }


WHOLE_DATASET = ("api_", "export_", "facts_", "entity_index")
"""Named queries that list the whole dataset (the facts export, the API's listings, the entity index)."""


def named_mix(council: str, document: str, which: str = "all") -> dict[str, str]:
    """Every named query of queries/ (or, `which="user"`, those a user asks with parameters, not the
    whole-dataset listings), bound with values that match the data."""
    from graph.named_queries import load_named_queries

    values = {"council": council, "role": "Councillor", "on": "2019-06-01", "q": "Jones", "document": document,
              "min_documents": "2", "from": "2015", "to": "2024"}
    out = {}
    for name, nq in sorted(load_named_queries().items()):
        if which == "none":
            break
        if which == "user" and name.startswith(WHOLE_DATASET):
            continue
        params = {p.name: values[p.name] for p in nq.parameters if p.name in values
                  and (p.required or p.name in ("council", "q", "role", "on", "document"))}
        out[f"named:{name}"] = nq.bind(params)
    return out


class Server:
    """One peer: a process, its query URL and how it takes a query."""

    def __init__(self, name: str, cmd: list[str], url: str, env: dict | None = None, log: Path | None = None):
        self.name, self.url = name, url
        self.log = open(log or os.devnull, "w")  # noqa: SIM115
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=ROOT)
        self.ready_after: float | None = None
        self.peak_rss = 0
        """Peak of the process and its children together (shared pages counted in each)."""
        self.peak_rss_main = 0
        self._watch = True
        threading.Thread(target=self._rss, daemon=True).start()

    def _rss(self) -> None:
        while self._watch:
            try:
                p = psutil.Process(self.proc.pid)
                rss = sum(c.memory_info().rss for c in [p, *p.children(recursive=True)])
                self.peak_rss = max(self.peak_rss, rss)
                self.peak_rss_main = max(self.peak_rss_main, p.memory_info().rss)
            except psutil.Error:
                pass
            time.sleep(0.2)

    def wait_ready(self, timeout: float) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see its log")
            try:
                r = httpx.get(self.url, params={"query": "ASK { ?s ?p ?o }"}, headers=ACCEPT, timeout=2)
                if r.status_code == 200:
                    self.ready_after = time.perf_counter() - self.started
                    return self.ready_after
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"{self.name} not ready after {timeout}s")

    def stop(self) -> None:
        self._watch = False
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def timed(client: httpx.Client, url: str, query: str, timeout: float, headers: dict | None = None
          ) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    if len(query) > GET_MAX:  # a long query in a URL passes servers' header limits (Oxigraph server: 8 kB)
        r = client.post(url, content=query.encode("utf-8"), timeout=timeout,
                        headers={**ACCEPT, "Content-Type": "application/sparql-query", **(headers or {})})
    else:
        r = client.get(url, params={"query": query}, headers={**ACCEPT, **(headers or {})}, timeout=timeout)
    return (time.perf_counter() - t0) * 1000, r


GET_MAX = 4000
"""Longest query text sent by GET (every peer alike); longer ones go as a POST body."""


def latency(client: httpx.Client, url: str, query: str, *, repeats: int, budget: float, timeout: float) -> dict:
    """p50/p95 ms of `repeats` requests (fewer when the budget in seconds runs out), each unique."""
    times, rows, t_end, least = [], None, time.perf_counter() + budget, 3
    for n in range(repeats):
        try:
            ms, r = timed(client, url, f"{query}\n# bench {n} {time.time_ns()}", timeout)
        except httpx.TimeoutException:
            return {"error": f"over {timeout:.0f}s"}
        except httpx.HTTPError as e:  # a streamed result cut at the time limit ends the connection
            return {"error": f"{type(e).__name__} (response cut: time limit while streaming)"}
        if r.status_code != 200:
            return {"error": f"HTTP {r.status_code}: {r.text[:200]}"}
        if n == 0:
            body = r.json()
            rows = len(body["results"]["bindings"]) if "results" in body else 1
            least = 1 if ms > budget * 250 else 3  # a slow query (over a quarter of the budget): one timed run
            if ms > budget * 2000:  # slower than twice the budget: that one run is the measurement
                return {"p50": round(ms, 2), "p95": round(ms, 2), "n": 1, "rows": rows}
            continue  # the first request warms caches of the engine (pages, parsed plans) on every peer alike
        times.append(ms)
        if time.perf_counter() > t_end and len(times) >= least:
            break
    if not times:
        return {"error": "no timed request"}
    times.sort()
    return {"p50": round(statistics.median(times), 2), "p95": round(times[min(len(times) - 1,
            int(len(times) * 0.95))], 2), "n": len(times), "rows": rows}


WRK_LUA = """counter = 0
request = function()
  counter = counter + 1
  local unique = "%0A%23wrk" .. counter .. "-" .. math.random(1, 1000000000)
  return wrk.format("GET", "{path}?query={query}" .. unique, {{["Accept"] = "application/sparql-results+json"}})
end
"""


def throughput(url: str, query: str, connections: int, seconds: int, out: Path) -> dict:
    """Requests/s from wrk with `connections` connections, every request a different query text."""
    path = "/" + url.split("/", 3)[3]
    host = url.rsplit("/", 1)[0] if path.count("/") == 1 else url[: url.index(path)]
    script = out / f"wrk-{connections}.lua"
    script.write_text(WRK_LUA.format(path=path, query=quote(query, safe="")))
    r = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                        "-s", str(script), host], capture_output=True, text=True, timeout=seconds + 30)
    rps = next((float(line.split()[1]) for line in r.stdout.splitlines() if line.startswith("Requests/sec")), 0.0)
    errors = next((line.strip() for line in r.stdout.splitlines() if "Non-2xx" in line or "Socket errors" in line), "")
    return {"rps": rps, "errors": errors}


def cache_and_etag(client: httpx.Client, url: str, query: str) -> dict:
    """The repeated query (same text) from councilkg's cache, and a conditional request."""
    timed(client, url, query, 30)
    hits = []
    for _ in range(20):
        ms, r = timed(client, url, query, 30)
        hits.append((ms, r.headers.get("x-cache")))
    etag = r.headers.get("etag")
    c304 = [timed(client, url, query, 30, {"If-None-Match": etag or ""}) for _ in range(20)]
    return {"cached_p50": round(statistics.median(m for m, _ in hits), 2),
            "x_cache": sorted({h for _, h in hits if h}), "etag": etag,
            "status_304": sorted({r.status_code for _, r in c304}),
            "p50_304": round(statistics.median(m for m, _ in c304), 2)}


def add_documents(url: str, count: int, first: int) -> dict:
    """POST /documents of fresh synthetic articles: extraction + validation + commit, ms each."""
    base = url.rsplit("/", 1)[0]
    stream = stories(11, councils(5, 7))
    texts = [article_text(f) for n, f in zip(range(first + count), stream, strict=False) if n >= first]
    times = []
    for n, text in enumerate(texts):
        t0 = time.perf_counter()
        r = httpx.post(f"{base}/documents", params={"name": f"bench_add_{first + n}.txt"}, content=text.encode(),
                       headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"}, timeout=120)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code not in (200, 201):
            return {"error": f"HTTP {r.status_code}: {r.text[:300]}"}
    return {"ms": [round(t) for t in times], "p50": round(statistics.median(times))}


def build_corpus(store: Path, directory: Path | None = None) -> dict:
    """`councilkg build [DIR]` into a fresh store: its own summary line (documents/s, triples) and wall time."""
    env = {**os.environ, "COUNCILKG_STORE": str(store)}
    t0 = time.perf_counter()
    r = subprocess.run([str(BIN / "councilkg"), "build", *([str(directory)] if directory else [])], env=env,
                       capture_output=True, text=True, cwd=ROOT)
    last = (r.stdout.strip().splitlines() or [""])[-1]
    return {"seconds": round(time.perf_counter() - t0, 2), "summary": last, "rc": r.returncode}


def bulk_load(store: Path, nq: Path) -> dict:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    s = ox.Store(str(store))
    s.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    s.flush()
    n = len(s)
    del s
    secs = time.perf_counter() - t0
    return {"seconds": round(secs, 2), "store_quads": n, "quads_per_s": round(n / secs)}


def loader_check(corpus: Path, nq: Path, work: Path, bound: int) -> dict:
    """`councilkg load FILE --graph URI` on the synthetic file, into a scratch copy, with a time bound."""
    scratch = work / "load-check"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(corpus, scratch)
    env = {**os.environ, "COUNCILKG_STORE": str(scratch)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "councilkg"), "load", str(nq), "--graph",
                             "http://localhost:8000/graph/external/bench-load-check"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    while proc.poll() is None and time.perf_counter() - t0 < bound:
        try:
            peak = max(peak, psutil.Process(proc.pid).memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    out: dict = {"peak_rss_mb": round(peak / 2**20)}
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        out["result"] = f"stopped after {bound}s"
    else:
        out["result"] = (proc.stdout.read() if proc.stdout else "").strip()[-300:]
        out["seconds"] = round(time.perf_counter() - t0, 2)
    shutil.rmtree(scratch, ignore_errors=True)
    return out


def prepare(size: int, label: str, work: Path, skip_load_check: bool, load_bound: int) -> dict:
    info: dict = {}
    corpus = work / "corpus-store"
    shutil.rmtree(corpus, ignore_errors=True)
    info["build"] = build_corpus(corpus)
    docs = work / "synthetic-docs"
    shutil.rmtree(docs, ignore_errors=True)
    generate_documents(40, docs)
    info["build_synthetic_40"] = build_corpus(work / "docs-store", docs)
    shutil.rmtree(work / "docs-store", ignore_errors=True)
    nq = BENCH / "out" / f"graph-{label}.nq"
    if not nq.exists():
        info["generate"] = generate(size, nq)
    if not skip_load_check:
        info["councilkg_load"] = loader_check(corpus, nq, work, load_bound)
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(corpus, store)
    info["bulk_load"] = bulk_load(store, nq)
    return info


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def judge(row: dict) -> str:
    """Target: p50 <= 1.3x Oxigraph server's, or <= its p50 + 1.5 ms when that is under 5 ms."""
    c, o = row.get("councilkg", {}).get("p50"), row.get("oxigraph", {}).get("p50")
    if c is None or o is None:
        return "?"
    return "ok" if c <= 1.3 * o or (o < 5 and c <= o + 1.5) else "MISS"


def table(results: dict) -> str:
    lines = [f"{'query':34} {'councilkg p50/p95':>18} {'oxigraph p50/p95':>18} {'rdflib p50':>11} "
             f"{'ckg/oxi':>7} {'rdf/ckg':>7} {'rdf/oxi':>7} target  rows"]
    for name, row in results["queries"].items():
        c, o, r = (row.get(k, {}) for k in ("councilkg", "oxigraph", "rdflib"))
        def fmt(d: dict) -> str:
            return f"{d['p50']}/{d['p95']}" if "p50" in d else str(d.get("error", "-"))[:18]
        lines.append(f"{name[:34]:34} {fmt(c):>18} {fmt(o):>18} {str(r.get('p50', r.get('error', '-')))[:11]:>11} "
                     f"{ratio(c.get('p50'), o.get('p50')) or '-':>7} {ratio(r.get('p50'), c.get('p50')) or '-':>7} "
                     f"{ratio(r.get('p50'), o.get('p50')) or '-':>7} {judge(row):6} {c.get('rows', '')}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="councilkg vs Oxigraph server vs rdflib-endpoint")
    ap.add_argument("--size", default="100k", help="100k, 1m, 10m or a number of triples")
    ap.add_argument("--repeats", type=int, default=15, help="requests per query and peer")
    ap.add_argument("--budget", type=float, default=6.0, help="seconds per query and peer (at least 3 requests)")
    ap.add_argument("--wrk-seconds", type=int, default=8)
    ap.add_argument("--rdflib-max", default="1m", help="largest size rdflib-endpoint is started for")
    ap.add_argument("--named", choices=("all", "user", "none"), default="all",
                    help="all named queries, or only those with parameters (not the whole-dataset listings)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds one councilkg/Oxigraph query may take")
    ap.add_argument("--rdflib-named-max", default="100k", help="largest size rdflib-endpoint runs the named queries")
    ap.add_argument("--rdflib-timeout", type=float, default=20.0, help="seconds one rdflib-endpoint query may take")
    ap.add_argument("--load-bound", type=int, default=300, help="seconds `councilkg load` may take in the check")
    ap.add_argument("--skip-load-check", action="store_true")
    ap.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    args = ap.parse_args(argv)
    size, label = parse_size(args.size), args.size.lower()
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    work = args.work or Path(tempfile.mkdtemp(prefix=f"ckg-bench-{label}-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"size": label, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    print(f"preparing {label} in {work} ...", flush=True)
    results["data"] = prepare(size, label, work, args.skip_load_check, args.load_bound)
    print(json.dumps(results["data"], indent=1), flush=True)

    import pyoxigraph as ox
    store = work / "store"
    s = ox.Store.read_only(str(store))
    council = max(((str(r["c"].value), int(r["n"].value)) for r in s.query(
        P + "SELECT ?c (COUNT(DISTINCT ?i) AS ?n) WHERE { GRAPH ?g { ?i a ckg:Inspection ; ckg:council ?c } } "
        "GROUP BY ?c")), key=lambda x: x[1])
    document = next(iter(s.query(P + "SELECT ?d WHERE { GRAPH ?g { ?d a ckg:SourceDocument } } LIMIT 1")))["d"].value
    point = next(iter(s.query(P + "SELECT ?p WHERE { GRAPH ?g { ?p a ckg:Person } } LIMIT 1")))["p"].value
    del s
    results["point"] = point
    results["council"] = {"uri": council[0], "inspections": council[1]}
    oxi_store = work / "oxigraph-store"
    shutil.rmtree(oxi_store, ignore_errors=True)
    shutil.copytree(store, oxi_store)
    dump = work / "all.nq"

    ports = {k: free_port() for k in ("councilkg", "oxigraph", "rdflib")}
    servers: dict[str, Server] = {}
    try:
        servers["councilkg"] = Server("councilkg", [str(BIN / "councilkg"), "serve", "--host", "127.0.0.1", "--port",
                                                    str(ports["councilkg"])],
                                      f"http://127.0.0.1:{ports['councilkg']}/sparql",
                                      env={"COUNCILKG_STORE": str(store), "COUNCILKG_WRITE_TOKENS": f"bench:{TOKEN}"},
                                      log=out / f"councilkg-{label}.log")
        results["cold_start_s"] = round(servers["councilkg"].wait_ready(120), 2)
        servers["oxigraph"] = Server("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location",
                                                  str(oxi_store), "--bind", f"127.0.0.1:{ports['oxigraph']}",
                                                  "--union-default-graph"],
                                     f"http://127.0.0.1:{ports['oxigraph']}/query", log=out / f"oxigraph-{label}.log")
        results["oxigraph_start_s"] = round(servers["oxigraph"].wait_ready(60), 2)
        if size <= parse_size(args.rdflib_max):
            ro = ox.Store.read_only(str(oxi_store))
            ro.dump(str(dump), format=ox.RdfFormat.N_QUADS)
            del ro
            servers["rdflib"] = Server("rdflib", [sys.executable, str(BENCH / "rdflib_peer.py"), str(dump),
                                                  str(ports["rdflib"])],
                                       f"http://127.0.0.1:{ports['rdflib']}/sparql", log=out / f"rdflib-{label}.log")
            try:
                results["rdflib_start_s"] = round(servers["rdflib"].wait_ready(600), 2)
            except (TimeoutError, RuntimeError) as e:
                results["rdflib_start_s"] = str(e)
                servers.pop("rdflib").stop()
        else:
            results["rdflib_start_s"] = f"not started above {args.rdflib_max} (bounded run)"

        from graph.named_queries import inline_lateral

        queries = {**mix(council[0], point), **named_mix(council[0], document, args.named)}
        results["queries"] = {}
        rdflib_busy = ""
        with httpx.Client() as client:
            for name, q in queries.items():
                row = {}
                for peer, server in servers.items():
                    if peer == "rdflib" and name.startswith("named:") and size > parse_size(args.rdflib_named_max):
                        row[peer] = {"error": f"not run above {args.rdflib_named_max} (bounded)"}
                        continue
                    if peer == "rdflib" and rdflib_busy:
                        # rdflib-endpoint cannot cancel a query: it is still computing the one that timed out
                        row[peer] = {"error": f"not run (still busy with {rdflib_busy})"}
                        continue
                    timeout = args.rdflib_timeout if peer == "rdflib" else args.timeout
                    repeats = 5 if peer == "rdflib" else args.repeats
                    # rdflib has no LATERAL: it gets the plain OPTIONALs, as the remote store sends Virtuoso
                    text = inline_lateral(q) if peer == "rdflib" else q
                    row[peer] = latency(client, server.url, text, repeats=repeats, budget=args.budget,
                                        timeout=timeout)
                    if peer == "rdflib" and "over" in row[peer].get("error", ""):
                        rdflib_busy = name
                results["queries"][name] = row
                print(f"{name:34} " + "  ".join(f"{p}={row[p].get('p50', row[p].get('error'))}" for p in row),
                      flush=True)
            medium = queries["inspections of one council"]
            results["cache"] = cache_and_etag(client, servers["councilkg"].url, medium)
        results["throughput"] = {}
        for peer in ("councilkg", "oxigraph"):
            for conns in (4, 32):
                results["throughput"][f"{peer}-{conns}"] = throughput(servers[peer].url, medium, conns,
                                                                      args.wrk_seconds, work)
        for peer, server in servers.items():
            results.setdefault("peak_rss_mb", {})[peer] = round(server.peak_rss / 2**20)
        results["add_document"] = add_documents(servers["councilkg"].url, 3, 1000)
        results["peak_rss_mb"]["councilkg_after_writes"] = round(servers["councilkg"].peak_rss / 2**20)
        results["peak_rss_mb"]["councilkg_main_process"] = round(servers["councilkg"].peak_rss_main / 2**20)
    finally:
        for server in servers.values():
            server.stop()
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    (out / f"results-{label}.json").write_text(json.dumps(results, indent=1))
    print(report(results))
    return 0


def report(results: dict) -> str:
    t = results["throughput"]
    oxi_med = results["queries"]["inspections of one council"].get("oxigraph", {}).get("p50")
    lines = [table(results), "",
             "throughput (req/s, every request a distinct query text): " + ", ".join(
                 f"{k} {v['rps']}{' (' + v['errors'] + ')' if v['errors'] else ''}" for k, v in t.items()),
             "  ratio councilkg/oxigraph: " + ", ".join(
                 f"{c} clients {ratio(t[f'councilkg-{c}']['rps'], t[f'oxigraph-{c}']['rps'])} (target >= 0.5)"
                 for c in (4, 32)),
             f"repeated query from the cache: {results['cache']['cached_p50']} ms "
             f"(X-Cache {results['cache']['x_cache']})"
             f" vs Oxigraph recomputing {oxi_med} ms; If-None-Match -> {results['cache']['status_304']} in "
             f"{results['cache']['p50_304']} ms",
             f"add one document (POST /documents, extraction+validation+commit): {results['add_document']} "
             "(target < 1000 ms)",
             f"cold start of serve: {results['cold_start_s']} s (target < 2 s); Oxigraph server "
             f"{results['oxigraph_start_s']} s; rdflib-endpoint {results['rdflib_start_s']}",
             f"peak RSS MB: {results['peak_rss_mb']} (target councilkg < 1024 at 1m)",
             f"data: {json.dumps(results['data'])}"]
    named = {k: v.get("councilkg", {}).get("p50") for k, v in results["queries"].items() if k.startswith("named:")}
    slow = {k: v for k, v in named.items() if v is None or v >= 100}
    lines.append(f"named queries with p50 >= 100 ms (target: none at 1m): {slow or 'none'}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

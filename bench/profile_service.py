"""Where a query's time goes inside `councilkg serve`: py-spy samples the service and its query
workers while one query is sent again and again (each a distinct text, so the cache never answers),
then prints the functions with the most samples (inclusive), per process kind.

    python bench/profile_service.py STORE_DIR [--query-name "point lookup"] [--seconds 15]

STORE_DIR is a store the runner prepared (`python bench/run.py --size 100k --work DIR` keeps DIR/store).
"""
from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import ACCEPT, BIN, P, Server, free_port, mix  # noqa: E402


def _wait_until_idle(pid: int, timeout: float = 180) -> None:
    """Until the service's start-up work is over: its warm-up thread (entity index, extractor and
    validator first use) holds the GIL for seconds after it answers, which would fill the profile
    and slow every request it shares the GIL with."""
    import psutil

    process, deadline = psutil.Process(pid), time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = sum(process.cpu_times()[:2])
        time.sleep(1)
        if sum(process.cpu_times()[:2]) - before < 0.05:
            return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--query-name", default="point lookup")
    ap.add_argument("--seconds", type=int, default=15)
    args = ap.parse_args(argv)
    import pyoxigraph as ox

    s = ox.Store.read_only(str(args.store))
    council = next(iter(s.query(P + "SELECT ?c WHERE { GRAPH ?g { ?i a ckg:Inspection ; ckg:council ?c } } LIMIT 1")))
    point = next(iter(s.query(P + "SELECT ?p WHERE { GRAPH ?g { ?p a ckg:Person } } LIMIT 1")))
    del s
    query = mix(council["c"].value, point["p"].value)[args.query_name]
    port = free_port()
    raw = Path(tempfile.mkdtemp()) / "stacks.txt"
    server = Server("councilkg", [str(BIN / "councilkg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                    f"http://127.0.0.1:{port}/sparql", env={"COUNCILKG_STORE": str(args.store)})
    server.wait_ready(60)
    _wait_until_idle(server.proc.pid)
    # attach after start-up, so imports and the store opening are not in the profile
    spy = subprocess.Popen([str(BIN / "py-spy"), "record", "--subprocesses", "--format", "raw", "-r", "500",
                            "-d", str(args.seconds), "-o", str(raw), "--pid", str(server.proc.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    n, t0, times = 0, time.perf_counter(), []
    with httpx.Client() as client:
        while time.perf_counter() - t0 < args.seconds:
            a = time.perf_counter()
            client.get(server.url, params={"query": f"{query}\n# p{n}"}, headers=ACCEPT)
            times.append((time.perf_counter() - a) * 1000)
            n += 1
    print(f"{n} requests, median {sorted(times)[len(times) // 2]:.2f} ms")
    spy.wait(60)
    server.stop()
    inclusive: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    own: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    total: collections.Counter = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        kind = "worker" if any("query_worker" in f for f in frames) else "service"
        if any("select" in f.split(" ")[0] or "epoll" in f or "_read_exact" in f for f in frames[-2:]):
            kind += " (idle)"
        total[kind] += int(count)
        for f in {f.split(" (")[0] + " (" + f.split(" (")[-1].rsplit(":", 1)[0] + ")" for f in frames[1:]}:
            inclusive[kind][f] += int(count)
        own[kind][frames[-1].split(" (")[0] + " (" + frames[-1].split(" (")[-1].rsplit(":", 1)[0] + ")"] += int(count)
    for kind in sorted(total):
        if kind.endswith("(idle)"):
            print(f"\n{kind}: {total[kind]} samples")
            continue
        print(f"\n{kind}: {total[kind]} samples; inclusive by function")
        for f, c in inclusive[kind].most_common(30):
            print(f"  {100 * c / total[kind]:5.1f}%  {f[:140]}")
        print(f"{kind}: own time by function")
        for f, c in own[kind].most_common(12):
            print(f"  {100 * c / total[kind]:5.1f}%  {f[:140]}")
    os.remove(raw)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

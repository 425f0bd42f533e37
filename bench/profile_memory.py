"""Where the service's memory goes: the resident size of a query worker after each query of the
benchmark mix, on a store the runner prepared.

    python bench/profile_memory.py STORE_DIR [--named user] [--repeats 3]

Two profiles, both on real `service.query_worker` processes over their pipe protocol:

* fresh: one new worker per query; its peak (VmHWM) minus the peak of a worker that only opened
  the store is what that query itself needs at its worst;
* sequence: one worker runs the whole mix `--repeats` times, the way a pool worker lives; its
  resident size (VmRSS) after each query shows what a worker keeps after the queries it ran (the
  allocator does not hand freed memory back), which is what the pool's recycling bound is about.

It prints both as tables, and the sum the service would show with two workers that each kept the
largest sequence figure.
"""
from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from run import P, mix, named_mix  # noqa: E402


def status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak resident) of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


class WorkerProcess:
    """A query worker started the way `service.worker_pool` starts one."""

    def __init__(self, store: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "service.query_worker", str(store), "{}"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=str(ROOT))

    def ask(self, query: str) -> tuple[str, float]:
        """Send one query, read its frames to the end; (last frame type, seconds)."""
        assert self.proc.stdin and self.proc.stdout
        req = json.dumps({"q": query, "dg": None, "ng": None, "from": False, "protocol": True,
                          "fmt": "json", "max": None, "gen": 0}).encode()
        start = time.perf_counter()
        self.proc.stdin.write(struct.pack(">I", len(req)) + req)
        self.proc.stdin.flush()
        while True:
            head = self.proc.stdout.read(5)
            if len(head) < 5:
                raise RuntimeError("the worker stopped")
            size = struct.unpack(">I", head[1:])[0]
            self.proc.stdout.read(size)
            kind = head[:1].decode()
            if kind in "RZE":
                return kind, time.perf_counter() - start

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def pick_values(store: Path) -> tuple[str, str, str]:
    """The council with most inspections, a document and a person, as the runner picks them."""
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    council = max(((str(r["c"].value), int(r["n"].value)) for r in s.query(
        P + "SELECT ?c (COUNT(DISTINCT ?i) AS ?n) WHERE { GRAPH ?g { ?i a ckg:Inspection ; ckg:council ?c } } "
        "GROUP BY ?c")), key=lambda x: x[1])[0]
    document = next(iter(s.query(P + "SELECT ?d WHERE { GRAPH ?g { ?d a ckg:SourceDocument } } LIMIT 1")))["d"].value
    point = next(iter(s.query(P + "SELECT ?p WHERE { GRAPH ?g { ?p a ckg:Person } } LIMIT 1")))["p"].value
    return council, document, point


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--named", choices=("all", "user", "none"), default="user")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = ap.parse_args(argv)
    council, document, point = pick_values(args.store)
    queries = {**mix(council, point), **named_mix(council, document, args.named)}

    base = WorkerProcess(args.store)
    base.ask("ASK { ?s ?p ?o }")
    opened = status_mb(base.proc.pid)
    base.close()
    print(f"a worker that opened the store: RSS {opened['VmRSS']:.0f} MB, peak {opened['VmHWM']:.0f} MB")

    fresh: dict[str, dict] = {}
    print(f"\nfresh worker per query (peak MB above the opened worker's {opened['VmHWM']:.0f})")
    for name, text in queries.items():
        w = WorkerProcess(args.store)
        kind, seconds = w.ask(text)
        mb = status_mb(w.proc.pid)
        w.close()
        fresh[name] = {"peak_mb": round(mb["VmHWM"]), "above_open_mb": round(mb["VmHWM"] - opened["VmHWM"]),
                       "seconds": round(seconds, 3), "end": kind}
        print(f"  {name:38} {mb['VmHWM']:7.0f} {mb['VmHWM'] - opened['VmHWM']:+7.0f}  {seconds * 1000:8.0f} ms {kind}")

    print(f"\none worker, the mix {args.repeats} times (RSS MB after each query)")
    w = WorkerProcess(args.store)
    sequence: list[dict] = []
    for round_ in range(args.repeats):
        for name, text in queries.items():
            w.ask(text)
            mb = status_mb(w.proc.pid)
            sequence.append({"round": round_, "query": name, "rss_mb": round(mb["VmRSS"]),
                             "peak_mb": round(mb["VmHWM"])})
        last = sequence[-1]
        print(f"  round {round_ + 1}: RSS {last['rss_mb']} MB, peak {last['peak_mb']} MB; largest RSS after a query "
              f"{max(s['rss_mb'] for s in sequence if s['round'] == round_)} MB")
    w.close()
    kept = max(s["rss_mb"] for s in sequence)
    print(f"\ntwo workers that each kept {kept} MB: {2 * kept} MB next to the service's own process")
    if args.out:
        args.out.write_text(json.dumps({"opened": opened, "fresh": fresh, "sequence": sequence}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

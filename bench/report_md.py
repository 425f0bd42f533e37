"""The Markdown tables of README's Benchmarks section, from bench/out/results-<size>.json.

    python bench/report_md.py 100k 1m
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import judge, ratio  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def cell(d: dict) -> str:
    if "p50" in d:
        return f"{d['p50']} / {d['p95']}"
    error = d.get("error", "-")
    return "stopped at the 10 s limit (503)" if "time limit" in error.lower() else error


def queries(results: dict, named: bool) -> str:
    lines = ["| query | rows | councilkg p50 / p95 | Oxigraph server p50 / p95 | rdflib-endpoint p50 "
             "| councilkg / Oxigraph "
             "| rdflib / councilkg | rdflib / Oxigraph | target |", "|---|---|---|---|---|---|---|---|---|"]
    for name, row in results["queries"].items():
        if name.startswith("named:") != named:
            continue
        c, o, r = (row.get(k, {}) for k in ("councilkg", "oxigraph", "rdflib"))
        target = judge(row)
        if named and results["size"] == "1m" and c.get("p50") is not None:
            target += "; <100 ms " + ("ok" if c["p50"] < 100 else "MISS")
        lines.append(f"| {name.removeprefix('named:')} | {c.get('rows', '')} | {cell(c)} | {cell(o)} | "
                     f"{r.get('p50', r.get('error', '-'))} | {ratio(c.get('p50'), o.get('p50')) or '-'} | "
                     f"{ratio(r.get('p50'), c.get('p50')) or '-'} | {ratio(r.get('p50'), o.get('p50')) or '-'} | "
                     f"{target} |")
    return "\n".join(lines)


def main() -> int:
    for size in sys.argv[1:]:
        r = json.loads((OUT / f"results-{size}.json").read_text())
        print(f"\n#### {size} ({r['date']}, load average {[round(x, 1) for x in r['load_average']]})\n")
        print(queries(r, False))
        print()
        print(queries(r, True))
        t = r["throughput"]
        print(f"\nthroughput req/s: {json.dumps(t)}; cache {json.dumps(r['cache'])}; add {r['add_document']}; "
              f"cold start {r['cold_start_s']} s; RSS {r['peak_rss_mb']}; data {json.dumps(r['data'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

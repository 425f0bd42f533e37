"""Write N synthetic local-democracy news articles (plain text, as the sample corpus) for measuring
extraction throughput with `councilkg build DIR`.

    python bench/generate_documents.py --count 50 --out bench/out/docs [--seed 7]

The articles come from the same seeded stories as the synthetic graph (bench/synth.py): a headline,
a dateline, a byline and sentences about a council's department, its councillors and officers (with
parties, wards and appointments), an inspection with its findings, a funding award and a meeting.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import article_text, councils, stories  # noqa: E402


def generate(count: int, out: Path, seed: int = 7, first: int = 0) -> list[Path]:
    """`count` article files in `out`, skipping the first `first` stories (for fresh documents)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    stream = stories(seed, councils(5, seed))
    for n, facts in enumerate(stream):
        if n >= first + count:
            break
        if n < first:
            continue
        path = out / f"synth_{n:05d}.txt"
        path.write_text(article_text(facts), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(f"wrote {len(generate(args.count, args.out, args.seed))} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write a synthetic council graph of about N triples as N-Quads, streaming (one document at a time).

    python bench/generate_graph.py --size 1m --out bench/out/graph-1m.nq [--seed 7] [--validate 20]

The graph has the project's own shape because it is made by the project's own code: seeded synthetic
stories (bench/synth.py: councils with areas, departments, people, posts and memberships with
intervals, inspections with kinds, dates and findings, funding as schema:MonetaryAmount, meetings,
source documents with Web Annotation evidence) go through `graph.to_rdf`, one named graph per
document ({base}graph/document/<hash>), exactly as `councilkg build` stores extracted documents.
The synthetic councils and their areas (not in the reference data) go into the external graph
{base}graph/external/bench-councils in the shape of the reference graph.

One graph per document matters: the named queries join a fact to its source document inside one
`GRAPH ?g`, so putting everything into one graph would make them cross products, not a benchmark.
`--validate K` SHACL-validates the first K document graphs (the shapes the service enforces).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import SynthCouncil, councils, stories  # noqa: E402

from graph.store.terms import to_oxigraph  # noqa: E402
from graph.to_rdf import to_rdf  # noqa: E402
from graph.uris import entity, named_graph  # noqa: E402
from graph.vocab import CKG, DCTERMS, FOAF, ONS, RDF, RDFS, SDO, SKOS  # noqa: E402

SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
COUNCILS_GRAPH_KEY = "external/bench-councils"


def parse_size(text: str) -> int:
    t = text.strip().lower()
    if t in SIZES:
        return SIZES[t]
    try:
        return int(float(t.rstrip("k")) * 1000) if t.endswith("k") else int(float(t))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; use 100k, 1m, 10m or a number") from None


def council_quads(c: SynthCouncil) -> list[ox.Quad]:
    """A synthetic council and its area, in the shape `graph.reference` gives the real councils."""
    g = ox.NamedNode(named_graph(COUNCILS_GRAPH_KEY))
    node, area = ox.NamedNode(entity(c.key)), ox.NamedNode(entity(f"area/{c.gss}"))

    def q(s: ox.NamedNode, p: object, o: object) -> ox.Quad:
        obj = o if isinstance(o, ox.NamedNode | ox.Literal) else ox.Literal(str(o))
        return ox.Quad(s, ox.NamedNode(str(p)), obj, g)

    out = [q(node, RDF.type, ox.NamedNode(str(CKG.Council))), q(node, RDFS.label, c.name), q(node, SDO.name, c.name),
           q(node, FOAF.name, c.name), q(node, DCTERMS.spatial, area), q(node, SDO.areaServed, area),
           q(node, CKG.country, "Wales"), q(node, CKG.councilType, "principal area"),
           q(area, RDF.type, ox.NamedNode(str(CKG.Area))), q(area, RDFS.label, c.area_name),
           q(area, SDO.name, c.area_name), q(area, CKG.gssCode, c.gss),
           q(area, SKOS.exactMatch, ox.NamedNode(str(ONS[c.gss])))]
    for key, name in c.departments:
        d = ox.NamedNode(entity(key))
        out += [q(d, RDF.type, ox.NamedNode(str(CKG.Department))), q(d, RDFS.label, name), q(d, SDO.name, name),
                q(d, CKG.council, node)]
    return out


def council_count(size: int) -> int:
    """About one council per 20k triples (at least 5): each council stays in the news many times."""
    return max(5, size // 20_000)


def generate(size: int, out: Path, seed: int = 7, validate_first: int = 0) -> dict:
    """Stream stories into `out` until about `size` quads are written; returns counts and timings."""
    from graph.validate import validate

    t0 = time.perf_counter()
    council_list = councils(council_count(size), seed)
    written = documents = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for c in council_list:
            for quad in council_quads(c):
                f.write(f"{quad} .\n")
                written += 1
        for facts in stories(seed, council_list):
            if written >= size:
                break
            g = to_rdf(facts)
            if documents < validate_first:
                validate(g)
            name = ox.NamedNode(named_graph(facts.meta.key))
            lines = [f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} {name} .\n" for s, p, o in g]
            f.writelines(lines)
            written += len(lines)
            documents += 1
    return {"quads": written, "documents": documents, "councils": len(council_list), "seconds":
            round(time.perf_counter() - t0, 2), "file": str(out)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=parse_size, default=SIZES["100k"], help="about how many quads: 100k, 1m, 10m, N")
    ap.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--validate", type=int, default=0, metavar="K", help="SHACL-validate the first K documents")
    args = ap.parse_args(argv)
    print(generate(args.size, args.out, args.seed, args.validate))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

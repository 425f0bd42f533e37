"""The `councilkg` command line: build, validate, query, export, facts, serve, ingest, remove, load, unload.

Every command reads the store named by COUNCILKG_STORE. Errors print one line,
`councilkg: error: <what went wrong and what to do>`, and exit non-zero (2 for bad input or
configuration, 1 for a failed check or a missing thing), leaving the store as it was.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.errors import CouncilKGError, InputError

EXPORT_FORMATS = {"nquads": "application/n-quads", "trig": "application/trig",
                  "turtle": "text/turtle", "jsonld": "application/ld+json"}


def _store():
    from graph.store import open_store
    return open_store()


def _progress(done: int, total: int, name: str, seconds: float) -> None:
    print(f"[{done}/{total}] {name} ({seconds:.2f}s)", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- commands
def cmd_build(args: argparse.Namespace) -> int:
    from graph.pipeline import build, is_document_graph

    with _store() as store:
        if args.if_empty and any(is_document_graph(g) for g in store.named_graphs()):
            print("store already holds documents; not rebuilding (drop --if-empty to rebuild)", file=sys.stderr)
            return 0
        report = build(store, Path(args.directory) if args.directory else None, progress=_progress)
    empty = [d.source_name for d in report.documents if d.empty]
    print(f"built {len(report.documents)} documents, {report.triples} triples in {report.seconds:.2f}s "
          f"({len(report.documents) / report.seconds:.1f} documents/s)")
    if empty:
        print(f"no facts could be extracted from: {', '.join(empty)}", file=sys.stderr)
    if report.dropped:
        print(f"replaced the corpus: {len(report.dropped)} document(s) that are not in the directory were removed "
              f"(ingest their files again to keep them): {', '.join(report.dropped)}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from graph.pipeline import is_document_graph
    from graph.validate import validate

    failures = 0
    with _store() as store:
        names = [g for g in store.named_graphs() if is_document_graph(g)]
        if not names:
            raise InputError("the store holds no documents; run `councilkg build` first")
        for name in names:
            try:
                validate(store.graph(name))
            except CouncilKGError as e:
                failures += 1
                print(f"INVALID {name}\n{getattr(e, 'report_text', '') or e}")
    print(f"{len(names) - failures} of {len(names)} document graphs conform to the SHACL shapes")
    return 1 if failures else 0


def _format_select(result, fmt: str) -> str:
    from rdflib import Literal

    if fmt == "json":
        def term(t):
            if isinstance(t, Literal):
                d = {"type": "literal", "value": str(t)}
                if t.language:
                    d["xml:lang"] = t.language
                elif t.datatype:
                    d["datatype"] = str(t.datatype)
                return d
            return {"type": "bnode" if t.__class__.__name__ == "BNode" else "uri", "value": str(t)}
        return json.dumps({"head": {"vars": result.variables},
                           "results": {"bindings": [{k: term(v) for k, v in row.items()}
                                                    for row in result.rows]}}, indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(result.variables)
        for row in result.rows:
            w.writerow([str(row.get(v, "")) for v in result.variables])
        return out.getvalue().rstrip("\n")
    cells = [[str(row.get(v, "")) for v in result.variables] for row in result.rows]
    widths = [min(60, max([len(v)] + [len(c[i]) for c in cells])) for i, v in enumerate(result.variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(cells)} rows)")
    return "\n".join(lines)


def _params(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"--param {pair!r} must look like name=value")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


def cmd_query(args: argparse.Namespace) -> int:
    from rdflib import Graph

    with _store() as store:
        if args.named:
            from graph.named_queries import run_named
            result = run_named(store, args.named, _params(args.param))
        else:
            if args.file:
                text = Path(args.file).read_text(encoding="utf-8")
            elif args.sparql:
                text = args.sparql
            else:
                raise InputError("give a SPARQL query, --file FILE or --named NAME")
            result = store.query(text)
    if isinstance(result, bool):
        print(json.dumps({"head": {}, "boolean": result}) if args.format == "json" else str(result).lower())
    elif isinstance(result, Graph):
        print(result.serialize(format="json-ld" if args.format == "json" else "turtle"))
    else:
        print(_format_select(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    mime = EXPORT_FORMATS[args.format]
    out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        with _store() as store:
            if args.format in ("nquads", "trig"):
                for chunk in store.dump(mime):
                    out.write(chunk)
            else:
                out.write(_reserialize(b"".join(store.dump("application/n-quads")), args.format))
    finally:
        if args.output:
            out.close()
    return 0


def _reserialize(nquads: bytes, fmt: str) -> bytes:
    """N-Quads as JSON-LD (named graphs kept) or Turtle (the union of all graphs), keeping every
    literal's lexical form as stored."""
    import pyoxigraph as ox

    from graph.vocab import PREFIXES

    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    if fmt == "jsonld":
        return ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return union.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def cmd_facts(args: argparse.Namespace) -> int:
    from graph.facts_export import facts_records

    with _store() as store:
        records = facts_records(store)
    if args.format == "yaml":
        import yaml
        print(yaml.safe_dump({"documents": records}, allow_unicode=True, sort_keys=False))
    else:
        print(json.dumps({"documents": records}, indent=2, ensure_ascii=False))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("service.app:create_app", factory=True, host=args.host, port=args.port,
                log_level=args.log_level)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from graph.pipeline import ingest
    from graph.read import read_document

    with _store() as store:
        for name in args.files:
            result = ingest(store, read_document(Path(name)))
            note = " (no facts could be extracted)" if result.empty else ""
            print(f"{name}: {result.document} {result.triples} triples, {len(result.entities)} entities{note}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from graph.pipeline import remove
    from graph.uris import key_of

    key = key_of(args.id) or args.id
    if not key.startswith("document/"):
        key = f"document/{key}"
    with _store() as store:
        remove(store, key)
    print(f"removed {key}")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from graph.external import load_external

    with _store() as store:
        summary = load_external(store, Path(args.file), args.graph,
                                mapping=Path(args.mapping) if args.mapping else None)
    print(summary)
    return 0


def cmd_unload(args: argparse.Namespace) -> int:
    from graph.external import unload_external

    with _store() as store:
        unload_external(store, args.graph)
    print(f"unloaded {args.graph}")
    return 0


# ---------------------------------------------------------------- parser
def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="councilkg", description=__doc__.split("\n\n")[0],
                                 epilog="The store is COUNCILKG_STORE (default ./data/store); see README.")
    ap.add_argument("-v", "--verbose", action="store_true", help="log pipeline steps with timings")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="extract documents into the store, replacing the corpus")
    p.add_argument("directory", nargs="?", help="folder of .txt/.html documents (default: the sample corpus)")
    p.add_argument("--if-empty", action="store_true", help="do nothing when the store already holds documents")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="check every document graph against the SHACL shapes (exit 1 on violation)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", help="run a SPARQL query, a query file, or a named query")
    p.add_argument("sparql", nargs="?", help="query text")
    p.add_argument("--file", help="read the query from this file")
    p.add_argument("--named", metavar="NAME", help="run the named query queries/NAME.rq")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="named-query parameter")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table (default), json (SPARQL results JSON), csv")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the whole dataset")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="nquads")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("facts", help="print the extracted facts per document in the gold-standard schema")
    p.add_argument("--format", choices=["json", "yaml"], default="json")
    p.set_defaults(func=cmd_facts)

    p = sub.add_parser("serve", help="run the HTTP service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("ingest", help="add or replace documents (one transaction each)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("remove", help="remove a document by its id or URI")
    p.add_argument("id", help="document URI, key (document/<hash>) or hash")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("load", help="load an external dataset into its own named graph")
    p.add_argument("file")
    p.add_argument("--graph", required=True, metavar="URI", help="named graph to load into")
    p.add_argument("--mapping", help="column mapping for CSV input")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("unload", help="remove an external dataset's named graph")
    p.add_argument("graph", metavar="URI")
    p.set_defaults(func=cmd_unload)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except CouncilKGError as e:
        print(f"councilkg: error: {e}", file=sys.stderr)
        return e.exit_code
    except FileNotFoundError as e:
        print(f"councilkg: error: no such file: {e.filename}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

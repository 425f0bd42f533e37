"""What the resource API serves, read from the store by the named queries `queries/api_*.rq`.

The graph keeps one named graph per source document, so one entity (a council, an inspection, a
person's membership in a post) has a row per document that states it, and the documents may
disagree. A `Catalogue` groups those rows into one record per entity (a dict in the shape of the
`service.models` model of its kind): the label most graphs agree on, every alias, every source
document with its sentence, the earliest of conflicting dates (each source's own date stays in the
timeline and in `starts`/`kinds`/`outcomes`).

Why whole tables, cached per store version: the records need every graph's rows anyway (labels,
sources, conflicts), and no user input ever reaches the SPARQL text. The tables are kept per named
graph (every api_* row carries its graph `?g`, and each query takes an optional `g` parameter
that restricts it to one graph): after a write through the service that says which graphs it
changed (`CatalogueCache.begin_write`/`end_write`, called by service.writes), only those graphs'
rows are read again, so adding a document to a store of thousands costs 11 small queries and a
rebuild of the records in Python, not a read of the whole store. A change the cache was not told
about (another writer of a remote store, an update naming no graph) makes it
read every table again. The tables are sorted in Python by each query's ORDER BY (then by every
column), so a table assembled from graphs is the same as one read whole.
"""
from __future__ import annotations

import asyncio
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib.term import Literal, Node

from graph.errors import StoreError
from graph.named_queries import NamedQuery, load_named_query
from graph.paths import QUERIES_DIR
from graph.store.base import QueryResult, SelectResult
from graph.uris import key_of, slug, vocab_ns

Record = dict[str, Any]
Runner = Callable[[str], Awaitable[QueryResult]]

QUERIES = ("api_names", "api_evidence", "api_councils", "api_organisations", "api_people", "api_memberships",
           "api_inspections", "api_findings", "api_funding", "api_meetings", "api_documents")

# most specific first: an entity typed Committee is also a Body
TYPE_ORDER = ("Council", "Department", "Inspectorate", "Committee", "Cabinet", "FullCouncil", "Board", "Government",
              "Body", "Person", "Post", "PoliticalParty", "Ward", "Inspection", "FundingEvent", "Meeting",
              "NewsArticle", "CouncilMinutes", "Report", "Letter", "Membership", "Publisher")
BODY_TYPES = frozenset({"Committee", "Cabinet", "FullCouncil", "Board", "Government", "Body"})
DOCUMENT_KINDS = {"NewsArticle": "news article", "CouncilMinutes": "council minutes"}


@functools.cache
def query(name: str) -> NamedQuery:
    """One of our named queries, loaded and checked once (ConfigError names a broken file)."""
    return load_named_query(QUERIES_DIR / f"{name}.rq")


def _s(row: dict[str, Node], name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def _local(uri: str) -> str:
    return uri[len(vocab_ns()):] if uri.startswith(vocab_ns()) else uri.rsplit("/", 1)[-1]


def api_key(uri: str) -> str:
    """The id of an entity in item URLs: its key without the kind (council/x -> x)."""
    key = key_of(uri) or uri
    return key.split("/", 1)[1] if "/" in key else key


def date_bounds(value: str) -> tuple[str, str]:
    """The first and last day a date at any precision covers, as ISO strings ('2018' -> 2018-01-01, 2018-12-31)."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value


def date_key(value: str | None) -> tuple[int, str, str]:
    """Sort key: dated first, by first then last day."""
    if not value:
        return (1, "", "")
    return (0, *date_bounds(value))


def fold(text: str) -> str:
    """Text for matching: NFKC, curly quotes straightened, case folded."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return text.casefold()


def _earliest(values: list[str | None]) -> str | None:
    dated = sorted((v for v in values if v), key=date_key)
    return dated[0] if dated else None


def _latest(values: list[str | None]) -> str | None:
    dated = sorted((v for v in values if v), key=lambda v: date_bounds(v)[1])
    return dated[-1] if dated else None


def _most_common(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    try:
        d = Decimal(value)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _unique(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@dataclass
class Catalogue:
    """Every record the resource API serves, by kind and URI, built from the query tables."""

    tables: dict[str, list[dict[str, Node]]]
    names: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, list[Record]] = field(default_factory=dict)
    doc_of_graph: dict[str, str] = field(default_factory=dict)
    by_document: dict[str, set[str]] = field(default_factory=dict)
    """Per source document: the URIs it gives evidence for."""
    councils: dict[str, Record] = field(default_factory=dict)
    departments: dict[str, Record] = field(default_factory=dict)
    bodies: dict[str, Record] = field(default_factory=dict)
    people: dict[str, Record] = field(default_factory=dict)
    memberships: dict[str, Record] = field(default_factory=dict)
    posts: dict[str, Record] = field(default_factory=dict)
    inspections: dict[str, Record] = field(default_factory=dict)
    findings: dict[str, list[Record]] = field(default_factory=dict)
    funding: dict[str, Record] = field(default_factory=dict)
    meetings: dict[str, Record] = field(default_factory=dict)
    documents: dict[str, Record] = field(default_factory=dict)
    claims: dict[str, list[Record]] = field(default_factory=dict)
    """Per event kind ('inspection', 'funding', 'appointment', 'meeting'): one row per event per
    source graph with that source's date, for timelines."""

    # ------------------------------------------------------------ building
    @classmethod
    def build(cls, tables: dict[str, list[dict[str, Node]]]) -> Catalogue:
        c = cls(tables)
        c._names()
        c._evidence()
        c._documents()
        c._councils()
        c._organisations()
        c._memberships()
        c._people()
        c._posts()
        c._inspections()
        c._funding()
        c._meetings()
        return c

    def _names(self) -> None:
        labels: dict[str, list[str]] = defaultdict(list)
        aliases: dict[str, list[str]] = defaultdict(list)
        types: dict[str, set[str]] = defaultdict(set)
        for row in self.tables["api_names"]:
            uri = str(row["entity"])
            types[uri].add(_local(str(row["type"])))
            if "name" in row:
                labels[uri].append(str(row["name"]))
            if "alias" in row:
                aliases[uri].append(str(row["alias"]))
        for uri, ts in types.items():
            kind = next((t for t in TYPE_ORDER if t in ts), sorted(ts)[0])
            counts = Counter(labels[uri])
            minted = api_key(uri).rsplit("/", 1)[-1]
            # the name the entity's key was minted from (the resolver's canonical name), else the
            # label most graphs give, else the longest
            label = (sorted(counts.items(), key=lambda kv: (slug(kv[0]) != minted, -kv[1], -len(kv[0]), kv[0]))[0][0]
                     if counts else api_key(uri))
            others = sorted(set(labels[uri]) | set(aliases[uri]) - {label}, key=fold)
            self.names[uri] = {"type": kind, "label": label, "aliases": [a for a in others if a != label]}

    def ref(self, uri: str | None) -> Record | None:
        """A link to an entity: URI, class and label (the URI's last segment when the graph names it not)."""
        if not uri:
            return None
        n = self.names.get(uri)
        if n is None:
            return {"id": uri, "type": "Thing", "label": api_key(uri).rsplit("/", 1)[-1]}
        return {"id": uri, "type": n["type"], "label": n["label"]}

    def _evidence(self) -> None:
        for row in self.tables["api_evidence"]:
            uri = str(row["entity"])
            doc = str(row["document"])
            self.doc_of_graph[str(row["g"])] = doc
            self.by_document.setdefault(doc, set()).add(uri)
            self.evidence.setdefault(uri, []).append({
                "graph": str(row["g"]), "document": doc, "quote": str(row["quote"]),
                "position": _int(_s(row, "start"))})
        for rows in self.evidence.values():
            rows.sort(key=lambda r: (r["document"], r["position"] or 0))

    def quotes(self, uri: str, graph: str | None = None) -> list[Record]:
        return [{"quote": e["quote"], "position": e["position"], "source": self.doc_ref(e["document"])}
                for e in self.evidence.get(uri, []) if graph is None or e["graph"] == graph]

    def doc_ref(self, doc: str) -> Record:
        d = self.documents.get(doc)
        if d:
            return {"id": doc, "type": d["type"], "label": d["label"]}
        return self.ref(doc) or {"id": doc, "type": "SourceDocument", "label": doc}

    def sources(self, uri: str, graphs: list[str] | None = None) -> list[Record]:
        docs = _unique([e["document"] for e in self.evidence.get(uri, [])]
                       + [self.doc_of_graph.get(g) for g in graphs or []])
        return sorted((self.doc_ref(d) for d in docs), key=lambda r: (fold(r["label"]), r["id"]))

    def base(self, uri: str, graphs: list[str] | None = None) -> Record:
        n = self.names.get(uri) or {"type": "Thing", "label": api_key(uri), "aliases": []}
        return {"id": uri, "type": n["type"], "label": n["label"], "key": api_key(uri),
                "sources": self.sources(uri, graphs), "evidence": self.quotes(uri)}

    def _grouped(self, table: str, column: str) -> dict[str, list[dict[str, Node]]]:
        groups: dict[str, list[dict[str, Node]]] = defaultdict(list)
        for row in self.tables[table]:
            groups[str(row[column])].append(row)
        return groups

    # ------------------------------------------------------------ kinds
    def _documents(self) -> None:
        for uri, rows in self._grouped("api_documents", "document").items():
            row = rows[0]
            kind = _local(str(row["type"]))
            self.doc_of_graph[str(row["g"])] = uri
            n = self.names.get(uri, {})
            self.documents[uri] = {
                "id": uri, "type": kind, "label": n.get("label") or _s(row, "headline") or str(row["source_name"]),
                "key": api_key(uri), "sources": [], "evidence": [],
                "kind": DOCUMENT_KINDS.get(kind, kind), "source_name": str(row["source_name"]),
                "identifier": _s(row, "identifier"), "headline": _s(row, "headline"),
                "published": _s(row, "published"), "url": _s(row, "url"),
                "_publisher": _s(row, "publisher"), "_author": _s(row, "author"), "_graph": str(row["g"])}
        for d in self.documents.values():
            d["sources"] = [self.doc_ref(d["id"])]
            d["publisher"] = self.ref(d.pop("_publisher"))
            d["author"] = self.ref(d.pop("_author"))

    def _councils(self) -> None:
        for uri, rows in self._grouped("api_councils", "council").items():
            rec = self.base(uri)
            rec.update(aliases=self.names.get(uri, {}).get("aliases", []),
                       gss_code=_most_common([_s(r, "gss") for r in rows]),
                       area=_most_common([_s(r, "area") for r in rows]),
                       wikidata=_most_common([_s(r, "wikidata") for r in rows]),
                       council_type=_most_common([_s(r, "council_type") for r in rows]))
            rec["type"] = "Council"
            self.councils[uri] = rec

    def _organisations(self) -> None:
        for uri, rows in self._grouped("api_organisations", "organisation").items():
            rec = self.base(uri)
            rec.update(aliases=self.names.get(uri, {}).get("aliases", []),
                       council=self.ref(_most_common([_s(r, "council") for r in rows])))
            if rec["type"] == "Department":
                rec["part_of"] = self.ref(_most_common([_s(r, "part_of") for r in rows]))
                self.departments[uri] = rec
            elif rec["type"] in BODY_TYPES:
                rec["body_kind"] = _most_common([_s(r, "body_kind") for r in rows])
                self.bodies[uri] = rec

    def council_of(self, uri: str | None) -> str | None:
        """The council of an organisation: itself when it is one, else its ckg:council."""
        if not uri:
            return None
        if uri in self.councils:
            return uri
        org = self.departments.get(uri) or self.bodies.get(uri)
        return org["council"]["id"] if org and org.get("council") else None

    def _memberships(self) -> None:
        claims = self.claims.setdefault("appointment", [])
        for uri, rows in self._grouped("api_memberships", "membership").items():
            rec = self.base(uri, [str(r["g"]) for r in rows])
            rec["type"] = "Membership"
            org = _most_common([_s(r, "organisation") for r in rows])
            starts = sorted(set(filter(None, (_s(r, "start") for r in rows))), key=date_key)
            rec.update(person=self.ref(str(rows[0]["person"])),
                       post=self.ref(_most_common([_s(r, "post") for r in rows])), organisation=self.ref(org),
                       title=str(rows[0]["title"]),
                       start=_earliest(starts), end=_latest([_s(r, "end") for r in rows]), starts=starts,
                       appointed=any(_s(r, "appointed") == "true" for r in rows))
            rec["_council"] = self.council_of(org)
            self.memberships[uri] = rec
            for r in rows:
                if _s(r, "start"):
                    claims.append({"uri": uri, "graph": str(r["g"]), "date": _s(r, "start"), "not_after": None,
                                   "written": _s(r, "start_written"),
                                   "council": rec["_council"],
                                   "label": f"{rec['person']['label']} starts as {rec['title']}"})

    def _people(self) -> None:
        by_person: dict[str, list[Record]] = defaultdict(list)
        for m in self.memberships.values():
            by_person[m["person"]["id"]].append(m)
        for uri, rows in self._grouped("api_people", "person").items():
            rec = self.base(uri)
            councils = _unique([m["_council"] for m in by_person.get(uri, [])])
            rec.update(aliases=self.names.get(uri, {}).get("aliases", []),
                       honorific=_most_common([_s(r, "honorific") for r in rows]),
                       party=self.ref(_most_common([_s(r, "party") for r in rows])),
                       ward=self.ref(_most_common([_s(r, "ward") for r in rows])),
                       councils=[self.ref(c) for c in councils])
            self.people[uri] = rec

    def _posts(self) -> None:
        by_post: dict[str, list[Record]] = defaultdict(list)
        for m in self.memberships.values():
            if m["post"]:
                by_post[m["post"]["id"]].append(m)
        for uri, ms in by_post.items():
            rec = self.base(uri)
            org = _most_common([m["organisation"]["id"] if m["organisation"] else None for m in ms])
            holders = {m["person"]["id"]: m["person"] for m in ms}.values()
            rec.update(type="Post", title=rec["label"], organisation=self.ref(org),
                       council=self.ref(self.council_of(org)), holders=sorted(holders, key=lambda p: fold(p["label"])))
            self.posts[uri] = rec

    def _inspections(self) -> None:
        for uri, rows in self._grouped("api_findings", "inspection").items():
            found: dict[str, Record] = {}
            for r in rows:
                f = found.setdefault(str(r["finding"]), {
                    "id": str(r["finding"]), "type": "Finding", "label": str(r["text"]),
                    "finding_type": str(r["finding_type"]), "_graphs": []})
                f["_graphs"].append(str(r["g"]))
            self.findings[uri] = [{**{k: v for k, v in f.items() if k != "_graphs"},
                                   "sources": self.sources(f["id"], f["_graphs"])} for f in found.values()]
        claims = self.claims.setdefault("inspection", [])
        for uri, rows in self._grouped("api_inspections", "inspection").items():
            rec = self.base(uri, [str(r["g"]) for r in rows])
            council = _most_common([_s(r, "council") for r in rows]) or self.council_of(_s(rows[0], "inspected"))
            rec.update(inspector=self.ref(_most_common([_s(r, "inspector") for r in rows])),
                       inspected=self.ref(_most_common([_s(r, "inspected") for r in rows])),
                       council=self.ref(council), kinds=_unique([_s(r, "kind") for r in rows]),
                       status=_most_common([_s(r, "status") for r in rows]),
                       date=_earliest([_s(r, "date") for r in rows]),
                       not_after=None, outcomes=_unique([_s(r, "outcome") for r in rows]),
                       result=self.ref(_most_common([_s(r, "result") for r in rows])))
            if not rec["date"]:
                rec["not_after"] = _earliest([_s(r, "not_after") for r in rows])
            self.inspections[uri] = rec
            inspector = rec["inspector"]["label"] if rec["inspector"] else "an inspectorate"
            inspected = f" of {rec['inspected']['label']}" if rec["inspected"] else ""
            for r in rows:
                claims.append({"uri": uri, "graph": str(r["g"]), "date": _s(r, "date"), "not_after": _s(r, "not_after"),
                               "written": _s(r, "date_written"), "council": council,
                               "label": f"{_s(r, 'kind') or 'inspection'} by {inspector}{inspected}"})

    def _funding(self) -> None:
        claims = self.claims.setdefault("funding", [])
        for uri, rows in self._grouped("api_funding", "funding").items():
            rec = self.base(uri, [str(r["g"]) for r in rows])
            row = rows[0]
            amount = _decimal(str(row["amount"]))
            if amount is None:  # not a number: the shapes forbid it, a raw SPARQL Update might not
                continue
            rec.update(amount=int(amount) if amount == amount.to_integral_value() else float(amount),
                       currency=str(row["currency"]), qualifier=_s(row, "qualifier"),
                       cumulative=_s(row, "cumulative") == "true",
                       recipient=self.ref(_most_common([_s(r, "recipient") for r in rows])),
                       council=self.ref(_most_common([_s(r, "council") for r in rows])),
                       date=_earliest([_s(r, "date") for r in rows]),
                       period_start=_earliest([_s(r, "period_start") for r in rows]),
                       period_end=_latest([_s(r, "period_end") for r in rows]),
                       additional_to=self.ref(_s(row, "additional_to")))
            self.funding[uri] = rec
            hedge = f"{rec['qualifier']} " if rec["qualifier"] else ""
            to = rec["recipient"]["label"] if rec["recipient"] else "the council"
            for r in rows:
                claims.append({"uri": uri, "graph": str(r["g"]), "date": _s(r, "date") or _s(r, "period_start"),
                               "not_after": _s(r, "period_end"), "written": _s(r, "date_written"),
                               "council": rec["council"]["id"] if rec["council"] else None,
                               "label": f"{hedge}{rec['amount']} {rec['currency']} to {to}"})

    def _meetings(self) -> None:
        claims = self.claims.setdefault("meeting", [])
        for uri, rows in self._grouped("api_meetings", "meeting").items():
            rec = self.base(uri, [str(r["g"]) for r in rows])
            body = _most_common([_s(r, "body") for r in rows])
            council = _most_common([_s(r, "council") for r in rows]) or self.council_of(body)
            rec.update(body=self.ref(body), body_name=_most_common([_s(r, "body_name") for r in rows]),
                       council=self.ref(council), status=_most_common([_s(r, "status") for r in rows]),
                       business=_unique([_s(r, "business") for r in rows]),
                       date=_earliest([_s(r, "date") for r in rows]), not_after=None)
            if not rec["date"]:
                rec["not_after"] = _earliest([_s(r, "not_after") for r in rows])
            self.meetings[uri] = rec
            for r in rows:
                claims.append({"uri": uri, "graph": str(r["g"]), "date": _s(r, "date"), "not_after": _s(r, "not_after"),
                               "written": _s(r, "date_written"), "council": council, "label": rec["label"]})

    # ------------------------------------------------------------ views
    def mentioned(self, document: str) -> set[str]:
        """URIs of everything a document's graph gives evidence for."""
        return self.by_document.get(document, set())


def public(record: Record) -> Record:
    """A record without its internal (underscore) fields."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


Table = list[dict[str, Node]]
_ORDER_BY = re.compile(r"\bORDER\s+BY((?:\s+\?[A-Za-z_][A-Za-z0-9_]*)+)\s*$", re.IGNORECASE)


@functools.cache
def order_of(name: str) -> tuple[str, ...]:
    """The variables of the query's ORDER BY (the api_* queries order by plain variables)."""
    m = _ORDER_BY.search(query(name).text.strip())
    return tuple(v.strip()[1:] for v in m.group(1).split()) if m else ()


def _order_key(value: Node | None) -> tuple[int, Any]:
    """SPARQL's order for one value, as far as the api_* tables need it: unbound first, numbers by
    value, the rest by their text."""
    if value is None:
        return (0, "")
    number = value.value if isinstance(value, Literal) else None
    if isinstance(number, int | float | Decimal) and not isinstance(number, bool):
        return (1, float(number))
    return (2, str(value))


def sort_keys(name: str, rows: Iterable[dict[str, Node]], columns: list[str]) -> list[tuple[tuple, dict[str, Node]]]:
    """Each row with its place in the query's ORDER BY order, ties broken by every column, so that a
    table put together from graphs is the same as one read whole. Computed once per row read."""
    keys = order_of(name) + tuple(c for c in columns if c not in order_of(name))
    return [(tuple(_order_key(row.get(k)) for k in keys), row) for row in rows]


@dataclass
class _Write:
    """One write in progress or done; `graphs` None means it may have changed any graph."""

    graphs: set[str] | None = None
    done: bool = False


class CatalogueCache:
    """The catalogue of the store's current version, kept per named graph (see the module docstring).

    Freshness: the catalogue is current when the store's version is the one it was built at and no
    write has finished since. A write still in progress may already have changed the version; its
    rows are read once it has said which graphs it changed (a reader concurrent with a write may
    see the state before it)."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._catalogue: Catalogue | None = None
        self._rows: dict[str, dict[str, list[tuple[tuple, dict[str, Node]]]]] = {}
        """query -> graph -> that graph's rows, each with its sort key"""
        self._columns: dict[str, list[str]] = {}
        self._writes: list[_Write] = []
        self._lock = asyncio.Lock()
        self.full_reads = 0
        self.graph_reads = 0
        """How many times every table was read, and how many single graphs were (for tests and logs)."""

    def begin_write(self) -> _Write:
        """Called before a write starts."""
        write = _Write()
        self._writes.append(write)
        return write

    def end_write(self, write: _Write, graphs: Iterable[str] | None) -> None:
        """Called when the write has finished: the graphs it changed (empty: none; None: unknown)."""
        write.graphs = None if graphs is None else set(graphs)
        write.done = True

    async def get(self, version_of: Callable[[], Awaitable[str]], run: Runner, *, lateral: bool = True) -> Catalogue:
        if self._catalogue is not None and not any(w.done for w in self._writes) \
                and await version_of() == self._version:
            return self._catalogue
        async with self._lock:
            done = [w for w in self._writes if w.done]
            self._writes = [w for w in self._writes if not w.done]
            version = await version_of()
            changed: set[str] | None = set()
            for w in done:
                changed = None if changed is None or w.graphs is None else changed | w.graphs
            if self._catalogue is not None and not done and (version == self._version or self._writes):
                return self._catalogue  # current, or changed only by writes still in progress
            if self._catalogue is None or changed is None or (not done and version != self._version):
                await self._read_all(run, lateral)
            elif changed:
                await self._read_graphs(sorted(changed), run, lateral)
            self._catalogue = Catalogue.build({name: self._table(name) for name in QUERIES})
            self._version = version
        return self._catalogue

    async def _results(self, run: Runner, lateral: bool, values: dict[str, str]) -> dict[str, SelectResult]:
        results = await asyncio.gather(*(run(query(name).bind(values, lateral=lateral)) for name in QUERIES))
        out = {}
        for name, result in zip(QUERIES, results, strict=True):
            if not isinstance(result, SelectResult):
                raise StoreError(f"named query {name} did not return a table of results")
            out[name] = result
        return out

    async def _read_all(self, run: Runner, lateral: bool) -> None:
        self.full_reads += 1
        self._rows = {}
        for name, result in (await self._results(run, lateral, {})).items():
            self._columns[name] = result.variables
            by_graph: dict[str, list[tuple[tuple, dict[str, Node]]]] = defaultdict(list)
            for keyed in sort_keys(name, result.rows, result.variables):
                by_graph[str(keyed[1].get("g"))].append(keyed)
            self._rows[name] = dict(by_graph)

    async def _read_graphs(self, graphs: list[str], run: Runner, lateral: bool) -> None:
        for graph in graphs:
            self.graph_reads += 1
            for name, result in (await self._results(run, lateral, {"g": graph})).items():
                if result.rows:
                    self._rows[name][graph] = sort_keys(name, result.rows, self._columns[name])
                else:
                    self._rows[name].pop(graph, None)

    def _table(self, name: str) -> Table:
        keyed = [k for rows in self._rows[name].values() for k in rows]
        keyed.sort(key=lambda k: k[0])
        return [row for _, row in keyed]

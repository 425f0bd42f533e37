"""What the HTML pages show, gathered by SPARQL over the store: one function per page part.

Pages need more than the triples of a description (the quoted sentence of every fact, the dates
of a council's events, a document's selectors), so they ask the store themselves. Every function
takes `query` (a synchronous `Store.query`) and returns plain dataclasses, so templates never see
RDF terms and the page code can be tested through the real server.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.store.base import QueryResult, SelectResult
from graph.store.terms import iri
from graph.uris import base, named_graph, slug
from graph.vocab import CKG, PREFIXES

Query = Callable[[str], QueryResult]

_HEAD = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"
DATE_PATH = "(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear)"


def rows(query: Query, sparql: str) -> list[dict[str, Node]]:
    result = query(_HEAD + sparql)
    if not isinstance(result, SelectResult):
        raise TypeError("expected a SELECT result")
    return result.rows


def text(row: dict[str, Node], name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def href(uri: str) -> str:
    """Where a link to `uri` goes: an entity minted here -> its page on this server (/doc/...)."""
    prefix = base() + "id/"
    if uri.startswith(prefix):
        return "/doc/" + uri[len(prefix):]
    if uri.startswith(base()):
        return "/" + uri[len(base()):]
    return uri


def doc_key(uri: str) -> str | None:
    """`document/<hash>` for a source document's URI."""
    prefix = base() + "id/"
    return uri[len(prefix):] if uri.startswith(prefix + "document/") else None


@dataclass
class Source:
    """The sentence a fact came from, and where to read it highlighted."""

    document: str
    headline: str
    published: str | None
    exact: str
    start: int
    end: int

    @property
    def link(self) -> str:
        return f"{href(self.document)}#sel-{self.start}"


@dataclass
class Fact:
    """One statement in words ('Jane Doe holds the post Director of X'), with its sources."""

    subject: str
    subject_label: str
    predicate: str
    predicate_label: str
    value: str
    value_label: str
    is_link: bool
    sources: list[Source] = field(default_factory=list)

    @property
    def value_href(self) -> str:
        return href(self.value) if self.is_link else ""

    @property
    def phrase(self) -> str | None:
        """The verb phrase of a sentence 'subject PHRASE value', where one reads better than
        'The PROPERTY of SUBJECT is VALUE'."""
        return _PHRASES.get(self.predicate)


@dataclass
class Entity:
    uri: str
    label: str
    types: list[tuple[str, str]]
    """(class URI, class label) of our own vocabulary's classes."""
    facts: list[Fact]
    linked_from: list[Fact]
    sources: list[Source]


_ORG, _SKOS, _DCT, _SDO, _FOAF = (PREFIXES[p] for p in ("org", "skos", "dcterms", "schema", "foaf"))
_WORDS = {
    _ORG + "member": "member", _ORG + "role": "role", _ORG + "organization": "organisation",
    _ORG + "memberDuring": "time in post", _ORG + "heldBy": "holder", _ORG + "postIn": "organisation",
    _ORG + "hasMembership": "membership", _ORG + "holds": "post", _DCT + "title": "title",
    _SKOS + "prefLabel": "name", _DCT + "identifier": "identifier", _SDO + "url": "web address",
    _SDO + "amount": "amount", _DCT + "description": "description", _ORG + "changedBy": "change",
}
_PHRASES = {
    _SKOS + "altLabel": "is also called", _FOAF + "title": "has the title", _DCT + "description": "is described as",
    _ORG + "holds": "holds the post", _ORG + "memberDuring": "was in post", _ORG + "unitOf": "is a unit of",
    str(CKG.partOf): "is part of", _DCT + "creator": "was written by", _DCT + "publisher": "was published by",
    str(CKG.published): "was published on", str(CKG.inspector): "was carried out by",
    str(CKG.inspected): "inspected", str(CKG.outcome): "had the outcome", str(CKG.finding): "found",
    str(CKG.recipient): "went to", _SDO + "amount": "was for", str(CKG.date): "is dated",
    _ORG + "heldBy": "is held by", _ORG + "postIn": "is a post in", _SDO + "url": "is online at",
}


# ---------------------------------------------------------------- labels and sources
def term_labels(query: Query) -> dict[str, str]:
    """English labels of the ontology's classes and properties (for sentences)."""
    found = rows(query, f"""SELECT ?t ?l WHERE {{ GRAPH {iri(named_graph('ontology'))} {{ ?t rdfs:label ?l }}
                             FILTER(LANG(?l) = "" || LANGMATCHES(LANG(?l), "en")) }}""")
    return {**_WORDS, **{str(r["t"]): str(r["l"]) for r in found}}


def super_properties(query: Query) -> dict[str, set[str]]:
    """property -> its super-properties, which to_rdf materialises (shown once, as the sub-property)."""
    found = rows(query, f"""SELECT ?p ?s WHERE {{ GRAPH {iri(named_graph('ontology'))} {{
                             ?p rdfs:subPropertyOf+ ?s }} }}""")
    out: dict[str, set[str]] = defaultdict(set)
    for r in found:
        out[str(r["p"])].add(str(r["s"]))
    return out


def labels_of(query: Query, uris: set[str]) -> dict[str, str]:
    """A readable label for each node: its label (the most common across documents, then the longest),
    or for a date its value, for an amount its figure, for an interval its bounds."""
    if not uris:
        return {}
    values = " ".join(iri(u) for u in sorted(uris))
    found = rows(query, f"""SELECT ?u ?l ?g WHERE {{ VALUES ?u {{ {values} }} GRAPH ?g {{
        {{ ?u rdfs:label|skos:prefLabel ?l }} UNION {{ ?u {DATE_PATH} ?l }}
        UNION {{ ?u schema:value ?v ; schema:currency ?c BIND(CONCAT(STR(?v), " ", STR(?c)) AS ?l) }}
        UNION {{ ?u a time:Interval OPTIONAL {{ ?u time:hasBeginning/{DATE_PATH} ?b }}
                 OPTIONAL {{ ?u time:hasEnd/{DATE_PATH} ?e }}
                 BIND(CONCAT(IF(BOUND(?b), CONCAT("from ", STR(?b)), ""), IF(BOUND(?b) && BOUND(?e), " ", ""),
                             IF(BOUND(?e), CONCAT("to ", STR(?e)), "")) AS ?l) }} }} }}""")
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in found:
        if "l" in r and str(r["l"]):
            votes[str(r["u"])][str(r["l"])] += 1
    out = {}
    for u, counts in votes.items():
        # the name the URI was minted from, if it is among them; else the most common, then the longest
        minted = u.rstrip("/").rsplit("/", 1)[-1]
        label = max(counts, key=lambda lab: (slug(lab) == minted, counts[lab], len(lab)))
        money = _AMOUNT.match(label)
        out[u] = format_money(money.group(1), money.group(2)) if money else label
    return out


_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?) ([A-Z]{3})$")


def format_money(value: str | None, currency: str | None) -> str:
    """'6000000', 'GBP' -> '£6m'; '250000', 'GBP' -> '£250,000'."""
    if not value:
        return ""
    amount = float(value)
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency or "", (currency or "") + " ")
    if amount >= 1_000_000:
        return f"{symbol}{amount / 1_000_000:g}m"
    return f"{symbol}{amount:,.0f}"


def sources_of(query: Query, uris: set[str]) -> dict[tuple[str, str], list[Source]]:
    """(node, graph) -> the annotated sentences of that node in that document graph."""
    if not uris:
        return {}
    values = " ".join(iri(u) for u in sorted(uris))
    found = rows(query, f"""
        SELECT ?node ?g ?doc ?headline ?published ?exact ?start ?end WHERE {{
          VALUES ?node {{ {values} }}
          GRAPH ?g {{
            ?node ckg:evidence ?ann . ?ann oa:hasTarget ?t . ?t oa:hasSource ?doc ;
              oa:hasSelector ?q, ?pos . ?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end .
            OPTIONAL {{ ?doc rdfs:label ?headline }}
            OPTIONAL {{ ?doc ckg:published/{DATE_PATH} ?published }}
          }}
        }}""")
    out: dict[tuple[str, str], list[Source]] = defaultdict(list)
    seen: set[tuple[str, str, int]] = set()
    for r in found:
        node, g, start = str(r["node"]), str(r["g"]), int(r["start"])
        if (node, g, start) in seen:
            continue
        seen.add((node, g, start))
        out[(node, g)].append(Source(str(r["doc"]), text(r, "headline") or str(r["doc"]), text(r, "published"),
                                     str(r["exact"]), start, int(r["end"])))
    for v in out.values():
        v.sort(key=lambda s: (s.published or "", s.document, s.start))
    return out


# ---------------------------------------------------------------- entity pages
_HIDDEN = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/name", "http://xmlns.com/foaf/0.1/name", str(CKG.evidence),
    "http://www.w3.org/ns/prov#wasDerivedFrom", "https://schema.org/text", "http://www.w3.org/ns/oa#hasBody",
    "https://schema.org/alternateName", "http://www.w3.org/ns/org#hasMembership",
}


def _facts(query: Query, found: list[dict[str, Node]], subject_key: str, other_key: str,
           labels: dict[str, str], supers: dict[str, set[str]]) -> list[Fact]:
    """Facts from rows (?g, ?p and the subject/other column), one per (s, p, o) with every source."""
    present: set[tuple[str, str, str]] = {(str(r[subject_key]), str(r["p"]), str(r[other_key])) for r in found}
    hidden_super = {(s, sup, o) for s, p, o in present for sup in supers.get(p, ())}
    by_triple: dict[tuple[str, str, str], tuple[Node, set[str]]] = {}
    for r in found:
        s, p, o = str(r[subject_key]), str(r["p"]), str(r[other_key])
        if p in _HIDDEN or (s, p, o) in hidden_super or not str(r["g"]).startswith(named_graph("document/")):
            continue
        by_triple.setdefault((s, p, o), (r[other_key], set()))[1].add(str(r["g"]))
    links = {t for t, (node, _) in by_triple.items() if isinstance(node, URIRef)}
    names = labels_of(query, {t[0] for t in by_triple} | {t[2] for t in links})
    sources = sources_of(query, {t[0] for t in by_triple} | {t[2] for t in links})
    facts = []
    for (s, p, o), (node, graphs) in sorted(by_triple.items(), key=lambda kv: (kv[0][1], kv[0][2])):
        value_label = names.get(o, _short(o)) if isinstance(node, URIRef) else _literal(node)
        own = {g: sources[(o, g)] for g in graphs if (o, g) in sources} if isinstance(node, URIRef) else {}
        # a date, amount or period minted under its owner is a value, not a page worth visiting
        is_link = isinstance(node, URIRef) and not (o.startswith(s + "/") and not own)
        fact = Fact(s, names.get(s, _short(s)), p, labels.get(p, _short(p)), o, value_label, is_link)
        for g in sorted(graphs):  # the value's own sentence (a finding's, a membership's), else the subject's
            fact.sources.extend(own.get(g) or sources.get((s, g), []))
        facts.append(fact)
    return facts


def _literal(node: Node) -> str:
    if isinstance(node, Literal) and node.datatype and str(node.datatype).endswith("#boolean"):
        return "yes" if str(node) == "true" else "no"
    return str(node)


def _short(uri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if uri.startswith(ns):
            return f"{prefix}:{uri[len(ns):]}"
    return uri.rstrip("/").rsplit("/", 1)[-1]


def entity(query: Query, uri: str) -> Entity | None:
    """Everything an entity page shows, or None when no graph mentions the URI as a subject."""
    u = iri(uri)
    out = rows(query, f"SELECT ?g ?s ?p ?o WHERE {{ BIND({u} AS ?s) GRAPH ?g {{ {u} ?p ?o }} }}")
    if not out:
        return None
    inverse = rows(query, f"""SELECT ?g ?s ?p ?o WHERE {{ BIND({u} AS ?o) GRAPH ?g {{ ?s ?p {u} }}
                              FILTER(?p != oa:hasBody && ?p != oa:hasSource) }} LIMIT 2000""")
    labels, supers = term_labels(query), super_properties(query)
    classes = sorted({str(r["o"]) for r in out if str(r["p"]).endswith("#type") and str(r["o"]).startswith(str(CKG))})
    own = labels_of(query, {uri})
    label = own.get(uri) or _short(uri)
    srcs = sources_of(query, {uri})
    all_sources = sorted({(s.document, s.start): s for v in srcs.values() for s in v}.values(),
                         key=lambda s: (s.published or "", s.start))
    return Entity(uri, label, [(c, labels.get(c, _short(c))) for c in classes],
                  _facts(query, out, "s", "o", labels, supers), _facts(query, inverse, "s", "o", labels, supers),
                  all_sources)


@dataclass
class Highlight:
    start: int
    end: int
    exact: str
    facts: list[tuple[str, str]]
    """(fact URI, label) of every fact the sentence states."""


def document_highlights(query: Query, uri: str) -> tuple[str, list[Highlight]]:
    """A document's text and every annotated sentence in it (selectors with character offsets)."""
    u = iri(uri)
    found = rows(query, f"SELECT ?text WHERE {{ GRAPH ?g {{ {u} schema:text ?text }} }} LIMIT 1")
    if not found:
        return "", []
    body = str(found[0]["text"])
    anns = rows(query, f"""
        SELECT ?start ?end ?exact ?body ?label WHERE {{ GRAPH ?g {{
          ?ann oa:hasTarget ?t . ?t oa:hasSource {u} ; oa:hasSelector ?pos, ?q .
          ?pos oa:start ?start ; oa:end ?end . ?q oa:exact ?exact .
          OPTIONAL {{ ?ann oa:hasBody ?body . OPTIONAL {{ ?body rdfs:label ?label }} }} }} }}""")
    marks: dict[tuple[int, int], Highlight] = {}
    for r in anns:
        key = (int(r["start"]), int(r["end"]))
        h = marks.setdefault(key, Highlight(key[0], key[1], str(r["exact"]), []))
        if "body" in r:
            pair = (str(r["body"]), text(r, "label") or _short(str(r["body"])))
            if pair not in h.facts:
                h.facts.append(pair)
    return body, sorted(marks.values(), key=lambda h: (h.start, -h.end))


# ---------------------------------------------------------------- the home page
@dataclass
class Overview:
    counts: list[tuple[str, str, int]]
    """(class URI, label, number of distinct instances in document graphs)."""
    councils: list[tuple[str, str, int]]
    """(council URI, name, number of documents mentioning it)."""
    documents: int
    modified: str | None
    """When the dataset last changed (dcterms:modified, where the dataset description gives it)."""
    latest: str | None
    """Publication date of the newest document."""
    examples: list[tuple[str, str]]
    """(question, link to its answer)."""


def overview(query: Query) -> Overview:
    labels = term_labels(query)
    docs_g = named_graph("document/")
    counts = rows(query, f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }}
        FILTER(STRSTARTS(STR(?g), "{docs_g}") && STRSTARTS(STR(?c), "{CKG}")) }} GROUP BY ?c ORDER BY DESC(?n) ?c""")
    councils = rows(query, f"""SELECT ?c (SAMPLE(?l) AS ?name) (COUNT(DISTINCT ?g) AS ?n) WHERE {{
        GRAPH ?g {{ ?c a ckg:Council ; rdfs:label ?l }} FILTER(STRSTARTS(STR(?g), "{docs_g}")) }}
        GROUP BY ?c ORDER BY DESC(?n) ?name""")
    docs = rows(query, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a ckg:SourceDocument } }")
    published = rows(query, f"""SELECT (MAX(STR(?p)) AS ?latest) WHERE {{ GRAPH ?g {{
        ?d a ckg:SourceDocument ; ckg:published/{DATE_PATH} ?p }} }}""")
    modified = rows(query, "SELECT (MAX(STR(?m)) AS ?m) WHERE { GRAPH ?g { ?x dcterms:modified ?m } }")
    return Overview(
        [(str(r["c"]), labels.get(str(r["c"]), _short(str(r["c"]))), int(r["n"])) for r in counts],
        [(str(r["c"]), str(r["name"]), int(r["n"])) for r in councils],
        int(docs[0]["n"]) if docs else 0, text(modified[0], "m") if modified else None,
        text(published[0], "latest") if published else None,
        examples(query, [(str(r["c"]), str(r["name"])) for r in councils]))


def examples(query: Query, councils: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Questions whose answers are one click away, made from what the store holds (never fixed names)."""
    out: list[tuple[str, str]] = []
    for uri, name in councils[:2]:
        out.append((f"What happened at {name}: inspections, funding and appointments over time?", href(uri)))
        out.append((f"Who holds which posts at {name}, and since when?", f"/people?council={href(uri)[5:]}"))
    people = rows(query, f"""SELECT ?p (SAMPLE(?l) AS ?name) (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{
        ?p a ckg:Person ; rdfs:label ?l ; org:hasMembership ?m }}
        FILTER(STRSTARTS(STR(?g), "{named_graph('document/')}")) }} GROUP BY ?p ORDER BY DESC(?n) ?name LIMIT 1""")
    for r in people:
        out.append((f"Which posts has {r['name']} held, according to which documents?", href(str(r["p"]))))
    funding = rows(query, """SELECT ?f (MAX(?v) AS ?value) (SAMPLE(?c) AS ?currency) WHERE { GRAPH ?g {
        ?f a ckg:FundingEvent ; schema:amount [ schema:value ?v ; schema:currency ?c ] } }
        GROUP BY ?f ORDER BY DESC(?value) ?f LIMIT 1""")
    for r in funding:
        out.append((f"Where does the largest funding figure ({_money(r)}) come from?", href(str(r["f"]))))
    out.append(("Which inspections does each document report? (named query)", "/query?example=facts_inspections"))
    out.append(("Where do two documents disagree? (named query)", "/query?example=contradictions"))
    return out


# ---------------------------------------------------------------- people and posts
@dataclass
class Post:
    person: str
    person_name: str
    title: str
    organisation: str | None
    organisation_name: str | None
    start: str | None
    end: str | None
    sources: list[Source]


def posts(query: Query, council: str | None) -> list[Post]:
    """Every membership (person, post title, organisation, start, end), optionally in one council
    (its own posts and those of its departments and bodies)."""
    where = ""
    if council:
        c = iri(council)
        where = f"FILTER(?org = {c} || EXISTS {{ GRAPH ?g2 {{ ?org ckg:council|org:unitOf|ckg:partOf {c} }} }})"
    found = rows(query, f"""
        SELECT ?m ?g ?person ?title ?org ?start ?end WHERE {{ GRAPH ?g {{
          ?m a ckg:Membership ; org:member ?person ; org:role/skos:prefLabel ?title .
          OPTIONAL {{ ?m org:organization ?org }}
          OPTIONAL {{ ?m org:memberDuring/time:hasBeginning/{DATE_PATH} ?start }}
          OPTIONAL {{ ?m org:memberDuring/time:hasEnd/{DATE_PATH} ?end }} }} {where} }}""")
    names = labels_of(query, {str(r["person"]) for r in found} | {str(r["org"]) for r in found if "org" in r})
    sources = sources_of(query, {str(r["m"]) for r in found})
    merged: dict[str, Post] = {}
    for r in found:
        m = str(r["m"])
        post = merged.get(m)
        if post is None:
            org = text(r, "org")
            post = merged[m] = Post(str(r["person"]), names.get(str(r["person"]), _short(str(r["person"]))),
                                    str(r["title"]), org, names.get(org) if org else None, None, None, [])
        post.start = min(filter(None, [post.start, text(r, "start")]), default=None)
        post.end = max(filter(None, [post.end, text(r, "end")]), default=None)
        for s in sources.get((m, str(r["g"])), []):
            if s not in post.sources:
                post.sources.append(s)
    return sorted(merged.values(), key=lambda p: (p.person_name, p.start or "9999", p.title))


# ---------------------------------------------------------------- a council's events
@dataclass
class Event:
    kind: str
    """'inspection', 'funding' or 'appointment'."""
    uri: str
    label: str
    date: str | None
    detail: str
    sources: list[Source]


def council_events(query: Query, council: str) -> list[Event]:
    """Inspections (with outcome), funding events (with amounts) and appointments of one council."""
    c = iri(council)
    inspections = rows(query, f"""SELECT ?e ?g (SAMPLE(?l) AS ?label) (MIN(STR(?d)) AS ?date)
        (GROUP_CONCAT(DISTINCT ?o; separator="; ") AS ?outcome) WHERE {{ GRAPH ?g {{
        ?e a ckg:Inspection ; ckg:council {c} ; rdfs:label ?l .
        OPTIONAL {{ ?e ckg:date/{DATE_PATH} ?d }} OPTIONAL {{ ?e ckg:outcome ?o }} }} }} GROUP BY ?e ?g""")
    funding = rows(query, f"""SELECT ?e ?g (SAMPLE(?l) AS ?label) (MIN(STR(?d)) AS ?date)
        (SAMPLE(?v) AS ?value) (SAMPLE(?cur) AS ?currency) WHERE {{ GRAPH ?g {{
        ?e a ckg:FundingEvent ; rdfs:label ?l . {{ ?e ckg:council {c} }} UNION {{ ?e ckg:recipient {c} }}
        UNION {{ ?e ckg:recipient/(ckg:council|org:unitOf|ckg:partOf) {c} }}
        OPTIONAL {{ ?e schema:amount [ schema:value ?v ; schema:currency ?cur ] }}
        OPTIONAL {{ ?e ckg:date/{DATE_PATH} ?d }}
        OPTIONAL {{ ?e ckg:period/time:hasBeginning/{DATE_PATH} ?d }} }} }} GROUP BY ?e ?g""")
    memberships = [p for p in posts(query, council) if p.start]
    nodes = {str(r["e"]) for r in inspections + funding}
    sources = sources_of(query, nodes)
    events: dict[str, Event] = {}
    for kind, found in (("inspection", inspections), ("funding", funding)):
        for r in found:
            e = str(r["e"])
            detail = text(r, "outcome") or "" if kind == "inspection" else _money(r)
            ev = events.setdefault(e, Event(kind, e, str(r["label"]), None, detail, []))
            dates = [d for d in (ev.date, text(r, "date")) if d]
            ev.date = min(dates) if dates else None
            if detail and detail not in ev.detail:
                ev.detail = f"{ev.detail}; {detail}" if ev.detail else detail
            ev.sources.extend(sources.get((e, str(r["g"])), []))
    out = list(events.values())
    for p in memberships:
        out.append(Event("appointment", p.person, f"{p.person_name}: {p.title}", p.start,
                         f"{p.title}{' at ' + p.organisation_name if p.organisation_name else ''}", p.sources))
    return sorted(out, key=lambda e: (e.date or "9999", e.kind, e.label))


def _money(r: dict[str, Node]) -> str:
    return format_money(text(r, "value"), text(r, "currency"))


def search(query: Query, term: str, limit: int = 50) -> list[tuple[str, str, str]]:
    """Entities whose name or alias contains the term (case-insensitive): (URI, label, class label)."""
    needle = Literal(term.casefold()).n3()
    found = rows(query, f"""SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?class) WHERE {{ GRAPH ?g {{
        ?s rdfs:label|skos:altLabel ?n ; rdfs:label ?l ; a ?c }}
        FILTER(CONTAINS(LCASE(STR(?n)), {needle}) && STRSTARTS(STR(?c), "{CKG}"))
        FILTER(STRSTARTS(STR(?s), "{base()}id/")) }} GROUP BY ?s ORDER BY STRLEN(?label) ?label LIMIT {int(limit)}""")
    labels, names = term_labels(query), labels_of(query, {str(r["s"]) for r in found})
    return [(str(r["s"]), names.get(str(r["s"]), str(r["label"])), labels.get(str(r["class"]), _short(str(r["class"]))))
            for r in found]

"""Entity resolution: one key per real-world entity across documents.

Extraction keys each document's entities on its own ("person/ali-smith" in one article,
"person/alison-smith" in another). Here people are matched across documents by surname and a
compatible forename (equal, a nickname of the other from `ontology/lexicon/nicknames.csv`, an
initial, or a one-letter slip), provided the councils their posts belong to do not disagree; each
group gets the key of its most formal full name. Inspections that one document reports without
naming the unit join the event another document reports with it (same inspectorate, council and
date). Results do not depend on the order of the input; each document keeps its own names and
aliases, so every surface form stays with its source.
"""
from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from graph.extract.inspections import canonical_inspectorate
from graph.extract.lexicon import lexicon, norm
from graph.facts import DocumentFacts, KnownEntity, Person
from graph.uris import slug


def _tokens(name: str) -> list[str]:
    return [t for t in name.replace("\u00a0", " ").split() if t]


def same_person(a: str, b: str) -> bool:
    """Whether two full names can name one person: same surname (or a one-letter slip in it with
    the same forename) and compatible forenames."""
    ta, tb = _tokens(a), _tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    sa, sb, fa, fb = ta[-1].lower(), tb[-1].lower(), ta[0].lower(), tb[0].lower()
    if sa != sb:
        return fa == fb and len(sa) > 4 and Levenshtein.distance(sa, sb) <= 1
    return lexicon().same_forename(fa, fb) or (min(len(fa), len(fb)) >= 4 and Levenshtein.distance(fa, fb) <= 1)


def _councils(p: Person) -> set[str]:
    return {r.organisation for r in p.roles if r.organisation and r.organisation.startswith("council/")}


def _formality(name: str, docs: int) -> tuple[int, int, int, int, str]:
    first = _tokens(name)[0].lower()
    nick = lexicon().nicknames
    formal = int(first in nick and first in nick[first])
    return (len(_tokens(name)), formal, docs, len(name), name)


class _Groups:
    """Union-find over (document index, person index)."""

    def __init__(self) -> None:
        self.parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(self, x: tuple[int, int]) -> tuple[int, int]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _person_keys(corpus: list[DocumentFacts]) -> dict[tuple[int, int], str]:
    entries = [((d, i), p) for d, f in enumerate(corpus) for i, p in enumerate(f.people)]
    groups = _Groups()
    for n, (a, pa) in enumerate(entries):
        groups.find(a)
        for b, pb in entries[n + 1:]:
            if a[0] == b[0] and pa.key != pb.key:
                continue
            ca, cb = _councils(pa), _councils(pb)
            if ca and cb and not ca & cb:
                continue
            if pa.key == pb.key or same_person(pa.name, pb.name):
                groups.union(a, b)
    members: dict[tuple[int, int], list[tuple[tuple[int, int], Person]]] = defaultdict(list)
    for ident, p in entries:
        members[groups.find(ident)].append((ident, p))
    keys: dict[tuple[int, int], str] = {}
    taken: dict[str, frozenset[str]] = {}
    for group in sorted(members.values(), key=lambda g: sorted(corpus[i[0]].meta.key + p.name for i, p in g)):
        names: dict[str, set[int]] = defaultdict(set)
        for (d, _), p in group:
            names[p.name].add(d)
        best = max(names, key=lambda n: _formality(n, len(names[n])))
        key = f"person/{slug(best)}"
        councils = frozenset(c for _, p in group for c in _councils(p))
        if key in taken and taken[key] != councils:
            key = f"{key}-{slug(min(councils).split('/', 1)[1]) if councils else 'unknown'}"
        taken[key] = councils
        for ident, _ in group:
            keys[ident] = key
    return keys


def _rekey(facts: DocumentFacts, mapping: dict[str, str]) -> None:
    """Replace keys everywhere in one document's facts."""
    def m(k: str | None) -> str | None:
        return mapping.get(k, k) if k else k
    for p in facts.people:
        p.key = m(p.key) or p.key
        for r in p.roles:
            r.organisation = m(r.organisation)
    for o in facts.organisations:
        o.key, o.council, o.part_of = m(o.key) or o.key, m(o.council), m(o.part_of)
        o.members = [m(k) or k for k in o.members]
    for i in facts.inspections:
        i.key, i.inspectorate, i.inspected, i.council, i.result = (
            m(i.key) or i.key, m(i.inspectorate) or i.inspectorate, m(i.inspected), m(i.council), m(i.result))
    for f in facts.funding:
        f.recipient, f.council, f.additional_to = m(f.recipient), m(f.council), m(f.additional_to)
    for x in facts.meetings:
        x.body, x.council = m(x.body), m(x.council)
    for r in facts.restructures:
        r.unit, r.council = m(r.unit), m(r.council)
    for q in facts.questions:
        q.asker, q.council = m(q.asker), m(q.council)
    for pub in facts.publications:
        pub.key, pub.issuer, pub.recipient, pub.author = (m(pub.key) or pub.key, m(pub.issuer), m(pub.recipient),
                                                          m(pub.author))


def _event_keys(corpus: Iterable[DocumentFacts]) -> dict[str, str]:
    """Inspections reported without their unit join the one event reported with it."""
    groups: dict[tuple[str, str | None, str], set[str]] = defaultdict(set)
    for f in corpus:
        for i in f.inspections:
            if i.date is not None:
                groups[(canonical_inspectorate(i.inspectorate), i.council, i.date.value[:7])].add(i.key)
    mapping: dict[str, str] = {}
    for keys in groups.values():
        with_unit = sorted(k for k in keys if not k.split("/")[-2] == "council")
        if len(with_unit) == 1:
            for k in keys:
                if k != with_unit[0]:
                    mapping[k] = with_unit[0]
    for old, new in list(mapping.items()):
        for kind in ("report", "letter"):
            mapping[old.replace("inspection/", f"publication/{kind}/", 1)] = new.replace(
                "inspection/", f"publication/{kind}/", 1)
    return mapping


def resolve_corpus(corpus: list[DocumentFacts]) -> list[DocumentFacts]:
    """The documents with one key per real-world entity; same result for any input order."""
    order = sorted(range(len(corpus)), key=lambda i: (corpus[i].meta.key, corpus[i].meta.source_name))
    docs = [copy.deepcopy(corpus[i]) for i in order]
    keys = _person_keys(docs)
    events = _event_keys(docs)
    for d, facts in enumerate(docs):
        mapping = {p.key: keys[(d, i)] for i, p in enumerate(facts.people)}
        _rekey(facts, {**events, **mapping})
    out: list[DocumentFacts | None] = [None] * len(corpus)
    for pos, i in enumerate(order):
        out[i] = docs[pos]
    return [f for f in out if f is not None]


def resolve_against(facts: DocumentFacts, known: list[KnownEntity]) -> DocumentFacts:
    """One new document's facts with the keys the store already uses for the same entities."""
    facts = copy.deepcopy(facts)
    mapping: dict[str, str] = {}
    people = sorted((k for k in known if k.kind == "person"), key=lambda k: k.key)
    for p in facts.people:
        match = next((k for k in people if k.key == p.key or any(same_person(p.name, n)
                                                                   for n in (k.name, *k.aliases))), None)
        if match is not None:
            mapping[p.key] = match.key
    orgs = sorted((k for k in known if k.kind != "person"), key=lambda k: k.key)
    for o in facts.organisations:
        if any(k.key == o.key for k in orgs):
            continue
        names = {norm(o.name), *(norm(a) for a in o.aliases)}
        council = mapping.get(o.council or "", o.council)
        match = next((k for k in orgs if k.kind == o.kind and (k.council or None) == council
                      and names & {norm(k.name), *(norm(a) for a in k.aliases)}), None)
        if match is not None:
            mapping[o.key] = match.key
    _rekey(facts, mapping)
    return facts

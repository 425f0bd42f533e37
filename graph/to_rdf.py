"""DocumentFacts -> the document's named graph (RDF), in the shape described in RDF-SHAPE / README.

Every node a document states something about gets, in that document's graph, the document's own
claims, `prov:wasDerivedFrom` the document and `ckg:evidence` an `oa:Annotation` whose target
selects the sentence (TextQuoteSelector + TextPositionSelector). Entities with one real-world
identity (people, councils, inspection events, a person's membership in a post) get one URI from
their key, so two documents describing them put their (possibly different) claims on the same
subject, each in its own graph; `queries/contradictions.rq` compares them.

No blank nodes: dates, intervals, amounts, annotations and selectors get URIs derived from their
owner's URI, so rebuilding gives identical graphs. Finally the ontology's alignments are
materialised (super-classes and super-properties from ORG, schema.org, PROV, FOAF).
"""
from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, TIME, XSD

from graph.facts import (
    DatePoint,
    DocumentFacts,
    Evidence,
    Finding,
    Funding,
    Inspection,
    Meeting,
    Organisation,
    Person,
    Publication,
    Question,
    Reference,
    Restructure,
    Role,
    SequenceClaim,
)
from graph.reference import finding_type, inspection_kind, materialise, party_key, role_concept
from graph.uris import entity, short_hash, slug
from graph.vocab import CKG, OA, ORG, PREFIXES, SDO

_PRECISION = {
    "year": (TIME.inXSDgYear, XSD.gYear, TIME.unitYear),
    "month": (TIME.inXSDgYearMonth, XSD.gYearMonth, TIME.unitMonth),
    "day": (TIME.inXSDDate, XSD.date, TIME.unitDay),
}
_ORG_CLASS = {"council": CKG.Council, "department": CKG.Department, "inspectorate": CKG.Inspectorate}
_BODY_CLASS = (  # first match on the body kind's words wins
    (("committee", "scrutiny"), CKG.Committee),
    (("cabinet", "executive"), CKG.Cabinet),
    (("full council",), CKG.FullCouncil),
    (("board",), CKG.Board),
    (("government",), CKG.Government),
)
_KEY = re.compile(r"^[a-z][a-z0-9-]*(/[a-z0-9][a-z0-9._-]*)+$")


def body_class(body_kind: str | None) -> URIRef:
    """The ontology class of a body from its kind as written ('scrutiny committee' -> Committee)."""
    kind = (body_kind or "").casefold()
    for words, cls in _BODY_CLASS:
        if any(w in kind for w in words):
            return cls
    return CKG.Body


class _Builder:
    def __init__(self, facts: DocumentFacts) -> None:
        self.facts = facts
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.doc = URIRef(entity(facts.meta.key))
        self.people = {p.key: p for p in facts.people}
        self.orgs = {o.key: o for o in facts.organisations}

    # ------------------------------------------------------------ helpers
    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        self.g.add((s, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)))

    def name(self, node: URIRef, name: str, aliases: list[str] | tuple[str, ...] = (), agent: bool = True) -> None:
        self.add(node, RDFS.label, name)
        self.add(node, SDO.name, name)
        if agent:
            self.add(node, FOAF.name, name)
        for alias in dict.fromkeys(a for a in aliases if a and a != name):
            self.add(node, SKOS.altLabel, alias)
            self.add(node, SDO.alternateName, alias)

    def instant(self, uri: str, date: DatePoint) -> URIRef:
        node = URIRef(uri)
        prop, datatype, unit = _PRECISION[date.precision]
        self.add(node, RDF.type, TIME.Instant)
        self.add(node, prop, Literal(date.value, datatype=datatype))
        self.add(node, CKG.precision, unit)
        self.add(node, CKG.resolvedFromRelative, Literal(date.resolved_from_relative))
        if date.raw:
            self.add(node, CKG.asWritten, date.raw)
        self.add(node, PROV.wasDerivedFrom, self.doc)
        return node

    def date(self, owner: URIRef, prop: URIRef, suffix: str, date: DatePoint | None) -> None:
        if date is not None:
            self.add(owner, prop, self.instant(f"{owner}/{suffix}", date))

    def interval(self, owner: URIRef, prop: URIRef, suffix: str, start: DatePoint | None,
                 end: DatePoint | None) -> None:
        if start is None and end is None:
            return
        node = URIRef(f"{owner}/{suffix}")
        self.add(owner, prop, node)
        self.add(node, RDF.type, TIME.Interval)
        self.add(node, PROV.wasDerivedFrom, self.doc)
        if start is not None:
            self.add(node, TIME.hasBeginning, self.instant(f"{node}/start", start))
        if end is not None:
            self.add(node, TIME.hasEnd, self.instant(f"{node}/end", end))

    def evidence(self, node: URIRef, ev: Evidence) -> None:
        """Link a fact to its document and to the annotation of its sentence (one annotation per
        sentence, with every fact it states as a body)."""
        ann = URIRef(f"{self.doc}/evidence/{short_hash(ev.start, ev.end)}")
        self.add(node, PROV.wasDerivedFrom, self.doc)
        self.add(node, CKG.evidence, ann)
        self.add(ann, OA.hasBody, node)
        if (ann, RDF.type, OA.Annotation) in self.g:
            return
        target, quote, position = (URIRef(f"{ann}/{s}") for s in ("target", "quote", "position"))
        self.add(ann, RDF.type, OA.Annotation)
        self.add(ann, OA.motivatedBy, OA.identifying)
        self.add(ann, OA.hasTarget, target)
        self.add(ann, PROV.wasDerivedFrom, self.doc)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.doc)
        self.add(target, OA.hasSelector, quote)
        self.add(target, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, ev.exact)
        if ev.prefix:
            self.add(quote, OA.prefix, ev.prefix)
        if ev.suffix:
            self.add(quote, OA.suffix, ev.suffix)
        self.add(position, RDF.type, OA.TextPositionSelector)
        # xsd:integer, not oa's xsd:nonNegativeInteger: Oxigraph stores derived integer types as
        # xsd:integer, so the store could not give the latter back; shapes require >= 0 instead.
        self.add(position, OA.start, Literal(ev.start, datatype=XSD.integer))
        self.add(position, OA.end, Literal(ev.end, datatype=XSD.integer))

    def ref(self, node: URIRef, prop: URIRef, name_prop: URIRef, value: str | None) -> None:
        """A link to an entity when `value` is a key, else its name as a literal."""
        if not value:
            return
        if value in self.orgs or value in self.people or _KEY.match(value):
            self.add(node, prop, URIRef(entity(value)))
        else:
            self.add(node, name_prop, value)

    # ------------------------------------------------------------ document
    def document(self) -> None:
        m, doc = self.facts.meta, self.doc
        self.add(doc, RDF.type, CKG.CouncilMinutes if "minutes" in m.doc_type.casefold() else CKG.NewsArticle)
        self.add(doc, CKG.sourceName, m.source_name)
        self.add(doc, DCTERMS.identifier, m.content_hash)
        self.add(doc, SDO.text, m.text)
        if m.headline:
            self.add(doc, DCTERMS.title, m.headline)
            self.add(doc, RDFS.label, m.headline)
        else:
            self.add(doc, RDFS.label, m.source_name)
        if m.published:
            published = self.instant(f"{doc}/published", m.published)
            if m.published_raw and not m.published.raw:
                self.add(published, CKG.asWritten, m.published_raw)
            self.add(doc, CKG.published, published)
        if m.url:
            self.add(doc, SDO.url, Literal(m.url, datatype=XSD.anyURI))
        if m.publisher:
            publisher = URIRef(entity(f"publisher/{slug(m.publisher)}"))
            self.add(doc, DCTERMS.publisher, publisher)
            self.add(publisher, RDF.type, CKG.Publisher)
            self.name(publisher, m.publisher)
            self.add(publisher, PROV.wasDerivedFrom, doc)
        if m.author:
            self.add(doc, DCTERMS.creator, self.author(m.author))
        if m.author_title:
            self.add(doc, CKG.authorTitle, m.author_title)

    def author(self, name: str) -> URIRef:
        """The person who wrote the document: the extracted person of that name, else a new one."""
        for p in self.facts.people:
            if name == p.name or name in p.aliases:
                return URIRef(entity(p.key))
        node = URIRef(entity(f"person/{slug(name)}"))
        self.add(node, RDF.type, CKG.Person)
        self.name(node, name)
        self.add(node, PROV.wasDerivedFrom, self.doc)
        return node

    # ------------------------------------------------------------ organisations
    def organisation(self, o: Organisation) -> None:
        node = URIRef(entity(o.key))
        self.add(node, RDF.type, _ORG_CLASS.get(o.kind) or body_class(o.body_kind))
        self.name(node, o.name, o.aliases)
        self.evidence(node, o.evidence)
        if o.council and o.council != o.key:
            council = URIRef(entity(o.council))
            self.add(node, CKG.council, council)
            if o.kind == "department":
                self.add(node, ORG.unitOf, council)
        if o.part_of and o.part_of != o.key:
            self.add(node, CKG.partOf, URIRef(entity(o.part_of)))
        if o.body_kind:
            self.add(node, CKG.bodyKind, o.body_kind)
        self.date(node, CKG.setUpOn, "set-up", o.set_up)
        if o.replaced_by:
            change = URIRef(f"{node}/replacement")
            self.add(node, ORG.changedBy, change)
            self.add(change, RDF.type, ORG.ChangeEvent)
            self.add(change, ORG.originalOrganization, node)
            self.add(change, CKG.replacementName, o.replaced_by)
            self.add(change, RDFS.label, f"{o.name} replaced by {o.replaced_by}")
            self.date(change, CKG.announcedOn, "announced", o.replacement_announced)
            self.evidence(change, o.evidence)
        for member in o.members:
            self.seat(node, o, member)

    def seat(self, body: URIRef, o: Organisation, member: str) -> None:
        """A seat on a body the text lists with its members: an org:Membership with the role 'Member', kept apart
        from a person's posts (ckg:Membership), which the text gives with a title."""
        node = URIRef(entity(f"membership/{member.split('/', 1)[-1]}/{short_hash(member, o.key, 'member')}"))
        concept = role_concept("Member")
        self.add(node, RDF.type, CKG.BodyMembership)
        self.add(node, RDF.type, ORG.Membership)
        self.add(node, RDFS.label, f"Member of the {o.name}")
        self.add(node, ORG.member, URIRef(entity(member)))
        self.add(node, ORG.organization, body)
        self.add(node, ORG.role, concept)
        self.add(concept, RDF.type, ORG.Role)
        self.add(concept, RDF.type, SKOS.Concept)
        self.add(concept, SKOS.prefLabel, Literal("Member", lang="en"))
        self.add(concept, SKOS.inScheme, CKG.RoleTitles)
        self.evidence(node, o.members_evidence or o.evidence)

    # ------------------------------------------------------------ people
    def person(self, p: Person) -> None:
        node = URIRef(entity(p.key))
        self.add(node, RDF.type, CKG.Person)
        self.name(node, p.name, p.aliases)
        self.evidence(node, p.evidence)
        if p.honorific:
            self.add(node, FOAF.title, p.honorific)
        if p.party:
            party = URIRef(entity(party_key(p.party)))
            self.add(node, CKG.party, party)
            self.add(party, RDF.type, CKG.PoliticalParty)
            self.name(party, p.party)
            self.evidence(party, p.evidence)
        if p.ward:
            council = self.council_of_person(p)
            ward = URIRef(entity(f"ward/{council.split('/', 1)[-1]}/{slug(p.ward)}" if council
                                else f"ward/{slug(p.ward)}"))
            self.add(node, CKG.ward, ward)
            self.add(ward, RDF.type, CKG.Ward)
            self.name(ward, p.ward, agent=False)
            if council:
                self.add(ward, CKG.council, URIRef(entity(council)))
            self.evidence(ward, p.evidence)
        for role in p.roles:
            self.membership(p, node, role)

    def council_of_person(self, p: Person) -> str | None:
        """Key of the council the person's roles are in (for the ward's URI), if any."""
        for role in p.roles:
            org = role.organisation
            if org and org.startswith("council/"):
                return org
            if org in self.orgs and self.orgs[org].council:
                return self.orgs[org].council
        return None

    @staticmethod
    def membership_uri(p: Person, role: Role) -> URIRef:
        """One membership per person, organisation and title, whichever document states it."""
        return URIRef(entity(f"membership/{p.key.split('/', 1)[-1]}/"
                             f"{short_hash(p.key, role.organisation or '', slug(role.title))}"))

    def membership(self, p: Person, person: URIRef, role: Role) -> None:
        title_slug = slug(role.title)
        node = self.membership_uri(p, role)
        concept = role_concept(role.title)
        self.add(node, RDF.type, CKG.Membership)
        self.add(node, RDFS.label, f"{p.name}: {role.title}")
        self.add(node, ORG.member, person)
        self.add(node, ORG.role, concept)
        self.add(person, ORG.hasMembership, node)
        self.add(concept, RDF.type, ORG.Role)
        self.add(concept, RDF.type, SKOS.Concept)
        self.add(concept, SKOS.prefLabel, Literal(role.title, lang="en"))
        self.add(concept, SKOS.inScheme, CKG.RoleTitles)
        if role.title_as_written and role.title_as_written != role.title:
            self.add(node, CKG.titleAsWritten, role.title_as_written)
        if role.appointed:
            self.add(node, CKG.appointed, Literal(True))
        self.evidence(node, role.evidence)
        self.interval(node, ORG.memberDuring, "during", role.start, role.end)
        if role.organisation:
            org = URIRef(entity(role.organisation))
            self.add(node, ORG.organization, org)
            post = URIRef(entity(f"post/{role.organisation}/{title_slug}"))
            self.add(node, CKG.post, post)
            self.add(post, RDF.type, CKG.Post)
            self.add(post, RDFS.label, role.title)
            self.add(post, ORG.postIn, org)
            self.add(post, ORG.role, concept)
            self.add(post, ORG.heldBy, person)
            self.add(person, ORG.holds, post)
            self.evidence(post, role.evidence)

    # ------------------------------------------------------------ events and publications
    def inspection(self, i: Inspection) -> None:
        node = URIRef(entity(i.key))
        self.add(node, RDF.type, CKG.Inspection)
        self.evidence(node, i.evidence)
        self.add(node, CKG.inspector, URIRef(entity(i.inspectorate)))
        if i.inspected:
            self.add(node, CKG.inspected, URIRef(entity(i.inspected)))
        if i.council:
            self.add(node, CKG.council, URIRef(entity(i.council)))
        kind = inspection_kind(i.kind)
        self.add(node, CKG.kind, kind)
        self.add(kind, RDF.type, SKOS.Concept)
        self.add(kind, SKOS.prefLabel, Literal(i.kind, lang="en"))
        self.add(kind, SKOS.inScheme, CKG.InspectionKinds)
        self.add(node, CKG.status, CKG[i.status])
        self.add(node, RDFS.label, f"{i.kind} ({i.date.value if i.date else 'undated'})")
        if i.outcome:
            self.add(node, CKG.outcome, i.outcome)
        self.date(node, CKG.date, "date", i.date)
        self.date(node, CKG.notAfter, "not-after", i.not_after)
        for f in i.findings:
            self.finding(node, f)
        if i.result:
            self.add(node, CKG.result, URIRef(entity(i.result)))

    def finding(self, inspection: URIRef, f: Finding) -> None:
        node = URIRef(f"{inspection}/finding/{short_hash(f.type, f.text)}")
        self.add(inspection, CKG.finding, node)
        self.add(node, RDF.type, CKG.Finding)
        self.add(node, CKG.findingType, finding_type(f.type))
        self.add(node, DCTERMS.description, f.text)
        self.add(node, RDFS.label, f.text)
        self.evidence(node, f.evidence)

    def funding(self, f: Funding) -> None:
        node = URIRef(entity(f.key))
        amount = URIRef(f"{node}/amount")
        self.add(node, RDF.type, CKG.FundingEvent)
        self.evidence(node, f.evidence)
        self.add(node, RDFS.label, f"{f.qualifier + ' ' if f.qualifier else ''}{f.amount} {f.currency}")
        self.add(node, SDO.amount, amount)
        self.add(amount, RDF.type, SDO.MonetaryAmount)
        self.add(amount, SDO.value, Literal(f.amount, datatype=XSD.decimal))
        self.add(amount, SDO.currency, f.currency)
        self.add(amount, PROV.wasDerivedFrom, self.doc)
        if f.qualifier:
            self.add(amount, CKG.qualifier, f.qualifier)
        self.add(node, CKG.cumulative, Literal(f.cumulative))
        if f.recipient:
            self.add(node, CKG.recipient, URIRef(entity(f.recipient)))
        if f.council:
            self.add(node, CKG.council, URIRef(entity(f.council)))
        self.date(node, CKG.date, "date", f.date)
        self.interval(node, CKG.period, "period", f.period_start, f.period_end)
        if f.additional_to:
            self.add(node, CKG.additionalTo, URIRef(entity(f.additional_to)))

    def meeting(self, m: Meeting) -> None:
        node = URIRef(entity(m.key))
        self.add(node, RDF.type, CKG.Meeting)
        self.evidence(node, m.evidence)
        if m.body:
            self.add(node, CKG.body, URIRef(entity(m.body)))
        if m.body_name and not m.body:
            self.add(node, CKG.bodyName, m.body_name)
        label = m.body_name or (self.orgs[m.body].name if m.body in self.orgs else "meeting")
        self.add(node, RDFS.label, f"{label} ({m.date.value if m.date else 'undated'})")
        if m.council:
            self.add(node, CKG.council, URIRef(entity(m.council)))
        self.add(node, CKG.status, CKG[m.status])
        if m.business:
            self.add(node, DCTERMS.description, m.business)
        self.date(node, CKG.date, "date", m.date)
        self.date(node, CKG.notAfter, "not-after", m.not_after)
        self.date(node, CKG.notBefore, "not-before", m.not_before)

    def publication(self, p: Publication) -> None:
        node = URIRef(entity(p.key))
        self.add(node, RDF.type, CKG.Letter if p.kind == "letter" else CKG.Report)
        self.evidence(node, p.evidence)
        self.add(node, RDFS.label, p.title or p.description or p.kind)
        if p.title:
            self.add(node, DCTERMS.title, p.title)
        if p.description:
            self.add(node, DCTERMS.description, p.description)
        self.ref(node, CKG.issuer, CKG.issuerName, p.issuer)
        self.ref(node, CKG.addressee, CKG.addresseeName, p.recipient)
        self.ref(node, DCTERMS.creator, CKG.authorName, p.author)
        self.date(node, CKG.date, "date", p.date)
        self.date(node, CKG.dueDate, "due", p.due)

    def restructure(self, r: Restructure) -> None:
        """A restructure is an org:ChangeEvent of the unit (or, when the text names none, the council)."""
        node = URIRef(entity(r.key))
        self.add(node, RDF.type, CKG.Restructure)
        self.add(node, RDF.type, ORG.ChangeEvent)
        self.evidence(node, r.evidence)
        self.add(node, RDFS.label, r.label)
        target = r.unit or r.council
        if target:
            self.add(node, ORG.originalOrganization, URIRef(entity(target)))
            self.add(node, ORG.resultingOrganization, URIRef(entity(target)))
        if r.council:
            self.add(node, CKG.council, URIRef(entity(r.council)))
        self.add(node, CKG.status, CKG[r.status])
        self.date(node, CKG.date, "date", r.date)
        self.date(node, CKG.notAfter, "not-after", r.not_after)
        self.date(node, CKG.dueDate, "due", r.due)
        if r.recent:
            self.add(node, CKG.completedRecently, Literal(True))

    # ------------------------------------------------------------ what the text says of time loosely
    def fact_uri(self, fact: object) -> URIRef | None:
        """The node of a fact object of this document (a role's is its membership)."""
        for p in self.facts.people:
            for role in p.roles:
                if role is fact:
                    return self.membership_uri(p, role)
        key = getattr(fact, "key", None)
        return URIRef(entity(key)) if key else None

    def reference(self, r: Reference) -> None:
        """A definite reference back ('the report in 2018'): what it refers to and the date it gives."""
        node = URIRef(entity(r.key))
        self.add(node, RDF.type, CKG.Reference)
        self.evidence(node, r.evidence)
        self.add(node, RDFS.label, r.as_written)
        self.add(node, CKG.refersTo, URIRef(entity(r.target.key)))
        self.date(node, CKG.date, "date", r.date)
        if r.council:
            self.add(node, CKG.council, URIRef(entity(r.council)))

    def sequence(self, q: SequenceClaim) -> None:
        """A relative temporal anchor: the facts it qualifies stand in an OWL-Time relation (time:after,
        time:before) to the anchor, a report or inspection."""
        node = URIRef(entity(q.key))
        self.add(node, RDF.type, CKG.SequenceClaim)
        self.evidence(node, q.evidence)
        self.add(node, RDFS.label, f"{q.cue} {q.anchor_as_written}")
        self.add(node, CKG.cue, q.cue)
        self.add(node, CKG.relation, TIME.after if q.relation == "after" else TIME.before)
        self.add(node, CKG.anchor, URIRef(entity(q.anchor.key)))
        self.add(node, CKG.anchorAsWritten, q.anchor_as_written)
        for fact in q.qualifies:
            uri = self.fact_uri(fact)
            if uri is not None:
                self.add(node, CKG.qualifies, uri)
        if q.council:
            self.add(node, CKG.council, URIRef(entity(q.council)))

    def question(self, q: Question) -> None:
        """A question put at a meeting: schema:Question with its asker (schema:author) and text."""
        node = URIRef(entity(q.key))
        self.add(node, RDF.type, CKG.Question)
        self.add(node, RDF.type, SDO.Question)
        self.evidence(node, q.evidence)
        self.add(node, RDFS.label, f"Question from {q.asker_name} to {q.addressee}")
        if q.asker:
            self.add(node, SDO.author, URIRef(entity(q.asker)))
        self.add(node, CKG.askerName, q.asker_name)
        self.add(node, CKG.askedOf, q.addressee)
        if q.text:
            self.add(node, SDO.text, q.text)
        if q.council:
            self.add(node, CKG.council, URIRef(entity(q.council)))

    def build(self) -> Graph:
        self.document()
        for o in self.facts.organisations:
            self.organisation(o)
        for p in self.facts.people:
            self.person(p)
        for i in self.facts.inspections:
            self.inspection(i)
        for f in self.facts.funding:
            self.funding(f)
        for m in self.facts.meetings:
            self.meeting(m)
        for pub in self.facts.publications:
            self.publication(pub)
        for r in self.facts.restructures:
            self.restructure(r)
        for q in self.facts.questions:
            self.question(q)
        for ref in self.facts.references:
            self.reference(ref)
        for seq in self.facts.sequences:
            self.sequence(seq)
        return materialise(self.g)


def to_rdf(facts: DocumentFacts) -> Graph:
    """The named graph of one document: its metadata and every fact it states, with provenance."""
    return _Builder(facts).build()


__all__ = ["to_rdf", "body_class"]

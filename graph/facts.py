"""The facts a document states: the contract between extraction and RDF.

`graph.extract` produces one `DocumentFacts` per document; `graph.resolve` rewrites the entity
keys so that one real-world entity has one key across the corpus; `graph.to_rdf` turns the
result into the document's named graph. Nothing here knows about RDF or about how the facts were
found, so either side can change without the other.

Keys are short, deterministic strings such as ``council/gwynedd-council`` or
``person/sian-roberts``: `graph.uris` turns a key into a URI under the configured base.
Every fact carries the `Evidence` it came from, so the graph can show the sentence behind it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Precision = Literal["year", "month", "day"]


@dataclass(frozen=True)
class Evidence:
    """The exact text a fact came from, as a W3C Web Annotation TextQuoteSelector and
    TextPositionSelector over the document's cleaned text (`DocumentMeta.text`)."""

    start: int
    """Character offset of the quote's first character in the document text."""
    end: int
    """Offset one past the quote's last character."""
    exact: str
    """The quote itself: the sentence (or clause) stating the fact."""
    prefix: str = ""
    """Up to 32 characters of text before the quote, to re-anchor it."""
    suffix: str = ""
    """Up to 32 characters after it."""


@dataclass(frozen=True)
class DatePoint:
    """A date as precise as the text makes it: '2018', '2018-05' or '2018-05-03'."""

    value: str
    precision: Precision
    raw: str = ""
    """The words in the text ('in March 2021', 'on June 3')."""
    resolved_from_relative: bool = False
    """True when the text gave only part of the date and the rest came from the publication date."""

    def __post_init__(self) -> None:
        expected = {"year": 4, "month": 7, "day": 10}[self.precision]
        if len(self.value) != expected:
            raise ValueError(f"date {self.value!r} does not have {self.precision} precision")


@dataclass
class DocumentMeta:
    """What is known about a source document: from its sidecar, else inferred from its text."""

    key: str
    """``document/<content hash>``: the same content always gets the same key."""
    source_name: str
    """File name the document was read from (e.g. ``000_993c7b51447cae79.txt``), or given by the client."""
    text: str
    """The cleaned article body that every `Evidence` offset points into."""
    content_hash: str
    headline: str | None = None
    published: DatePoint | None = None
    published_raw: str | None = None
    publisher: str | None = None
    author: str | None = None
    author_title: str | None = None
    url: str | None = None
    doc_type: str = "news article"
    """'news article' or 'council minutes'."""


@dataclass
class Organisation:
    """A council, department/service, inspectorate, or other body (committee, board, cabinet,
    government) named in the text."""

    key: str
    name: str
    kind: Literal["council", "department", "inspectorate", "body"]
    evidence: Evidence
    aliases: list[str] = field(default_factory=list)
    """Every surface form the text uses for it (abbreviations, possessives stripped)."""
    council: str | None = None
    """Key of the council a department or body belongs to."""
    part_of: str | None = None
    """Key of the unit this one is part of (Children's Services part of Social Services)."""
    body_kind: str | None = None
    """For bodies: 'scrutiny committee', 'cabinet', 'full council', 'board', 'government', ..."""
    set_up: DatePoint | None = None
    """For boards: when set up."""
    replaced_by: str | None = None
    """For boards: name of what replaces it."""
    replacement_announced: DatePoint | None = None
    members: list[str] = field(default_factory=list)
    """For bodies listed with their members ('a management board made up of A, B and C'): the people's keys."""
    members_evidence: Evidence | None = None


@dataclass
class Role:
    """A post held by a person: title, the organisation it is in, and when."""

    title: str
    """Canonical title ('Director of Social Services', 'Councillor', 'Cabinet Member for ...')."""
    evidence: Evidence
    title_as_written: str | None = None
    organisation: str | None = None
    """Key of the council, department or body the post belongs to."""
    start: DatePoint | None = None
    end: DatePoint | None = None
    appointed: bool = False
    """True when the text reports an appointment (start is then the appointment date)."""


@dataclass
class Person:
    key: str
    name: str
    evidence: Evidence
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    party: str | None = None
    ward: str | None = None
    honorific: str | None = None
    """Title used in the text: Cllr, Councillor, Ms, Mr, Dr."""


@dataclass
class Finding:
    """One finding of an inspection: a concern, an improvement, a priority area, a commendation."""

    type: Literal["concern", "improvement", "priority_area", "commendation", "outcome"]
    text: str
    evidence: Evidence


@dataclass
class Inspection:
    """An inspection, visit or conference by an inspectorate."""

    key: str
    inspectorate: str
    """Key of the inspectorate."""
    evidence: Evidence
    inspected: str | None = None
    """Key of the inspected unit (department) or council."""
    council: str | None = None
    date: DatePoint | None = None
    not_after: DatePoint | None = None
    kind: str = "inspection"
    """'inspection', 'full inspection', 'follow-up inspection', 'follow-up visit',
    'monitoring visit', 'improvement conference' (SKOS concepts in the ontology)."""
    status: Literal["held", "scheduled"] = "held"
    outcome: str | None = None
    """One-line summary of the outcome in the text's words ('damning', 'serious concerns')."""
    findings: list[Finding] = field(default_factory=list)
    result: str | None = None
    """Key of the `Publication` (report or letter) that followed."""


@dataclass
class Funding:
    """Money given to a council or unit."""

    key: str
    amount: Decimal
    evidence: Evidence
    currency: str = "GBP"
    qualifier: str | None = None
    """'more than', 'about', 'up to' when the text hedges the amount."""
    recipient: str | None = None
    council: str | None = None
    date: DatePoint | None = None
    period_start: DatePoint | None = None
    period_end: DatePoint | None = None
    cumulative: bool = False
    """True for a running total ('more than £3 million over the last two years')."""
    additional_to: str | None = None
    """Key of the funding event this one adds to ('Another £6 million')."""


@dataclass
class Meeting:
    key: str
    evidence: Evidence
    body: str | None = None
    """Key of the body that met (committee, cabinet, full council); None when not named."""
    body_name: str | None = None
    council: str | None = None
    date: DatePoint | None = None
    not_after: DatePoint | None = None
    not_before: DatePoint | None = None
    """When undated but said to follow another meeting ('following this meeting ... to Scrutiny'): that one's date."""
    status: Literal["held", "scheduled"] = "held"
    business: str | None = None


@dataclass
class Publication:
    """A report or letter the text mentions (inspection report, warning letter, annual report)."""

    key: str
    kind: Literal["report", "letter"]
    evidence: Evidence
    title: str | None = None
    issuer: str | None = None
    recipient: str | None = None
    author: str | None = None
    date: DatePoint | None = None
    description: str | None = None
    due: DatePoint | None = None
    """The date it is due by ('due to be submitted ... by the end of the month'), when not yet issued."""


@dataclass
class Restructure:
    """A restructure (reorganisation) of a council's service, planned or done: 'a service restructure will be in
    place by April 1', 'has just finished a restructure'."""

    key: str
    evidence: Evidence
    council: str | None = None
    unit: str | None = None
    """Key of the department restructured; None when the text names none."""
    date: DatePoint | None = None
    """When it is (to be) in place, as the text gives it ('by April 1')."""
    not_after: DatePoint | None = None
    """For one reported as done with no date: the publication date."""
    status: Literal["held", "scheduled"] = "held"
    """'held' when done, 'scheduled' when still planned at publication."""
    label: str = "Restructure"
    due: DatePoint | None = None
    """For one still planned: the deadline, when the date is one it is to be done by ('in place by April 1')."""
    recent: bool = False
    """For one reported as done: True when the text says it was done lately ('has just finished')."""


@dataclass
class Question:
    """A question put at a meeting, as minutes record it: who asked, to whom (the post as written), about what."""

    key: str
    evidence: Evidence
    asker: str | None = None
    """Key of the person who asked."""
    asker_name: str = ""
    """The asker as written ('Councillor C Webster')."""
    addressee: str = ""
    """The post or person asked, as written ('Cabinet Member for Social Services & Early Help')."""
    text: str | None = None
    """The question itself, without its quotes."""
    council: str | None = None


@dataclass
class Reference:
    """A definite reference back to a report, inspection or letter the document told of earlier, giving a date of
    its own: 'the report in 2018' after 'In October 2017, the inspectorate produced a damning report'. Kept so a
    date that disagrees with the one the sources give the same thing can be shown (a soft tension)."""

    key: str
    evidence: Evidence
    target: Publication | Inspection
    """The thing referred to (the same object as in `DocumentFacts`, so entity resolution's new keys reach it)."""
    date: DatePoint
    """The date the reference gives."""
    as_written: str
    """The referring words ('the report in 2018')."""
    council: str | None = None


@dataclass
class SequenceClaim:
    """A relative temporal anchor: 'In the wake of the critical report, X was appointed' says the events of the
    sentence came after (or before) the thing referred to, without dating them. Kept so that when the sources date
    those events far from the anchor, the pair can be shown (a soft tension)."""

    key: str
    evidence: Evidence
    cue: str
    """The anchoring words as written ('In the wake of', 'Following')."""
    relation: Literal["after", "before"]
    """The OWL-Time relation the cue states between the qualified events and the anchor."""
    anchor: Publication | Inspection
    anchor_as_written: str
    """The words naming the anchor ('the critical report')."""
    qualifies: list[Role | Funding | Restructure | Meeting | Inspection | Publication] = field(default_factory=list)
    """The facts of the sentence the cue places in time (the same objects as in `DocumentFacts`)."""
    council: str | None = None


@dataclass
class DocumentFacts:
    """Everything one document states, with the document's own metadata."""

    meta: DocumentMeta
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    restructures: list[Restructure] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    sequences: list[SequenceClaim] = field(default_factory=list)

    def organisation(self, key: str) -> Organisation | None:
        return next((o for o in self.organisations if o.key == key), None)

    @property
    def is_empty(self) -> bool:
        return not (self.organisations or self.people or self.inspections or self.funding
                    or self.meetings or self.publications or self.restructures
                    or self.questions)


@dataclass(frozen=True)
class KnownEntity:
    """An entity already in the store, as entity resolution needs it when a new document arrives:
    its key, kind, every name it is known by, and its council (for departments and bodies)."""

    key: str
    kind: Literal["council", "department", "inspectorate", "body", "person"]
    name: str
    aliases: tuple[str, ...] = ()
    council: str | None = None

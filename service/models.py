"""Response models of the resource API (/api/councils, /api/people, ..., /api/search).

Every object carries its URI (`id`), its class (`type`, a term of the councilkg vocabulary), a
`label` and the source documents it comes from (`sources`), so a JSON client can follow links
and cite sources without knowing RDF. Every response also carries an inline JSON-LD `@context`
(`service.jsonld.context`) that maps these keys to vocabulary terms (`id` -> `@id`, `type` ->
`@type`, `label` -> rdfs:label, `sources` -> prov:wasDerivedFrom, ...), so a linked-data client
reads the same response as RDF. Lists are hydra:Collection pages (total, next, prev, items).

Dates are strings at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.
"""
from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

_DATE = "At the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD."


class Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Ref(Model):
    """A link to another object: enough to show it and follow it."""

    id: str = Field(description="The object's URI (dereferenceable: /id/... redirects to its description).")
    type: str = Field(description="Its class in the councilkg vocabulary, e.g. Council, Person, NewsArticle.")
    label: str = Field(description="Its name or title.")


class Quote(Model):
    """The sentence a fact comes from, and the document it is in."""

    quote: str = Field(description="The sentence, exactly as in the document text (oa:exact).")
    position: int | None = Field(None, description="Character offset of the sentence in the document text.")
    source: Ref = Field(description="The source document.")


class Resource(Model):
    """Fields every object has."""

    id: str = Field(description="The object's URI.")
    type: str = Field(description="Its class in the councilkg vocabulary.")
    label: str = Field(description="Its name: the label most source documents give it.")
    key: str = Field(description="The id to use in this API's item URLs, e.g. /api/councils/{key}.")
    sources: list[Ref] = Field(description="The source documents that state something about it.")
    evidence: list[Quote] = Field(default_factory=list,
                                  description="Each sentence about it, with its document (empty for reference data).")


class Council(Resource):
    aliases: list[str] = Field(description="Other names the sources and the reference data use.")
    gss_code: str | None = Field(None, description="ONS GSS code of the council's area, e.g. W06000001.")
    area: str | None = Field(None, description="URI of the council's statistical area (dcterms:spatial).")
    wikidata: str | None = Field(None, description="Wikidata item of the area.")
    council_type: str | None = Field(None, description="principal area, ...")


class Department(Resource):
    aliases: list[str] = Field(description="Other names the sources use.")
    council: Ref | None = Field(None, description="The council it belongs to.")
    part_of: Ref | None = Field(None, description="The unit it is part of (e.g. Social Services).")


class Body(Resource):
    """A committee, cabinet, full council, board or government."""

    aliases: list[str] = Field(description="Other names the sources use.")
    council: Ref | None = Field(None, description="The council it belongs to.")
    body_kind: str | None = Field(None, description="Its kind as written: 'scrutiny committee', 'cabinet', ...")


class Membership(Resource):
    """A person holding a post (org:Membership), with the dates the sources give."""

    person: Ref = Field(description="The person.")
    post: Ref | None = Field(None, description="The post (absent when the source names no organisation).")
    organisation: Ref | None = Field(None, description="The council, department or body the post is in.")
    title: str = Field(description="The canonical role title.")
    start: str | None = Field(None, description=f"The earliest start date any source gives. {_DATE}")
    end: str | None = Field(None, description=f"The latest end date any source gives. {_DATE}")
    starts: list[str] = Field(default_factory=list,
                              description="Every start date the sources give (conflicts show here).")
    appointed: bool = Field(description="True when a source reports an appointment.")


class Person(Resource):
    aliases: list[str] = Field(description="Other names and forms the sources use (Ms Pritchard, Cllr ...).")
    honorific: str | None = Field(None, description="The title the sources use: Cllr, Councillor, Ms, Dr.")
    party: Ref | None = Field(None, description="Political party or group.")
    ward: Ref | None = Field(None, description="Ward they represent.")
    councils: list[Ref] = Field(description="Councils of the organisations of their posts.")


class Post(Resource):
    title: str = Field(description="The role title.")
    organisation: Ref | None = Field(None, description="The council, department or body the post is in.")
    council: Ref | None = Field(None, description="The council.")
    holders: list[Ref] = Field(description="People who held it, per the sources.")


class Finding(Model):
    id: str = Field(description="The finding's URI.")
    type: str = Field("Finding", description="Always Finding.")
    label: str = Field(description="What was found.")
    finding_type: str = Field(description="concern, improvement, priority area, commendation or outcome.")
    sources: list[Ref] = Field(description="The source documents stating it.")


class Inspection(Resource):
    inspector: Ref | None = Field(None, description="The inspectorate.")
    inspected: Ref | None = Field(None, description="The inspected department or council.")
    council: Ref | None = Field(None, description="The council.")
    kinds: list[str] = Field(description="What the sources call it (they may disagree): inspection, full inspection, "
                                         "follow-up visit, monitoring visit, improvement conference, ...")
    status: str | None = Field(None, description="held or scheduled.")
    date: str | None = Field(None, description=f"The earliest date any source gives. {_DATE}")
    not_after: str | None = Field(None, description=f"When undated: the latest date it can have taken place. {_DATE}")
    outcomes: list[str] = Field(description="The outcome in each source's words.")


class Funding(Resource):
    amount: float = Field(description="The amount (a whole number of pounds in the sample data).")
    currency: str = Field(description="ISO 4217 code, e.g. GBP.")
    qualifier: str | None = Field(None, description="'more than', 'about', 'up to' when the source hedges.")
    cumulative: bool = Field(description="True for a running total rather than one payment.")
    recipient: Ref | None = Field(None, description="The department or council receiving it.")
    council: Ref | None = Field(None, description="The council.")
    date: str | None = Field(None, description=f"When it was given. {_DATE}")
    period_start: str | None = Field(None, description=f"Start of the period it covers. {_DATE}")
    period_end: str | None = Field(None, description=f"End of the period it covers. {_DATE}")
    additional_to: Ref | None = Field(None, description="The funding event this one adds to.")


class Meeting(Resource):
    body: Ref | None = Field(None, description="The committee, cabinet or council that met.")
    body_name: str | None = Field(None, description="Name of the body when it is not a known one.")
    council: Ref | None = Field(None, description="The council.")
    status: str | None = Field(None, description="held or scheduled.")
    business: list[str] = Field(description="What it dealt with, per source.")
    date: str | None = Field(None, description=f"The earliest date any source gives. {_DATE}")
    not_after: str | None = Field(None, description=f"When undated: the latest date it can have been. {_DATE}")


class Document(Resource):
    kind: str = Field(description="news article or council minutes.")
    source_name: str = Field(description="The file name it was read from.")
    identifier: str | None = Field(None, description="Its content hash (also its key).")
    headline: str | None = Field(None, description="Its headline.")
    published: str | None = Field(None, description=f"Publication date. {_DATE}")
    publisher: Ref | None = Field(None, description="Its publisher.")
    author: Ref | None = Field(None, description="Its author.")
    url: str | None = Field(None, description="Where it was published.")


# ---------------------------------------------------------------- items with linked items embedded
class CouncilDetail(Council):
    departments: list[Department] = Field(description="Its departments and services.")
    bodies: list[Body] = Field(description="Its committees, cabinet, full council and boards.")
    inspections: list[Inspection] = Field(description="Inspections of the council or its units, by date.")
    funding: list[Funding] = Field(description="Funding given to the council or its units, by date.")
    meetings: list[Meeting] = Field(description="Meetings of its bodies, by date.")
    people: list[Membership] = Field(description="People in posts at the council, its departments and bodies.")


class DepartmentDetail(Department):
    parts: list[Department] = Field(description="Units that are part of it.")
    inspections: list[Inspection] = Field(description="Inspections of it, by date.")
    funding: list[Funding] = Field(description="Funding it received, by date.")
    people: list[Membership] = Field(description="People in posts in it.")


class PersonDetail(Person):
    memberships: list[Membership] = Field(description="The posts they held, with dates per source.")
    documents: list[Document] = Field(description="The documents that mention them.")


class PostDetail(Post):
    memberships: list[Membership] = Field(description="Who held it and when, per source.")


class InspectionDetail(Inspection):
    findings: list[Finding] = Field(description="Concerns, improvements, priority areas and commendations.")
    result: Ref | None = Field(None, description="The report or letter that followed.")
    documents: list[Document] = Field(description="The documents reporting it.")


class FundingDetail(Funding):
    documents: list[Document] = Field(description="The documents reporting it.")


class MeetingDetail(Meeting):
    documents: list[Document] = Field(description="The documents reporting it.")


class DocumentDetail(Document):
    councils: list[Council] = Field(description="Councils it mentions.")
    departments: list[Department] = Field(description="Departments it mentions.")
    people: list[Person] = Field(description="People it mentions.")
    inspections: list[Inspection] = Field(description="Inspections it reports.")
    funding: list[Funding] = Field(description="Funding it reports.")
    meetings: list[Meeting] = Field(description="Meetings it reports.")


class ProblemError(Model):
    loc: list[str | int] = Field(description="Where the bad value is, e.g. ['query', 'limit'].")
    msg: str = Field(description="What is wrong with it.")
    type: str = Field(description="Kind of error.")


class Problem(Model):
    """An error as application/problem+json (RFC 9457)."""

    type: str = Field("about:blank", description="Problem type URI.")
    title: str = Field(description="Short summary: Not found, Invalid parameters, ...")
    status: int = Field(description="The HTTP status.")
    detail: str = Field(description="What went wrong and what to do about it.")
    errors: list[ProblemError] | None = Field(None, description="For 422: each bad parameter.")


# ---------------------------------------------------------------- JSON-LD envelopes
T = TypeVar("T")


class JsonLd(Model):
    context: dict[str, Any] = Field(alias="@context", description="JSON-LD context: maps the keys to vocabulary terms.")


class Page(JsonLd, Generic[T]):
    """One page of a list (a hydra:Collection)."""

    id: str = Field(description="This page's URL.")
    type: str = Field("Collection", description="Always Collection (hydra:Collection).")
    total: int = Field(description="How many objects match the filters, over all pages.")
    limit: int = Field(description="Page size.")
    offset: int = Field(description="Index of the first item of this page in the whole list.")
    next: str | None = Field(None, description="URL of the next page (absent on the last page).")
    prev: str | None = Field(None, description="URL of the previous page (absent on the first page).")
    items: list[T] = Field(description="The objects of this page.")


class TimelineEntry(Model):
    """One event in a council's history, as one source document tells it."""

    id: str = Field(description="URI of the event (inspection, funding event, membership or meeting).")
    type: str = Field(description="Inspection, FundingEvent, Membership or Meeting.")
    label: str = Field(description="What happened.")
    event: str = Field(description="inspection, funding, appointment or meeting.")
    date: str | None = Field(None, description=f"The date this source gives. {_DATE}")
    not_after: str | None = Field(None, description="When undated: the latest date this source allows.")
    quote: str | None = Field(None, description="The sentence of the source that states it.")
    source: Ref = Field(description="The source document.")
    sources: list[Ref] = Field(description="The source document (as a list, like every object).")


class Timeline(JsonLd):
    id: str = Field(description="The council's URI.")
    type: str = Field("Council", description="Always Council.")
    label: str = Field(description="The council's name.")
    total: int = Field(description="Number of entries.")
    entries: list[TimelineEntry] = Field(description="Dated entries in date order, then undated ones by latest "
                                                     "possible date.")


class SearchHit(Model):
    id: str = Field(description="The entity's URI.")
    type: str = Field(description="Its class: Council, Department, Person, Post, Inspectorate, ...")
    label: str = Field(description="Its name.")
    key: str = Field(description="Its key (the id of its item URL for kinds with an endpoint).")
    matched: str = Field(description="The name or alias that matched the query.")
    score: float = Field(description="Similarity of the query to `matched`, 0 to 100 (higher is better).")
    url: str | None = Field(None, description="Its item endpoint in this API, when its kind has one.")
    sources: list[Ref] = Field(description="The source documents that mention it.")


class SearchResults(JsonLd):
    id: str = Field(description="This search's URL.")
    type: str = Field("Collection", description="Always Collection.")
    query: str = Field(description="The text searched for.")
    total: int = Field(description="Number of entities scoring at least `min_score` (items holds the first `limit`).")
    items: list[SearchHit] = Field(description="Hits, best first.")


def detail(model: type[BaseModel]) -> type[BaseModel]:
    """The response model of an item endpoint: the item's model with the JSON-LD context."""
    return type(f"{model.__name__}Response", (JsonLd, model), {"__module__": __name__})


CouncilResponse = detail(CouncilDetail)
DepartmentResponse = detail(DepartmentDetail)
PersonResponse = detail(PersonDetail)
PostResponse = detail(PostDetail)
InspectionResponse = detail(InspectionDetail)
FundingResponse = detail(FundingDetail)
MeetingResponse = detail(MeetingDetail)
DocumentResponse = detail(DocumentDetail)

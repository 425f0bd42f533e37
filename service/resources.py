"""The resource API: councils, departments, people, posts, inspections, funding events, meetings
and documents as typed JSON-LD, without SPARQL.

Each kind has a list endpoint (filters, sorting, pagination with total/next/prev) and an item
endpoint (`/api/<kind>/{key}`, key = the entity key after its kind, e.g. `powys-county-council`
for `{base}id/council/powys-county-council`) with its linked items embedded one level deep. A
council also has a timeline; `/api/search` finds any entity by name or alias, typo-tolerant.

The data comes from `service.catalogue` (the named queries `queries/api_*.rq`, cached per store
version); this module only filters, sorts, pages and shapes it into `service.models`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.routing import APIRoute
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from starlette.responses import Response

from graph.store.base import QueryResult
from graph.uris import entity
from service import models as m
from service.catalogue import Catalogue, CatalogueCache, Record, api_key, date_bounds, date_key, fold, public
from service.jsonld import context
from service.state import state


def _problem(description: str) -> dict[str, Any]:
    return {"model": m.Problem, "description": description, "content": {"application/problem+json": {}}}


class JsonLdRoute(APIRoute):
    """Answers `Accept: application/ld+json` with that media type (the body is JSON-LD either way)."""

    def get_route_handler(self):  # type: ignore[no-untyped-def]
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            response = await handler(request)
            if response.status_code == 200 and "application/ld+json" in request.headers.get("accept", ""):
                response.headers["content-type"] = "application/ld+json"
            return response

        return handle


router = APIRouter(prefix="/api", tags=["resources"], route_class=JsonLdRoute,
                   responses={200: {"content": {"application/ld+json": {}}},
                              422: _problem("A parameter is invalid; `detail` says which and how to fix it.")})
_NOT_FOUND = {404: _problem("No object with this key; `detail` says where to find the valid ones.")}

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"
_ENDPOINTS = {"Council": "councils", "Department": "departments", "Person": "people", "Post": "posts",
              "Inspection": "inspections", "FundingEvent": "funding", "Meeting": "meetings",
              "NewsArticle": "documents", "CouncilMinutes": "documents"}
_KEY_PREFIX = {"councils": "council", "departments": "department", "people": "person", "posts": "post",
               "inspections": "inspection", "funding": "funding", "meetings": "meeting", "documents": "document"}
SEARCH_TYPES = ("Council", "Department", "Inspectorate", "Committee", "Cabinet", "FullCouncil", "Board",
                "Government", "Body", "Person", "Post", "PoliticalParty", "Ward", "NewsArticle", "CouncilMinutes")


# ---------------------------------------------------------------- shared parameters
Limit = Query(50, ge=1, le=500, description="Page size (1 to 500).")
Offset = Query(0, ge=0, description="Index of the first item to return (0-based).")
Text = Query(None, min_length=1, max_length=200,
             description="Only objects whose name or aliases contain this text (case-insensitive).")
CouncilFilter = Query(None, min_length=1, max_length=300,
                      description="Only objects of this council: its key (powys-county-council) or its URI.")
DateFrom = Query(None, alias="from", description=f"Only objects dated on or after this date ({_DATE_HELP}): "
                                                 "their whole date (a month, a year) must lie in the range; "
                                                 "undated objects are left out when a date range is given.")
DateTo = Query(None, description=f"Only objects dated on or before this date ({_DATE_HELP}).")


def catalogue_cache(app: Any) -> CatalogueCache:
    """The app's one catalogue cache (service.writes tells it which graphs each write changed)."""
    cache = getattr(app.state, "resource_catalogue", None)
    if cache is None:
        cache = app.state.resource_catalogue = CatalogueCache()
    return cache


async def catalogue(request: Request) -> Catalogue:
    """The catalogue of the store's current version (built on first use, refreshed after writes).

    Its queries are the service's own, with no user input, so they run on the store directly rather
    than through the query workers and their time limit: a whole read at 1M triples takes longer
    than a user query may."""
    store = state(request).store

    async def version() -> str:
        return await asyncio.to_thread(store.version)

    async def run(text: str) -> QueryResult:
        return await asyncio.to_thread(store.query, text)

    return await catalogue_cache(request.app).get(version, run, lateral=store.supports_lateral)


def _bad(parameter: str, message: str) -> HTTPException:
    return HTTPException(422, f"parameter {parameter!r}: {message}")


def _check_date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not _DATE.match(value):
        raise _bad(name, f"give a date as {_DATE_HELP}, e.g. {name}=2018-10 (got {value[:40]!r})")
    year, month, day = (int(p) for p in (value.split("-") + ["1", "1"])[:3])
    try:
        dt.date(year, month, day)
    except ValueError as e:
        raise _bad(name, f"{value!r} is not a calendar date ({e}); give {_DATE_HELP}") from e
    return value


def _date_range(date_from: str | None, date_to: str | None) -> tuple[str, str] | None:
    date_from, date_to = _check_date("from", date_from), _check_date("to", date_to)
    if date_from is None and date_to is None:
        return None
    lo = date_bounds(date_from)[0] if date_from else "0000-01-01"
    hi = date_bounds(date_to)[1] if date_to else "9999-12-31"
    if lo > hi:
        raise _bad("from", f"the range is empty: from={date_from} is after to={date_to}; swap them")
    return lo, hi


def _in_range(values: Iterable[str | None], rng: tuple[str, str]) -> bool:
    """True when any of the dates lies wholly in the range at its precision: 2018-10 is in 2018 and
    in 2018-09..2018-12, but a bare 2017 is not in July 2017 (the source does not say it was)."""
    for v in values:
        if v:
            first, last = date_bounds(v)
            if first >= rng[0] and last <= rng[1]:
                return True
    return False


def _council_uri(cat: Catalogue, value: str | None) -> str | None:
    if value is None:
        return None
    uri = value if value.startswith(("http://", "https://")) else entity(
        value if value.startswith("council/") else f"council/{value}")
    if uri not in cat.councils:
        raise _bad("council", f"no council {value!r}: give a key from /api/councils, e.g. "
                              f"council={api_key(next(iter(sorted(cat.councils)), 'council/example'))}")
    return uri


def _text_match(record: Record, q: str | None, *extra: str) -> bool:
    if not q:
        return True
    hay = " \u0000 ".join([record["label"], *record.get("aliases", []), *(x for x in extra if x)])
    return fold(q) in fold(hay)


def _ref_id(ref: Record | None) -> str | None:
    return ref["id"] if ref else None


def _sorted(records: list[Record], sort: str, keys: dict[str, Callable[[Record], Any]]) -> list[Record]:
    """Sort by a field; `-field` descending; objects without the field last either way, then by label."""
    descending = sort.startswith("-")
    get = keys[sort.lstrip("-")]
    have = [r for r in records if get(r) is not None]
    missing = [r for r in records if get(r) is None]
    have.sort(key=lambda r: (fold(r["label"]), r["id"]))
    have.sort(key=get, reverse=descending)
    missing.sort(key=lambda r: (fold(r["label"]), r["id"]))
    return have + missing


_LABEL = {"label": lambda r: fold(r["label"])}
_DATED = {**_LABEL, "date": lambda r: date_key(r["date"])[1:] if r.get("date") else None}


def _page(request: Request, records: list[Record], limit: int, offset: int) -> dict[str, Any]:
    total = len(records)
    url = request.url

    def link(start: int) -> str:
        return str(url.include_query_params(limit=limit, offset=start))

    return {"@context": context(), "id": str(url), "type": "Collection", "total": total, "limit": limit,
            "offset": offset, "next": link(offset + limit) if offset + limit < total else None,
            "prev": link(max(0, offset - limit)) if offset > 0 else None,
            "items": [public(r) for r in records[offset:offset + limit]]}


def _item(cat_map: dict[str, Record], kind: str, key: str) -> Record:
    uri = entity(f"{_KEY_PREFIX[kind]}/{key}")
    record = cat_map.get(uri)
    if record is None:
        raise HTTPException(404, f"no {_KEY_PREFIX[kind]} with id {key!r} ({uri}): list them at /api/{kind} "
                                 f"or find one with /api/search?q=...")
    return record


def _by_date(records: Iterable[Record], field: str = "date") -> list[Record]:
    return sorted((public(r) for r in records),
                  key=lambda r: (date_key(r.get(field) or r.get("not_after")), fold(r["label"]), r["id"]))


def _by_label(records: Iterable[Record]) -> list[Record]:
    return sorted((public(r) for r in records), key=lambda r: (fold(r["label"]), r["id"]))


def _documents(cat: Catalogue, record: Record) -> list[Record]:
    return _by_label(cat.documents[s["id"]] for s in record["sources"] if s["id"] in cat.documents)


# ---------------------------------------------------------------- lists
@router.get("/councils", response_model=m.Page[m.Council], summary="List councils",
            description="Every council in the graph (the reference data's Welsh principal councils and any council "
                        "a document names), with area codes and source documents.")
async def list_councils(request: Request, q: str | None = Text,
                        sort: Literal["label", "-label", "key", "-key"] = Query("label", description="Sort field."),
                        limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    records = [r for r in cat.councils.values() if _text_match(r, q)]
    return _page(request, _sorted(records, sort, {**_LABEL, "key": lambda r: r["key"]}), limit, offset)


@router.get("/departments", response_model=m.Page[m.Department], summary="List departments and services",
            description="Council departments and services (Children's Services, Adult Services, ...).")
async def list_departments(request: Request, council: str | None = CouncilFilter, q: str | None = Text,
                           sort: Literal["label", "-label", "council", "-council"] = Query(
                               "label", description="Sort field (council = the council's name)."),
                           limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c = _council_uri(cat, council)
    records = [r for r in cat.departments.values()
               if _text_match(r, q) and (c is None or _ref_id(r["council"]) == c)]
    keys = {**_LABEL, "council": lambda r: fold(r["council"]["label"]) if r["council"] else None}
    return _page(request, _sorted(records, sort, keys), limit, offset)


@router.get("/people", response_model=m.Page[m.Person], summary="List people",
            description="Officials, councillors and others the documents name, with party, ward and councils. "
                        "`role` and `on` together: people who held a post of that title on that date.")
async def list_people(request: Request, council: str | None = CouncilFilter, q: str | None = Text,
                      party: str | None = Query(None, min_length=1, max_length=200,
                                                description="Only members of this party or group (its name, "
                                                            "case-insensitive)."),
                      ward: str | None = Query(None, min_length=1, max_length=200,
                                               description="Only councillors for this ward (its name, "
                                                           "case-insensitive)."),
                      role: str | None = Query(None, min_length=1, max_length=200,
                                               description="Only people with a post whose title contains this text "
                                                           "(case-insensitive), e.g. Councillor, Head of."),
                      on: str | None = Query(None, description=f"Only people in a post on this date ({_DATE_HELP}): "
                                                               "a start on or before it is known and no end before "
                                                               "it. With `role` and `council`, the post must match "
                                                               "them too."),
                      sort: Literal["label", "-label", "sources", "-sources"] = Query(
                          "label", description="Sort field (sources = number of source documents)."),
                      limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c = _council_uri(cat, council)
    day = _check_date("on", on)
    by_person: dict[str, list[Record]] = {}
    for ms in cat.memberships.values():
        by_person.setdefault(ms["person"]["id"], []).append(ms)

    def holds(ms: Record) -> bool:
        return ((role is None or fold(role) in fold(ms["title"])) and (c is None or ms["_council"] == c)
                and (day is None or _held_on(ms, day)))

    records = [r for r in cat.people.values()
               if _text_match(r, q) and (c is None or c in {x["id"] for x in r["councils"]})
               and (party is None or (r["party"] and fold(party) == fold(r["party"]["label"])))
               and (ward is None or (r["ward"] and fold(ward) == fold(r["ward"]["label"])))
               and (role is None and day is None or any(holds(ms) for ms in by_person.get(r["id"], [])))]
    keys = {**_LABEL, "sources": lambda r: len(r["sources"])}
    return _page(request, _sorted(records, sort, keys), limit, offset)


def _held_on(membership: Record, day: str) -> bool:
    """True when the sources give a start on or before the date and no end before it."""
    first, last = date_bounds(day)
    start, end = membership["start"], membership["end"]
    return bool(start) and date_bounds(start)[1] <= last and (not end or date_bounds(end)[1] >= first)


@router.get("/posts", response_model=m.Page[m.Post], summary="List posts",
            description="Posts (Director of Social Services at a council, Councillor, Cabinet Member, ...) with "
                        "their holders.")
async def list_posts(request: Request, council: str | None = CouncilFilter, q: str | None = Text,
                     sort: Literal["label", "-label", "holders", "-holders"] = Query(
                         "label", description="Sort field (holders = number of holders)."),
                     limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c = _council_uri(cat, council)
    records = [r for r in cat.posts.values() if _text_match(r, q) and (c is None or _ref_id(r["council"]) == c)]
    keys = {**_LABEL, "holders": lambda r: len(r["holders"])}
    return _page(request, _sorted(records, sort, keys), limit, offset)


@router.get("/inspections", response_model=m.Page[m.Inspection], summary="List inspections",
            description="Inspections, visits and conferences by inspectorates (one object per real-world event; "
                        "`kinds` and `outcomes` keep each source's words).")
async def list_inspections(request: Request, council: str | None = CouncilFilter,
                           date_from: str | None = DateFrom, to: str | None = DateTo,
                           kind: str | None = Query(None, min_length=1, max_length=100,
                                                    description="Only inspections some source calls this kind: "
                                                                "inspection, full inspection, follow-up visit, "
                                                                "monitoring visit, improvement conference, ..."),
                           q: str | None = Text,
                           sort: Literal["date", "-date", "label", "-label"] = Query(
                               "date", description="Sort field; undated inspections come last."),
                           limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c, rng = _council_uri(cat, council), _date_range(date_from, to)
    records = [r for r in cat.inspections.values()
               if _text_match(r, q, *r["kinds"], *r["outcomes"])
               and (c is None or _ref_id(r["council"]) == c)
               and (rng is None or _in_range([r["date"]], rng))
               and (kind is None or fold(kind) in {fold(k) for k in r["kinds"]})]
    return _page(request, _sorted(records, sort, _DATED), limit, offset)


@router.get("/funding", response_model=m.Page[m.Funding], summary="List funding events",
            description="Money given to councils and their units, with amount, hedges and periods.")
async def list_funding(request: Request, council: str | None = CouncilFilter,
                       date_from: str | None = DateFrom, to: str | None = DateTo, q: str | None = Text,
                       sort: Literal["date", "-date", "amount", "-amount", "label", "-label"] = Query(
                           "date", description="Sort field; undated events come last."),
                       limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c, rng = _council_uri(cat, council), _date_range(date_from, to)
    records = [r for r in cat.funding.values()
               if _text_match(r, q, r["recipient"]["label"] if r["recipient"] else "")
               and (c is None or _ref_id(r["council"]) == c)
               and (rng is None or _in_range([r["date"], r["period_start"], r["period_end"]], rng))]
    keys = {**_DATED, "amount": lambda r: r["amount"]}
    return _page(request, _sorted(records, sort, keys), limit, offset)


@router.get("/meetings", response_model=m.Page[m.Meeting], summary="List meetings",
            description="Meetings of councils, cabinets, committees and boards, held or scheduled.")
async def list_meetings(request: Request, council: str | None = CouncilFilter,
                        date_from: str | None = DateFrom, to: str | None = DateTo,
                        status: Literal["held", "scheduled"] | None = Query(None, description="held or scheduled."),
                        q: str | None = Text,
                        sort: Literal["date", "-date", "label", "-label"] = Query(
                            "date", description="Sort field; undated meetings come last."),
                        limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c, rng = _council_uri(cat, council), _date_range(date_from, to)
    records = [r for r in cat.meetings.values()
               if _text_match(r, q, *r["business"]) and (c is None or _ref_id(r["council"]) == c)
               and (rng is None or _in_range([r["date"]], rng)) and (status is None or r["status"] == status)]
    return _page(request, _sorted(records, sort, _DATED), limit, offset)


@router.get("/documents", response_model=m.Page[m.Document], summary="List source documents",
            description="The news articles and council minutes the facts come from.")
async def list_documents(request: Request, council: str | None = Query(
                             None, min_length=1, max_length=300,
                             description="Only documents that state something about this council or its "
                                         "units: its key (powys-county-council) or URI."),
                         date_from: str | None = Query(None, alias="from", description=f"Only documents published "
                                                       f"on or after this date ({_DATE_HELP})."),
                         to: str | None = Query(None, description=f"Only documents published on or before this "
                                                                  f"date ({_DATE_HELP})."),
                         kind: Literal["news article", "council minutes"] | None = Query(
                             None, description="news article or council minutes."),
                         q: str | None = Query(None, min_length=1, max_length=200,
                                               description="Only documents whose headline or file name contains "
                                                           "this text (case-insensitive)."),
                         sort: Literal["published", "-published", "label", "-label", "source_name",
                                       "-source_name"] = Query("published", description="Sort field."),
                         limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    cat = await catalogue(request)
    c, rng = _council_uri(cat, council), _date_range(date_from, to)
    records = [r for r in cat.documents.values()
               if _text_match(r, q, r["source_name"], r["headline"] or "")
               and (c is None or c in _councils_of_document(cat, r["id"]))
               and (rng is None or _in_range([r["published"]], rng)) and (kind is None or r["kind"] == kind)]
    keys = {**_LABEL, "published": lambda r: date_key(r["published"])[1:] if r["published"] else None,
            "source_name": lambda r: r["source_name"]}
    return _page(request, _sorted(records, sort, keys), limit, offset)


def _councils_of_document(cat: Catalogue, document: str) -> set[str]:
    found = set()
    for uri in cat.mentioned(document):
        for rec in (cat.councils.get(uri), cat.departments.get(uri), cat.bodies.get(uri), cat.inspections.get(uri),
                    cat.funding.get(uri), cat.meetings.get(uri)):
            if rec is not None:
                found.add(uri if rec["type"] == "Council" else _ref_id(rec.get("council")))
        if uri in cat.memberships:
            found.add(cat.memberships[uri]["_council"])
    found.discard(None)
    return found  # type: ignore[return-value]


def _dated_first(quotes: list[Record], written: str | None) -> list[Record]:
    """The quotes with those containing the date's words (as the text writes them) first: when a
    source has several sentences about one event, the dated one states the date."""
    if not written:
        return quotes
    words = fold(written)
    return sorted(quotes, key=lambda q: words not in fold(q["quote"]))


# ---------------------------------------------------------------- items
_KEY_DOC = "The key after the kind in the object's URI (see `key` in the list)."


def _key(example: str) -> Any:
    return Path(description=_KEY_DOC, examples=[example])


@router.get("/councils/{key}", response_model=m.CouncilResponse, summary="One council with its linked items",
            description="A council with its departments, bodies, inspections, funding, meetings and the people in "
                        "posts there, each embedded one level deep.",
            responses=_NOT_FOUND)
async def get_council(request: Request, key: str = _key("a-county-council")) -> dict[str, Any]:
    cat = await catalogue(request)
    c = _item(cat.councils, "councils", key)
    uri = c["id"]
    return {"@context": context(), **public(c),
            "departments": _by_label(r for r in cat.departments.values() if _ref_id(r["council"]) == uri),
            "bodies": _by_label(r for r in cat.bodies.values() if _ref_id(r["council"]) == uri),
            "inspections": _by_date(r for r in cat.inspections.values() if _ref_id(r["council"]) == uri),
            "funding": _by_date(r for r in cat.funding.values() if _ref_id(r["council"]) == uri),
            "meetings": _by_date(r for r in cat.meetings.values() if _ref_id(r["council"]) == uri),
            "people": _by_date((r for r in cat.memberships.values() if r["_council"] == uri), "start")}


@router.get("/councils/{key}/timeline", response_model=m.Timeline, summary="A council's timeline",
            description="Inspections, funding, appointments (posts with a start date) and meetings of a council "
                        "and its units in date order, one entry per event per source document, each with the "
                        "sentence it comes from. Undated entries follow, by the latest date they can have.",
            responses=_NOT_FOUND)
async def council_timeline(request: Request, key: str = _key("a-county-council")) -> dict[str, Any]:
    cat = await catalogue(request)
    c = _item(cat.councils, "councils", key)
    types = {"inspection": "Inspection", "funding": "FundingEvent", "appointment": "Membership", "meeting": "Meeting"}
    entries = []
    for event, claims in cat.claims.items():
        for claim in claims:
            if claim["council"] != c["id"]:
                continue
            quotes = _dated_first(cat.quotes(claim["uri"], claim["graph"]), claim["written"])
            source = cat.doc_ref(cat.doc_of_graph.get(claim["graph"], claim["graph"]))
            entries.append({"id": claim["uri"], "type": types[event], "label": claim["label"], "event": event,
                            "date": claim["date"], "not_after": None if claim["date"] else claim["not_after"],
                            "quote": quotes[0]["quote"] if quotes else None, "source": source, "sources": [source]})
    entries.sort(key=lambda e: (date_key(e["date"]), date_key(e["not_after"]), e["event"], fold(e["label"]),
                                fold(e["source"]["label"])))
    return {"@context": context(), "id": c["id"], "type": "Council", "label": c["label"], "total": len(entries),
            "entries": entries}


@router.get("/departments/{key:path}", response_model=m.DepartmentResponse, summary="One department",
            description="A department with the units that are part of it, its inspections, funding and people in "
                        "posts. Key: council key / department, e.g. a-council/childrens-services.",
            responses=_NOT_FOUND)
async def get_department(request: Request, key: str = _key("a-county-council/childrens-services")) -> dict[str, Any]:
    cat = await catalogue(request)
    d = _item(cat.departments, "departments", key)
    uri = d["id"]
    return {"@context": context(), **public(d),
            "parts": _by_label(r for r in cat.departments.values() if _ref_id(r["part_of"]) == uri),
            "inspections": _by_date(r for r in cat.inspections.values() if _ref_id(r["inspected"]) == uri),
            "funding": _by_date(r for r in cat.funding.values() if _ref_id(r["recipient"]) == uri),
            "people": _by_date((r for r in cat.memberships.values() if _ref_id(r["organisation"]) == uri), "start")}


@router.get("/people/{key}", response_model=m.PersonResponse, summary="One person",
            description="A person with the posts they held (dates per source) and the documents naming them.",
            responses=_NOT_FOUND)
async def get_person(request: Request, key: str = _key("a-person")) -> dict[str, Any]:
    cat = await catalogue(request)
    p = _item(cat.people, "people", key)
    return {"@context": context(), **public(p),
            "memberships": _by_date((r for r in cat.memberships.values() if r["person"]["id"] == p["id"]), "start"),
            "documents": _documents(cat, p)}


@router.get("/posts/{key:path}", response_model=m.PostResponse, summary="One post",
            description="A post with who held it and when, per source. Key: e.g. council/a-council/councillor.",
            responses=_NOT_FOUND)
async def get_post(request: Request, key: str = _key("council/a-county-council/councillor")) -> dict[str, Any]:
    cat = await catalogue(request)
    p = _item(cat.posts, "posts", key)
    return {"@context": context(), **public(p),
            "memberships": _by_date((r for r in cat.memberships.values() if _ref_id(r["post"]) == p["id"]), "start")}


@router.get("/inspections/{key:path}", response_model=m.InspectionResponse, summary="One inspection",
            description="An inspection with its findings, the report or letter that followed and the documents "
                        "reporting it.", responses=_NOT_FOUND)
async def get_inspection(request: Request, key: str = _key("inspectorate/a-council/unit/2019-05")) -> dict[str, Any]:
    cat = await catalogue(request)
    i = _item(cat.inspections, "inspections", key)
    return {"@context": context(), **public(i), "findings": cat.findings.get(i["id"], []),
            "documents": _documents(cat, i)}


@router.get("/funding/{key:path}", response_model=m.FundingResponse, summary="One funding event",
            description="A funding event with the documents reporting it.",
            responses=_NOT_FOUND)
async def get_funding(request: Request, key: str = _key("0123456789ab")) -> dict[str, Any]:
    cat = await catalogue(request)
    f = _item(cat.funding, "funding", key)
    return {"@context": context(), **public(f), "documents": _documents(cat, f)}


@router.get("/meetings/{key:path}", response_model=m.MeetingResponse, summary="One meeting",
            description="A meeting with the documents reporting it.",
            responses=_NOT_FOUND)
async def get_meeting(request: Request, key: str = _key("0123456789ab")) -> dict[str, Any]:
    cat = await catalogue(request)
    mt = _item(cat.meetings, "meetings", key)
    return {"@context": context(), **public(mt), "documents": _documents(cat, mt)}


@router.get("/documents/{key}", response_model=m.DocumentResponse, summary="One source document",
            description="A document with everything it states: councils, departments, people, inspections, "
                        "funding and meetings. Key: its content hash.",
            responses=_NOT_FOUND)
async def get_document(request: Request, key: str = _key("0123456789abcdef")) -> dict[str, Any]:
    cat = await catalogue(request)
    d = _item(cat.documents, "documents", key)
    said = cat.mentioned(d["id"])

    def of(records: dict[str, Record]) -> list[Record]:
        return [r for uri, r in records.items() if uri in said]

    return {"@context": context(), **public(d), "councils": _by_label(of(cat.councils)),
            "departments": _by_label(of(cat.departments)), "people": _by_label(of(cat.people)),
            "inspections": _by_date(of(cat.inspections)), "funding": _by_date(of(cat.funding)),
            "meetings": _by_date(of(cat.meetings))}


# ---------------------------------------------------------------- search
def similarity(query: str, name: str) -> float:
    """0-100: how well the query matches a name, tolerant of typos and of a query that is a run of
    the name's words ('Pritchrd' finds 'Alun Pritchard', at 95% of the word's score), but not of a
    name that is only part of the query or of a word (the alias 'Ali' does not match 'Quality')."""
    q, n = default_process(query), default_process(name)
    if not q or not n:
        return 0.0
    score = max(fuzz.ratio(q, n), fuzz.token_sort_ratio(q, n))
    q_words, n_words = q.split(), n.split()
    for i in range(len(n_words) - len(q_words) + 1 if len(q_words) < len(n_words) else 0):
        score = max(score, 0.95 * fuzz.ratio(q, " ".join(n_words[i:i + len(q_words)])))
    return round(score, 1)


@router.get("/search", response_model=m.SearchResults, summary="Find entities by name or alias",
            description="Councils, departments, bodies, inspectorates, people, posts, parties, wards and documents "
                        "whose name or any alias is like the query, typo-tolerant, best first.")
async def search(request: Request,
                 q: str = Query(min_length=2, max_length=200, description="Name or part of a name, e.g. a misspelt "
                                                                          "official's name."),
                 entity_type: Literal[SEARCH_TYPES] | None = Query(  # type: ignore[valid-type]
                     None, alias="type", description="Only entities of this class."),
                 min_score: float = Query(70, ge=0, le=100, description="Leave out hits scoring below this (0-100)."),
                 limit: int = Query(20, ge=1, le=100, description="Most hits to return (1 to 100).")) -> dict[str, Any]:
    cat = await catalogue(request)
    hits = []
    for uri, n in cat.names.items():
        if n["type"] not in SEARCH_TYPES or (entity_type is not None and n["type"] != entity_type):
            continue
        best = max(((similarity(q, name), name) for name in [n["label"], *n["aliases"]]), key=lambda s: s[0])
        if best[0] >= min_score:
            endpoint = _ENDPOINTS.get(n["type"])
            key = api_key(uri)
            in_api = endpoint and entity(f"{_KEY_PREFIX[endpoint]}/{key}") in getattr(cat, _CAT_MAP[endpoint])
            hits.append({"id": uri, "type": n["type"], "label": n["label"], "key": key, "matched": best[1],
                         "score": best[0], "url": str(request.base_url) + f"api/{endpoint}/{key}" if in_api else None,
                         "sources": cat.sources(uri)})
    hits.sort(key=lambda h: (-h["score"], h["matched"] != h["label"], fold(h["label"]), h["id"]))
    return {"@context": context(), "id": str(request.url), "type": "Collection", "query": q,
            "total": len(hits), "items": hits[:limit]}


_CAT_MAP = {"councils": "councils", "departments": "departments", "people": "people", "posts": "posts",
            "inspections": "inspections", "funding": "funding", "meetings": "meetings", "documents": "documents"}

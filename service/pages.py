"""HTML pages for people: the home page, search, entity pages (the HTML form of /doc/...), a
council's timeline, people and posts, and the SPARQL editor. Static assets are served from
/static (all vendored here; no CDN).

Pages gather what they show with SPARQL (service.page_data) and render it with Jinja2 templates
(service/templates). `render_description` is what the linked-data router calls for text/html.
"""
from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from starlette.types import Receive, Scope, Send

from graph.facts_export import load_query
from graph.paths import PROJECT_ROOT
from graph.uris import base
from graph.vocab import CKG, PREFIXES
from service import page_data as pd
from service import timeline_svg
from service.state import state

log = logging.getLogger("councilkg.pages")
HERE = Path(__file__).resolve().parent
QUERIES_DIR = PROJECT_ROOT / "queries"

router = APIRouter()
router.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

FORMATS = (("Turtle", "ttl", "text/turtle"), ("JSON-LD", "jsonld", "application/ld+json"),
           ("N-Triples", "nt", "application/n-triples"), ("RDF/XML", "rdf", "application/rdf+xml"))


def _cell(term: object) -> Markup:
    """An RDF term in a table cell: a link for an IRI, text for a literal."""
    if isinstance(term, URIRef):
        return Markup(f'<a href="{html.escape(pd.href(str(term)))}">{html.escape(str(term))}</a>')
    if isinstance(term, Literal):
        return Markup(html.escape(str(term)))
    return Markup(html.escape(str(term)))


templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)
templates.filters["href"] = pd.href
templates.filters["cell"] = _cell


def page(name: str, status_code: int = 200, **context: object) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=status_code)


# ---------------------------------------------------------------- entity pages
@dataclass
class _Format:
    name: str
    href: str
    type: str


def _key(uri: str) -> str | None:
    for prefix in (base() + "id/", base() + "doc/"):
        if uri.startswith(prefix):
            return uri[len(prefix):]
    return None


def render_description(request: Request, uri: str, graph: Graph) -> HTMLResponse:
    """The HTML form of an entity's (or ontology term's) description document: label, types, facts
    in sentences with the quoted sentence of each, links, and by type a council's timeline, a
    person's posts, a document's text with every fact highlighted in place.

    Its caller is synchronous, so the page is rendered when the response is sent, in a worker
    thread (its queries go straight to the store), keeping the event loop free; headers the caller
    sets on the returned response are kept."""
    key = _key(uri)
    entity_uri = base() + "id/" + key if key is not None else uri
    query = state(request).store.query
    return _DeferredHTML(lambda: _render_entity(query, entity_uri, key, graph))


class _DeferredHTML(HTMLResponse):
    """An HTML response whose body is made in a thread when it is sent (errors, such as a 404 for an
    unknown entity, still reach the app's problem handlers: nothing has been sent yet then)."""

    def __init__(self, render: Callable[[], HTMLResponse]) -> None:
        super().__init__(b"")
        self._render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        rendered = await asyncio.to_thread(self._render)
        self.status_code, self.body = rendered.status_code, rendered.body
        self.headers["content-length"] = str(len(self.body))
        await super().__call__(scope, receive, send)


def _render_entity(query: pd.Query, uri: str, key: str | None, graph: Graph | None) -> HTMLResponse:
    e = pd.entity(query, uri)
    triples = sorted(graph) if graph is not None else []
    if e is None:
        if not triples:
            raise HTTPException(404, f"nothing is known about {uri}; search for it at /search")
        label = next((str(o) for o in graph.objects(URIRef(uri), URIRef(PREFIXES["rdfs"] + "label"))), uri)
        e = pd.Entity(uri, label, [], [], [], [])
    doc = base() + "doc/" + key if key is not None else uri
    formats = [_Format(name, f"{doc}.{ext}", mime) for name, ext, mime in FORMATS]
    classes = {c for c, _ in e.types}
    groups: dict[str, dict[str, pd.Fact]] = {}
    for f in e.linked_from:
        groups.setdefault(f.predicate_label, {}).setdefault(f.subject, f)
    linked = [(label, sorted(fs.values(), key=lambda f: f.subject_label.casefold()))
              for label, fs in sorted(groups.items())]
    aliases = [f for f in e.facts if f.predicate == PREFIXES["skos"] + "altLabel" and f.value_label != e.label]
    e.facts = [f for f in e.facts if f.predicate != PREFIXES["skos"] + "altLabel"]
    context: dict[str, object] = {"e": e, "formats": formats, "triples": triples, "linked_groups": linked,
                                  "aliases": sorted({f.value_label for f in aliases})}
    context["key_facts"] = key_facts(e, classes)
    if str(CKG.Council) in classes:
        events = pd.council_events(query, uri)
        context.update(events=events, timeline_svg=_timeline(e.label, events),
                       timeline_href=f"/timeline/{key}.svg", people_href=f"/people?council={key}")
    if str(CKG.Person) in classes:
        context["posts"] = [p for p in pd.posts(query, None) if p.person == uri]
    if str(CKG.SourceDocument) in classes:
        text, highlights = pd.document_highlights(query, uri)
        context.update(document_html=Markup(highlight_html(text, highlights)), highlights=highlights)
    return page("entity.html", **context)


def key_facts(e: pd.Entity, classes: set[str]) -> list[tuple[str, list[pd.Source]]]:
    """One plain sentence summing up an inspection or a funding event, from its facts, with the
    sentences of every document that states them."""
    by: dict[str, list[pd.Fact]] = {}
    for f in e.facts:
        by.setdefault(f.predicate, []).append(f)

    def values(prop: object) -> str:
        return " / ".join(dict.fromkeys(f.value_label for f in by.get(str(prop), [])))

    def sources(*props: object) -> list[pd.Source]:
        found = {(s.document, s.start): s for p in props for f in by.get(str(p), []) for s in f.sources}
        return sorted(found.values(), key=lambda s: (s.published or "", s.start))

    if str(CKG.Inspection) in classes:
        parts = [f"{e.label}"]
        if values(CKG.inspector):
            parts.append(f"by {values(CKG.inspector)}")
        if values(CKG.inspected):
            parts.append(f"of {values(CKG.inspected)}")
        sentence = " ".join(parts) + (f", dated {values(CKG.date)}" if values(CKG.date) else ", undated") + "."
        outcomes = dict.fromkeys(part for f in by.get(str(CKG.outcome), []) for part in f.value_label.split("; "))
        if outcomes:
            sentence += f" Outcome as reported: {'; '.join(outcomes)}."
        return [(sentence, sources(CKG.inspector, CKG.outcome, CKG.date))]
    if str(CKG.FundingEvent) in classes:
        amount = values(PREFIXES["schema"] + "amount") or e.label
        sentence = f"Funding of {amount}"
        if values(CKG.recipient):
            sentence += f" for {values(CKG.recipient)}"
        if values(CKG.council):
            sentence += f" ({values(CKG.council)})"
        sentence += f", dated {values(CKG.date)}." if values(CKG.date) else "."
        return [(sentence, sources(PREFIXES["schema"] + "amount", CKG.recipient, CKG.date))]
    return []


def highlight_html(text: str, highlights: list[pd.Highlight]) -> str:
    """The text with each annotated sentence wrapped in <mark id="sel-START">; a sentence that
    overlaps the one before extends that mark and gets an anchor of its own inside it."""
    out: list[str] = []
    pos, open_end = 0, -1
    for h in sorted(highlights, key=lambda h: (h.start, -h.end)):
        if h.start < open_end:  # overlaps the open mark
            out.append(html.escape(text[pos:h.start]))
            out.append(f'<span id="sel-{h.start}"></span>')
            pos = h.start
            if h.end > open_end:
                out.append(html.escape(text[pos:open_end]))
                pos = open_end
                out.append("</mark>")
                out.append(f'<mark class="cont" title="{html.escape(_tip(h))}">')
                open_end = h.end
            continue
        if open_end >= 0:
            out.append(html.escape(text[pos:open_end]) + "</mark>")
            pos = open_end
        out.append(html.escape(text[pos:h.start]))
        out.append(f'<mark id="sel-{h.start}" tabindex="0" title="{html.escape(_tip(h))}">')
        pos, open_end = h.start, h.end
    if open_end >= 0:
        out.append(html.escape(text[pos:open_end]) + "</mark>")
        pos = open_end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _tip(h: pd.Highlight) -> str:
    return "States: " + "; ".join(label for _, label in h.facts) if h.facts else "Annotated sentence"


def _timeline(title: str, events: list[pd.Event]) -> str:
    return timeline_svg.render(f"Timeline of {title}", [
        timeline_svg.Mark(ev.kind, ev.label, ev.date, ev.detail, pd.href(ev.uri)) for ev in events])


async def _run(fn, *args):  # type: ignore[no-untyped-def]
    """Page data off the event loop (the store's query is synchronous)."""
    return await asyncio.to_thread(fn, *args)


# ---------------------------------------------------------------- routes
@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(request: Request) -> HTMLResponse:
    overview = await _run(pd.overview, state(request).store.query)
    return page("home.html", overview=overview)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
async def search_page(request: Request, q: str = "") -> HTMLResponse:
    q = q.strip()
    if q and len(q) < 2:
        return page("search.html", status_code=400, q=q, results=[],
                    error="Type at least two letters of a name, council or department.")
    if not q:
        return page("search.html", q=q, results=[])
    own = await _run(pd.search, _sync_executor(request), q)
    results: dict[str, tuple[str, str, str]] = {}
    for hit in await _api_search(request, q) + own:  # the API's hits (best first) keep their place and label
        results.setdefault(hit[0], hit)
    return page("search.html", q=q, results=list(results.values()))


async def _api_search(request: Request, q: str) -> list[tuple[str, str, str]]:
    """The JSON API's search (typo-tolerant, best first), called in-process; [] if it is not there.
    The page adds its own label search (substrings of any name), so a misspelt name and a part
    of a name both find something."""
    try:
        from service.resources import search
        found = await search(request, q=q, entity_type=None, min_score=70, limit=50)
        return [(h["id"], h["label"], str(h["type"]).lower()) for h in found["items"] if h["id"].startswith(base())]
    except (ImportError, TypeError, KeyError) as e:
        log.warning("the JSON API's search is not usable (%s); the label search alone answers", e)
        return []


def _sync_executor(request: Request) -> pd.Query:
    """The service's query executor (time and row limits) as a synchronous callable for a worker thread."""
    executor, loop = state(request).executor, asyncio.get_running_loop()

    def run(sparql: str):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(executor.run(sparql), loop).result()
    return run


@router.get("/people", response_class=HTMLResponse, include_in_schema=False)
async def people_page(request: Request, council: str | None = None) -> HTMLResponse:
    query = state(request).store.query
    council_uri = base() + "id/" + council if council else None
    name = None
    if council_uri:
        name = (await _run(pd.labels_of, query, {council_uri})).get(council_uri)
        if name is None:
            raise HTTPException(404, f"no council {council!r} is known; pick one from the home page")
    posts = await _run(pd.posts, query, council_uri)
    svg = timeline_svg.render_posts(f"Posts over time{' at ' + name if name else ''}", [
        timeline_svg.Bar(f"{p.person_name}: {p.title}", p.start, p.end, pd.href(p.person),
                         tuple(sorted({s.published for s in p.sources if s.published}))) for p in posts])
    return page("people.html", posts=posts, council=council_uri, council_name=name, svg=svg)


@router.get("/timeline/{key:path}.svg", include_in_schema=False)
async def timeline(request: Request, key: str) -> Response:
    """A council's timeline as a standalone SVG document."""
    query = state(request).store.query
    uri = base() + "id/" + key
    e = await _run(pd.entity, query, uri)
    if e is None or str(CKG.Council) not in {c for c, _ in e.types}:
        raise HTTPException(404, f"{key!r} is not a council; timelines are drawn for councils (see the home page)")
    events = await _run(pd.council_events, query, uri)
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + _timeline(e.label, events)
    return Response(svg, media_type="image/svg+xml")


# ---------------------------------------------------------------- the SPARQL editor
_HEADER = re.compile(r"^#\s*(title|summary|description):\s*(.*)$")


def named_examples() -> list[dict[str, str]]:
    """The named queries (queries/*.rq) with their header's title and description."""
    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        fields: dict[str, str] = {}
        current = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            m = _HEADER.match(line)
            if m:
                current = m.group(1)
                fields[current] = m.group(2).strip()
            elif current == "description" and line.startswith("#  "):
                fields[current] += " " + line[1:].strip()
            else:
                current = None
        out.append({"name": path.stem, "title": fields.get("title") or fields.get("summary") or path.stem,
                    "description": fields.get("description", ""), "query": load_query(path.stem)})
    return out


def default_query() -> str:
    prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
    return (f"{prefixes}\n\n# Councils and the documents that mention them\n"
            "SELECT ?council ?name (COUNT(DISTINCT ?g) AS ?documents) WHERE {\n"
            "  GRAPH ?g { ?council a ckg:Council ; rdfs:label ?name }\n"
            "}\nGROUP BY ?council ?name\nORDER BY DESC(?documents)\nLIMIT 50\n")


def _json_script(value: object) -> str:
    """JSON safe inside <script type="application/json">."""
    return json.dumps(value).replace("</", "<\\/")


@router.get("/query", response_class=HTMLResponse, include_in_schema=False)
async def editor(example: str | None = None) -> HTMLResponse:
    examples = named_examples()
    chosen = next((ex for ex in examples if ex["name"] == example), None)
    if example and chosen is None:
        names = ", ".join(ex["name"] for ex in examples)
        raise HTTPException(404, f"no named query {example!r}; the named queries are: {names}")
    return page("query.html", examples=examples, selected=example,
                initial=chosen["query"] if chosen else default_query(),
                examples_json=_json_script(examples), prefixes_json=_json_script(PREFIXES))

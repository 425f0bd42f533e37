"""Content negotiation for RDF documents: which format to answer in, from a suffix or `Accept`.

One table of formats (suffix, media type, rdflib serializer) serves the linked-data documents
(/doc/..., /def/...) and the dataset description (/.well-known/void). A suffix (`.ttl`) names
the format outright; otherwise the `Accept` header's q-values decide, ties going to the server's
order (Turtle first, since it is what machines without a preference and `curl` get). Nothing
acceptable -> NotAcceptable (406) listing what can be served.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from graph.errors import NotAcceptable


@dataclass(frozen=True)
class RdfFormat:
    suffix: str
    media_type: str
    rdflib_format: str | None
    """None for HTML, which the pages render."""
    aliases: tuple[str, ...] = ()
    """Other media types clients send for it (text/plain is N-Triples' historic type, rdflib asks for it)."""
    quads: bool = False
    """A dataset format (TriG, N-Quads): each triple in the named graph it comes from."""

    @property
    def is_html(self) -> bool:
        return self.rdflib_format is None


TURTLE = RdfFormat("ttl", "text/turtle", "turtle", ("application/x-turtle",))
JSONLD = RdfFormat("jsonld", "application/ld+json", "json-ld", ("application/json",))
NTRIPLES = RdfFormat("nt", "application/n-triples", "nt", ("text/plain",))
RDFXML = RdfFormat("rdf", "application/rdf+xml", "xml", ("application/xml", "text/xml"))
HTML = RdfFormat("html", "text/html", None, ("application/xhtml+xml",))
TRIG = RdfFormat("trig", "application/trig", "trig", quads=True)
NQUADS = RdfFormat("nq", "application/n-quads", "nquads", quads=True)

DOCUMENT_FORMATS: tuple[RdfFormat, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML, HTML, TRIG, NQUADS)
"""Formats of a linked-data document, in the server's order of preference (the dataset formats last:
they answer only when asked for by name)."""
DATA_FORMATS: tuple[RdfFormat, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)
"""Formats without HTML (the dataset description)."""
BY_SUFFIX = {f.suffix: f for f in DOCUMENT_FORMATS}


def documented(formats: tuple[RdfFormat, ...], description: str) -> dict:
    """Keyword arguments for a route that answers in these formats by Accept, so that OpenAPI lists
    the media types it really sends (not FastAPI's default application/json)."""
    from fastapi.responses import Response

    return {"response_class": Response,
            "responses": {200: {"description": description, "content": {f.media_type: {} for f in formats}}}}


def split_suffix(path: str) -> tuple[str, RdfFormat | None]:
    """`council/x.ttl` -> (`council/x`, TURTLE); a path without a known suffix is returned whole."""
    stem, dot, ext = path.rpartition(".")
    if dot and stem and "/" not in ext and ext in BY_SUFFIX:
        return stem, BY_SUFFIX[ext]
    return path, None


def _accept_entries(header: str) -> list[tuple[str, float]]:
    entries = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        entries.append((media, q))
    return entries


def _quality(fmt: RdfFormat, entries: list[tuple[str, float]]) -> float:
    """The q the client gives this format: the most specific matching range wins (RFC 9110 12.5.1)."""
    types = (fmt.media_type, *fmt.aliases)
    exact = [q for media, q in entries if media in types]
    if exact:
        return max(exact)
    major = fmt.media_type.split("/")[0]  # only the format's own type: text/* is not a request for x-turtle
    partial = [q for media, q in entries if media == f"{major}/*"]
    if partial:
        return max(partial)
    anything = [q for media, q in entries if media == "*/*"]
    return max(anything) if anything else 0.0


def negotiate(accept: str | None, formats: tuple[RdfFormat, ...] = DOCUMENT_FORMATS) -> RdfFormat:
    """The format to answer with for this Accept header (none or empty: the first format)."""
    if not accept or not accept.strip():
        return formats[0]
    entries = _accept_entries(accept)
    best, best_q = None, 0.0
    for fmt in formats:  # server order breaks ties
        q = _quality(fmt, entries)
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        offered = ", ".join(f.media_type for f in formats)
        raise NotAcceptable(f"cannot answer with any of the types in Accept: {accept!r}; ask for one of {offered} "
                            f"(or add a suffix: {', '.join('.' + f.suffix for f in formats)})")
    return best


def serialize(graph: Graph | Dataset, fmt: RdfFormat, context: dict | None = None) -> bytes:
    """The graph (a Dataset for TriG/N-Quads) in an RDF format; JSON-LD is compacted with `context`."""
    if fmt.rdflib_format is None:
        raise ValueError("HTML is rendered by service.pages, not serialised here")
    if fmt is JSONLD and context is not None:
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    try:
        return graph.serialize(format=fmt.rdflib_format, encoding="utf-8")
    except ValueError as e:  # RDF/XML cannot write a predicate that has no XML qualified name
        raise NotAcceptable(f"this graph cannot be written as {fmt.media_type} ({e}); ask for text/turtle, "
                            "application/n-triples or application/ld+json instead") from e


def content_type(fmt: RdfFormat) -> str:
    if fmt is not TURTLE and fmt is not HTML:
        return fmt.media_type
    return f"{fmt.media_type}; charset=utf-8"


def alternates_link(url_stem: str, formats: tuple[RdfFormat, ...] = DOCUMENT_FORMATS) -> str:
    """A `Link` header value naming every format's URL as rel="alternate"."""
    return ", ".join(f'<{url_stem}.{f.suffix}>; rel="alternate"; type="{f.media_type}"' for f in formats)


__all__ = ["RdfFormat", "TURTLE", "JSONLD", "NTRIPLES", "RDFXML", "HTML", "TRIG", "NQUADS", "DOCUMENT_FORMATS",
           "DATA_FORMATS", "split_suffix", "negotiate", "serialize", "content_type", "alternates_link"]

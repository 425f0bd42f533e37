"""Content negotiation for /sparql: which serialization answers a request.

Results of SELECT/ASK and graphs of CONSTRUCT/DESCRIBE have separate format lists. A `format`
parameter (short name or media type, for browsers and links) wins over `Accept`; `Accept` is read
with q-values and wildcards (RFC 9110 section 12.5.1), ties going to the server's order, whose first
entry is the default. Aliases (`application/json`, `application/xml`, ...) let generic clients in but
the response always names the precise media type.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.errors import InputError, NotAcceptable


@dataclass(frozen=True)
class Format:
    key: str
    """Short name, also the `format` parameter value and the worker's format code."""
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    """Other short names accepted in the `format` parameter."""

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "json"))
        return f"{self.media_type}; charset=utf-8" if textual or self.key in ("nt", "nquads", "trig") \
            else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",), ("srj",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",)),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"),
           ("ttl", "n3")),
    Format("nt", "application/n-triples", (), ("ntriples", "n-triples")),
    Format("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"), ("json-ld", "json")),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf", "xml", "rdf-xml")),
    Format("nquads", "application/n-quads", (), ("nq", "n-quads")),
    Format("trig", "application/trig"),
)
BY_KEY = {f.key: f for f in RESULT_FORMATS + GRAPH_FORMATS}


def _listing(formats: tuple[Format, ...]) -> str:
    return ", ".join(f.media_type for f in formats)


def parse_accept(header: str) -> list[tuple[str, float]]:
    """`(media range, q)` pairs of an Accept header; malformed entries are skipped."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching the format (0 when none does). Aliases count only when
    named exactly; wildcards match the format's own media type."""
    major = fmt.media_type.split("/")[0]
    best_specificity, best_q = -1, 0.0
    for rng, q in ranges:
        if rng == fmt.media_type or rng in fmt.aliases:
            specificity = 2
        elif rng == f"{major}/*":
            specificity = 1
        elif rng == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity or (specificity == best_specificity and q > best_q):
            best_specificity, best_q = specificity, q
    return best_q


def choose(formats: tuple[Format, ...], accept: str | None, format_param: str | None = None) -> Format:
    """The format to answer with; NotAcceptable (406) naming what can be served, InputError for an
    unknown `format` value."""
    what = "query results" if formats is RESULT_FORMATS else "graphs"
    if format_param:
        wanted = format_param.strip().lower()
        for f in formats:
            if wanted in (f.key, f.media_type, *f.names, *f.aliases):
                return f
        known = {n for f in RESULT_FORMATS + GRAPH_FORMATS for n in (f.key, f.media_type, *f.names)}
        if wanted in known:
            raise NotAcceptable(f"format={format_param!r} cannot serve {what}; use one of: "
                                f"{', '.join(f.key for f in formats)} (or {_listing(formats)})")
        raise InputError(f"unknown format={format_param!r}; use one of: {', '.join(f.key for f in formats)} "
                         f"(or a media type: {_listing(formats)})")
    if not accept or not accept.strip():
        return formats[0]
    ranges = parse_accept(accept)
    if not ranges:
        return formats[0]
    best, best_q = None, 0.0
    for f in formats:
        q = _quality(f, ranges)
        if q > best_q:
            best, best_q = f, q
    if best is None:
        raise NotAcceptable(f"cannot serve {what} as {accept!r}; send Accept with one of: {_listing(formats)}")
    return best

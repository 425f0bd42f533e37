"""The one module that mints URIs. Deterministic: derived from keys (names, dates, hashes), never
from counters or run order, so rebuilding the graph gives the same URIs.

Layout under the configured base (`COUNCILKG_BASE_URI`):
  {base}id/{key}                 an entity (key as in `graph.facts`, e.g. council/gwynedd-council)
  {base}doc/{key}                its description document (linked data, 303 from /id/)
  {base}def/                     the vocabulary namespace (ontology terms: {base}def/Inspection)
  {base}graph/{key}              a named graph: graph/document/<hash>, graph/ontology, graph/reference
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from graph.settings import settings

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': "Children’s Homes" -> "childrens-homes"."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("'", "")
    text = text.replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def content_hash(text: str) -> str:
    """The first 16 hex digits of SHA-256 over the UTF-8 text: a document's identity."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def short_hash(*parts: object) -> str:
    """A 12-hex-digit hash of the parts, for keys of events that have no natural name."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def base() -> str:
    return settings().base_uri


def vocab_ns() -> str:
    """The vocabulary namespace: ontology terms are {vocab_ns}{Term}."""
    return base() + "def/"


def entity(key: str) -> str:
    """URI of the entity with this key."""
    return f"{base()}id/{key}"


def description(key: str) -> str:
    """URL of the document describing the entity with this key."""
    return f"{base()}doc/{key}"


def named_graph(key: str) -> str:
    """URI of a named graph: 'document/<hash>', 'ontology', 'reference'."""
    return f"{base()}graph/{key}"


_PIPELINE_GRAPH = re.compile(r"^(https?://.+/)graph/(?:ontology|reference|document/[0-9a-f]+)$")


def minted_base(graph_name: str) -> str | None:
    """The base a graph the pipeline writes (ontology, reference, a document) was minted under;
    None for any other graph (external datasets, the meta graph)."""
    m = _PIPELINE_GRAPH.match(graph_name)
    return m.group(1) if m else None


def key_of(uri: str) -> str | None:
    """The key of an entity URI minted here, or None for a URI from elsewhere."""
    prefix = base() + "id/"
    return uri[len(prefix):] if uri.startswith(prefix) else None

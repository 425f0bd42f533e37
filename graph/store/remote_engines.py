"""What differs between SPARQL servers: endpoint paths, union default graph, timeouts, atomicity.

A remote store URL names the server (`sparql+http://host:port/path`); the engine profile turns it
into the three endpoints (Query, Update, Graph Store Protocol) and says how to ask that engine for
the behaviour the rest of councilkg assumes: a default graph that is the union of the named graphs,
a per-query time limit, and which of its graphs are its own (system) graphs rather than ours.
Every field can be overridden by a setting (COUNCILKG_REMOTE_*); see README "Remote stores".
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urlsplit

from graph.errors import ConfigError


@dataclass(frozen=True)
class Engine:
    name: str
    query_path: str
    """Endpoint paths, relative to the store URL's path."""
    update_path: str
    gsp_path: str
    auth_update_path: str = ""
    """Endpoint paths used instead when credentials are given (Virtuoso's `-auth` twins)."""
    auth_gsp_path: str = ""
    union_params: dict[str, str] = field(default_factory=dict)
    """Query parameters that make the default graph the union of all named graphs (none when native)."""
    timeout_param: str = ""
    """Query parameter carrying a per-query time limit, and its unit."""
    timeout_unit: float = 1.0
    """Multiplier from seconds to the parameter's unit (1000 for milliseconds)."""
    atomic_updates: bool = True
    """Whether one multi-operation SPARQL Update request applies all or nothing."""
    dataset_dump: bool = False
    """Whether a GSP GET without a graph returns the whole dataset as N-Quads/TriG."""
    graph_list_query: str = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    """GROUP BY, not DISTINCT: Virtuoso answers it in milliseconds rather than seconds."""
    system_graphs: tuple[str, ...] = ()
    """The engine's own graphs, left out of `named_graphs()`, dumps and `clear()` (they stay in its union
    default graph: Virtuoso's `define input:default-graph-exclude` also hides them from GRAPH <iri>)."""
    auth: str = "basic"
    lateral: bool = False
    """Whether the engine reads SPARQL's proposed `LATERAL { }` (graph.named_queries.inline_lateral)."""
    gsp_inserts: bool = False
    """Send councilkg's own `INSERT DATA { GRAPH <g> {...} }` operations as Graph Store POSTs instead.
    Virtuoso needs this: its SPARQL compiler runs out of memory past ~2,000 triples in one request,
    refuses blank nodes in INSERT DATA, and its SPARQL path stores an integer-valued xsd:decimal as
    xsd:integer and an xsd:gYearMonth "YYYY-01" as the xsd:gYear "YYYY"; its Turtle loader keeps them."""


ENGINES: dict[str, Engine] = {
    "oxigraph": Engine(
        "oxigraph", "/query", "/update", "/store",
        union_params={"union-default-graph": ""}, dataset_dump=True, lateral=True,
        graph_list_query="SELECT ?g WHERE { GRAPH ?g { } }"),
    "virtuoso": Engine(
        "virtuoso", "", "", "-graph-crud", auth_update_path="-auth", auth_gsp_path="-graph-crud-auth",
        timeout_param="timeout", timeout_unit=1000.0, atomic_updates=False,
        system_graphs=("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                       "http://localuriqaserver/sparql"),
        auth="digest", gsp_inserts=True),
    "fuseki": Engine(
        "fuseki", "/query", "/update", "/data",
        union_params={"default-graph-uri": "urn:x-arq:UnionGraph"}, timeout_param="timeout"),
    "graphdb": Engine(
        "graphdb", "", "/statements", "/rdf-graphs/service", timeout_param="timeout"),
    "generic": Engine("generic", "", "", ""),
}


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    gsp: str
    user: str
    password: str


def guess_engine(path: str) -> str:
    """The engine a store URL's path suggests: Virtuoso serves /sparql, GraphDB /repositories/NAME."""
    if path.rstrip("/").endswith(("/sparql", "/sparql-auth")):
        return "virtuoso"
    if "/repositories/" in path:
        return "graphdb"
    return "oxigraph"


def engine_for(name: str, path: str, system_graphs: str = "", auth: str = "") -> Engine:
    """The profile of `name` ("auto" guesses from the path), with settings' overrides applied."""
    key = guess_engine(path) if name in ("", "auto") else name
    if key not in ENGINES:
        raise ConfigError(f"unknown remote engine {name!r}; use one of {', '.join(ENGINES)} or auto")
    engine = ENGINES[key]
    if system_graphs:
        engine = replace(engine, system_graphs=tuple(g.strip() for g in system_graphs.split(",") if g.strip()))
    if auth:
        engine = replace(engine, auth=auth)
    return engine


def endpoints(store_url: str, engine: Engine, *, query_url: str = "", update_url: str = "", gsp_url: str = "",
              user: str = "", password: str = "") -> Endpoints:
    """The three endpoint URLs and the credentials for a `sparql+http(s)://[user:password@]host:port/path`."""
    if not store_url.startswith(("sparql+http://", "sparql+https://")):
        raise ConfigError(f"{store_url!r} is not a remote store URL; use sparql+http://host:port/path")
    parts = urlsplit(store_url[len("sparql+"):])
    if not parts.hostname:
        raise ConfigError(f"{store_url!r} has no host; use sparql+http://host:port/path")
    user = user or unquote(parts.username or "")
    password = password or unquote(parts.password or "")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    path = parts.path.rstrip("/")
    if engine.name == "virtuoso":
        path = path.removesuffix("-auth")
        path = path if path.endswith("/sparql") else path + "/sparql"
    root = f"{parts.scheme}://{netloc}{path}"
    authed = bool(user)

    def pick(explicit: str, rel: str, auth_rel: str, what: str) -> str:
        if explicit:
            return explicit
        if engine.name == "generic":
            raise ConfigError(f"a generic remote store needs COUNCILKG_REMOTE_{what}_URL")
        return root + (auth_rel if authed and auth_rel else rel)

    return Endpoints(pick(query_url, engine.query_path, "", "QUERY"),
                     pick(update_url, engine.update_path, engine.auth_update_path, "UPDATE"),
                     pick(gsp_url, engine.gsp_path, engine.auth_gsp_path, "GSP"), user, password)

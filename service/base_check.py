"""Refusing to serve a store whose URIs were minted under another base URI.

URIs are minted at build time under COUNCILKG_BASE_URI ({base}id/..., {base}def/...). A service
started with a different base would answer 404 for every URI in its own graph and 303 to documents
that describe nothing, so instead it stops at start-up and says how to rebuild. The store tells
which base it was built for: the IRIs of the graphs the pipeline writes ({base}graph/ontology,
{base}graph/reference, {base}graph/document/<hash>). External datasets loaded with
`councilkg load --graph URI` have IRIs of the operator's choosing and are not considered, nor is
the meta graph: every write stamps a store version in {base}graph/meta of the WRITER's base, so a
`councilkg load` run with another COUNCILKG_BASE_URI leaves one behind without minting any data URI.
"""
from __future__ import annotations

from graph.errors import ConfigError
from graph.uris import minted_base


def minted_bases(graph_names: list[str]) -> set[str]:
    """The base URIs the pipeline's graphs in the store were minted under."""
    return {b for name in graph_names if (b := minted_base(name))}


def check_base(graph_names: list[str], base: str, store: str) -> None:
    """Raise ConfigError when the store holds graphs minted under a base other than `base`."""
    foreign = sorted(minted_bases(graph_names) - {base})
    if not foreign:
        return
    raise ConfigError(
        f"the store at {store} was built with COUNCILKG_BASE_URI={' and '.join(foreign)} but the service is "
        f"configured with COUNCILKG_BASE_URI={base}; URIs are minted at build time, so either start the service "
        f"with COUNCILKG_BASE_URI={foreign[0]} or rebuild with the new base (external datasets are kept): "
        f"COUNCILKG_BASE_URI={base} councilkg build")


__all__ = ["check_base", "minted_bases"]

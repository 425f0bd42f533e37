"""HTML pages for people. FIRST VERSION: a plain description page; the pages issue enriches it."""
from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib import Graph, Literal, URIRef

router = APIRouter()


def render_description(request: Request, uri: str, graph: Graph) -> HTMLResponse:
    """The HTML form of an entity's (or ontology term's) description document."""
    rows = []
    for s, p, o in sorted(graph):
        def cell(t: object) -> str:
            if isinstance(t, URIRef):
                return f'<a href="{html.escape(str(t))}">{html.escape(str(t))}</a>'
            if isinstance(t, Literal):
                return html.escape(str(t))
            return html.escape(str(t))
        rows.append(f"<tr><td>{cell(s)}</td><td>{cell(p)}</td><td>{cell(o)}</td></tr>")
    body = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(uri)}</title></head>"
            f"<body><h1>{html.escape(uri)}</h1><table>{''.join(rows)}</table></body></html>")
    return HTMLResponse(body)

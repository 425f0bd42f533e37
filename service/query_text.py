"""What the HTTP layer needs to know about a SPARQL text before running it: its query form (to pick
the result format), whether it names its own dataset (FROM / FROM NAMED), and whether it is an
update sent to the query endpoint (to say where updates go instead of a bare syntax error).

The engine stays the judge of syntax: this is a small lexer that skips comments, strings and IRIs,
never a parser, and every answer it gives is only a hint that the engine's parse confirms.
"""
from __future__ import annotations

import functools
import re

_TOKENS = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#[^\n]*)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                   |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<var>[?$][\w]+)
      | (?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?|:[\w.-]*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@functools.lru_cache(maxsize=64)
def _words(text: str) -> tuple[str, ...]:
    """Upper-cased keywords and names outside comments, strings and IRIs, in order. Cached: one
    request asks up to three questions of the same text, and lexing it was ~5% of the service's
    own time per query in the benchmark profile (bench/profile_service.py)."""
    return tuple(m.group("word").upper() for m in _TOKENS.finditer(text) if m.lastgroup == "word")


def _first_keyword(text: str) -> str | None:
    """The first keyword after the prologue (BASE and PREFIX declarations)."""
    words = _words(text)
    i = 0
    while i < len(words):
        if words[i] == "BASE":
            i += 1
        elif words[i] == "PREFIX":
            i += 2
        else:
            return words[i]
    return None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, or None when the text does not start like a query."""
    word = _first_keyword(text)
    return word if word in QUERY_FORMS else None


def is_graph_query(text: str) -> bool:
    """True for CONSTRUCT and DESCRIBE (their results are RDF graphs, not solution tables)."""
    return query_form(text) in ("CONSTRUCT", "DESCRIBE")


def looks_like_update(text: str) -> bool:
    """True when the text starts like a SPARQL 1.1 Update operation."""
    return _first_keyword(text) in UPDATE_KEYWORDS


def names_dataset(text: str) -> bool:
    """True when the query has a FROM or FROM NAMED clause (then the query picks its own dataset)."""
    return "FROM" in _words(text)

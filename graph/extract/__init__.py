"""Extraction: one document's cleaned text -> the facts it states (`DocumentFacts`).

Stages, each in its own module: `orgs` (councils, inspectorates, departments, bodies), `people`
(names, posts, wards, parties, appointments), `inspections` (inspections, their outcomes and the
reports and letters that followed), `funding`, `meetings`, `boards`, `restructures`,
`questions`, and last `tensions` (dated references back, relative temporal anchors), which reads the
facts the others found. They share a `DocContext`
that holds the sentences, the reference date and every organisation mention with its offsets.
Everything they know about words lives in `ontology/lexicon/` and `ontology/reference/`.
"""
from __future__ import annotations

from graph.extract.context import DocContext
from graph.extract.orgs import find_organisations
from graph.extract.people import extract_people
from graph.facts import DocumentFacts, DocumentMeta


def extract(meta: DocumentMeta) -> DocumentFacts:
    """The facts one document states, each with the sentence it came from."""
    from graph.extract.boards import extract_boards
    from graph.extract.funding import extract_funding
    from graph.extract.inspections import extract_inspections
    from graph.extract.meetings import extract_meetings
    from graph.extract.questions import extract_questions
    from graph.extract.restructures import extract_restructures
    from graph.extract.tensions import extract_tensions

    ctx = DocContext.of(meta)
    find_organisations(ctx)
    people = extract_people(ctx)
    inspections, publications = extract_inspections(ctx)
    funding = extract_funding(ctx)
    meetings = extract_meetings(ctx)
    publications += extract_boards(ctx, people)
    facts = DocumentFacts(meta=meta, organisations=list(ctx.orgs.values()), people=people,
                          inspections=inspections, funding=funding, meetings=meetings, publications=publications,
                          restructures=extract_restructures(ctx), questions=extract_questions(ctx, people))
    facts.references, facts.sequences = extract_tensions(ctx, facts)
    return facts


__all__ = ["extract"]

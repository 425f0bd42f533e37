"""The facts of each document as plain records in the schema of the gold file
(`../shared/gold/seeds.yaml`): one record per document with councils, departments, bodies,
inspectorates, people with roles, inspections, funding events, meetings and other publications.

A direct rendering of `DocumentFacts`, used to score the extractor quickly against hand-made gold
files; `councilkg facts` computes the same records by SPARQL over the store (and a test checks
that the two agree).
"""
from __future__ import annotations

from typing import Any

from graph.facts import DatePoint, DocumentFacts


def _d(d: DatePoint | None) -> str | None:
    return d.value if d else None


def _names(facts: DocumentFacts, known: dict[str, str]) -> dict[str, str]:
    names = dict(known)
    names.update({o.key: o.name for o in facts.organisations})
    names.update({p.key: p.name for p in facts.people})
    return names


def document_record(facts: DocumentFacts, known: dict[str, str] | None = None) -> dict[str, Any]:
    """One document's record; `known` names keys the document refers to but does not describe."""
    names = _names(facts, known or {})

    def n(key: str | None) -> str | None:
        return names.get(key, key) if key else None

    orgs = facts.organisations
    m = facts.meta
    rec: dict[str, Any] = {
        "document": m.source_name,
        "meta": {"headline": m.headline, "published": _d(m.published), "published_raw": m.published_raw,
                 "publisher": m.publisher, "author": m.author, "author_title": m.author_title,
                 "url": m.url, "doc_type": m.doc_type},
        "councils": [{"name": o.name, "aliases": o.aliases, "evidence": o.evidence.exact}
                     for o in orgs if o.kind == "council"],
        "departments": [{"name": o.name, "council": n(o.council), "part_of": n(o.part_of), "aliases": o.aliases,
                         "evidence": o.evidence.exact} for o in orgs if o.kind == "department"],
        "bodies": [{"name": o.name, "kind": o.body_kind, "council": n(o.council), "aliases": o.aliases,
                    "set_up": _d(o.set_up), "replaced_by": o.replaced_by, "evidence": o.evidence.exact}
                   for o in orgs if o.kind == "body"],
        "inspectorates": [{"name": o.name, "aliases": o.aliases, "evidence": o.evidence.exact}
                          for o in orgs if o.kind == "inspectorate"],
        "people": [{"name": p.name, "canonical_id": p.key, "aliases": p.aliases, "party": p.party, "ward": p.ward,
                    "roles": [{"role": r.title, "organisation": n(r.organisation), "start": _d(r.start),
                               "end": _d(r.end), "title_as_written": r.title_as_written,
                               "evidence": r.evidence.exact} for r in p.roles]}
                   for p in facts.people],
        "inspections": [{"id": i.key, "inspector": n(i.inspectorate), "inspected": n(i.inspected),
                         "council": n(i.council), "date": _d(i.date), "not_after": _d(i.not_after),
                         "kind": i.kind, "status": i.status, "outcome": i.outcome, "evidence": i.evidence.exact}
                        for i in facts.inspections],
        "funding_events": [{"id": f.key, "amount": int(f.amount) if f.amount == int(f.amount) else float(f.amount),
                            "currency": f.currency, "amount_qualifier": f.qualifier, "recipient": n(f.recipient),
                            "council": n(f.council), "date": _d(f.date),
                            "period": {"from": _d(f.period_start), "to": _d(f.period_end)} if f.period_start else None,
                            "cumulative": f.cumulative, "additional_to": f.additional_to,
                            "evidence": f.evidence.exact} for f in facts.funding],
        "meetings": [{"id": x.key, "body": x.body_name, "council": n(x.council), "date": _d(x.date),
                      "not_after": _d(x.not_after), "not_before": _d(x.not_before), "status": x.status,
                      "business": x.business,
                      "evidence": x.evidence.exact} for x in facts.meetings],
        "other": [{"id": p.key, "kind": p.kind, "description": p.description, "issuer": n(p.issuer),
                   "recipient": n(p.recipient), "author": n(p.author), "date": _d(p.date),
                   "submission_due": _d(p.due), "evidence": p.evidence.exact} for p in facts.publications]
        + [{"id": r.key, "kind": "restructure", "description": r.label, "unit": n(r.unit), "council": n(r.council),
            "date": _d(r.date), "not_after": _d(r.not_after),
            "status": "planned" if r.status == "scheduled" else "done", "evidence": r.evidence.exact}
           for r in facts.restructures]
        + [{"id": q.key, "kind": "question", "description": q.text, "asker": n(q.asker), "addressee": q.addressee,
            "council": n(q.council), "evidence": q.evidence.exact} for q in facts.questions],
    }
    return rec


def gold_records(corpus: list[DocumentFacts]) -> list[dict[str, Any]]:
    """Every document's record, in the order given; names of keys described in any document of
    the corpus are available to all (a resolved person key names the same person everywhere)."""
    known: dict[str, str] = {}
    for facts in corpus:
        known.update(_names(facts, {}))
    return [document_record(f, known) for f in corpus]

"""Restructures of a council's services: "a service restructure will be in place by April 1"
(planned, due by that date), "Children's Services has also just finished a restructure" (done, on
or before publication), "the new plans to restructure Children's Services" (planned).

Every mention of one unit's restructure in a document is one event: the unit is the department
named with any of the mentions, the date the first one a mention gives, and the event is done when
a mention says so, else planned. A planned one's date is also its deadline (`due`) when the text
says it is to be done by then ("by April 1"); a done one is `recent` when the text says it was done
lately ("has just finished"): a later source reporting as just done what was due months before is a
soft tension (`graph.extract.tensions`). Cue words are in `ontology/lexicon/bodies.yaml` (restructure)
and `tensions.yaml` (deadline and recency words).
"""
from __future__ import annotations

import re

from graph.extract.context import DocContext
from graph.extract.dates import is_future
from graph.extract.lexicon import alternation, lexicon
from graph.extract.tensions import deadline, recent
from graph.facts import Restructure
from graph.uris import short_hash


def extract_restructures(ctx: DocContext) -> list[Restructure]:
    lex = lexicon().bodies["restructure"]
    word = re.compile(rf"\b(?:{alternation(lex['words'])})\b", re.I)
    done = re.compile(rf"\b(?:{alternation(lex['done'])})\b", re.I)
    planned = re.compile(rf"\b(?:{alternation(lex['planned'])})\b", re.I)
    found: list[Restructure] = []
    for s in ctx.sents:
        w = word.search(s.text)
        if not w:
            continue
        depts = ctx.mentions_between(s.start, s.end, "department")
        unit = min(depts, key=lambda d: abs(d.start - s.start - w.start())).key if depts else None
        finished = done.search(s.text)
        is_done = bool(finished) and not is_future(s.text)
        is_planned = not is_done and (bool(planned.search(s.text)) or is_future(s.text))
        if not (is_done or is_planned):
            continue
        dates = [d for d in ctx.dates_in(s.start + w.start(), s.end)]
        date = ctx.resolve(dates[0], s.text) if dates else None
        r = Restructure(key="", evidence=ctx.evidence_for(s.start), council=ctx.main_council, unit=unit, date=date,
                        status="held" if is_done else "scheduled")
        if is_planned and date is not None and deadline(ctx, dates[0], s.start):
            r.due = date
        if is_done and finished is not None:
            r.recent = recent(s.text, finished.start())
        same = next((o for o in found if o.unit is None or unit is None or o.unit == unit), None)
        if same is None:
            found.append(r)
            continue
        same.unit = same.unit or unit
        same.date = same.date or date
        same.due = same.due or r.due
        same.recent = same.recent or r.recent
        if is_done:
            same.status = "held"
        if date is not None and same.date is date:
            same.evidence = r.evidence  # the sentence that gives the date says most
    found = [r for r in found if r.unit or r.council]  # a change event needs the organisation it changes
    for r in found:
        if r.status == "held" and r.date is None:
            r.not_after = ctx.meta.published
        name = ctx.orgs[r.unit].name if r.unit in ctx.orgs else None
        r.label = f"Restructure of {name}" if name else "Restructure"
        r.key = f"restructure/{short_hash(ctx.meta.content_hash, r.unit or r.council or '', r.evidence.start)}"
    return found

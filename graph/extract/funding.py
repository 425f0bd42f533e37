"""Funding events: a stated sum given to a council or one of its units.

A sum counts when its sentence has a funding verb or noun ("pumped into", "grant") and none of the
words that make it something else ("overspend", "savings"); both lists are in
`ontology/lexicon/funding.yaml`. "Another £2 million" adds to the previous event; "over the past
year" makes a running total over a period that ends at the publication date.
"""
from __future__ import annotations

import re

from graph.extract.context import DocContext
from graph.extract.dates import month_of, months_before
from graph.extract.lexicon import alternation, lexicon
from graph.extract.money import find_money
from graph.facts import Funding
from graph.uris import short_hash


def extract_funding(ctx: DocContext) -> list[Funding]:
    lex = lexicon().funding
    trigger = re.compile(rf"\b(?:{alternation(lex['verbs'] + lex['nouns'])})", re.I)
    exclude = re.compile(rf"\b(?:{alternation(lex['exclude'])})\b", re.I)
    cumulative = re.compile(rf"\b(?:{alternation(lex['cumulative'])})\b", re.I)
    additional = re.compile(rf"\b(?:{alternation(lex['additional'])})[\s\u00a0]*$", re.I)
    periods = lexicon().dates["past_periods"]
    period_rx = re.compile(rf"\b(?:{alternation(list(periods))})\b", re.I)
    out: list[Funding] = []
    anaphora = alternation(lexicon().services["anaphora"] + ["that"])
    for s in ctx.sents:
        for money in find_money(s.text, s.start):
            if not trigger.search(s.text) or exclude.search(s.text):
                continue
            depts = ctx.mentions_between(s.start, s.end, "department")
            prev = out[-1] if out else None
            is_more = bool(additional.search(ctx.text[max(s.start, money.start - 20):money.start]))
            if depts:
                recipient = min(depts, key=lambda m: abs(m.start - money.start)).key
            elif re.search(rf"\b(?:{anaphora})\b", s.text, re.I) and (d := ctx.last_mention("department", s.start)):
                recipient = d.key
            elif is_more and prev is not None:
                recipient = prev.recipient
            else:
                recipient = None
            f = Funding(key=f"funding/{short_hash(ctx.meta.content_hash, money.start, money.amount)}",
                        amount=money.amount, evidence=ctx.evidence_for(s.start), currency=money.currency,
                        qualifier=money.qualifier, recipient=recipient or ctx.main_council, council=ctx.main_council,
                        cumulative=bool(cumulative.search(s.text)),
                        additional_to=prev.key if is_more and prev is not None else None)
            p = period_rx.search(s.text)
            if p and ctx.ref is not None:
                f.period_start = months_before(ctx.ref, periods[p.group(0).lower()])
                f.period_end = month_of(ctx.ref)
            else:
                dates = ctx.dates_in(s.start, s.end)
                if dates:
                    f.date = ctx.resolve(min(dates, key=lambda d: abs(d.start - money.start)), s.text)
            out.append(f)
    return out

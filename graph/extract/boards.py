"""Boards (set up, chaired, replaced) and the annual reports officers give.

"the Recovery Board, set up in June 2015" gives the board's set-up date; "In May 2019, it was
announced that the board ... would be replaced next spring by two regional boards" gives what
replaces it and when that was announced. An annual report "from" or "given" by a named officer
becomes a publication with that author.
"""
from __future__ import annotations

import re

from graph.extract.context import DocContext
from graph.extract.lexicon import alternation, lexicon
from graph.facts import Person, Publication
from graph.uris import short_hash


def extract_boards(ctx: DocContext, people: list[Person]) -> list[Publication]:
    lex = lexicon().bodies
    set_up = re.compile(r"^[\s,\u00a0]*(?:which|that)?[\s\u00a0]*(?:was|has been|had been)?[\s\u00a0]*"
                        rf"(?:{alternation(lex['set_up'])})\b", re.I)
    replaced = re.compile(rf"\b(?:{alternation(lex['replaced'])})\b(?P<when>[^.]*?)\bby[\s\u00a0]+(?P<by>[^.,;]+)",
                          re.I)
    announced = re.compile(rf"\b(?:{alternation(lex['announced'])})\b", re.I)
    for m in ctx.mentions:
        org = ctx.orgs.get(m.key)
        if org is None or org.body_kind != "board":
            continue
        s = ctx.sentence_at(m.start)
        if org.set_up is None and set_up.match(ctx.text[m.end:s.end]):
            dates = ctx.dates_in(m.end, min(s.end, m.end + 40))
            if dates:
                org.set_up = ctx.resolve(dates[0], s.text)
        r = replaced.search(ctx.text, m.end, s.end)
        if r and org.replaced_by is None:
            org.replaced_by = " ".join(r.group("by").split())
            a = announced.search(ctx.text, s.start, m.start)
            dates = ctx.dates_in(s.start, a.start()) if a else []
            if dates:
                org.replacement_announced = ctx.resolve(dates[-1], s.text)
    return _annual_reports(ctx, people)


def _annual_reports(ctx: DocContext, people: list[Person]) -> list[Publication]:
    out: list[Publication] = []
    for s in ctx.sents:
        m = re.search(r"\bannual report\b", s.text, re.I)
        if not m:
            continue
        author = next((p for p in people for n in [p.name, *p.aliases] if n and n in s.text), None)
        key = f"publication/report/{short_hash(ctx.meta.content_hash, s.start)}"
        out.append(Publication(key=key, kind="report", evidence=ctx.evidence_for(s.start), title="Annual report",
                               author=author.key if author else None, issuer=ctx.main_council,
                               description=s.text[:200]))
    return out

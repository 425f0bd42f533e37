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
from graph.facts import DatePoint, Person, Publication
from graph.uris import short_hash

_DUE_WINDOW = 8
"""How many sentences after a report is named 'the report' may still give its deadline."""


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
    _listed_members(ctx, people)
    return _annual_reports(ctx, people)


def _listed_members(ctx: DocContext, people: list[Person]) -> None:
    """'a management board made up of the Director A Lee, Head of Housing B Jones and C Evans': the board (created
    when the text names it only in lower case) and the named people listed as its members."""
    from graph.extract.roles import title_case
    from graph.uris import slug
    cue = alternation(lexicon().bodies["board_members"])
    rx = re.compile(rf"\b(?:[Aa]n?|[Tt]he)[\s\u00a0]+(?P<name>(?:[A-Za-z][\w'\u2019-]*[\s\u00a0]+){{0,4}}?[Bb]oard)"
                    rf"[\s\u00a0,]+(?:{cue})[\s\u00a0]+(?P<list>[^.;]+)")
    for m in rx.finditer(ctx.text):
        listed = m.group("list")
        members = [p for p in people if any(re.search(rf"\b{re.escape(n)}\b", listed) for n in [p.name, *p.aliases]
                                            if n and len(n.split()) >= 2)]
        if len(members) < 2:
            continue
        known = [x for x in ctx.mentions_between(m.start("name"), m.end("name"), "body")
                 if x.end >= m.end("name") - 1 and ctx.orgs[x.key].body_kind == "board"]
        if known:  # a board the text names ("the Recovery Board, made up of ...")
            org = ctx.orgs[known[0].key]
        else:
            name = title_case(" ".join(m.group("name").split()))
            council = ctx.main_council
            key = f"body/{council.split('/', 1)[1]}/{slug(name)}" if council else f"body/{slug(name)}"
            org = ctx.add_org(key, name, "body", m.start("name"), m.end("name"), council=council, body_kind="board")
        org.members = [p.key for p in members]
        org.members_evidence = ctx.evidence_for(m.start())


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
                               description=s.text[:200], due=_due(ctx, s.index)))
    return out


def _due(ctx: DocContext, index: int) -> DatePoint | None:
    """'... the report was due to be submitted to CIW by the end of the month': the date a report named in
    sentence `index` is due by, from that sentence or a later one (within `_DUE_WINDOW`) that speaks of 'the
    report' before another annual report is named."""
    cue = re.compile(rf"\b(?:{alternation(lexicon().bodies['report_due'])})\b[^.;]*?\bby[\s\u00a0]+", re.I)
    for s in ctx.sents[index:index + _DUE_WINDOW + 1]:
        if s.index != index and re.search(r"\bannual report\b", s.text, re.I):
            break
        if s.index != index and not re.search(r"\b(?:the|this|its|her|his|their)[\s\u00a0]+report\b", s.text, re.I):
            continue
        m = cue.search(s.text)
        dates = [d for d in ctx.dates_in(s.start + m.end(), s.end) if d.start - s.start - m.end() <= 4] if m else []
        if dates and (when := ctx.resolve(dates[0], s.text)) is not None:
            return when
    return None

"""Meetings: a body that met or will meet ("At the Cabinet meeting held on Thursday, November 4",
"will be presented to a meeting of the full council on March 3", "went to Cabinet and the
Adult Social Services Committee"), and meetings of an unnamed body ("gave her annual report to
councillors"). Council minutes also record their own meeting.

A body mention is a meeting when a cue from `ontology/lexicon/bodies.yaml` comes just before it
or "meeting" just after; its date is the one written right after the body.
"""
from __future__ import annotations

import re

from graph.extract.context import DocContext, OrgMention
from graph.extract.dates import is_future
from graph.extract.lexicon import alternation, lexicon
from graph.facts import DatePoint, Meeting
from graph.uris import short_hash

_MEETING_KINDS = {"full council", "cabinet", "scrutiny committee", "committee", "cabinet committee", "induction",
                  "briefing", "panel", "board"}
_ALWAYS = {"induction", "briefing"}


_POSS = r"(?:(?:the|a|an)[\s\u00a0]+)?(?:(?:council|authority|county council|local authority)['\u2019]s[\s\u00a0]+)?"


def _is_meeting(ctx: DocContext, m: OrgMention, cued: list[OrgMention]) -> bool:
    cues = lexicon().bodies["meeting_cues"]
    before = ctx.text[max(0, m.start - 60):m.start]
    if re.search(rf"\b(?:{alternation(cues['before_body'])})[\s\u00a0]+{_POSS}$", before, re.I):
        return True
    if re.search(rf"\b(?:to|by|before)[\s\u00a0]+{_POSS}$", before, re.I) and _date_after(ctx, m, m.end + 45):
        return True
    if re.match(rf"^[\s\u00a0]+(?:{alternation(cues['after_body'])})\b", ctx.text[m.end:m.end + 20], re.I):
        return True
    joined = r"[\s\u00a0]*(?:and|&)[\s\u00a0]+(?:the[\s\u00a0]+)?"
    return bool(cued) and re.fullmatch(joined, ctx.text[cued[-1].end:m.start]) is not None


def _date_after(ctx: DocContext, m: OrgMention, limit: int) -> list:
    return [d for d in ctx.dates_in(m.end, min(limit, ctx.sentence_at(m.start).end)) if d.start - m.end <= 45
            and not re.search(r"[.;]", ctx.text[m.end:d.start])]


def _date_before(ctx: DocContext, m: OrgMention) -> list:
    """'Thursday's meeting of the executive board', 'the 5 June meeting of the cabinet'."""
    s = ctx.sentence_at(m.start)
    return [d for d in ctx.dates_in(max(s.start, m.start - 60), m.start)
            if re.match(rf"^(?:['\u2019]s)?[\s\u00a0]+meeting[\s\u00a0]+of[\s\u00a0]+{_POSS}$", ctx.text[d.end:m.start],
                        re.I)]


def _anaphora(ctx: DocContext) -> list[OrgMention]:
    """'the committee', 'the cabinet' after a meeting cue: the body of that kind named last."""
    lex = lexicon().bodies
    cues = alternation(lex["meeting_cues"]["before_body"] + ["to", "by"])
    out = []
    for m in re.finditer(rf"\b(?:{cues})[\s\u00a0]+(?P<ana>{alternation(lex['anaphora'])})\b", ctx.text, re.I):
        head = m.group("ana").split()[-1].lower()
        prior = [x for x in ctx.mentions if x.kind == "body" and x.start < m.start("ana")
                 and head in ctx.orgs[x.key].name.lower() and not x.surface.lower().startswith("the " + head)]
        if prior:
            key = max(prior, key=lambda x: x.start).key
            out.append(OrgMention(m.start("ana"), m.end("ana"), key, "body", m.group("ana")))
    return out


def extract_meetings(ctx: DocContext) -> list[Meeting]:
    lex = lexicon().bodies
    generic = re.compile(rf"\b(?:{alternation(lex['generic_meeting'])})\b", re.I)
    not_meeting = re.compile(rf"\b(?:{alternation(lex['not_meeting'])})\b", re.I)
    out: list[Meeting] = []
    own = _own_meeting(ctx)
    if own:
        out.append(own)
    anaphora = _anaphora(ctx)
    for s in ctx.sents:
        cued: list[OrgMention] = []
        mentions = ctx.mentions_between(s.start, s.end, "body") + [a for a in anaphora if s.start <= a.start < s.end]
        for m in sorted(mentions, key=lambda x: x.start):
            if any(x is not m and x.start <= m.start < x.end for x in mentions):
                continue
            body = ctx.orgs[m.key]
            if body.body_kind not in _MEETING_KINDS or not_meeting.search(ctx.text[max(s.start, m.start - 20):m.end]):
                continue
            if body.body_kind in _ALWAYS or _is_meeting(ctx, m, cued):
                cued.append(m)
        for m in cued:
            nxt = min([c.start for c in cued if c.start > m.start] + [s.end])
            dates = _date_after(ctx, m, nxt) or _date_before(ctx, m)
            if not dates and ctx.orgs[m.key].body_kind in _ALWAYS:
                dates = ctx.dates_in(s.start, s.end)
            date = ctx.resolve(dates[0], s.text) if dates else None
            if date is None and m in anaphora and any(o.body == m.key for o in out):
                continue  # "told the committee": the meeting already reported
            out.append(_meeting(ctx, s.start, m.key, date, _future(ctx, s.start, s.end, m)))
            if date is None:
                out[-1].not_before = _after_previous(ctx, m, cued, out[:-1])
        if not cued and generic.search(s.text) and not ctx.mentions_between(s.start, s.end, "body"):
            out.append(_meeting(ctx, s.start, None, None, is_future(s.text)))
    return _merge(out, own)


def _after_previous(ctx: DocContext, m: OrgMention, cued: list[OrgMention], earlier: list[Meeting]) -> DatePoint | None:
    """'... the induction is scheduled for 20th July and following this meeting the report will be presented to
    Scrutiny': an undated meeting that the sentence puts after an earlier, dated one is not before that date."""
    before = [c for c in cued if c.start < m.start]
    if not before:
        return None
    between = ctx.text[before[-1].end:m.start]
    if not re.search(rf"\b(?:{alternation(lexicon().bodies['follows_previous'])})\b", between, re.I):
        return None
    prior = next((o for o in reversed(earlier) if o.body == before[-1].key and o.date is not None), None)
    return prior.date if prior else None


def _future(ctx: DocContext, start: int, end: int, m: OrgMention) -> bool:
    """Whether the meeting was still to come. A meeting that frames its sentence ('At a meeting of the committee,
    the director told councillors that a conference would take place') takes the tense of the main clause, up to
    its reporting verb: what was reported may lie in the future although the meeting was held."""
    cues = lexicon().bodies["meeting_cues"]
    head = ctx.text[start:m.start]
    if re.fullmatch(rf"[\s\u00a0]*(?:{alternation(cues['framing_before_body'])})[\s\u00a0]+{_POSS}", head, re.I):
        rest = ctx.text[m.end:end]
        cut = re.search(rf"\b(?:{alternation(cues['reporting_verbs'])})\b", rest)
        return is_future(rest[:cut.end()] if cut else rest)
    return is_future(ctx.text[start:end])


def _meeting(ctx: DocContext, offset: int, body: str | None, date: DatePoint | None, future: bool) -> Meeting:
    """A meeting reported as held with no date of its own was held on or before the publication date."""
    ev = ctx.evidence_for(offset)
    name = ctx.orgs[body].name if body else None
    key = f"meeting/{short_hash(body or ctx.main_council, date.value if date else ctx.meta.content_hash + str(offset))}"
    not_after = ctx.meta.published if date is None and not future else None
    return Meeting(key=key, evidence=ev, body=body, body_name=name, council=ctx.main_council, date=date,
                   not_after=not_after, status="scheduled" if future else "held")


def _own_meeting(ctx: DocContext) -> Meeting | None:
    """The meeting that council minutes record: from a heading that names a body and a full date
    ('Cabinet - Monday, 13th June, 2022'), else the council's, dated by the document."""
    if ctx.meta.doc_type != "council minutes":
        return None
    for s in ctx.sents[:4]:
        bodies = ctx.mentions_between(s.start, s.end, "body")
        dates = [d for d in ctx.dates_in(s.start, s.end) if d.year and d.day]
        if bodies and dates:
            m = _meeting(ctx, s.start, bodies[0].key, ctx.resolve(dates[0]), False)
            m.business = "meeting recorded in these minutes"
            return m
    council = next((k for k, o in ctx.orgs.items() if o.kind == "body" and o.body_kind == "full council"), None)
    date = ctx.meta.published or (DatePoint(ctx.ref.value[:4], "year", ctx.ref.raw, True) if ctx.ref else None)
    m = _meeting(ctx, ctx.sents[0].start if ctx.sents else 0, council, date, False)
    m.business = "meeting recorded in these minutes"
    return m


def _merge(meetings: list[Meeting], own: Meeting | None) -> list[Meeting]:
    """One meeting per body and date: a less precise date of the same body's meeting folds into the
    more precise one ('in March' and 'on 3rd March'); the minutes' own meeting stays apart."""
    out: list[Meeting] = []
    for m in meetings:
        same = next((o for o in out if o is not own and m is not own and o.body_name and m.body_name
                     and _kind(o) == _kind(m) and o.date and m.date
                     and (o.date.value.startswith(m.date.value) or m.date.value.startswith(o.date.value))), None)
        if same is None:
            dup = next((o for o in out if o.key == m.key), None)
            if dup is None:
                out.append(m)
            continue
        if len(m.date.value) > len(same.date.value):  # type: ignore[union-attr]
            same.date, same.key = m.date, m.key
    return out


def _kind(m: Meeting) -> str:
    return (m.body_name or "").lower().replace("full ", "")

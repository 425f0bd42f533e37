"""What a document says about time only relatively or loosely, kept so that soft tensions between sources can
be shown (`queries/tensions.rq`):

- a definite reference back to a report, inspection or letter told of earlier, with a date of its own
  ("the report in 2018" after "In October 2017 the inspectorate produced a damning report"): a `Reference` to
  the earlier thing, whose date may disagree with the one the sources give it (a date tension);
- a relative temporal anchor ("In the wake of the critical report, a new head of service was appointed"): a
  `SequenceClaim` that the sentence's events came after (or before) the thing referred to, which the sources may
  date far apart (a sequence tension);
- a deadline ("will be in place by April 1") and a completion reported as recent ("has just finished"): the
  `Restructure` fields `due` and `recent`, which `restructures.py` fills with `deadline` and `recent` of this
  module; a later document reporting as just done what was due months before is a deadline tension.

What a reference refers back to is the nearest thing of its kind the document told of before the sentence: the
determiner ("the", "this") says the reader already knows it. Cue words are in `ontology/lexicon/tensions.yaml`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from graph.extract.context import DocContext
from graph.extract.dates import DateMention
from graph.extract.lexicon import alternation, lexicon, norm
from graph.extract.text import Sentence
from graph.facts import (
    DocumentFacts,
    Funding,
    Inspection,
    Meeting,
    Publication,
    Reference,
    Restructure,
    Role,
    SequenceClaim,
)
from graph.uris import short_hash

_S = r"[\s\u00a0]+"

Target = Publication | Inspection
Qualified = Role | Funding | Restructure | Meeting | Inspection | Publication


@dataclass(frozen=True)
class _Mention:
    """A definite noun phrase referring back ('the critical report'), with its kind and the date it gives."""

    start: int
    end: int
    """End of the noun phrase, including its own date ('the report in 2018')."""
    noun: int
    """Where the noun starts: the words before it may name whose it is ('the Welsh Government report')."""
    kind: str
    """'report', 'inspection' or 'letter'."""
    date: DateMention | None


@functools.cache
def _lex() -> dict:
    return lexicon().tensions


@functools.cache
def _reference_regex() -> re.Pattern[str]:
    lex = _lex()
    mods = alternation(lex["reference_modifiers"])
    return re.compile(rf"\b(?P<det>{alternation(lex['reference_determiners'])}){_S}"
                      rf"(?P<pre>(?:(?:{mods}|(?:19|20)\d\d|(?-i:[A-Z][\w'\u2019]*)){_S}){{0,4}}?)"
                      rf"(?P<noun>{alternation(list(lex['reference_nouns']))})(?![\w-])", re.I)


@functools.cache
def _link_regex() -> re.Pattern[str]:
    return re.compile(rf"^(?:,?{_S})?(?:{alternation(_lex()['reference_date_links'])}){_S}$", re.I)


def _noun_kind(noun: str) -> str:
    key = " ".join(noun.lower().split())
    return _lex()["reference_nouns"].get(key, "report")


def references_in(ctx: DocContext, s: Sentence) -> list[_Mention]:
    """The definite references back of one sentence, each with the date written inside it ('the 2018 report')
    or joined to it ('the report in 2018', 'the report published in March 2017')."""
    out: list[_Mention] = []
    for m in _reference_regex().finditer(ctx.text, s.start, s.end):
        date = None
        inside = ctx.dates_in(m.start("pre"), m.start("noun"))
        end = m.end()
        if inside:
            date = inside[-1]
        else:
            after = [d for d in ctx.dates_in(m.end(), min(s.end, m.end() + 40))
                     if _link_regex().match(ctx.text[m.end():d.start])
                     or (d.raw.lower().split()[0] in {"in", "of", "from"} and not ctx.text[m.end():d.start].strip())]
            if after:
                date, end = after[0], after[0].end
        out.append(_Mention(m.start(), end, m.start("noun"), _noun_kind(m.group("noun")), date))
    return out


def _told_before(facts: DocumentFacts, kind: str, before: int) -> list[tuple[int, Target]]:
    """Things of a kind the document told of before an offset, with the offset of the sentence telling it."""
    if kind == "inspection":
        found: list[tuple[int, Target]] = [(i.evidence.start, i) for i in facts.inspections]
    else:
        found = [(p.evidence.start, p) for p in facts.publications if p.kind == kind]
    return [(at, t) for at, t in found if at < before]


def antecedent(facts: DocumentFacts, kind: str, before: int) -> Target | None:
    """What a definite reference at `before` refers back to: the nearest thing of its kind told of earlier;
    among several told in one sentence, the dated one (a report's date is what a reference would restate)."""
    told = _told_before(facts, kind, before)
    if not told:
        return None
    last = max(at for at, _ in told)
    nearest = [t for at, t in told if at == last]
    dated = [t for t in nearest if t.date is not None]
    return (dated or nearest)[0]


def _appointed_here(facts: DocumentFacts, s: Sentence) -> list[Role]:
    """The posts a sentence says were filled: its appointments ('a new director of X, A, and a head of Y, B, were
    appointed'), including those of people whose post an earlier sentence told first."""
    out = [r for p in facts.people for r in p.roles if r.appointed and s.start <= r.evidence.start < s.end]
    if not re.search(rf"\b(?:{alternation(lexicon().roles['appointment_verbs'])})\b", s.text, re.I):
        return out
    text = norm(s.text)
    for p in facts.people:
        if not any(n and norm(n) in text for n in (p.name, *p.aliases)):
            continue
        out += [r for r in p.roles if all(r is not o for o in out)
                and any(t and norm(t) in text for t in (r.title, r.title_as_written))]
    return out


def _sentence_facts(facts: DocumentFacts, s: Sentence) -> list[Qualified]:
    """The events and appointments the sentence states (its facts that happen at a time)."""
    def inside(ev_start: int) -> bool:
        return s.start <= ev_start < s.end
    out: list[Qualified] = []
    out += _appointed_here(facts, s)
    for group in (facts.funding, facts.restructures, facts.meetings, facts.inspections, facts.publications):
        out += [f for f in group if inside(f.evidence.start)]
    return out


@functools.cache
def _cue_regex() -> re.Pattern[str]:
    cues = _lex()["sequence_cues"]
    parts = [rf"(?P<{rel}>{alternation(words)})" for rel, words in cues.items()]
    return re.compile(rf"(?:^|(?<=[\s,;\u00a0\"'\u201c\u2018(]))(?:{'|'.join(parts)}){_S}$", re.I)


def _cue_before(ctx: DocContext, s: Sentence, start: int) -> tuple[str, str] | None:
    """The anchoring cue written just before a reference ('In the wake of' the critical report), with its
    relation ('after' or 'before')."""
    m = _cue_regex().search(ctx.text, max(s.start, start - 40), start)
    if m is None:
        return None
    rel = next(r for r in _lex()["sequence_cues"] if m.group(r))
    return m.group(rel), rel


def _same_owner(ctx: DocContext, m: _Mention, target: Target) -> bool:
    """Whether a reference naming an organisation before its noun ('the Welsh Government report') can be the
    thing it would refer back to: only when that is the organisation's (its issuer or inspectorate)."""
    named = {o.key for o in ctx.mentions_between(m.start, m.noun)}
    owner = target.inspectorate if isinstance(target, Inspection) else target.issuer
    return not named or owner in named


def _compatible(a: str, b: str) -> bool:
    """Two dates that can name the same time: equal on their common precision ('2017' and '2017-10')."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def extract_tensions(ctx: DocContext, facts: DocumentFacts) -> tuple[list[Reference], list[SequenceClaim]]:
    """The dated references back and the relative temporal anchors of a document whose facts are extracted."""
    refs: list[Reference] = []
    seqs: list[SequenceClaim] = []
    for s in ctx.sents:
        for m in references_in(ctx, s):
            date = ctx.resolve(m.date, s.text) if m.date is not None else None
            # 'the inspection in October 2018' may be read as its own event, told in this very sentence
            here = [t for at, t in _told_before(facts, m.kind, s.end) if at >= s.start and t.date is not None
                    and date is not None and _compatible(t.date.value, date.value)]
            target = here[0] if here else antecedent(facts, m.kind, s.start)
            if target is None or not _same_owner(ctx, m, target):
                continue
            words = " ".join(ctx.text[m.start:m.end].split())
            if date is not None and not here:
                refs.append(Reference(key=f"reference/{short_hash(ctx.meta.content_hash, m.start)}",
                                      evidence=ctx.evidence_for(s.start), target=target, date=date,
                                      as_written=words, council=ctx.main_council))
            cue = _cue_before(ctx, s, m.start)
            if cue is None:
                continue
            qualified = [f for f in _sentence_facts(facts, s) if f is not target]
            if qualified:
                seqs.append(SequenceClaim(key=f"sequence/{short_hash(ctx.meta.content_hash, m.start)}",
                                          evidence=ctx.evidence_for(s.start), cue=" ".join(cue[0].split()),
                                          relation=cue[1], anchor=target, anchor_as_written=words,  # type: ignore[arg-type]
                                          qualifies=qualified, council=ctx.main_council))
    return refs, seqs


# ---------------------------------------------------------------- deadlines and recent completion
@functools.cache
def _deadline_regex() -> re.Pattern[str]:
    lex = _lex()
    return re.compile(rf"(?:\b(?:{alternation(lex['deadline_words'])}){_S}(?:the{_S})?"
                      rf"|\b(?:{alternation(lex['deadline_due'])})\b[^.;]{{0,40}}?\b(?:in|on|by){_S})$", re.I)


def deadline(ctx: DocContext, mention: DateMention, since: int) -> bool:
    """Whether a date is a deadline ('in place by April 1', 'due to be completed in May'): a deadline word
    written just before it (or opening it: 'by April'), looking back no further than `since`."""
    if re.match(rf"(?:{alternation(_lex()['deadline_words'])}){_S}", mention.raw, re.I):
        return True
    return _deadline_regex().search(ctx.text, max(since, mention.start - 60), mention.start) is not None


def recent(text: str, start: int) -> bool:
    """Whether the words just before a completion at `start` say it was done lately ('has just finished')."""
    words = alternation(_lex()["recent_words"])
    return re.search(rf"\b(?:{words})(?:{_S}[\w'\u2019]+)?{_S}$", text[max(0, start - 24):start], re.I) is not None \
        or re.match(rf"(?:{words})\b", text[start:], re.I) is not None


__all__ = ["extract_tensions", "references_in", "antecedent", "deadline", "recent"]

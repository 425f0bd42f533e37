"""Inspections, visits and conferences by an inspectorate, with their outcome and the report or
letter that followed.

A sentence reports an inspection when it names an inspectorate (or "the watchdog") and has a
trigger phrase from `ontology/lexicon/inspections.yaml` ("full inspection", "monitoring visits",
"improvement conference", "inspected", an inspectorate's "report"). A trigger after "the"/"this"
with no date of its own refers back to an inspection already told, and adds nothing. The outcome
is written in the text's own words: cue phrases ("inadequate", "significant concerns") and the clause a
report "found"; the sentence after one about "this report" may add to it.

The key is built from the inspectorate (its current name: CSSIW reports count as CIW's), council,
unit and month, so the same event reported by several documents gets one key.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from graph.extract.context import DocContext, OrgMention
from graph.extract.dates import DateMention, is_future
from graph.extract.findings import add_listed_findings
from graph.extract.lexicon import alternation, lexicon, norm
from graph.extract.text import Sentence
from graph.facts import DatePoint, Finding, Inspection, Publication
from graph.uris import short_hash, slug

_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:since|after|before|following|until|was|were)\b")


@functools.cache
def _date_clause() -> re.Pattern[str]:
    clauses = alternation(lexicon().inspections["date_clauses"])
    return re.compile(rf",?[ \u00a0]*(?:{clauses})[ \u00a0]+(?:in|on|during)?[ \u00a0]*", re.I)


@dataclass
class _Trigger:
    start: int
    end: int
    kind: str
    word: str
    np_start: int
    determiner: str | None = None
    own_date: bool = False
    cues: list[tuple[int, str, str]] = field(default_factory=list)


def _trigger_regex() -> re.Pattern[str]:
    pats = []
    for k in lexicon().inspections["kinds"]:
        for t in k["triggers"]:
            pats.append(re.escape(t).replace(r"\ ", r"[\s\u00a0-]+").replace(r"\-", r"[\s\u00a0-]*"))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(pats, key=len, reverse=True))})(?![\w-])", re.I)


def _kind_of(word: str) -> str:
    w = re.sub(r"[\s-]+", " ", word.lower())
    for k in lexicon().inspections["kinds"]:
        if w in {re.sub(r"[\s-]+", " ", t) for t in k["triggers"]}:
            return k["kind"]
    return "inspection"


def canonical_inspectorate(key: str) -> str:
    """The inspectorate's current key: a former name counts as its successor for event identity."""
    ref = next((r for r in lexicon().inspectorates if f"inspectorate/{r.key}" == key), None)
    return f"inspectorate/{ref.successor}" if ref and ref.successor else key


def inspection_key(inspectorate: str, council: str | None, unit: str | None, date: DatePoint | None,
                   fallback: str) -> str:
    parts = [canonical_inspectorate(inspectorate).split("/", 1)[1], (council or "council/unknown").split("/", 1)[1]]
    parts.append(unit.rsplit("/", 1)[1] if unit and unit.startswith("department/") else "council")
    parts.append(date.value[:7] if date else f"undated-{fallback}")
    return "inspection/" + "/".join(slug(p) for p in parts)


def _cues(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    lex = lexicon().inspections
    earlier = re.compile(rf"\b(?:{alternation(lex['earlier_clauses'])})\b[^,;.]*$", re.I)
    found: list[tuple[int, int, str, str]] = []
    for cue in sorted(lex["outcome_cues"], key=lambda c: len(c["cue"]), reverse=True):
        for m in re.finditer(rf"(?<![\w-])(?:{alternation([cue['cue']])})(?![\w-])", text[start:end], re.I):
            s, e = start + m.start(), start + m.end()
            before = text[max(start, s - 12):s].lower()
            if re.search(r"\b(?:no|not|without)\s+$", before) or earlier.search(text[max(start, s - 40):s]):
                continue
            if not any(fs < e and s < fe for fs, fe, _, _ in found):
                found.append((s, e, cue["canonical"], cue["type"]))
    openers = alternation(lex["finding_openers"])
    for m in re.finditer(rf"\b(?:{openers})\b[ \u00a0,]*(?P<what>[^.;]{{3,200}})", text[start:end], re.I):
        s = start + m.start("what")
        what = " ".join(m.group("what").split())
        what = re.split(r",\s+(?:following|after|since|before|which|when)\b", what)[0].rstrip(",")
        what = what.strip("\"'\u201c\u201d ")
        if len(what.split()) >= 3 and not what.lower().startswith(("that the department", "that this")):
            found.append((s, start + m.end(), what, "concern"))
    return sorted((s, c, t) for s, _, c, t in found)


def _triggers(ctx: DocContext, s: Sentence) -> list[_Trigger]:
    lex = lexicon().inspections
    anaphoric = {w.lower() for w in lex["anaphoric"]}
    adjectives = {a.lower() for a in lex["report_adjectives"]}
    np_words = {w.lower() for w in lex["np_words"]} | {"inspection", "care", "up", "follow"}
    out: list[_Trigger] = []
    for m in _trigger_regex().finditer(ctx.text, s.start, s.end):
        word = m.group(0)
        kind = _kind_of(word)
        # the noun phrase before the trigger: determiners, adjectives, dates, names
        np_start = m.start()
        determiner = None
        for tok in reversed(list(re.finditer(r"[\w'\u2019-]+", ctx.text[s.start:m.start()]))[-6:]):
            t = tok.group(0).lower()
            if t in anaphoric or t in {"a", "an"}:
                determiner, np_start = t, s.start + tok.start()
                break
            if not (tok.group(0)[0].isupper() or t.isdigit() or t in adjectives or t in np_words):
                break
            np_start = s.start + tok.start()
        later = [d for d in ctx.dates_in(m.end(), min(s.end, m.end() + 100))
                 if d.start - m.end() <= _reach(ctx, m.end(), d)
                 and (not _CLAUSE_BREAK.search(ctx.text[m.end():d.start]) or _date_clause().fullmatch(
                     ctx.text[m.end():d.start]))]
        own_date = bool(ctx.dates_in(np_start, m.start())) or bool(later)
        if determiner in anaphoric and not own_date:
            continue
        if determiner is None and kind == "inspection" and word.lower() in {"report", "review"} and not own_date:
            continue
        t = _Trigger(m.start(), m.end(), kind, word, np_start, determiner, own_date)
        t.cues = [(np_start, a, "outcome") for a in adjectives
                  if re.search(rf"\b{re.escape(a)}\b", ctx.text[np_start:m.start()], re.I)]
        out.append(t)
    return out


def _reach(ctx: DocContext, end: int, d: DateMention) -> int:
    """How far after a trigger its date may be written: further when the inspectorate's name stands
    between them ('the inspection of Adult Services carried out by Care Inspectorate Wales in July')."""
    return 85 if ctx.mentions_between(end, d.start, "inspectorate") else 45


def _date_for(ctx: DocContext, s: Sentence, t: _Trigger, others: list[_Trigger]) -> tuple[DateMention | None, bool]:
    """(date mention, whether it only bounds the event from above)."""
    inside = ctx.dates_in(t.np_start, t.start)
    if inside:
        return inside[-1], False
    nxt = min([o.np_start for o in others if o.start > t.start] + [s.end])
    after = [d for d in ctx.dates_in(t.end, nxt) if d.start - t.end <= _reach(ctx, t.end, d) + 15]
    if after:
        return after[0], False
    prev_end = max([o.end for o in others if o.end <= t.np_start] + [s.start])
    before = ctx.dates_in(prev_end, t.np_start)
    if before:
        lead = ctx.text[before[-1].end:t.np_start]
        after_a = re.search(r"\b(?:after|following)\s+$", ctx.text[max(s.start, t.np_start - 16):t.np_start], re.I)
        return before[-1], bool(after_a) and len(lead) > 20
    alone = ctx.dates_in(s.start, s.end)
    if not others and len(alone) == 1:  # one trigger, one date: 'An inspection of X by Y in February found'
        return alone[0], False
    return None, False


def _unit(ctx: DocContext, s: Sentence, t: _Trigger) -> str | None:
    depts = ctx.mentions_between(s.start, s.end, "department")
    if depts:
        return min(depts, key=lambda m: abs(m.start - t.start)).key
    anaphora = alternation(lexicon().services["anaphora"])
    if re.search(rf"\b(?:{anaphora})\b", s.text, re.I):
        prev = ctx.last_mention("department", s.start)
        return prev.key if prev else None
    return None


def _by(ctx: DocContext, t: _Trigger, m: OrgMention) -> bool:
    """'a report by the Care Inspectorate': the inspectorate follows its report."""
    between = ctx.text[t.end:m.start]
    return re.fullmatch(r"[ \u00a0]+(?:[\"'\u201c\u2018]?[\w -]{1,30}[\"'\u201d\u2019]?[ \u00a0]+)?"
                        r"(?:by|from|of)[ \u00a0]+(?:the[ \u00a0]+)?", between) is not None


def _explicit(ctx: DocContext, m: OrgMention) -> bool:
    return norm(m.surface) not in {norm(a) for a in lexicon().inspections["inspectorate_anaphora"]}


def _accepted(ctx: DocContext, s: Sentence, t: _Trigger, insp: list[OrgMention], sole: str | None) -> str | None:
    """The inspectorate a trigger reports on, or None when it does not report an inspection."""
    lex = lexicon().inspections
    word = t.word.lower()
    needs_named = word in {w.lower() for w in lex["needs_named_inspectorate"]}
    if word in {w.lower() for w in lex["possessive_only"]}:
        own = r"['\u2019]s?[ \u00a0]+(?:[a-z]+[ \u00a0]+)?"
        if not any(re.fullmatch(own, ctx.text[m.end:t.start]) or _by(ctx, t, m) for m in insp):
            return None
        return min(insp, key=lambda m: abs(m.start - t.start)).key
    if not insp:  # the document's only inspectorate, for a dated, not anaphoric mention
        verb = word in ("visited", "rated", "judged", "inspected")
        if sole is None or not t.own_date or is_future(s.text) or (needs_named and not verb
                                                                    and t.determiner not in ("a", "an")):
            return None
        return sole
    if needs_named:
        ok = [m for m in insp if (_explicit(ctx, m) and (m.start < t.start or _by(ctx, t, m)))
              or (word in ("visited", "rated", "judged") and 0 <= t.start - m.end <= 25)]
        if not ok or is_future(s.text):
            return None
        return min(ok, key=lambda m: abs(m.start - t.start)).key
    return min(insp, key=lambda m: abs(m.start - t.start)).key


def extract_inspections(ctx: DocContext) -> tuple[list[Inspection], list[Publication]]:
    found: dict[str, Inspection] = {}
    pubs: dict[str, Publication] = {}
    keys = {m.key for m in ctx.mentions if m.kind == "inspectorate"}
    sole = next(iter(keys)) if len(keys) == 1 else None
    last: tuple[int, Inspection] | None = None
    for s in ctx.sents:
        insp = ctx.mentions_between(s.start, s.end, "inspectorate")
        triggers = _without_its_report(ctx, [(t, k) for t in _triggers(ctx, s)
                                             if (k := _accepted(ctx, s, t, insp, sole))])
        if not triggers:
            if last is not None and s.index - last[0] <= 3 and last[1].status == "held" and (
                    insp or re.search(r"\b(?:this|the)\s+(?:report|inspection|letter)\b", s.text, re.I)):
                _add_outcome(ctx, last[1], s, _cues(ctx.text, s.start, s.end))
            continue
        future = is_future(s.text)
        primary = triggers[0][0]
        for t, inspectorate in triggers:
            dm, bound = _date_for(ctx, s, t, [o for o, _ in triggers if o is not t])
            date = ctx.resolve(dm, s.text) if dm else None
            unit = _unit(ctx, s, t)
            council = ctx.main_council
            key = inspection_key(inspectorate, council, unit, None if bound else date,
                                 short_hash(ctx.meta.content_hash, s.index, t.start))
            new = Inspection(key=key, inspectorate=inspectorate, evidence=ctx.evidence_for(s.start),
                             inspected=unit or council, council=council, date=None if bound else date,
                             not_after=date if bound else None, kind=t.kind,
                             status="scheduled" if future else "held")
            cues = list(t.cues)
            if t is primary:
                inner = [(o.np_start, o.start) for o, _ in triggers if o is not t]
                cues += [c for c in _cues(ctx.text, s.start, s.end) if not any(a <= c[0] < b for a, b in inner)]
            ins = found.setdefault(key, new)
            if ins is not new and ins.kind == "inspection":
                ins.kind = new.kind
            if not future:
                _add_outcome(ctx, ins, s, cues)
                _publications(ctx, ins, s, t, date, pubs)
            if t is primary:
                last = (s.index, ins)
    inspections = _settle(ctx, list(found.values()))
    add_listed_findings(ctx, inspections)
    kept = {i.key for i in inspections} | {i.result for i in inspections if i.result}
    told = [p for p in pubs.values() if p.key in kept or p.key in {i.result for i in inspections}]
    return inspections, told + _reports_in_passing(ctx, sole, {p.key for p in told})


def _reports_in_passing(ctx: DocContext, sole: str | None, known: set[str]) -> list[Publication]:
    """'... turn the service around following a damning report in October 2017': a report with an inspection
    report's adjective and a past date of its own, its issuer not named, in a document about one inspectorate, is
    that inspectorate's report. Only the publication is told (not the inspection behind it); it gets the key of
    the inspectorate's report of that month, so the sources that name the issuer describe the same report."""
    if sole is None or ctx.ref is None:
        return []
    adjectives = alternation(lexicon().inspections["report_adjectives"])
    rx = re.compile(rf"\b(?:a|an)[ \u00a0]+(?P<adj>{adjectives})[ \u00a0]+(?:inspection[ \u00a0]+)?report\b"
                    rf"(?:[ \u00a0]+(?:in|of|from|dated))?[ \u00a0]+$", re.I)
    out: list[Publication] = []
    for s in ctx.sents:
        for d in ctx.dates_in(s.start, s.end):
            m = rx.search(ctx.text, max(s.start, d.start - 60), d.start)
            date = ctx.resolve(d, "") if m and d.year is not None else None
            if m is None or date is None or date.value >= ctx.ref.value[:len(date.value)]:
                continue
            t = _Trigger(m.start(), m.end(), "inspection", "report", m.start())
            unit = _unit(ctx, s, t)
            key = inspection_key(sole, ctx.main_council, unit, date, "")
            key = key.replace("inspection/", "publication/report/", 1)
            if key in known:
                continue
            known.add(key)
            out.append(Publication(key=key, kind="report", evidence=ctx.evidence_for(s.start), recipient=unit
                                   or ctx.main_council, date=date, description=f"{m.group('adj').lower()} report"))
    return out


def _without_its_report(ctx: DocContext, triggers: list[tuple[_Trigger, str]]) -> list[tuple[_Trigger, str]]:
    """'CIW inspected X in June, and the final report was received in August': the report is the
    inspection's, not a second event, when an inspection of another kind comes first in the sentence."""
    out = []
    for t, k in triggers:
        reports = {"report", "review"}
        if t.word.lower() in reports and t.determiner in {"the", "its", "their", "this"} and not \
                ctx.dates_in(t.np_start, t.start) and any(o.start < t.start and o.word.lower() not in reports
                                                          for o, _ in out):
            continue
        out.append((t, k))
    return out


def _settle(ctx: DocContext, inspections: list[Inspection]) -> list[Inspection]:
    """Date a planned event from a later sentence ('The conference will be held on June 22'), drop
    plans with no date, and fold an undated mention into the dated event of the same inspectorate
    and unit (a headline or a first sentence that names the inspection without its date)."""
    for ins in inspections:
        if ins.status == "scheduled" and ins.date is None:
            noun = ins.kind.split()[-1]
            here = ctx.sentence_at(ins.evidence.start).index
            for s in ctx.sents[here + 1:here + 4]:
                d = ctx.dates_in(s.start, s.end)
                if d and re.search(rf"\b(?:the|this)\s+{re.escape(noun)}\b", s.text, re.I):
                    ins.date = ctx.resolve(d[0], s.text)
                    ins.key = inspection_key(ins.inspectorate, ins.council, ins.inspected, ins.date, "")
                    break
    inspections = [i for i in inspections if not (i.status == "scheduled" and i.date is None)]
    dated = [i for i in inspections if i.date is not None]
    out: list[Inspection] = []
    for ins in inspections:
        if ins.date is None and ins.not_after is None:
            same = canonical_inspectorate(ins.inspectorate)
            match = [d for d in dated if canonical_inspectorate(d.inspectorate) == same
                     and (d.inspected == ins.inspected or ins.inspected == ins.council or d.inspected == d.council)
                     and (d.kind == ins.kind or "inspection" in (d.kind, ins.kind))]
            if len(match) > 1:  # "have been rated outstanding" with this year's and an earlier inspection
                latest = max(match, key=lambda d: d.date.value)  # type: ignore[union-attr]
                match = [latest] if sum(d.date.value == latest.date.value for d in match) == 1 else match  # type: ignore[union-attr]
            if len(match) == 1:
                target = match[0]
                _add_outcome(ctx, target, ctx.sentence_at(ins.evidence.start),
                             [(0, f.text, f.type) for f in ins.findings])
                target.result = target.result or ins.result
                if target.inspected == target.council and ins.inspected != ins.council:
                    target.inspected = ins.inspected
                    target.key = inspection_key(target.inspectorate, target.council, target.inspected, target.date, "")
                continue
        if any(o.key == ins.key for o in out):
            continue
        out.append(ins)
    return out


def _add_outcome(ctx: DocContext, ins: Inspection, s: Sentence, cues: list[tuple[int, str, str]]) -> None:
    """Findings keep the text's clauses; the one-line outcome keeps the cue phrases ('inadequate',
    'serious concerns'), or the first clause cut short when the text has no cue phrase."""
    for _, text, ftype in cues:
        if any(f.text.lower() == text.lower() for f in ins.findings):
            continue
        ins.findings.append(Finding(type=ftype, text=text, evidence=ctx.evidence_for(s.start)))  # type: ignore[arg-type]
    canonical = {c["canonical"].lower() for c in lexicon().inspections["outcome_cues"]}
    cue_texts = list(dict.fromkeys(f.text for f in ins.findings if f.text.lower() in canonical
                                   or f.type == "outcome" and len(f.text.split()) <= 3))
    if cue_texts:
        ins.outcome = "; ".join(cue_texts)
    elif ins.findings:
        ins.outcome = " ".join(ins.findings[0].text.split()[:12])


def _publications(ctx: DocContext, ins: Inspection, s: Sentence, t: _Trigger, date: DatePoint | None,
                  pubs: dict[str, Publication]) -> None:
    """The report an inspection produced, and any letter the sentence says followed it."""
    if "report" in t.word.lower():
        key = ins.key.replace("inspection/", "publication/report/", 1)
        pubs.setdefault(key, Publication(key=key, kind="report", evidence=ctx.evidence_for(s.start),
                                         title=None, issuer=ins.inspectorate, recipient=ins.inspected, date=date,
                                         description=f"{ins.outcome or ''} inspection report".strip()))
        ins.result = key
    for letter in lexicon().inspections["letters"]:
        m = re.search(rf"\b{re.escape(letter)}\b", s.text, re.I)
        if m:
            dates = ctx.dates_in(s.start, s.start + m.start())
            when = ctx.resolve(dates[-1], s.text) if dates else None
            key = ins.key.replace("inspection/", "publication/letter/", 1)
            pubs.setdefault(key, Publication(key=key, kind="letter", evidence=ctx.evidence_for(s.start),
                                             title=letter.capitalize(), issuer=ins.inspectorate,
                                             recipient=ins.council, date=when, description=letter))
            ins.result = key

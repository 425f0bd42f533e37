"""People and their posts: group name mentions into persons, attach post titles written next to a
name, the councillor's ward and party, and appointment dates.

Within a document, "Ms Smith" and "Cllr Smith" are the person named "Ann Smith" there; "Ali Smith"
and "Alison Smith" are one person (nickname table); a one-letter slip in a name ("Jonh"/"John")
does not make a second person. A title's organisation is the council it is written with
("Ceredigion County Council's director"), the board it names ("Chair of the X Board"), else the
document's council.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from graph.extract.context import DocContext
from graph.extract.dates import DateMention
from graph.extract.lexicon import alternation, lexicon, norm
from graph.extract.names import NameMention, find_names, honorific_info, name_after, name_before
from graph.extract.orgs import add_department
from graph.extract.roles import RoleMention, find_roles
from graph.facts import DatePoint, Person, Role
from graph.uris import slug

_PAREN = re.compile(r"^[ \u00a0]*,?[ \u00a0]*\((?P<a>[^(),\u2013\u2014-]+?)[ \u00a0]*(?:[-\u2013\u2014]+|,)[ \u00a0]*"
                    r"(?P<b>[^()]+?)[ \u00a0]*\)")
_PAREN_ONE = re.compile(r"^[ \u00a0]*,?[ \u00a0]*\((?P<a>[^()]+?)\)")
_REPORTED = re.compile(r"\b(?:said|says|told|added|explained|warned|stated|claimed|insisted|argued)\b")
_GENERIC_UNITS = {"department", "the department", "service", "the service", "services", "directorate", "section",
                  "division", "unit", "team"}
_DEPT_HEADS = ("Director of", "Head of", "Assistant Director of", "Deputy Director of")


@dataclass
class _Cluster:
    mentions: list[NameMention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    party: str | None = None
    ward: str | None = None

    @property
    def full(self) -> list[NameMention]:
        return [m for m in self.mentions if not m.surname_only]

    @property
    def surname(self) -> str:
        return self.mentions[0].surname

    def name(self) -> str:
        full = self.full or self.mentions
        nick = lexicon().nicknames

        def formality(m: NameMention) -> tuple[int, int, int]:
            first = (m.forename or "").lower()
            formal = int(first in nick and first in nick[first])
            return (len(m.name.split()), formal, len(m.name))
        return max(full, key=formality).name

    def honorific(self) -> str | None:
        return next((m.honorific for m in self.mentions if m.honorific), None)


def _same(a: NameMention, b: NameMention) -> bool:
    if a.surname != b.surname and not (len(a.surname) > 4 and Levenshtein.distance(a.surname, b.surname) <= 1
                                       and a.forename == b.forename):
        return False
    if a.surname_only or b.surname_only:
        return True
    fa, fb = a.forename or "", b.forename or ""
    return lexicon().same_forename(fa, fb) or (min(len(fa), len(fb)) >= 4 and Levenshtein.distance(fa, fb) <= 1)


def _party_or_ward(value: str) -> str | None:
    """The party a parenthesis part names, in the reference table's short form."""
    v = value.strip().lower()
    parties = lexicon().parties
    if v in parties:
        return parties[v]
    return next((parties[p] for p in sorted(parties, key=len, reverse=True)
                 if len(p) > 3 and re.search(rf"\b{re.escape(p)}\b", v)), None)


def _council_before(ctx: DocContext, start: int) -> str | None:
    """"Ceredigion County Council's director" -> the council written with the title."""
    for m in ctx.mentions:
        if m.kind == "council" and 0 <= start - m.end <= 12 and re.fullmatch(
                r"['\u2019]s?[ \u00a0]*(?:\([A-Z]+\))?[ \u00a0]*", ctx.text[m.end:start]):
            return m.key
    return None


def _role_org(ctx: DocContext, rm: RoleMention) -> str | None:
    if rm.org_rule == "none":
        return None
    council = _council_before(ctx, rm.start) or ctx.main_council
    if rm.org_rule != "object" or not rm.obj:
        return council
    obj = norm(re.sub(r"^the\s+", "", rm.obj, flags=re.I))
    if obj in {"committee", "the committee"}:
        return council
    for org in ctx.orgs.values():
        if org.kind == "body" and norm(org.name) == obj:
            return org.key if org.body_kind in ("board", "partnership", "panel", "forum") else council
    return council


def _resolve_committee_title(ctx: DocContext, rm: RoleMention) -> None:
    """'Committee chair' -> 'Chairman of the <committee being reported on>'."""
    if rm.head == "suffix" and rm.obj and norm(rm.obj) in {"committee", "the committee"}:
        prev = [m for m in ctx.mentions if m.kind == "body" and "committee" in ctx.orgs[m.key].name.lower()]
        if prev:
            name = ctx.orgs[min(prev, key=lambda m: abs(m.start - rm.start)).key].name
            rm.title, rm.obj = f"Chairman of the {name}", name


def _tenure(ctx: DocContext, rm: RoleMention, person: NameMention,
            others: list[int]) -> tuple[DatePoint | None, DatePoint | None, bool]:
    """(start, end, appointed) of a post as the sentence reports them: an appointment ('was
    appointed in May'), 'since 2019', or a departure ('left the council in 2018')."""
    date, appointed = _appointment_date(ctx, rm, person, others)
    start = ctx.resolve(date) if date else None
    end = None
    sent = ctx.sentence_at(rm.start)
    hi = min([sent.end, *[o for o in others if o > person.end]])
    after = ctx.text[max(person.end, rm.end):hi]
    after = _REPORTED.split(after)[0]  # "X, cabinet member, said the council had invested ... since 2017"
    lex = lexicon().roles
    if start is None and (m := re.search(rf"\b(?:{alternation(lex['since'])})\b", after, re.I)):
        dates = ctx.dates_in(max(person.end, rm.end) + m.end(), hi)
        start = ctx.resolve(dates[0]) if dates else None
    if (m := re.search(rf"\b(?:{alternation(lex['end_verbs'])})\b", after, re.I)):
        dates = ctx.dates_in(max(person.end, rm.end) + m.end(), hi)
        end = ctx.resolve(dates[0]) if dates else None
    return start, end, appointed


def _appointment_date(ctx: DocContext, rm: RoleMention, person: NameMention,
                      others: list[int]) -> tuple[DateMention | None, bool]:
    """The date of an appointment reported with this title and name, and whether one is reported."""
    sent = ctx.sentence_at(rm.start)
    verbs = alternation(lexicon().roles["appointment_verbs"])
    lo = max([sent.start, *[o for o in others if o < rm.start]])
    hi = min([sent.end, *[o for o in others if o > person.end]])
    after = ctx.text[max(person.end, rm.end):hi]
    after = re.split(r"\s+and\s+(?!was\b|were\b)|;", after)[0]
    before = ctx.text[lo:min(rm.start, person.start)]
    between = ctx.text[min(person.end, rm.end):max(person.start, rm.start)]
    m = re.search(rf"\b(?:{verbs})\b", " ".join((after, before, between)), re.I)
    if not m:
        return None, False
    offset_after = max(person.end, rm.end)
    for d in ctx.dates_in(offset_after, offset_after + len(after)):
        return d, True
    dates = ctx.dates_in(lo, lo + len(before))
    return (dates[-1] if dates else None), True


def extract_people(ctx: DocContext) -> list[Person]:
    text = ctx.text
    names = find_names(text)
    if ctx.meta.author:
        m = re.search(rf"\bBy[ \u00a0]+({re.escape(ctx.meta.author)})", text)
        if m:
            names = [n for n in names if not (n.start <= m.start(1) < n.end)]
            names.append(NameMention(m.start(1), m.end(1), ctx.meta.author, source="byline"))
    roles = find_roles(text, {n.start for n in names} | {n.hon_start for n in names if n.hon_start is not None})
    links: list[tuple[RoleMention, NameMention]] = []
    for rm in roles:
        _resolve_committee_title(ctx, rm)
        if rm.title.startswith(_DEPT_HEADS) and rm.obj and norm(rm.obj) not in _GENERIC_UNITS:
            # a Director or Head 'of X' post implies the unit X
            add_department(ctx, _dept_name(rm.obj), rm.start + len(rm.as_written) - len(rm.obj), rm.end)
        after = next((n for n in names if n.start >= rm.end and re.fullmatch(
            rf"[ \u00a0]*(?:,|[ \u00a0][-\u2013\u2014:])?[ \u00a0]*(?:{_hon_alt()})?\.?[ \u00a0]*",
            text[rm.end:n.hon_start or n.start])), None)
        before = next((n for n in reversed(names) if n.end <= rm.start and re.fullmatch(
            r"[ \u00a0]*,?[ \u00a0]*(?:\([^()]*\)[ \u00a0]*,?[ \u00a0]*)?"
            r"(?:(?:is|was|as|who is|who was|who became|who has been|became|has become)[ \u00a0]+)?"
            r"(?:(?:appointed|named|made|promoted to|appointed as|named as)[ \u00a0]+)?"
            r"(?:(?:the|a|an|our|new)[ \u00a0]+)?"
            r"(?:(?:council|authority|county council|local authority|[A-Z][\w-]+(?:[ \u00a0][A-Z][\w-]+){0,3})"
            r"['\u2019]s[ \u00a0]+)?",
            text[n.end:rm.start])), None)
        subject = re.match(r"[ \u00a0]+(?!(?:in|at|for|of|since|from|until|on|with|and|said|says|added|told)\b)[a-z]",
                           text[rm.end:rm.end + 12]) is not None
        if subject and "," in text[(before.end if before else rm.start - 3):rm.start]:
            before = None  # "a question from Cllr X, the Head of Y confirmed": Y is the next subject
        person = after or before or name_after(text, rm.end) or (None if subject else name_before(text, rm.start))
        if person is None:
            continue
        if person not in names:
            names.append(person)
        links.append((rm, person))
    names.sort(key=lambda n: n.start)
    clusters: list[_Cluster] = []
    for n in sorted(names, key=lambda n: (n.surname_only, n.start)):
        target = next((c for c in clusters if any(_same(n, m) for m in c.full or c.mentions)), None)
        if target is None:
            target = _Cluster()
            clusters.append(target)
        target.mentions.append(n)
    by_mention = {id(m): c for c in clusters for m in c.mentions}

    def cluster_of(n: NameMention) -> _Cluster:
        return by_mention.get(id(n)) or next(c for c in clusters if any(m == n for m in c.mentions))

    starts = sorted({rm.start for rm, _ in links})
    for rm, n in links:
        c = cluster_of(n)
        start, end, appointed = _tenure(ctx, rm, n, [s for s in starts if s != rm.start])
        org = _role_org(ctx, rm)
        if any(r.title == rm.title for r in c.roles):
            r = next(r for r in c.roles if r.title == rm.title)
            if r.start is None and start is not None:
                r.start, r.appointed = start, appointed
            r.end = r.end or end
            continue
        c.roles.append(Role(title=rm.title, evidence=ctx.evidence_for(rm.start), title_as_written=rm.as_written,
                            organisation=org, start=start, end=end, appointed=appointed))
        if rm.party_group:
            c.party = c.party or rm.party_group
    for n in names:
        c = cluster_of(n)
        pm = _PAREN.match(text[n.end:n.end + 80])
        if pm:
            a, b = pm.group("a").strip(), pm.group("b").strip()
            pa, pb = _party_or_ward(a), _party_or_ward(b)
            exact = lexicon().parties
            if pa and pb:  # "(Lab, Tipton Green)": the exact party name wins over a ward that contains one
                pa, pb = (pa, None) if a.lower() in exact else (None, pb) if b.lower() in exact else (pa, pb)
            if pa and not pb:
                c.party, c.ward = c.party or pa, c.ward or b
            elif pb and not pa:
                c.party, c.ward = c.party or pb, c.ward or a
        elif (p1 := _PAREN_ONE.match(text[n.end:n.end + 60])) and (party := _party_or_ward(p1.group("a"))):
            c.party = c.party or party
        elif p1 and honorific_info(n.honorific).get("councillor") and _looks_like_ward(p1.group("a")):
            c.ward = c.ward or p1.group("a").strip()  # minutes: "Councillor A. Lee (Llanbadarn Fawr)"
        elif n.hon_start is not None and honorific_info(n.honorific).get("councillor"):
            before = re.search(r"([A-Z][\w ]{1,30}?)[ \u00a0]+$", text[max(0, n.hon_start - 32):n.hon_start])
            party = _party_or_ward(before.group(1)) if before else None
            if party and before.group(1).strip().lower() in lexicon().parties:
                c.party = c.party or party  # "Labour councillor Ann Lee"
        if honorific_info(n.honorific).get("councillor") and not any(r.title == "Councillor" for r in c.roles):
            c.roles.append(Role(title="Councillor", evidence=ctx.evidence_for(n.start), title_as_written=n.honorific,
                                organisation=ctx.main_council))
    _pronoun_appointments(ctx, clusters)
    _remits(ctx, clusters)
    _bare_forenames(ctx, clusters)
    return [_person(ctx, c) for c in clusters if c.full or c.roles or any(m.honorific for m in c.mentions)]


def _looks_like_ward(value: str) -> bool:
    """A bracket after a councillor's name that is a place, not a post ('(Chair)') or an acronym."""
    words = value.replace("\u00a0", " ").split()
    roles = {w.lower() for w in lexicon().bodies["role_words"]} | {"vice-chairman", "vice-chair", "mayor", "deputy",
                                                                  "substitute", "observer", "ex-officio", "cabinet"}
    return (0 < len(words) <= 5 and words[0][:1].isupper() and not value.isupper()
            and not any(w.lower().strip(".,") in roles for w in words))


def _dept_name(obj: str) -> str:
    index = lexicon().service_index()
    key = norm(obj).replace("\u2019", "'")
    if key in index:
        return index[key]
    head = re.split(r"\s+for\s+", obj)[0]
    from graph.extract.roles import title_case
    return index.get(norm(head), title_case(re.sub(r"^the\s+", "", head, flags=re.I)))


def _hon_alt() -> str:
    return alternation([h["form"].rstrip(".") for h in lexicon().honorifics])


def _pronoun_appointments(ctx: DocContext, clusters: list[_Cluster]) -> None:
    """'She took over in June 2016': the start of the last-named person's post."""
    verbs = alternation(lexicon().roles["appointment_verbs"])
    for s in ctx.sents:
        m = re.match(rf"^(?:[^.]*?\b)?(?P<pro>She|He|she|he)\b[^.]*?\b(?:{verbs})\b", s.text)
        if not m:
            continue
        dates = [d for d in ctx.dates_in(s.start + m.end(), s.end) if ctx.resolve(d, s.text) is not None]
        if not dates:
            continue
        gender = "female" if m.group("pro").lower() == "she" else "male"
        prior = [(mm.start, c) for c in clusters for mm in c.mentions if mm.start < s.start + m.start("pro")
                 and honorific_info(c.honorific()).get("gender") in (gender, None)
                 and any(r.title != "Councillor" and r.organisation for r in c.roles)]
        if not prior:
            continue
        _, c = max(prior, key=lambda x: x[0])
        role = next(r for r in c.roles if r.title != "Councillor" and r.organisation)
        if role.start is None:
            role.start, role.appointed = ctx.resolve(dates[0]), True


def _remits(ctx: DocContext, clusters: list[_Cluster]) -> None:
    """'... had seen his remit extended to include X': X becomes one of the person's posts."""
    rx = re.compile(rf"\b(?:{alternation(lexicon().roles['remit'])})[ \u00a0]+"
                    r"(?P<obj>[A-Z][\w'\u2019&]*(?:[ \u00a0]+(?:[A-Z][\w'\u2019&]*|and|of|for))*)")
    for m in rx.finditer(ctx.text):
        prior = [(mm.end, c) for c in clusters for mm in c.mentions if mm.end <= m.start()]
        if not prior:
            continue
        _, c = max(prior, key=lambda x: x[0])
        title = m.group("obj").replace("\u2019", "'")
        if not any(r.title == title for r in c.roles):
            c.roles.append(Role(title=title, evidence=ctx.evidence_for(m.start()), title_as_written=m.group(0),
                                organisation=ctx.main_council))


def _bare_forenames(ctx: DocContext, clusters: list[_Cluster]) -> None:
    """'... to have Ali's leadership': a given name written alone, after the person was named in full, is that
    person's, when no other person of the document has that given name. Given names that are also common words
    ('May', 'Will') and a capital at a sentence's start are not taken."""
    from graph.extract.names import _AMBIGUOUS_FORENAMES, _NOT_NAME
    owners: dict[str, list[_Cluster]] = {}
    for c in clusters:
        for f in {m.forename for m in c.full if m.forename and len(m.name.split()) >= 2}:
            owners.setdefault(f, []).append(c)
    taken = [(m.start, m.end) for c in clusters for m in c.mentions]
    starts = {s.start for s in ctx.sents}
    for forename, cs in owners.items():
        if len(cs) != 1 or forename in _AMBIGUOUS_FORENAMES or forename in _NOT_NAME or len(forename) < 3:
            continue
        c = cs[0]
        first = min(m.start for m in c.full)
        for m in re.finditer(rf"(?<![\w.'\u2019-]){re.escape(forename)}(?![\w-])(?![ \u00a0]+[A-Z])", ctx.text):
            lead = ctx.text[max(0, m.start() - 3):m.start()]
            if (m.start() <= first or any(a <= m.start() < b for a, b in taken) or m.start() in starts
                    or re.search(r"[.!?\n][\s\u201c\"]*$", lead) or ctx.sentence_at(m.start()).start == m.start()):
                continue
            c.mentions.append(NameMention(m.start(), m.end(), forename, source="forename"))
            break


def _person(ctx: DocContext, c: _Cluster) -> Person:
    name = c.name()
    aliases: list[str] = []
    for m in c.mentions:
        forms = [m.name] + ([f"{m.honorific} {m.name}"] if m.honorific else [])
        for f in forms:
            if f != name and f not in aliases:
                aliases.append(f)
    first = min(c.mentions, key=lambda m: m.start)
    return Person(key=f"person/{slug(name)}", name=name, evidence=ctx.evidence_for(first.start), aliases=aliases,
                  roles=c.roles, party=c.party, ward=c.ward, honorific=c.honorific())

"""Organisations named in a document: councils, inspectorates, departments (services) and bodies.

Councils come from the reference table (full and short names) or from the shape "<Name> County /
Borough / City / District Council" for councils not in it; their initials ("PCC") count as a
mention when the text uses them. Inspectorates come from the reference table; "the watchdog" and
"inspectors" stand for the document's inspectorate. Departments come from the service lexicon;
bodies from head words ("committee", "board") and fixed forms ("full council", "Cabinet").
"""
from __future__ import annotations

import functools
import re
from collections import Counter

from graph.extract.context import DocContext, OrgMention
from graph.extract.lexicon import alternation, lexicon, norm
from graph.uris import slug

_APOS = "['\u2019]"
_CAP = r"[A-Z][\w'\u2019&-]*"
_GENERIC_COUNCIL_WORDS = {"the", "a", "this", "that", "full", "county", "borough", "city", "district", "town",
                          "local", "welsh", "community", "parish", "cabinet", "member", "members", "our",
                          "each", "every", "any", "yesterday", "today", "last", "on", "but", "and", "when",
                          "however", "meanwhile", "both", "now", "said", "also", "new", "while", "after",
                          "before", "following", "in", "at", "by", "for", "of", "his", "her", "their"}
_COUNCIL_RX = re.compile(
    rf"\b((?:{_CAP}[ \u00a0]+(?:(?:of|and|upon|on|-)[ \u00a0]+)?){{1,4}}?)"
    r"((?:County Borough|Metropolitan Borough|Borough|County|City|District|Town)[ \u00a0]+)?Council\b")
COUNCIL_ANAPHORA = re.compile(
    r"\b(?:the|this|our)\s+(?:local\s+)?(?:council|authority|county council)\b|\bwe as a council\b", re.I)
_NOT_COUNCIL_AFTER = r"(?![\s\u00a0]+(?:Teaching|Health|Police|Fire|Housing|Association|University|College))"


def council_key(name: str) -> str:
    return f"council/{slug(name)}"


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


@functools.cache
def _council_patterns() -> list[tuple[object, re.Pattern[str], re.Pattern[str]]]:
    """Per reference council: its names as written, and the same in capitals (headings of minutes:
    "BLAENAU GWENT COUNTY BOROUGH COUNCIL"). Compiled once: hundreds of councils outrun re's cache."""
    out = []
    for ref in lexicon().councils:
        rx = re.compile(rf"\b(?:{alternation([ref.name, *ref.short_names])})"
                        r"(?:[\s\u00a0]+(?:County Borough|County|City|Borough)?[\s\u00a0]*Council)?\b"
                        + _NOT_COUNCIL_AFTER)
        out.append((ref, rx, re.compile(rx.pattern, re.I)))
    return out


def find_councils(ctx: DocContext) -> None:
    text, lex = ctx.text, lexicon()
    taken: list[tuple[int, int]] = []
    found = [(ref, m.start(), m.end()) for ref, rx, shouted in _council_patterns()
             for m in [*rx.finditer(text), *(x for x in shouted.finditer(text) if x.group(0).isupper())]]
    for ref, start, end in found:
        if any(s <= start and end <= e and (s, e) != (start, end) for _, s, e in found):
            continue  # "Somerset Council" inside "North Somerset Council"
        ctx.add_org(council_key(ref.name), ref.name, "council", start, end)
        taken.append((start, end))
    for m in _COUNCIL_RX.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        words = m.group(1).split()
        while words and words[0].lower() in _GENERIC_COUNCIL_WORDS:
            words.pop(0)
        if not words or all(w.lower() in _GENERIC_COUNCIL_WORDS for w in words):
            continue
        name = " ".join([*words, *(m.group(2) or "").split(), "Council"])
        start = m.start() + m.group(0).find(words[0])
        said = norm(" ".join(words))
        ref = next((r for r in lex.councils if said in {norm(x) for x in (r.name, *r.short_names)}), None)
        if ref is not None:
            name = ref.name
        ctx.add_org(council_key(name), name, "council", start, m.end())
    for key, org in list(ctx.orgs.items()):
        if org.kind != "council":
            continue
        acronym = initials(org.name)
        if len(acronym) >= 2:
            for m in re.finditer(rf"\b{re.escape(acronym)}\b", text):
                ctx.add_org(key, org.name, "council", m.start(), m.end())
    councils = Counter(m.key for m in ctx.mentions if m.kind == "council")
    if councils:
        first = {k: min(m.start for m in ctx.mentions if m.key == k) for k in councils}
        ctx.main_council = max(councils, key=lambda k: (councils[k], -first[k]))
        for m in COUNCIL_ANAPHORA.finditer(text):
            ctx.mentions.append(OrgMention(m.start(), m.end(), ctx.main_council, "council", m.group(0)))


def find_inspectorates(ctx: DocContext) -> None:
    text, lex = ctx.text, lexicon()
    for ref in lex.inspectorates:
        for form in (ref.name, *ref.aliases):
            flags = 0 if form.isupper() else re.I
            for m in re.finditer(rf"\b(?:{alternation([form])})\b", text, flags):
                ctx.add_org(f"inspectorate/{ref.key}", ref.name, "inspectorate", m.start(), m.end())
    found = [k for k in ctx.orgs if k.startswith("inspectorate/")]
    if not found:
        return
    anaphora = lex.inspections["inspectorate_anaphora"]
    for m in re.finditer(rf"\b(?:{alternation(anaphora)})\b", text, re.I):
        if any(x.start <= m.start() < x.end for x in ctx.mentions):
            continue
        prev = ctx.last_mention("inspectorate", m.start()) or next(
            (x for x in ctx.mentions if x.kind == "inspectorate"), None)
        if prev is not None:
            ctx.add_org(prev.key, ctx.orgs[prev.key].name, "inspectorate", m.start(), m.end())


def find_governments(ctx: DocContext) -> None:
    for row in lexicon().organisations:
        for form in [row["name"], *[a for a in row["aliases"].split(";") if a.strip()]]:
            for m in re.finditer(rf"\b{re.escape(form.strip())}\b", ctx.text, re.I):
                ctx.add_org(row["key"], row["name"], "body", m.start(), m.end(), body_kind=row["kind"])


def _service_regex() -> re.Pattern[str]:
    variants = list(lexicon().service_index())
    pats = sorted({re.escape(v).replace("'", f"{_APOS}?").replace(r"\ ", r"[\s\u00a0]+") for v in variants},
                  key=len, reverse=True)
    suffixes = alternation(lexicon().services["suffixes"])
    subs = alternation(lexicon().services["sub_units"])
    return re.compile(rf"\b(?P<svc>{'|'.join(pats)})(?P<sub>[\s\u00a0]+(?:{subs}))?(?:[\s\u00a0]+(?:{suffixes}))?\b",
                      re.I)


def department_key(council: str | None, name: str) -> str:
    owner = council.split("/", 1)[1] if council else "unknown-council"
    return f"department/{owner}/{slug(name)}"


def add_department(ctx: DocContext, name: str, start: int, end: int, surface: str | None = None) -> str:
    parent_name = lexicon().service_parent(name)
    key = department_key(ctx.main_council, name)
    parent = None
    if parent_name and any(o.name == parent_name and o.kind == "department" for o in ctx.orgs.values()):
        parent = department_key(ctx.main_council, parent_name)
    org = ctx.add_org(key, name, "department", start, end, surface, council=ctx.main_council)
    org.part_of = org.part_of or parent
    return key


def find_departments(ctx: DocContext) -> None:
    text, lex = ctx.text, lexicon()
    index = lex.service_index()
    portfolio = re.compile(
        rf"(?:{alternation(lex.services['portfolio_heads'])})[ \u00a0]+(?:[\w'\u2019&-]+[ \u00a0]+){{0,5}}$", re.I)
    suffixes = re.compile(rf"[ \u00a0]+(?:{alternation(lex.services['suffixes'])})$", re.I)
    portfolio_aliases: list[str] = []
    not_before = re.compile(rf"^[\s\u00a0]*(?:{alternation(lex.services['not_before'])})\b", re.I)
    for m in _service_regex().finditer(text):
        if any(x.start <= m.start() < x.end or m.start() <= x.start < m.end() for x in ctx.mentions):
            continue
        if portfolio.search(text[max(0, m.start() - 60):m.start()]) or not_before.match(text[m.end():m.end() + 12]):
            portfolio_aliases.append(m.group("svc"))
            continue
        name = index[norm(m.group("svc")).replace("\u2019", "'")] if norm(m.group("svc")) in index else \
            index.get(norm(m.group("svc")).replace("childrens", "children's"))
        if name is None:
            continue
        if m.group("sub"):
            name = f"{name} {m.group('sub').strip().title()}"
        key = add_department(ctx, name, m.start(), m.end())
        short = suffixes.sub("", " ".join(m.group(0).split()))
        if short != " ".join(m.group(0).split()) and norm(short).replace("\u2019", "'") in index:
            _alias(ctx, key, short)
    for svc in portfolio_aliases:  # forms seen only in portfolio titles still name the unit
        name = index.get(norm(svc).replace("\u2019", "'"))
        key = department_key(ctx.main_council, name) if name else None
        if key in ctx.orgs:
            _alias(ctx, key, " ".join(svc.split()))
    # "Adult and Children's Services": a shared head noun
    shared = rf"\b(\w+(?:{_APOS}s)?)\s+and\s+(\w+(?:{_APOS}s)?)\s+(Services|services|Social Services)\b"
    head_forms = [f for h in lex.roles["heads"] for f in h["forms"]]
    title_heads = re.compile(rf"\b(?:{alternation(head_forms)})[ \u00a0]*$", re.I)
    for m in re.finditer(shared, text):
        if title_heads.search(text[max(0, m.start() - 40):m.start()]):
            continue  # "director of education and children's services": one unit, named by the title
        if any(x.start < m.end() and m.start() < x.end for x in ctx.mentions if x.kind != "department") or \
                portfolio.search(text[max(0, m.start() - 60):m.start()] + " "):
            continue
        for word in (m.group(1), m.group(2)):
            name = index.get(norm(f"{word} {m.group(3)}")) or index.get(norm(f"{word} services"))
            if name:
                add_department(ctx, name, m.start(), m.end(), surface=None)
    for org in ctx.orgs.values():  # parents found after their children
        if org.kind == "department" and org.part_of is None and (p := lex.service_parent(org.name)):
            key = department_key(ctx.main_council, p)
            org.part_of = key if key in ctx.orgs else None


def _alias(ctx: DocContext, key: str, alias: str) -> None:
    org = ctx.orgs[key]
    if alias != org.name and alias not in org.aliases:
        org.aliases.append(alias)


def body_key(council: str | None, name: str) -> str:
    owner = council.split("/", 1)[1] + "/" if council else ""
    return f"body/{owner}{slug(name)}"


def find_bodies(ctx: DocContext) -> None:
    text, lex = ctx.text, lexicon()
    heads = sorted(lex.bodies["heads"], key=lambda h: len(h["word"]), reverse=True)
    head_rx = alternation([h["word"] for h in heads] + [h["word"].title() for h in heads]
                          + [h["word"].capitalize() for h in heads])
    connector = r"(?:and|&|of|for|of[ \u00a0]+the)"
    roles = {w.lower() for w in lex.bodies["role_words"]}
    rx = re.compile(rf"\b((?:{_CAP})(?:[ \u00a0]+(?:{_CAP}|{connector})){{0,6}}?)[ \u00a0]+({head_rx})\b")
    strip = {w.lower() for w in lex.bodies["strip_leading"]}
    for m in rx.finditer(text):
        words = m.group(1).split()
        cut = [i for i, w in enumerate(words) if w.lower() in roles]
        if cut:
            words = words[cut[-1] + 1:]
            while words and words[0].lower() in {"of", "the", "for"}:
                words.pop(0)
        while words and (words[0].lower() in strip or words[0].lower() in {"at", "a", "an", "to", "by", "on", "in"}):
            words.pop(0)
        if not words or words[0][0].islower():
            continue
        if words[-1].lower() in {"member", "cabinet"} and m.group(2).lower() in {"board"}:
            continue
        head = m.group(2)
        name = " ".join([*words, head])
        kind = next(h["kind"] for h in heads if h["word"] == head.lower())
        if kind == "board" and head.lower() == "boards":
            name, kind = name, "board"
        if name.lower().startswith(("cabinet member",)):
            continue
        start = m.start() + m.group(0).find(words[0])
        council = ctx.main_council if "government" not in name.lower() else None
        ctx.add_org(body_key(council, name), name, "body", start, m.end(), council=council, body_kind=kind)
    lower_stops = {w.lower() for w in lex.bodies["lower_stops"]}
    lower_rx = re.compile(rf"((?:[\w'\u2019-]+,?[ \u00a0]+){{0,7}})(?P<head>{alternation(lex.bodies['lower_heads'])})"
                          r"(?P<tail>[ \u00a0]+(?:for|on)[ \u00a0]+[a-z][\w'\u2019-]*"
                          r"(?:[ \u00a0]+and[ \u00a0]+[a-z][\w'\u2019-]*)?)?\b")
    for m in lower_rx.finditer(text):
        if any(x.start < m.end() and m.start("head") < x.end for x in ctx.mentions):
            continue
        words = m.group(1).split()
        cut = max([i + 1 for i, w in enumerate(words) if norm(w).rstrip(",") in lower_stops] + [0])
        words = words[cut:]
        if not words and m.group("head").lower() == "committee":
            continue  # "the committee": an anaphor, not a name
        name = " ".join([*words, m.group("head"), *(m.group("tail") or "").split()])
        start = m.start("head") - len(" ".join(words)) - (1 if words else 0)
        start = text.find(words[0], m.start()) if words else m.start("head")
        low = name.lower()
        kind = "scrutiny committee" if "scrutiny" in low else "board" if "board" in low else "committee"
        ctx.add_org(body_key(ctx.main_council, name), name, "body", start, m.end(), council=ctx.main_council,
                    body_kind=kind if "cabinet committee" not in name.lower() else "cabinet committee")
    if ctx.meta.doc_type == "council minutes":
        _shouted_minutes_body(ctx)
    for fixed in lex.bodies["fixed"]:
        if fixed.get("minutes_only") and ctx.meta.doc_type != "council minutes":
            continue
        forms = fixed["forms"]
        for m in re.finditer(rf"(?<![\w-])(?:{alternation(forms)})(?![\w-])", text, re.I):
            after = text[m.end():m.end() + 20].lower()
            if after.lstrip().startswith(("member", "committee", "members", "cabinet committee")):
                continue
            if any(x.start <= m.start() < x.end for x in ctx.mentions if x.kind != "council"):
                continue
            if fixed["name"] == "Scrutiny" and not text[m.start()].isupper():
                continue
            if fixed.get("lower_only") and not m.group(0).islower():
                continue
            if "needs_before" in fixed and not re.search(rf"\b(?:{alternation(fixed['needs_before'])})[ \u00a0]+$",
                                                         text[max(0, m.start() - 25):m.start()], re.I):
                continue
            if re.match(rf"[ \u00a0]+(?:{alternation(fixed.get('not_followed_by', []) or ['@@'])})\b",
                        text[m.end():m.end() + 25], re.I):
                continue
            if fixed["name"] == "Council" and not text[m.start()].isupper() and "this" not in m.group(0).lower():
                continue
            ctx.add_org(body_key(ctx.main_council, fixed["name"]), fixed["name"], "body", m.start(), m.end(),
                        council=ctx.main_council, body_kind=fixed["kind"])


_SHOUTED_MEETING = re.compile(r"\bMEETING[ \u00a0]+OF[ \u00a0]+(?:THE[ \u00a0]+)?"
                              r"(?P<body>[A-Z][A-Z&,'\u2019 \u00a0-]{2,80}?)"
                              r"[ \u00a0]+HELD\b")


def _shouted_minutes_body(ctx: DocContext) -> None:
    """Minutes headed in capitals, 'MINUTES OF A MEETING OF THE AUDIT COMMITTEE HELD ON ...': the body."""
    from graph.extract.roles import title_case

    m = _SHOUTED_MEETING.search(ctx.text[:800])
    if not m:
        return
    name = title_case(" ".join(w if w in {"&"} else w.lower() for w in m.group("body").split()))
    low = name.lower()
    kind = ("scrutiny committee" if "scrutiny" in low else "cabinet" if low == "cabinet" else
            "full council" if low in {"council", "county council", "full council"} else
            "board" if low.endswith("board") else "panel" if low.endswith("panel") else "committee")
    ctx.add_org(body_key(ctx.main_council, name), name, "body", m.start("body"), m.end("body"),
                council=ctx.main_council, body_kind=kind)


def merge_org(ctx: DocContext, old: str, new: str) -> None:
    """Fold organisation `old` into `new`: its names become aliases, its mentions point to `new`."""
    gone = ctx.orgs.pop(old)
    target = ctx.orgs[new]
    for alias in [gone.name, *gone.aliases]:
        if alias != target.name and alias not in target.aliases:
            target.aliases.append(alias)
    ctx.mentions = [OrgMention(m.start, m.end, new, m.kind, m.surface) if m.key == old else m for m in ctx.mentions]
    for org in ctx.orgs.values():
        if org.part_of == old:
            org.part_of = new if org.key != new else None


def merge_short_directorates(ctx: DocContext) -> None:
    """'Social Services' where the text also names 'Social Services and Wellbeing': one directorate."""
    depts = [o for o in ctx.orgs.values() if o.kind == "department"]
    for a in depts:
        longer = [b for b in depts if b.name.startswith(a.name + " and ") and b.key in ctx.orgs]
        if a.key in ctx.orgs and len(longer) == 1:
            merge_org(ctx, a.key, longer[0].key)


def find_organisations(ctx: DocContext) -> None:
    find_councils(ctx)
    find_inspectorates(ctx)
    find_governments(ctx)
    find_departments(ctx)
    merge_short_directorates(ctx)
    find_bodies(ctx)

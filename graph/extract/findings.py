"""Listed findings of an inspection: "improvements since the last inspection include A, B and C"
gives three improvements; "four priority areas for development:" followed by bulleted lines gives
one priority area per bullet (a bullet that commends is a commendation).

The list belongs to the inspection told last before it, within a few sentences (of several
inspections told in one sentence, the latest-dated one: "improved since the October 2017 report"
speaks of the newer inspection). The head nouns, verbs and bullets are in
`ontology/lexicon/inspections.yaml`.
"""
from __future__ import annotations

import re

from graph.extract.context import DocContext
from graph.extract.lexicon import alternation, lexicon
from graph.facts import Finding, Inspection

_WINDOW = 8
"""How many sentences after an inspection is told a list may still be its."""


def _heads() -> list[tuple[str, str]]:
    heads = lexicon().inspections["finding_list_heads"]
    return sorted(((h["head"], h["type"]) for h in heads), key=lambda h: len(h[0]), reverse=True)


def _type_of(words: str) -> str | None:
    low = words.lower()
    return next((t for h, t in _heads() if re.search(rf"\b{re.escape(h)}\b", low)), None)


def _clean(item: str) -> str:
    lex = lexicon().inspections
    text = " ".join(item.replace("\u00a0", " ").split()).strip(" .;,")
    for p in lex["hyphen_prefixes"]:
        text = re.sub(rf"\b({re.escape(p)}) (?=[a-z])", r"\1-", text, flags=re.I)
    return text


def split_list(text: str) -> list[str]:
    """'A, B, C and D' -> [A, B, C, D]: commas first, then the last part at its first 'and' (an item
    may itself contain 'and' only when it is the last: 'visits to X and those subject to Y')."""
    parts = [p for p in (x.strip() for x in re.split(r",\s+", text)) if p]
    if len(parts) < 2:
        return parts
    last = re.split(r"\s+(?:and|&)\s+", parts[-1], maxsplit=1)
    parts = parts[:-1] + [re.sub(r"^(?:and|&)\s+", "", p) for p in last]
    return [p for p in parts if p]


_Item = tuple[int, int, int, str, str]
"""(where the list starts, item start, item end, finding type, text)."""


def _inline(ctx: DocContext) -> list[_Item]:
    """Each item of an inline list."""
    lex = lexicon().inspections
    heads = alternation([h for h, _ in _heads()])
    rx = re.compile(rf"\b(?P<head>{heads})\b[^.:;]{{0,60}}?\b(?P<verb>{alternation(lex['finding_list_verbs'])})\b"
                    r"(?P<colon>[ \u00a0]*:)?[ \u00a0]*(?P<list>[^.:]+)", re.I)
    weak = {v.lower() for v in lex["finding_list_weak_verbs"]}
    out = []
    for s in ctx.sents:
        m = rx.search(s.text)
        if not m or m.group("verb").lower() in weak and not m.group("colon"):
            continue
        listed = m.group("list")
        items = [i.strip() for i in listed.split(";")] if ";" in listed else split_list(listed)
        if len(items) < 2:
            continue
        ftype = _type_of(m.group("head"))
        pos = s.start + m.start("list")
        for item in items:
            at = ctx.text.find(item, pos)
            if ftype and len(item.split()) >= 2 and at >= 0:
                out.append((at, at, at + len(item), ftype, _clean(item)))
                pos = at + len(item)
    return out


def _bulleted(ctx: DocContext) -> list[_Item]:
    """Each bullet under a head line ending in ':'."""
    lex = lexicon().inspections
    bullet = rf"[ \t\u00a0]*(?:{alternation(lex['list_bullets'])}|\d{{1,2}}[.)])[ \t\u00a0]+"
    commend = re.compile(rf"\b(?:{alternation(lex['commendation_words'])})\b", re.I)
    out = []
    for head in re.finditer(r"(?m)^(?P<line>[^\n]{3,200}):[ \t\u00a0]*$", ctx.text):
        ftype = _type_of(head.group("line"))
        if not ftype:
            continue
        pos = head.end()
        line_rx = re.compile(rf"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)*(?P<b>{bullet})(?P<item>[^\n]+)")
        while line := line_rx.match(ctx.text, pos):
            item = line.group("item")
            start = line.start("item")
            out.append((head.start(), start, start + len(item), "commendation" if commend.search(item) else ftype,
                        _clean(item)))
            pos = line.end()
    return out


def _target(ctx: DocContext, inspections: list[Inspection], at: int) -> Inspection | None:
    here = ctx.sentence_at(at).index
    told = [i for i in inspections if i.status == "held" and i.evidence.start < at
            and here - ctx.sentence_at(i.evidence.start).index <= _WINDOW]
    if not told:
        return None
    latest = max(i.evidence.start for i in told)
    return max((i for i in told if i.evidence.start == latest), key=lambda i: (i.date.value if i.date else ""))


def add_listed_findings(ctx: DocContext, inspections: list[Inspection]) -> None:
    """Add each listed finding to the inspection it belongs to, once."""
    for anchor, start, end, ftype, text in sorted(_inline(ctx) + _bulleted(ctx)):
        ins = _target(ctx, inspections, anchor)
        if ins is None or any(f.text.lower() == text.lower() for f in ins.findings):
            continue
        ins.findings.append(Finding(type=ftype, text=text, evidence=ctx.span_evidence(start, end)))  # type: ignore[arg-type]

"""Questions put at a meeting, as council minutes record them: "Question from Councillor C Lee
to the Cabinet Member for Housing" followed by the question in quotes. The asker is the person
named there; the addressee is the post as written (minutes often name the post, not the holder);
the subject is the quoted question. Minutes that repeat the question give one fact.

The opening words are in `ontology/lexicon/bodies.yaml` (question).
"""
from __future__ import annotations

import re

from graph.extract.context import DocContext
from graph.extract.lexicon import alternation, lexicon
from graph.facts import Person, Question
from graph.uris import short_hash, slug

_QUOTES = "'\"\u2018\u2019\u201c\u201d"


def _asker(people: list[Person], who: str) -> Person | None:
    return next((p for p in people for n in [p.name, *p.aliases] if n and n in who), None)


def _quoted(ctx: DocContext, index: int) -> str | None:
    """The question in quotes in the next sentence or two ("'Following ..., can the Cabinet Member ...?'")."""
    for s in ctx.sents[index + 1:index + 3]:
        text = s.text.strip()
        if text[:1] in _QUOTES:
            return text.strip(_QUOTES + " ")
    return None


def extract_questions(ctx: DocContext, people: list[Person]) -> list[Question]:
    lex = lexicon().bodies["question"]
    rx = re.compile(rf"^[\s\u00a0]*(?:{alternation(lex['opens'])})[\s\u00a0]+(?P<who>.+?)[\s\u00a0]+"
                    rf"(?:{alternation(lex['to'])})[\s\u00a0]+(?:the[\s\u00a0]+)?(?P<to>[A-Z][^.?!]{{2,120}}?)[\s.]*$",
                    re.I)
    out: list[Question] = []
    for s in ctx.sents:
        m = rx.match(s.text)
        if not m:
            continue
        asker = _asker(people, m.group("who"))
        addressee = " ".join(m.group("to").split())
        who = asker.key if asker else slug(m.group("who"))
        if any(q.asker == (asker.key if asker else None) and q.asker_name == m.group("who").strip() for q in out):
            continue  # minutes repeat the question under "Minutes:"
        key = f"question/{short_hash(ctx.meta.content_hash, who)}"
        out.append(Question(key=key, evidence=ctx.evidence_for(s.start), asker=asker.key if asker else None,
                            asker_name=m.group("who").strip(), addressee=addressee, text=_quoted(ctx, s.index),
                            council=ctx.main_council))
    return out

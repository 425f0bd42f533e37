"""What the extractor knows about one document while it reads it: sentences, the organisations
found so far with every place they are mentioned, the document's own council, and the reference
date against which partial dates are resolved.

Mentions are kept with their offsets so that later stages can ask "which department was being
discussed just before this sentence?" ("the department"), or "which council is this about?"
("the authority").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from graph.extract.dates import DateMention, find_dates, is_future, resolve
from graph.extract.text import Sentence, evidence, sentence_evidence, sentences
from graph.facts import DatePoint, DocumentMeta, Evidence, Organisation


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    key: str
    kind: str
    surface: str


@dataclass
class DocContext:
    meta: DocumentMeta
    sents: list[Sentence]
    ref: DatePoint | None
    orgs: dict[str, Organisation] = field(default_factory=dict)
    mentions: list[OrgMention] = field(default_factory=list)
    main_council: str | None = None

    @classmethod
    def of(cls, meta: DocumentMeta) -> DocContext:
        sents = sentences(meta.text)
        return cls(meta, sents, meta.published or _latest_explicit(meta.text))

    @property
    def text(self) -> str:
        return self.meta.text

    def sentence_at(self, offset: int) -> Sentence:
        starts = [s.start for s in self.sents]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.sents[i]

    def evidence_for(self, offset: int) -> Evidence:
        return sentence_evidence(self.text, self.sentence_at(offset))

    def span_evidence(self, start: int, end: int) -> Evidence:
        return evidence(self.text, start, end)

    def add_org(self, key: str, name: str, kind: str, start: int, end: int, surface: str | None = None,
                **extra: object) -> Organisation:
        """Record a mention; create the organisation at its first mention."""
        org = self.orgs.get(key)
        if org is None:
            org = Organisation(key=key, name=name, kind=kind, evidence=self.evidence_for(start), **extra)  # type: ignore[arg-type]
            self.orgs[key] = org
        surface = " ".join((surface if surface is not None else self.text[start:end]).split())
        if surface and surface != org.name and surface not in org.aliases:
            org.aliases.append(surface)
        self.mentions.append(OrgMention(start, end, key, kind, surface))
        return org

    def mentions_between(self, start: int, end: int, kind: str | None = None) -> list[OrgMention]:
        return sorted((m for m in self.mentions if start <= m.start < end and (kind is None or m.kind == kind)),
                      key=lambda m: m.start)

    def last_mention(self, kind: str, before: int, after: int = 0) -> OrgMention | None:
        found = [m for m in self.mentions if m.kind == kind and after <= m.start < before]
        return max(found, key=lambda m: m.start) if found else None

    def count(self, key: str) -> int:
        return sum(1 for m in self.mentions if m.key == key)

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return find_dates(self.text[start:end], start)

    def resolve(self, mention: DateMention, clause: str | None = None) -> DatePoint | None:
        future = is_future(clause if clause is not None else self.sentence_at(mention.start).text)
        return resolve(mention, self.ref, future)


def _latest_explicit(text: str) -> DatePoint | None:
    """For an undated document (minutes), the latest month the text states: it was written after it."""
    best: DatePoint | None = None
    for m in find_dates(text):
        if m.year is not None and m.month is not None:
            d = resolve(m, None)
            if d is not None and (best is None or d.value[:7] > best.value[:7]):
                best = DatePoint(d.value[:7], "month", d.raw)
    return best

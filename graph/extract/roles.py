"""Post titles in running text: "Director of Education", "Head of Housing",
"Cabinet Member for Highways", "Housing portfolio holder", "Committee chair", "Council Leader",
"Labour group leader".

A title is a head from `ontology/lexicon/roles.yaml` plus its object, which runs over capitalised
words, connectives and service words and stops at punctuation, at a name, or at an ordinary word.
Titles written object-first ("Housing portfolio holder") are turned round.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from graph.extract.lexicon import alternation, lexicon, norm

_CONNECT = {"and", "&", "of", "for", "the", "with"}
_SMALL = {"and", "of", "for", "the", "with", "&"}


@dataclass
class RoleMention:
    start: int
    end: int
    title: str
    as_written: str
    head: str
    """'head' (head + object), 'suffix' (object + head), 'standalone'."""
    org_rule: str = "council"
    obj: str | None = None
    party_group: str | None = None


@functools.cache
def _lower_words() -> frozenset[str]:
    words = set(_CONNECT)
    for s in lexicon().services["services"]:
        for v in s.get("variants", []):
            words.update(norm(v).split())
    for h in lexicon().bodies["heads"]:
        words.update(h["word"].split())
    words.update(w.lower() for w in lexicon().services["sub_units"])
    words.update(norm(w) for w in lexicon().services["service_words"])
    return frozenset(words)


def title_case(words: str) -> str:
    out = []
    for i, w in enumerate(words.replace("\u2019", "'").split()):
        out.append(w if (i and w.lower() in _SMALL) or w[:1].isupper() else w[:1].upper() + w[1:])
    return " ".join(out)


_LIST = re.compile(r"^,[ \u00a0]+(?:[\w'\u2019-]+[ \u00a0]+){0,3}?(?:and|&)[ \u00a0]+[\w'\u2019-]+")


def _name_follows(text: str, pos: int, lower: frozenset[str]) -> bool:
    """Two capitalised words that are not service words, then no third: a name after a title
    ('Head of Housing Jonh Evans was appointed')."""
    m = re.match(r"[ \u00a0]+([A-Z][\w'\u2019-]*)[ \u00a0]+([A-Z][\w'\u2019-]*)(?![ \u00a0]+[A-Z])", text[pos:pos + 60])
    return bool(m) and all(norm(w) not in lower for w in m.groups())


def _object(text: str, start: int, stops: set[int], free: bool = False, guard: bool = False) -> tuple[int, str]:
    """The object of a head, from `start`: (end offset, words). It stops at punctuation (except a
    list 'children, young people and education'), at a name, and at an ordinary lower-case word
    unless `free` (portfolios: 'cabinet member for integrated children's services')."""
    pos, end = start, start
    lower = _lower_words()
    stop_words = {w.lower() for w in lexicon().roles["portfolio_stops"]}
    for n, m in enumerate(re.finditer(r"[ \u00a0]*([\w'\u2019&-]+)", text[start:start + 120])):
        s = start + m.start(1)
        word = m.group(1)
        gap = text[pos:s]
        if s in stops or "\n" in gap or (gap.strip() and not (gap.strip() == "," and _LIST.match(text[pos:]))):
            break
        if guard and n and _name_follows(text, pos, lower):
            break
        bare = norm(word).replace("\u2019", "'")
        if free and n < 7 and bare not in stop_words and not word[0].isupper():
            pos = start + m.end()
            end = pos if bare not in _CONNECT else end
            continue
        if not (word[0].isupper() or bare in lower or word == "&" or bare.rstrip("'s") in lower):
            break
        pos = start + m.end()
        if bare not in _CONNECT:
            end = pos
    return end, " ".join(text[start:end].split())


def find_roles(text: str, name_starts: set[int]) -> list[RoleMention]:
    """Every post title in `text`; `name_starts` are offsets where a person's name begins."""
    lex = lexicon().roles
    out: list[RoleMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    heads = [(f, h) for h in lex["heads"] for f in h["forms"]]
    rx = re.compile(rf"\b(?P<head>{alternation([f for f, _ in heads])})\b[ \u00a0]*", re.I)
    for m in rx.finditer(text):
        head = next(h for f, h in heads if norm(f) == norm(m.group("head")))
        end, obj = _object(text, m.end(), name_starts, head["canonical"] in lex["portfolio_heads"],
                           guard=head["canonical"].startswith(("Director", "Head", "Chief", "Assistant", "Deputy")))
        if not obj or not free(m.start(), end):
            if head["canonical"] == "Cabinet Member for" and free(m.start(), m.end()) and not obj:
                pass
            continue
        keeps_the = head["canonical"] in ("Chairman of", "Leader of", "Vice-Chairman of")
        obj_clean = obj if keeps_the else re.sub(r"^the\s+", "", obj, flags=re.I)
        canonical = head["canonical"]
        if canonical == "Leader of" and norm(obj) in {"the council", "the authority", "council"}:
            title = "Leader of the Council"
        elif canonical in ("Chairman of", "Vice-Chairman of", "Leader of", "Chief Executive of"):
            title = f"{canonical} {obj_clean if obj_clean.lower().startswith('the ') else 'the ' + obj_clean}"
        else:
            title = f"{canonical} {title_case(obj_clean)}"
        out.append(RoleMention(m.start(), end, title, text[m.start():end], "head", head.get("org", "council"),
                               obj_clean))
        taken.append((m.start(), end))
    for suffix in lex["suffix_heads"]:
        for form in suffix["forms"]:
            for m in re.finditer(rf"(?<![\w-])(?:{alternation([form])})\b", text, re.I):
                if not free(m.start(), m.end()):
                    continue
                before = text[max(0, m.start() - 80):m.start()]
                words = re.findall(r"[\w'\u2019&-]+", before.split("\n")[-1])
                obj_words: list[str] = []
                for w in reversed(words):
                    if w[0].isupper() or norm(w) in _lower_words():
                        obj_words.insert(0, w)
                    else:
                        break
                while obj_words and obj_words[0].lower() in _CONNECT:
                    obj_words.pop(0)
                if not obj_words:
                    continue
                obj = " ".join(obj_words)
                start = m.start() - len(before) + before.rfind(obj_words[0]) if obj_words else m.start()
                start = max(start, m.start() - len(before))
                if not free(start, m.end()):
                    continue
                if suffix.get("party_group"):
                    title = suffix["canonical"].replace("{object}", obj)
                    out.append(RoleMention(start, m.end(), title, text[start:m.end()], "suffix", "council", obj,
                                           party_group=f"{obj} group"))
                else:
                    canonical = suffix.get("canonical_by_form", {}).get(form, suffix["canonical"])
                    title = f"{canonical} {title_case(obj)}" if canonical != "Chairman of" else f"Chairman of the {obj}"
                    out.append(RoleMention(start, m.end(), title, text[start:m.end()], "suffix",
                                           suffix.get("org", "council"), obj))
                taken.append((start, m.end()))
    for item in lex["standalone"]:
        for m in re.finditer(rf"(?<![\w-])(?:{alternation(item['forms'])})(?![\w-])", text, re.I):
            if free(m.start(), m.end()):
                out.append(RoleMention(m.start(), m.end(), item["title"], text[m.start():m.end()], "standalone",
                                       item.get("org", "council")))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda r: r.start)

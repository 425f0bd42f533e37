"""Person-name mentions: "Cllr Rachel Smith", "Ms Smith", "Rachel Smith" (a known given name),
"By Rachel Smith, Local Democracy Reporter", and names next to a post ("Head of Housing, Ann Lee").

A mention keeps the honorific the text uses and whether it names only a surname; grouping
mentions into people is `graph.extract.people`'s job.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from graph.extract.lexicon import alternation, lexicon

NAME_TOKEN = r"(?:Mc|Mac|O['\u2019]|D['\u2019])?[A-Z][a-z]+(?:[-'\u2019](?:[A-Z][a-z]*|[a-z]+))*"
INITIAL = r"[A-Z]\.?"
PARTICLE = r"(?:ap|ab|van|von|de|der|du|da|di|le|la)"
"""Lower-case name particles: Welsh 'ap' (Elin ap Iorwerth), Dutch 'van', French 'de'."""
FULL_NAME = rf"(?:{INITIAL}|{NAME_TOKEN})(?:[ \u00a0]+(?:{PARTICLE}[ \u00a0]+)?{NAME_TOKEN}){{1,2}}"
_NOT_NAME = {
    "Council", "County", "Borough", "City", "Services", "Service", "Government", "Board", "Committee", "Street",
    "Road", "School", "Hospital", "House", "Hall", "Centre", "Court", "Park", "Way", "Lane", "Avenue", "Church",
    "College", "University", "Trust", "Wales", "England", "Cymru", "Inspectorate", "Social", "Care", "Act",
    "Group", "Party", "Team", "Department", "Directorate", "Health", "Education", "Police", "Cabinet", "Scrutiny",
    "Member", "Members", "Leader", "Director", "Head", "Chairman", "Chair", "Officer", "Executive", "Report",
    "Reporter", "Democracy", "Local", "News", "Said", "Says", "Added", "Independent", "Conservative", "Labour",
    "Liberal", "Democrat", "Green", "Plaid", "Reform", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Bay", "Valley", "Town", "Village", "Ward", "Division", "Community",
    "Improvement", "Assurance", "Conference", "Inspection", "Adult", "Adults", "Children", "Childrens",
    "Welsh", "British", "English", "Commissioner", "Ombudsman", "Minister", "Deputy", "Assembly", "Senedd",
    "By", "From", "To", "And", "The", "With", "For", "At", "In", "On", "Of",
}
_AMBIGUOUS_FORENAMES = {"May", "Will", "Mark", "June", "Grace", "Joy", "Hope", "Rose", "Bill", "Pat", "Jan", "Mike",
                        "Sue", "Glen", "Dale", "Lee", "Jack", "Guy", "Ray", "Max", "Robin", "Dawn", "Kay", "Bay"}


_PARTICLES = {"ap", "ab", "van", "von", "de", "der", "du", "da", "di", "le", "la"}


def _delimited(after: str) -> bool:
    """A double surname ('Marian Parry Hughes') is taken only when the name visibly ends there:
    a comma, a bracket, or a lower-case word next ('said', 'presented')."""
    return after[:1] in {",", "(", ")", ";", ":"} or (after[:1] == " " and after[1:2].islower())


@dataclass(frozen=True)
class NameMention:
    start: int
    end: int
    name: str
    honorific: str | None = None
    hon_start: int | None = None
    surname_only: bool = False
    source: str = "title"
    """'title' (after an honorific), 'forename' (a known given name), 'role' (next to a post), 'byline'."""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def forename(self) -> str | None:
        return None if self.surname_only else self.name.split()[0]


@functools.cache
def _honorific_regex() -> re.Pattern[str]:
    forms = [h["form"].rstrip(".") for h in lexicon().honorifics]
    return re.compile(rf"\b(?P<hon>{alternation(forms)})\.?[ \u00a0]+(?P<name>{FULL_NAME}|{NAME_TOKEN})")


def clean_name(name: str) -> str:
    tokens = name.replace("\u00a0", " ").split()
    if any(re.search(r"['\u2019]s?$", t) for t in tokens):  # "Kent County Council's": not a name
        return ""
    while len(tokens) > 1 and tokens[-1] in _NOT_NAME:
        tokens.pop()
    while tokens and tokens[0] in _NOT_NAME:
        tokens.pop(0)
    return " ".join(tokens)


def honorific_info(form: str | None) -> dict[str, object]:
    if not form:
        return {}
    f = form.rstrip(".").lower()
    return next((h for h in lexicon().honorifics if h["form"].rstrip(".").lower() == f), {})


def find_names(text: str) -> list[NameMention]:
    """Titled names and names starting with a known given name, left to right, without overlaps."""
    found: list[NameMention] = []
    for m in _honorific_regex().finditer(text):
        name = clean_name(m.group("name"))
        if not name or name in _NOT_NAME:
            continue
        found.append(NameMention(m.start("name"), m.start("name") + len(name), name, m.group("hon"), m.start(),
                                 surname_only=len(name.split()) == 1))
    found += _listed_councillors(text, found)
    forenames = lexicon().forenames
    pair = (rf"\b(?=(?P<first>{NAME_TOKEN})[ \u00a0]+(?P<rest>(?:{PARTICLE}[ \u00a0]+)?{NAME_TOKEN}"
            rf"(?:[ \u00a0]+(?:{PARTICLE}[ \u00a0]+)?{NAME_TOKEN})?)(?P<after>.{{0,2}}))")
    for m in re.finditer(pair, text):
        first = m.group("first")
        if first not in forenames or any(f.start <= m.start() < f.end + 1 for f in found) or \
                (m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'\u2019-")):
            continue
        rest = m.group("rest").split()
        if len(rest) > 2 or (len(rest) == 2 and rest[0] not in forenames and not _delimited(m.group("after"))):
            rest = rest[:1] if rest[0] not in _PARTICLES else []
            if not rest:
                continue
        if rest[0] in _NOT_NAME or rest[-1] in _NOT_NAME:
            rest = [r for r in rest[:1] if r not in _NOT_NAME]
            if not rest:
                continue
        at_start = m.start() == 0 or re.search(r"(?:^|[.!?\u201c\"]\s*|\n\s*)$", text[max(0, m.start() - 3):m.start()])
        if first in _AMBIGUOUS_FORENAMES and at_start:
            continue
        name = " ".join([first, *rest])
        found.append(NameMention(m.start(), m.start() + len(name), name, source="forename"))
    return sorted(found, key=lambda n: n.start)


_LISTED = re.compile(rf"\b(?:Councillors|Cllrs)\.?[ \u00a0]+"
                     rf"(?P<list>(?:{FULL_NAME})(?:[ \u00a0]*,[ \u00a0]*(?:{FULL_NAME}))*"
                     rf"(?:,?[ \u00a0]+(?:and|&)[ \u00a0]+(?:{FULL_NAME}))?)")


def _listed_councillors(text: str, found: list[NameMention]) -> list[NameMention]:
    """'Councillors M. Cross, D. Davies and L. Parsons' (minutes' attendance lists): each is a councillor."""
    out = []
    for m in _LISTED.finditer(text):
        for n in re.finditer(FULL_NAME, m.group("list")):
            start = m.start("list") + n.start()
            name = clean_name(n.group(0))
            if name and len(name.split()) > 1 and not any(f.start <= start < f.end for f in found):
                out.append(NameMention(start, start + len(name), name, "Councillor", m.start()))
    return out


_BEFORE_ROLE = re.compile(rf"(?P<name>{FULL_NAME})[ \u00a0,]*(?:\([^()]*\)[ \u00a0,]*)?(?:is|was|as|,)?[ \u00a0]*"
                          r"(?:the|a|an|our)?[ \u00a0]*$")
_AFTER_ROLE = re.compile(rf"^[ \u00a0]*(?:,|[ \u00a0][-\u2013\u2014:])?[ \u00a0]*(?P<name>{FULL_NAME})\b")


def name_before(text: str, end: int) -> NameMention | None:
    """A name that ends just before a post title ('Ann Lee the Head of ...', 'Sam Lee as Head of')."""
    window = text[max(0, end - 80):end]
    m = _BEFORE_ROLE.search(window)
    if not m:
        return None
    name = clean_name(m.group("name"))
    if len(name.split()) < 2:
        return None
    start = max(0, end - 80) + m.start("name")
    return NameMention(start, start + len(name), name, source="role")


def name_after(text: str, start: int) -> NameMention | None:
    """A name that follows a post title ('Head of Housing, Ann Lee')."""
    m = _AFTER_ROLE.match(text[start:start + 80])
    if not m:
        return None
    name = clean_name(m.group("name"))
    if len(name.split()) < 2 or name.split()[0] in _NOT_NAME:
        return None
    s = start + m.start("name")
    return NameMention(s, s + len(name), name, source="role")

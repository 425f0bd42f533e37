"""Synthetic local-democracy stories for the benchmarks: one seeded generator gives both the article
text (bench/generate_documents.py, for extraction throughput) and the facts that text states
(bench/generate_graph.py, turned into RDF by the project's own `graph.to_rdf`, so the synthetic graph
has exactly the shape of an extracted one: classes, evidence annotations, intervals, amounts).

Why one generator: a fact's `Evidence` must point at a real sentence of the document text, and the
same council, people and posts recur across documents as they do in real coverage (one council is
reported by many articles; a person holds a post across several of them).

Everything is derived from `random.Random(seed)`, so the same seed and size give the same output.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from graph.facts import (
    DatePoint,
    DocumentFacts,
    DocumentMeta,
    Evidence,
    Finding,
    Funding,
    Inspection,
    Meeting,
    Organisation,
    Person,
    Role,
)
from graph.uris import content_hash, short_hash, slug

_SYLLABLES = ("aber", "llan", "pen", "tre", "cwm", "bryn", "glyn", "nant", "dol", "caer", "for", "mor",
              "wen", "ton", "ffor", "rhos", "garth", "hen", "coed", "mawr", "bach", "ystrad", "pont", "afon")
_FIRST = ("Sian", "Gareth", "Rhian", "Dafydd", "Carys", "Owain", "Megan", "Huw", "Ffion", "Rhys", "Elin", "Iwan",
          "Bethan", "Aled", "Nia", "Geraint", "Lowri", "Emyr", "Catrin", "Tomos", "Alison", "James", "Sarah",
          "David", "Helen", "Mark", "Claire", "Peter", "Rachel", "Steven")
_LAST = ("Roberts", "Jones", "Williams", "Davies", "Evans", "Thomas", "Hughes", "Lewis", "Morgan", "Griffiths",
         "Price", "Owen", "Jenkins", "Parry", "Pritchard", "Rees", "Edwards", "Powell", "Lloyd", "Vaughan",
         "Bowen", "Howells", "Bevan", "Prosser", "Mathias", "Probert", "Meredith", "Watkins", "Harries", "Beynon")
_DEPARTMENTS = ("Social Services", "Children's Services", "Adult Services", "Education", "Housing")
_PARTIES = ("Labour", "Conservative", "Plaid Cymru", "Liberal Democrat", "Independent")
_INSPECTORATES = (("inspectorate/care-inspectorate-wales", "Care Inspectorate Wales"),
                  ("inspectorate/estyn", "Estyn"), ("inspectorate/ofsted", "Ofsted"))
_KINDS = ("full inspection", "follow-up inspection", "monitoring visit", "improvement conference", "inspection")
_FINDINGS = (("concern", "delays in assessments for children at risk"),
             ("concern", "high turnover of social workers"),
             ("concern", "weak oversight of care plans"),
             ("improvement", "better joint working with health boards"),
             ("improvement", "a stable leadership team"),
             ("priority_area", "the timeliness of child protection reviews"),
             ("priority_area", "recruitment of permanent staff"),
             ("commendation", "good support for young carers"))
_OUTCOMES = ("serious concerns", "significant improvements", "much still to do", "steady progress")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_PUBLISHERS = ("Valley Voice", "Coast Chronicle", "County Times Synthetic", "Border Herald")


@dataclass(frozen=True)
class SynthCouncil:
    key: str
    name: str
    area_name: str
    gss: str
    departments: tuple[tuple[str, str], ...]  # (key, name)
    people: tuple[tuple[str, str, str, str], ...]  # (key, name, party, ward)


def place_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def councils(count: int, seed: int, people_per_council: int = 80) -> list[SynthCouncil]:
    """`count` councils with their departments and a pool of people who recur across stories."""
    rng = random.Random(seed)
    out: list[SynthCouncil] = []
    seen: set[str] = set()
    while len(out) < count:
        area = place_name(rng)
        name = f"{area} County Council"
        key = f"council/{slug(name)}"
        if key in seen:
            continue
        seen.add(key)
        owner = key.split("/", 1)[1]
        depts = tuple((f"department/{owner}/{slug(d)}", d) for d in _DEPARTMENTS)
        people = []
        names: set[str] = set()
        while len(people) < people_per_council:
            person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            if person in names:
                person = f"{person}-{rng.choice(_LAST)}"
                if person in names:
                    continue
            names.add(person)
            people.append((f"person/{slug(person)}-{owner}", person, rng.choice(_PARTIES), f"{place_name(rng)} ward"))
        out.append(SynthCouncil(key, name, area, f"X{90000000 + len(out):08d}", depts, tuple(people)))
    return out


def _day(rng: random.Random, lo: int = 2012, hi: int = 2024) -> DatePoint:
    y, m, d = rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)
    return DatePoint(f"{y:04d}-{m:02d}-{d:02d}", "day", raw=f"on {d} {_MONTHS[m - 1]} {y}")


def _month(rng: random.Random, lo: int = 2012, hi: int = 2024) -> DatePoint:
    y, m = rng.randint(lo, hi), rng.randint(1, 12)
    return DatePoint(f"{y:04d}-{m:02d}", "month", raw=f"in {_MONTHS[m - 1]} {y}")


@dataclass
class _Text:
    """The article being written: each sentence returns the Evidence that points at it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def say(self, sentence: str) -> Evidence:
        start = self.length + (2 if self.parts else 0)
        prefix = ("\n\n".join(self.parts))[-32:]
        self.parts.append(sentence)
        self.length = start + len(sentence)
        return Evidence(start, start + len(sentence), sentence, prefix=prefix)

    def text(self) -> str:
        return "\n\n".join(self.parts)


def story(rng: random.Random, number: int, council: SynthCouncil) -> DocumentFacts:
    """One news article about `council`: a headline, people in posts, and some of an inspection,
    a funding award and a meeting, each stated by its own sentence."""
    t = _Text()
    dept_key, dept_name = rng.choice(council.departments[:3])
    published = _day(rng, 2015, 2024)
    headline = f"{council.area_name} {dept_name.lower()} {rng.choice(_OUTCOMES)}, report says"
    t.say(headline)
    orgs = [Organisation(council.key, council.name, "council", t.say(f"{council.name} has published its annual "
                                                                        f"report on {dept_name.lower()}."))]
    orgs.append(Organisation(dept_key, dept_name, "department",
                             t.say(f"The council's {dept_name} department serves families across "
                                   f"{council.area_name}."), council=council.key))
    people: list[Person] = []
    for pkey, pname, party, ward in rng.sample(council.people, rng.randint(2, 5)):
        kind = rng.random()
        if kind < 0.55:
            title, org = "Councillor", council.key
            ev = t.say(f"{party} councillor {pname}, who represents {ward}, said the findings were a wake-up call.")
        elif kind < 0.8:
            title, org = f"Cabinet Member for {dept_name}", council.key
            ev = t.say(f"{pname}, cabinet member for {dept_name.lower()}, said the council would act.")
        else:
            title, org = rng.choice((("Director of Social Services", dept_key), ("Chief Executive", council.key),
                                     ("Head of Children's Services", dept_key)))
            ev = t.say(f"{pname} was appointed {title.lower()} {_month(rng, 2010, 2022).raw}.")
        start = _month(rng, 2008, 2020) if rng.random() < 0.7 else None
        end = _month(rng, 2021, 2024) if start and rng.random() < 0.3 else None
        people.append(Person(pkey, pname, ev, roles=[Role(title, ev, organisation=org, start=start, end=end,
                                                          appointed=title not in ("Councillor",))],
                             party=party, ward=ward if title == "Councillor" else None,
                             honorific="Cllr" if title == "Councillor" else None))
    inspections: list[Inspection] = []
    if rng.random() < 0.7:
        ikey, iname = rng.choice(_INSPECTORATES)
        kind, date = rng.choice(_KINDS), _month(rng, 2012, 2024)
        ev = t.say(f"{dept_name} received a {kind} from {iname} {date.raw}.")
        findings = [Finding(ftype, ftext, t.say(f"Inspectors found {ftext}."))
                    for ftype, ftext in rng.sample(_FINDINGS, rng.randint(1, 3))]
        inspections.append(Inspection(f"inspection/{short_hash(ikey, council.key, dept_key, date.value, kind)}",
                                      ikey, ev, inspected=dept_key, council=council.key, date=date, kind=kind,
                                      outcome=rng.choice(_OUTCOMES), findings=findings))
    funding: list[Funding] = []
    if rng.random() < 0.5:
        amount = Decimal(rng.randint(1, 400) * 25000)
        date = _month(rng, 2014, 2024)
        ev = t.say(f"The Welsh Government gave the department £{amount:,} {date.raw}.")
        funding.append(Funding(f"funding/{short_hash(number, amount)}", amount, ev, recipient=dept_key,
                               council=council.key, date=date, cumulative=rng.random() < 0.15))
    meetings: list[Meeting] = []
    if rng.random() < 0.4:
        date = _day(rng, 2014, 2024)
        ev = t.say(f"The report will go to the scrutiny committee {date.raw}.")
        meetings.append(Meeting(f"meeting/{short_hash(council.key, date.value, number)}", ev,
                                body_name="scrutiny committee", council=council.key, date=date,
                                business=f"annual report on {dept_name.lower()}"))
    t.say(f"A council spokesperson said: \"We accept the findings and have a plan in place for "
          f"{dept_name.lower()} in {council.area_name}.\"")
    text = t.text()
    h = content_hash(text)
    publisher = rng.choice(_PUBLISHERS)
    meta = DocumentMeta(key=f"document/{h}", source_name=f"synth_{number:07d}.txt", text=text, content_hash=h,
                        headline=headline, published=published, publisher=publisher,
                        author=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                        url=f"https://news.example.org/{slug(publisher)}/{number}")
    return DocumentFacts(meta=meta, organisations=orgs, people=people, inspections=inspections,
                         funding=funding, meetings=meetings)


def stories(seed: int, council_list: list[SynthCouncil]) -> Iterator[DocumentFacts]:
    """An endless, seeded stream of stories; councils are picked with a skew (some are in the news
    far more than others, as in real coverage)."""
    rng = random.Random(seed + 1)
    weights = [1.0 / (i + 1) ** 0.5 for i in range(len(council_list))]
    n = 0
    while True:
        council = rng.choices(council_list, weights)[0]
        yield story(rng, n, council)
        n += 1


def article_text(facts: DocumentFacts) -> str:
    """The article as a news site would print it (headline, dateline, byline, body), for extraction."""
    m = facts.meta
    date = m.published.value if m.published else ""
    day = f"{date[8:10]}/{date[5:7]}/{date[:4]}" if len(date) == 10 else date
    body = m.text.split("\n\n", 1)[1] if "\n\n" in m.text else m.text
    return f"{m.headline}\n\n{day} @ 09:00\n\nBy {m.author}\n\n{body}\n"

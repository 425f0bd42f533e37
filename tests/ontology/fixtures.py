"""Hand-made DocumentFacts for the ontology tests: two invented articles about one council that
share a person, a membership and an inspection event, and disagree about two of them."""
from __future__ import annotations

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
    Publication,
    Role,
)
from graph.uris import content_hash

COUNCIL = "council/ceredigion-county-council"
DEPT = "department/ceredigion-county-council/childrens-services"
PARENT = "department/ceredigion-county-council/social-services"
CIW = "inspectorate/care-inspectorate-wales"
PERSON = "person/morwenna-pryce"
COUNCILLOR = "person/idris-bevan"
INSPECTION = "inspection/care-inspectorate-wales/ceredigion-childrens-services/2021-03"
BOARD = "body/ceredigion-county-council/recovery-board"
COMMITTEE = "body/ceredigion-county-council/learning-scrutiny-committee"


def ev(text: str, quote: str) -> Evidence:
    """Evidence for `quote` inside `text`, with 32 characters of context either side."""
    start = text.index(quote)
    end = start + len(quote)
    return Evidence(start, end, quote, text[max(0, start - 32):start], text[end:end + 32])


TEXT_A = (
    "Ceredigion County Council (CCC) has named Morwenna Pryce as its new Director of Social Services. "
    "In June 2020, Morwenna Pryce was appointed after a full inspection of Children's Services by "
    "Care Inspectorate Wales (CIW) in March 2021 found serious concerns. "
    "The inspectors were concerned about staff turnover. "
    "Another £1.5m has been given to Children's Services this year. "
    "Cllr Idris Bevan (Aberaeron - Plaid Cymru) chairs the Learning scrutiny committee, which met on "
    "May 4. A Recovery Board was set up in April 2021 and will be replaced by a panel. "
    "CIW sent a warning letter."
)
TEXT_B = (
    "Morwenna Pryce took over as Director of Social Services at Ceredigion County Council in "
    "March 2020. A follow-up inspection of Children's Services by Care Inspectorate Wales in March 2021 "
    "was critical."
)


def meta(text: str, name: str, **kw: object) -> DocumentMeta:
    h = content_hash(text)
    return DocumentMeta(key=f"document/{h}", source_name=name, text=text, content_hash=h, **kw)  # type: ignore[arg-type]


def document_a() -> DocumentFacts:
    t = TEXT_A
    m = meta(t, "a.txt", headline="New director named", published=DatePoint("2021-06-01", "day", "1 June 2021"),
             published_raw="01/06/2021 @ 09:00", publisher="Example News", author="Gwen Rees",
             author_title="Local Democracy Reporter", url="https://news.example.org/a")
    orgs = [
        Organisation(COUNCIL, "Ceredigion County Council", "council", ev(t, "Ceredigion County Council (CCC)"),
                     aliases=["CCC"]),
        Organisation(PARENT, "Social Services", "department", ev(t, "Director of Social Services"),
                     council=COUNCIL),
        Organisation(DEPT, "Children's Services", "department", ev(t, "full inspection of Children's Services"),
                     aliases=["Children's Services"], council=COUNCIL, part_of=PARENT),
        Organisation(CIW, "Care Inspectorate Wales", "inspectorate", ev(t, "Care Inspectorate Wales (CIW)"),
                     aliases=["CIW"]),
        Organisation(COMMITTEE, "Learning scrutiny committee", "body", ev(t, "the Learning scrutiny committee"),
                     council=COUNCIL, body_kind="scrutiny committee"),
        Organisation(BOARD, "Recovery Board", "body", ev(t, "A Recovery Board was set up in April 2021"),
                     council=COUNCIL, body_kind="board", set_up=DatePoint("2021-04", "month", "in April 2021"),
                     replaced_by="a panel"),
    ]
    people = [
        Person(PERSON, "Morwenna Pryce", ev(t, "Morwenna Pryce as its new Director of Social Services"),
               roles=[Role("Director of Social Services", ev(t, "In June 2020, Morwenna Pryce was appointed"),
                           organisation=COUNCIL, start=DatePoint("2020-06", "month", "In June 2020"),
                           appointed=True)]),
        Person(COUNCILLOR, "Idris Bevan", ev(t, "Cllr Idris Bevan (Aberaeron - Plaid Cymru)"),
               aliases=["Cllr Idris Bevan"], party="Plaid Cymru", ward="Aberaeron", honorific="Cllr",
               roles=[Role("Councillor", ev(t, "Cllr Idris Bevan"), organisation=COUNCIL),
                      Role("Chair of the Learning scrutiny committee", ev(t, "chairs the Learning scrutiny committee"),
                           title_as_written="chairs", organisation=COMMITTEE)]),
        Person("person/gwen-rees", "Gwen Rees", ev(t, "Ceredigion County Council"),
               roles=[Role("Local Democracy Reporter", ev(t, "Ceredigion County Council"))]),
    ]
    inspection = Inspection(
        INSPECTION, CIW,
        ev(t, "a full inspection of Children's Services by Care Inspectorate Wales (CIW) in March 2021"),
        inspected=DEPT, council=COUNCIL, date=DatePoint("2021-03", "month", "in March 2021"),
        kind="full inspection", outcome="serious concerns",
        findings=[Finding("concern", "staff turnover", ev(t, "The inspectors were concerned about staff turnover."))],
        result="letter/care-inspectorate-wales/ceredigion-county-council/warning")
    funding = Funding("funding/ceredigion-childrens-1-5m", Decimal("1500000"),
                      ev(t, "Another £1.5m has been given to Children's Services this year."),
                      recipient=DEPT, council=COUNCIL, date=DatePoint("2021", "year", "this year", True),
                      period_start=DatePoint("2021-01", "month"), period_end=DatePoint("2021-06-01", "day"))
    meeting = Meeting("meeting/ceredigion-learning-scrutiny/2021-05-04", ev(t, "which met on May 4"),
                      body=COMMITTEE, council=COUNCIL, date=DatePoint("2021-05-04", "day", "May 4", True))
    letter = Publication("letter/care-inspectorate-wales/ceredigion-county-council/warning", "letter",
                         ev(t, "CIW sent a warning letter."), issuer=CIW, recipient=COUNCIL,
                         description="warning letter")
    return DocumentFacts(m, orgs, people, [inspection], [funding], [meeting], [letter])


def document_b() -> DocumentFacts:
    t = TEXT_B
    m = meta(t, "b.txt", published=DatePoint("2021-07-02", "day"))
    orgs = [
        Organisation(COUNCIL, "Ceredigion County Council", "council", ev(t, "Ceredigion County Council")),
        Organisation(DEPT, "Children's Services", "department", ev(t, "Children's Services"), council=COUNCIL),
        Organisation(CIW, "Care Inspectorate Wales", "inspectorate", ev(t, "Care Inspectorate Wales")),
    ]
    people = [
        Person(PERSON, "Morwenna Pryce", ev(t, "Morwenna Pryce"),
               roles=[Role("Director of Social Services",
                           ev(t, "Morwenna Pryce took over as Director of Social Services"),
                           organisation=COUNCIL, start=DatePoint("2020-03", "month", "in March 2020"))]),
    ]
    inspection = Inspection(INSPECTION, CIW, ev(t, "A follow-up inspection of Children's Services"),
                            inspected=DEPT, council=COUNCIL, date=DatePoint("2021-03", "month"),
                            kind="follow-up inspection", outcome="critical")
    return DocumentFacts(m, orgs, people, [inspection])

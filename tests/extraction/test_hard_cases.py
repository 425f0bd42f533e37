"""The hard cases of the genre: titles, possessives, wards and parties, typos, nicknames, money."""
from decimal import Decimal

from tests.extraction.conftest import facts_of


def person(facts, name):
    return next(p for p in facts.people if p.name == name)


def roles(p):
    return {(r.title, r.organisation) for r in p.roles}


def test_possessive_council_and_apposition():
    f = facts_of("Ceredigion County Council\u2019s director of social services, Sian Rees, gave her annual report.")
    p = person(f, "Sian Rees")
    assert roles(p) == {("Director of Social Services", "council/ceredigion-county-council")}
    assert {o.name for o in f.organisations if o.kind == "department"} == {"Social Services"}


def test_ward_and_party_in_either_order_with_any_dash():
    f = facts_of("Cllr Dewi Rowlands, (Llanbadarn Fawr \u2013 Plaid Cymru), said it was wrong. "
                 "Cllr Ann Bowen (Labour - Cathays) agreed. Cllr Tom Reid (Cemaes \u2014Independent) did not. "
                 "Cllr Mo Khan (Con, Hightown) abstained.")
    got = {p.name: (p.party, p.ward) for p in f.people}
    assert got == {"Dewi Rowlands": ("Plaid", "Llanbadarn Fawr"), "Ann Bowen": ("Labour", "Cathays"),
                   "Tom Reid": ("Independent", "Cemaes"), "Mo Khan": ("Conservative", "Hightown")}
    assert all(("Councillor", None) in roles(p) for p in f.people)


def test_titles_and_surname_mentions_resolve_within_a_document():
    f = facts_of("Torfaen County Borough Council's head of children's services, Ms Rhian Price, said more was needed. "
                 "Ms Price added that staff had worked hard. Cllr Owen Jones said he agreed. Cllr Jones thanked staff.")
    assert sorted(p.name for p in f.people) == ["Owen Jones", "Rhian Price"]
    price = person(f, "Rhian Price")
    assert "Ms Price" in price.aliases and price.honorific == "Ms"
    assert roles(price) == {("Head of Children's Services", "council/torfaen-county-borough-council")}
    assert roles(person(f, "Owen Jones")) == {("Councillor", "council/torfaen-county-borough-council")}


def test_nickname_and_typo_are_one_person():
    f = facts_of("Gwynedd Council's director, Alison Pryce, spoke. Ali Pryce was appointed in May 2018. "
                 "Later Ms Alisn Pryce said the plan was working.")
    assert [p.name for p in f.people] == ["Alison Pryce"]
    assert {"Ali Pryce", "Alisn Pryce", "Ms Alisn Pryce"} <= set(f.people[0].aliases)


def test_appointment_gives_start_date_and_keeps_typos():
    f = facts_of("In March 2019, a new Head of Adult Services Michae Evans was appointed and in June 2019, "
                 "a new Director of Education, Carys Lloyd was appointed.", published="2020-01-10")
    starts = {p.name: [(r.title, r.start.value, r.appointed) for r in p.roles] for p in f.people}
    assert starts == {"Michae Evans": [("Head of Adult Services", "2019-03", True)],
                      "Carys Lloyd": [("Director of Education", "2019-06", True)]}


def test_portfolio_holder_and_committee_chair():
    f = facts_of("At a meeting of the Health and Care scrutiny committee, Denbighshire County Council heard the plan. "
                 "Adult social care portfolio holder Cllr Bethan Ellis, (Rhyl West \u2013 Labour), spoke. "
                 "Committee chairman, Cllr Hefin Lloyd, thanked her.")
    assert ("Portfolio holder for Adult Social Care", "council/denbighshire-county-council") in roles(
        person(f, "Bethan Ellis"))
    assert ("Chairman of the Health and Care scrutiny committee", "council/denbighshire-county-council") in roles(
        person(f, "Hefin Lloyd"))


def test_council_initials_and_the_department():
    f = facts_of("Monmouthshire County Council's Children's Services department was inspected by Care Inspectorate "
                 "Wales (CIW) in March 2019. MCC said \u00a3500,000 had been invested in the department.")
    council = next(o for o in f.organisations if o.kind == "council")
    assert council.name == "Monmouthshire County Council" and "MCC" in council.aliases
    [money] = f.funding
    assert money.amount == Decimal("500000")
    assert money.recipient == "department/monmouthshire-county-council/childrens-services"


def test_funding_amounts_qualifiers_and_no_amount():
    f = facts_of("Despite millions of pounds being pumped into the service, it is failing. "
                 "Newport City Council says that over the past year more than \u00a312 million has been pumped into "
                 "children's services. A further \u00a31.2m was allocated in June.", published="2019-01-10")
    assert [(x.amount, x.qualifier, x.cumulative) for x in f.funding] == [
        (Decimal("12000000"), "more than", True), (Decimal("1200000"), None, False)]
    total = f.funding[0]
    assert (total.period_start.value, total.period_end.value) == ("2018-01", "2019-01")
    assert f.funding[1].additional_to == total.key and f.funding[1].date.value == "2018-06"


def test_overspend_is_not_funding():
    f = facts_of("Wrexham County Borough Council's children's services overspent by \u00a32m last year.")
    assert f.funding == []


def test_inspectorate_renamed_and_event_key_uses_the_current_name():
    f = facts_of("Following publication of the CSSIW report Inspecting Children's Social Services June 2017, "
                 "Bridgend County Borough Council agreed an action plan.", published="2017-07-01")
    [ins] = f.inspections
    assert ins.inspectorate == "inspectorate/cssiw"
    assert ins.key == "inspection/care-inspectorate-wales/bridgend-county-borough-council/childrens-services/2017-06"


def test_anaphoric_inspection_mentions_add_no_event():
    f = facts_of("Ofsted inspected Kent County Council's children's services in March 2022 and rated them good. "
                 "Since the inspection, the council has hired staff. This inspection was the first since 2017.")
    assert [(i.date.value, i.outcome) for i in f.inspections] == [("2022-03", "good")]


def test_scheduled_event_is_dated_from_a_later_sentence_and_plans_without_date_are_dropped():
    f = facts_of("Wrexham County Borough Council's children's services will be called to an improvement conference "
                 "by Care Inspectorate Wales. The conference will be held on June 22. Ofsted will carry out "
                 "monitoring visits in future.", published="2021-06-04")
    assert [(i.kind, i.date.value, i.status) for i in f.inspections] == [
        ("improvement conference", "2021-06-22", "scheduled")]


def test_every_fact_points_at_its_sentence():
    f = facts_of("Cllr Ann Bowen (Labour - Cathays) said \u00a31.2m had been given to Cardiff Council's adult "
                 "services. "
                 "The cabinet will meet on July 3 to discuss it.")
    text = f.meta.text
    evidences = [o.evidence for o in f.organisations] + [p.evidence for p in f.people]
    evidences += [r.evidence for p in f.people for r in p.roles] + [x.evidence for x in f.funding + f.meetings]
    assert evidences
    for ev in evidences:
        assert text[ev.start:ev.end] == ev.exact
        assert text[max(0, ev.start - 32):ev.start] == ev.prefix and text[ev.end:ev.end + 32] == ev.suffix
    [meeting] = f.meetings
    assert (meeting.body_name, meeting.date.value, meeting.status) == ("Cabinet", "2021-07-03", "scheduled")


def test_attendance_list_of_councillors_gives_each_a_councillor_post():
    from graph.extract.names import find_names

    names = find_names("PRESENT: Councillors A. Price, B. Lewis and C. Morgan\n")
    assert [(n.name, n.honorific) for n in names] == [("A. Price", "Councillor"), ("B. Lewis", "Councillor"),
                                                      ("C. Morgan", "Councillor")]


def test_welsh_particles_and_double_surnames_stay_one_name():
    from graph.extract.names import find_names

    text = "Councillor Rhodri ap Gwilym (Llanrug) spoke. Later, Marian Lloyd Jones, the clerk, said so."
    assert [n.name for n in find_names(text)] == ["Rhodri ap Gwilym", "Marian Lloyd Jones"]


def test_a_council_named_inside_a_longer_council_name_is_not_mentioned():
    facts = facts_of("North Somerset Council said its adult services had improved.")
    assert [o.name for o in facts.organisations if o.kind == "council"] == ["North Somerset Council"]

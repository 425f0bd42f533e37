"""The soft-tension rules of `graph.extract.tensions` (and the deadline and recency of restructures), each on
sentences written here, none from the sample corpus: a dated reference back to a report, a relative temporal
anchor ("in the wake of", "ahead of"), a deadline ("by June 30") and a completion reported as recent ("has just
completed"). Then the RDF they become, validated by the SHACL shapes."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, TIME

from graph.facts import Funding, Role
from graph.to_rdf import to_rdf
from graph.uris import entity
from graph.validate import validate
from graph.vocab import CKG
from tests.extraction.conftest import facts_of

REPORT = ("In March 2016, Estyn published a critical inspection report into Gwynedd Council's Education "
          "Services. ")
ESTYN_REPORT = "publication/report/estyn/gwynedd-council/education/2016-03"


# ---------------------------------------------------------------- dated references back (date tension)
def test_a_definite_reference_with_a_year_of_its_own_refers_back_to_the_report():
    f = facts_of(REPORT + "Following the report in 2017, £2 million was invested in the department.",
                 published="2019-05-02")
    (ref,) = f.references
    assert (ref.as_written, ref.date.value, ref.date.precision, ref.target.key, ref.target.date.value) == (
        "the report in 2017", "2017", "year", ESTYN_REPORT, "2016-03")
    assert ref.council == "council/gwynedd-council"
    assert ref.evidence.exact.startswith("Following the report in 2017")


def test_a_date_inside_the_noun_phrase_or_after_published_in_is_the_reference_date():
    inside = facts_of(REPORT + "Councillors discussed the critical 2015 report at length.", published="2019-05-02")
    assert [(r.as_written, r.date.value) for r in inside.references] == [("the critical 2015 report", "2015")]
    published = facts_of(REPORT + "Councillors said the report published in May 2016 was unfair.",
                         published="2019-05-02")
    assert [(r.as_written, r.date.value) for r in published.references] == [
        ("the report published in May 2016", "2016-05")]


def test_an_undated_or_indefinite_mention_is_no_dated_reference():
    f = facts_of(REPORT + "The report said schools were improving. A report in 2018 was kinder.",
                 published="2019-05-02")
    assert f.references == []


def test_its_report_or_the_visit_with_a_date_is_no_reference_back():
    # 'its report in 2018' introduces a report more often than it points back; a 'visit' may be anybody's
    f = facts_of(REPORT + "Councillors hoped its report in 2018 would be kinder. The visit in 2017 went well.",
                 published="2019-05-02")
    assert f.references == []


def test_a_reference_naming_another_issuer_is_not_the_report_told_before():
    other = facts_of(REPORT + "Councillors discussed the Welsh Government report in 2017 at length.",
                     published="2019-05-02")
    assert other.references == []
    assert [p.key for p in other.publications] == [ESTYN_REPORT]


def test_a_reference_with_nothing_of_its_kind_told_before_refers_to_nothing():
    f = facts_of("Councillors discussed the report in 2017 at length. The letter in 2018 was short.",
                 published="2019-05-02")
    assert f.references == []


def test_a_dated_definite_mention_read_as_its_own_event_is_not_a_reference_back():
    # 'the inspection in October 2018' is the October 2018 inspection itself, not the 2016 one told before
    f = facts_of(REPORT + "Estyn said after the inspection in October 2018 that progress was slow.",
                 published="2019-05-02")
    assert [i.date.value for i in f.inspections] == ["2016-03", "2018-10"]
    assert f.references == []


@settings(max_examples=15, deadline=None)
@given(year=st.integers(2000, 2018), month=st.sampled_from(["January", "April", "July", "November"]))
def test_any_year_written_with_the_reference_is_its_date(year: int, month: str):
    text = (f"In {month} 1999, Estyn published a critical inspection report into Gwynedd Council's Education "
            f"Services. Councillors met after the report in {year}.")
    (ref,) = facts_of(text, published="2019-05-02").references
    assert (ref.date.value, ref.target.date.value[:4]) == (str(year), "1999")


# ---------------------------------------------------------------- relative temporal anchors (sequence tension)
def test_an_appointment_in_the_wake_of_a_report_is_anchored_after_it():
    f = facts_of(REPORT + "In the wake of the damning report, a new Head of Education Services, Gareth Price, "
                 "was appointed.", published="2019-05-02")
    (seq,) = f.sequences
    (price,) = [p for p in f.people if p.name == "Gareth Price"]
    assert (seq.cue, seq.relation, seq.anchor_as_written, seq.anchor.key) == (
        "In the wake of", "after", "the damning report", ESTYN_REPORT)
    assert len(seq.qualifies) == 1 and seq.qualifies[0] is price.roles[0]
    assert price.roles[0].title == "Head of Education Services"


def test_an_appointment_of_someone_named_earlier_is_anchored_too():
    f = facts_of("Gwynedd Council's director of education, Ffion Rowlands, spoke first. " + REPORT
                 + "Following the critical report, a director of education, Ffion Rowlands, was appointed.",
                 published="2019-05-02")
    (seq,) = f.sequences
    (rowlands,) = [p for p in f.people if p.name == "Ffion Rowlands"]
    assert [type(q) for q in seq.qualifies] == [Role]
    assert any(seq.qualifies[0] is r for r in rowlands.roles)


def test_funding_following_a_report_is_anchored_after_it():
    f = facts_of(REPORT + "Following the report, £2 million was invested in the department.",
                 published="2019-05-02")
    (seq,) = f.sequences
    assert (seq.cue, seq.relation, seq.anchor.key) == ("Following", "after", ESTYN_REPORT)
    assert [type(q) for q in seq.qualifies] == [Funding]


def test_ahead_of_an_inspection_anchors_before_it():
    f = facts_of("Estyn inspected Gwynedd Council's Education Services in June 2018. Ahead of the inspection, "
                 "£1 million was invested in the department.", published="2019-05-02")
    (seq,) = f.sequences
    assert (seq.cue, seq.relation, seq.anchor_as_written, seq.anchor.key) == (
        "Ahead of", "before", "the inspection", "inspection/estyn/gwynedd-council/education/2018-06")


def test_an_anchor_with_nothing_dated_in_its_sentence_qualifies_nothing():
    f = facts_of(REPORT + "Following the report, councillors asked questions.", published="2019-05-02")
    assert f.sequences == []


# ---------------------------------------------------------------- deadlines and recent completion (deadline tension)
def test_a_planned_restructure_by_a_date_is_due_then():
    f = facts_of("Gwynedd Council says a restructure of Adult Services will be in place by June 30.",
                 published="2021-02-01")
    (r,) = f.restructures
    assert (r.status, r.date.value, r.due.value, r.recent) == ("scheduled", "2021-06-30", "2021-06-30", False)


def test_due_to_be_completed_in_a_month_is_a_deadline():
    f = facts_of("The restructure of Gwynedd Council's Adult Services is due to be completed in May.",
                 published="2021-02-01")
    (r,) = f.restructures
    assert (r.status, r.due.value) == ("scheduled", "2021-05")


def test_a_planned_date_that_is_not_a_deadline_is_no_due_date():
    f = facts_of("Gwynedd Council's restructure of Adult Services will begin in June.", published="2021-02-01")
    (r,) = f.restructures
    assert (r.status, r.date.value, r.due) == ("scheduled", "2021-06", None)


def test_a_restructure_just_completed_is_recent_and_one_dated_long_ago_is_not():
    just = facts_of("Gwynedd Council's Adult Services has just completed a restructure.", published="2021-02-01")
    assert [(r.status, r.recent, r.not_after.value) for r in just.restructures] == [("held", True, "2021-02-01")]
    old = facts_of("Gwynedd Council's Adult Services completed a restructure in 2015.", published="2021-02-01")
    assert [(r.status, r.recent) for r in old.restructures] == [("held", False)]


# ---------------------------------------------------------------- a report told in passing
def test_a_damning_report_told_in_passing_is_the_inspectorates_report_of_that_month():
    f = facts_of("Estyn will visit Gwynedd Council's Education Services on June 4. Staff will explain to the "
                 "watchdog how the service was turned around following a damning report in May 2016.",
                 published="2021-02-01")
    reports = [(p.key, p.date.value, p.issuer, p.description) for p in f.publications]
    assert reports == [(ESTYN_REPORT.replace("2016-03", "2016-05"), "2016-05", None, "damning report")]


def test_a_report_told_in_passing_needs_one_inspectorate_and_a_past_date():
    two = facts_of("Estyn and Care Inspectorate Wales spoke to Gwynedd Council. Staff were upset following a "
                   "damning report in May 2016.", published="2021-02-01")
    assert two.publications == []
    future = facts_of("Estyn spoke to Gwynedd Council. Staff will explain to the watchdog how they mean to avoid "
                      "a damning report in May 2022.", published="2021-02-01")
    assert future.publications == []


# ---------------------------------------------------------------- the RDF
def test_references_and_anchors_become_valid_rdf_with_owl_time_relations():
    f = facts_of(REPORT + "Following the report in 2017, £2 million was invested in the department. "
                 "In the wake of the damning report, a new Head of Education Services, Gareth Price, was appointed.",
                 published="2019-05-02")
    g = to_rdf(f)
    assert validate(g).conforms
    report = URIRef(entity(ESTYN_REPORT))
    (ref,) = g.subjects(RDF.type, CKG.Reference)
    assert g.value(ref, CKG.refersTo) == report
    assert g.value(g.value(ref, CKG.date), TIME.inXSDgYear) == Literal("2017", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#gYear"))
    claims = {str(g.value(c, CKG.cue)): c for c in g.subjects(RDF.type, CKG.SequenceClaim)}
    assert set(claims) == {"Following", "In the wake of"}
    wake = claims["In the wake of"]
    assert (g.value(wake, CKG.relation), g.value(wake, CKG.anchor)) == (TIME.after, report)
    (membership,) = g.objects(wake, CKG.qualifies)
    assert (membership, RDF.type, CKG.Membership) in g
    assert g.value(membership, URIRef("http://www.w3.org/ns/org#member")) == URIRef(entity("person/gareth-price"))
    (funding,) = g.objects(claims["Following"], CKG.qualifies)
    assert (funding, RDF.type, CKG.FundingEvent) in g


def test_a_restructures_deadline_and_recency_become_rdf():
    planned = to_rdf(facts_of("Gwynedd Council says a restructure of Adult Services will be in place by June 30.",
                              published="2021-02-01"))
    (r,) = planned.subjects(RDF.type, CKG.Restructure)
    assert str(planned.value(planned.value(r, CKG.dueDate), TIME.inXSDDate)) == "2021-06-30"
    assert validate(planned).conforms
    done = to_rdf(facts_of("Gwynedd Council's Adult Services has just completed a restructure.",
                           published="2021-02-01"))
    (d,) = done.subjects(RDF.type, CKG.Restructure)
    assert done.value(d, CKG.completedRecently) == Literal(True)
    assert validate(done).conforms

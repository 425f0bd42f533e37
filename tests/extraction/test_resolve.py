"""Entity resolution across documents: one key per person and per inspection event, any input order."""
import itertools
from pathlib import Path

from graph.extract import extract
from graph.facts import KnownEntity
from graph.read import read_document
from graph.resolve import resolve_against, resolve_corpus, same_person
from tests.extraction.conftest import facts_of

DOCS = Path(__file__).resolve().parents[1] / "data" / "documents"


def keys_by_name(corpus):
    return {(f.meta.source_name, p.name): p.key for f in corpus for p in f.people}


def test_same_person_rules():
    assert same_person("Ali Bowen", "Alison Bowen")
    assert same_person("Bill Hughes", "William Hughes")
    assert same_person("Jon Prys", "John Prys")
    assert same_person("Michael Gray", "Michae Gray")
    assert not same_person("Jan Coles", "Jon Coles")
    assert same_person("Ann Bowen", "Ann Bowden")  # a one-letter slip in a surname, with the same forename
    assert not same_person("Ann Bowen", "Sue Bowden")
    assert not same_person("Bowen", "Ann Bowen")


def test_people_and_events_share_keys_across_documents():
    corpus = resolve_corpus([extract(read_document(DOCS / n)) for n in
                             ("106_wrexham_conference.txt", "109_wrexham_followup.txt")])
    keys = keys_by_name(corpus)
    assert keys[("106_wrexham_conference.txt", "John Prys")] == keys[("109_wrexham_followup.txt", "Jon Prys")] \
        == "person/john-prys"
    assert keys[("106_wrexham_conference.txt", "Alwyn Hughes")] == keys[("109_wrexham_followup.txt", "Alwyn Hughes")]
    conference = "inspection/care-inspectorate-wales/wrexham-county-borough-council/childrens-services/2021-06"
    assert {i.key for f in corpus for i in f.inspections if i.kind == "improvement conference"} == {conference}
    # each document keeps its own claims about the shared event
    assert sorted(i.status for f in corpus for i in f.inspections if i.key == conference) == ["held", "scheduled"]


def test_nickname_forms_resolve_to_the_formal_name_and_keep_their_aliases():
    a = facts_of("Cardiff Council's director of social services, Ali Bowen, spoke.", name="a.txt")
    b = facts_of("Cardiff Council's director of social services, Alison Bowen, was appointed in May 2018.",
                 name="b.txt")
    out = resolve_corpus([a, b])
    assert [p.key for f in out for p in f.people] == ["person/alison-bowen", "person/alison-bowen"]
    assert [p.name for f in out for p in f.people] == ["Ali Bowen", "Alison Bowen"]


def test_people_at_different_councils_stay_apart():
    a = facts_of("Cardiff Council's head of housing, Sian Jones, spoke.", name="a.txt")
    b = facts_of("Powys County Council's head of housing, Sian Jones, spoke.", name="b.txt")
    out = resolve_corpus([a, b])
    assert len({p.key for f in out for p in f.people}) == 2


def test_result_does_not_depend_on_input_order():
    docs = [extract(read_document(DOCS / n)) for n in
            ("106_wrexham_conference.txt", "109_wrexham_followup.txt", "108_conwy_adults.txt")]
    expected = keys_by_name(resolve_corpus(docs))
    for order in itertools.permutations(docs):
        assert keys_by_name(resolve_corpus(list(order))) == expected


def test_resolve_against_known_entities():
    f = facts_of("Wrexham County Borough Council's lead member for children's services, Cllr Jon Prys, spoke. "
                 "Wrexham County Borough Council's children's services were praised.")
    known = [KnownEntity("person/john-prys", "person", "John Prys", ("Cllr John Prys",)),
             KnownEntity("department/wrexham/kids", "department", "Children's Services", ("children's services",),
                         "council/wrexham-county-borough-council")]
    out = resolve_against(f, known)
    assert [p.key for p in out.people] == ["person/john-prys"]
    dept = next(o for o in out.organisations if o.kind == "department")
    assert dept.key == "department/wrexham/kids"
    assert f.people[0].key == "person/jon-prys"  # the input is not changed

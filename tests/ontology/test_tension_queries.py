"""The date, deadline and sequence kinds of the named query `tensions`, over a real embedded store holding
documents written here (not the sample corpus), extracted, resolved and turned into RDF like `councilkg build`:
each kind listed with both sides when the sources disagree, and not when they agree."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.extract import extract
from graph.named_queries import run_named
from graph.read import read_text
from graph.reference import reference_graphs
from graph.resolve import resolve_corpus
from graph.store.embedded import EmbeddedStore
from graph.to_rdf import to_rdf
from graph.uris import base, named_graph

GWYNEDD = "council/gwynedd-council"
DOCUMENTS = {
    # the report (March 2016), a reference to it dated 2017, a restructure due by June 30 (2019), an appointment
    # in the wake of the report
    "a.txt": ("2019-02-01", "In March 2016, Estyn published a critical inspection report into Gwynedd Council's "
                            "Education Services. Following the report in 2017, £2 million was invested in the "
                            "department. Gwynedd Council says a restructure of Education Services will be in "
                            "place by June 30. In the wake of the critical report, a new Head of Education "
                            "Services, Gareth Price, was appointed."),
    # published after the deadline: the restructure just completed, and the appointment dated September 2018
    "b.txt": ("2019-11-05", "Gwynedd Council's Education Services has just completed a restructure. In September "
                            "2018, Gareth Price was appointed Head of Education Services at Gwynedd Council."),
    # a restructure dated after the deadline, and one dated before it
    "c.txt": ("2019-11-20", "Gwynedd Council's Education Services completed a restructure in August 2019."),
    "d.txt": ("2019-11-21", "Gwynedd Council's Education Services completed a restructure in May 2019."),
}


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    corpus = resolve_corpus([extract(read_text(text, name, {"published": published}))
                             for name, (published, text) in DOCUMENTS.items()])
    s = EmbeddedStore(None)
    s.replace_graphs({**reference_graphs(), **{named_graph(f.meta.key): to_rdf(f) for f in corpus}})
    yield s
    s.close()


def rows(store: EmbeddedStore, kind: str, **params: str) -> set[tuple[str, ...]]:
    result = run_named(store, "tensions", {"council": GWYNEDD, **params})
    prefix = f"{base()}id/"
    return {(str(r["subject"]).removeprefix(prefix), str(r["aspect"]), str(r["source1"]), str(r["value1"]),
             str(r["source2"]), str(r["value2"])) for r in result.rows if str(r["kind"]) == kind}


def test_a_reference_dated_otherwise_than_the_report_is_a_date_tension(store: EmbeddedStore) -> None:
    assert rows(store, "date") == {("publication/report/estyn/gwynedd-council/education/2016-03", "date", "a.txt",
                                    "2017 (the report in 2017)", "a.txt", "2016-03")}


def test_done_after_the_deadline_is_a_deadline_tension_and_done_before_it_is_not(store: EmbeddedStore) -> None:
    unit = "department/gwynedd-council/education"
    assert rows(store, "deadline") == {
        (unit, "completion", "a.txt", "due by 2019-06-30", "b.txt", "done recently, reported 2019-11-05"),
        (unit, "completion", "a.txt", "due by 2019-06-30", "c.txt", "done 2019-08"),
    }


def test_an_appointment_far_from_the_report_it_followed_is_a_sequence_tension(store: EmbeddedStore) -> None:
    found = rows(store, "sequence")
    assert {(s.split("/")[1], a, s1, v1, s2, v2) for s, a, s1, v1, s2, v2 in found} == {
        ("gareth-price", "in the wake of", "a.txt", "In the wake of the critical report (2016-03)", "b.txt",
         "2018-09")}
    assert rows(store, "sequence", gap="30") == set()  # September 2018 is 30 months after March 2016
    assert rows(store, "sequence", gap="29") == found


def test_another_council_has_none_of_them(store: EmbeddedStore) -> None:
    result = run_named(store, "tensions", {"council": "council/conwy-county-borough-council"})
    assert result.rows == []

"""SHACL shapes tested both ways: the hand-made fixtures conform, and every constraint has a broken
variant of them that produces exactly the expected violation (focus node, path, component)."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, TIME, XSD

from graph.errors import ValidationFailed
from graph.reference import dataset, ontology_graph, reference_graph
from graph.to_rdf import to_rdf
from graph.uris import entity
from graph.validate import check, context_for, validate
from graph.vocab import CKG, OA, ORG, SDO
from tests.ontology import fixtures as fx


def uri(key: str) -> URIRef:
    return URIRef(entity(key))


DOC_A = uri(fx.document_a().meta.key)
INSPECTION, COUNCIL, DEPT, CIW = uri(fx.INSPECTION), uri(fx.COUNCIL), uri(fx.DEPT), uri(fx.CIW)
PERSON, COUNCILLOR, BOARD, COMMITTEE = uri(fx.PERSON), uri(fx.COUNCILLOR), uri(fx.BOARD), uri(fx.COMMITTEE)
FUNDING = uri("funding/ceredigion-childrens-1-5m")
AMOUNT, PERIOD = URIRef(f"{FUNDING}/amount"), URIRef(f"{FUNDING}/period")
MEETING = uri("meeting/ceredigion-learning-scrutiny/2021-05-04")
LETTER = uri("letter/care-inspectorate-wales/ceredigion-county-council/warning")
POST = uri("post/council/ceredigion-county-council/director-of-social-services")
AREA = uri("area/W06000008")


def component(name: str) -> URIRef:
    return SH[f"{name}ConstraintComponent"]


@pytest.fixture(scope="module")
def doc_a() -> Graph:
    return to_rdf(fx.document_a())


def only(g: Graph, s: URIRef | None, p: URIRef) -> URIRef:
    values = list(g.objects(s, p)) if s is not None else []
    assert len(values) == 1, (s, p, values)
    return values[0]  # type: ignore[return-value]


def membership_of(g: Graph, person: URIRef) -> URIRef:
    return only(g, person, ORG.hasMembership)


def evidence_parts(g: Graph, node: URIRef) -> tuple[URIRef, URIRef, URIRef, URIRef]:
    ann = only(g, node, CKG.evidence)
    target = only(g, ann, OA.hasTarget)
    sels = list(g.objects(target, OA.hasSelector))
    quote = next(s for s in sels if (s, RDF.type, OA.TextQuoteSelector) in g)
    position = next(s for s in sels if (s, RDF.type, OA.TextPositionSelector) in g)
    return ann, target, quote, position  # type: ignore[return-value]


def make_instant(g: Graph, node: str, day: str) -> URIRef:
    """A time:Instant of the document on `day`, as to_rdf writes one."""
    instant = URIRef(node)
    g.add((instant, RDF.type, TIME.Instant))
    g.add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
    g.add((instant, CKG.precision, TIME.unitDay))
    g.add((instant, CKG.resolvedFromRelative, Literal(True)))
    g.add((instant, PROV.wasDerivedFrom, DOC_A))
    return instant


def set_value(g: Graph, s: URIRef, p: URIRef, o: object) -> None:
    g.remove((s, p, None))
    g.add((s, p, o))  # type: ignore[arg-type]


# Each case: (id, mutation of the valid document graph returning the expected (focus, path, component)).
Mutation = Callable[[Graph], tuple[URIRef, URIRef | None, URIRef]]


def _fact_without_source(g: Graph):
    g.remove((INSPECTION, PROV.wasDerivedFrom, None))
    return INSPECTION, PROV.wasDerivedFrom, component("MinCount")


def _fact_from_dataset(g: Graph):
    set_value(g, MEETING, PROV.wasDerivedFrom, dataset("councils"))
    return MEETING, PROV.wasDerivedFrom, component("Class")


def _fact_without_evidence(g: Graph):
    g.remove((FUNDING, CKG.evidence, None))
    return FUNDING, CKG.evidence, component("MinCount")


def _membership_without_evidence(g: Graph):
    m = membership_of(g, PERSON)
    g.remove((m, CKG.evidence, None))
    return m, CKG.evidence, component("MinCount")


def _entity_without_source(g: Graph):
    g.remove((PERSON, PROV.wasDerivedFrom, None))
    return PERSON, PROV.wasDerivedFrom, component("MinCount")


def _entity_source_not_a_source(g: Graph):
    set_value(g, DEPT, PROV.wasDerivedFrom, COUNCIL)
    return DEPT, PROV.wasDerivedFrom, component("Or")


def _entity_without_name(g: Graph):
    g.remove((DEPT, SDO.name, None))
    return DEPT, SDO.name, component("MinCount")


def _negative_amount(g: Graph):
    set_value(g, AMOUNT, SDO.value, Literal(Decimal("-5"), datatype=XSD.decimal))
    return AMOUNT, SDO.value, component("MinInclusive")


def _amount_not_decimal(g: Graph):
    set_value(g, AMOUNT, SDO.value, Literal("5", datatype=XSD.integer))
    return AMOUNT, SDO.value, component("Datatype")


def _two_amount_values(g: Graph):
    g.add((AMOUNT, SDO.value, Literal(Decimal("7"), datatype=XSD.decimal)))
    return AMOUNT, SDO.value, component("MaxCount")


def _bad_currency(g: Graph):
    set_value(g, AMOUNT, SDO.currency, Literal("pounds"))
    return AMOUNT, SDO.currency, component("Pattern")


def _funding_without_amount(g: Graph):
    g.remove((FUNDING, SDO.amount, None))
    return FUNDING, SDO.amount, component("MinCount")


def _funding_without_cumulative(g: Graph):
    g.remove((FUNDING, CKG.cumulative, None))
    return FUNDING, CKG.cumulative, component("MinCount")


def _period_ends_before_start(g: Graph):
    end = only(g, PERIOD, TIME.hasEnd)
    set_value(g, end, TIME.inXSDDate, Literal("2020-12-31", datatype=XSD.date))
    return PERIOD, None, component("SPARQL")


def _membership_ends_before_start(g: Graph):
    during = only(g, membership_of(g, PERSON), ORG.memberDuring)
    end = URIRef(f"{during}/end")
    g.add((during, TIME.hasEnd, end))
    g.add((end, RDF.type, TIME.Instant))
    g.add((end, TIME.inXSDgYear, Literal("2019", datatype=XSD.gYear)))
    g.add((end, CKG.precision, TIME.unitYear))
    g.add((end, PROV.wasDerivedFrom, DOC_A))
    return during, None, component("SPARQL")


def _interval_without_ends(g: Graph):
    during = only(g, membership_of(g, PERSON), ORG.memberDuring)
    g.remove((during, TIME.hasBeginning, None))
    return during, None, component("Or")


def _instant_two_values(g: Graph):
    start = URIRef(f"{only(g, membership_of(g, PERSON), ORG.memberDuring)}/start")
    g.add((start, TIME.inXSDgYear, Literal("2020", datatype=XSD.gYear)))
    return start, None, component("Xone")


def _instant_precision_mismatch(g: Graph):
    date = only(g, INSPECTION, CKG.date)
    set_value(g, date, CKG.precision, TIME.unitDay)
    return date, None, component("Xone")


def _instant_two_precisions(g: Graph):
    date = only(g, MEETING, CKG.date)
    g.add((date, CKG.precision, TIME.unitMonth))
    return date, CKG.precision, component("MaxCount")


def _inspection_without_inspector(g: Graph):
    g.remove((INSPECTION, CKG.inspector, None))
    return INSPECTION, CKG.inspector, component("MinCount")


def _inspector_not_inspectorate(g: Graph):
    set_value(g, INSPECTION, CKG.inspector, COUNCIL)
    return INSPECTION, CKG.inspector, component("Class")


def _inspection_two_kinds(g: Graph):
    g.add((INSPECTION, CKG.kind, URIRef(f"{CKG}inspection-kind/monitoring-visit")))
    return INSPECTION, CKG.kind, component("MaxCount")


def _inspection_bad_status(g: Graph):
    set_value(g, INSPECTION, CKG.status, CKG.cancelled)
    return INSPECTION, CKG.status, component("In")


def _inspection_kind_outside_scheme(g: Graph):
    kind = URIRef(f"{CKG}inspection-kind/audit")
    set_value(g, INSPECTION, CKG.kind, kind)
    g.add((kind, RDF.type, SKOS.Concept))
    g.add((kind, SKOS.prefLabel, Literal("audit", lang="en")))
    g.add((kind, SKOS.inScheme, CKG.RoleTitles))
    return kind, SKOS.inScheme, component("HasValue")


def _finding_bad_type(g: Graph):
    finding = only(g, INSPECTION, CKG.finding)
    set_value(g, finding, CKG.findingType, URIRef(f"{CKG}finding-type/rumour"))
    return finding, CKG.findingType, component("In")


def _result_not_publication(g: Graph):
    set_value(g, INSPECTION, CKG.result, PERSON)
    return INSPECTION, CKG.result, component("Class")


def _membership_without_member(g: Graph):
    m = membership_of(g, PERSON)
    g.remove((m, ORG.member, None))
    return m, ORG.member, component("MinCount")


def _membership_member_not_person(g: Graph):
    m = membership_of(g, PERSON)
    set_value(g, m, ORG.member, COUNCIL)
    return m, ORG.member, component("Class")


def _membership_without_role(g: Graph):
    m = membership_of(g, PERSON)
    g.remove((m, ORG.role, None))
    return m, ORG.role, component("MinCount")


def _role_without_label(g: Graph):
    chair = next(m for m in g.objects(COUNCILLOR, ORG.hasMembership) if "Chair" in str(g.value(m, RDFS.label)))
    role = only(g, chair, ORG.role)
    g.remove((role, SKOS.prefLabel, None))
    return role, SKOS.prefLabel, component("MinCount")


def _post_without_organisation(g: Graph):
    g.remove((POST, ORG.postIn, None))
    return POST, ORG.postIn, component("MinCount")


def _person_two_parties(g: Graph):
    g.add((COUNCILLOR, CKG.party, uri("party/labour")))
    return COUNCILLOR, CKG.party, component("MaxCount")


def _party_not_party(g: Graph):
    set_value(g, COUNCILLOR, CKG.party, COUNCIL)
    return COUNCILLOR, CKG.party, component("Class")


def _ward_not_ward(g: Graph):
    set_value(g, COUNCILLOR, CKG.ward, COUNCIL)
    return COUNCILLOR, CKG.ward, component("Class")


def _department_council_not_council(g: Graph):
    set_value(g, DEPT, CKG.council, CIW)
    return DEPT, CKG.council, component("Class")


def _board_two_setups(g: Graph):
    g.add((BOARD, CKG.setUpOn, only(g, MEETING, CKG.date)))
    return BOARD, CKG.setUpOn, component("MaxCount")


def _change_without_original(g: Graph):
    change = only(g, BOARD, ORG.changedBy)
    g.remove((change, ORG.originalOrganization, None))
    return change, ORG.originalOrganization, component("MinCount")


def _meeting_body_not_organisation(g: Graph):
    set_value(g, MEETING, CKG.body, PERSON)
    return MEETING, CKG.body, component("Class")


def _meeting_without_status(g: Graph):
    g.remove((MEETING, CKG.status, None))
    return MEETING, CKG.status, component("MinCount")


def _letter_issuer_not_organisation(g: Graph):
    set_value(g, LETTER, CKG.issuer, PERSON)
    return LETTER, CKG.issuer, component("Class")


def _document_without_source_name(g: Graph):
    g.remove((DOC_A, CKG.sourceName, None))
    return DOC_A, CKG.sourceName, component("MinCount")


def _document_two_titles(g: Graph):
    g.add((DOC_A, DCTERMS.title, Literal("Another headline")))
    return DOC_A, DCTERMS.title, component("MaxCount")


def _document_url_not_uri(g: Graph):
    set_value(g, DOC_A, SDO.url, Literal("news.example.org/a"))
    return DOC_A, SDO.url, component("Datatype")


def _annotation_without_target(g: Graph):
    ann, *_ = evidence_parts(g, INSPECTION)
    g.remove((ann, OA.hasTarget, None))
    return ann, OA.hasTarget, component("MinCount")


def _target_without_source(g: Graph):
    _, target, _, _ = evidence_parts(g, INSPECTION)
    g.remove((target, OA.hasSource, None))
    return target, OA.hasSource, component("MinCount")


def _target_without_quote(g: Graph):
    _, target, quote, _ = evidence_parts(g, INSPECTION)
    g.remove((target, OA.hasSelector, quote))
    return target, OA.hasSelector, component("QualifiedMinCount")


def _quote_not_in_text(g: Graph):
    _, target, quote, _ = evidence_parts(g, INSPECTION)
    set_value(g, quote, OA.exact, Literal("words the document does not have"))
    return target, None, component("SPARQL")


def _quote_missing_exact(g: Graph):
    _, _, quote, _ = evidence_parts(g, MEETING)
    g.remove((quote, OA.exact, None))
    return quote, OA.exact, component("MinCount")


def _position_start_after_end(g: Graph):
    _, _, _, position = evidence_parts(g, MEETING)
    set_value(g, position, OA.start, Literal(900, datatype=XSD.integer))
    return position, OA.start, component("LessThan")


def _position_negative(g: Graph):
    _, _, _, position = evidence_parts(g, MEETING)
    set_value(g, position, OA.start, Literal(-1, datatype=XSD.integer))
    return position, OA.start, component("MinInclusive")


def _position_not_integer(g: Graph):
    _, _, _, position = evidence_parts(g, MEETING)
    end = int(only(g, position, OA.end))
    set_value(g, position, OA.end, Literal(f"{end}.0", datatype=XSD.decimal))
    return position, OA.end, component("Datatype")


def _letter_due_not_instant(g: Graph):
    g.add((LETTER, CKG.dueDate, PERSON))
    return LETTER, CKG.dueDate, component("Class")


def _letter_two_due_dates(g: Graph):
    for day in ("2021-06-30", "2021-07-31"):
        g.add((LETTER, CKG.dueDate, make_instant(g, f"{LETTER}/due-{day}", day)))
    return LETTER, CKG.dueDate, component("MaxCount")


def _meeting_not_before_not_instant(g: Graph):
    g.add((MEETING, CKG.notBefore, PERSON))
    return MEETING, CKG.notBefore, component("Class")


def _meeting_two_not_before(g: Graph):
    for day in ("2021-04-01", "2021-04-20"):
        g.add((MEETING, CKG.notBefore, make_instant(g, f"{MEETING}/not-before-{day}", day)))
    return MEETING, CKG.notBefore, component("MaxCount")


MUTATIONS: list[Mutation] = [v for k, v in sorted(globals().items())
                             if k.startswith("_") and not k.startswith("__") and callable(v)
                             and getattr(v, "__module__", None) == __name__]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=[m.__name__.strip("_") for m in MUTATIONS])
def test_each_constraint_reports_exactly_its_violation(doc_a: Graph, mutate: Mutation) -> None:
    g = Graph()
    for t in doc_a:
        g.add(t)
    expected = mutate(g)
    report = check(g)
    assert not report.conforms
    found = {(v.focus, v.path, v.component) for v in report.violations}
    assert found == {expected}, report.text


def test_fixture_documents_conform() -> None:
    for facts in (fx.document_a(), fx.document_b()):
        report = check(to_rdf(facts))
        assert report.conforms, report.text
        assert report.violations == []


def test_a_letter_with_one_due_date_conforms(doc_a: Graph) -> None:
    g = Graph()
    for t in doc_a:
        g.add(t)
    g.add((LETTER, CKG.dueDate, make_instant(g, f"{LETTER}/due", "2021-06-30")))
    report = check(g)
    assert report.conforms, report.text


def test_a_meeting_with_one_earliest_date_conforms(doc_a: Graph) -> None:
    g = Graph()
    for t in doc_a:
        g.add(t)
    g.add((MEETING, CKG.notBefore, make_instant(g, f"{MEETING}/not-before", "2021-04-20")))
    report = check(g)
    assert report.conforms, report.text


def test_ontology_and_reference_graphs_conform() -> None:
    for g in (ontology_graph(), reference_graph()):
        report = check(g, with_context=False)
        assert report.conforms, report.text


def test_reference_area_with_bad_gss_code_is_reported() -> None:
    g = reference_graph()
    set_value(g, AREA, CKG.gssCode, Literal("W6000008"))
    found = {(v.focus, v.path, v.component) for v in check(g, with_context=False).violations}
    assert found == {(AREA, CKG.gssCode, component("Pattern"))}


def test_reference_council_area_must_be_an_area() -> None:
    g = reference_graph()
    council = uri("council/ceredigion-county-council")
    set_value(g, council, SDO.areaServed, council)
    found = {(v.focus, v.path, v.component) for v in check(g, with_context=False).violations}
    assert found == {(council, SDO.areaServed, component("Class"))}


def test_validate_raises_with_readable_and_turtle_reports(doc_a: Graph) -> None:
    g = Graph()
    for t in doc_a:
        g.add(t)
    g.remove((INSPECTION, PROV.wasDerivedFrom, None))
    with pytest.raises(ValidationFailed) as err:
        validate(g)
    assert "1 SHACL violation(s)" in err.value.report_text
    assert "prov:wasDerivedFrom" in err.value.report_text
    assert "a fact must be derived from (prov:wasDerivedFrom) its source document" in err.value.report_text
    report = Graph().parse(data=err.value.report_turtle, format="turtle")
    assert (None, SH.focusNode, INSPECTION) in report
    assert err.value.http_status == 422


def test_validate_returns_report_when_valid(doc_a: Graph) -> None:
    report = validate(doc_a)
    assert report.conforms and report.text.startswith("conforms")


def test_context_holds_only_what_the_document_refers_to(doc_a: Graph) -> None:
    ctx = context_for(doc_a)
    subjects = set(ctx.subjects())
    assert uri("inspectorate/care-inspectorate-wales") in subjects
    assert AREA in subjects  # the council's area, two links away
    assert uri("council/powys-county-council") not in subjects
    assert len(ctx) < len(reference_graph()) / 4


def test_missing_reference_entity_is_a_class_violation(doc_a: Graph) -> None:
    g = Graph()
    for t in doc_a:
        g.add(t)
    unknown = uri("inspectorate/no-such-inspectorate")
    set_value(g, INSPECTION, CKG.inspector, unknown)
    found = {(v.focus, v.path, v.component) for v in check(g).violations}
    assert found == {(INSPECTION, CKG.inspector, component("Class"))}


def _with_restructure(status: str = "held") -> tuple[Graph, URIRef]:
    """Document A with a restructure of its department, as the extractor writes one."""
    from graph.facts import Restructure
    facts = fx.document_a()
    facts.restructures.append(Restructure(
        key="restructure/ceredigion-childrens", evidence=fx.ev(fx.TEXT_A, "Another £1.5m has been given"),
        council=fx.COUNCIL, unit=fx.DEPT, not_after=facts.meta.published, status=status,  # type: ignore[arg-type]
        label="Restructure of Children's Services"))
    return to_rdf(facts), uri("restructure/ceredigion-childrens")


def test_a_restructure_conforms_and_is_a_change_event_of_its_unit() -> None:
    g, node = _with_restructure()
    report = check(g)
    assert report.conforms, report.text
    assert (node, RDF.type, ORG.ChangeEvent) in g and only(g, node, ORG.originalOrganization) == DEPT
    assert only(g, node, CKG.status) == CKG.held


@pytest.mark.parametrize("broken", ["no status", "unknown status", "two labels", "council not a council",
                                    "no original organisation"])
def test_a_broken_restructure_reports_exactly_its_violation(broken: str) -> None:
    g, node = _with_restructure()
    expected = {
        "no status": (node, CKG.status, "MinCount"), "unknown status": (node, CKG.status, "In"),
        "two labels": (node, RDFS.label, "MaxCount"), "council not a council": (node, CKG.council, "Class"),
        "no original organisation": (node, ORG.originalOrganization, "MinCount"),
    }[broken]
    if broken == "no status":
        g.remove((node, CKG.status, None))
    elif broken == "unknown status":
        set_value(g, node, CKG.status, CKG.cancelled)
    elif broken == "two labels":
        g.add((node, RDFS.label, Literal("Another restructure")))
    elif broken == "council not a council":
        set_value(g, node, CKG.council, DEPT)
    else:
        g.remove((node, ORG.originalOrganization, None))
    found = {(v.focus, v.path, v.component) for v in check(g).violations}
    assert found == {(expected[0], expected[1], component(expected[2]))}


def _with_question() -> tuple[Graph, URIRef]:
    """Document A with a question its councillor put, as the extractor writes one from minutes."""
    from graph.facts import Question
    facts = fx.document_a()
    facts.questions.append(Question(
        key="question/bevan-learning", evidence=fx.ev(fx.TEXT_A, "CIW sent a warning letter."), asker=fx.COUNCILLOR,
        asker_name="Cllr Idris Bevan", addressee="Cabinet Member for Learning", text="What is being done?",
        council=fx.COUNCIL))
    return to_rdf(facts), uri("question/bevan-learning")


def test_a_question_conforms_and_is_a_schema_question_by_its_asker() -> None:
    g, node = _with_question()
    report = check(g)
    assert report.conforms, report.text
    assert (node, RDF.type, SDO.Question) in g and only(g, node, SDO.author) == COUNCILLOR
    assert str(only(g, node, CKG.askedOf)) == "Cabinet Member for Learning"


@pytest.mark.parametrize("broken", ["asker not a person", "no addressee", "two texts", "no asker name"])
def test_a_broken_question_reports_exactly_its_violation(broken: str) -> None:
    g, node = _with_question()
    if broken == "asker not a person":
        set_value(g, node, SDO.author, COUNCIL)
        expected = (node, SDO.author, "Class")
    elif broken == "no addressee":
        g.remove((node, CKG.askedOf, None))
        expected = (node, CKG.askedOf, "MinCount")
    elif broken == "two texts":
        g.add((node, SDO.text, Literal("And when?")))
        expected = (node, SDO.text, "MaxCount")
    else:
        g.remove((node, CKG.askerName, None))
        expected = (node, CKG.askerName, "MinCount")
    found = {(v.focus, v.path, v.component) for v in check(g).violations}
    assert found == {(expected[0], expected[1], component(expected[2]))}


def _with_board_seat() -> tuple[Graph, URIRef]:
    """Document A with its councillor listed as a member of the Recovery Board."""
    facts = fx.document_a()
    board = next(o for o in facts.organisations if o.key == fx.BOARD)
    board.members = [fx.COUNCILLOR]
    g = to_rdf(facts)
    (seat,) = g.subjects(RDF.type, CKG.BodyMembership)
    return g, seat  # type: ignore[return-value]


def test_a_board_seat_conforms_and_is_an_org_membership_apart_from_posts() -> None:
    g, seat = _with_board_seat()
    report = check(g)
    assert report.conforms, report.text
    assert (seat, RDF.type, ORG.Membership) in g and (seat, RDF.type, CKG.Membership) not in g
    assert (only(g, seat, ORG.member), only(g, seat, ORG.organization)) == (COUNCILLOR, BOARD)


@pytest.mark.parametrize("broken", ["no member", "organisation not a body", "two roles"])
def test_a_broken_board_seat_reports_exactly_its_violation(broken: str) -> None:
    g, seat = _with_board_seat()
    if broken == "no member":
        g.remove((seat, ORG.member, None))
        expected = (seat, ORG.member, "MinCount")
    elif broken == "organisation not a body":
        set_value(g, seat, ORG.organization, COUNCIL)
        expected = (seat, ORG.organization, "Class")
    else:
        g.add((seat, ORG.role, only(g, next(g.subjects(RDF.type, CKG.Membership)), ORG.role)))
        expected = (seat, ORG.role, "MaxCount")
    found = {(v.focus, v.path, v.component) for v in check(g).violations}
    assert found == {(expected[0], expected[1], component(expected[2]))}


def _with_tensions() -> tuple[Graph, URIRef, URIRef]:
    """Document A with a dated reference back to its letter and a sequence claim placing its funding after the
    inspection, as `graph.extract.tensions` writes them."""
    from graph.facts import DatePoint, Reference, SequenceClaim
    facts = fx.document_a()
    (letter,), (inspection,), (funding,) = facts.publications, facts.inspections, facts.funding
    sentence = fx.ev(fx.TEXT_A, "Another £1.5m has been given to Children's Services this year.")
    facts.references.append(Reference(key="reference/letter-2019", evidence=sentence, target=letter,
                                      date=DatePoint("2019", "year", "2019"), as_written="the letter in 2019",
                                      council=fx.COUNCIL))
    facts.sequences.append(SequenceClaim(key="sequence/after-inspection", evidence=sentence, cue="Following",
                                         relation="after", anchor=inspection, anchor_as_written="the inspection",
                                         qualifies=[funding], council=fx.COUNCIL))
    return to_rdf(facts), uri("reference/letter-2019"), uri("sequence/after-inspection")


def test_a_dated_reference_and_a_sequence_claim_conform() -> None:
    g, ref, seq = _with_tensions()
    report = check(g)
    assert report.conforms, report.text
    assert only(g, ref, CKG.refersTo) == uri("letter/care-inspectorate-wales/ceredigion-county-council/warning")
    assert (ref, DCTERMS.references, only(g, ref, CKG.refersTo)) in g  # the DCTERMS super-property, materialised
    assert (only(g, seq, CKG.relation), only(g, seq, CKG.anchor)) == (TIME.after, INSPECTION)
    assert only(g, seq, CKG.qualifies) == uri("funding/ceredigion-childrens-1-5m")
    assert (seq, PROV.wasDerivedFrom, uri(fx.document_a().meta.key)) in g


@pytest.mark.parametrize("broken", ["reference without target", "reference without date", "two anchors",
                                    "unknown relation", "qualifies nothing", "anchor not an event"])
def test_a_broken_reference_or_sequence_claim_reports_exactly_its_violation(broken: str) -> None:
    g, ref, seq = _with_tensions()
    expected = {
        "reference without target": (ref, CKG.refersTo, "MinCount"), "reference without date": (ref, CKG.date,
                                                                                                  "MinCount"),
        "two anchors": (seq, CKG.anchor, "MaxCount"), "unknown relation": (seq, CKG.relation, "In"),
        "qualifies nothing": (seq, CKG.qualifies, "MinCount"), "anchor not an event": (seq, CKG.anchor, "Or"),
    }[broken]
    if broken == "reference without target":
        g.remove((ref, CKG.refersTo, None))
    elif broken == "reference without date":
        g.remove((ref, CKG.date, None))
    elif broken == "two anchors":
        g.add((seq, CKG.anchor, uri("letter/care-inspectorate-wales/ceredigion-county-council/warning")))
    elif broken == "unknown relation":
        set_value(g, seq, CKG.relation, TIME.intervalDuring)
    elif broken == "qualifies nothing":
        g.remove((seq, CKG.qualifies, None))
    else:
        set_value(g, seq, CKG.anchor, DEPT)
    found = {(v.focus, v.path, v.component) for v in check(g).violations}
    assert found == {(expected[0], expected[1], component(expected[2]))}

"""Rules added for the user questions: bare given names as aliases, and the other facts the
questions of ../shared/gold/questions.md need, each on text written here (not the sample corpus)."""
from tests.extraction.conftest import facts_of


def person(facts, name):
    return next(p for p in facts.people if p.name == name)


def test_a_bare_given_name_after_the_full_name_is_an_alias():
    f = facts_of("The director, Bethan Morgan, spoke. Cllr Huw Rees said: \u201cWe are lucky to have "
                 "Bethan\u2019s leadership.\u201d")
    assert "Bethan" in person(f, "Bethan Morgan").aliases
    assert "Bethan" not in person(f, "Huw Rees").aliases


def test_a_given_name_two_people_share_or_a_sentence_start_is_not_an_alias():
    f = facts_of("Cllr Bethan Morgan and Cllr Bethan Lloyd spoke. Both thanked Bethan\u2019s team.")
    assert all("Bethan" not in p.aliases for p in f.people)
    g = facts_of("Cllr Bethan Morgan spoke. Bethan Road will close.")
    assert "Bethan" not in person(g, "Bethan Morgan").aliases
    h = facts_of("The director, Ceri Jones, spoke. Ceri said the plan works.")
    assert "Ceri" not in person(h, "Ceri Jones").aliases  # sentence start: could be any capitalised word


def test_a_meeting_framing_the_sentence_takes_the_main_clause_tense():
    f = facts_of("At a meeting of the Housing scrutiny committee, Conwy County Borough Council's director, "
                 "Sian Hughes, told councillors that an inspection would take place on November 3.",
                 published="2021-10-01")
    (m,) = f.meetings
    assert (m.body_name, m.status, m.date, m.not_after.value) == ("Housing scrutiny committee", "held", None,
                                                                  "2021-10-01")


def test_a_meeting_still_to_come_keeps_no_latest_date():
    f = facts_of("The plan will be presented to a meeting of the full council on March 3.", published="2021-02-01")
    (m,) = f.meetings
    assert (m.status, m.date.value, m.not_after) == ("scheduled", "2021-03-03", None)


_INSPECTED = "Estyn inspected Wrexham County Borough Council's education services in March 2022.\n\n"


def findings(facts, ftype):
    (ins,) = [i for i in facts.inspections if i.date and i.date.value == "2022-03"]
    return [f.text for f in ins.findings if f.type == ftype]


def test_an_inline_list_of_improvements_gives_one_finding_per_item():
    f = facts_of(_INSPECTED + "Estyn says that improvements since the last inspection include better attendance, "
                 "stronger leadership, faster referrals and more visits to pupils at home and those educated "
                 "otherwise.", published="2022-06-01")
    assert findings(f, "improvement") == ["better attendance", "stronger leadership", "faster referrals",
                                          "more visits to pupils at home and those educated otherwise"]


def test_bullets_under_a_priority_areas_head_are_priority_areas_and_a_commending_bullet_is_not():
    f = facts_of(_INSPECTED + "It set three priority areas for development:\n\n\u2022 Improve multi agency "
                 "planning.\n\n\u2022 Reduce exclusions. This includes exclusions of younger pupils.\n\n"
                 "\u2022 Review transport.\n\n\u2022 They also commend the new plans for staff training.\n\n"
                 "The council accepts the findings.", published="2022-06-01")
    assert findings(f, "priority_area") == ["Improve multi-agency planning",
                                            "Reduce exclusions. This includes exclusions of younger pupils",
                                            "Review transport"]
    assert findings(f, "commendation") == ["They also commend the new plans for staff training"]


def test_the_end_of_the_month_is_the_last_day_of_the_reference_month():
    from graph.extract.dates import find_dates, resolve
    from graph.facts import DatePoint
    ref = DatePoint("2024-02-10", "day")
    got = [(d.raw, resolve(d, ref)) for d in find_dates("by the end of the month, or the end of next month, "
                                                        "not the end of last month")]
    assert [(raw, p.value, p.precision, p.resolved_from_relative) for raw, p in got] == [
        ("the end of the month", "2024-02-29", "day", True), ("the end of next month", "2024-03-31", "day", True),
        ("the end of last month", "2024-01-31", "day", True)]


def test_an_annual_report_due_by_a_date_gets_that_due_date():
    f = facts_of("The cabinet considered the annual report from the Director of Social Services, Carys Lloyd. "
                 "She thanked her staff. Ms Lloyd said the report was due to be submitted to the inspectorate by "
                 "the end of the month.", published="2022-11-08")
    (report,) = [p for p in f.publications if p.title == "Annual report"]
    assert (report.date, report.due.value, report.due.raw) == (None, "2022-11-30", "the end of the month")


def test_a_report_without_a_deadline_has_no_due_date():
    f = facts_of("The cabinet considered the annual report from the Director of Education, Carys Lloyd. "
                 "Ms Lloyd said the report was published by the council in May.", published="2022-11-08")
    (report,) = [p for p in f.publications if p.title == "Annual report"]
    assert report.due is None


def test_a_planned_restructure_is_one_event_dated_by_its_deadline():
    f = facts_of("Estyn commended the plans to restructure Conwy County Borough Council's Adult Services. "
                 "The council says a service restructure will be in place by March 1.", published="2022-11-08")
    (r,) = f.restructures
    assert (r.label, r.unit, r.council, r.status, r.date.value, r.date.resolved_from_relative, r.not_after) == (
        "Restructure of Adult Services", "department/conwy-county-borough-council/adult-services",
        "council/conwy-county-borough-council", "scheduled", "2023-03-01", True, None)
    assert r.evidence.exact.startswith("The council says a service restructure")


def test_a_finished_restructure_is_done_on_or_before_publication():
    f = facts_of("Conwy County Borough Council's Children's Services has just finished a restructure, the director "
                 "said.", published="2022-11-08")
    (r,) = f.restructures
    assert (r.unit, r.status, r.date, r.not_after.value) == (
        "department/conwy-county-borough-council/childrens-services", "held", None, "2022-11-08")


def test_a_restructure_neither_planned_nor_done_is_not_an_event():
    assert facts_of("Councillors asked whether a restructure was the answer.", published="2022-11-08").restructures \
        == []


_MINUTES = ("Agenda item\n\nQuestion from Councillor A Lee to the Cabinet Member for Housing & Communities\n\n"
            "'Can the Cabinet Member tell this Council how many homes are empty?'\n\nMinutes:\n\n"
            "Question from Councillor A Lee to the Cabinet Member for Housing & Communities\n\n"
            "'Can the Cabinet Member tell this Council how many homes are empty?'\n\n"
            "Response from the Cabinet Member to Councillor A Lee\n\nThere are 120 empty homes.")


def test_a_question_in_minutes_is_one_fact_with_asker_addressee_and_text():
    f = facts_of(_MINUTES, published=None)
    (q,) = f.questions
    assert (q.asker, q.asker_name, q.addressee, q.text) == (
        "person/a-lee", "Councillor A Lee", "Cabinet Member for Housing & Communities",
        "Can the Cabinet Member tell this Council how many homes are empty?")
    assert q.evidence.exact == "Question from Councillor A Lee to the Cabinet Member for Housing & Communities"


def test_a_question_in_running_text_is_not_a_minuted_question():
    f = facts_of("The question from residents to the council was never answered, Cllr Ann Bowen said.")
    assert f.questions == []


def test_a_board_made_up_of_named_people_lists_them_as_its_members():
    f = facts_of("Torfaen County Borough Council's plan was overseen by a steering board made up of the Director "
                 "Ann Lee, Head of Housing Bryn Jones and Head of Finance Carys Evans, with officers from legal.")
    (board,) = [o for o in f.organisations if o.members]
    assert (board.key, board.name, board.body_kind, board.council) == (
        "body/torfaen-county-borough-council/steering-board", "Steering Board", "board",
        "council/torfaen-county-borough-council")
    assert board.members == ["person/ann-lee", "person/bryn-jones", "person/carys-evans"]
    assert all(r.organisation != board.key for p in f.people for r in p.roles)  # a seat, not a post


def test_a_board_with_one_named_person_is_not_a_member_list():
    f = facts_of("The board, made up of the Director Ann Lee and two officers, met monthly.")
    assert not any(o.members for o in f.organisations)


def test_a_restructure_of_no_named_council_or_unit_is_not_an_event():
    f = facts_of("A service restructure will be in place by March 1, the report said.", published="2022-11-08")
    assert f.restructures == []  # an org:ChangeEvent needs the organisation it changes


def test_a_named_board_listed_with_its_members_is_the_board_already_found():
    f = facts_of("Ceredigion County Council set up the Recovery Board, made up of Ann Lee, Bryn Jones and Carys Evans, "
                 "in May 2020. A board made up of Cllr Dai Rees and Cllr Eira Hughes met too.")
    boards = {o.key: o.members for o in f.organisations if o.members}
    assert boards == {"body/ceredigion-county-council/recovery-board": ["person/ann-lee", "person/bryn-jones",
                                                                        "person/carys-evans"],
                      "body/ceredigion-county-council/board": ["person/dai-rees", "person/eira-hughes"]}


def test_a_list_after_a_colon_may_be_separated_by_semicolons():
    f = facts_of(_INSPECTED + "The priority areas are: better planning for transition; faster assessments; "
                 "clearer records.", published="2022-06-01")
    assert findings(f, "priority_area") == ["better planning for transition", "faster assessments", "clearer records"]


def test_improvements_that_were_needed_are_not_a_list_of_improvements():
    f = facts_of(_INSPECTED + "Inspectors said improvements were needed in planning, assessments and records.",
                 published="2022-06-01")
    assert findings(f, "improvement") == []


def test_a_restructure_reported_complete_is_done():
    f = facts_of("Conwy County Borough Council's restructure of Adult Services is now complete.",
                 published="2022-11-08")
    (r,) = f.restructures
    assert (r.label, r.status, r.not_after.value) == ("Restructure of Adult Services", "held", "2022-11-08")


def test_an_undated_meeting_following_a_dated_one_is_not_before_it():
    f = facts_of("Council minutes\n\nA members' induction is scheduled for 14th March and following this meeting the "
                 "plan will be presented to Scrutiny by the lead officer.", published="2023-02-20")
    got = {m.body_name: (m.date and m.date.value, m.not_before and m.not_before.value) for m in f.meetings}
    assert got["Scrutiny"] == (None, "2023-03-14")

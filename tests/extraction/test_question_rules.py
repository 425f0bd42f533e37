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

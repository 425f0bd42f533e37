"""The 25 user questions of ../shared/gold/questions.md, each asked through the HTTP API (the named
query operations /api/queries/NAME) of a real server over the sample corpus, and checked against
the answer the gold file gives, with the source documents.

Where the extractor does not produce a fact a question needs, the test asserts the true answer and
is marked xfail(strict=True) with the reason, so it starts failing (XPASS) the day the fact appears.
"Not stated" answers are asserted absent.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx

POWYS = "council/powys-county-council"
BRIDGEND = "council/bridgend-county-borough-council"
CIW = "inspectorate/care-inspectorate-wales"
D000, D001, D002, D003, D004 = ("000_993c7b51447cae79.txt", "001_d19a80f013a49645.txt",
                                "002_3b2d5d76324c1fd6.txt", "003_0cc1316b136c4f95.txt", "004_91aebff291a57ad5.txt")


def ask(server: Any, query: str, /, **params: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.url}api/queries/{query}", params=params, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["rows"])
    return body["rows"]


def key(server: Any, uri: str | None) -> str | None:
    """An entity URI of the server as its key (council/powys-county-council)."""
    prefix = f"{server.url}id/"
    return uri[len(prefix):] if uri and uri.startswith(prefix) else uri


def by_source(rows: list[dict[str, Any]], column: str) -> dict[str, Any]:
    return {r["source"]: r[column] for r in rows}


def doc_no(source: str) -> str:
    return source[:3]


# ---------------------------------------------------------------- Q1
def test_q1_powys_inspections_visits_and_conferences(live_server: Any) -> None:
    rows = ask(live_server, "inspections", council=POWYS)
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        events[r["inspection"]].append(r)
    assert all(key(live_server, r["inspector"]) == CIW for r in rows)
    summary = sorted((rs[0]["date"] or "", rs[0]["notAfter"] or "", key(live_server, rs[0]["inspected"]),
                      tuple(sorted(doc_no(r["source"]) for r in rs))) for rs in events.values())
    assert summary == [
        ("", "", "department/powys-county-council/adult-services", ("000",)),       # monitoring visits
        ("", "2018-01", POWYS, ("000",)),                                            # follow-up visit, before Jan 2018
        ("2017-10", "", "department/powys-county-council/childrens-services", ("000", "001", "003")),
        ("2018-10", "", "department/powys-county-council/childrens-services", ("000", "001", "003")),
        ("2020-10-09", "", "department/powys-county-council/social-services", ("002", "003")),
    ]
    oct17 = [r for r in rows if r["date"] == "2017-10"]
    assert all("damning" in r["outcome"] for r in oct17)
    oct18 = {doc_no(r["source"]): r for r in rows if r["date"] == "2018-10"}
    # C2: the kind as each source words it (001 names no kind: the generic concept)
    assert {d: r["kind"] for d, r in oct18.items()} == {"000": "full inspection", "001": "inspection",
                                                       "003": "follow-up inspection"}
    assert "serious concerns" in oct18["001"]["outcome"] and "serious concerns" in oct18["003"]["outcome"]
    adults = next(r for r in rows if r["kind"] == "monitoring visit")
    assert "excellent work" in adults["outcome"]
    conference = [r for r in rows if r["date"] == "2020-10-09"]
    assert {r["kind"] for r in conference} == {"improvement conference"}
    assert {r["status"] for r in conference} == {"scheduled"}


def test_q1_c3_improvement_wording_per_source(live_server: Any) -> None:
    rows = ask(live_server, "inspection_findings", council=POWYS, type="improvement")
    texts = {doc_no(r["source"]): r["text"] for r in rows if r["date"] == "2018-10"}
    assert set(texts) == {"000", "001", "003"}
    assert "significant improvements" in texts["000"]
    assert "improved slightly" in texts["001"]
    assert "improvements" in texts["003"] and "acknowledged" in texts["003"]


# ---------------------------------------------------------------- Q2
def test_q2_director_of_social_services_on_2019_01_01(live_server: Any) -> None:
    rows = ask(live_server, "post_holders", role="Director of Social Services", on="2019-01-01", council=POWYS)
    assert {r["name"] for r in rows} == {"Alison Bulman"}
    assert {key(live_server, r["person"]) for r in rows} == {"person/alison-bulman"}
    # C1: the start each source gives; no source gives an end
    assert by_source(rows, "start") == {D000: "2018-05", D002: "2018-04", D003: None}
    assert all(r["end"] is None for r in rows)


def test_q2_no_director_before_either_start(live_server: Any) -> None:
    assert ask(live_server, "post_holders", role="Director of Social Services", on="2018-03-31", council=POWYS) == []


# ---------------------------------------------------------------- Q3
def test_q3_funding_of_powys_childrens_services(live_server: Any) -> None:
    rows = ask(live_server, "funding", council=POWYS)
    assert {r["source"] for r in rows} == {D000, D001}  # no other document gives amounts
    assert all(key(live_server, r["recipient"]) == "department/powys-county-council/childrens-services" for r in rows)
    assert all(r["currency"] == "GBP" for r in rows)
    d000 = sorted((r for r in rows if r["source"] == D000), key=lambda r: r["date"] or "~")
    assert [(r["amount"], r["date"], r["cumulative"]) for r in d000] == [(6000000, "2018", False),
                                                                        (6000000, None, False)]
    assert d000[1]["additionalTo"] == d000[0]["funding"]  # "another £6 million"
    (d001,) = [r for r in rows if r["source"] == D001]
    assert (d001["amount"], d001["qualifier"], d001["cumulative"]) == (12000000, "more than", True)
    assert (d001["periodStart"], d001["periodEnd"]) == ("2018-01", "2019-01")  # "over the past year"


def test_q3_totals_per_source(live_server: Any) -> None:
    rows = ask(live_server, "funding_totals", council=POWYS)
    totals = {r["source"]: (r["separateTotal"], r["statedRunningTotal"], r["events"]) for r in rows}
    assert totals == {D000: (12000000, 0, 2), D001: (0, 12000000, 1)}  # 000's £12m is implied, not stated


# ---------------------------------------------------------------- Q4
def test_q4_councillors_commenting_on_annual_reports(live_server: Any) -> None:
    reports = ask(live_server, "publications", council=POWYS, kind="report")
    assert {r["source"] for r in reports if r["label"] == "Annual report"} == {D000, D002}
    rows = ask(live_server, "councillors", council=POWYS, role="councillor")
    got = {(r["name"], r["source"]): (r["partyName"], r["wardName"]) for r in rows}
    assert got[("James Gibson-Watt", D000)] == ("Liberal Democrat and Green group", None)  # ward not stated
    assert got[("Gwilym Williams", D000)] == (None, None)  # 000 gives no party
    assert got[("Gwilym Williams", D003)] == ("Conservative", "Disserth and Trecoed")
    assert got[("Myfanwy Alexander", D002)] == ("Independent", "Banwy")
    assert got[("Rachel Powell", D002)] == ("Independent", "Beguildy")
    roles = {(r["name"], r["source"]): r["roles"] for r in rows}
    assert "Leader of the Liberal Democrat and Green group" in roles[("James Gibson-Watt", D000)]
    assert "Chairman of the Health and Care scrutiny committee" in roles[("Gwilym Williams", D000)]
    assert "Portfolio holder for Adult Social Services" in roles[("Myfanwy Alexander", D002)]
    assert "Portfolio holder for Children's Services" in roles[("Rachel Powell", D002)]
    gibson = next(r for r in rows if r["name"] == "James Gibson-Watt")
    assert "said: “The report outlines" in gibson["quote"]  # his comment on the director's report


# ---------------------------------------------------------------- Q5
def test_q5_hard_contradictions(live_server: Any) -> None:
    rows = ask(live_server, "contradictions")
    found = {(key(live_server, r["subject"]), doc_no(r["source1"]), str(r["value1"]).rsplit("/", 1)[-1],
              doc_no(r["source2"]), str(r["value2"]).rsplit("/", 1)[-1]) for r in rows}
    c1 = next(f for f in found if f[0].startswith("membership/alison-bulman/"))
    assert c1[1:] == ("000", "2018-05", "002", "2018-04")
    assert (f"inspection/{CIW.split('/')[1]}/powys-county-council/childrens-services/2018-10",
            "000", "full-inspection", "003", "follow-up-inspection") in found
    assert len(found) == 2  # C1 and C2; 001's unnamed kind is broader, not a contradiction


def test_q5_soft_tensions_c3_and_c4(live_server: Any) -> None:
    rows = ask(live_server, "tensions", council=POWYS)
    seen = {(r["kind"], r["aspect"], doc_no(r["source1"]), doc_no(r["source2"])): (r["value1"], r["value2"])
            for r in rows}
    # C3: how much improvement CIW found in October 2018, in the words of each source
    assert "significant improvements" in seen[("finding", "improvement", "000", "001")][0]
    assert "improved slightly" in seen[("finding", "improvement", "000", "001")][1]
    assert seen[("finding", "improvement", "000", "003")] == ("significant improvements", "improvements acknowledged")
    # C4: £6m (and another £6m) in 000 against a running total of more than £12m in 001
    assert seen[("funding", "amount", "000", "001")] == ("6000000", "12000000")


def test_q5_soft_tensions_c5_to_c7(live_server: Any) -> None:
    rows = ask(live_server, "tensions", council=POWYS)
    # C5: 000's "the report in 2018" against the damning report that 000, 001, 002 and 003 date October 2017
    dates = {(key(live_server, r["subject"]), doc_no(r["source1"]), r["value1"], r["value2"], doc_no(r["source2"]))
             for r in rows if r["kind"] == "date"}
    report = f"publication/report/{CIW.split('/')[1]}/powys-county-council/childrens-services/2017-10"
    assert dates == {(report, "000", "2018 (the report in 2018)", "2017-10", d) for d in ("000", "001", "002", "003")}
    # C6: the restructure due "by April 1" (2019, in 001 of 2019-01-10) had "just finished" in 000 of 2019-07-16
    deadlines = [(key(live_server, r["subject"]), doc_no(r["source1"]), r["value1"], doc_no(r["source2"]), r["value2"])
                 for r in rows if r["kind"] == "deadline"]
    assert deadlines == [("department/powys-county-council/childrens-services", "001", "due by 2019-04-01", "000",
                          "done recently, reported 2019-07-16")]
    # C7: 003 has Jan Coles appointed "In the wake of the critical report" (October 2017); 000 and 001 date her
    # appointment October 2018. Alison Bulman, appointed in the same sentence, started in May 2018 (000) or April
    # 2018 (002, "six months after" the report): within the default gap of nine months, so not a tension.
    sequences = {(key(live_server, r["subject"]).split("/")[1], r["aspect"], doc_no(r["source1"]), r["value1"],
                  doc_no(r["source2"]), r["value2"]) for r in rows if r["kind"] == "sequence"}
    assert sequences == {("jan-coles", "in the wake of", "003", "In the wake of the critical report (2017-10)", d,
                          "2018-10") for d in ("000", "001")}
    assert {r["kind"] for r in rows} == {"finding", "funding", "date", "deadline", "sequence"}


def test_q5_sequence_gap_is_a_parameter(live_server: Any) -> None:
    """`gap`: how many months after its anchor an event said to follow it may lie. The October 2017 report is
    followed by Bulman's start 6 (002) or 7 (000) months later and Coles' 12 months later (000, 001)."""
    def sequence(gap: str) -> set[tuple[str, str, str]]:
        return {(key(live_server, r["subject"]).split("/")[1], doc_no(r["source2"]), r["value2"])
                for r in ask(live_server, "tensions", council=POWYS, gap=gap) if r["kind"] == "sequence"}
    coles = {("jan-coles", "000", "2018-10"), ("jan-coles", "001", "2018-10")}
    assert sequence("12") == set()
    assert sequence("11") == coles
    assert sequence("6") == coles | {("alison-bulman", "000", "2018-05")}
    assert sequence("5") == coles | {("alison-bulman", "000", "2018-05"), ("alison-bulman", "002", "2018-04")}


# ---------------------------------------------------------------- Q6
def test_q6_jan_coles_head_of_childrens_services(live_server: Any) -> None:
    rows = ask(live_server, "post_holders", role="Head of Children's Services", on="2018-10-31", council=POWYS)
    assert {r["name"] for r in rows} == {"Jan Coles"}
    assert by_source(rows, "start") == {D000: "2018-10", D001: "2018-10", D003: None}  # 003 gives no date (C7)
    assert all(r["end"] is None for r in rows)
    quotes = by_source(rows, "quote")
    assert "October 2018" in quotes[D000] and "Jan Coles was appointed" in quotes[D000]
    assert "took up the post in October" in quotes[D001]
    assert "In the wake of the critical report" in quotes[D003]
    assert ask(live_server, "post_holders", role="Head of Children's Services", on="2018-09-30", council=POWYS) == []


# ---------------------------------------------------------------- Q7
def test_q7_priority_areas_after_october_2018(live_server: Any) -> None:
    rows = ask(live_server, "inspection_findings", council=POWYS, type="priority_area")
    texts = [r["text"] for r in rows if r["source"] == D001 and r["date"] == "2018-10"]
    assert len(texts) == 4
    for words in ("strategic vision", "commissioning arrangements", "multi-agency", "complaints"):
        assert any(words in t for t in texts), words


# ---------------------------------------------------------------- Q8
def test_q8_five_improvements_acknowledged(live_server: Any) -> None:
    rows = ask(live_server, "inspection_findings", council=POWYS, type="improvement")
    texts = [r["text"] for r in rows if r["source"] == D001 and r["date"] == "2018-10"]
    for words in ("corporate oversight", "quality assurance", "front door", "court orders", "frequency of visits"):
        assert any(words in t for t in texts), words


# ---------------------------------------------------------------- Q9
def test_q9_warning_letters(live_server: Any) -> None:
    rows = ask(live_server, "publications", kind="letter")
    assert [(key(live_server, r["issuer"]), key(live_server, r["addressee"]), r["date"], r["source"])
            for r in rows] == [(CIW, POWYS, "2018-01", D000)]
    visit = [r for r in ask(live_server, "inspections", council=POWYS) if r["kind"] == "follow-up visit"]
    assert [(r["date"], r["source"]) for r in visit] == [(None, D000)]  # the visit itself is undated


# ---------------------------------------------------------------- Q10
def test_q10_improvement_and_assurance_board(live_server: Any) -> None:
    rows = ask(live_server, "bodies", council=POWYS, name="Improvement and Assurance Board")
    assert {r["source"] for r in rows} == {D001, D002, D003}
    assert {(r["setUp"], r["source"]) for r in rows if r["setUp"]} == {("2018-03", D003)}
    assert {(r["memberName"], r["role"], r["source"]) for r in rows if r["member"]} == {
        ("Jack Straw", "Chairman of the Improvement and Assurance Board", D002)}
    assert {(r["replacedBy"], r["replacementAnnounced"], r["source"]) for r in rows if r["replacedBy"]} == {
        ("several internal improvement boards", "2020-07", D003)}


# ---------------------------------------------------------------- Q11
def test_q11_powys_meetings(live_server: Any) -> None:
    rows = ask(live_server, "meetings", council=POWYS)
    assert sorted((r["source"], r["bodyName"], r["date"]) for r in rows) == [
        (D000, None, None), (D001, "Full Council", "2019-01-22"), (D002, "Cabinet", "2020-09-15"),
        (D003, "Health and Care scrutiny committee", None)]
    assert by_source(rows, "status")[D001] == "scheduled"
    assert by_source(rows, "status")[D002] == "held"


def test_q11_scrutiny_briefing_was_held(live_server: Any) -> None:
    rows = ask(live_server, "meetings", council=POWYS)
    (m,) = [r for r in rows if r["source"] == D003]
    assert (m["status"], m["notAfter"]) == ("held", "2020-09-11")


# ---------------------------------------------------------------- Q12
def test_q12_party_and_ward_of_each_councillor(live_server: Any) -> None:
    rows = ask(live_server, "councillors", council=POWYS, role="councillor")
    stated: dict[str, set[tuple[Any, Any, str]]] = defaultdict(set)
    for r in rows:
        stated[r["name"]].add((r["partyName"], r["wardName"], doc_no(r["source"])))
    assert set(stated) == {"Myfanwy Alexander", "Rachel Powell", "Amanda Jenner", "Gwilym Williams",
                           "James Gibson-Watt", "Rosemarie Harris"}
    assert stated["Myfanwy Alexander"] == {("Independent", "Banwy", "002"), ("Independent", "Banwy", "003")}
    assert ("Independent", "Beguildy", "002") in stated["Rachel Powell"]
    assert stated["Amanda Jenner"] == {("Conservative", "Trewern", "003")}
    assert stated["Gwilym Williams"] == {("Conservative", "Disserth and Trecoed", "003"), (None, None, "000")}
    assert stated["James Gibson-Watt"] == {("Liberal Democrat and Green group", None, "000")}
    assert stated["Rosemarie Harris"] == {(None, None, "001")}  # neither stated
    assert {p for p, _, d in stated["Rachel Powell"] if d == "001"} == {None}


# ---------------------------------------------------------------- Q13
def test_q13_portfolio_holders(live_server: Any) -> None:
    portfolio = ask(live_server, "councillors", council=POWYS, role="portfolio")
    cabinet = ask(live_server, "councillors", council=POWYS, role="cabinet member")
    held = {(r["name"], t, doc_no(r["source"])) for r in portfolio + cabinet for t in r["roles"].split("; ")
            if "portfolio" in t.lower() or "cabinet member" in t.lower()}
    assert held == {
        ("Rachel Powell", "Cabinet Member for Children's Services", "001"),
        ("Rachel Powell", "Portfolio holder for Children's Services", "002"),
        ("Myfanwy Alexander", "Portfolio holder for Adult Social Services", "002"),
        ("Myfanwy Alexander", "Portfolio holder for Adult Social Care", "003"),
    }


# ---------------------------------------------------------------- Q14
def test_q14_heads_of_service(live_server: Any) -> None:
    rows = ask(live_server, "councillors", council=POWYS, role="head of")
    heads = defaultdict(set)
    for r in rows:
        for title in r["roles"].split("; "):
            if title.startswith("Head of"):
                heads[(r["name"], title)].add(doc_no(r["source"]))
    assert dict(heads) == {
        ("Jan Coles", "Head of Children's Services"): {"000", "001", "003"},
        ("Michae Gray", "Head of Adult Services"): {"002"},  # spelled as in the text, not corrected
        ("Dylan Owen", "Head of Adult Services Commissioning"): {"002"},
    }


# ---------------------------------------------------------------- Q15
def test_q15_improvement_conference(live_server: Any) -> None:
    rows = [r for r in ask(live_server, "inspections", council=POWYS, **{"from": "2020-10-09", "to": "2020-10-09"})]
    assert {r["inspection"] for r in rows} and len({r["inspection"] for r in rows}) == 1  # 002 and 003: one event
    assert sorted((r["source"], r["date"], r["kind"], r["status"]) for r in rows) == [
        (D002, "2020-10-09", "improvement conference", "scheduled"),
        (D003, "2020-10-09", "improvement conference", "scheduled")]
    assert {key(live_server, r["inspector"]) for r in rows} == {CIW}
    assert {r["inspectedName"] for r in rows} == {"Social Services"}
    assert "crunch conference" in by_source(rows, "quote")[D002]
    dates = {(r["source"], r["asWritten"], r["resolved"]) for r in ask(live_server, "resolved_dates")}
    assert {(D002, "October 9", "2020-10-09"), (D003, "October 9", "2020-10-09")} <= dates


# ---------------------------------------------------------------- Q16
def test_q16_annual_report_2019_20_at_cabinet(live_server: Any) -> None:
    meetings = ask(live_server, "meetings", council=POWYS, **{"from": "2020-09-15", "to": "2020-09-15"})
    assert [(r["bodyName"], r["date"], r["status"], r["source"]) for r in meetings] == [
        ("Cabinet", "2020-09-15", "held", D002)]
    assert "annual report for 2019/20" in meetings[0]["quote"]
    reports = ask(live_server, "publications", council=POWYS, kind="report")
    # 002-O1, and 002-O2: "following a damning report in October 2017" (its issuer not named there)
    assert sorted(r["label"] for r in reports if r["source"] == D002) == ["Annual report", "damning report"]


def test_q16_annual_report_due_by_2020_09_30(live_server: Any) -> None:
    reports = ask(live_server, "publications", council=POWYS, kind="report")
    annual = [r for r in reports if r["source"] == D002 and r["label"] == "Annual report"]
    assert [r["date"] for r in annual] == ["2020-09-30"]


# ---------------------------------------------------------------- Q17
def test_q17_leader_of_the_council(live_server: Any) -> None:
    rows = ask(live_server, "councillors", council=POWYS, role="leader of the council")
    assert [(r["name"], r["source"]) for r in rows] == [("Rosemarie Harris", D001)]
    assert "We fully accept the regulators’ recommendations" in rows[0]["quote"]
    meeting = [r for r in ask(live_server, "meetings", council=POWYS) if r["source"] == D001]
    assert [(r["bodyName"], r["date"], r["status"]) for r in meeting] == [("Full Council", "2019-01-22", "scheduled")]


# ---------------------------------------------------------------- Q18
def test_q18_documents_by_elgan_hearn(live_server: Any) -> None:
    rows = ask(live_server, "documents", author="Elgan Hearn")
    assert [(r["source"], r["publisher"], r["published"], r["headline"], r["authorTitle"]) for r in rows] == [
        (D000, "mynewtown", "2019-07-16", "Concern remains over local social services department",
         "Local Democracy Service Reporter"),
        (D001, "mywelshpool", "2019-01-10", "Still “serious concerns” over Children’s Services",
         "Local Democracy Reporter"),
    ]
    others = {r["source"]: r["authorName"] for r in ask(live_server, "documents")}
    assert [others[d] for d in (D002, D003, D004)] == [None, None, None]  # no author named


# ---------------------------------------------------------------- Q19
def test_q19_restructures(live_server: Any) -> None:
    rows = ask(live_server, "council_timeline", council=POWYS)
    restructures = {(r["date"], r["source"]) for r in rows if "restructure" in (r["label"] or "").lower()}
    assert restructures == {("2019-04-01", D001), (None, D000)}


# ---------------------------------------------------------------- Q20
def test_q20_bridgend_inspection_and_follow_up(live_server: Any) -> None:
    rows = ask(live_server, "inspections", council=BRIDGEND)
    assert [(key(live_server, r["inspector"]), r["date"], r["inspectedName"], r["source"]) for r in rows] == [
        ("inspectorate/cssiw", "2017-06", "Children's Services", D004)]  # not linked to CIW
    assert rows[0]["outcome"] is None  # outcome not stated
    assert "Inspecting Children" in rows[0]["quote"]
    meetings = {(r["bodyName"], r["status"]) for r in ask(live_server, "meetings", council=BRIDGEND)}
    assert {("Scrutiny", "scheduled"), ("Corporate Parenting Cabinet Committee", "scheduled")} <= meetings


# ---------------------------------------------------------------- Q21
def test_q21_bridgend_management_board_people(live_server: Any) -> None:
    rows = ask(live_server, "councillors", council=BRIDGEND)
    people = {(r["name"], r["roles"]) for r in rows if r["source"] == D004 and r["name"] != "C Webster"}
    assert people == {("Sue Cooper", "Director"), ("Jackie Davies", "Head of Adult Services"),
                      ("Laura Kinsey", "Head of Safeguarding and Assessment for Children's Services")}
    assert all("management board" in r["quote"] for r in rows if r["name"] != "C Webster")


def test_q21_board_and_project(live_server: Any) -> None:
    rows = ask(live_server, "bodies", council=BRIDGEND, name="board")
    assert {r["memberName"] for r in rows} == {"Sue Cooper", "Jackie Davies", "Laura Kinsey"}


# ---------------------------------------------------------------- Q22
def test_q22_bridgend_meetings_scheduled_for_july_2017(live_server: Any) -> None:
    rows = ask(live_server, "meetings", council=BRIDGEND, **{"from": "2017-07-01", "to": "2017-07-31"})
    scheduled = sorted((r["date"] or "", r["notBefore"] or "", r["bodyName"]) for r in rows
                       if r["status"] == "scheduled")
    assert scheduled == [("", "2017-07-20", "Scrutiny"),  # 004-M3: after the 20 July induction, date not given
                         ("2017-07", "", "Scrutiny"), ("2017-07-20", "", "Members' induction"),
                         ("2017-07-26", "", "Full Council")]
    inferred = {(r["asWritten"], r["resolved"]) for r in ask(live_server, "resolved_dates") if r["source"] == D004}
    assert {("20th July", "2017-07-20"), ("26th July", "2017-07-26"), ("July", "2017-07")} <= inferred


def test_q22_scrutiny_after_the_induction(live_server: Any) -> None:
    rows = ask(live_server, "meetings", council=BRIDGEND, **{"from": "2017-07-01", "to": "2017-07-31"})
    assert len([r for r in rows if r["bodyName"] == "Scrutiny" and r["status"] == "scheduled"]) == 2


# ---------------------------------------------------------------- Q23
def test_q23_question_in_bridgend_minutes(live_server: Any) -> None:
    rows = ask(live_server, "councillors", council=BRIDGEND, role="councillor")
    assert [(r["name"], r["roles"], r["source"]) for r in rows] == [("C Webster", "Councillor", D004)]
    assert "Question from Councillor C Webster to the Cabinet Member for Social Services" in rows[0]["quote"]
    held = [r for r in ask(live_server, "meetings", council=BRIDGEND) if r["status"] == "held"]
    assert [(r["bodyName"], r["date"]) for r in held] == [("Full Council", "2017")]  # before 20 July (inferred)


def test_q23_question_as_a_fact(live_server: Any) -> None:
    rows = ask(live_server, "document_facts", source=D004)
    assert any("Question" in (r["type"] or "") for r in rows)


# ---------------------------------------------------------------- Q24
def test_q24_people_in_more_than_one_document(live_server: Any) -> None:
    rows = ask(live_server, "people_across_documents")
    docs: dict[str, set[str]] = defaultdict(set)
    names: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        docs[r["name"]].add(doc_no(r["source"]))
        names[(r["name"], doc_no(r["source"]))] = set(r["namesUsed"].split("; "))
    assert dict(docs) == {"Alison Bulman": {"000", "002", "003"}, "Jan Coles": {"000", "001", "003"},
                          "Gwilym Williams": {"000", "003"}, "Rachel Powell": {"001", "002"},
                          "Myfanwy Alexander": {"002", "003"}, "Elgan Hearn": {"000", "001"}}
    assert {"Alison Bulman", "Ali Bulman", "Ms Bulman"} <= names[("Alison Bulman", "000")]
    assert {"Ali Bulman", "Ms Bulman"} <= names[("Alison Bulman", "003")]
    everyone = ask(live_server, "people_across_documents", min_documents="1")
    assert len({r["person"] for r in everyone}) == 17


def test_q24_ali_as_a_name_in_002(live_server: Any) -> None:
    rows = ask(live_server, "people_across_documents")
    (r,) = [r for r in rows if r["name"] == "Alison Bulman" and r["source"] == D002]
    assert {"Ali Bulman", "Ms Bulman", "Ali"} <= set(r["namesUsed"].split("; "))


# ---------------------------------------------------------------- Q25
def test_q25_relative_and_inferred_dates(live_server: Any) -> None:
    rows = ask(live_server, "resolved_dates")
    got = {(doc_no(r["source"]), " ".join((r["asWritten"] or "").split()), r["resolved"]) for r in rows}
    expected = {("001", "January 22", "2019-01-22"), ("001", "October", "2018-10"),
                ("002", "Tuesday, September 15", "2020-09-15"), ("002", "October 9", "2020-10-09"),
                ("003", "October 9", "2020-10-09"), ("004", "20th July", "2017-07-20"),
                ("004", "26th July", "2017-07-26"), ("004", "July", "2017-07")}
    assert expected <= got
    period = {(r["resolved"], key(live_server, r["fact"]).split("/")[0]) for r in rows if r["source"] == D001}
    assert ("2018-01", "funding") in period  # "over the past year": from about 2018-01
    banners = {" ".join((r["asWritten"] or "").split()) for r in ask(live_server, "resolved_dates")}
    # the site banners are not dates ("April 1" in 001 is one: the restructure's deadline, Q25)
    assert not banners & {"Tuesday 16 April", "Wednesday 24 April", "16 April", "24 April"}
    published = {r["source"]: r["published"] for r in ask(live_server, "documents")}
    assert (published[D000], published[D001], published[D004]) == ("2019-07-16", "2019-01-10", None)


def test_q25_dates_not_resolved_yet(live_server: Any) -> None:
    got = {(doc_no(r["source"]), r["resolved"]) for r in ask(live_server, "resolved_dates")}
    assert {("001", "2019-04-01"), ("002", "2020-09-30")} <= got

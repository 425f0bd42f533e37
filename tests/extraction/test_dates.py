"""Dates resolved against the publication date, with their precision."""
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from graph.extract.dates import find_dates, parse_iso, resolve

REF = parse_iso("2020-09-17")


def one(text: str, future: bool = False, ref=REF) -> tuple[str, str]:
    [m] = find_dates(text)
    d = resolve(m, ref, future)
    assert d is not None
    return d.value, d.precision


def test_weekday_and_day_without_year():
    assert one("At the Cabinet meeting held on Tuesday, September 15, the") == ("2020-09-15", "day")


def test_future_day_goes_forward():
    assert one("an Improvement Conference would take place on October 9", future=True) == ("2020-10-09", "day")
    assert one("presented to a meeting of the full council on January \u00a022", future=True) == ("2021-01-22", "day")


def test_month_without_year_looks_back_in_past_tense():
    assert one("who took up the post in October", ref=parse_iso("2019-01-10")) == ("2018-10", "month")
    assert one("who took up the post in May", ref=parse_iso("2019-07-16")) == ("2019-05", "month")


def test_explicit_dates_keep_their_precision():
    assert one("In May 2018, a new director") == ("2018-05", "month")
    assert one("the report in 2018, when") == ("2018", "year")
    assert one("dated 16/07/2019 @ 06:24") == ("2019-07-16", "day")
    assert one("on 26th July 2017 the") == ("2017-07-26", "day")


def test_relative_phrases():
    assert one("he joined last year") == ("2019", "year")
    assert one("would be replaced this autumn by") == ("2020", "year")
    assert one("carried out in the autumn", ref=parse_iso("2024-02-09")) == ("2023", "year")
    assert one("wrote to the council last month") == ("2020-08", "month")
    assert one("Speaking at Thursday\u2019s meeting", ref=parse_iso("2021-06-04")) == ("2021-06-03", "day")


def test_may_the_verb_is_no_date():
    assert find_dates("The council may have to act and you may not like it") == []


def test_financial_year_label_is_no_date():
    assert find_dates("the annual report for 2019/20 from the director") == []


@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31)),
       st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_day_month_resolution_brackets_the_reference(ref_day: dt.date, month: int, day: int):
    ref = parse_iso(ref_day.isoformat())
    name = dt.date(2000, month, 1).strftime("%B")
    [m] = find_dates(f"on {name} {day}")
    past = dt.date.fromisoformat(resolve(m, ref, future=False).value)
    future = dt.date.fromisoformat(resolve(m, ref, future=True).value)
    assert (past.month, past.day) == (future.month, future.day) == (month, day)
    assert past <= ref_day <= future
    assert (ref_day - past).days < 366 and (future - ref_day).days < 366


@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31)), st.integers(1, 12))
def test_month_resolution_is_the_nearest_such_month(ref_day: dt.date, month: int):
    ref = parse_iso(ref_day.isoformat())
    name = dt.date(2000, month, 1).strftime("%B")
    [m] = find_dates(f"in {name}")
    back = resolve(m, ref, future=False)
    assert back.precision == "month" and back.resolved_from_relative
    y, mo = int(back.value[:4]), int(back.value[5:])
    assert mo == month and (y, mo) <= (ref_day.year, ref_day.month)
    assert (ref_day.year - y) * 12 + ref_day.month - mo < 12


@given(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_full_dates_are_read_back_exactly(day: dt.date):
    for text in (day.strftime("%d/%m/%Y"), day.isoformat(), f"{day.day} {day.strftime('%B')} {day.year}"):
        [m] = find_dates(f"on {text} the")
        assert resolve(m, None).value == day.isoformat()

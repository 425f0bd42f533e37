"""Sums of money: written forms, qualifiers, and what is not an amount."""
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from graph.extract.money import find_money, parse_amount


def test_written_forms():
    assert parse_amount("£1.2m") == Decimal("1200000")
    assert parse_amount("£500,000") == Decimal("500000")
    assert parse_amount("£6 million") == Decimal("6000000")
    assert parse_amount("£6\u00a0million") == Decimal("6000000")
    assert parse_amount("£3.5bn") == Decimal("3500000000")
    assert parse_amount("£250k") == Decimal("250000")
    assert parse_amount("5 million pounds") == Decimal("5000000")


def test_millions_of_pounds_is_no_amount():
    assert find_money("Despite millions of pounds being pumped into the department") == []
    assert find_money("we need millions of pounds more") == []


def test_qualifiers():
    [m] = find_money("over the past year more than £12 million has been pumped in")
    assert (m.amount, m.qualifier) == (Decimal("12000000"), "more than")
    [m] = find_money("almost £2m was spent")
    assert m.qualifier == "almost"
    [m] = find_money("up to £500,000 is available")
    assert (m.amount, m.qualifier) == (Decimal("500000"), "up to")
    [m] = find_money("Another £6 million has been added to that.")
    assert m.qualifier is None


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_millions_with_decimals(whole: int, tenth: int):
    expected = Decimal(whole) * 1_000_000 + Decimal(tenth) * 100_000
    assert parse_amount(f"£{whole}.{tenth}m") == expected
    assert parse_amount(f"£{whole}.{tenth} million") == expected


@given(st.integers(min_value=1, max_value=999_999_999))
def test_thousands_separators(value: int):
    assert parse_amount(f"£{value:,}") == Decimal(value)
    assert parse_amount(f"£{value}") == Decimal(value)


@given(st.integers(min_value=1, max_value=5000))
def test_offsets_point_at_the_amount(value: int):
    text = f"The council was given £{value:,} last year."
    [m] = find_money(text)
    assert text[m.start:m.end] == f"£{value:,}"

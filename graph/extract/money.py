"""Sums of money in running text: "£4 million", "£1.2m", "£500,000", "more than £9 million".

Only stated amounts count: "millions of pounds" names no amount and gives no mention. A hedge
before the amount ("more than", "about", "up to") is kept as its qualifier, from
`ontology/lexicon/funding.yaml`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from graph.extract.lexicon import alternation, lexicon


@dataclass(frozen=True)
class MoneyMention:
    start: int
    end: int
    raw: str
    amount: Decimal
    currency: str = "GBP"
    qualifier: str | None = None


@functools.cache
def _regex() -> re.Pattern[str]:
    mult = alternation(list(lexicon().funding["multipliers"]))
    number = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    sym = r"(?P<sym>£|\$|€)"
    words = r"(?P<words>pounds|pound|sterling)"
    return re.compile(
        rf"(?:{sym}[\s\u00a0]?{number}(?:[\s\u00a0]?(?P<mult>{mult})\b)?"
        rf"|\b{number.replace('num', 'num2')}[\s\u00a0]?(?P<mult2>{mult})?[\s\u00a0]+{words}\b)", re.I)


@functools.cache
def _qualifier_regex() -> re.Pattern[str]:
    forms = {f: q["qualifier"] for q in lexicon().funding["qualifiers"] for f in q["forms"]}
    return re.compile(rf"(?:^|\W)(?P<q>{alternation(list(forms))})[\s\u00a0]*$", re.I)


def _qualifier(before: str) -> str | None:
    forms = {f.lower(): q["qualifier"] for q in lexicon().funding["qualifiers"] for f in q["forms"]}
    m = _qualifier_regex().search(before[-30:])
    return forms.get(" ".join(m.group("q").lower().split())) if m else None


def parse_amount(raw: str) -> Decimal | None:
    """The value of one written amount ('£1.2m' -> 1200000), None when it is not one."""
    found = find_money(raw)
    return found[0].amount if len(found) == 1 else None


def find_money(text: str, offset: int = 0) -> list[MoneyMention]:
    """Every stated sum of money in `text`, left to right."""
    out = []
    multipliers = {k.lower(): v for k, v in lexicon().funding["multipliers"].items()}
    for m in _regex().finditer(text):
        num = (m.group("num") or m.group("num2") or "").replace(",", "")
        mult = (m.group("mult") or m.group("mult2") or "").lower()
        try:
            amount = Decimal(num) * Decimal(multipliers.get(mult, 1))
        except InvalidOperation:
            continue
        if mult == "millions" and not num:
            continue
        currency = {"£": "GBP", "$": "USD", "€": "EUR"}.get(m.group("sym") or "£", "GBP")
        amount = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
        out.append(MoneyMention(m.start() + offset, m.end() + offset, m.group(0), amount, currency,
                                _qualifier(text[:m.start()])))
    return out

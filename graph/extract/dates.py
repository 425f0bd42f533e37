"""Dates in running text, resolved against a reference date (the publication date).

News and minutes rarely give full dates: "on March 3", "in June", "Thursday, November 4",
"last year", "this autumn". A mention keeps what the text gives; `resolve` fills in the rest from
the reference date and the tense of the sentence ("will be presented on March 3" looks forward,
"took up the post in October" looks back) and records the precision the text supports.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from graph.extract.lexicon import lexicon
from graph.facts import DatePoint

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = (r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_WD = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)(?![/\d])"
_S = r"[\s\u00a0]+"

_PATTERNS = [
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("dmy_num", r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b"),
    ("dmy", rf"\b{_WD}{_DAY.format(n='d')}{_S}(?:of{_S})?{_MONTH.format(n='m')}(?:,?{_S}{_YEAR.format(n='y')})?"),
    ("mdy", rf"\b{_WD}{_MONTH.format(n='m')}{_S}{_DAY.format(n='d')}(?![\d:])(?:,?{_S}{_YEAR.format(n='y')})?\b"),
    ("my", rf"\b{_MONTH.format(n='m')}{_S}{_YEAR.format(n='y')}"),
    ("season", r"\b(?P<rel>this|next|last|in the)\s+(?P<season>spring|summer|autumn|winter)\b"),
    ("relyear", r"\b(?P<relyear>last year|this year|next year|the previous year)\b"),
    ("monthend", r"\b(?P<monthend>the[\s\u00a0]+end[\s\u00a0]+of[\s\u00a0]+"
                 r"(?:the|this|next|last|the[\s\u00a0]+previous)[\s\u00a0]+month|the[\s\u00a0]+month['\u2019]s[\s\u00a0]+end)\b"),
    ("relmonth", r"\b(?P<relmonth>last month|this month|next month|the previous month)\b"),
    ("m", r"\b(?P<prep>in|by|since|until|from|during|of|last|this|next|early|late|mid|mid-|end of|the end of)"
          r"[\s\u00a0-]+"
          + _MONTH.format(n="m") + r"(?![\s\u00a0]*(?:[0-3]?\d\b|(?:19|20)\d\d))"),
    ("y", rf"(?<![£$\d/.,-])\b{_YEAR.format(n='y')}\b(?!\s*(?:/|-\d))"),
    ("weekday", r"\b(?:(?:on|last|next|this)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                r"|(?P<wd2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['\u2019]s\b)"),
]
_REGEXES = [(name, re.compile(pat, re.I)) for name, pat in _PATTERNS]


_MAY_PREPS = {"in", "since", "until", "by", "of", "during", "early", "late", "mid", "end of", "the end of"}
_REL_MONTHS = {"last month": -1, "this month": 0, "next month": 1, "the previous month": -1}


@dataclass(frozen=True)
class DateMention:
    """A date as written: the parts the text gives."""

    start: int
    end: int
    raw: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative_years: int | None = None
    relative_months: int | None = None
    season: str | None = None
    month_end: bool = False
    """'the end of the month': the last day of the month `relative_months` from the reference date's."""

    @property
    def is_full(self) -> bool:
        return self.year is not None


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every date mention in `text`, left to right, with offsets shifted by `offset`."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    matches = [(kind, m) for kind, rx in _REGEXES for m in rx.finditer(text)]
    for kind, m in matches:
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        taken.append((m.start(), m.end()))
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        start, end = m.start(), m.end()
        y = int(g["y"]) if "y" in g else None
        mo = (int(g["m"]) if g["m"].isdigit() else MONTHS.get(g["m"].lower().rstrip("."))) if "m" in g else None
        d = int(g["d"]) if "d" in g else None
        wd = WEEKDAYS.get((g.get("wd") or g.get("wd2") or "").lower())
        if d is not None and not 1 <= d <= 31 or mo is not None and not 1 <= mo <= 12:
            continue
        if kind == "m" and g.get("m", "").lower() == "may" and g.get("prep", "").lower() not in _MAY_PREPS:
            continue
        if kind == "m":  # keep the preposition out of the raw words, except 'last/next/this'
            prep = g.get("prep", "")
            if prep.lower() in {"in", "by", "since", "until", "from", "during", "of"}:
                start = m.start() + len(prep) + 1
        rel = lexicon().dates["relative_years"].get(g["relyear"].lower()) if "relyear" in g else None
        if "monthend" in g:
            words = " ".join(g["monthend"].lower().replace("\u2019", "'").split())
            found.append(DateMention(start + offset, end + offset, text[start:end],
                                     relative_months=lexicon().dates["month_ends"][words], month_end=True))
            continue
        if "relmonth" in g:
            found.append(DateMention(start + offset, end + offset, text[start:end],
                                     relative_months=_REL_MONTHS[g["relmonth"].lower()]))
            continue
        while end > start and text[end - 1] in ". ,":
            end -= 1
        found.append(DateMention(start + offset, end + offset, text[start:end], y, mo, d, wd, rel,
                                 season=g.get("season", "").lower() or None))
        if kind == "season":
            found[-1] = DateMention(start + offset, end + offset, text[start:end],
                                    relative_years={"this": 0, "next": 1, "last": -1, "in the": None}[g["rel"].lower()],
                                    season=g["season"].lower())
    return sorted(found, key=lambda d: d.start)


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(mention: DateMention, ref: DatePoint | None, future: bool = False) -> DatePoint | None:
    """The date a mention stands for, as precise as the text makes it, or None when it needs a
    reference date and there is none."""
    raw = mention.raw
    if mention.year is not None:
        if mention.month is None:
            return DatePoint(f"{mention.year:04d}", "year", raw)
        if mention.day is None:
            return DatePoint(f"{mention.year:04d}-{mention.month:02d}", "month", raw)
        day = _valid(mention.year, mention.month, mention.day)
        return DatePoint(day.isoformat(), "day", raw) if day else None
    if ref is None:
        return None
    ry = int(ref.value[:4])
    rm = int(ref.value[5:7]) if ref.precision != "year" else (1 if future else 12)
    rd = int(ref.value[8:10]) if ref.precision == "day" else (1 if future else 28)
    ref_day = dt.date(ry, rm, rd)
    if mention.relative_years is not None:
        return DatePoint(f"{ry + mention.relative_years:04d}", "year", raw, True)
    if mention.relative_months is not None and ref.precision != "year":
        total = ry * 12 + rm - 1 + mention.relative_months
        if mention.month_end:
            y, m = total // 12, total % 12 + 1
            return DatePoint(f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}", "day", raw, True)
        return DatePoint(f"{total // 12:04d}-{total % 12 + 1:02d}", "month", raw, True)
    if mention.season is not None:  # 'in the autumn': the last one before the reference date, or the next
        month = lexicon().dates["seasons"][mention.season]
        year = (ry if month >= rm else ry + 1) if future else (ry if month <= rm else ry - 1)
        return DatePoint(f"{year:04d}", "year", raw, True)
    if mention.month is not None and mention.day is not None:
        cands = [c for y in (ry - 1, ry, ry + 1) if (c := _valid(y, mention.month, mention.day))]
        if mention.weekday is not None and (same := [c for c in cands if c.weekday() == mention.weekday]):
            best = min(same, key=lambda c: abs((c - ref_day).days))
        elif future:
            best = min((c for c in cands if c >= ref_day), default=cands[-1], key=lambda c: c - ref_day)
        else:
            best = max((c for c in cands if c <= ref_day), default=cands[0])
        return DatePoint(best.isoformat(), "day", raw, True)
    if mention.month is not None:
        if future:
            year = ry if mention.month >= rm else ry + 1
        else:
            year = ry if mention.month <= rm else ry - 1
        return DatePoint(f"{year:04d}-{mention.month:02d}", "month", raw, True)
    if mention.weekday is not None and ref.precision == "day":
        delta = (mention.weekday - ref_day.weekday()) % 7 if future else -((ref_day.weekday() - mention.weekday) % 7)
        return DatePoint((ref_day + dt.timedelta(days=delta)).isoformat(), "day", raw, True)
    return None


def months_before(ref: DatePoint, months: int) -> DatePoint:
    """The month `months` before the reference date's month (for 'over the past year')."""
    y, m = int(ref.value[:4]), int(ref.value[5:7]) if ref.precision != "year" else 12
    total = y * 12 + (m - 1) - months
    return DatePoint(f"{total // 12:04d}-{total % 12 + 1:02d}", "month", "", True)


def month_of(ref: DatePoint) -> DatePoint:
    return DatePoint(ref.value[:7], "month", ref.raw, ref.resolved_from_relative) if ref.precision != "year" else ref


def parse_iso(value: str) -> DatePoint | None:
    """'2020-09-17' (or '2020-09', '2020') as a DatePoint, None when not ISO."""
    value = value.strip()
    for pat, precision in ((r"\d{4}-\d{2}-\d{2}", "day"), (r"\d{4}-\d{2}", "month"), (r"\d{4}", "year")):
        if re.fullmatch(pat, value):
            try:
                dt.date(int(value[:4]), int(value[5:7] or 1) if len(value) > 4 else 1,
                        int(value[8:10]) if len(value) > 7 else 1)
            except ValueError:
                return None
            return DatePoint(value, precision, value)  # type: ignore[arg-type]
    return None


def parse_numeric_date(value: str) -> DatePoint | None:
    """UK day/month/year ('16/07/2019') as a DatePoint."""
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
    if not m:
        return None
    day = _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return DatePoint(day.isoformat(), "day", value.strip()) if day else None


@functools.cache
def _future_regex() -> re.Pattern[str]:
    words = sorted(lexicon().dates["future_markers"], key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def is_future(text: str) -> bool:
    """Whether a clause talks about what is yet to happen ('will be presented', 'is due')."""
    return bool(_future_regex().search(text))


def later(a: DatePoint | None, b: DatePoint | None) -> DatePoint | None:
    if a is None or b is None:
        return a or b
    return a if a.value >= b.value else b

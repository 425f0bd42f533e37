"""A council's timeline as a server-rendered SVG: one lane each for inspections (with outcome),
funding events (with amounts) and appointments.

Server-rendered so it reads without JavaScript, prints, and can be saved or embedded elsewhere;
every marker has a <title> (tooltips, screen readers) and a visible <text> label, and links to the
event's page. Undated events are drawn in their own column at the right instead of being dropped.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

LANES = (("inspection", "Inspections", "#8a1c1c"), ("funding", "Funding", "#1d5e20"),
         ("appointment", "Appointments", "#1f3f8f"))
WIDTH, LANE_HEIGHT, TOP, LEFT, UNDATED_WIDTH = 960, 150, 40, 120, 170


@dataclass(frozen=True)
class Mark:
    kind: str
    label: str
    date: str | None
    """ISO date at its precision: YYYY, YYYY-MM or YYYY-MM-DD."""
    detail: str
    href: str


def year_fraction(date: str) -> float:
    """'2018' -> 2018.0, '2018-07' -> 2018.5, '2018-07-16' -> about 2018.54 (for placing a mark)."""
    parts = [int(p) for p in date.split("-")[:3]]
    year, month, day = parts[0], (parts[1] if len(parts) > 1 else 1), (parts[2] if len(parts) > 2 else 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def _clip(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render(title: str, marks: Iterable[Mark]) -> str:
    """The SVG document (a string; also embeddable inline in HTML)."""
    marks = list(marks)
    dated = [m for m in marks if m.date]
    years = [year_fraction(m.date) for m in dated if m.date]
    first = int(min(years)) if years else 2000
    last = int(max(years)) + 1 if years else first + 1
    span = max(last - first, 1)
    plot_right = WIDTH - UNDATED_WIDTH - 20
    height = TOP + LANE_HEIGHT * len(LANES) + 40

    def x(date: str) -> float:
        return LEFT + (year_fraction(date) - first) / span * (plot_right - LEFT)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-labelledby="timeline-title" class="timeline" font-family="sans-serif" font-size="12">',
           f'<title id="timeline-title">{escape(title)}</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    axis_y = TOP + LANE_HEIGHT * len(LANES)
    for year in range(first, last + 1):
        xx = LEFT + (year - first) / span * (plot_right - LEFT)
        out.append(f'<line x1="{xx:.1f}" y1="{TOP}" x2="{xx:.1f}" y2="{axis_y}" stroke="#cccccc"/>')
        out.append(f'<text x="{xx:.1f}" y="{axis_y + 18}" text-anchor="middle" fill="#222222">{year}</text>')
    out.append(f'<text x="{plot_right + 30}" y="{axis_y + 18}" fill="#222222">undated</text>')
    out.append(f'<line x1="{plot_right + 20}" y1="{TOP}" x2="{plot_right + 20}" y2="{axis_y}" '
               f'stroke="#999999" stroke-dasharray="4 3"/>')
    for i, (kind, name, colour) in enumerate(LANES):
        top = TOP + i * LANE_HEIGHT
        mid = top + 24
        out.append(f'<g class="lane lane-{kind}">')
        out.append(f'<text x="8" y="{mid + 4}" font-weight="bold" fill="{colour}">{escape(name)}</text>')
        out.append(f'<line x1="{LEFT}" y1="{mid}" x2="{plot_right}" y2="{mid}" stroke="{colour}" stroke-width="2"/>')
        lane = sorted((m for m in marks if m.kind == kind), key=lambda m: (m.date is None, m.date or "", m.label))
        undated_row = 0
        for j, m in enumerate(lane):
            if m.date:
                cx, row = x(m.date), j % 5
            else:
                cx, row = plot_right + 34, undated_row % 5
                undated_row += 1
            label_y = mid + 22 + row * 22
            when = m.date or "undated"
            tip = f"{m.label} ({when})" + (f": {m.detail}" if m.detail else "")
            what = m.label if m.kind == "appointment" else (m.detail or m.label)
            text = _clip(f"{when} {what}", 34)
            out.append(f'<a href={quoteattr(m.href)} class="mark mark-{kind}">')
            out.append(f"<title>{escape(tip)}</title>")
            out.append(f'<line x1="{cx:.1f}" y1="{mid}" x2="{cx:.1f}" y2="{label_y - 10}" stroke="{colour}" '
                       f'stroke-opacity="0.5"/>')
            out.append(f'<circle cx="{cx:.1f}" cy="{mid}" r="6" fill="{colour}"/>')
            anchor, tx = ("end", cx - 4) if m.date and cx > plot_right - 160 else ("start", cx + 4)
            out.append(f'<text x="{tx:.1f}" y="{label_y}" text-anchor="{anchor}" fill="#111111">{escape(text)}</text>')
            out.append("</a>")
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class Bar:
    label: str
    start: str | None
    end: str | None
    href: str
    seen: tuple[str, ...] = ()
    """Publication dates of the documents that state the post (the holder was in post then)."""


def render_posts(title: str, bars: Iterable[Bar]) -> str:
    """Posts over time: one row per post with a known start or a dated source. A bar runs from the
    stated start to the stated end (open-ended and dashed when no end is stated, to the last year
    shown); a dot marks each date a document reported the post. Posts with neither are only listed
    in the table."""
    bars = [b for b in bars if b.start or b.seen]
    if not bars:
        return ""
    row_h, left = 26, 330
    points = [year_fraction(d) for b in bars for d in (b.start, b.end, *b.seen) if d]
    first, last = int(min(points)), int(max(points)) + 1
    span = last - first
    height = TOP + row_h * len(bars) + 30
    right = WIDTH - 20

    def x(value: float) -> float:
        return left + (value - first) / span * (right - left)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
           f'aria-labelledby="posts-title" class="timeline posts-chart" font-family="sans-serif" font-size="12">',
           f'<title id="posts-title">{escape(title)}</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    bottom = TOP + row_h * len(bars)
    for year in range(first, last + 1):
        out.append(f'<line x1="{x(year):.1f}" y1="{TOP - 10}" x2="{x(year):.1f}" y2="{bottom}" stroke="#cccccc"/>')
        out.append(f'<text x="{x(year):.1f}" y="{bottom + 18}" text-anchor="middle" fill="#222222">{year}</text>')
    order = sorted(bars, key=lambda b: (b.start or min(b.seen), b.label))
    for i, b in enumerate(order):
        y = TOP + i * row_h
        period = (f"{b.start} to {b.end}" if b.end else f"from {b.start} (no end stated)") if b.start else \
            "start not stated"
        if b.seen:
            period += "; reported in post on " + ", ".join(sorted(b.seen))
        out.append(f'<a href={quoteattr(b.href)} class="bar"><title>{escape(f"{b.label}, {period}")}</title>')
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="#111111">'
                   f'{escape(_clip(b.label, 48))}</text>')
        if b.start:
            x0 = x(year_fraction(b.start))
            x1 = x(year_fraction(b.end)) if b.end else x(last)
            dash = "" if b.end else ' stroke-dasharray="6 3" fill-opacity="0.45"'
            out.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 4):.1f}" height="{row_h - 10}" '
                       f'fill="#1f3f8f" stroke="#1f3f8f"{dash}/>')
        for d in sorted(set(b.seen)):
            out.append(f'<circle cx="{x(year_fraction(d)):.1f}" cy="{y + row_h / 2 - 1:.1f}" r="5" '
                       f'fill="#ffffff" stroke="#8a4b00" stroke-width="2"/>')
        out.append("</a>")
    out.append("</svg>")
    return "\n".join(out)

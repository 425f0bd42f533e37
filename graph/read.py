"""Read a document (plain text or HTML, with an optional `NAME.meta.json` sidecar) into a
`DocumentMeta`: the cleaned article body that every evidence offset points into, plus what is known
about the document (headline, publication date, publisher, author).

Why a separate step: the extractor must see only article sentences, never navigation, adverts or
share links, and the offsets it records must point into exactly the text that is stored. What the
sidecar says wins over what is inferred from the page, because a publisher's metadata is better
than our guess. Furniture patterns live in `ontology/lexicon/furniture.yaml`.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from graph.errors import InputError
from graph.extract.dates import find_dates, parse_iso, parse_numeric_date
from graph.facts import DatePoint, DocumentMeta
from graph.paths import ONTOLOGY_DIR
from graph.settings import settings
from graph.uris import content_hash

SIDECAR_KEYS = ("headline", "published", "publisher", "author", "url")
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "section", "article",
               "blockquote", "time", "dd", "dt", "td", "ul", "ol", "main"}
_DATELINE = re.compile(r"^\s*(?:date[:\s]+)?(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})(?:\s*@\s*\d{1,2}:\d{2})?", re.I)
_WRITTEN_DATELINE = re.compile(r"^(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?,?\s+)?"
                               r"(?:(?:published|posted|updated|last updated|date)(?:[ \u00a0]+on)?[:\s]+)?"
                               r"(?P<date>.+?)(?:,?\s*(?:@\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$",
                               re.I)
_MINUTES_HEADING = re.compile(r"^\s*minutes of (?:a|the)\b[^\n]{0,80}?\bmeeting\b", re.I | re.M)
_BYLINE = re.compile(r"^\s*By\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s*(?:,\s*(.+?))?\s*$")


@functools.cache
def _furniture() -> tuple[re.Pattern[str], frozenset[str], tuple[str, ...]]:
    data = yaml.safe_load((ONTOLOGY_DIR / "lexicon" / "furniture.yaml").read_text(encoding="utf-8"))
    line = re.compile("|".join(f"(?:{p})" for p in data["lines"]), re.I)
    return line, frozenset(data["skip_tags"]), tuple(data["skip_classes"])


# ---------------------------------------------------------------- HTML
@dataclass
class _Page:
    blocks: list[str] = field(default_factory=list)
    title: str | None = None
    h1: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    time: str | None = None
    logo: str | None = None
    byline: str | None = None


def _is_furniture_class(value: str, fragments: tuple[str, ...]) -> bool:
    for token in re.split(r"[\s_]+", value.lower()):
        for frag in fragments:
            f = frag.strip("-")
            if token == f or token.startswith(f + "-") or token.endswith("-" + f) or (len(f) >= 5 and f in token):
                return True
    return False


class _ArticleParser(HTMLParser):
    """Collects text blocks outside furniture elements, and the page's metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self._skip_depth: list[str] = []
        self._buf: list[str] = []
        self._in: list[str] = []
        self._capture: str | None = None
        self._captured: list[str] = []
        _, self._skip_tags, self._skip_classes = _furniture()

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.page.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.page.meta.setdefault(key, a["content"])
            return
        if tag == "time" and a.get("datetime") and not self.page.time:
            self.page.time = a["datetime"]
        if tag == "img" and "logo" in (a.get("alt", "") + a.get("class", "") + a.get("src", "")).lower():
            self.page.logo = self.page.logo or a.get("alt") or None
        if tag in ("img", "link", "input", "hr", "meta", "source"):
            return
        furniture = tag in self._skip_tags or _is_furniture_class(
            f"{a.get('class', '')} {a.get('id', '')} {a.get('role', '')}", self._skip_classes)
        if self._skip_depth or furniture:
            self._skip_depth.append(tag)
            if tag == "header" or "logo" in a.get("class", "").lower():
                self._capture, self._captured = ("logo" if "logo" in a.get("class", "").lower() else None), []
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in ("title", "h1") or "byline" in a.get("class", "").lower() or a.get("rel") == "author":
            self._capture, self._captured = ("byline" if tag not in ("title", "h1") else tag), []
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            if tag == self._skip_depth[-1]:
                self._skip_depth.pop()
            if not self._skip_depth and self._capture == "logo":
                self.page.logo = self.page.logo or " ".join("".join(self._captured).split()) or None
                self._capture = None
            return
        if self._capture and tag in ("title", "h1", "span", "div", "p", "a"):
            text = " ".join("".join(self._captured).split())
            if self._capture == "title" and tag == "title":
                self.page.title = text
                self._buf = []
            elif self._capture == "h1" and tag == "h1":
                self.page.h1 = text
            elif self._capture == "byline" and text:
                self.page.byline = self.page.byline or text
            if tag in ("title", "h1") or self._capture == "byline":
                self._capture = None
        if tag in _BLOCK_TAGS or tag == "title":
            self._flush()
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._captured.append(data)
        if self._skip_depth or (self._in and self._in[-1] == "title"):
            return
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """The article text of an HTML page (one block per paragraph) and the metadata the page gives."""
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    p = parser.page
    m = p.meta
    found: dict[str, str | None] = {
        "headline": m.get("og:title") or m.get("twitter:title") or p.h1 or p.title,
        "published": m.get("article:published_time") or m.get("datepublished") or m.get("date")
        or m.get("dc.date") or p.time,
        "publisher": m.get("og:site_name") or m.get("publisher") or p.logo,
        "author": m.get("author") or m.get("article:author") or None,
        "url": m.get("og:url"),
    }
    blocks = list(p.blocks)
    if p.byline and not any(b.startswith("By ") for b in blocks):
        blocks.append(p.byline if p.byline.startswith("By ") else f"By {p.byline}")
    return "\n\n".join(blocks), found


# ---------------------------------------------------------------- plain text
@dataclass
class _Inferred:
    text: str
    headline: str | None = None
    published: DatePoint | None = None
    published_raw: str | None = None
    publisher: str | None = None
    author: str | None = None
    author_title: str | None = None
    doc_type: str = "news article"


def _clean_lines(raw: str) -> _Inferred:
    """Drop furniture lines, find dateline, byline, headline and site name; keep every sentence."""
    furniture, _, _ = _furniture()
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lowered = raw.lower()
    minutes = "minutes:" in lowered or "agenda item" in lowered or _MINUTES_HEADING.search(raw[:800])
    doc_type = "council minutes" if minutes else "news article"
    out: list[str] = []
    inferred = _Inferred(text="", doc_type=doc_type)
    header_candidates: list[str] = []
    seen_body = False
    for line in raw.split("\n"):
        stripped = line.strip()
        if not stripped:
            out.append("")
            continue
        if inferred.published is None and doc_type == "news article" and (written := _written_dateline(stripped)):
            inferred.published, inferred.published_raw = written, stripped
            continue
        m = _DATELINE.match(stripped)
        if m and inferred.published is None:
            inferred.published = parse_iso(m.group(1)) or parse_numeric_date(m.group(1))
            inferred.published_raw = m.group(0).strip()
            rest = stripped[m.end():].strip()
            if not rest:
                continue
            stripped = rest
        b = _BYLINE.match(stripped)
        if b and inferred.author is None and len(stripped) < 120:
            inferred.author = b.group(1).strip()
            inferred.author_title = (b.group(2) or "").strip() or None
            out.append(stripped)
            continue
        if furniture.fullmatch(stripped):
            logo = re.fullmatch(r"(.+?)\s+logo", stripped, re.I)
            if logo and inferred.publisher is None:
                inferred.publisher = logo.group(1).strip()
            continue
        if not seen_body and inferred.published is None and not re.search(r"[.!?:\"”]$", stripped):
            header_candidates.append(stripped)
        else:
            seen_body = True
        out.append(stripped)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    if doc_type == "council minutes":
        item = re.search(r"^agenda item\s*\n+\s*(.+)$", raw, re.I | re.M)
        inferred.headline = item.group(1).strip() if item else (header_candidates[0] if header_candidates else None)
    elif header_candidates:
        inferred.headline = header_candidates[-1]
        if inferred.published is not None:
            text = _drop_first(text, inferred.headline)
    inferred.text = text
    return inferred


def _written_dateline(line: str) -> DatePoint | None:
    """A line that is only a full written date ('Thursday 14th April 2016', 'Published: 3 May 2021
    10:15'): the publication date."""
    if len(line) > 60:
        return None
    m = _WRITTEN_DATELINE.match(line)
    if not m:
        return None
    mentions = find_dates(m.group("date"))
    if len(mentions) != 1 or not (mentions[0].year and mentions[0].month and mentions[0].day):
        return None
    d = mentions[0]
    if m.group("date")[:d.start].strip(" ,") or m.group("date")[d.end:].strip(" ,."):
        return None
    return parse_iso(f"{d.year:04d}-{d.month:02d}-{d.day:02d}")


def _drop_first(text: str, line: str) -> str:
    """The headline stays out of the body only when it was above the dateline (page header)."""
    idx = text.find(line)
    if idx == 0:
        return text[len(line):].lstrip("\n")
    return text


# ---------------------------------------------------------------- entry point
def _sidecar(path: Path) -> dict[str, str]:
    side = path.with_name(path.stem + ".meta.json")
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{side}: not a JSON object of metadata ({e}); give keys {', '.join(SIDECAR_KEYS)}") from e
    if not isinstance(data, dict):
        raise InputError(f"{side}: expected a JSON object with keys {', '.join(SIDECAR_KEYS)}")
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise InputError(f"{side}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(SIDECAR_KEYS)}")
    return {k: str(v) for k, v in data.items() if v is not None}


def _looks_like_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def read_text(text: str, source_name: str, meta: dict[str, str] | None = None) -> DocumentMeta:
    """A document given as text (plain or HTML) with optional sidecar metadata."""
    if len(text.encode("utf-8")) > settings().max_document_bytes:
        raise InputError(f"{source_name} is larger than COUNCILKG_MAX_DOCUMENT_BYTES "
                         f"({settings().max_document_bytes} bytes); split it or raise the limit")
    given = dict(meta or {})
    page: dict[str, str | None] = {}
    if _looks_like_html(source_name, text):
        text, page = html_to_text(text)
    inferred = _clean_lines(text)
    if not inferred.text.strip():
        raise InputError(f"{source_name} has no article text; give a UTF-8 text or HTML document")
    body = inferred.text
    published_raw = given.get("published") or page.get("published") or inferred.published_raw
    published = inferred.published
    for candidate in (given.get("published"), page.get("published")):
        if candidate:
            published = parse_iso(candidate[:10]) or parse_numeric_date(candidate[:10])
            if published is None:
                raise InputError(f"{source_name}: published date {candidate!r} is not an ISO date (YYYY-MM-DD)")
            break
    headline = given.get("headline") or page.get("headline") or inferred.headline
    if headline and body.startswith(headline) and inferred.doc_type == "news article":
        body = body[len(headline):].lstrip()
    return DocumentMeta(
        key=f"document/{content_hash(body)}",
        source_name=source_name,
        text=body,
        content_hash=content_hash(body),
        headline=headline,
        published=published,
        published_raw=published_raw,
        publisher=given.get("publisher") or page.get("publisher") or inferred.publisher,
        author=given.get("author") or page.get("author") or inferred.author,
        author_title=inferred.author_title if not given.get("author") or given.get("author") == inferred.author
        else None,
        url=given.get("url") or page.get("url"),
        doc_type=inferred.doc_type,
    )


def read_document(path: Path | str, text: str | None = None, meta: dict[str, str] | None = None) -> DocumentMeta:
    """Read a document file (its sidecar beside it), or `text` given under the name `path`."""
    path = Path(path)
    if text is None:
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror}") from e
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(f"{path} is not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8") from e
        sidecar = _sidecar(path)
    else:
        sidecar = {}
    return read_text(text, path.name, {**sidecar, **(meta or {})})

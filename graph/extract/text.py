"""Sentences and evidence: the spaCy rule-based pipeline (blank English, no model download).

A sentence never runs across a paragraph break (council minutes and bulleted lists have no final
full stops), and every fact's evidence is one sentence: its exact text, 32 characters either side
and offsets into `DocumentMeta.text`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graph.facts import Evidence

CONTEXT = 32


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: paragraphs, list items and headings stand alone."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or (tok.is_space and "\n" in tok.whitespace_) or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


@functools.cache
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("paragraph_breaks")
    pipeline.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "。"], "overwrite": False})
    return pipeline


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The document's sentences, stripped of surrounding whitespace, with their offsets."""
    out: list[Sentence] = []
    for sent in nlp()(text).sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and any(c.isalnum() for c in text[start:end]):
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out


def evidence(text: str, start: int, end: int) -> Evidence:
    """A W3C TextQuote + TextPosition selector for text[start:end]."""
    return Evidence(start=start, end=end, exact=text[start:end],
                    prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT])


def sentence_evidence(text: str, s: Sentence) -> Evidence:
    return evidence(text, s.start, s.end)

"""Text to sentences and tokens: spaCy's blank English pipeline with a sentencizer and lookup lemmas.

No model weights are needed. Paragraphs (line breaks) are hard sentence boundaries, so a headline or a
sub-heading without final punctuation stays a sentence of its own.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

_PARAGRAPH = re.compile(r"[^\n]+")
# A "sentence" longer than this is split into pieces: the coder works on clauses, and a megabyte of
# text without punctuation must not become one span.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int        # 0-based position in the document
    paragraph: int    # 0-based paragraph (line) number
    start: int        # character offsets in the document text
    end: int
    span: Span        # tokens; token.lemma_ is the lower-case lookup lemma

    @property
    def text(self) -> str:
        return self.span.text


@Language.factory("lowercase_lemmas")
def _lowercase_lemmas(nlp: Language, name: str):
    """spaCy's lookup lemmatizer is case-sensitive ("Officials" stays "Officials"); this one looks up
    the lower-cased form, so rules can match lemmas whatever the capitalisation."""
    from spacy_lookups_data import en as _en  # noqa: F401  (makes sure the tables are installed)
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    strings = nlp.vocab.strings
    # the table reads "'s" as "has"; without a tagger the possessive is the likelier reading
    cache: dict[str, int] = {form: strings.add("'s") for form in ("'s", "’s")}

    def lemmatize(doc: Doc) -> Doc:
        for token in doc:
            lower = token.lower_
            lemma = cache.get(lower)
            if lemma is None:
                lemma = cache[lower] = strings.add(table.get(lower, lower))
            token.lemma = lemma
        return doc

    return lemmatize


@functools.cache
def english() -> Language:
    """The shared pipeline: tokenizer, sentencizer, lower-case lookup lemmas."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lowercase_lemmas")
    return nlp


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs of the text with their offsets, long ones cut at whitespace."""
    for match in _PARAGRAPH.finditer(text):
        start, chunk = match.start(), match.group()
        while len(chunk) > MAX_SENTENCE_CHARS * 4:
            cut = chunk.rfind(" ", 0, MAX_SENTENCE_CHARS * 4)
            cut = cut if cut > 0 else MAX_SENTENCE_CHARS * 4
            yield start, chunk[:cut]
            start, chunk = start + cut, chunk[cut:]
        if chunk.strip():
            yield start, chunk


def split_sentences(texts: Iterable[str], batch_size: int = 256) -> Iterator[list[Sentence]]:
    """For each text, its sentences in order (one spaCy pass over all paragraphs of all texts)."""
    nlp = english()
    for text in texts:
        pieces = list(_pieces(text))
        sentences: list[Sentence] = []
        docs = nlp.pipe((chunk for _, chunk in pieces), batch_size=batch_size)
        for paragraph, ((offset, _), doc) in enumerate(zip(pieces, docs)):
            for sent in doc.sents:
                for span in _bounded(sent):
                    if span.text.strip():
                        sentences.append(Sentence(
                            index=len(sentences), paragraph=paragraph,
                            start=offset + span.start_char, end=offset + span.end_char, span=span))
        yield sentences


def _bounded(sent: Span) -> Iterator[Span]:
    """Cut a run-on "sentence" into spans of at most MAX_SENTENCE_CHARS characters."""
    if sent.end_char - sent.start_char <= MAX_SENTENCE_CHARS:
        yield sent
        return
    doc, start = sent.doc, sent.start
    while start < sent.end:
        end = start
        while end < sent.end and doc[end].idx + len(doc[end]) - doc[start].idx <= MAX_SENTENCE_CHARS:
            end += 1
        end = max(end, start + 1)
        yield doc[start:end]
        start = end

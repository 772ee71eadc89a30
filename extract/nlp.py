"""The spaCy pipeline: blank-model tokens over the folded text, with fuzzy award-form Matcher patterns.

`spacy.blank("vi")` needs the pyvi package for word segmentation; we avoid it. Tokens are the words and
punctuation marks of the accent-free fold (a regex split, fed to a `Doc` of `spacy.blank("xx")`), each
mapped back to its character offset in the original text. Each token's NORM is set to the award-lexicon
word it is one edit away from (words of five or more letters and the head words bằng/giấy/huân/huy), so
exact NORM patterns absorb most single-letter OCR errors (`béng khen` → `bang khen`); the lookup is
memoised across documents. Only lines that can hold an award form are tokenized, to keep it fast.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

import spacy
from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from thidua.dictionaries import domain
from thidua.extract.lexicon import key
from thidua.extract.text import Text

TOKEN = re.compile(r"[a-z0-9]+|[^a-z0-9\s~^`*]")  # OCR specks (~ ^ ` *) are dropped
# lines that may hold an award form: khen, chương, cờ thi đua, chiến sĩ, tiên tiến, xuất sắc, anh hùng, …
# Every alternative starts with a letter so `re` jumps between those letters; `k(?<!\wk)` is `\bk`.
AWARD_HINT = re.compile(
    r"k(?<!\wk)hen\b|h(?<!\wh)u\w{0,2}\s+ch\w{1,3}ng|c(?<!\wc)\w\s+thi\s|chi\w{1,2}n\s+s|ti\w{1,2}n\s+ti"
    r"|x\w{1,2}t\s+s\w{1,2}c|anh\s+h\w{1,2}ng|nh\w\s+gi\w{1,2}o|th\w{1,2}y\s+thu|ngh\w\s+s\w\s|gi\w{1,2}i\s+th"
    r"|ni\w{1,2}m\s+ch|quy\w{1,2}t\s+th|v\w{1,2}n\s+h\w{1,2}a"
)
# the same over many lines at once: its whitespace stays within a line (the fold has no other kind)
LINE_HINT = re.compile(AWARD_HINT.pattern.replace(r"\s", r"[^\S\n\f]"))


@functools.cache
def nlp() -> Language:
    """The blank pipeline whose vocabulary the Matcher uses."""
    return spacy.blank("xx")


HEAD_WORDS = frozenset({"bang", "giay", "huan", "huy"})


@functools.cache
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    words = {w for award in domain.award_forms() for w in key(award.name).split()}
    fuzzy = tuple(sorted(w for w in words if len(w) >= 5 or w in HEAD_WORDS))
    return frozenset(words), fuzzy


_NORMS: dict[str, str] = {}


def norm(word: str) -> str:
    """The award-lexicon word `word` is one OCR edit away from, or `word` itself."""
    hit = _NORMS.get(word)
    if hit is None:
        exact, fuzzy = _vocabulary()
        hit = word
        if word not in exact and len(word) >= 4:
            for candidate in fuzzy:
                if (
                    abs(len(candidate) - len(word)) <= 1
                    and Levenshtein.distance(word, candidate, score_cutoff=1) <= 1
                ):
                    hit = candidate
                    break
        _NORMS[word] = hit
    return hit


@functools.cache
def award_matcher() -> tuple[PhraseMatcher, dict[str, domain.AwardForm]]:
    """PhraseMatcher on NORM with one pattern per award form; returns it and label → award form."""
    matcher = PhraseMatcher(nlp().vocab, attr="NORM")
    labels = {}
    for i, award in enumerate(domain.award_forms()):
        label = f"AWARD_{i}"
        labels[label] = award
        words = key(award.name).split()
        matcher.add(label, [Doc(nlp().vocab, words=words)])
    return matcher, labels


def _hinted_chunks(text: Text, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line within text[start:end] that may hold an award form, with the next line
    (a form can wrap); the next line is not looked at again."""
    first = bisect.bisect_left(text.line_starts, start)
    lines = list(itertools.takewhile(lambda ln: ln.end <= end, text.lines[first:]))
    if not lines:
        return []
    hinted = {
        text.line_at(m.start()).number for m in LINE_HINT.finditer(text.folded, lines[0].start, lines[-1].end)
    }
    chunks, after = [], first
    for i in sorted(hinted):
        if i >= after:
            after = min(i + 2, first + len(lines))
            chunks.append((text.lines[i].start, text.lines[after - 1].end))
    return chunks


def awards_in(text: Text, start: int, end: int) -> list[tuple[domain.AwardForm, int, int]]:
    """Award forms in text[start:end]: (form, start, end) of the longest non-overlapping matches."""
    matcher, labels = award_matcher()
    words: list[str] = []
    changed: list[tuple[int, str]] = []
    chunks: list[tuple[int, int, int]] = []  # (index of the chunk's first word, its start, its end)
    for a, b in _hinted_chunks(text, start, end):
        found = TOKEN.findall(text.folded, a, b)
        chunks.append((len(words), a, b))
        for i, word in enumerate(found, len(words)):
            mapped = norm(word)
            if mapped != word:
                changed.append((i, mapped))
        words += found
        words.append("¶")  # chunk separator: no pattern crosses it
    doc = Doc(nlp().vocab, words=words, spaces=[True] * len(words))
    for i, mapped in changed:
        doc[i].norm_ = mapped

    def offset(i: int) -> int:
        """Where word i starts in the text (found again in its chunk: only matched words need it)."""
        first, a, b = chunks[bisect.bisect_right(chunks, (i, len(text.raw) + 1, 0)) - 1]
        tokens = itertools.islice(TOKEN.finditer(text.folded, a, b), i - first, None)
        return next((m.start() for m in tokens), b)

    out = []
    for span in spacy.util.filter_spans(matcher(doc, as_spans=True)):
        s = offset(span.start)
        e = offset(span.end - 1) + len(doc[span.end - 1].text)
        out.append((labels[nlp().vocab.strings[span.label]], s, e))
    out.sort(key=lambda x: x[1])
    dedup: list[tuple[domain.AwardForm, int, int]] = []
    for item in out:
        if dedup and item[1] < dedup[-1][2]:
            continue
        dedup.append(item)
    return dedup

"""The spaCy pipeline: blank-model tokens over the folded text, with fuzzy award-form Matcher patterns.

`spacy.blank("vi")` needs the pyvi package for word segmentation; we avoid it. Tokens are the words and
punctuation marks of the accent-free fold (a regex split, fed to a `Doc` of `spacy.blank("xx")`), each
mapped back to its character offset in the original text. Each token's NORM is set to the award-lexicon
word it is one edit away from (words of five or more letters and the head words bằng/giấy/huân/huy), so
exact NORM patterns absorb most single-letter OCR errors (`béng khen` → `bang khen`); the lookup is
memoised across documents. Only lines that can hold an award form are tokenized, to keep it fast.
"""

from __future__ import annotations

import functools
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
AWARD_HINT = re.compile(
    r"\bkhen\b|\bhu\w{0,2}\s+ch\w{1,3}ng|\bc\w\s+thi\s|chi\w{1,2}n\s+s|ti\w{1,2}n\s+ti|x\w{1,2}t\s+s\w{1,2}c"
    r"|anh\s+h\w{1,2}ng|nh\w\s+gi\w{1,2}o|th\w{1,2}y\s+thu|ngh\w\s+s\w\s|gi\w{1,2}i\s+th|ni\w{1,2}m\s+ch"
    r"|quy\w{1,2}t\s+th|v\w{1,2}n\s+h\w{1,2}a"
)


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


def awards_in(text: Text, start: int, end: int) -> list[tuple[domain.AwardForm, int, int]]:
    """Award forms in text[start:end]: (form, start, end) of the longest non-overlapping matches."""
    matcher, labels = award_matcher()
    words: list[str] = []
    spaces: list[bool] = []
    offsets: list[int] = []
    changed: list[tuple[int, str]] = []
    lines = [ln for ln in text.lines if ln.start >= start and ln.end <= end]
    i = 0
    while i < len(lines):
        if not AWARD_HINT.search(lines[i].folded):
            i += 1
            continue
        j = min(i + 2, len(lines))  # the hinted line and the next (a form can wrap)
        a, b = lines[i].start, lines[j - 1].end
        for m in TOKEN.finditer(text.folded, a, b):
            mapped = norm(m.group())
            if mapped != m.group():
                changed.append((len(words), mapped))
            words.append(m.group())
            spaces.append(True)
            offsets.append(m.start())
        words.append("¶")  # chunk separator: no pattern crosses it
        spaces.append(True)
        offsets.append(b)
        i = j
    doc = Doc(nlp().vocab, words=words, spaces=spaces)
    for i, mapped in changed:
        doc[i].norm_ = mapped
    out = []
    for span in spacy.util.filter_spans(matcher(doc, as_spans=True)):
        s = offsets[span.start]
        e = offsets[span.end - 1] + len(doc[span.end - 1].text)
        out.append((labels[nlp().vocab.strings[span.label]], s, e))
    out.sort(key=lambda x: x[1])
    dedup: list[tuple[domain.AwardForm, int, int]] = []
    for item in out:
        if dedup and item[1] < dedup[-1][2]:
            continue
        dedup.append(item)
    return dedup

"""What kind of text a page holds: correct Vietnamese, accent-stripped, or English-model OCR.

Decided here once, from the page's words; ingest records it on each page and restoration uses it.
"""

from __future__ import annotations

import re
import unicodedata

from thidua.dictionaries import has_marks
from thidua.types import TextKind

_CHUNK = re.compile(r"[^\s*()\[\]]+")  # brackets and asterisks split a chunk: `(1)`, `hai)*...hai`
_EDGE = "([{\"'“‘«*•~–—-_.,;:!?)]}”’»…/"
_NOT_A_WORD = re.compile(r"^(?:https?://|www\.)|@|/|\w-\w")  # URLs, e-mails, symbols (KH-UBND, 12/2025)

# Measured on the legal corpus: ~80% of Vietnamese words carry a diacritic or đ; English-model OCR keeps
# them on ~15% and puts digits or symbols inside letters (t01, qubc); accent-stripped text has neither.
MIN_MARKED_ACCENTED = 0.55
MAX_MARKED_STRIPPED = 0.02
MAX_JUNK_STRIPPED = 0.01


def words(text: str) -> list[str]:
    """The page's word tokens: chunks with a letter, edge punctuation trimmed, symbols and URLs left out."""
    found = []
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    for chunk in _CHUNK.findall(text):
        core = chunk.strip(_EDGE)
        if core.isalpha():
            found.append(core)  # most chunks: a plain word
        elif "/" in core and all(part.isalpha() for part in core.split("/")):
            found.extend(core.split("/"))  # words joined by a slash: `xã/phường`
        elif core and any(c.isalpha() for c in core) and not _NOT_A_WORD.search(core):
            found.append(core)
    return found


def kind_of_words(tokens: list[str]) -> TextKind:
    """The kind of a text from its word tokens (no words: `accented`, nothing to restore)."""
    if not tokens:
        return "accented"
    marked = sum(1 for w in tokens if has_marks(w)) / len(tokens)
    junk = sum(1 for w in tokens if not w.isalpha()) / len(tokens)
    if marked >= MIN_MARKED_ACCENTED:
        return "accented"
    if marked < MAX_MARKED_STRIPPED and junk < MAX_JUNK_STRIPPED:
        return "stripped"
    return "ocr"


def text_kind(text: str) -> TextKind:
    """The kind of one page's text."""
    return kind_of_words(words(text))

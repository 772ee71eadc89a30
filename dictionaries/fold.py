"""Diacritic folding, written once: lower-case, marks stripped, đ→d.

`strip_marks` is score.py's base key (other characters kept as they are); `fold` also maps every
character to exactly one character, ASCII where one spells it, so offsets carry over (extraction,
search, snippets); `fold_words` is `fold` with whitespace collapsed, for lookups of names.
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np
from unidecode import unidecode


class _Bases(dict):
    """str.translate table: each character to its NFD form without combining marks, filled on first use."""

    def __missing__(self, code: int) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if unicodedata.category(c) != "Mn")
        self[code] = bare
        return bare


_BASES = _Bases()


@functools.lru_cache(maxsize=100_000)
def strip_marks(text: str) -> str:
    """Lower-case, diacritics removed, đ folded to d (the score.py base key)."""
    return text.lower().replace("đ", "d").translate(_BASES)


def has_marks(text: str) -> bool:
    """True when the text carries Vietnamese diacritics or đ."""
    return strip_marks(text) != text.lower()


class _OneChar(dict):
    """str.translate table: every character to one lower-case character, filled on first use."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        bare = strip_marks(char)
        if char in "\n\f":
            out = char
        elif char.isspace():
            out = " "
        elif len(bare) == 1 and bare.isascii():
            out = bare
        else:
            spelled = unidecode(char).lower()  # ð → d, ß → s, – → -, “ → ", … → .
            out = spelled[0] if spelled else " "
        self[code] = out
        return out


_ONE_CHAR = _OneChar()


LONG = 256  # from this length a lookup table over code points beats str.translate


@functools.cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(folded character, whether it is filled in) per code point, filled from `_ONE_CHAR` on first use."""
    return np.zeros(0x110000, dtype=np.uint8), np.zeros(0x110000, dtype=bool)


def _fold_long(text: str) -> str:
    """`fold` of a long text: one table lookup per code point (every folded character is ASCII)."""
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:  # a lone surrogate
        return text.translate(_ONE_CHAR)
    table, known = _tables()
    for code in np.unique(codes[~known[codes]]).tolist():
        char = _ONE_CHAR[code]
        if not char.isascii():
            return text.translate(_ONE_CHAR)
        table[code], known[code] = ord(char), True
    return table[codes].tobytes().decode("ascii")


def fold(text: str) -> str:
    """Lower-case, accent-free text of the same length (one output character per input character)."""
    return _fold_long(text) if len(text) >= LONG else text.translate(_ONE_CHAR)


def fold_words(text: str) -> str:
    """`fold` of the NFC text with whitespace collapsed (`  Đồng  Tháp ` → `dong thap`), for name lookups."""
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())

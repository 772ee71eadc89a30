"""Tokenise text into words, numbers, symbols and boundaries, keeping character offsets."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from thidua.normalize.codes import is_unit

Kind = Literal["word", "num", "sym", "other"]

CHUNK = re.compile(r"\S+")
# A form's blanks (`ngày ..... tháng ..... năm`) do not end an LM context.
ELLIPSIS = re.compile(r"(?:…|\.\.)[.…]*")
# An ellipsis between letters (`ngày…..tháng…..năm 20…`, a form's blanks) ends a word: the chunk is split
# after it, as if a space followed.
GLUED_ELLIPSIS = re.compile(r"(?<=[^\W\d_])(?:…|\.\.)[.…]*(?=[^\W\d_])")
LEAD = "([{\"'“‘«*•~–—-_"
TRAIL = ".,;:!?)]}\"'”’»…*_/"  # "./." closes a document
BREAK_AFTER = frozenset(".;!?)]”»")
OPENERS = frozenset("(“«")  # an opening bracket or quote starts a context
OCR_HOOKS = "?'’"  # punctuation that ends an LM context
URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w.+-]+@[\w-]+\.[\w.-]+$", re.IGNORECASE)
DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")
NUMBER = re.compile(r"^[0-9]+(?:[.,/][0-9]+)*$")
SYMBOL = re.compile(r"/|\w-\w")


class Token(NamedTuple):
    """One token: its kind, text, offsets into the source text, and whether an LM context ends after it."""

    kind: Kind
    text: str
    start: int
    end: int
    boundary_before: bool = False
    boundary_after: bool = False


@functools.lru_cache(maxsize=100_000)
def classify(core: str) -> Kind:
    """Kind of a punctuation-trimmed chunk."""
    if URL.match(core):
        return "other"
    if NUMBER.match(core):
        return "num"
    if SYMBOL.search(core):
        return "sym"
    if not any(ch.isalpha() for ch in core):
        return "num" if any(ch.isdigit() for ch in core) else "other"
    return "word"


def tokenize(text: str) -> list[Token]:
    """Tokens of text in order; blank lines and sentence punctuation mark LM context boundaries."""
    out: list[Token] = []
    last_end = 0
    for chunk, start in _chunks(text):
        gap = text[last_end:start]
        brk = gap.count("\n") >= 2 or "\f" in gap
        last_end = start + len(chunk)
        lead = chunk.lstrip(LEAD)
        i = len(chunk) - len(lead)
        j = i + len(lead.rstrip(TRAIL))
        # English-model OCR writes ư/ơ as "u'", "st?", "sv’": keep such marks on short words, but not a
        # question mark after a word with marks (gì?) or before a line break or the end (là gi?).
        if (
            j < len(chunk)
            and chunk[j] in OCR_HOOKS
            and 0 < j - i <= 3
            and chunk[j - 1].isalpha()
            and (chunk[j] != "?" or _hook_question(chunk[i:j], text, start + j + 1))
        ):
            j += 1
        if i > 0 and not OPENERS.isdisjoint(chunk[:i]):
            brk = True
        if i == j:
            if out and not BREAK_AFTER.isdisjoint(chunk) and not ELLIPSIS.fullmatch(chunk):
                out[-1] = out[-1]._replace(boundary_after=True)
            continue
        core = chunk[i:j]
        after = j < len(chunk) and not BREAK_AFTER.isdisjoint(chunk[j:]) and not ELLIPSIS.fullmatch(chunk[j:])
        if brk and out:
            out[-1] = out[-1]._replace(boundary_after=True)
        kind = classify(core)
        if kind == "word" and (len(core) == 1 or core == "BD") and chunk[j:].startswith(")"):
            kind = "other"  # list labels a) b) đ) are kept as printed
        parts = core.split("/") if kind == "sym" else ()
        if len(parts) > 1 and all(
            len(p) > 1 and ((p.isalpha() and not p.isupper()) or is_unit(p)) for p in parts
        ):
            # Words joined by a slash (đồng/người, m3/ngày) are words, not a document symbol (nor b/c).
            offset = start + i
            for n, part in enumerate(parts):
                last = n == len(parts) - 1
                part_kind: Kind = "other" if is_unit(part) else "word"
                out.append(Token(part_kind, part, offset, offset + len(part), brk and n == 0, after and last))
                offset += len(part) + 1
            continue
        out.append(Token(kind, core, start + i, start + j, brk, after))
    return out


def _hook_question(core: str, text: str, after: int) -> bool:
    """Whether a `?` glued to a short word is the English model's ư/ơ hook (`st?` for sư): the word has no
    marks and its line goes on (in capitals too: `Can cv? Ké hoach` is Căn cứ Kế hoạch)."""
    return core.isascii() and NEXT_CHAR.match(text, after) is not None


NEXT_CHAR = re.compile(r"[ \t]*\S")  # a next character on the same line


def _chunks(text: str) -> Iterator[tuple[str, int]]:
    """Runs of non-space characters and their offsets, split after an ellipsis glued between letters."""
    for m in CHUNK.finditer(text):
        chunk = m.group()
        if "…" not in chunk and ".." not in chunk:
            yield chunk, m.start()
            continue
        last = 0
        for e in GLUED_ELLIPSIS.finditer(chunk):
            yield chunk[last : e.end()], m.start() + last
            last = e.end()
        yield chunk[last:], m.start() + last


def segments(tokens: list[Token]) -> list[list[Token]]:
    """Split a token list at context boundaries."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for tok in tokens:
        if tok.boundary_before and cur:
            out.append(cur)
            cur = []
        cur.append(tok)
        if tok.boundary_after:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


@functools.lru_cache(maxsize=100_000)
def case_pattern(text: str) -> str:
    """ "upper", "title" or "lower" from the letters of an observed token."""
    if text.islower():
        return "lower"
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "lower"
    upper = sum(1 for ch in letters if ch.isupper())
    # OCR lower-cases a letter of an upper-case word now and then (PiCH): the majority decides.
    if len(letters) > 1 and (upper == len(letters) or (len(letters) >= 3 and upper >= 0.7 * len(letters))):
        return "upper"
    if letters[0].isupper():
        return "title"
    return "lower"


def apply_case(word: str, pattern: str) -> str:
    """Give a lower-case word the observed case pattern."""
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word

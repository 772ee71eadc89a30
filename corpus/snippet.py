"""Highlighted snippets cut from the real (accented) text around the best cluster of query terms."""

from __future__ import annotations

import re
from collections.abc import Collection

from thidua.corpus.fold import nfc, pattern

MARK = ("«", "»")
"""Default highlight markers around matched words."""

MAX_SPANS = 200
_SPACE = re.compile(r"\s+")


def snippet(text: str, terms: Collection[str], width: int = 200, mark: tuple[str, str] = MARK) -> str:
    """About `width` characters of `text` around the window with the most distinct `terms`, matches marked."""
    text = nfc(text)
    wanted = sorted(set(terms), key=len, reverse=True)  # longest first: "quoc" before "quo"
    spans: list[tuple[int, int, str]] = []
    best, best_score = 0, (0, 0)
    regex = pattern(wanted) if wanted else None
    if regex:
        first = 0  # index of the first span within `width` of the latest one
        inside: dict[str, int] = {}  # the window's spans per term (a sliding count, not a set per step)
        for match in regex.finditer(text):
            term = match.lastgroup or ""
            spans.append((match.start(), match.end(), term))
            inside[term] = inside.get(term, 0) + 1
            while match.end() - spans[first][0] > width:
                gone = spans[first][2]
                inside[gone] -= 1
                if not inside[gone]:
                    del inside[gone]
                first += 1
            score = (len(inside), len(spans) - first)
            if score > best_score:
                best, best_score = first, score
            if score[0] == len(wanted) or len(spans) > MAX_SPANS:
                break  # every term within one window, or plenty seen: stop scanning long texts early
    if not spans or regex is None:
        return _clean(text[:width]) + ("…" if len(text) > width else "")
    start = _word_start(text, max(0, spans[best][0] - width // 4))
    end = _word_end(text, min(len(text), start + width))
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for s, e, _t in _spans(regex, text, start, end):
        out += [text[pos:s], mark[0], text[s:e], mark[1]]
        pos = e
    out += [text[pos:end], "…" if end < len(text) else ""]
    return _clean("".join(out))


def _spans(regex: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.lastgroup or "") for m in regex.finditer(text, start, end)]


def _word_start(text: str, i: int) -> int:
    while 0 < i < len(text) and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()

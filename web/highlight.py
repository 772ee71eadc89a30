"""A document's text as escaped HTML lines, with flagged tokens, evidence and revised spans marked."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from thidua.corpus.browse import Span
from thidua.types import PAGE_BREAK


@dataclass
class Line:
    """One line of the text: its number (1-based), offsets, and its HTML."""

    number: int
    start: int
    end: int
    html: Markup
    page_break: bool = False


def lines(text: str, spans: list[Span]) -> list[Line]:
    """The text split into lines, each escaped, the spans that touch it wrapped in <mark>."""
    out, start, number = [], 0, 0
    for raw in text.split("\n"):
        for part_no, part in enumerate(raw.split(PAGE_BREAK)):
            number += 1
            end = start + len(part)
            out.append(Line(number, start, end, _marked(text, start, end, spans), page_break=part_no > 0))
            start = end + 1
    return out


def _marked(text: str, start: int, end: int, spans: list[Span]) -> Markup:
    touching = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = sorted(
        {start, end, *(max(start, s.start) for s in touching), *(min(end, s.end) for s in touching)}
    )
    html = []
    for left, right in pairwise(cuts):
        piece = escape(text[left:right])
        over = [s for s in touching if s.start <= left and s.end >= right]
        if not over:
            html.append(piece)
            continue
        kinds = sorted({s.kind + ("-settled" if s.settled else "") for s in over})
        title = "; ".join(dict.fromkeys(s.label for s in over))
        html.append(Markup('<mark class="{}" title="{}">{}</mark>').format(" ".join(kinds), title, piece))
    return Markup("").join(html)


def snippet_html(snippet: str) -> Markup:
    """A search snippet (matches between « and ») escaped, its matches in <mark>."""
    return Markup(str(escape(snippet)).replace("«", "<mark>").replace("»", "</mark>"))

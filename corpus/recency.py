"""PostgreSQL recency blocks: one index token per block of document ids, so search reaches the newest matches.

Every indexed tsvector also holds `#bN` (no position) for its block N = id // SIZE. A search that
ranks only the newest matches ANDs the query with the newest blocks' tokens: GIN then skips the older
postings of common words instead of returning every match for the heap to sort by id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from math import ceil

SIZE = 1000
"""Document ids per block. Baked into the index: changing it needs a migration that re-tokens it."""

HEADROOM = 2.0
"""The first span expects this many times the wanted matches, as estimates err."""


def _mark(block: int) -> str:
    return f"#b{block}"


def token(doc_id: int) -> str:
    """The block token of a document (no query word can equal it: words never hold '#')."""
    return _mark(doc_id // SIZE)


@dataclass(frozen=True)
class Span:
    """Documents with `low <= id <= high`, searched together; `blocks` narrows the index scan to them."""

    low: int
    high: int
    blocks: str | None  # a tsquery of the span's block tokens; None: the span reaches the first block

    @classmethod
    def of(cls, first: int, last: int) -> Span:
        """Blocks `first..last`."""
        blocks = " | ".join(f"'{_mark(b)}'" for b in range(last, first - 1, -1)) if first > 0 else None
        return cls(first * SIZE, (last + 1) * SIZE - 1, blocks)


def spans(newest_id: int, wanted: int | None, share: float) -> Iterator[Span]:
    """Newest first, spans of blocks expected to hold `wanted` matches, doubling; the last reaches id 0.

    `share` is the estimated fraction of documents that match. Narrowing pays only for common
    queries: a span's block tokens cost GIN as many postings as the span holds documents, so a span
    wider than a quarter of the blocks left becomes the last one, without tokens. `wanted=None`
    (rank every match) gives one span over everything.
    """
    last = newest_id // SIZE
    if wanted is None or share <= 0:
        yield Span.of(0, last)
        return
    # The newest block is partly filled: count the documents it lacks.
    width = ceil((HEADROOM * wanted / share + (last + 1) * SIZE - newest_id) / SIZE)
    while width * 4 <= last + 1:
        yield Span.of(last - width + 1, last)
        last, width = last - width, width * 2
    yield Span.of(0, last)

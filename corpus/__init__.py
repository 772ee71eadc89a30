"""Corpus stage: store, search and export documents, restored texts and extractions.

Public API: `open_store(url) -> Store` (SQLite path or URL, or postgresql://…); `Store.save`,
`Store.has_document`, `Store.record_failure`, `Store.search -> list[SearchHit]`, `Store.export`;
review: `Store.revise`, `Store.history`, `Store.review_queue`, `Store.changes`, `Store.user_lexicon`
(confirmed names and places); listings, facets and
one document in full: `thidua.corpus.browse`.
"""

from __future__ import annotations

from thidua.corpus.revise import ConflictError, Revision, RevisionError
from thidua.corpus.search import SearchQueryError
from thidua.corpus.store import SearchHit, Store, open_store

__all__ = [
    "ConflictError",
    "Revision",
    "RevisionError",
    "SearchHit",
    "SearchQueryError",
    "Store",
    "open_store",
]

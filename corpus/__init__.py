"""Corpus stage: store, search and export documents, restored texts and extractions.

Public API: `open_store(url) -> Store` (SQLite path or URL, or postgresql://…); `Store.save`,
`Store.has_document`, `Store.record_failure`, `Store.search(query, SearchFilters(...)) ->
list[SearchHit]`, `Store.export`; review: `Store.revise`, `Store.history`, `Store.review_queue`,
`Store.changes`, `Store.user_lexicon` (confirmed names and places); listings, facets and one document
in full: `thidua.corpus.browse`. What differs between SQLite and PostgreSQL: `thidua.corpus.backends`.
"""

from __future__ import annotations

from thidua.corpus.filters import SearchFilters
from thidua.corpus.revise import Revision
from thidua.corpus.search import SearchHit
from thidua.corpus.store import Store, open_store
from thidua.errors import ConflictError, RevisionError, SearchQueryError

__all__ = [
    "ConflictError",
    "Revision",
    "RevisionError",
    "SearchFilters",
    "SearchHit",
    "SearchQueryError",
    "Store",
    "open_store",
]

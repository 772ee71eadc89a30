"""Corpus stage: store, search and export documents, restored texts and extractions.

Public API: `open_store(url) -> Store` (SQLite path or URL, or postgresql://…); `Store.save`,
`Store.has_document`, `Store.record_failure`, `Store.search -> list[SearchHit]`, `Store.export`.
"""

from __future__ import annotations

from thidua.corpus.search import SearchQueryError
from thidua.corpus.store import SearchHit, Store, open_store

__all__ = ["SearchHit", "SearchQueryError", "Store", "open_store"]

"""Corpus stage: store, search and export documents, restored texts and extractions.

Public API: `open_store(url) -> Store`.
"""

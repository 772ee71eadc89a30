"""A query longer than anyone types is refused with a clear error, the same on both backends."""

from __future__ import annotations

import pytest

from thidua.corpus import open_store
from thidua.corpus.search import MAX_QUERY_WORDS
from thidua.errors import SearchQueryError


def test_a_five_thousand_word_query_is_refused_not_crashed(store_url: str, plans) -> None:
    store = open_store(store_url)
    try:
        doc = plans.document(1)
        store.save(doc, plans.restored(doc), plans.extraction())
        with pytest.raises(SearchQueryError, match=f"at most {MAX_QUERY_WORDS}"):
            store.search(" ".join(f"tu{n}" for n in range(5000)))
        assert store.search(" ".join(["phát"] * 10) + " động")  # a long but sane query still answers
    finally:
        store.close()

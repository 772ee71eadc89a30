"""The five real plans: searching with and without diacritics finds the same documents."""

from __future__ import annotations

import hashlib

import pytest

from thidua.normalize import restore
from thidua.types import PAGE_BREAK, Document, Page, Provenance

QUERIES = [
    ("quốc phòng", "quoc phong"),
    ("thi đua", "thi dua"),
    ("khen thưởng", "KHEN THUONG"),
    ("Ủy ban nhân dân", "uy ban nhan dan"),
    ("an ninh Tổ quốc", "an ninh to quoc"),
    ('"kế hoạch"', '"ke hoach"'),
    ("Bằng khen", "bang khen"),
    ("lực lượng vũ trang", "luc luong vu trang"),
]


@pytest.fixture(scope="module")
def seed_documents(seed_texts):
    """The seeds as documents with the normalizer's output (restored once per module: it is slow)."""
    out = []
    for name, text in seed_texts.items():
        document = Document(
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            source_path=f"seeds/{name}.txt",
            format="txt",
            pages=[Page(i + 1, t, Provenance("legacy-text")) for i, t in enumerate(text.split(PAGE_BREAK))],
        )
        out.append((document, restore(document.text)))
    return out


@pytest.fixture
def seeded(store, seed_documents):
    store.save_many((document, restored, None) for document, restored in seed_documents)
    return store


def test_with_and_without_diacritics_the_same_documents(seeded):
    found_any = 0
    for accented, plain in QUERIES:
        with_marks = {h.source_path for h in seeded.search(accented)}
        without = {h.source_path for h in seeded.search(plain)}
        assert with_marks == without, (accented, plain)
        found_any += bool(with_marks)
    assert found_any >= len(QUERIES) // 2  # the comparison is not vacuous


def test_common_plan_words_are_found_in_every_seed(seeded, seed_texts):
    hits = seeded.search("thi dua")
    assert {h.source_path for h in hits} == {f"seeds/{name}.txt" for name in seed_texts}
    assert all("«" in h.snippet for h in hits)

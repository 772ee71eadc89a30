"""Fixtures for the web tests: the corpus tests' stores (SQLite and PostgreSQL) and a test client."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "corpus_fixtures", Path(__file__).parents[1] / "corpus" / "conftest.py"
)
corpus_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_fixtures)
pg_admin = corpus_fixtures.pg_admin
store_url = corpus_fixtures.store_url
store = corpus_fixtures.store
plans = corpus_fixtures.plans

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def filled(store, plans):
    """Five plans: two provinces, two years; plan 0's text holds a <script> tag; plan 4 has review items."""
    for n in range(5):
        doc = plans.document(
            n, body=(HOSTILE if n == 0 else "") + (" nông thôn mới" if n % 2 else " an ninh")
        )
        extraction = plans.extraction(
            province="Huế" if n < 2 else "Đồng Tháp",
            issued_date=f"{2025 + n % 2}-0{n + 1}-10",
            number=f"{n}/KH",
            review=[{"field": "number", "reason": "low confidence"}] if n == 4 else [],
        )
        store.save(doc, plans.restored(doc), extraction)
    return store


@pytest.fixture
def client(filled):
    """A test client of the app over the filled store (writes allowed)."""
    from fastapi.testclient import TestClient
    from thidua.web import create_app

    with TestClient(create_app(filled), base_url="http://127.0.0.1:8000") as test_client:
        yield test_client

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


@pytest.fixture(scope="session")
def _built_samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled sample plans that need no OCR (legacy OCR text, text-layer PDF), run into a database."""
    import shutil

    from typer.testing import CliRunner

    from thidua.cli import app
    from thidua.training.synth.samples import build_samples

    built, batch = tmp_path_factory.mktemp("samples"), tmp_path_factory.mktemp("batch")
    build_samples(built)
    for path in [*built.glob("*.legacy-ocr.txt"), *built.glob("*.text-layer.pdf")]:
        shutil.copy(path, batch / path.name)
    db = tmp_path_factory.mktemp("db") / "campaigns.db"
    result = CliRunner().invoke(app, ["run", str(batch), "--db", str(db), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return batch, db


@pytest.fixture
def sample_db(_built_samples: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """(the batch folder, a private copy of its database) for a test that changes the database."""
    import sqlite3

    batch, db = _built_samples
    copy = tmp_path / "campaigns.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return batch, copy

"""Fixtures for the corpus tests: every store test runs against SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from thidua.types import Document, Edit, Extraction, Page, Provenance, RestoredText

PG_ENV = "THIDUA_TEST_PG_URL"


def _pg_base() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI is set but {PG_ENV} is not: run the tests under scripts/with-postgres.sh")
    return url


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[object]:
    """A SQLAlchemy engine on the test PostgreSQL database (skips without a server outside CI)."""
    base = _pg_base()
    if not base:
        pytest.skip(f"{PG_ENV} not set (run under scripts/with-postgres.sh)")
    from sqlalchemy import create_engine, text

    engine = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
    yield engine
    engine.dispose()


def _pg_schema_url(request: pytest.FixtureRequest) -> Iterator[str]:
    from sqlalchemy import text

    admin = request.getfixturevalue("pg_admin")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    base = os.environ[PG_ENV]
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema},public')}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a per-test PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "campaigns.db")
    else:
        yield from _pg_schema_url(request)


@pytest.fixture
def store(store_url: str):
    """An open store on a fresh database."""
    from thidua.corpus import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()


def make_document(n: int, body: str = "", pages: int = 2) -> Document:
    """A small plan with deterministic content and hash."""
    sha = f"{n:064x}"
    texts = [f"KẾ HOẠCH số {n}\nPhát động phong trào thi đua {body}".strip()]
    texts += [f"Trang {p} của kế hoạch {n}. Nơi nhận: Sở Nội vụ." for p in range(2, pages + 1)]
    return Document(
        sha256=sha,
        source_path=f"/in/plan-{n}.pdf",
        format="pdf",
        pages=[Page(i + 1, t, Provenance("text-layer")) for i, t in enumerate(texts)],
    )


def make_restored(document: Document, version: str = "1.0.0", edits: int = 2) -> RestoredText:
    """Restored text equal to the input, with `edits` fake edits."""
    return RestoredText(
        original=document.text,
        text=document.text,
        edits=[Edit(i, i + 1, "a", "á", 0.5 + i / 10, flagged=i == 0) for i in range(edits)],
        pipeline_version=version,
    )


_NUMBERS = itertools.count(12)


def make_extraction(**fields) -> Extraction:
    """An extraction record with the agreed top-level keys, overridden by `fields`.

    Each record gets its own number (`12/KH-UBND`, `13/KH-UBND` …): documents sharing number, date and
    issuer are copies of one document (corpus.identity)."""
    record = {
        "schema_version": "1.0",
        "doc_type": "Kế hoạch",
        "number": f"{next(_NUMBERS)}/KH-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Đồng Tháp",
        "parent_issuer": None,
        "province": "Đồng Tháp",
        "place": "Đồng Tháp",
        "issued_date": "2025-02-21",
        "title": "Phát động phong trào thi đua",
        "legal_bases": [
            {
                "type": "Luật",
                "number": None,
                "date": "2022-06-15",
                "issuer": "Quốc hội",
                "name": "Luật Thi đua",
            }
        ],
        "campaign": None,
        "targets": [{"text": "Cán bộ, công chức", "evidence": None, "confidence": 0.8}],
        "quantitative_targets": [{"text": "100% đơn vị", "value": 100, "unit": "%"}],
        "deadlines": [{"date": "2025-11-15", "recurring": False, "action": "Gửi báo cáo", "recipient": "Sở"}],
        "awards": [
            {"form": "Bằng khen", "conferred_by": "Chủ tịch UBND tỉnh", "count": 5, "kind": "summary"}
        ],
        "funding": None,
        "responsible": [],
        "signer": {"name": "Nguyễn Văn A", "title": "Phó Chủ tịch", "capacity": "KT. CHỦ TỊCH"},
        "recipients": [],
        "evidence": {},
    }
    record.update(fields)
    return Extraction(record=record, schema_version="1.0")


@pytest.fixture
def plans():
    """Builders for test documents: plans.document(n), plans.restored(doc), plans.extraction(**fields)."""
    from types import SimpleNamespace

    return SimpleNamespace(document=make_document, restored=make_restored, extraction=make_extraction)

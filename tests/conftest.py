"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("THIDUA_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the repository (seeds, corpora, tools); skips the test where absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"{SHARED}/seeds not present (CI provides ../shared beside the repo)")
    return SHARED


@pytest.fixture(scope="session")
def seed_texts(shared_dir: Path) -> dict[str, str]:
    """The five real plans, by file stem (plan-000 … plan-004)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((shared_dir / "seeds").glob("*.txt"))}

"""A database on a read-only file or folder can be searched and exported (never written)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thidua.cli import app
from thidua.corpus import open_store
from thidua.errors import StorageError

runner = CliRunner()


def _lock(paths: list[Path], on: bool) -> None:
    """Make paths unwritable: permissions for a normal user; the immutable flag for root."""
    if os.geteuid() != 0:
        for path in paths:
            path.chmod((0o555 if path.is_dir() else 0o444) if on else 0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root without chattr: cannot make a folder read-only")
    done = subprocess.run([chattr, "+i" if on else "-i", *map(str, paths)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"chattr refused ({done.stderr.decode().strip()})")


@pytest.fixture
def read_only_db(tmp_path: Path, plans) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "campaigns.db"
    with open_store(str(db)) as store:
        doc = plans.document(1, body="nông thôn mới")
        store.save(doc, plans.restored(doc), plans.extraction(number="7/KH-UBND"))
    assert sorted(p.name for p in folder.iterdir()) == ["campaigns.db"]  # WAL checkpointed on close
    _lock([db, folder], on=True)
    yield db
    _lock([db, folder], on=False)


def test_search_and_export_a_read_only_database(read_only_db: Path, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        (read_only_db.parent / "probe").write_text("x")  # the folder really is read-only
    result = runner.invoke(app, ["search", "nong thon", "--db", str(read_only_db), "--json"])
    assert result.exit_code == 0, result.output
    assert '"7/KH-UBND"' in result.stdout
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--format", "csv", "-o", str(out), "--db", str(read_only_db)])
    assert result.exit_code == 0, result.output
    assert "7/KH-UBND" in (out / "documents.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in read_only_db.parent.iterdir()) == ["campaigns.db"]


def test_writing_to_a_read_only_database_is_a_clear_error(read_only_db: Path, plans) -> None:
    with pytest.raises(StorageError, match=r"campaigns\.db"):
        open_store(str(read_only_db)).save(plans.document(2))

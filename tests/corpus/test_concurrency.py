"""Two OS processes writing one database at once, and writes interrupted mid-transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from thidua.corpus import writes
from thidua.corpus.schema import documents
from thidua.errors import StorageError

WRITER = Path(__file__).resolve().parent / "writer_proc.py"


def _writer(url: str, first: int, last: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WRITER), url, str(first), str(last), *extra])


def test_two_processes_writing_at_once_lose_nothing(store, store_url):
    # Overlapping ranges: plans 20-39 are written by both processes at the same time.
    procs = [_writer(store_url, 0, 40), _writer(store_url, 20, 60)]
    for proc in procs:
        assert proc.wait(timeout=240) == 0
    counts = store.counts()
    assert counts["documents"] == 60
    assert counts["pages"] == 120
    assert counts["restored_texts"] == 60
    assert counts["edits"] == 120
    assert counts["extractions"] == 60
    assert counts["awards"] == 60
    with store.engine.connect() as conn:
        distinct = conn.execute(select(func.count(func.distinct(documents.c.sha256)))).scalar_one()
    assert distinct == 60
    assert len(store.search("lo 3", limit=100)) == len([n for n in range(60) if n % 7 == 3])


def test_an_error_inside_the_transaction_writes_nothing(store, plans, monkeypatch):
    store.save(plans.document(1), plans.restored(plans.document(1)), plans.extraction())
    before = store.counts()

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writes, "save_extraction", explode)
    doc = plans.document(2)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save(doc, plans.restored(doc), plans.extraction())
    assert store.counts() == before
    assert not store.has_document(doc.sha256)
    monkeypatch.undo()
    store.save(doc, plans.restored(doc), plans.extraction())  # the database is still writable
    assert store.counts()["documents"] == 2


def test_a_process_killed_mid_write_leaves_no_rows(store, store_url, tmp_path):
    marker = tmp_path / "in-transaction"
    proc = _writer(store_url, 100, 101, "--hang", str(marker))
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "writer exited before reaching the transaction"
            assert time.monotonic() < deadline, "writer never reached the transaction"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    counts = store.counts()
    assert counts["documents"] == counts["pages"] == counts["restored_texts"] == counts["edits"] == 0
    assert _writer(store_url, 100, 101).wait(timeout=120) == 0  # the lock died with the process
    assert store.counts()["documents"] == 1


def test_a_busy_sqlite_database_is_a_typed_error(tmp_path, plans, monkeypatch):
    import sqlite3

    from thidua.corpus import open_store
    from thidua.corpus.backends import sqlite

    path = tmp_path / "busy.db"
    store = open_store(str(path))
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock and never lets go
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_S", 0.05)
    busy = open_store(str(path))
    monkeypatch.setattr("thidua.corpus.store.RETRIES", 2)
    try:
        with pytest.raises(StorageError, match="locked"):
            busy.save(plans.document(1))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    busy.save(plans.document(1))
    assert store.counts()["documents"] == 1
    busy.close()
    store.close()

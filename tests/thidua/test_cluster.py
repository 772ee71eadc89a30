"""Dask scale-out: a real scheduler and two worker processes on loopback, one killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")

from distributed import Client, KilledWorker

from thidua import cluster
from thidua.cli import app
from thidua.corpus import open_store
from thidua.ingest import sha256_file
from thidua.training.synth.render import render_text, save_image_pdf
from thidua.training.synth.samples import authored_plans

STARTUP_TIMEOUT = 60
TEXT_PLAN = "UY BAN NHAN DAN TINH {n}\nS6: {n} /KH-UBND\nKE HOACH\nPhat dong phong trao thi dua nam {n}\n"


def _dask(*args: str) -> list[str]:
    return [sys.executable, "-m", "dask", *args]


def _stop(proc: subprocess.Popen) -> None:
    """End a process we started (and its nanny's child) within a bounded time."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dask scheduler` and two `dask worker` processes (one thread each, with nannies) on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    common = {"cwd": folder, "env": env, "start_new_session": True, "stderr": subprocess.DEVNULL}
    loopback = ["--host", "127.0.0.1", "--no-dashboard", "--dashboard-address", "127.0.0.1:0"]  # HTTP too
    command = _dask("scheduler", *loopback, "--port", "0", "--scheduler-file", str(info))
    procs = [subprocess.Popen(command, **common)]
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not info.exists():
            assert time.monotonic() < deadline, "dask scheduler did not start"
            assert procs[0].poll() is None, "dask scheduler exited"
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for _ in range(2):
            procs.append(subprocess.Popen(_dask("worker", address, *loopback, "--nthreads", "1"), **common))
        with Client(address, timeout=STARTUP_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=STARTUP_TIMEOUT)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four one-page scanned PDFs, three garbled text exports and one corrupt PDF."""
    out = tmp_path_factory.mktemp("batch")
    plans = list(authored_plans().values())
    for i in range(4):
        text = f"Số: {100 + i}/KH-UBND\n" + plans[i % len(plans)]
        save_image_pdf([render_text(text)[0].image], out / f"a-scan-{i}.pdf")
    for i in range(3):
        (out / f"t-legacy-{i}.txt").write_text(TEXT_PLAN.format(n=i + 1), encoding="utf-8")
    (out / "z-corrupt.pdf").write_bytes(b"not a pdf at all")
    return out


def _stored_rows(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT sha256, source_path FROM documents").fetchall()


def test_process_task_with_bytes_keeps_the_original_path_and_hash(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(TEXT_PLAN.format(n=7), encoding="utf-8")
    task = cluster.make_task(source, sha256_file(source), ingest_only=True, bytes_limit=1 << 20)
    source.unlink()  # the worker must use the bytes, not the path
    outcome = cluster.process_task(task)
    assert outcome.reason is None and outcome.processed is not None
    assert outcome.processed.document.source_path == str(source)
    assert outcome.sha256 == task.sha256 == outcome.processed.document.sha256
    assert outcome.pages == 1


def test_process_task_returns_input_errors_as_values(tmp_path: Path) -> None:
    corrupt = tmp_path / "bad.pdf"
    corrupt.write_bytes(b"garbage")
    outcome = cluster.process_task(cluster.make_task(corrupt, None, ingest_only=True, bytes_limit=0))
    assert outcome.processed is None and "corrupt" in (outcome.reason or "")
    missing = cluster.Task("far.pdf", str(tmp_path / "far.pdf"), None)
    outcome = cluster.process_task(missing)
    assert outcome.processed is None and "shared by every worker" in (outcome.reason or "")


def test_a_task_that_keeps_killing_workers_is_recorded_as_failed(tmp_path: Path) -> None:
    class Crashed:
        key = "thidua-x-0"

        def result(self):
            raise KilledWorker(task=self.key, last_worker=None, allowed_failures=3)

    store = open_store(str(tmp_path / "k.db"))
    summary = cluster.RunSummary()
    path = tmp_path / "poison.pdf"
    cluster._finish(store, summary, path, cluster._outcome(Crashed(), path, "ab" * 32))
    assert [(f.path, f.reason) for f in summary.failed] == [
        (str(path), "its worker died 4 times while processing it")
    ]
    with sqlite3.connect(tmp_path / "k.db") as conn:
        assert conn.execute("SELECT path, sha256 FROM failures").fetchall() == [(str(path), "ab" * 32)]


def test_killed_worker_loses_and_duplicates_nothing(scheduler: str, batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "cluster.db"
    store = open_store(str(db))
    killed: dict[str, object] = {}
    outcomes: list[cluster.Outcome] = []

    with Client(scheduler, timeout=STARTUP_TIMEOUT) as client:

        def kill_a_busy_worker(outcome: cluster.Outcome) -> None:
            outcomes.append(outcome)
            if killed:
                return
            for status in client.run(cluster.worker_status).values():
                if status["executing"]:
                    os.kill(status["pid"], signal.SIGKILL)
                    killed.update(pid=status["pid"], key=status["executing"][0])
                    return

        # text files travel as bytes, the larger scans are read by path
        summary = cluster.run([batch], store, client=client, bytes_limit=10_000, on_done=kill_a_busy_worker)
        assert killed, "no worker was busy when the first document finished"
        client.wait_for_workers(2, timeout=STARTUP_TIMEOUT)  # the nanny restarts the killed worker
        restarted = client.run(cluster.worker_status).values()
        assert all(s["warm_up_seconds"] is not None for s in restarted), "models not loaded on start"

    inputs = sorted(p for p in batch.iterdir())
    good = [p for p in inputs if p.name != "z-corrupt.pdf"]
    assert sorted(p.path for p in summary.stored) == [str(p) for p in good]
    assert [f.path for f in summary.failed] == [str(batch / "z-corrupt.pdf")]
    rows = _stored_rows(db)
    assert sorted(rows) == sorted((sha256_file(p), str(p)) for p in good)  # each exactly once
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT path FROM failures").fetchall() == [(str(batch / "z-corrupt.pdf"),)]
    # the document that was executing on the killed worker was re-run on a live one
    victim = [o for o in outcomes if o.sha256 and str(killed["key"]).endswith(o.sha256[:16])]
    assert len(victim) == 1 and victim[0].processed is not None
    assert not victim[0].worker.endswith(f":{killed['pid']}")
    assert sum(o.pages for o in outcomes) == len(good)

    again = cluster.run([batch], store, address=scheduler)  # an interrupted client re-runs this way
    assert again.stored == [] and sorted(again.skipped) == [str(p) for p in good]
    assert len(_stored_rows(db)) == len(good)


def test_interrupted_client_reruns_skipping_finished_documents(scheduler: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(6):
        (inputs / f"plan-{i}.txt").write_text(TEXT_PLAN.format(n=20 + i), encoding="utf-8")
    store = open_store(str(tmp_path / "resume.db"))
    seen: list[cluster.Outcome] = []

    def interrupt_after_two(outcome: cluster.Outcome) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cluster.run([inputs], store, address=scheduler, on_done=interrupt_after_two)
    first = {source for _sha, source in _stored_rows(tmp_path / "resume.db")}
    assert first == {o.source for o in seen}
    again = cluster.run([inputs], store, address=scheduler)
    assert sorted(again.skipped) == sorted(first)
    assert len(again.stored) == 4 and not again.failed
    assert len(_stored_rows(tmp_path / "resume.db")) == 6


@pytest.mark.postgres
def test_workers_write_to_postgresql_themselves(scheduler: str, batch: Path) -> None:
    base = os.environ.get("THIDUA_TEST_PG_URL")
    if not base:
        pytest.skip("THIDUA_TEST_PG_URL not set (run under scripts/with-postgres.sh)")
    from sqlalchemy import create_engine, text

    admin = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema},public')}"
        store = open_store(url)
        texts = sorted(batch.glob("*.txt"))
        outcomes: list[cluster.Outcome] = []
        summary = cluster.run(texts, store, address=scheduler, on_done=outcomes.append)
        assert len(summary.stored) == len(texts)
        assert [o.write_error for o in outcomes] == [None] * len(texts)
        assert all(o.stored for o in outcomes)
        assert all(not o.worker.endswith(f":{os.getpid()}") for o in outcomes)
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT sha256 FROM documents")).scalars().all()
        assert sorted(rows) == sorted(sha256_file(p) for p in texts)
        store.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_cli_run_on_a_cluster(scheduler: str, batch: Path, tmp_path: Path, batch_report) -> None:
    texts = [str(p) for p in sorted(batch.glob("*.txt"))]
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(app, ["run", *texts, "--db", db, "--cluster", scheduler, "--json"])
    assert result.exit_code == 0, result.output
    assert sorted(d["path"] for d in batch_report(result.stdout)["stored"]) == texts
    both = CliRunner().invoke(app, ["run", *texts, "--db", db, "--cluster", scheduler, "--workers", "2"])
    assert both.exit_code == 2


def test_cli_reports_an_unreachable_scheduler(batch: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    text = str(next(batch.glob("*.txt")))
    result = CliRunner().invoke(
        app, ["run", text, "--db", str(tmp_path / "x.db"), "--cluster", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "cannot connect to tcp://127.0.0.1:9" in result.output


def test_cli_workers_starts_a_local_cluster(batch: Path, tmp_path: Path, batch_report) -> None:
    texts = [str(p) for p in sorted(batch.glob("*.txt"))]
    db = str(tmp_path / "local.db")
    result = CliRunner().invoke(app, ["run", *texts, "--db", db, "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert sorted(d["path"] for d in batch_report(result.stdout)["stored"]) == texts
    plain = CliRunner().invoke(app, ["run", *texts, "--db", db, "--jobs", "1", "--json"])
    assert plain.exit_code == 0 and sorted(batch_report(plain.stdout)["skipped"]) == texts


def test_a_scheduler_without_workers_is_reported(monkeypatch, tmp_path: Path) -> None:
    from distributed import LocalCluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    source = tmp_path / "plan.txt"
    source.write_text(TEXT_PLAN.format(n=3), encoding="utf-8")
    store = open_store(str(tmp_path / "e.db"))
    empty = LocalCluster(
        n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    )
    with empty, pytest.raises(cluster.ClusterError, match="has no workers"):
        cluster.run([source], store, address=empty.scheduler_address)

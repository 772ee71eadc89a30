"""A PostgreSQL outage mid-run: a short one is ridden out; a long one stops the run with its summary.

The test starts its own throw-away server (it must stop and start it), so it needs the PostgreSQL
server binaries; it skips without them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thidua import pipeline
from thidua.cli import app
from thidua.errors import ExitCode

runner = CliRunner()


class Server:
    """A private PostgreSQL server that the test can stop and start."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            pytest.skip("PostgreSQL server binaries not installed")
        self.bin = Path(bins[-1])
        self.home = Path(tempfile.mkdtemp(prefix="thidua-outage-"))
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._run("initdb", "-D", str(self.home / "db"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql://postgres:secretpw@127.0.0.1:{self.port}/postgres"

    def schema(self, name: str) -> str:
        """A URL on a fresh schema `name`."""
        from sqlalchemy import create_engine, text

        admin = create_engine(
            self.url.replace("postgresql:", "postgresql+psycopg:"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {name}"))
        admin.dispose()
        return f"{self.url}?options=-csearch_path%3D{name}%2Cpublic"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / program), *args], check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.home / "db"), "-l", str(self.home / "log"), "-w", "-o", options, "start"
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.home / "db"), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.home / "db"), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    started = Server()
    yield started
    started.close()


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        text = f"Kế hoạch số {n}/KH-UBND thi đua năm 2024 của Ủy ban nhân dân xã Hòa Bình\n"
        (folder / f"plan-{n}.txt").write_text(text, encoding="utf-8")
    return folder


def _outage_after_first(monkeypatch, server: Server, seconds: float | None) -> None:
    """Stop the server when the second file starts; start it again `seconds` later (None: only later)."""
    real = pipeline.process_file
    calls = []

    def process_file(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            server.stop()
            if seconds is not None:
                threading.Timer(seconds, server.start).start()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process_file", process_file)


def test_a_short_outage_is_ridden_out(server: Server, batch: Path, monkeypatch, batch_report) -> None:
    monkeypatch.setenv("THIDUA_DB_RETRY_SECONDS", "30")
    _outage_after_first(monkeypatch, server, seconds=4)
    url = server.schema("short")
    result = runner.invoke(app, ["ingest", str(batch), "--db", url, "--jobs", "1", "--json"])
    assert result.exit_code == 0, result.output
    report = batch_report(result.stdout)
    assert len(report["stored"]) == 4 and report["failed"] == [] and report["stopped"] is None


def test_a_long_outage_stops_with_the_summary_and_a_rerun_resumes(
    server: Server, batch: Path, monkeypatch, batch_report
) -> None:
    monkeypatch.setenv("THIDUA_DB_RETRY_SECONDS", "2")
    _outage_after_first(monkeypatch, server, seconds=None)
    url = server.schema("long")
    try:
        result = runner.invoke(app, ["ingest", str(batch), "--db", url, "--jobs", "1", "--json"])
    finally:
        server.start()
    assert result.exit_code == ExitCode.storage, result.output
    report = batch_report(result.stdout)
    assert [Path(s["path"]).name for s in report["stored"]] == ["plan-0.txt"]
    assert report["stopped"] and "secretpw" not in result.output
    assert "run again to resume" in result.output
    monkeypatch.undo()
    again = runner.invoke(app, ["ingest", str(batch), "--db", url, "--jobs", "1", "--json"])
    assert again.exit_code == 0, again.output
    report = batch_report(again.stdout)
    assert len(report["skipped"]) == 1 and len(report["stored"]) == 3 and report["failed"] == []


def test_a_database_lost_mid_pool_stops_the_run_and_its_workers(tmp_path: Path, batch: Path) -> None:
    import psutil

    from thidua.corpus import open_store
    from thidua.errors import StorageError

    class Gone:
        """A store whose database went away: reads work (nothing stored yet), writes fail."""

        def __init__(self, store) -> None:
            self.store = store

        def __getattr__(self, name: str):
            return getattr(self.store, name)

        def save(self, *_args, **_kwargs) -> None:
            raise StorageError("postgresql://u:***@db/x: write failed (connection refused)")

        record_failure = save

    with open_store(str(tmp_path / "c.db")) as store:
        summary = pipeline.run([batch], Gone(store), ingest_only=True, workers=2)
    assert summary.stopped and "connection refused" in summary.stopped
    assert summary.stored == [] and summary.failed == []
    me = psutil.Process()
    helpers = me.children()  # the forkserver and resource tracker live as long as this process
    workers = [p for p in me.children(recursive=True) if p not in helpers]  # forked by the forkserver
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, "the pool's workers were left running"

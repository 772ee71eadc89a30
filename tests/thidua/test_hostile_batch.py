"""Hostile batches: odd names, links, FIFOs, duplicates and secrets never crash, fake or leak the summary."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thidua.cli import app
from thidua.errors import ExitCode

runner = CliRunner()
PLAN = "Kế hoạch thi đua năm 2024 của Ủy ban nhân dân xã Hòa Bình\n"


def failures(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("select path, reason from failures"))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder of odd entries: a name that is not UTF-8, a newline name, links, a FIFO, a duplicate."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"\xe9\xff.txt")).write_text(PLAN, encoding="utf-8")
    (folder / "same.txt").write_text(PLAN, encoding="utf-8")
    (folder / "a\nstored  fake.txt").write_text("Kế hoạch khen thưởng\n", encoding="utf-8")
    (folder / "loop").symlink_to("loop")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(folder / "fifo.txt")
    (folder / os.fsdecode(b"bad\xff.pdf")).write_bytes(b"%PDF-1.7\nnot a pdf")
    (folder / os.fsdecode(b"odd.\xff")).write_bytes(b"abc")  # the reason quotes the suffix
    return folder


def test_odd_entries_are_recorded_once_and_the_batch_goes_on(
    hostile: Path, tmp_path: Path, batch_report
) -> None:
    db = tmp_path / "c.db"
    args = ["ingest", str(hostile), "--db", str(db), "--json"]
    for _ in range(2):  # a re-run records each failure again, not a second row
        result = runner.invoke(app, args)
        assert result.exit_code == ExitCode.partial_failure, result.output
    report = batch_report(result.stdout)
    reasons = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    assert reasons == {
        "bad\\xff.pdf": "corrupt PDF: PDFium cannot parse it",
        "dangling.txt": "broken symbolic link (its target does not exist)",
        "fifo.txt": "not a regular file (a device, FIFO or socket)",
        "loop": "symbolic link loop",
        "odd.\\xff": "unsupported format .\\xff",
    }
    assert sorted(Path(p).name for p, _ in failures(db)) == sorted(reasons)
    assert report["stopped"] is None
    with sqlite3.connect(db) as conn:
        names = sorted(Path(row[0]).name for row in conn.execute("select source_path from documents"))
    assert names == ["a\nstored  fake.txt", "same.txt"]
    # Same content under the name that is not UTF-8 (sorted after same.txt): reported, shown escaped.
    forced = batch_report(runner.invoke(app, [*args, "--force"]).stdout)
    assert [Path(d["path"]).name for d in forced["duplicates"]] == ["\\xe9\\xff.txt"]
    assert Path(forced["duplicates"][0]["same_as"]).name == "same.txt"
    bad = [Path(f["path"]).name for f in forced["failed"] if "PDF" in f["reason"]]
    assert bad == ["bad\\xff.pdf"]


def test_names_cannot_fake_summary_lines(hostile: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(hostile), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == ExitCode.partial_failure
    lines = result.output.splitlines()
    assert not [line for line in lines if line.startswith("stored  fake")]
    assert any("a\\nstored  fake.txt" in line for line in lines)
    assert any("\\xe9\\xff.txt" in line for line in lines)
    assert any(line.startswith("duplicate") and "\\xe9\\xff.txt" in line for line in lines)


def test_a_failure_is_cleared_when_the_file_later_succeeds(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    plan = tmp_path / "plan.txt"
    plan.write_bytes(b"\x00\x01 binary")
    assert runner.invoke(app, ["ingest", str(plan), "--db", str(db)]).exit_code == ExitCode.partial_failure
    assert len(failures(db)) == 1
    plan.write_text(PLAN, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(plan), "--db", str(db)]).exit_code == 0
    assert failures(db) == []


def test_database_passwords_are_never_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua.cli_report import summary_json, summary_line
    from thidua.outcomes import RunSummary

    monkeypatch.setenv("THIDUA_DB_RETRY_SECONDS", "0")
    for url in ("postgresql://postgres:secretpw@127.0.0.1:1/x", "postgresql://u:secretpw@h:notaport/x"):
        result = runner.invoke(app, ["search", "thi dua", "--db", url])
        assert result.exit_code == ExitCode.storage, result.output
        assert "secretpw" not in result.output and "***" in result.output
        assert "Traceback" not in result.output
    url = "postgresql://postgres:secretpw@db-host/thidua"
    for line in (summary_line(RunSummary(), url), json.dumps(summary_json(RunSummary(), url))):
        assert "postgres:***@db-host" in line and "secretpw" not in line


def test_a_query_starting_with_a_dash_is_a_query(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(plan), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["search", "-khen", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []

"""A batch in scripts and logs: each file's line as it finishes on stdout, progress on stderr, JSON lines."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thidua import pipeline
from thidua.cli import app
from thidua.cli_report import summary_json, summary_line
from thidua.outcomes import RunSummary, Stored

runner = CliRunner()


def _snapshot_before(name: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What stdout and stderr hold (flushed) when the file `name` starts; filled in during the run."""
    seen: dict[str, str] = {}
    real = pipeline.process_file

    def process_file(path: Path, *args: object, **kwargs: object) -> pipeline.Processed:
        if path.name == name:
            seen["out"] = sys.stdout.buffer.getvalue().decode()
            seen["err"] = sys.stderr.buffer.getvalue().decode()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process_file", process_file)
    return seen


def test_each_file_is_printed_as_it_finishes(text_batch: Path, tmp_path: Path, monkeypatch) -> None:
    seen = _snapshot_before("b.txt", monkeypatch)
    result = runner.invoke(app, ["run", str(text_batch), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert seen["out"].startswith("stored  ") and "a.txt" in seen["out"]
    assert len(seen["err"].splitlines()) == 1 and seen["err"].startswith("1/2 documents, ")
    out = result.stdout.splitlines()
    assert [line.split()[0] for line in out] == ["stored", "stored", "2"]
    assert out[-1].startswith("2 stored (") and "documents" not in result.stdout
    assert [line.split(",")[0] for line in result.stderr.splitlines()] == ["1/2 documents", "2/2 documents"]


def test_json_prints_a_line_per_file_as_it_finishes_then_the_summary(
    text_batch: Path, tmp_path: Path, monkeypatch, batch_report
) -> None:
    seen = _snapshot_before("b.txt", monkeypatch)
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["run", str(text_batch), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    [first] = [json.loads(line) for line in seen["out"].splitlines()]
    assert first["event"] == "stored" and first["path"].endswith("a.txt") and first["extraction"]["number"]
    report = batch_report(result.stdout)
    assert [Path(s["path"]).name for s in report["stored"]] == ["a.txt", "b.txt"]
    assert report["summary"]["pages"] == sum(s["pages"] for s in report["stored"])
    assert report["summary"]["flagged"] == sum(s["flagged"] for s in report["stored"])
    again = runner.invoke(app, ["run", str(text_batch), "--db", db, "--json"])
    lines = [json.loads(line) for line in again.stdout.splitlines()]
    assert [(line["event"], Path(line.get("path", "")).name) for line in lines] == [
        ("skipped", "a.txt"),
        ("skipped", "b.txt"),
        ("summary", ""),
    ]


def test_quiet_and_progress_none_leave_stderr_empty(text_batch: Path, tmp_path: Path) -> None:
    for args in (["-q", "run"], ["run", "--progress", "none"]):
        db = str(tmp_path / f"{len(args)}.db")
        result = runner.invoke(app, [*args, str(text_batch), "--db", db])
        assert result.exit_code == 0, result.output
        assert result.stderr == "" and result.stdout.count("stored  ") == 2


def test_verbose_logs_each_stage(text_batch: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["-v", "run", str(text_batch), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert "a.txt: ingested (" in result.stderr and "a.txt: restored and extracted in" in result.stderr
    plain = runner.invoke(app, ["run", str(text_batch), "--db", str(tmp_path / "d.db")])
    assert "ingested (" not in plain.stderr
    both = runner.invoke(app, ["-v", "-q", "run", str(text_batch), "--db", str(tmp_path / "e.db")])
    assert both.exit_code == 2 and "alternatives" in both.stderr


GATED = """
import os, sys, time
from thidua import pipeline
real = pipeline.process_file
def gated(path, *args, **kwargs):
    while path.name == "b.txt" and not os.path.exists(os.environ["GO"]):
        time.sleep(0.05)
    return real(path, *args, **kwargs)
pipeline.process_file = gated
from thidua.cli import app
sys.argv[0] = "thidua"
app()
"""


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def test_in_a_pipe_lines_arrive_as_files_finish_whole_and_on_their_stream(text_batch: Path, tmp_path: Path):
    long_name = text_batch / ("a" + "-dài" * 30 + ".txt")  # a line far wider than 80 columns
    (text_batch / "a.txt").rename(long_name)
    go = tmp_path / "go"
    proc = subprocess.Popen(
        [sys.executable, "-c", GATED, "run", str(text_batch), "--db", str(tmp_path / "c.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "GO": str(go), "COLUMNS": "80"},
    )
    out: queue.Queue = queue.Queue()
    err: queue.Queue = queue.Queue()
    for stream, into in ((proc.stdout, out), (proc.stderr, err)):
        threading.Thread(target=_lines, args=(stream, into), daemon=True).start()
    try:
        first = out.get(timeout=300)  # b.txt is held back: this line was written while the run goes on
        progress = err.get(timeout=60)
        assert proc.poll() is None, progress + "".join(iter(err.get, None))
    finally:
        go.touch()
    assert proc.wait(timeout=300) == 0
    assert first.startswith("stored  ") and str(long_name) in first and len(first) > 200
    assert progress.startswith("1/2 documents, ")
    rest = list(iter(out.get, None))
    assert [line.split()[0] for line in rest] == ["stored", "2"]
    assert all(line.split(",")[0] == "2/2 documents" for line in iter(err.get, None))


def test_summary_line_says_how_many_edits_are_flagged() -> None:
    def stored(name: str, flagged: int | None) -> Stored:
        return Stored(name, "0" * 64, 2, None if flagged is None else 10, None, flagged)

    summary = RunSummary(stored=[stored("a", 3), stored("b", 2)])
    assert summary_line(summary, "c.db") == (
        "2 stored (4 pages; 5 edits flagged for review), 0 skipped, 0 failed → c.db"
    )
    assert summary_json(summary, "c.db")["flagged"] == 5
    ingested = RunSummary(stored=[stored("a", None)])  # ingest only: nothing restored, nothing to flag
    assert summary_line(ingested, "c.db") == "1 stored (2 pages), 0 skipped, 0 failed → c.db"

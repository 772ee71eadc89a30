"""CLI wiring: the main job over the bundled samples, and each subcommand's contract."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thidua.cli import app
from thidua.errors import ExitCode
from thidua.training.synth.samples import authored_plans, build_samples

runner = CliRunner()


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    build_samples(out)
    return out


def test_help_lists_every_subcommand() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("run", "ingest", "normalize", "extract", "search", "export", "reindex"):
        assert name in result.output


def test_run_over_samples_stores_documents_and_extractions(
    samples: Path, tmp_path: Path, batch_report
) -> None:
    db = tmp_path / "campaigns.db"
    result = runner.invoke(app, ["run", str(samples), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = batch_report(result.stdout)
    assert len(report["stored"]) == len(authored_plans())
    assert report["failed"] == []
    numbers = {doc["extraction"]["number"] for doc in report["stored"]}
    assert "215/KH-UBND" in numbers  # from the scanned PDF, via OCR
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type='table'")}
        assert "documents" in tables
        assert conn.execute("select count(*) from documents").fetchone()[0] == len(authored_plans())

    again = runner.invoke(app, ["run", str(samples), "--db", str(db), "--json"])
    assert again.exit_code == 0
    assert len(batch_report(again.stdout)["skipped"]) == len(authored_plans())


def test_run_reports_bad_file_and_goes_on(samples: Path, tmp_path: Path, batch_report) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    good = next(samples.glob("*.txt"))
    (batch / good.name).write_bytes(good.read_bytes())
    (batch / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf")
    result = runner.invoke(app, ["run", str(batch), "--db", str(tmp_path / "c.db"), "--json"])
    assert result.exit_code == ExitCode.partial_failure
    report = batch_report(result.stdout)
    assert [Path(f["path"]).name for f in report["failed"]] == ["broken.pdf"]
    assert report["failed"][0]["reason"]
    assert len(report["stored"]) == 1


def test_normalize_reads_stdin_and_keeps_lines() -> None:
    text = "Căn cứ Luật Thi đua, khen thưởng\nngày 15 tháng 6 năm 2022\n"
    result = runner.invoke(app, ["normalize", "-"], input=text)
    assert result.exit_code == 0
    assert result.stdout.count("\n") == text.count("\n")


def test_normalize_rejects_binary_input_naming_the_file(tmp_path: Path) -> None:
    binary = tmp_path / "scan.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = runner.invoke(app, ["normalize", str(binary)])
    assert result.exit_code == ExitCode.input_file
    assert "scan.bin" in result.output


def test_extract_json_prints_one_object(samples: Path) -> None:
    path = next(samples.glob("*.txt"))
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["number"] == "87/KH-CAT-PX03"


def test_search_and_export_after_run(samples: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "campaigns.db")
    assert runner.invoke(app, ["run", str(samples), "--db", db]).exit_code == 0
    hits = json.loads(runner.invoke(app, ["search", "nong thon moi", "--db", db, "--json"]).stdout)
    assert hits and "lam-dong" in hits[0]["source_path"]
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(authored_plans())
    result = runner.invoke(app, ["reindex", "--db", db])
    assert result.exit_code == 0 and f"reindexed {len(authored_plans())} documents" in result.output
    assert json.loads(runner.invoke(app, ["search", "nong thon moi", "--db", db, "--json"]).stdout) == hits


def test_run_over_the_real_seeds(shared_dir: Path, tmp_path: Path, batch_report) -> None:
    result = runner.invoke(app, ["run", str(shared_dir / "seeds"), "--db", str(tmp_path / "s.db"), "--json"])
    assert result.exit_code == 0, result.output
    report = batch_report(result.stdout)
    assert len(report["stored"]) == 5
    assert all(doc["extraction"]["doc_type"] == "Kế hoạch" for doc in report["stored"])


def test_search_refuses_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = runner.invoke(app, ["search", "thi dua", "--db", str(missing)])
    assert result.exit_code == ExitCode.storage
    assert "nowhere.db" in result.output
    assert not missing.exists()


def test_run_completes_documents_that_ingest_stored(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_report
) -> None:
    db = str(tmp_path / "c.db")
    text_file = next(samples.glob("*.txt"))
    ingested = batch_report(runner.invoke(app, ["ingest", str(text_file), "--db", db, "--json"]).stdout)
    assert ingested["stored"][0]["extraction"] is None

    def no_second_ingest(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the stored pages must be used, not a second ingest")

    monkeypatch.setattr("thidua.pipeline.ingest_file", no_second_ingest)
    report = batch_report(runner.invoke(app, ["run", str(text_file), "--db", db, "--json"]).stdout)
    assert report["skipped"] == []
    assert report["stored"][0]["extraction"]["number"] == "87/KH-CAT-PX03"


def test_run_warns_of_fields_the_text_suggests_but_extraction_missed(tmp_path: Path, batch_report) -> None:
    plan = tmp_path / "in" / "plan.txt"
    plan.parent.mkdir()
    plan.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số:     /KH-UBND\nAn Giang, ngày 21 tháng 02 năm 2025\n\nKẾ HOẠCH\nPhát động phong trào thi đua\n\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", str(plan.parent), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert "check" in result.output and "number: a `Số:` label and no number" in result.output
    stored = runner.invoke(
        app, ["run", str(plan.parent), "--db", str(tmp_path / "c.db"), "--force", "--json"]
    )
    review = batch_report(stored.stdout)["stored"][0]["extraction"]["review"]
    assert any(item["field"] == "number" for item in review)  # stored with the document, not only printed


def test_help_keeps_bracketed_text_and_answers_to_h() -> None:
    for args in (["run", "--help"], ["run", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        text = " ".join(result.stdout.split())  # help lines wrap at the terminal's width
        assert "[default: 1 for a handful of files, else all cores]" in text
        assert "[env THIDUA_DB; default campaigns.db]" in text
    top = runner.invoke(app, ["-h"])
    assert top.exit_code == 0 and "-v, --verbose" in top.stdout and "-q, --quiet" in top.stdout
    query = runner.invoke(app, ["search", "-h"])  # a lone -h; `search -khen` is a query (test_hostile_batch)
    assert query.exit_code == 0 and "search [OPTIONS]" in query.stdout.splitlines()[0]


def test_run_over_a_missing_path_names_it_and_creates_no_database(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = runner.invoke(app, ["run", str(tmp_path / "nonexistent"), "--db", str(db)])
    assert result.exit_code == ExitCode.input_file
    assert result.stderr.strip() == f"error: {tmp_path / 'nonexistent'}: no such file or folder"
    assert not db.exists()
    text = runner.invoke(app, ["normalize", str(tmp_path / "nonexistent.txt")])
    assert text.exit_code == ExitCode.input_file and "nonexistent.txt: cannot read" in text.stderr


def test_export_to_stdout(text_batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["run", str(text_batch), "--db", db]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "-o", "-", "--db", db])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(Path(r["source_path"]).name for r in records) == ["a.txt", "b.txt"]
    assert not (tmp_path / "-").exists() and result.stderr == ""
    tables = runner.invoke(app, ["export", "--format", "csv", "-o", "-", "--db", db])
    assert tables.exit_code == ExitCode.bad_args and "only jsonl" in tables.stderr


def test_the_summary_line_counts_the_flagged_edits(text_batch: Path, tmp_path: Path, batch_report) -> None:
    from thidua import restore

    flagged = len(restore((text_batch / "a.txt").read_text(encoding="utf-8")).flagged)
    result = runner.invoke(app, ["run", str(text_batch), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0, result.output
    assert f"; {flagged} edits flagged for review), 0 skipped" in result.stdout.splitlines()[-1]
    assert f", {flagged} flagged)" in result.stdout.splitlines()[0]
    forced = runner.invoke(app, ["run", str(text_batch), "--db", str(tmp_path / "c.db"), "--force", "--json"])
    assert batch_report(forced.stdout)["summary"]["flagged"] == flagged

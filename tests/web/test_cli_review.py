"""The review commands on a real run: review, show, facets, export --since, and a correction that
survives `thidua run --force`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from thidua.cli import app
from thidua.corpus import open_store

runner = CliRunner()


def _json(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_review_show_and_facets(sample_db):
    _batch, db = sample_db
    queue = _json(["review", "--db", str(db), "--json"])
    assert queue["documents"] and all(d["attention"] > 0 for d in queue["documents"])
    sha = queue["documents"][0]["id"]
    shown = _json(["show", sha[:12], "--db", str(db), "--json"])
    assert shown["summary"]["id"] == sha and shown["text"] and shown["record"]["number"]
    assert runner.invoke(app, ["show", "ffffffffffff", "--db", str(db)]).exit_code == 2
    facets = _json(["facets", "--db", str(db), "--json"])
    assert facets["total"] == 2 and {"Nghệ An", "Khánh Hòa"} <= {p["value"] for p in facets["province"]}
    plain = runner.invoke(app, ["facets", "an ninh", "--db", str(db)])
    assert plain.exit_code == 0 and "Nghệ An" in plain.stdout


def test_a_correction_survives_run_force_and_reaches_export_since(sample_db, tmp_path):
    batch, db = sample_db
    with open_store(str(db)) as store:
        [sha] = [s.id for s in store.changes(0).items if s.number == "87/KH-CAT-PX03"]
        store.revise(sha, [{"field": "/number", "after": "87/KH-CAT-PX03-BIS"}], author="lan")
    assert runner.invoke(app, ["run", str(batch), "--db", str(db), "--force", "--jobs", "1"]).exit_code == 0
    shown = _json(["show", sha, "--db", str(db), "--json"])
    assert shown["record"]["number"] == "87/KH-CAT-PX03-BIS"
    assert shown["machine_record"]["number"] == "87/KH-CAT-PX03"
    out = tmp_path / "since.jsonl"
    with open_store(str(db)) as store:
        mark = store.changes(0).last_seq  # everything so far
        other = next(s.id for s in store.changes(0).items if s.id != sha)
        store.revise(other, [{"field": "/province", "after": "Khánh Hoà"}], author="an")
    result = runner.invoke(
        app, ["export", "--format", "jsonl", "--since", str(mark), "-o", str(out), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["sha256"] for line in lines] == [other]
    assert lines[0]["extraction"]["province"] == "Khánh Hoà" and lines[0]["page_texts"]
    full = tmp_path / "all.jsonl"
    runner.invoke(app, ["export", "--format", "jsonl", "-o", str(full), "--db", str(db)])
    by_sha = {json.loads(x)["sha256"]: json.loads(x) for x in full.read_text(encoding="utf-8").splitlines()}
    assert by_sha[sha]["extraction"]["number"] == "87/KH-CAT-PX03-BIS" and by_sha[sha]["reviewed"]
    assert runner.invoke(app, ["export", "--format", "csv", "--since", "1", "--db", str(db)]).exit_code == 2


def test_serve_listens_on_loopback_only_by_default(sample_db):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    import psutil

    _batch, db = sample_db
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    thidua = Path(sys.executable).parent / "thidua"
    server = subprocess.Popen(
        [str(thidua), "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/review", timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "thidua serve did not start"
                time.sleep(0.2)
        listening = [c for c in psutil.Process(server.pid).net_connections("tcp") if c.status == "LISTEN"]
        assert [c.laddr.ip for c in listening] == ["127.0.0.1"]
    finally:
        server.terminate()
        server.wait(10)

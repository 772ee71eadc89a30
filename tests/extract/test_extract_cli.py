"""`thidua extract FILE --json` prints one schema-valid JSON object."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from thidua.cli import app
from thidua.extract.validate import schema

AUTHORED = Path(__file__).resolve().parent / "fixtures" / "authored"


def test_extract_json_prints_one_valid_object() -> None:
    result = CliRunner().invoke(app, ["extract", str(AUTHORED / "police-nghe-an.txt"), "--json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    record = json.loads(lines[0])
    Draft202012Validator(schema()).validate(record)
    assert record["number"] == "125/KH-CAT" and record["issuer"] == "Công an tỉnh Nghệ An"


def test_extract_binary_file_is_a_typed_error(tmp_path: Path) -> None:
    bad = tmp_path / "plan.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = CliRunner().invoke(app, ["extract", str(bad), "--json"])
    assert result.exit_code != 0
    assert "plan.txt" in result.output

"""A document that takes too long fails with the wall-time limit named, and the batch goes on."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from thidua import pipeline
from thidua.corpus import open_store
from thidua.errors import LimitError
from thidua.ingest.limits import time_limit


def test_a_waiting_subprocess_is_interrupted() -> None:
    started = time.monotonic()
    with (
        pytest.raises(LimitError, match=r"slow\.pdf.*THIDUA_MAX_DOCUMENT_SECONDS"),
        time_limit("slow.pdf", 1),
    ):
        subprocess.run(["sleep", "20"], check=False)  # as a hung Tesseract would be waited for
    assert time.monotonic() - started < 5


def test_a_slow_document_is_recorded_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_MAX_DOCUMENT_SECONDS", "1")
    real = pipeline.ingest_file

    def ingest_file(path, **kwargs):
        if path.name == "slow.txt":
            time.sleep(30)
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline, "ingest_file", ingest_file)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("fast.txt", "slow.txt"):
        (inputs / name).write_text(f"Kế hoạch thi đua {name}\n", encoding="utf-8")
    started = time.monotonic()
    with open_store(str(tmp_path / "c.db")) as store:
        summary = pipeline.run([inputs], store, ingest_only=True, workers=1)
    assert time.monotonic() - started < 10
    assert [Path(s.path).name for s in summary.stored] == ["fast.txt"]
    [failure] = summary.failed
    assert Path(failure.path).name == "slow.txt" and "took longer than 1 s" in failure.reason

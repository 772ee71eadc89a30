"""SIGKILL of `thidua run` leaves no worker process behind (they die with their parent)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from thidua.training.synth.samples import build_samples


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    samples = tmp_path_factory.mktemp("samples")
    build_samples(samples)
    return sorted(samples.glob("*.scan.pdf"))


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("inputs", ["batch", "one-document"])
def test_sigkill_leaves_no_workers(tmp_path: Path, scans: list[Path], inputs: str) -> None:
    # Several files: a pool of document workers; one file: its pages are OCR'd in a pool.
    paths = [str(p) for p in scans] if inputs == "batch" else [str(scans[0])]
    thidua = Path(sys.executable).parent / "thidua"
    command = [str(thidua), "ingest", *paths, "--db", str(tmp_path / "c.db"), "--jobs", "2"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    run = subprocess.Popen(command, start_new_session=True, **quiet)
    main = psutil.Process(run.pid)
    try:
        # the forkserver and two workers are up, and OCR is under way
        assert _wait_for(lambda: len(main.children(recursive=True)) >= 3, 60), "the workers never started"
        family = main.children(recursive=True)
        os.kill(run.pid, signal.SIGKILL)
        run.wait(10)
        _gone, alive = psutil.wait_procs(family, timeout=10)
        assert not alive, f"orphaned: {[(p.pid, p.name()) for p in alive]}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)  # whatever is left of this test's process group

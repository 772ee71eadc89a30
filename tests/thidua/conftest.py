"""Fixtures of the thidua package tests."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

KEYS = {"stored": "stored", "skipped": "skipped", "duplicate": "duplicates", "failed": "failed"}


def read_batch(stdout: str) -> dict:
    """The JSON lines of `thidua run/ingest --json` as one report: the inputs by event (`skipped` as
    paths) in the order printed, and `summary`, the last line, which must be the only summary."""
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    *items, summary = lines
    assert summary["event"] == "summary", summary
    report: dict = {key: [] for key in KEYS.values()} | {"summary": summary, "stopped": summary["stopped"]}
    for item in items:
        event = item.pop("event")
        report[KEYS[event]].append(item["path"] if event == "skipped" else item)
    assert [len(report[k]) for k in KEYS.values()] == [summary[k] for k in KEYS.values()]
    return report


@pytest.fixture
def batch_report() -> Callable[[str], dict]:
    """`read_batch`: parses the output of a batch command run with --json."""
    return read_batch


def strip_marks(text: str) -> str:
    """Vietnamese with its diacritics and đ removed: input the normalizer restores (cheap, no OCR)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


@pytest.fixture(scope="session")
def plan_texts() -> dict[str, str]:
    """The project's own sample plans (corpus/samples), by file name, in correct Vietnamese."""
    folder = resources.files("thidua.corpus") / "samples"
    return {e.name: e.read_text(encoding="utf-8") for e in folder.iterdir() if e.name.endswith(".txt")}


@pytest.fixture(scope="session")
def stripped_plan(plan_texts: dict[str, str]) -> str:
    """A sample plan with its accents stripped: the normalizer restores it with edits, some flagged."""
    return strip_marks(plan_texts["plan-truong-thpt-thi-dua-nam-hoc.txt"])


@pytest.fixture
def text_batch(tmp_path: Path, plan_texts: dict[str, str], stripped_plan: str) -> Path:
    """A folder of two plain-text plans: a.txt accent-stripped (restored, with edits), b.txt correct."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(stripped_plan, encoding="utf-8")
    (folder / "b.txt").write_text(plan_texts["plan-nghe-an-cong-an.txt"], encoding="utf-8")
    return folder

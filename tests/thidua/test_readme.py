"""The README's Python API examples run as written, in a folder holding the `plans/` they read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thidua.training.synth.render import render_text

README = Path(__file__).resolve().parents[2] / "README.md"


def python_blocks() -> list[str]:
    """The ```python blocks of the README, in order."""
    return re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.M | re.S)


def test_the_readme_has_python_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 3 and all("thidua." in block for block in blocks)


def test_the_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan_texts: dict[str, str], capsys
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "plan.txt").write_text(plan_texts["plan-nghe-an-cong-an.txt"], encoding="utf-8")
    first_page = plan_texts["plan-truong-thpt-thi-dua-nam-hoc.txt"].split("\f")[0]
    render_text(first_page)[0].image.save(plans / "scan.png", dpi=(300, 300))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("THIDUA_DB", raising=False)
    namespace: dict = {}
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), namespace)
    printed = capsys.readouterr().out
    assert "2 stored, 0 failed" in printed and "87/KH-CAT-PX03" in printed
    assert "Độc lập - Tự do - Hạnh phúc" in printed and "42/KH-THPTLTT" in printed
    assert (tmp_path / "records.jsonl").read_text(encoding="utf-8").count("\n") == 2

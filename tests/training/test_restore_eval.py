"""The per-kind evaluation and the `thidua eval` command on a tiny hand-made pair set."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from thidua.cli import app
from thidua.training.restore_eval import changed, strip_keep_case

GOLD = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nĐỒNG THÁP"
ENG = "Can ctr Luat Thi dua, khen thuong ngay 15 thang 6 nam 2022;\nPONG THAP"


def test_strip_keep_case() -> None:
    assert strip_keep_case("Đồng Tháp ĐỐI") == "Dong Thap DOI"


def test_changed_counts_tokens() -> None:
    assert changed("a b c", "a x c") == 1
    assert changed("a b c", "a b c") == 0


def test_eval_command_reports_each_kind(tmp_path: Path) -> None:
    folder = tmp_path / "eval"
    folder.mkdir()
    (folder / "00000.json").write_text(
        json.dumps({"gold": GOLD, "eng": ENG, "vie": GOLD}, ensure_ascii=False), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--split", "eval"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["eval"]
    assert set(report) == {"eng", "stripped", "vie", "correct"}
    assert report["eng"]["syl_acc_input"] < 0.5 <= 0.9 <= report["eng"]["syl_acc"]
    assert report["correct"]["syl_acc"] == 1.0


def test_eval_command_without_pairs_fails_clearly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "none")])
    assert result.exit_code != 0


def test_seed_report_scores_a_clean_seed_on_its_stripped_copy(tmp_path: Path) -> None:
    from thidua.normalize import restore
    from thidua.training.restore_eval import seed_report

    (tmp_path / "clean.txt").write_text(GOLD, encoding="utf-8")
    (tmp_path / "garbled.txt").write_text(ENG, encoding="utf-8")
    report = seed_report(tmp_path, lambda t: restore(t).text)
    assert report["clean"]["changed_tokens"] == 0
    assert 0.9 <= report["clean"]["stripped_syl_acc"] <= 1.0
    assert "stripped_syl_acc" not in report["garbled"]  # no gold for garbled OCR

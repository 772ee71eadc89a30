"""The realdocs split: held-out documents (names starting c-f) never reach the LM's training text."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua.training import build_dictionaries as build
from thidua.training.realdocs_split import REALDOCS, documents, realdoc_split, text_of


def test_names_starting_c_to_f_are_held_out() -> None:
    for name in ("c05552433ef48b49.txt", "d6ce705de2ab11e6.txt", "E1.txt", "f0.txt"):
        assert realdoc_split(Path(name)) == "heldout"
    for name in ("001c610b2efdcf0c.txt", "a1.txt", "b9.txt", "9f.txt"):
        assert realdoc_split(Path(name)) == "dev"


def test_training_texts_take_dev_documents_only(tmp_path: Path) -> None:
    folder = tmp_path / "realdocs"
    folder.mkdir()
    (folder / "0a.txt").write_text("# source: x\nkế hoạch phát động thi đua", encoding="utf-8")
    (folder / "c1.txt").write_text("# source: y\nchữ của văn bản giữ lại", encoding="utf-8")
    texts, _ = build.training_texts(tmp_path, realdocs=folder, realdocs_repeat=2)
    assert texts.count("kế hoạch phát động thi đua") == 2
    assert not any("giữ lại" in t for t in texts)
    assert not any(t.startswith("# source") for t in texts)


def test_real_held_out_documents_stay_out() -> None:
    held = documents("heldout")
    if not held:
        pytest.skip(f"{REALDOCS} not present (real documents are not in the repo)")
    texts, _ = build.training_texts(Path("/nonexistent"))
    trained = set(texts)
    assert len(held) == 57 and len(documents("dev")) == 151
    assert not any(text_of(p) in trained for p in held)
    assert all(text_of(p) in trained for p in documents("dev"))


def test_codes_with_d_stroke_are_learned_where_written_consistently() -> None:
    texts = ["Trang TTĐT; Trang TTĐT; TTĐT, TTĐT và TTĐT", "ĐA ĐA ĐA ĐA ĐA", "ĐBQH ĐBQH ĐBQH ĐBQH ĐBQH DBQH"]
    assert build.learned_codes(texts) == ["TTĐT"]  # ĐA spells a syllable; DBQH is written both ways

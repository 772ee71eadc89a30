"""Syllable inventory, tone styles, the held-out split and the shipped artefacts."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from thidua.dictionaries import DATA_DIR, syllables
from thidua.dictionaries.tone import new_style, old_style
from thidua.training.law_split import corpus_files, is_held_out


def test_inventory_has_both_tone_styles() -> None:
    inv = syllables()
    for old, new in [("hoá", "hóa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("uỷ", "ủy")]:
        assert old in inv and new in inv
    assert "quý" in inv and "xyz" not in inv


def test_tone_styles_round_trip() -> None:
    assert new_style("hoá") == "hóa" and old_style("hóa") == "hoá"
    assert new_style("Toà") == "Tòa"
    for unchanged in ("quý", "hoàn", "khuya", "đồng"):
        assert new_style(unchanged) == unchanged == old_style(unchanged)
    # Only oa/oe/uy move: an English-model misreading of thuế must reach the OCR channel as `thué`.
    for unchanged in ("thué", "tuế"):
        assert new_style(unchanged) == unchanged == old_style(unchanged)


def test_every_tenth_law_is_held_out(tmp_path: Path) -> None:
    for i in range(25):
        (tmp_path / f"law-{i:02d}.txt").write_text("x", encoding="utf-8")
    files = corpus_files(tmp_path)
    held = [f.name for f in files if is_held_out(f, files)]
    assert held == ["law-00.txt", "law-10.txt", "law-20.txt"]


def test_artefacts_are_compact_and_hold_no_text() -> None:
    lm = DATA_DIR / "lm.npz"
    assert lm.stat().st_size < 15_000_000  # 11.1 MB with the realdocs (dev part) counted
    with np.load(lm) as data:
        assert set(data.files) >= {"vocab", "uni_logp", "bi_keys", "tri_keys", "ctx_keys", "quad_keys"}
        for name in ("bi_keys", "tri_keys", "quad_keys"):
            assert data[name].dtype == np.int64
            assert (data[name][1:] > 0).all()  # stored as differences of strictly increasing keys
    assert (DATA_DIR / "channel.json").stat().st_size < 5_000_000

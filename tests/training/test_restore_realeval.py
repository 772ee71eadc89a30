"""Restoration of the two gold-restored real seeds stays at its measured level (score.py's numbers)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from thidua.normalize import restore
from thidua.training.metrics import counts
from thidua.training.realdocs_split import documents
from thidua.training.restore_realeval import CACHE, gold_pairs, ocr_pairs, score_set

MEASURED = {"plan-000": 0.9949, "plan-003": 0.9866}  # syl_acc, 2026-12 (modified Kneser-Ney 4-gram level)
MARGIN = 0.003
HELD_OUT_ENG = 0.9868  # pooled syl_acc of the 57 held-out realdocs' first pages read by tesseract -l eng


def test_gold_seeds_at_measured_accuracy(shared_dir: Path) -> None:
    pairs = list(gold_pairs(shared_dir))
    if not pairs:
        pytest.skip(f"{shared_dir}/seeds-gold not present")
    per, _ = score_set(iter(pairs), lambda t: restore(t).text)
    for name, floor in MEASURED.items():
        assert per[name] >= floor - MARGIN, (name, per[name])


def test_same_figures_as_score_py(shared_dir: Path) -> None:
    tool = shared_dir / "tools" / "score.py"
    pairs = list(gold_pairs(shared_dir))
    if not pairs or not tool.exists():
        pytest.skip("../shared/seeds-gold or ../shared/tools/score.py not present")
    spec = importlib.util.spec_from_file_location("score_ref", tool)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    per, _ = score_set(iter(pairs), lambda t: restore(t).text)
    for name, seed, gold in pairs:
        assert per[name] == ref.score(gold, restore(seed).text)["syl_acc"]


def test_held_out_realdocs_read_by_english_model_at_measured_accuracy() -> None:
    held = documents("heldout")
    pairs = list(ocr_pairs(held, "eng"))
    if not held or len(pairs) < len(held):
        pytest.skip(f"OCR cache {CACHE} incomplete: python -m thidua.training.restore_realeval --build-cache")
    _, summary = score_set(iter(pairs), lambda t: restore(t).text)
    assert summary["pooled"] >= HELD_OUT_ENG - MARGIN


def test_held_out_realdocs_read_by_vietnamese_model_are_never_made_worse() -> None:
    pairs = list(ocr_pairs(documents("heldout"), "vie"))
    if not pairs:
        pytest.skip(f"no Vietnamese-model readings in {CACHE}: restore_realeval --build-cache")
    for name, text, gold in pairs:
        (before, n), (after, _) = counts(gold, text), counts(gold, restore(text).text)
        assert after >= before, f"{name}: {before}/{n} syllables right as read, {after} restored"


def test_a_dev_fold_is_the_dev_realdocs_of_its_letters() -> None:
    from thidua.training.restore_realeval import split_documents

    dev = documents("dev")
    if not dev:
        pytest.skip("../shared/realdocs not present")
    fold = split_documents("fold:ab")
    assert fold and set(fold) < set(dev)
    assert all(p.name[0] in "ab" for p in fold)
    assert len(fold) == sum(p.name[0] in "ab" for p in dev)

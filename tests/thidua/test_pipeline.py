"""The batch runner's parallelism: a handful of files in this process, a large batch on every core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thidua import pipeline
from thidua.corpus import open_store

CORES = 4


@pytest.fixture(autouse=True)
def four_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(CORES)))


def test_default_workers_follow_the_batch_size() -> None:
    assert pipeline.default_workers() == CORES
    assert pipeline.default_workers(1) == CORES  # one document: its pages spread over the cores
    assert [pipeline.default_workers(n) for n in range(2, pipeline.SMALL_BATCH)] == [1] * 6
    assert pipeline.default_workers(pipeline.SMALL_BATCH) == CORES


def test_a_handful_of_files_runs_here_with_pages_over_the_cores(
    text_batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a process pool for a handful of files")

    real = pipeline.process_file
    page_workers: list[int] = []

    def process_file(path: Path, ingest_only: bool, workers: int, options: pipeline.Options):
        page_workers.append(workers)
        return real(path, ingest_only, 1, options)

    monkeypatch.setattr(pipeline, "_run_pool", no_pool)
    monkeypatch.setattr(pipeline, "process_file", process_file)
    with open_store(str(tmp_path / "c.db")) as store:
        summary = pipeline.run([text_batch], store)
    assert len(summary.stored) == 2 and page_workers == [CORES, CORES]


def test_a_large_batch_goes_to_a_pool_of_every_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan_texts: dict[str, str]
) -> None:
    plan, folder = plan_texts["plan-nghe-an-cong-an.txt"], tmp_path / "in"
    folder.mkdir()
    for i in range(pipeline.SMALL_BATCH):
        (folder / f"{i}.txt").write_text(f"{plan}\n{i}\n", encoding="utf-8")
    pools: list[tuple[int, int]] = []

    def pool(todo: list, _ingest_only: bool, _options: object, n_workers: int, *_args: object, **_kw: object):
        pools.append((len(todo), n_workers))
        return []

    monkeypatch.setattr(pipeline, "_run_pool", pool)
    with open_store(str(tmp_path / "c.db")) as store:
        pipeline.run([folder], store)
        pipeline.run([folder], store, workers=1, ingest_only=True)  # --jobs 1: never a pool
    assert pools == [(pipeline.SMALL_BATCH, CORES)]


def test_a_run_restores_with_the_names_reviewers_confirmed(tmp_path: Path, monkeypatch) -> None:
    text = "Uy ban nhan dan Phuong Ba Dinh to chuc phong trao thi dua yeu nuoc tren dia ban Phuong Ba Dinh.\n"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text("Ke hoach cua " + text, encoding="utf-8")
    restored: list[str] = []
    real = pipeline.restore

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        restored.append(out.text)
        return out

    monkeypatch.setattr(pipeline, "restore", spy)
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    summary = pipeline.run([first], store, workers=1)
    assert "Phường Bá Đinh" not in restored[-1]  # an invented ward: the built-in names spell it otherwise
    store.revise(summary.stored[0].sha256, [{"field": "/place", "after": "Phường Bá Đinh"}], author="an")
    pipeline.run([second], store, workers=1)
    assert restored[-1].count("Phường Bá Đinh") == 2

"""The Python API: cheap to import, the CLI's jobs as calls, typed settings and any OCR engine passed in."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

import thidua
from thidua.errors import ExitCode, InputFileError, MissingDependencyError, UsageError
from thidua.ingest import OcrResult


def test_import_thidua_loads_no_stage() -> None:
    code = "import sys, thidua; print(*sorted(m for m in sys.modules if m.startswith(('thidua.', 'numpy'))))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []
    code = "import thidua.extract, thidua; print(thidua.extract.__module__, thidua.extract.__name__)"
    after = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert after.stdout.split() == ["thidua.api", "extract"]  # the stage of the same name does not hide it
    assert callable(thidua.run) and thidua.RestoreSettings.__name__ == "Settings"
    with pytest.raises(AttributeError):
        _ = thidua.no_such_name


@dataclass(frozen=True)
class ScriptedEngine:
    """An OCR engine that is not Tesseract: it reads every page as the same text."""

    text: str
    name: str = "scripted"
    language: str = "vie"

    def version(self) -> str:
        return "1.0"

    def recognize(self, image: Image.Image, dpi: int | None = None) -> OcrResult:
        return OcrResult(self.text, [], 95.0)

    def orientation(self, image: Image.Image) -> int:
        return 0


@dataclass(frozen=True)
class MissingEngine(ScriptedEngine):
    def version(self) -> str:
        raise MissingDependencyError("scripted engine not installed")


def test_any_ocr_engine_reads_the_pages(tmp_path: Path, plan_texts: dict[str, str]) -> None:
    page = tmp_path / "page.png"
    Image.new("L", (1240, 1754), 255).save(page, dpi=(150, 150))
    plan = plan_texts["plan-nghe-an-cong-an.txt"].split("\f")[0]
    done = thidua.process(page, engine=ScriptedEngine(plan))
    assert done.document.pages[0].provenance.engine == "scripted 1.0"
    assert done.document.text.strip() == plan.strip()
    assert done.extraction.record["number"] == "87/KH-CAT-PX03"
    with pytest.raises(MissingDependencyError, match="scripted engine"):
        thidua.process(page, engine=MissingEngine(plan))


def test_settings_reach_the_restorer(stripped_plan: str) -> None:
    text = stripped_plan
    default = thidua.restore(text)
    narrow = thidua.restore(text, thidua.RestoreSettings(beam=1, word_bonus=0.0, doc_weight=0.0))
    assert default.text != narrow.text
    assert thidua.extract(text).record == thidua.extract(default.text, restored=True).record


def test_run_search_and_export_mirror_the_commands(text_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    heard: list[str] = []
    summary = thidua.run(text_batch, db=db, on_item=lambda item: heard.append(Path(item.path).name))
    assert heard == ["a.txt", "b.txt"] and not summary.failed
    assert summary.flagged == sum(item.flagged for item in summary.stored)
    again = thidua.run([text_batch], db=str(db))
    assert [Path(p).name for p in again.skipped] == ["a.txt", "b.txt"]
    [hit] = thidua.search("an ninh", db=db, province="Nghệ An")
    assert hit.number == "87/KH-CAT-PX03"
    assert thidua.search("an ninh", db=db, filters=thidua.SearchFilters(province="Khánh Hòa")) == []
    with pytest.raises(UsageError, match="no_such_filter"):
        thidua.search("an ninh", db=db, no_such_filter=1)
    stream = io.BytesIO()
    assert thidua.export("jsonl", stream, db=db) == []
    lines = [json.loads(line) for line in stream.getvalue().decode().splitlines()]
    assert sorted(line["extraction"]["number"] for line in lines) == ["42/KH-THPTLTT", "87/KH-CAT-PX03"]
    with thidua.open_store(db, read_only=True) as store:
        assert [h.sha256 for h in store.search("an ninh")] == [hit.sha256]


def test_a_missing_path_is_refused_before_the_database_exists(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with pytest.raises(InputFileError, match="nowhere") as raised:
        thidua.run([tmp_path / "nowhere"], db=db)
    assert raised.value.exit_code == ExitCode.input_file and not db.exists()


def test_bad_arguments_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        thidua.export("xml", db=tmp_path / "c.db")
    with pytest.raises(UsageError):
        thidua.export("csv", io.BytesIO(), db=tmp_path / "c.db")
    with pytest.raises(UsageError):
        thidua.run([tmp_path], db=tmp_path / "c.db", cluster="tcp://127.0.0.1:9", cluster_workers=2)
    assert not (tmp_path / "c.db").exists()

"""Word documents: paragraphs and tables in order, hard page breaks, corrupt files."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_BREAK

from thidua.errors import InputFileError
from thidua.ingest import ingest_file


def test_paragraphs_tables_and_page_breaks(tmp_path, plan_text, second_page):
    document = docx.Document()
    for line in plan_text.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Giấy khen"
    table.cell(0, 1).text = "Tập thể"
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for line in second_page.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "plan.docx"
    document.save(path)

    doc = ingest_file(path)
    assert doc.format == "docx"
    assert len(doc.pages) == 2
    assert doc.pages[0].text.startswith(plan_text)
    assert doc.pages[0].text.endswith("Giấy khen\tTập thể")
    assert doc.pages[1].text.strip() == second_page
    assert {p.provenance.method for p in doc.pages} == {"docx"}
    assert not any(p.provenance.needs_restoration for p in doc.pages)


def test_accent_stripped_docx_needs_restoration(tmp_path, plan_text):
    from unidecode import unidecode

    document = docx.Document()
    document.add_paragraph(unidecode(plan_text))
    path = tmp_path / "stripped.docx"
    document.save(path)
    assert ingest_file(path).pages[0].provenance.needs_restoration


def test_truncated_docx_is_corrupt(tmp_path, plan_text):
    document = docx.Document()
    document.add_paragraph(plan_text)
    good = tmp_path / "good.docx"
    document.save(good)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InputFileError, match=r"bad\.docx") as err:
        ingest_file(bad)
    assert "corrupt" in err.value.reason


def test_docx_without_text(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    with pytest.raises(InputFileError, match="no text"):
        ingest_file(path)

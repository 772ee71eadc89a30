"""Per-page decision for PDFs whose page image carries an invisible text layer."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from unidecode import unidecode

from thidua.ingest import ingest_file
from thidua.training.synth.render import font_path, render_text


def scan_with_layer(
    path: Path, page_text: str, layer_text: str, pages: int = 1, render_mode: int = 3
) -> None:
    """PDF pages showing a scan of `page_text` with `layer_text` as an invisible OCR layer (or drawn in
    another `render_mode`: 0 fills it, as born-digital text over a background image is)."""
    pdfmetrics.registerFont(TTFont("LiberationSerif", str(font_path())))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    image = ImageReader(render_text(page_text, dpi=150)[0].image)
    for _ in range(pages):
        pdf.drawImage(image, 0, 0, width=A4[0], height=A4[1])
        text = pdf.beginText(60, A4[1] - 60)
        text.setTextRenderMode(render_mode)
        text.setFont("LiberationSerif", 11)
        for line in layer_text.splitlines():
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def garble(text: str) -> str:
    return "\n".join(
        " ".join(unidecode(w).replace("o", "6", 1) for w in line.split()) for line in text.splitlines()
    )


def test_good_vietnamese_ocr_layer_over_a_scan_is_read_again(tmp_path, plan_text, fake_engine):
    # another program's OCR has no word confidences: its handwritten number would be stored unflagged
    path = tmp_path / "good-layer.pdf"
    scan_with_layer(path, plan_text, plan_text)
    fake_engine.text = plan_text
    page = ingest_file(path, engine=fake_engine).pages[0]
    assert len(fake_engine.seen) == 1
    assert page.provenance.method == "ocr-vie"
    assert "good text layer (another program's OCR over the scan) replaced by OCR" in page.provenance.notes


def test_visible_good_text_over_an_image_is_kept_without_ocr(tmp_path, plan_text, fake_engine):
    path = tmp_path / "visible-text.pdf"
    scan_with_layer(path, plan_text, plan_text, render_mode=0)
    page = ingest_file(path, engine=fake_engine).pages[0]
    assert fake_engine.seen == []
    assert page.provenance.method == "text-layer" and not page.provenance.needs_restoration


def test_garbled_layer_over_a_scan_is_reocred(tmp_path, plan_text, fake_engine):
    path = tmp_path / "garbled-layer.pdf"
    scan_with_layer(path, plan_text, garble(plan_text))
    fake_engine.text = plan_text
    page = ingest_file(path, engine=fake_engine).pages[0]
    assert len(fake_engine.seen) == 1
    assert fake_engine.seen[0][1] == 150  # the scan's own resolution
    assert page.provenance.method == "ocr-vie"
    assert page.text == plan_text


def test_layer_is_kept_when_ocr_finds_far_less(tmp_path, plan_text, fake_engine):
    path = tmp_path / "garbled-layer.pdf"
    scan_with_layer(path, plan_text, garble(plan_text))
    fake_engine.text = "ba chữ thôi"
    page = ingest_file(path, engine=fake_engine).pages[0]
    assert page.provenance.method == "text-layer"
    assert page.provenance.needs_restoration
    assert "kept the layer" in page.provenance.notes


def test_garbled_pages_are_reocred_in_two_processes(tmp_path, plan_text, fake_engine, fork_workers):
    path = tmp_path / "three-pages.pdf"
    scan_with_layer(path, plan_text, garble(plan_text), pages=3)
    fake_engine.text = plan_text
    doc = ingest_file(path, engine=fake_engine, workers=2)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [p.provenance.method for p in doc.pages] == ["ocr-vie"] * 3
    assert doc.text.split("\f") == [plan_text] * 3

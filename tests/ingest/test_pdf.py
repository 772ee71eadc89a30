"""PDF input: born-digital text layers, scans, garbled English-model layers, encrypted and corrupt files."""

from __future__ import annotations

import subprocess

import pytest
from unidecode import unidecode

from thidua.errors import EncryptedFileError, InputFileError
from thidua.ingest import ingest_file
from thidua.training.synth.render import render_text, save_image_pdf, save_text_pdf


def test_born_digital_pdf_keeps_its_text_layer(tmp_path, plan_text, fake_engine):
    path = tmp_path / "digital.pdf"
    save_text_pdf(plan_text, path)
    doc = ingest_file(path, engine=fake_engine)
    assert fake_engine.seen == []  # no OCR
    page = doc.pages[0]
    assert page.provenance.method == "text-layer"
    assert not page.provenance.needs_restoration
    assert page.text.split() == plan_text.split()
    assert page.words and page.words[0].text == plan_text.split()[0]


def test_accent_stripped_born_digital_layer_is_kept_for_restoration(tmp_path, plan_text, fake_engine):
    path = tmp_path / "stripped.pdf"
    save_text_pdf(unidecode(plan_text), path)
    page = ingest_file(path, engine=fake_engine).pages[0]
    assert fake_engine.seen == []  # no page image to re-read
    assert page.provenance.method == "text-layer"
    assert page.provenance.needs_restoration


def test_scanned_pdf_is_ocred_at_its_resolution(tmp_path, plan_text, second_page, fake_engine):
    path = tmp_path / "scan.pdf"
    save_image_pdf([p.image for p in render_text(plan_text + "\n" + second_page, dpi=200)], path, dpi=200)
    doc = ingest_file(path, engine=fake_engine)
    assert [p.provenance.method for p in doc.pages] == ["ocr-vie"] * len(doc.pages)
    assert doc.pages[0].provenance.engine == "fake 0.0"
    assert doc.pages[0].provenance.mean_confidence == 91.0
    assert [dpi for _, dpi in fake_engine.seen] == [200] * len(doc.pages)


def test_scanned_pdf_real_ocr(tmp_path, plan_text):
    path = tmp_path / "scan.pdf"
    save_image_pdf([render_text(plan_text)[0].image], path)
    page = ingest_file(path).pages[0]
    assert page.provenance.method == "ocr-vie" and page.provenance.language == "vie"
    assert page.provenance.engine.startswith("tesseract 5")
    assert page.provenance.mean_confidence > 80
    assert "Độc lập - Tự do - Hạnh phúc" in page.text
    assert "Số: 12/KH-UBND" in page.text
    assert page.words and all(w.width > 0 for w in page.words)


def test_garbled_english_model_layer_is_replaced_by_vie_ocr(tmp_path, plan_text):
    image = tmp_path / "page.png"
    render_text(plan_text)[0].image.save(image, dpi=(300, 300))
    env = {"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["tesseract", str(image), str(tmp_path / "eng"), "-l", "eng", "pdf"], env=env, check=True)
    path = tmp_path / "eng.pdf"
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        layer = pdf.pages[0].extract_text()
    assert "Hạnh phúc" not in layer  # the English model garbles it

    page = ingest_file(path).pages[0]
    assert page.provenance.method == "ocr-vie"
    assert "garbled text layer" in page.provenance.notes
    assert "Độc lập - Tự do - Hạnh phúc" in page.text
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in page.text


def test_encrypted_pdf(tmp_path, plan_text, needs_qpdf):
    plain = tmp_path / "plain.pdf"
    save_text_pdf(plan_text, plain)
    locked = tmp_path / "locked.pdf"
    subprocess.run([needs_qpdf, "--encrypt", "user-pw", "owner-pw", "256", "--", plain, locked], check=True)
    with pytest.raises(EncryptedFileError, match="password-protected") as err:
        ingest_file(locked)
    assert err.value.path == str(locked)


def test_owner_password_only_pdf_is_readable(tmp_path, plan_text, needs_qpdf, fake_engine):
    plain = tmp_path / "plain.pdf"
    save_text_pdf(plan_text, plain)
    restricted = tmp_path / "restricted.pdf"
    subprocess.run([needs_qpdf, "--encrypt", "", "owner-pw", "256", "--", plain, restricted], check=True)
    assert ingest_file(restricted, engine=fake_engine).pages[0].provenance.method == "text-layer"


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_pdf_is_corrupt_or_readable_never_a_crash(tmp_path, plan_text, fake_engine, cut):
    good = tmp_path / "good.pdf"
    save_text_pdf(plan_text, good)
    data = good.read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data[: int(len(data) * cut)])
    try:
        doc = ingest_file(bad, engine=fake_engine)
    except InputFileError as err:
        assert err.path == str(bad) and err.reason
    else:
        assert doc.pages  # PDFium repaired it


def test_pdf_header_with_garbage_body_is_corrupt(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(InputFileError, match="corrupt PDF"):
        ingest_file(path)

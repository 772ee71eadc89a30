"""Page images: PNG, JPEG, multi-page TIFF, rotated scans, corrupt files, parallel pages."""

from __future__ import annotations

import pytest
from PIL import Image

from thidua.errors import InputFileError
from thidua.ingest import ingest_file
from thidua.ingest.images import frame_dpi
from thidua.training.synth.degrade import Scan, degrade
from thidua.training.synth.render import render_text


def test_png_and_jpeg_with_resolution(tmp_path, plan_text, fake_engine):
    image = render_text(plan_text, dpi=200)[0].image
    image.save(tmp_path / "page.png", dpi=(200, 200))
    image.save(tmp_path / "page.jpg", dpi=(200, 200), quality=90)
    for name, fmt in (("page.png", "png"), ("page.jpg", "jpeg")):
        doc = ingest_file(tmp_path / name, engine=fake_engine)
        assert doc.format == fmt and len(doc.pages) == 1
        assert doc.pages[0].provenance.method == "ocr-vie"
    assert [dpi for _, dpi in fake_engine.seen] == [200, 200]


def test_multipage_tiff_gives_every_frame(tmp_path, plan_text, second_page, fake_engine):
    frames = [p.image for p in render_text(plan_text, dpi=150)] + [
        p.image for p in render_text(second_page, dpi=150)
    ]
    frames.append(render_text("Nơi nhận:\n- Như trên;\n- Lưu: VT.", dpi=150)[0].image)
    path = tmp_path / "bundle.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(150, 150), compression="tiff_lzw")
    doc = ingest_file(path, engine=fake_engine)
    assert doc.format == "tiff"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert len(fake_engine.seen) == 3


def test_real_ocr_of_a_degraded_scan(tmp_path, plan_text):
    scanned = degrade(render_text(plan_text)[0].image, Scan(dpi=200, skew=1.5, seed=2))
    path = tmp_path / "scan.png"
    scanned.save(path, dpi=(200, 200))
    page = ingest_file(path).pages[0]
    assert "deskew" in page.provenance.notes
    assert "Hạnh phúc" in page.text and "KẾ HOẠCH" in page.text


@pytest.mark.parametrize("rotation", [90, 180])
def test_rotated_scan_is_read_upright(tmp_path, plan_text, second_page, rotation):
    upright = render_text(plan_text + "\n" + second_page)[0].image
    path = tmp_path / "turned.png"
    degrade(upright, Scan(dpi=300, skew=0, noise=4, blur=0, rotation=rotation)).save(path, dpi=(300, 300))
    page = ingest_file(path).pages[0]
    if rotation == 180:  # Tesseract reads a page on its side by itself, but not one upside down
        assert "rotate(180)" in page.provenance.notes
    assert page.provenance.mean_confidence > 80
    assert "Độc lập - Tự do - Hạnh phúc" in page.text


def test_pages_in_two_processes_match_one(tmp_path, plan_text, second_page):
    frames = [render_text(t, dpi=200)[0].image for t in (plan_text, second_page)]
    path = tmp_path / "two.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(200, 200))
    seen: list[int] = []
    parallel = ingest_file(path, workers=2, on_page=lambda p: seen.append(p.number))
    serial = ingest_file(path, workers=1)
    assert parallel.text == serial.text and "KHEN THƯỞNG" in parallel.text
    assert sorted(seen) == [1, 2]


def test_truncated_png_is_corrupt(tmp_path, plan_text):
    good = tmp_path / "good.png"
    render_text(plan_text, dpi=100)[0].image.save(good)
    bad = tmp_path / "bad.png"
    bad.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(InputFileError, match=r"bad\.png: corrupt or truncated image"):
        ingest_file(bad)


def test_image_with_a_valid_header_but_garbage(tmp_path):
    path = tmp_path / "noise.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x13" * 500)
    with pytest.raises(InputFileError, match=r"noise\.jpg"):
        ingest_file(path)


@pytest.mark.parametrize(
    ("info", "size", "expected"),
    [
        ({"dpi": (200.0, 200.0)}, (1654, 2339), 200),
        ({"dpi": (72, 72)}, (2480, 3508), 300),
        ({}, (1240, 1754), 150),
    ],
)
def test_frame_dpi(info, size, expected):
    image = Image.new("L", size)
    image.info.update(info)
    assert frame_dpi(image) == expected


def test_oversized_image_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "huge.png"
    Image.new("L", (200, 200), 255).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 40,000 px is then a "decompression bomb"
    with pytest.raises(InputFileError, match="too large"):
        ingest_file(path)


def test_a_bad_frame_fails_the_document_in_parallel_too(tmp_path, plan_text, monkeypatch, fork_workers):
    from thidua.ingest import images as images_mod

    frames = [render_text(plan_text, dpi=100)[0].image] * 3
    path = tmp_path / "three.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(100, 100))

    def broken(path, index):
        raise InputFileError(str(path), f"cannot read page {index + 1}: broken strip")

    monkeypatch.setattr(images_mod, "load_frame", broken)  # inherited by the forked workers
    with pytest.raises(InputFileError, match="cannot read page"):
        ingest_file(path, workers=2)

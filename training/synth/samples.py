"""Build the bundled sample inputs from the plans the project authored (corpus/samples/*.txt).

usage: python -m thidua.training.synth.samples OUT_DIR

Each authored plan becomes one kind of input an archive holds:
a scanned PDF with no text layer, a legacy `tesseract -l eng` text export (garbled Vietnamese),
and a born-digital PDF with a clean text layer.
"""

from __future__ import annotations

import itertools
import sys
from importlib import resources
from pathlib import Path

from thidua._exec import tesseract
from thidua.training.synth.render import render_text, save_image_pdf, save_text_pdf
from thidua.types import PAGE_BREAK


def authored_plans() -> dict[str, str]:
    """The project's own sample plans, by name, in correct Vietnamese."""
    folder = resources.files("thidua.corpus") / "samples"
    return {
        Path(entry.name).stem: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".txt")
    }


def english_ocr(text: str) -> str:
    """What an English-model OCR run made of the printed text: the archives' garbled kind."""
    return PAGE_BREAK.join(tesseract.image_to_text(page.image, lang="eng") for page in render_text(text))


def build_samples(out_dir: Path) -> list[Path]:
    """Write each authored plan to out_dir as the next kind of input in turn; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    makers = (
        ("scan.pdf", lambda text, path: save_image_pdf([p.image for p in render_text(text)], path)),
        ("legacy-ocr.txt", lambda text, path: path.write_text(english_ocr(text), encoding="utf-8")),
        ("text-layer.pdf", lambda text, path: save_text_pdf(text, path)),
    )
    written = []
    for (name, text), (suffix, make) in zip(authored_plans().items(), itertools.cycle(makers)):
        path = out_dir / f"{name}.{suffix}"
        print(f"sample: {path}", file=sys.stderr)
        make(text, path)
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build_samples(Path(sys.argv[1]))

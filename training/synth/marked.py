"""A first page as archives hold it: rendered text with a handwritten number, a received stamp, a seal
and an e-signature overlay, optionally photographed or made bilevel (see `marks`).

    python -m thidua.training.synth.marked OUT.png [SEED]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from thidua.training.synth import marks
from thidua.training.synth.render import _font, render_text

DPI = 300
FONT_PT = 13.0
MARGIN_IN = 0.9
BLANK = "ĐĐĐĐ"


@dataclass
class MarkedPage:
    """The page image, the text printed on it (handwritten number included), and the marks drawn."""

    image: Image.Image
    text: str
    drawn: list[marks.Drawn]


def _line_top(index: int) -> int:
    """Top row of the text line `index` on a rendered page."""
    return round(MARGIN_IN * DPI) + index * round(FONT_PT * DPI / 72 * 1.45)


def marked_page(text: str, number: str = "37", seed: int = 0, finish: str = "scan") -> MarkedPage:
    """Page 1 of `text` with its marks; `text` must have a `Số: /…` line with the number left blank.

    `finish` is "scan" (colour), "gray" (seal in black), "photo" or "bilevel".
    """
    # The blank left for the hand: a placeholder rendered, then painted out.
    text = "\n".join(
        f"Số: {BLANK} {ln[3:].strip()}" if ln.startswith("Số:") else ln for ln in text.splitlines()
    )
    page = render_text(text, dpi=DPI, font_pt=FONT_PT, margin_in=MARGIN_IN)[0]
    image = page.image.convert("RGB")
    size = round(FONT_PT * DPI / 72)
    drawn: list[marks.Drawn] = []
    lines = page.lines
    at = next(i for i, line in enumerate(lines) if line.startswith("Số:"))
    font = _font(size)
    x0, x1 = (round(MARGIN_IN * DPI + font.getlength(t)) for t in ("Số: ", f"Số: {BLANK}"))
    image.paste((255, 255, 255), (x0, _line_top(at), x1, _line_top(at) + round(size * 1.4)))
    image, mark = marks.handwritten(image, (x0 + size // 4, _line_top(at)), number, round(size * 1.3), seed)
    drawn.append(mark)
    lines[at] = lines[at].replace(BLANK, number, 1)
    w, h = image.size
    image, mark = marks.received_stamp(
        image, (int(0.62 * w), _line_top(len(lines) + 1)), size // 2 + 4, "06/03/2024"
    )
    drawn.append(mark)
    colour = (25, 25, 25) if finish != "scan" else marks.RED
    image, mark = marks.seal(image, (int(0.7 * w), int(0.8 * h)), int(0.09 * w), colour)
    drawn.append(mark)
    image, mark = marks.overlay(image, (int(0.55 * w), int(0.9 * h)), size // 2 + 2)
    drawn.append(mark)
    if finish in ("gray", "photo", "bilevel"):
        image = image.convert("L")
    if finish == "photo":
        image = marks.photo(image, seed)
    elif finish == "bilevel":
        image = marks.bilevel(image, seed=seed)
    image.info["dpi"] = (DPI, DPI)
    return MarkedPage(image, "\n".join(lines), drawn)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    from thidua.training.synth.samples import authored_plans

    plan = next(iter(authored_plans().values()))
    made = marked_page(plan, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    made.image.save(Path(sys.argv[1]), dpi=(DPI, DPI))

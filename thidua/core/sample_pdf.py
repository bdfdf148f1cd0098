"""Small real PDF files for the demo (evidence, scans): one A4 page with a few lines of
Vietnamese text, drawn with Pillow and saved as PDF, so that any reader opens them.

The text is drawn with a TrueType font that has Vietnamese glyphs when the system has one
(DejaVu or Liberation, as on Debian); otherwise Pillow's built-in font draws it."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# A4 at 100 dots per inch: legible on screen, a few tens of kilobytes.
PAGE = (827, 1169)
DPI = 100
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]


@cache
def _font(size: int):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def sample_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF: ``title`` in bold-looking capitals, then ``lines`` wrapped to the page."""
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    left, top, width = 110, 90, PAGE[0] - 180
    y = top
    for line in _wrap(draw, title.upper(), _font(22), width):
        draw.text((left, y), line, font=_font(22), fill=0)
        y += 32
    y += 20
    for paragraph in lines:
        for line in _wrap(draw, paragraph, _font(17), width):
            draw.text((left, y), line, font=_font(17), fill=0)
            y += 25
        y += 10
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=DPI, title=title, author="ThiDua (dữ liệu mẫu)")
    return out.getvalue()

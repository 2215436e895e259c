"""The fonts every PDF uses: DejaVu Sans, shipped in static/fonts (wide Latin coverage: ä é ç ł ş Đ ő).

Registered with ReportLab once per process; no font of the machine is ever used.
"""
from __future__ import annotations

from functools import lru_cache


from .. import resources

FONT_DIR = resources.folder("static") / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@lru_cache(maxsize=None)
def register() -> tuple[str, str]:
    """Register the regular and bold face; returns their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD


def width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, font, size)

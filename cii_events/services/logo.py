"""The event's logo on badges and certificates: checked when it is uploaded, drawn into PDFs.

Only PNG and SVG are taken. A PNG must be a real PNG (its signature, and Pillow reads it
through) of a sensible size; an SVG must be plain drawing: no document type or entities, no
scripts, no embedded or linked files (svglib would read a linked image from the server's disk),
no style sheets imported. Anything else is refused with a message that says why.
"""
from __future__ import annotations

import io
import re

from ..extensions import db
from ..i18n import _, _l
from ..models import Event, User
from . import audit
from .errors import DomainError

MAX_BYTES = 512 * 1024
MAX_PIXELS = 4000  # per side
MIN_PIXELS = 16
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
FORBIDDEN_ELEMENTS = {"script", "foreignObject", "image", "iframe", "embed", "object", "audio", "video"}


class LogoRefused(DomainError):
    message = _l("This file cannot be used as a logo.")


def check(data: bytes) -> str:
    """The logo's type ("png" or "svg"), or LogoRefused with the reason."""
    if not data:
        raise LogoRefused(_("The file is empty."), field="file")
    if len(data) > MAX_BYTES:
        raise LogoRefused(_("The logo is too large: at most %(size)d KB.", size=MAX_BYTES // 1024),
                          field="file")
    if data.startswith(PNG_SIGNATURE):
        _check_png(data)
        return "png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--"):
        _check_svg(data)
        return "svg"
    raise LogoRefused(_("Please upload the logo as a PNG or SVG file."), field="file")


def _check_png(data: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise ValueError(image.format)
            width, height = image.size
            if not (MIN_PIXELS <= width <= MAX_PIXELS and MIN_PIXELS <= height <= MAX_PIXELS):
                raise LogoRefused(_("The logo must be between %(min)d and %(max)d pixels wide and high.",
                                    min=MIN_PIXELS, max=MAX_PIXELS), field="file")
            image.verify()
    except LogoRefused:
        raise
    except Exception:
        raise LogoRefused(_("This PNG file is damaged and cannot be read."), field="file") from None


def _check_svg(data: bytes) -> None:
    from lxml import etree

    unreadable = LogoRefused(_("This SVG file cannot be read as a drawing."), field="file")
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE) or re.search(rb"@import", data, re.IGNORECASE):
        message = _("The SVG file may not contain a document type, entities or imported style sheets.")
        raise LogoRefused(message, field="file")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise unreadable from None
    if root.tag != f"{SVG_NS}svg":
        raise unreadable
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rsplit("}", 1)[-1]
        if local in FORBIDDEN_ELEMENTS:
            raise LogoRefused(_("The SVG file may not contain scripts, images or other embedded files."),
                              field="file")
        for name, value in element.attrib.items():
            local_name = name.rsplit("}", 1)[-1]
            if local_name == "href" and not value.startswith("#"):
                raise LogoRefused(_("The SVG file may not link to other files."), field="file")
            if local_name.startswith("on"):
                raise LogoRefused(_("The SVG file may not contain scripts, images or other embedded files."),
                                  field="file")
    drawing = _svg_drawing(data)
    if drawing is None or not drawing.width or not drawing.height:
        raise unreadable


def _svg_drawing(data: bytes):
    from svglib.svglib import svg2rlg

    try:
        return svg2rlg(io.BytesIO(data))
    except Exception:
        return None


def set_logo(event: Event, data: bytes, *, actor: User) -> str:
    kind = check(data)
    event.logo, event.logo_type = data, kind
    audit.record("event.logo_changed", actor=actor, object_type="event", object_id=event.id,
                 event_id=event.id, type=kind, size=len(data))
    db.session.flush()
    return kind


def remove_logo(event: Event, *, actor: User) -> None:
    event.logo, event.logo_type = None, None
    audit.record("event.logo_changed", actor=actor, object_type="event", object_id=event.id,
                 event_id=event.id, removed=True)
    db.session.flush()


def draw(canvas, data: bytes | None, kind: str | None, x: float, y: float, width: float, height: float, *,
         centred: bool = False) -> float:
    """Draw the logo inside the box (x, y from the lower left), keeping its proportions, aligned to
    the box's top right corner (or its top centre); returns the width it took (0 without a logo)."""
    if not data or kind not in ("png", "svg"):
        return 0.0
    if kind == "png":
        from reportlab.lib.utils import ImageReader

        image = ImageReader(io.BytesIO(data))
        image_width, image_height = image.getSize()
        scale = min(width / image_width, height / image_height)
        drawn_width, drawn_height = image_width * scale, image_height * scale
        left = x + (width - drawn_width) / 2 if centred else x + width - drawn_width
        canvas.drawImage(image, left, y + height - drawn_height, drawn_width, drawn_height, mask="auto")
        return drawn_width
    from reportlab.graphics import renderPDF

    drawing = _svg_drawing(data)
    if drawing is None or not drawing.width or not drawing.height:
        return 0.0
    scale = min(width / drawing.width, height / drawing.height)
    drawn_width, drawn_height = drawing.width * scale, drawing.height * scale
    canvas.saveState()
    canvas.translate(x + (width - drawn_width) / 2 if centred else x + width - drawn_width,
                     y + height - drawn_height)
    canvas.scale(scale, scale)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()
    return drawn_width

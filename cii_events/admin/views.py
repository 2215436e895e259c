"""Helpers the back-office views share."""
from __future__ import annotations

from flask import Response, request

from ..saving import show_error, status_for  # noqa: F401 (the back office's names for them)
from ..web import content_disposition


def page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1


def download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"  # personal data: no copies in caches
    return response


def write_from_get() -> None:
    """A GET that writes (an export records itself in the audit log): start as a writer.

    On SQLite a read transaction cannot become a write transaction once another writer has
    committed; end the read the guard began and take the write lock first.
    """
    from ..database import begin_write
    from ..extensions import db

    db.session.rollback()
    begin_write()

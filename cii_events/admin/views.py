"""Helpers the back-office views share."""
from __future__ import annotations

from flask import Response, request

from ..services.errors import DomainError
from ..web import content_disposition


def show_error(form, error: DomainError) -> None:
    """A domain error next to its field, or at the top of the form."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def status_for(form) -> int:
    return 422 if form.errors or form.form_errors else 200


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

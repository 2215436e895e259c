"""Error pages in the visitor's language."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from .extensions import db


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _page_for(code))
    app.register_error_handler(CSRFError, csrf_error)


def _page_for(code: int):
    def handler(error):
        if code == 500:
            db.session.rollback()
        if request.path.startswith("/api/"):
            return {"error": code}, code
        return render_template("errors/error.html", code=code), code
    return handler


def csrf_error(error):
    return render_template("errors/error.html", code=400, csrf=True), 400

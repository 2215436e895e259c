"""Application-wide web wiring: language in the path, template helpers, health, headers."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Flask, abort, g, redirect, request, url_for
from flask_babel import refresh

from . import cantons, i18n
from .models import utcnow
from .services.tokens import format_reference


def init_app(app: Flask) -> None:
    app.add_url_rule("/", "root", root)
    app.url_value_preprocessor(pull_language)
    app.url_defaults(add_language)
    app.after_request(security_headers)
    app.context_processor(template_context)
    app.jinja_env.filters.update(
        day=i18n.format_day, date=i18n.format_numeric_date, clock=i18n.format_clock,
        datetime=i18n.format_datetime_short, percent=i18n.format_share, region=cantons.region_name,
        institution_type=cantons.institution_type_name, reference=format_reference,
    )
    app.jinja_env.filters["split_paragraphs"] = split_paragraphs
    app.jinja_env.globals.update(time_range=i18n.format_time_range, now=utcnow)


def split_paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def root():
    """`/`: the best of our languages for this browser."""
    return redirect(url_for("public.events", lang=i18n.best_language_from_request()))


def pull_language(endpoint, values):
    lang = values.pop("lang", None) if values else None
    if lang is not None and lang not in i18n.LANGUAGES:
        abort(404)
    g.lang = lang
    refresh()  # the locale is cached per context; this request decides it anew


def add_language(endpoint, values):
    if "lang" in values or not endpoint or endpoint.startswith(("static", "api.")):
        return
    if endpoint.startswith("public."):
        values["lang"] = getattr(g, "lang", None) or i18n.current_language()


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
])
# No page may use camera, microphone or location; the check-in page alone may use the camera.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"
CAMERA_PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=()"


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    # Personal links carry a secret in the path: never send it to another site.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if "/registration/" in request.path:
        headers["Cache-Control"] = "no-store"  # pages behind a personal link stay out of caches
    return response


def content_disposition(filename: str) -> str:
    """`attachment` with the file's name (RFC 6266): a plain ASCII name for old clients and the
    exact name, UTF-8 and percent-encoded, in `filename*` (RFC 5987), so that any workshop code or
    title gives a valid header."""
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")

    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_-]+", "-", text)).strip("-")

    ascii_name = (plain(stem) or "download") + (dot + plain(extension) if plain(extension) else "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def language_links() -> list[dict]:
    """The switcher: the same page in every language (DE FR IT EN, the federal order)."""
    endpoint = request.endpoint
    args = dict(request.view_args or {})
    links = []
    for lang in i18n.LANGUAGES:
        if endpoint and endpoint.startswith("public."):
            href = url_for(endpoint, **{**args, "lang": lang})
        else:
            href = url_for("public.events", lang=lang)
        links.append({"lang": lang, "name": i18n.LANGUAGE_NAMES[lang], "href": href,
                      "current": lang == i18n.current_language()})
    return links


def template_context() -> dict:
    return {"current_language": i18n.current_language(), "language_links": language_links}

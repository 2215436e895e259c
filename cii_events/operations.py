"""What operators watch: `/healthz`, one log line per request, Prometheus metrics at `/metrics`."""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from functools import lru_cache

from flask import Flask, g, request
from sqlalchemy import func, select, text

from . import resources
from .extensions import db
from .models import utcnow

log = logging.getLogger("cii_events.requests")

# Route variables that hold secrets (personal links, invitation and check-in codes): never logged.
SECRET_ARGUMENTS = {"token", "code", "invitation"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def init_app(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz)
    if app.config["REQUEST_LOG"]:
        _attach_stderr_handler()
        app.before_request(start_request)
        app.after_request(log_request)
    if app.config["METRICS_ENABLED"]:
        from . import metrics

        metrics.init_app(app)


@lru_cache(maxsize=1)
def code_head() -> str | None:
    """The newest migration this code ships: the revision no other one revises (read from the
    files, so that a web worker never imports Alembic)."""
    return migration_head(path.read_text(encoding="utf-8")
                          for path in (resources.folder("migrations") / "versions").glob("*.py"))


def migration_head(sources) -> str | None:
    """The head of the migrations whose sources are given; None unless there is exactly one."""
    revisions, revised = set(), set()
    for source in sources:
        revision = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", source, re.M)
        if revision:
            revisions.add(revision.group(1))
        if down:
            revised.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def database_head() -> str | None:
    try:
        with db.session.begin_nested():
            return db.session.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # no alembic_version table: the schema was never migrated
        return None


def oldest_queued_age_seconds() -> int | None:
    from .models import MailStatus, OutgoingMail

    oldest = db.session.scalar(select(func.min(OutgoingMail.created_at))
                               .where(OutgoingMail.status == MailStatus.QUEUED))
    return None if oldest is None else max(int((utcnow() - oldest).total_seconds()), 0)


def healthz():
    """200 while the database answers; also tells the migration heads and the outbox's age."""
    db.session.execute(text("SELECT 1"))
    database, code = database_head(), code_head()
    return {"status": "ok",
            "migrations": {"database": database, "code": code, "current": database == code},
            "outbox": {"oldest_queued_seconds": oldest_queued_age_seconds()}}


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time of the line (test runners replace it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _attach_stderr_handler() -> None:
    if not any(isinstance(handler, StderrHandler) for handler in log.handlers):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def start_request():
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def loggable_path() -> str:
    """The path with every secret route variable replaced by '*'."""
    rule, values = request.url_rule, request.view_args or {}
    if rule is None or not SECRET_ARGUMENTS & set(values):
        return request.path
    path = request.path
    for name in SECRET_ARGUMENTS & set(values):
        path = path.replace(str(values[name]), "*")
    return path


def log_request(response):
    started = g.get("request_started")
    if started is None:
        return response
    request_id = g.get("request_id")
    response.headers["X-Request-ID"] = request_id
    log.info(json.dumps({
        "request_id": request_id, "method": request.method, "path": loggable_path(),
        "status": response.status_code, "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }, separators=(",", ":")))
    return response

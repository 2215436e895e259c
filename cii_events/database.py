"""Engine set-up per dialect: SQLite in WAL mode with write transactions taken up front; on
PostgreSQL, idle connections pinged before use."""
from __future__ import annotations

import time

from flask import Flask, request
from sqlalchemy import event, exc

from .extensions import db

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRITE_OPTION = "cii_write_transaction"


IDLE_PING_SECONDS = 10


def init_app(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_SECONDS"])
        app.before_request(_begin_write_for_unsafe_request)
    else:
        with app.app_context():
            _ping_when_idle(db.engine)


def _ping_when_idle(engine) -> None:
    """Pessimistic disconnect handling without a round trip per request: a connection back from
    the pool is pinged only when it sat idle for IDLE_PING_SECONDS (a server restart or an idle
    timeout drops such connections); a dead one is replaced before the request uses it."""
    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError() from error


def begin_write() -> None:
    """Start the session's transaction as a writer.

    On SQLite a transaction that reads first and writes later fails when another writer committed
    in between; BEGIN IMMEDIATE takes the write lock first, so concurrent writers queue instead.
    PostgreSQL needs nothing here: the services lock the rows they change.
    """
    session = db.session()
    if session.get_bind().dialect.name == "sqlite" and not session.in_transaction():
        session.connection(execution_options={WRITE_OPTION: True})


def _begin_write_for_unsafe_request() -> None:
    if request.method in UNSAFE_METHODS:
        begin_write()


def _configure_sqlite(engine, busy_timeout: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own handling defers it and breaks SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

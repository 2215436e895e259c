"""Engine set-up per dialect: SQLite in WAL mode with write transactions taken up front."""
from __future__ import annotations

from flask import Flask, request
from sqlalchemy import event

from .extensions import db

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRITE_OPTION = "cii_write_transaction"


def init_app(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_SECONDS"])
        app.before_request(_begin_write_for_unsafe_request)


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

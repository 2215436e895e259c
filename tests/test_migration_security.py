"""Migration security1 on a database of before: old audit actions renamed, personal data cleaned."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from cii_events import create_app
from cii_events.extensions import db, init_migrations

from .conftest import POSTGRES_TEST_DB, POSTGRES_URL, _config


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """A database without tables, for migrating step by step."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    if POSTGRES_URL == "skip":
        pytest.skip("TEST_POSTGRES_URL=skip: PostgreSQL tests skipped on request")
    name = f"{POSTGRES_TEST_DB}_migration"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    yield sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_the_migration_cleans_the_audit_log_of_before(empty_database, instance_dir):
    app = create_app(_config(empty_database, str(instance_dir)))
    init_migrations(app)
    with app.app_context():
        upgrade(revision="cancel1")
        with db.engine.begin() as connection:
            rows = [
                (1, "registration.edited", "registration", 7,
                 {"changes": {"last_name": {"from": "Aebi", "to": "Kunz"},
                              "canton": {"from": "BE", "to": "ZH"}}}),
                (2, "export.downloaded", "event", 1, {"selection": {"q": "Aebi", "canton": "BE"}, "rows": 1}),
                (3, "allocation computed", "allocation_run", 1, {"seed": 4}),
                (4, "registration erased", "registration", 7, {"reason": "Letter"}),
                (5, "login.locked", "user", 1, {}),
            ]
            for entry_id, action, object_type, object_id, details in rows:
                connection.execute(sa.text(
                    "INSERT INTO audit_entry (id, created_at, actor, action, object_type, object_id, "
                    "details) VALUES (:id, '2026-01-01', 'x', :action, :type, :object, :details)"),
                    {"id": entry_id, "action": action, "type": object_type, "object": object_id,
                     "details": json.dumps(details)})
        upgrade()
        with db.engine.connect() as connection:
            entries = {row.id: (row.action, row.details if isinstance(row.details, dict)
                                else json.loads(row.details))
                       for row in connection.execute(sa.text("SELECT id, action, details FROM audit_entry"))}
        db.engine.dispose()
    assert entries[1] == ("registration.edited", {"changes": {"last_name": {"changed": True},
                                                              "canton": {"from": "BE", "to": "ZH"}}})
    assert entries[2] == ("export.downloaded", {"selection": {"canton": "BE", "search": True}, "rows": 1})
    assert entries[3][0] == "allocation.computed" and entries[4][0] == "registration.erased"
    assert entries[5][0] == "login.throttled"

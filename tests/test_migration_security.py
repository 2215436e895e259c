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


def test_upgrading_a_database_with_registrations_keeps_every_child_row(empty_database, instance_dir):
    """SQLite's batch migrations copy a table and drop the old one: with foreign keys enforced the
    drop cascaded to the bookings of every registration (the migrations run with them off, then
    check them)."""
    app = create_app(_config(empty_database, str(instance_dir)))
    init_migrations(app)
    with app.app_context():
        upgrade(revision="cancel1")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO event (id, slug, kind, status, title, venue, address, starts_at, ends_at, "
                "confirmed_count, waitlist_counter, waitlist_enabled, allocation_mode, languages, "
                "contact_email, privacy_version, retention_days, created_at, updated_at) VALUES "
                "(1, 'old', 'national_day', 'published', '{}', '', '', :at, :at, 0, 0, true, "
                "'first_come', '[]', '', '1', 365, :at, :at)"), {"at": "2027-02-16 08:00:00"})
            connection.execute(sa.text(
                "INSERT INTO slot (id, event_id, kind, starts_at, ends_at, title, position) VALUES "
                "(1, 1, 'choice', :at, :at, '{}', 0)"), {"at": "2027-02-16 09:00:00"})
            connection.execute(sa.text(
                "INSERT INTO workshop (id, slot_id, code, title, room, languages, moderators, capacity, "
                "confirmed_count, waitlist_counter, position) VALUES (1, 1, 'A1', '{}', '', '[]', '', 10, "
                "1, 0, 0)"))
            connection.execute(sa.text(
                "INSERT INTO registration (id, event_id, status, salutation, first_name, last_name, email, "
                "email_normalized, phone, organisation, function, institution_type, canton, language, "
                "dietary, accessibility_needs, remarks, privacy_version_accepted, privacy_accepted_at, "
                "list_consent, photo_consent, reference, manage_token_salt, manage_token_hash, "
                "checkin_code, created_at, updated_at) VALUES (7, 1, 'confirmed', '', 'A', 'B', "
                "'a@example.ch', 'a@example.ch', '', 'O', '', 'disability', 'BE', 'de', '', '', '', '1', "
                ":at, false, false, 'R1', 's', 'h', 'c', :at, :at)"), {"at": "2027-01-01 10:00:00"})
            connection.execute(sa.text(
                "INSERT INTO booking (registration_id, workshop_id, status, created_at, updated_at) "
                "VALUES (7, 1, 'confirmed', :at, :at)"), {"at": "2027-01-01 10:00:00"})
        upgrade()
        with db.engine.connect() as connection:
            counts = [connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                      for table in ("registration", "booking", "attendance")]
        db.engine.dispose()
    assert counts == [1, 1, 1]

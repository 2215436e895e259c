"""The backup and restore recipe of docs/deploy.md, run for real on the PostgreSQL server."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from cii_events import create_app
from cii_events.extensions import db

from .conftest import POSTGRES_TEST_DB, _config, new_event, sign_up

BIN = Path(sys.executable).parent


def _libpq(url: sa.engine.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        counts = {table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                  for table in db.metadata.sorted_tables}
    engine.dispose()
    return counts


def test_dump_restore_into_a_fresh_database_upgrade_and_check(postgres_url, instance_dir, tmp_path):
    app = create_app(_config(postgres_url, str(instance_dir)))
    with app.app_context():
        engine = sa.create_engine(postgres_url)
        with engine.begin() as connection:
            tables = ", ".join(table.name for table in db.metadata.sorted_tables)
            connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        event = new_event("backup-day", capacities=(2, 5))
        for n in range(4):
            sign_up(event, n, "A1")  # two seated, two waiting
        db.session.remove()
        db.engine.dispose()

    source = sa.engine.make_url(postgres_url)
    restored = source.set(database=f"{POSTGRES_TEST_DB}_restored")
    admin = sa.create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {restored.database} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {restored.database}"))
    dump = tmp_path / "cii.dump"
    env = {**os.environ, "SECRET_KEY": "backup-test", "DATABASE_URL": _libpq(restored)}
    try:
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", _libpq(source)], check=True)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={_libpq(restored)}", str(dump)], check=True)
        upgrade = subprocess.run([str(BIN / "cii-events"), "db", "upgrade"], env=env, capture_output=True,
                                 text=True)
        assert upgrade.returncode == 0, upgrade.stderr
        check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        assert "consistent" in check.stdout
        before, after = _counts(postgres_url), _counts(restored.render_as_string(hide_password=False))
        assert after == before and before["registration"] == 4
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {restored.database} WITH (FORCE)"))
        admin.dispose()

"""Fixtures: an app per test on a real SQLite file and on the local PostgreSQL server."""
from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cii_events import create_app
from cii_events.extensions import db, init_migrations
from cii_events.i18n import Translated
from cii_events.models import Event, EventKind, EventStatus, Slot, SlotKind, Workshop
from cii_events.services.registration import ParticipantDetails, register

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# One database per run, so that two runs on one server never share tables.
POSTGRES_TEST_DB = f"cii_events_test_{os.getpid()}"
BACKENDS = ["sqlite", "postgresql"]


def _config(database_url: str, instance: str) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False, "SQLITE_BUSY_TIMEOUT_SECONDS": 30, "RATELIMIT_ENABLED": False,
            "PAGE_CACHE_SECONDS": 0, "LOGIN_FAILURE_SECONDS": 0}


def _upgrade(url: str, instance: str) -> None:
    from flask_migrate import upgrade

    app = create_app(_config(url, instance))
    init_migrations(app)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("instance")
    os.environ["CII_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, instance_dir):
    """A database file built by the migrations once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    _upgrade(f"sqlite:///{path}", str(instance_dir))
    return path


@pytest.fixture(scope="session")
def postgres_url(instance_dir):
    """A fresh database on the local server, built by the migrations once per run."""
    if POSTGRES_URL == "skip":
        pytest.skip("TEST_POSTGRES_URL=skip: PostgreSQL tests skipped on request")
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {POSTGRES_TEST_DB} WITH (FORCE)"))
            connection.execute(sa.text(f"CREATE DATABASE {POSTGRES_TEST_DB}"))
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable ({error.orig}); start it, or set "
                    "TEST_POSTGRES_URL=skip to leave the PostgreSQL half of the suite out", pytrace=False)
    finally:
        admin.dispose()
    url = sa.engine.make_url(POSTGRES_URL).set(database=POSTGRES_TEST_DB)
    url = url.render_as_string(hide_password=False)
    _upgrade(url, str(instance_dir))
    yield url
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {POSTGRES_TEST_DB} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "cii_events.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        tables = ", ".join(table.name for table in db.metadata.sorted_tables)
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def app(database_url, instance_dir):
    app = create_app(_config(database_url, str(instance_dir)))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def pdftoppm() -> str:
    """Poppler's rasteriser, for the tests that decode printed QR codes: they fail without it,
    never skip (`make test` installs poppler-utils where it may, like CI)."""
    found = shutil.which("pdftoppm")
    if not found:
        pytest.fail("pdftoppm is missing: install poppler-utils (apt-get install poppler-utils); "
                    "`make test` does so when it may install packages", pytrace=False)
    return found


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_url() -> str:
    """The Redis server of the shared rate-limit test: required like PostgreSQL, unless
    TEST_REDIS_URL=skip leaves it out on purpose."""
    if REDIS_URL == "skip":
        pytest.skip("TEST_REDIS_URL=skip: the Redis test skipped on request")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({error}); start it (redis-server), or set "
                    "TEST_REDIS_URL=skip to leave the shared rate-limit test out", pytrace=False)
    return REDIS_URL


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free port; the app is configured to deliver to it."""
    from .smtp import SMTPServer

    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app, smtp_server):
    """The app delivering by SMTP to the test server, only when the test asks for it."""
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port,
                      MAIL_SEND_AFTER_COMMIT=False, MAIL_TIMEOUT_SECONDS=5)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def text(value: str) -> Translated:
    """The same text in four languages, marked so a test can tell which one was shown."""
    return Translated({lang: f"{value} [{lang}]" for lang in ("de", "fr", "it", "en")})


def at(days: float, hour: int = 9) -> datetime:
    base = datetime.now(timezone.utc).replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + timedelta(days=days)


def new_event(slug: str, *, capacities=(10, 10), dinner=5, event_capacity=None, waitlist=True,
              opens=-1, closes=20, starts=30, status=EventStatus.PUBLISHED) -> Event:
    """An event with one required workshop slot (A1, A2) and an optional dinner."""
    start = at(starts)
    event = Event(slug=slug, kind=EventKind.NATIONAL_DAY, status=status,
                  title=text("Event"), summary=text("Summary"), venue="Forum", address="Bern",
                  starts_at=start, ends_at=start + timedelta(hours=8),
                  registration_opens_at=at(opens), registration_closes_at=at(closes),
                  capacity=event_capacity, waitlist_enabled=waitlist, privacy_notice=text("Privacy"),
                  privacy_version="v1", host_canton="BE")
    event.slots.append(Slot(kind=SlotKind.TALKS, starts_at=start, ends_at=start + timedelta(hours=1),
                            title=text("Welcome")))
    workshops = Slot(kind=SlotKind.CHOICE, starts_at=start + timedelta(hours=2),
                     ends_at=start + timedelta(hours=4), title=text("Workshops"))
    for index, seats in enumerate(capacities, start=1):
        workshops.workshops.append(Workshop(code=f"A{index}", title=text(f"Workshop A{index}"),
                                            capacity=seats, languages=["de", "fr"], position=index))
    event.slots.append(workshops)
    if dinner is not None:
        optional = Slot(kind=SlotKind.OPTIONAL, starts_at=start + timedelta(hours=6),
                        ends_at=start + timedelta(hours=8), title=text("Dinner"))
        optional.workshops.append(Workshop(code="D", title=text("Dinner"), capacity=dinner,
                                           languages=["de", "fr"]))
        event.slots.append(optional)
    db.session.add(event)
    db.session.commit()
    return event


@pytest.fixture
def make_event():
    """new_event with a fresh slug each time."""
    counter = iter(range(1, 1000))

    def build(*, slug=None, **options) -> Event:
        return new_event(slug or f"event-{next(counter)}", **options)

    return build


def workshop(event: Event, code: str) -> Workshop:
    return next(w for slot in event.slots for w in slot.workshops if w.code == code)


def person(n: int = 1, **overrides) -> ParticipantDetails:
    values = dict(first_name=f"Anna{n}", last_name="Muster", email=f"person{n}@example.ch",
                  organisation="IV-Stelle Bern", institution_type="disability", canton="BE",
                  language="fr")
    values.update(overrides)
    return ParticipantDetails(**values)


def sign_up(event: Event, n: int, *codes: str, **overrides):
    """Register person n with the given workshop codes and commit."""
    choices = {workshop(event, code).slot_id: workshop(event, code).id for code in codes}
    registration = register(event, person(n, **overrides), choices)
    db.session.commit()
    return registration


def assert_refused(result, message: str, code: int = 1) -> None:
    """A command-line refusal: the exit code and the message, and no exception (a crash exits 1 too)."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert message in result.output, result.output

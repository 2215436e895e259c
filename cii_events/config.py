"""Configuration: defaults, overridden by environment variables of the same name."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Settings read from the environment, with the type to parse them as.
_ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "SERVER_NAME": str,
    "PREFERRED_URL_SCHEME": str,
    "SESSION_COOKIE_SECURE": bool,
    "BASE_URL": str,
    "MAIL_BACKEND": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_SEND_AFTER_COMMIT": bool,
    "MAIL_MAX_ATTEMPTS": int,
    "MAIL_BATCH_SIZE": int,
    "MAIL_RETENTION_DAYS": int,
    "RATELIMIT_ENABLED": bool,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_REGISTRATION": str,
    "RATELIMIT_SEND_LINK": str,
    "RATELIMIT_PERSONAL_PAGE": str,
    "RATELIMIT_LOGIN": str,
    "ADMIN_IDLE_MINUTES": int,
    "TRUSTED_PROXIES": int,
    "PAGE_CACHE_SECONDS": int,
}


def _parse_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def environment_overrides(environ=os.environ) -> dict:
    """The settings given as environment variables, parsed."""
    values = {}
    for key, kind in _ENV_SETTINGS.items():
        if environ.get(key):
            values[key] = _parse_bool(environ[key]) if kind is bool else kind(environ[key].strip())
    return values


class Config:
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    # No ping on every checkout (a round trip per request): cii_events.database pings a connection
    # only when it has been idle for a while, which is when the server may have dropped it.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": False}
    LANGUAGES = ("de", "fr", "it", "en")
    DEFAULT_LANGUAGE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Zurich"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SQLITE_BUSY_TIMEOUT_SECONDS = 30
    # Links in mails sent outside a request (the mail worker, the command line) start with this.
    BASE_URL = "http://127.0.0.1:5000"

    # Public event pages are rendered at most once per this many seconds per process (0: never cached).
    PAGE_CACHE_SECONDS = 5

    # Requests larger than this are refused with 413 before anything is parsed.
    MAX_CONTENT_LENGTH = 1024 * 1024
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = 0

    # Rate limits per client address (Flask-Limiter); storage shared by all instances, e.g.
    # redis://127.0.0.1:6379/0. "memory://" counts per process only.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_REGISTRATION = "10 per minute;60 per hour"
    RATELIMIT_SEND_LINK = "5 per minute;20 per hour"
    RATELIMIT_PERSONAL_PAGE = "60 per minute"  # slows down guessing of personal links
    RATELIMIT_LOGIN = "10 per minute;60 per hour"
    # The back office signs a person out after this long without a request.
    ADMIN_IDLE_MINUTES = 60

    # Mail: "file" writes .eml files into instance/mail/ (the demo default), "smtp" delivers.
    MAIL_BACKEND = "file"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS
    MAIL_USE_SSL = False  # SMTPS
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "CII <no-reply@iiz-cii.example.ch>"
    MAIL_TIMEOUT_SECONDS = 15
    # Try to deliver right after the commit of the change that queued a mail (after the response
    # is sent); whatever fails stays queued for `cii-events mail send`.
    MAIL_SEND_AFTER_COMMIT = True
    MAIL_MAX_ATTEMPTS = 8  # temporary failures are retried until then, permanent ones fail at once
    MAIL_RETRY_BASE_SECONDS = 60  # 1, 2, 4, 8 ... minutes between attempts
    MAIL_RETRY_MAX_SECONDS = 6 * 3600
    MAIL_LEASE_SECONDS = 300  # a worker that dies while sending releases its mail after this
    MAIL_BATCH_SIZE = 50
    MAIL_RETENTION_DAYS = 30  # delivered mails keep their bodies this long, then only the metadata


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "localhost"

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
}


def _parse_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def environment_overrides(environ=os.environ) -> dict:
    """The settings given as environment variables, parsed."""
    values = {}
    for key, kind in _ENV_SETTINGS.items():
        if environ.get(key):
            values[key] = _parse_bool(environ[key]) if kind is bool else kind(environ[key])
    return values


class Config:
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    LANGUAGES = ("de", "fr", "it", "en")
    DEFAULT_LANGUAGE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Zurich"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SQLITE_BUSY_TIMEOUT_SECONDS = 30


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "localhost"

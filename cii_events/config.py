"""Configuration: every setting the code reads, declared once with its default and its type.

A setting is taken from, in rising order: its default here, `settings.py` in the instance folder,
an environment variable of the same name, the mapping given to `create_app`. `check()` refuses a
value of the wrong kind with one plain sentence (`ConfigError`) before anything starts.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# The one time zone of the product: dates and times are shown, and calendar files written, in it.
TIME_ZONE_NAME = "Europe/Zurich"
ZURICH = ZoneInfo(TIME_ZONE_NAME)


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and what to set."""


@dataclass(frozen=True)
class Setting:
    default: object
    kind: type  # str, int, float or bool: how an environment variable is read
    choices: tuple = ()
    environment: bool = True  # False: only settings.py or create_app() may set it
    required: bool = False


SETTINGS: dict[str, Setting] = {
    # Signs sessions and derives the secrets of personal links.
    "SECRET_KEY": Setting(None, str, required=True),
    # sqlite:///path or postgresql://user:password@host/db; default: SQLite file in the instance folder.
    "DATABASE_URL": Setting(None, str),
    "SERVER_NAME": Setting(None, str),
    "PREFERRED_URL_SCHEME": Setting("http", str, choices=("http", "https")),
    "SESSION_COOKIE_SECURE": Setting(False, bool),
    # Links in mails sent outside a request (the mail worker, the command line) start with this;
    # unset, `cii-events run` uses the address it serves on, anything else http://127.0.0.1:5000.
    "BASE_URL": Setting(None, str),
    # Public event pages are rendered at most once per this many seconds per process (0: never cached).
    "PAGE_CACHE_SECONDS": Setting(5, int),
    # Requests larger than this are refused with 413 before anything is parsed.
    "MAX_CONTENT_LENGTH": Setting(1024 * 1024, int),
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    "TRUSTED_PROXIES": Setting(0, int),
    "SQLITE_BUSY_TIMEOUT_SECONDS": Setting(30, int),
    # Rate limits per client address (Flask-Limiter); storage shared by all instances, e.g.
    # redis://127.0.0.1:6379/0. "memory://" counts per process only.
    "RATELIMIT_ENABLED": Setting(True, bool),
    "RATELIMIT_STORAGE_URI": Setting("memory://", str),
    "RATELIMIT_REGISTRATION": Setting("10 per minute;60 per hour", str),
    "RATELIMIT_SEND_LINK": Setting("5 per minute;20 per hour", str),
    "RATELIMIT_PERSONAL_PAGE": Setting("60 per minute", str),  # slows down guessing of personal links
    "RATELIMIT_LOGIN": Setting("10 per minute;60 per hour", str),
    # The back office signs a person out after this long without a request ...
    "ADMIN_IDLE_MINUTES": Setting(60, int),
    # ... and after this long whatever happens (absolute lifetime of a back-office session).
    "ADMIN_SESSION_MAX_HOURS": Setting(12, int),
    # After 3 failed sign-ins (per address, per client) the next waits this long, doubling ...
    "LOGIN_DELAY_SECONDS": Setting(2, int),
    "LOGIN_DELAY_MAX_SECONDS": Setting(900, int),  # ... up to this long (nothing is ever locked)
    # Every failed sign-in is answered after this long, whatever failed (no timing oracle).
    "LOGIN_FAILURE_SECONDS": Setting(0.8, float),
    # werkzeug's password hash method; scrypt with werkzeug's work factor unless set.
    "PASSWORD_HASH_METHOD": Setting("scrypt", str),
    # Mail: "file" writes .eml files into instance/mail/ (the demo default), "smtp" delivers.
    "MAIL_BACKEND": Setting("file", str, choices=("file", "smtp")),
    "MAIL_SERVER": Setting("localhost", str),
    "MAIL_PORT": Setting(25, int),
    "MAIL_USE_TLS": Setting(False, bool),  # STARTTLS
    "MAIL_USE_SSL": Setting(False, bool),  # SMTPS
    "MAIL_USERNAME": Setting("", str),
    "MAIL_PASSWORD": Setting("", str),
    "MAIL_DEFAULT_SENDER": Setting("CII <no-reply@iiz-cii.example.ch>", str),
    "MAIL_TIMEOUT_SECONDS": Setting(15, int),
    # Try to deliver right after the commit of the change that queued a mail (after the response is
    # sent); whatever fails stays queued for `cii-events mail send`.
    "MAIL_SEND_AFTER_COMMIT": Setting(True, bool),
    "MAIL_MAX_ATTEMPTS": Setting(8, int),  # temporary failures are retried until then
    "MAIL_RETRY_BASE_SECONDS": Setting(60, int),  # 1, 2, 4, 8 ... minutes between attempts
    "MAIL_RETRY_MAX_SECONDS": Setting(6 * 3600, int),
    "MAIL_LEASE_SECONDS": Setting(300, int),  # a worker that dies while sending releases its mail then
    "MAIL_BATCH_SIZE": Setting(50, int),
    "MAIL_RETENTION_DAYS": Setting(30, int),  # delivered mails keep their bodies this long
    # Operations: Prometheus metrics at /metrics (off by default), one log line per request.
    "METRICS_ENABLED": Setting(False, bool),
    "REQUEST_LOG": Setting(True, bool),
}

# Fixed by the product, not by a site: Flask and extension settings with no environment variable.
FIXED = {
    # No ping on every checkout (a round trip per request): cii_events.database pings a connection
    # only when it has been idle for a while, which is when the server may have dropped it.
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
    "DEFAULT_LANGUAGE": "de",
    "BABEL_DEFAULT_TIMEZONE": TIME_ZONE_NAME,
    "WTF_CSRF_TIME_LIMIT": None,  # a form left open over lunch must still submit
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "RATELIMIT_HEADERS_ENABLED": True,
}


def defaults() -> dict:
    return {**FIXED, **{name: setting.default for name, setting in SETTINGS.items()}}


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse(name: str, raw: str):
    """An environment variable's text as the setting's kind; ConfigError when it is not one."""
    kind = SETTINGS[name].kind
    value = raw.strip()
    if kind is bool:
        if value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise ConfigError(f"{name} must be 1 or 0 (on/off), not {raw!r}")
    if kind is int:
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if kind is float:
        try:
            return float(value)
        except ValueError:
            raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    return value


def environment_overrides(environ=os.environ) -> dict:
    """The settings given as environment variables, parsed."""
    return {name: parse(name, environ[name]) for name, setting in SETTINGS.items()
            if setting.environment and environ.get(name)}


def check(config) -> None:
    """Refuse a start with a missing or malformed setting, in one plain sentence."""
    for name, setting in SETTINGS.items():
        value = config.get(name)
        if value is None:
            if setting.required:
                raise ConfigError(f"{name} is not set: set the environment variable {name}, "
                                  "or put it in settings.py in the instance folder")
            continue
        if setting.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{name} must be a whole number, not {value!r}")
        if setting.kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ConfigError(f"{name} must be a number, not {value!r}")
        if setting.kind is bool and not isinstance(value, bool):
            raise ConfigError(f"{name} must be True or False, not {value!r}")
        if setting.kind is str and not isinstance(value, str):
            raise ConfigError(f"{name} must be text, not {value!r}")
        if setting.choices and value not in setting.choices:
            raise ConfigError(f"{name} must be one of {', '.join(setting.choices)}, not {value!r}")
    _check_database_url(config.get("DATABASE_URL"))


def _check_database_url(url: str | None) -> None:
    if not url:
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = None
    if backend not in {"sqlite", "postgresql", "postgres"}:
        raise ConfigError("DATABASE_URL must look like sqlite:///path/to/file.sqlite or "
                          f"postgresql://user:password@host/database, not {url!r}")


def normalise_database_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// spellings and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url

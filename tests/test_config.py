"""Configuration without dead ends, and a command line that helps without any configuration."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cii_events import ConfigError, create_app
from cii_events.commands import main
from cii_events.config import FIXED, SETTINGS, environment_overrides

ROOT = Path(__file__).resolve().parent.parent
# Read by Flask and its extensions, or set by the tests; not settings of this product.
FOREIGN = {"SQLALCHEMY_DATABASE_URI", "TESTING", "WTF_CSRF_ENABLED", "BABEL_TRANSLATION_DIRECTORIES",
           *FIXED}


def _read_settings() -> set[str]:
    pattern = re.compile(r"config(?:\[|\.get\()\s*[\"']([A-Z][A-Z0-9_]+)[\"']")
    found = set()
    for path in (ROOT / "cii_events").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_setting_the_code_reads_is_declared_once_with_a_default():
    undeclared = _read_settings() - set(SETTINGS) - FOREIGN
    assert not undeclared, f"read but not declared in config.SETTINGS: {sorted(undeclared)}"


def test_every_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration"):]
    table = table[:table.index("\n## ", 5)]
    missing = [name for name, setting in SETTINGS.items() if setting.environment and f"`{name}`" not in table]
    assert not missing, f"settings missing from the README's table: {missing}"


def test_every_setting_can_be_given_in_the_environment():
    environ = {"MAIL_TIMEOUT_SECONDS": "7", "MAIL_LEASE_SECONDS": "90", "MAIL_RETRY_BASE_SECONDS": "5",
               "MAIL_RETRY_MAX_SECONDS": "600", "PASSWORD_HASH_METHOD": "pbkdf2:sha256",
               "MAIL_USE_TLS": "off", "METRICS_ENABLED": "1"}
    assert environment_overrides(environ) == {
        "MAIL_TIMEOUT_SECONDS": 7, "MAIL_LEASE_SECONDS": 90, "MAIL_RETRY_BASE_SECONDS": 5,
        "MAIL_RETRY_MAX_SECONDS": 600, "PASSWORD_HASH_METHOD": "pbkdf2:sha256", "MAIL_USE_TLS": False,
        "METRICS_ENABLED": True}


@pytest.mark.parametrize("environ, message", [
    ({"MAIL_PORT": "twenty-five"}, "MAIL_PORT must be a whole number, not 'twenty-five'"),
    ({"MAIL_USE_TLS": "maybe"}, "MAIL_USE_TLS must be 1 or 0 (on/off), not 'maybe'"),
])
def test_a_malformed_environment_value_is_refused_by_name(environ, message):
    with pytest.raises(ConfigError) as refused:
        environment_overrides(environ)
    assert str(refused.value) == message


@pytest.mark.parametrize("settings, message", [
    ({"MAIL_BACKEND": "pigeon"}, "MAIL_BACKEND must be one of file, smtp, not 'pigeon'"),
    ({"DATABASE_URL": "mysql://db/cii"}, "DATABASE_URL must look like sqlite:///path/to/file.sqlite or "
                                         "postgresql://user:password@host/database, not 'mysql://db/cii'"),
    ({"DATABASE_URL": "not a url"}, "DATABASE_URL must look like"),
    ({"SECRET_KEY": None}, "SECRET_KEY is not set: set the environment variable SECRET_KEY"),
    ({"TRUSTED_PROXIES": "1"}, "TRUSTED_PROXIES must be a whole number, not '1'"),
])
def test_a_wrong_value_stops_the_start_with_a_clear_message(settings, message):
    with pytest.raises(ConfigError) as refused:
        create_app({"SECRET_KEY": "x", **settings})
    assert str(refused.value).startswith(message)


def test_one_time_zone_constant():
    sources = [path for path in (ROOT / "cii_events").rglob("*.py")
               if 'ZoneInfo("Europe/Zurich")' in path.read_text(encoding="utf-8")]
    assert sources == []


@pytest.fixture
def bare_environment(monkeypatch, tmp_path):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CII_INSTANCE_PATH", str(tmp_path))  # no settings.py there


@pytest.mark.parametrize("args", [["--help"], ["allocate", "--help"], ["mail", "send", "--help"],
                                  ["users", "create", "--help"], ["db", "upgrade", "--help"],
                                  ["badges", "--help"], ["export", "--help"]])
def test_help_works_without_any_configuration(bare_environment, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.exception is None and "Usage: " in result.output


@pytest.mark.parametrize("args", [["demo"], ["check"], ["allocate", "some-event"], ["mail", "send"],
                                  ["db", "upgrade"]])
def test_a_command_without_the_secret_key_says_what_to_set(bare_environment, args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: SECRET_KEY is not set: set the environment variable SECRET_KEY, "
                                     "or put it in settings.py in the instance folder")


def test_a_command_on_a_database_without_its_tables_says_to_upgrade(bare_environment, monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.output.strip().startswith("Error: The database cannot be used (no such table")
    assert "`cii-events db upgrade`" in result.output and "Traceback" not in result.output

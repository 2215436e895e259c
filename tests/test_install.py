"""The production install of the README and docs/deploy.md, done for real.

Builds the wheel from this checkout, installs it (with its dependencies) into a new virtual
environment outside the checkout, and from an empty folder runs exactly the production steps:
`cii-events db upgrade`, `cii-events demo`, `cii-events mail send`, a badge sheet, and
`gunicorn -c python:cii_events.gunicorn_conf 'cii_events:create_app()'` serving pages in all four
languages with their CSS. Also: `--help` works without any configuration, and a missing setting
ends a command with one line and exit code 2.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args, cwd, env, expect=0):
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == expect, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv, empty site folder, environment) with the wheel installed outside the checkout."""
    base = tmp_path_factory.mktemp("install")
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(base)),
             "LANG": "C.UTF-8"}
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", base / "dist", ROOT],
         cwd=base, env=clean)
    wheel = next((base / "dist").glob("cii_events-*.whl"))
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=base, env=clean)
    _run([venv / "bin" / "pip", "install", "--quiet", wheel], cwd=base, env=clean)
    site = base / "site"
    site.mkdir()
    env = {**clean, "SECRET_KEY": "install-test-secret", "DATABASE_URL": f"sqlite:///{site / 'cii.sqlite'}",
           "MAIL_BACKEND": "file"}
    return wheel, venv, site, env


def test_the_wheel_carries_templates_static_files_catalogues_and_migrations(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "cii_events/_data/"
    for expected in ("templates/base.html", "static/css/site.css", "static/fonts/DejaVuSans.ttf",
                     "static/fonts/LICENSE-DejaVu.txt", "migrations/env.py", "migrations/alembic.ini",
                     "cii_events/gunicorn_conf.py"):
        assert (expected if expected.startswith("cii_events/") else data + expected) in names, expected
    for lang in ("de", "fr", "it", "en"):
        assert f"{data}translations/{lang}/LC_MESSAGES/messages.mo" in names
    versions = {name for name in names if name.startswith(data + "migrations/versions/")}
    assert len(versions) == len(list((ROOT / "migrations" / "versions").glob("*.py")))
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


def test_the_installed_package_runs_from_an_empty_folder(installed):
    _wheel, venv, site, env = installed
    cli = venv / "bin" / "cii-events"
    where = _run([venv / "bin" / "python", "-c", "import cii_events; print(cii_events.__file__)"],
                 cwd=site, env=env).stdout
    assert where.startswith(str(venv)), where

    _run([cli, "db", "upgrade"], cwd=site, env=env)
    assert "Demo events created" in _run([cli, "demo"], cwd=site, env=env).stdout
    assert "Mail:" in _run([cli, "mail", "send"], cwd=site, env=env).stdout
    pdf = site / "badges.pdf"
    _run([cli, "badges", "iiz-tagung-2027", "--layout", "a6", "-o", pdf], cwd=site, env=env)
    assert b"DejaVuSans" in pdf.read_bytes()

    port = _free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "-c", "python:cii_events.gunicorn_conf", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "cii_events:create_app()"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        words = {"de": "Anmeldung", "fr": "Inscription", "it": "Iscrizione", "en": "Registration"}
        for lang, word in words.items():
            page = requests.get(f"{base}/{lang}/events/iiz-tagung-2027/register", timeout=10)
            assert page.status_code == 200
            assert f'lang="{lang}"' in page.text and word in page.text
            css = re.search(r'href="(/static/css/site\.css[^"]*)"', page.text).group(1)
            assert requests.get(base + css, timeout=10).status_code == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output


def test_help_needs_no_configuration_and_a_missing_setting_is_one_line(installed):
    _wheel, venv, site, env = installed
    cli = venv / "bin" / "cii-events"
    bare = {key: value for key, value in env.items() if key not in {"SECRET_KEY", "DATABASE_URL"}}
    listing = _run([cli, "--help"], cwd=site, env=bare).stdout
    for command in ("allocate", "badges", "check", "db", "demo", "export", "mail", "users"):
        assert f"  {command} " in listing
    assert "Usage: cii-events allocate" in _run([cli, "allocate", "--help"], cwd=site, env=bare).stdout

    refused = _run([cli, "demo"], cwd=site, env=bare, expect=2)
    assert refused.stderr.strip() == ("Error: SECRET_KEY is not set: set the environment variable "
                                      "SECRET_KEY, or put it in settings.py in the instance folder")
    assert "Traceback" not in refused.stderr

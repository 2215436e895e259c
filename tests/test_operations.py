"""Operations: /healthz, the request log (tokens masked), Prometheus metrics behind a setting."""
from __future__ import annotations

import json
import logging

import pytest

from cii_events import create_app
from cii_events.extensions import db
from cii_events.models import MailStatus, OutgoingMail
from cii_events.operations import code_head
from cii_events.services.registration import personal_token

from .conftest import _config, sign_up


class Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_lines():
    handler = Lines()
    logger = logging.getLogger("cii_events.requests")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_healthz_reports_the_migration_heads_and_the_age_of_the_oldest_queued_mail(client, make_event):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["migrations"] == {"database": code_head(), "code": code_head(), "current": True}
    assert code_head()
    assert body["outbox"]["oldest_queued_seconds"] is None

    event = make_event()
    sign_up(event, 1, "A1")  # queues a confirmation
    assert db.session.query(OutgoingMail).filter_by(status=MailStatus.QUEUED).count() == 1
    age = client.get("/healthz").get_json()["outbox"]["oldest_queued_seconds"]
    assert isinstance(age, int) and 0 <= age < 60


def test_one_log_line_per_request_without_the_personal_link(client, make_event, request_lines):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = personal_token(registration)
    response = client.get(f"/fr/registration/{token}/", headers={"X-Request-ID": "probe-12345678"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "probe-12345678"
    line = request_lines[-1]
    assert line["method"] == "GET" and line["status"] == 200
    assert line["path"] == "/fr/registration/*/"
    assert token not in json.dumps(request_lines)
    assert line["request_id"] == "probe-12345678" and line["duration_ms"] >= 0

    client.get("/de/", headers={"X-Request-ID": "bad id <script>"})
    assert request_lines[-1]["request_id"] != "bad id <script>" and len(request_lines[-1]["request_id"]) == 32


def test_metrics_are_off_by_default(client):
    response = client.get("/metrics", follow_redirects=True)
    assert response.status_code == 404 and b"cii_registrations" not in response.data


def test_metrics_count_the_rows(database_url, instance_dir, make_event):
    app = create_app({**_config(database_url, str(instance_dir)), "METRICS_ENABLED": True})
    with app.app_context():
        event = make_event()
        for n in range(3):
            sign_up(event, n, "A1")
        client = app.test_client()
        client.get("/de/")
        text = client.get("/metrics").get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    assert 'cii_registrations{status="confirmed"} 3.0' in text
    assert 'cii_mails{status="queued"} 3.0' in text
    assert ('cii_request_duration_seconds_count{endpoint="public.events",method="GET",status="200"} 1.0'
            in text)


def test_the_code_head_is_alembics_head_read_from_the_files():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from cii_events import resources
    from cii_events.operations import migration_head

    folder = resources.folder("migrations")
    config = Config(str(folder / "alembic.ini"))
    config.set_main_option("script_location", str(folder))
    assert code_head() == ScriptDirectory.from_config(config).get_current_head()
    branch = ["revision = 'a'\ndown_revision = None", "revision = 'b'\ndown_revision = 'a'",
              "revision = 'c'\ndown_revision = 'a'"]
    assert migration_head(branch) is None  # two heads: none is the head
    merge = branch + ["revision = 'd'\ndown_revision = ('b', 'c')"]
    assert migration_head(merge) == "d"


HEAVY = {"alembic": "migrations (command line)", "flask_migrate": "migrations (command line)",
         "reportlab": "PDF files", "zxingcpp": "QR codes on badges", "xlsxwriter": "XLSX exports",
         "networkx": "the allocation", "zxcvbn": "choosing a password"}


def test_a_web_worker_loads_no_heavy_library_before_it_needs_one(app, database_url, instance_dir, tmp_path,
                                                                 make_event):
    """Each of these weighs 10 to 20 MB in every process that imports it: a worker serving the
    public pages never does (ReportLab for a badge sheet, networkx for an allocation, ...)."""
    import subprocess
    import sys

    from .test_public_pages import form_data

    event = make_event()
    page = f"/fr/events/{event.slug}/"
    script = (
        "import sys\n"
        "from cii_events import create_app\n"
        f"app = create_app({_config(database_url, str(instance_dir))!r})\n"
        "client = app.test_client()\n"
        "assert client.get('/healthz').status_code == 200\n"
        "assert client.get('/fr/').status_code == 200\n"
        f"assert client.get({page!r}).status_code == 200\n"
        f"assert client.get({page + 'register'!r}).status_code == 200\n"
        f"assert client.post({page + 'register'!r}, data={form_data(event)!r}).status_code == 303\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

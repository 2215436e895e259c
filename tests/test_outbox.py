"""The outbox as the organizers and monitoring see it, and a worker that survives any one mail."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import delete

from cii_events.extensions import db
from cii_events.models import MailStatus, OutgoingMail, utcnow
from cii_events.services import outbox
from cii_events.services.access import Scope
from cii_events.models import Role
from cii_events.services.mail_delivery import SMTPBackend, deliver_due

from .conftest import sign_up
from .smtp import SMTPServer, free_port

ADMIN = Scope(Role.ADMIN)
BIN = Path(sys.executable).parent


def counts_of(event):
    (tally,) = [t for t in outbox.counts(ADMIN) if t.event_id == event.id]
    return tally


def test_counts_before_and_after_delivery_with_the_status_command(mail_app, smtp_server, make_event, cli):
    event = make_event(event_capacity=2)
    sign_up(event, 1, "A1", language="de")
    sign_up(event, 2, "A1", email="reject-2@example.ch")
    sign_up(event, 3, "A2", language="fr")  # the event's waiting list
    before = counts_of(event)
    assert before.total["queued"] == 3 and before.total["sent"] == 0
    assert before.kinds["confirmed"]["queued"] == 2 and before.kinds["waitlisted"]["queued"] == 1
    result = cli.invoke(args=["mail", "status", "--json"])
    report = json.loads(result.output)
    assert report["totals"]["queued"] == 3 and report["events"][0]["event"] == event.slug
    assert result.exit_code == 0  # nothing waits long, nothing failed

    deliver_due()
    after = counts_of(event)
    assert after.total["queued"] == 0 and after.total["sent"] == 2 and after.total["bounced"] == 1
    assert after.kinds["confirmed"]["bounced"] == 1 and after.kinds["waitlisted"]["sent"] == 1
    result = cli.invoke(args=["mail", "status"])
    assert result.exit_code == 1  # a bounced mail is worth a look
    assert "Failed or bounced in the last 14 days: 1" in result.output
    assert event.slug in result.output and "confirmed" in result.output


def test_a_failed_mail_is_retried_and_a_queued_one_cancelled(app, make_event):
    port = free_port()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_MAX_ATTEMPTS=1,
                      MAIL_SEND_AFTER_COMMIT=False, MAIL_TIMEOUT_SECONDS=2)
    event = make_event()
    sign_up(event, 1, "A1")
    assert len(deliver_due().failed) == 1  # the server is down and one attempt is all it gets
    failed = db.session.query(OutgoingMail).one()
    assert failed.status is MailStatus.FAILED and "cannot connect" in failed.last_error
    sign_up(event, 2, "A1")
    waiting = db.session.query(OutgoingMail).filter_by(status=MailStatus.QUEUED).one()
    outbox.cancel(waiting, actor=None)
    outbox.retry(failed, actor=None)
    db.session.commit()
    server = SMTPServer(port).start()
    try:
        report = deliver_due()
        assert report.sent == [failed.id]
        assert [m["To"] for m in server.messages] == ["person1@example.ch"]
    finally:
        server.stop()
    db.session.refresh(waiting)
    assert waiting.status is MailStatus.CANCELLED


def test_dashboard_alerts_for_mails_waiting_too_long_or_failed(app, make_event):
    event = make_event()
    sign_up(event, 1, "A1")
    assert not outbox.alerts(ADMIN)
    mail = db.session.query(OutgoingMail).one()
    mail.created_at = utcnow() - timedelta(minutes=11)
    db.session.commit()
    alerts = outbox.alerts(ADMIN, event_id=event.id)
    assert alerts.stuck == 1 and alerts.failed == 0
    mail.status = MailStatus.FAILED
    db.session.commit()
    assert (outbox.alerts(ADMIN).stuck, outbox.alerts(ADMIN).failed) == (0, 1)
    assert not outbox.alerts(Scope(Role.COORDINATOR, canton="BE"))


def test_the_worker_survives_a_row_erased_while_it_is_sent(mail_app, smtp_server, make_event, monkeypatch):
    event = make_event()
    for n in (1, 2, 3):
        sign_up(event, n, "A1")
    first = db.session.query(OutgoingMail).order_by(OutgoingMail.id).first().id
    real_send = SMTPBackend.send

    def send_and_erase(self, message, *, name):
        real_send(self, message, name=name)
        if message["To"] == "person1@example.ch":  # the registration is erased meanwhile
            db.session.execute(delete(OutgoingMail).where(OutgoingMail.id == first))
            db.session.commit()

    monkeypatch.setattr(SMTPBackend, "send", send_and_erase)
    report = deliver_due()
    assert report.lost == [first] and len(report.sent) == 2
    assert sorted(m["To"] for m in smtp_server.messages) == [f"person{n}@example.ch" for n in (1, 2, 3)]


def test_a_mail_that_cannot_be_encoded_fails_alone(mail_app, smtp_server, make_event):
    broken = make_event()
    fine = make_event()
    sign_up(broken, 1, "A1")
    sign_up(fine, 2, "A1")
    broken.contact_email = "orga@example.ch\r\nBcc: everyone@example.ch"  # saved before the checks
    db.session.commit()
    report = deliver_due()
    assert len(report.sent) == 1 and len(report.failed) == 1 and not report.retrying
    assert [m["To"] for m in smtp_server.messages] == ["person2@example.ch"]
    (failed,) = db.session.query(OutgoingMail).filter_by(status=MailStatus.FAILED)
    assert failed.recipient == "person1@example.ch" and "cannot render" in failed.last_error


def test_a_hanging_mail_server_delays_the_batch_once(app, make_event):
    """A server that accepts the connection and never answers: one timeout, the batch waits."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=listener.getsockname()[1],
                      MAIL_SEND_AFTER_COMMIT=False, MAIL_TIMEOUT_SECONDS=1)
    event = make_event()
    for n in (1, 2, 3):
        sign_up(event, n, "A1")
    try:
        started = time.monotonic()
        report = deliver_due()
        assert time.monotonic() - started < 5
        assert len(report.retrying) == 3
        assert all("did not answer" in m.last_error or "cannot connect" in m.last_error
                   for m in db.session.query(OutgoingMail))
    finally:
        listener.close()
        for connection in accepted:
            connection.close()


@pytest.mark.server
def test_the_run_command_delivers_mail_with_links_on_the_port_it_serves(
        mail_app, smtp_server, make_event, database_url, instance_dir, tmp_path):
    """`make run` runs `cii-events run`: a mail worker in the serving process, stopped with it."""
    event = make_event()
    sign_up(event, 1, "A1", language="it")  # queued before the server starts
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
           "CII_INSTANCE_PATH": str(instance_dir), "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp_server.port)}
    env.pop("BASE_URL", None)
    log = open(tmp_path / "run.log", "w+")
    process = subprocess.Popen([str(BIN / "cii-events"), "run", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not smtp_server.messages and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert smtp_server.messages, (log.seek(0), log.read())[1]
        text = smtp_server.messages[0].get_body(("plain",)).get_content()
        assert f"http://127.0.0.1:{port}/it/registration/" in text
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)  # stops the server and its worker, like Ctrl-C
        process.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()
    assert process.returncode == 0 and "Traceback" not in output, output
    db.session.rollback()
    assert db.session.query(OutgoingMail).one().status is MailStatus.SENT

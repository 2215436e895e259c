"""Delivering the outbox: claim due mails, send them, record the outcome.

A mail is claimed in a short transaction (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: BEGIN
IMMEDIATE) by setting it to "sending" with a lease, then sent outside any transaction. Two workers
never claim the same mail; a worker that dies mid-send leaves its mail to be claimed again once the
lease runs out. Temporary failures are retried with growing delays, permanent ones fail at once.
"""
from __future__ import annotations

import base64
import os
import smtplib
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select, update

from ..database import begin_write
from ..extensions import db
from ..models import MailStatus, OutgoingMail, utcnow
from . import calendar
from .mail_render import Content, base_url, content, insert_secrets
from .plain import one_line


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool, bounced: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.bounced = bounced  # the recipient's address was refused


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)  # erased while being sent

    def __str__(self) -> str:
        return f"{len(self.sent)} sent, {len(self.retrying)} to retry, {len(self.failed)} failed"

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed
        self.lost += other.lost

    @property
    def handled(self) -> int:
        return len(self.sent) + len(self.retrying) + len(self.failed) + len(self.lost)


def build_message(mail: OutgoingMail, content: Content) -> EmailMessage:
    """The MIME message of an outbox row: text and HTML alternatives, then the attachments.

    Both bodies are quoted-printable (never raw 8-bit), the subject is one line whatever the
    organizers typed, a calendar file's part names its METHOD and charset (RFC 6047), and a message
    to a group of participants carries a List-Id (RFC 2919).
    """
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = mail.recipient
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    message["Subject"] = one_line(content.subject)
    message["Message-ID"] = mail.message_id
    message["Date"] = format_datetime(mail.created_at)
    message["Auto-Submitted"] = "auto-generated"
    list_id = (mail.context or {}).get("list_id")
    if list_id:
        message["List-Id"] = list_id
    message.set_content(insert_secrets(content.text, mail), cte="quoted-printable")
    if content.html:
        message.add_alternative(insert_secrets(content.html, mail), subtype="html",
                                cte="quoted-printable")
    for attachment in content.attachments:
        maintype, subtype = attachment["content_type"].split("/", 1)
        data = base64.b64decode(attachment["data"])
        params = {}
        if subtype == "calendar":
            params = {"method": attachment.get("method") or calendar.method_of(data), "charset": "utf-8"}
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=attachment["filename"],
                               params=params)
    message["Content-Language"] = mail.language  # after the body: set_content drops Content-* headers
    return message


def retry_delay(attempts: int, base: int, cap: int) -> timedelta:
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def claim_due(*, limit: int, now: datetime, only_ids=None) -> list[int]:
    """Mark up to `limit` due mails as being sent by this worker and commit; returns their ids."""
    db.session.rollback()
    begin_write()
    due = or_(OutgoingMail.status == MailStatus.QUEUED, OutgoingMail.status == MailStatus.SENDING)
    query = (select(OutgoingMail.id).where(due, OutgoingMail.next_attempt_at <= now)
             .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id).limit(limit)
             .with_for_update(skip_locked=True))
    if only_ids is not None:
        query = query.where(OutgoingMail.id.in_(list(only_ids)))
    ids = list(db.session.scalars(query))
    if ids:
        lease = timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
        db.session.execute(
            update(OutgoingMail).where(OutgoingMail.id.in_(ids))
            .values(status=MailStatus.SENDING, next_attempt_at=now + lease,
                    attempts=OutgoingMail.attempts + 1))
    db.session.commit()
    return ids


def deliver_due(*, limit: int | None = None, now: datetime | None = None, only_ids=None) -> DeliveryReport:
    """Send what is due now; returns what happened to each mail.

    Whatever one mail does (it cannot be rendered or encoded, the server refuses or hangs, its row
    is erased while it is being sent), it is logged, that mail is marked, and the others go on.
    """
    config = current_app.config
    report = DeliveryReport()
    ids = claim_due(limit=limit or config["MAIL_BATCH_SIZE"], now=now or utcnow(), only_ids=only_ids)
    if not ids:
        return report
    with current_app.test_request_context(base_url=base_url()), make_backend(config) as backend:
        for mail_id in ids:
            try:
                _deliver_one(mail_id, backend, report)
            except Exception:  # the database failed us on this one: it is claimed again after its lease
                db.session.rollback()
                current_app.logger.exception("mail %s: outcome not recorded; sent again after its lease",
                                             mail_id)
    return report


def _deliver_one(mail_id: int, backend, report: DeliveryReport) -> None:
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None:
        current_app.logger.warning("mail %s was erased before it could be sent", mail_id)
        report.lost.append(mail_id)
        db.session.rollback()
        return
    fresh = mail.rendered_at is None
    error, body, message, name = None, None, None, None
    try:
        body = content(mail)  # rendered in the recipient's language on the first attempt
        message, name = build_message(mail, body), _file_name(mail)
        message.as_bytes()  # a header that cannot be encoded fails here, not halfway through SMTP
    except Exception as failure:  # a mail that cannot be rendered must not stop the others
        current_app.logger.exception("cannot render mail %s", mail_id)
        error = DeliveryError(f"cannot render: {type(failure).__name__}: {failure}", permanent=True)
    db.session.rollback()  # no transaction stays open while the mail server answers
    if error is None:
        try:
            backend.send(message, name=name)
        except DeliveryError as failure:
            error = failure
        except Exception as failure:  # anything else this one message does: it fails, the others go on
            current_app.logger.exception("cannot send mail %s", mail_id)
            error = DeliveryError(f"cannot send: {type(failure).__name__}: {failure}", permanent=True)
    begin_write()
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None:
        current_app.logger.warning("mail %s was erased while it was being sent (%s)", mail_id,
                                   "sent" if error is None else error)
        report.lost.append(mail_id)
        db.session.rollback()
        return
    if fresh and body is not None:
        _store(mail, body)
    if error is None:
        mail.status, mail.sent_at, mail.last_error = MailStatus.SENT, utcnow(), ""
        report.sent.append(mail.id)
    else:
        _record_failure(mail, error, report)
    db.session.commit()


def _store(mail: OutgoingMail, body: Content) -> None:
    mail.subject, mail.body_text, mail.body_html = body.subject[:300], body.text, body.html
    mail.attachments, mail.rendered_at = body.attachments, utcnow()


def _file_name(mail: OutgoingMail) -> str:
    return f"{mail.created_at:%Y%m%d-%H%M%S}-{mail.id:06d}-{mail.kind}.eml"


def _record_failure(mail: OutgoingMail, error: DeliveryError, report: DeliveryReport) -> None:
    config = current_app.config
    mail.last_error = str(error)[:2000]
    if error.permanent or mail.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        mail.status = MailStatus.BOUNCED if error.bounced else MailStatus.FAILED
        report.failed.append(mail.id)
    else:
        mail.status = MailStatus.QUEUED
        mail.next_attempt_at = utcnow() + retry_delay(
            mail.attempts, config["MAIL_RETRY_BASE_SECONDS"], config["MAIL_RETRY_MAX_SECONDS"])
        report.retrying.append(mail.id)


def make_backend(config):
    kind = config["MAIL_BACKEND"]
    if kind == "file":
        return FileBackend(Path(current_app.instance_path) / "mail")
    if kind == "smtp":
        return SMTPBackend(config)
    raise ValueError(f"MAIL_BACKEND must be 'smtp' or 'file', not {kind!r}")


class FileBackend:
    """Writes each mail as an .eml file, for the demo and for development."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc):
        return False

    def send(self, message: EmailMessage, *, name: str) -> None:
        path = self.folder / name
        partial = path.with_suffix(".part")
        try:
            partial.write_bytes(message.as_bytes())
            os.replace(partial, path)
        except OSError as error:
            raise DeliveryError(f"cannot write {path.name}: {error}", permanent=False) from error


class SMTPBackend:
    """One SMTP connection per batch; each failure classified as temporary or permanent."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None
        self.unreachable: DeliveryError | None = None  # once the server is down, the batch waits

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
        return False

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        kind = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        connection = kind(config["MAIL_SERVER"], config["MAIL_PORT"],
                          timeout=config["MAIL_TIMEOUT_SECONDS"])
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            connection.starttls()
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        return connection

    def send(self, message: EmailMessage, *, name: str) -> None:
        if self.unreachable is not None:
            raise self.unreachable
        if self.connection is None:
            try:
                self.connection = self._connect()
            except (smtplib.SMTPException, OSError, ValueError) as error:
                self.unreachable = DeliveryError(f"cannot connect: {type(error).__name__}: {error}",
                                                 permanent=False)
                raise self.unreachable from error
        try:
            refused = self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            permanent = all(code >= 500 for code in codes)
            raise DeliveryError(f"recipient refused: {error.recipients}", permanent=permanent,
                                bounced=permanent) from error
        except smtplib.SMTPNotSupportedError as error:  # e.g. an address the server cannot take (SMTPUTF8)
            raise DeliveryError(f"not supported by the mail server: {error}", permanent=True) from error
        except smtplib.SMTPResponseException as error:
            self._drop_connection()
            raise DeliveryError(f"{error.smtp_code} {error.smtp_error!r}",
                                permanent=error.smtp_code >= 500) from error
        except (socket.timeout, TimeoutError) as error:
            # A server that hangs: the rest of the batch waits for the next round instead of
            # hanging too, one timeout per mail.
            self._drop_connection()
            self.unreachable = DeliveryError(f"the mail server did not answer: {type(error).__name__}",
                                             permanent=False)
            raise self.unreachable from error
        except (smtplib.SMTPException, OSError) as error:
            self._drop_connection()
            raise DeliveryError(f"{type(error).__name__}: {error}", permanent=False) from error
        if refused:
            raise DeliveryError(f"recipient refused: {refused}", permanent=True, bounced=True)

    def _drop_connection(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None

"""The mail worker's loop: queue the reminders that are due, deliver what is due, wait, again.

Used by `cii-events mail send --loop` (a process of its own) and by `cii-events run`, which delivers
mail in a thread while it serves. Nothing one round does stops the loop: an error is logged, the
session rolled back, and the next round comes.
"""
from __future__ import annotations

import threading
import time

from flask import Flask

from ..extensions import db
from .mail_delivery import DeliveryReport, deliver_due


def one_round(app: Flask) -> DeliveryReport:
    """Reminders first (so that they go out in this round), then delivery; within `app`'s context."""
    from .reminders import queue_due

    report = DeliveryReport()
    try:
        queued = queue_due()
        if queued:
            app.logger.info("mail: %d reminders queued", queued)
    except Exception:
        db.session.rollback()
        app.logger.exception("mail: queueing the reminders failed; tried again next round")
    try:
        report = deliver_due()
    except Exception:
        db.session.rollback()
        app.logger.exception("mail: delivery failed; tried again next round")
    return report


def run(app: Flask, stop: threading.Event, *, interval: float = 5.0, on_report=None) -> None:
    """Rounds until `stop` is set; a round that handled mail is followed by the next one at once."""
    while not stop.is_set():
        with app.app_context():
            try:
                report = one_round(app)
            finally:
                db.session.remove()
        if report.handled:
            if on_report is not None:
                on_report(report)
            continue
        stop.wait(interval)


class Worker:
    """The worker as a daemon thread of the serving process (`cii-events run`)."""

    def __init__(self, app: Flask, interval: float = 5.0):
        self.app = app
        self.interval = interval
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="cii-mail-worker", daemon=True)

    def _run(self) -> None:
        run(self.app, self.stop_event, interval=self.interval,
            on_report=lambda report: self.app.logger.info("mail: %s", report))

    def start(self) -> Worker:
        self.thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the mail at hand, then end."""
        self.stop_event.set()
        deadline = time.monotonic() + timeout
        self.thread.join(max(deadline - time.monotonic(), 0))

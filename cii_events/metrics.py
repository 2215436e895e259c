"""Prometheus metrics at `/metrics` (METRICS_ENABLED=1), with prometheus_client.

Registrations and mails by status are read from the database at each scrape (so every instance
reports the same truth); request latency is a histogram per process. Under gunicorn with several
workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder so that the histogram adds up all workers.
Keep `/metrics` off the public internet (the reverse proxy answers it for the monitoring host only).
"""
from __future__ import annotations

import os
import time

from flask import Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from .extensions import db


class DatabaseCollector:
    """Counts taken from the rows at scrape time."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        from .models import MailStatus, OutgoingMail, Registration, RegistrationStatus

        with self.app.app_context():
            registrations = dict(db.session.execute(
                select(Registration.status, func.count()).group_by(Registration.status)).all())
            mails = dict(db.session.execute(
                select(OutgoingMail.status, func.count()).group_by(OutgoingMail.status)).all())
            db.session.remove()
        family = GaugeMetricFamily("cii_registrations", "Registrations by status", labels=["status"])
        for status in RegistrationStatus:
            family.add_metric([status.value], registrations.get(status, 0))
        yield family
        family = GaugeMetricFamily("cii_mails", "Mails in the outbox by status", labels=["status"])
        for status in MailStatus:
            family.add_metric([status.value], mails.get(status, 0))
        yield family


class Metrics:
    def __init__(self, app: Flask):
        self.registry = CollectorRegistry()
        self.latency = Histogram("cii_request_duration_seconds", "Time to answer a request",
                                 ["method", "endpoint", "status"], registry=self.registry)
        self.database = DatabaseCollector(app)
        self.registry.register(self.database)

    def scrape_registry(self) -> CollectorRegistry:
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return self.registry
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(self.database)
        return registry


def init_app(app: Flask) -> None:
    app.extensions["cii_metrics"] = Metrics(app)
    app.add_url_rule("/metrics", "metrics", metrics_view)
    app.before_request(_start_timer)
    app.after_request(_observe)


def _start_timer():
    g.metrics_started = time.perf_counter()


def _observe(response):
    started = g.get("metrics_started")
    if started is not None:
        current_app.extensions["cii_metrics"].latency.labels(
            request.method, request.endpoint or "none", str(response.status_code)
        ).observe(time.perf_counter() - started)
    return response


def metrics_view():
    registry = current_app.extensions["cii_metrics"].scrape_registry()
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

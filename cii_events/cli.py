"""The `cii-events` command line: thin wrappers over the services."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from .extensions import db


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, load_dotenv=False, set_debug_flag=False)
def main():
    """cii_events: registration for the national CII days and CII seminars."""


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(check_command)
    from .admin.cli import badges_command, export_command, users_command
    app.cli.add_command(users_command)
    app.cli.add_command(export_command)
    app.cli.add_command(badges_command)
    app.cli.add_command(mail_group)
    app.cli.add_command(anonymize_command)


@click.command("demo")
def demo_command():
    """Load the demo events and invented participants (running it again changes nothing)."""
    from .demo import load_demo

    created = load_demo()
    db.session.commit()
    if created:
        click.echo("Demo events created: " + ", ".join(created))
    else:
        click.echo("Demo events already present; nothing changed.")


@click.command("check")
def check_command():
    """Verify seats and waiting lists against the bookings; exit 1 when an invariant is broken."""
    from .services.integrity import find_problems

    problems = find_problems()
    if problems:
        click.echo(f"{len(problems)} problem(s) found:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo("All seat counts and waiting lists are consistent.")


@click.command("anonymize")
def anonymize_command():
    """Erase personal data past its retention period (run daily, e.g. from a systemd timer)."""
    from .services.privacy import anonymise_expired

    result = anonymise_expired()
    db.session.commit()
    click.echo(f"Registrations erased: {result['registrations_erased']}; "
               f"delivered mails emptied: {result['mails_purged']}.")


@click.group("mail")
def mail_group():
    """The outbox."""


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep running as a worker.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls with --loop.")
def mail_send_command(loop, interval):
    """Deliver the mails that are due, then exit (or keep going with --loop)."""
    import signal
    import time

    from .services.mail_delivery import DeliveryReport, deliver_due

    stop = []
    if loop:
        for signum in (signal.SIGTERM, signal.SIGINT):  # finish the mail at hand, then stop
            signal.signal(signum, lambda number, _frame: stop.append(number))
    total = DeliveryReport()
    while not stop:
        report = deliver_due()
        handled = report.sent + report.retrying + report.failed
        total.sent += report.sent
        total.retrying += report.retrying
        total.failed += report.failed
        if loop and handled:
            click.echo(f"Mail: {report}")
        if handled:
            continue  # there may be more due: go on at once
        if not loop:
            break
        deadline = time.monotonic() + interval
        while not stop and time.monotonic() < deadline:
            time.sleep(min(0.5, max(deadline - time.monotonic(), 0)))
    if not loop:
        click.echo(f"Mail: {total}")

"""`cii-events mail ...`: the outbox."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.group("mail")
def mail_group():
    """The outbox."""


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep running as a worker.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls with --loop.")
@with_appcontext
def mail_send_command(loop, interval):
    """Queue the reminders that are due and deliver the mails that are due, then exit (or keep
    going with --loop)."""
    import signal
    import threading

    from flask import current_app

    from ..services.mail_delivery import deliver_due
    from ..services.mail_worker import one_round, run

    if loop:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):  # finish the mail at hand, then stop
            signal.signal(signum, lambda number, _frame: stop.set())
        run(current_app._get_current_object(), stop, interval=interval,
            on_report=lambda report: click.echo(f"Mail: {report}"))
        return
    total = one_round(current_app._get_current_object())  # the reminders that are due, then delivery
    while total.handled:
        report = deliver_due()
        total.add(report)
        if not report.handled:
            break
    click.echo(f"Mail: {total}")


@mail_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@with_appcontext
def mail_status_command(as_json):
    """Mails queued, being sent, sent, failed, bounced and cancelled, per event and kind.

    Exits 1 when mails have waited longer than 10 minutes or failed in the last 14 days.
    """
    import json

    from ..services.outbox import STATUSES, status_report

    report = status_report()
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        names = [status.value for status in STATUSES]
        click.echo(f"{'event / kind':<40}" + "".join(f"{name:>10}" for name in names))
        click.echo(f"{'all':<40}" + "".join(f"{report['totals'][name]:>10}" for name in names))
        for event in report["events"]:
            click.echo(f"{(event['event'] or '(no event)')[:40]:<40}"
                       + "".join(f"{event['totals'][name]:>10}" for name in names))
            for kind, counts in event["kinds"].items():
                click.echo(f"  {kind[:38]:<38}" + "".join(f"{counts[name]:>10}" for name in names))
        click.echo(f"Waiting longer than 10 minutes: {report['waiting_longer_than_10_minutes']}"
                   + (f" (oldest since {report['oldest_waiting_since']})" if report["oldest_waiting_since"]
                      else ""))
        click.echo(f"Failed or bounced in the last 14 days: {report['failed_last_14_days']}")
    if report["waiting_longer_than_10_minutes"] or report["failed_last_14_days"]:
        sys.exit(1)


@mail_group.command("remind")
@click.argument("event_slug", metavar="EVENT")
@click.option("--dry-run", is_flag=True, help="Show who would get a reminder; queue nothing.")
@with_appcontext
def mail_remind_command(event_slug, dry_run):
    """Queue the reminder of EVENT (its slug) for every confirmed participant who has none yet."""
    from sqlalchemy import select

    from ..database import begin_write
    from ..models import Event
    from ..services import reminders

    if not dry_run:
        db.session.rollback()
        begin_write()  # SQLite: take the write lock before reading anything
    query = select(Event).where(Event.slug == event_slug)
    event = db.session.scalars(query if dry_run else query.with_for_update()).first()
    if event is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    result = reminders.plan(event) if dry_run else reminders.queue(event)
    languages = ", ".join(f"{lang} {count}" for lang, count in result.by_language.items()) or "-"
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {len(result.people)} reminders would be queued for {event.slug} ({languages}).")
        for person in result.people:
            click.echo(f"  {person.reference}  {person.language}  {person.email}")
    else:
        db.session.commit()
        click.echo(f"{len(result.people)} reminders queued for {event.slug} ({languages}); "
                   "the mail worker sends them (`cii-events mail send`).")


def register(group: click.Group) -> None:
    group.add_command(mail_group)

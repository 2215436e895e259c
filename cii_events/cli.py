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
    app.cli.add_command(allocate_command)


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
    """Queue the reminders that are due and deliver the mails that are due, then exit (or keep
    going with --loop)."""
    import signal
    import threading

    from flask import current_app

    from .services.mail_delivery import deliver_due
    from .services.mail_worker import one_round, run

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
def mail_status_command(as_json):
    """Mails queued, being sent, sent, failed, bounced and cancelled, per event and kind.

    Exits 1 when mails have waited longer than 10 minutes or failed in the last 14 days.
    """
    import json

    from .services.outbox import STATUSES, status_report

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
def mail_remind_command(event_slug, dry_run):
    """Queue the reminder of EVENT (its slug) for every confirmed participant who has none yet."""
    from sqlalchemy import select

    from .database import begin_write
    from .models import Event
    from .services import reminders

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


def _serve(mail_worker, **options):
    """`flask run`, delivering mail in a thread while it serves (stopped with it)."""
    import os
    import signal

    from flask.cli import ScriptInfo, run_command as flask_run

    from .services.mail_worker import Worker

    context = click.get_current_context()
    app = context.ensure_object(ScriptInfo).load_app()
    if not app.config.get("BASE_URL"):  # mail links follow the port served on
        host = options["host"] if options["host"] not in ("0.0.0.0", "::", "") else "127.0.0.1"
        app.config["BASE_URL"] = f"http://{host}:{options['port']}"
    reloading = app.debug if options.get("reload") is None else options["reload"]
    worker = None
    if mail_worker and (not reloading or os.environ.get("WERKZEUG_RUN_MAIN") == "true"):
        signal.signal(signal.SIGTERM, _interrupt)  # stopped like Ctrl-C: the worker finishes its mail
        worker = Worker(app)
        worker.start()
        click.echo(f"Mail worker started: mail links start with {app.config['BASE_URL']}.")
    try:
        context.invoke(flask_run.callback, **options)
    finally:
        if worker is not None:
            worker.stop()


def _interrupt(_number, _frame):
    raise KeyboardInterrupt


def _run_command() -> click.Command:
    from flask.cli import run_command as flask_run

    option = click.Option(["--mail-worker/--no-mail-worker"], default=True, show_default=True,
                          help="Deliver mail (and queue due reminders) in a thread while serving.")
    return click.Command("run", callback=_serve, params=[*flask_run.params, option],
                         help="Run the development server; it delivers mail while it serves.",
                         short_help="Run the development server (and the mail worker).")


main.add_command(_run_command())


@click.command("allocate")
@click.argument("event_slug", metavar="EVENT")
@click.option("--dry-run", is_flag=True, help="Compute and show the allocation; store nothing.")
@click.option("--seed", type=click.IntRange(0, 2 ** 62), help="Tie-break seed (default: a new random one).")
@click.option("--publish", "publish_run", type=int, metavar="RUN",
              help="Publish the stored draft RUN: seats, waiting lists and mails.")
@click.option("--list", "list_runs", is_flag=True, help="List the allocation runs of the event.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def allocate_command(event_slug, dry_run, seed, publish_run, list_runs, as_json):
    """Allocate the workshops of a preferences-mode EVENT (give its slug).

    Without options, computes an allocation and keeps it as a draft for review; --publish RUN
    then turns that draft into seats and waiting lists and mails every participant.
    """
    import json

    from sqlalchemy import select

    from .database import begin_write
    from .i18n import language_locale
    from .models import Event
    from .services import allocation
    from .services.errors import DomainError

    if sum(map(bool, (dry_run, publish_run is not None, list_runs))) > 1:
        raise click.UsageError("--dry-run, --publish and --list exclude each other.")
    if publish_run is not None:
        begin_write()  # SQLite: take the write lock before reading anything
    event = db.session.scalars(select(Event).where(Event.slug == event_slug)).first()
    if event is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    try:
        if list_runs:
            _print_runs(event, allocation.runs(event))
        elif publish_run is not None:
            run = allocation.get_run(event, publish_run)
            if run is None:
                raise click.ClickException(f"No allocation run {publish_run} for {event_slug}.")
            report = allocation.publish(run)
            db.session.commit()
            click.echo(f"Published run {run.id} (seed {run.seed}): {report.seated} seats, "
                       f"{report.waiting} on waiting lists, {report.unplaced} without a workshop; "
                       f"{report.mailed} mails queued (`cii-events mail send` delivers them).")
        elif dry_run:
            outcome = allocation.compute(event, seed)
            click.echo(json.dumps(outcome.statistics, indent=2) if as_json
                       else _describe(event, outcome.seed, outcome.statistics, "dry run, nothing stored"))
        else:
            run = allocation.run(event, seed=seed)
            db.session.commit()
            click.echo(json.dumps(run.statistics, indent=2) if as_json
                       else _describe(event, run.seed, run.statistics, f"run {run.id}, draft"))
            if not as_json:
                click.echo(f"Review it, then publish it: cii-events allocate {event.slug} --publish {run.id}")
    except DomainError as error:
        db.session.rollback()
        with language_locale("en"):
            raise click.ClickException(str(error.message))


def _share(tally: dict) -> str:
    return "  ".join(f"{outcome} {tally[outcome]} ({tally['shares'][outcome]:.1%})"
                     for outcome in ("first", "second", "third", "fallback", "waiting", "unplaced"))


def _describe(event, seed: int, statistics: dict, what: str) -> str:
    codes = {w.id: w.code or str(w.id) for slot in event.slots for w in slot.workshops}
    titles = {slot.id: slot.title.get_text("en") for slot in event.slots}
    lines = [f"Allocation of {event.slug} with seed {seed} ({what}): "
             f"{statistics['participants']} participants",
             f"Overall: {_share(statistics['overall'])}"]
    for slot in statistics["slots"]:
        lines.append(f"Slot {titles.get(slot['slot_id'], slot['slot_id'])}: {_share(slot['overall'])}")
        lines.append("  workshop  seats  assigned  waiting  first choice of  fill")
        for row in slot["workshops"]:
            fill = "-" if row["fill"] is None else f"{row['fill']:.0%}"
            seats = "-" if row["seats"] is None else row["seats"]
            code = codes.get(row["workshop_id"], row["workshop_id"])
            lines.append(f"  {code:<8}  {seats!s:>5}  {row['assigned']:>8}  {row['waiting']:>7}  "
                         f"{row['first_choice_of']:>15}  {fill:>4}")
    for title, key in (("By correspondence language (a person counts once per slot)", "by_language"),
                       ("By canton (a person counts once per slot)", "by_canton")):
        lines.append(f"{title}:")
        lines += [f"  {name:<3} {tally['count']:>5}  {_share(tally)}"
                  for name, tally in statistics[key].items()]
    return "\n".join(lines)


def _print_runs(event, runs) -> None:
    if not runs:
        click.echo(f"No allocation run for {event.slug} yet.")
        return
    click.echo("run  status     seed        created (UTC)     by                first/second/third/fallback")
    for run in runs:
        objective = "/".join(str(n) for n in run.statistics.get("objective", []))
        click.echo(f"{run.id:<4} {run.status.value:<10} {run.seed:<11} {run.created_at:%Y-%m-%d %H:%M}  "
                   f"{run.created_by[:16]:<16}  {objective}")

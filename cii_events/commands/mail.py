"""`cii-events mail ...`: the outbox."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("mail")
def mail_group():
    """The outbox."""


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep running as a worker.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls with --loop.")
@with_appcontext
def mail_send_command(loop, interval):
    """Deliver the mails that are due, then exit (or keep going with --loop)."""
    import signal
    import time

    from ..services.mail_delivery import DeliveryReport, deliver_due

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


def register(group: click.Group) -> None:
    group.add_command(mail_group)
